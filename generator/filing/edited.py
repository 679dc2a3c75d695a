"""The proposal file as staff left it: whether they changed it, and what it asks to add.

`prongsai file DIR` writes the proposal with a check line (a digest of what was written), so
that an edited proposal is known: it is never overwritten, and `--apply` adds what it says
(an item changed, an item given to a document that could not be placed) rather than filing
the folder again. Every entry is checked first (the item exists in the year's catalogue, the
document is in the folder, it has a title); one wrong entry stops the whole apply, so that
nothing is added half.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import yaml

from .. import thai
from ..catalogue import Catalogue, CatalogueItem
from .apply import Planned
from .propose import attachment_name

CHECK_LABEL = "ตรวจการแก้ไข"
_CHECK_LINE = re.compile(rf"^# {CHECK_LABEL}: ([0-9a-f]{{16}})\b.*\n", re.MULTILINE)
_TIME_FIELDS = ("date", "period", "fiscal_year")


def _digest(body: str) -> str:
    return hashlib.sha256(body.replace("\r\n", "\n").encode("utf-8")).hexdigest()[:16]


def with_check_line(text: str) -> str:
    """The proposal text with a header line that lets a later run tell whether it was edited."""
    body = text
    return f"# {CHECK_LABEL}: {_digest(body)} (บรรทัดนี้ให้โปรแกรมรู้ว่าไฟล์ถูกแก้ไขหรือไม่ ไม่ต้องแก้)\n" + body


def is_edited(text: str) -> bool:
    found = _CHECK_LINE.search(text)
    if not found:
        return True
    return _digest(text[:found.start()] + text[found.end():]) != found.group(1)


def _line_numbers(text: str) -> dict[tuple[str, int], tuple[int, dict[str, int]]]:
    """(list name, index) → (the entry's line, each field's line), for `file:line: field:` messages."""
    found: dict[tuple[str, int], tuple[int, dict[str, int]]] = {}
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return found
    if not isinstance(root, yaml.MappingNode):
        return found
    for key_node, value_node in root.value:
        if not isinstance(value_node, yaml.SequenceNode):
            continue
        for index, entry in enumerate(value_node.value):
            fields = {k.value: k.start_mark.line + 1 for k, _ in entry.value} if isinstance(entry, yaml.MappingNode) else {}
            found[(key_node.value, index)] = (entry.start_mark.line + 1, fields)
    return found


def _item(value, catalogue: Catalogue) -> CatalogueItem | None:
    """An item by its key ("news") or its code as staff write it ("O5", "o5")."""
    wanted = thai.to_arabic_digits(str(value)).strip()
    for item in catalogue.items:
        if wanted == item.key or wanted.lower() == item.code.lower():
            return item
    return None


def _shown_time(value) -> str | int:
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value:%m-%d}"   # YAML reads 2569-01-01 as a date: keep it as written
    return value if isinstance(value, int) else str(value).strip()


class ProposalFile:
    """Reads the proposal file into documents to add, collecting every problem."""

    def __init__(self, path: Path, folder: Path, catalogue: Catalogue, taken: set[str]):
        self.path, self.folder, self.catalogue = path, folder, catalogue
        self.year = catalogue.ita_year
        self.used = set(taken)
        self.given: set[str] = set()
        self.problems: list[str] = []
        self.planned: list[Planned] = []
        self.sources: set[str] = set()

    def problem(self, line: int, field: str, message: str) -> None:
        self.problems.append(f"{self.path}:{line}: {field}: {message}")

    def read(self) -> "ProposalFile":
        try:
            text = self.path.read_text(encoding="utf-8")
            data = yaml.safe_load(text)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            self.problem(1, "-", "อ่านไฟล์ข้อเสนอไม่ได้ (YAML ผิดรูปแบบ) ให้แก้ หรือลบไฟล์นี้แล้วสั่งใหม่เพื่อเสนอใหม่")
            return self
        if not isinstance(data, dict):
            self.problem(1, "-", "ไฟล์ข้อเสนอไม่อยู่ในรูปแบบที่โปรแกรมเขียน ให้ลบไฟล์นี้แล้วสั่งใหม่เพื่อเสนอใหม่")
            return self
        if data.get("ita_year") not in (None, self.year):
            self.problem(1, "ita_year", f"ไฟล์ข้อเสนอเป็นของปี {data.get('ita_year')} ไม่ใช่ปี {self.year} ที่สั่ง")
            return self
        lines = _line_numbers(text)
        for list_name in ("duplicates", "not_read"):   # listed, nothing to add
            for entry in data.get(list_name) or [] if isinstance(data.get(list_name), list) else []:
                if isinstance(entry, dict) and entry.get("source"):
                    self.sources.add(str(entry["source"]))
        for list_name in ("documents", "unplaced"):
            entries = data.get(list_name) or []
            for index, entry in enumerate(entries if isinstance(entries, list) else []):
                line, fields = lines.get((list_name, index), (1, {}))
                if isinstance(entry, dict):
                    self._entry(entry, line, fields)
        return self

    def _entry(self, entry: dict, line: int, fields: dict[str, int]) -> None:
        source = str(entry.get("source") or "").strip()
        if source:
            self.sources.add(source)
        if entry.get("item") in (None, ""):
            return   # not placed (or taken out by staff): nothing to add
        where = lambda name: fields.get(name, line)  # noqa: E731
        items = [_item(entry["item"], self.catalogue)] + [_item(k, self.catalogue) for k in entry.get("also") or []]
        wrong = [str(v) for v, i in zip([entry["item"], *(entry.get("also") or [])], items) if i is None]
        if wrong:
            self.problem(where("item"), "item", f"ไม่มีข้อ '{wrong[0]}' ในบัญชีรายการ OIT ปี {self.year} "
                                                "ให้ใช้ชื่อข้อ (เช่น news) หรือรหัสข้อ (เช่น O5)")
            return
        path = self.folder / source
        if not source or not path.is_file():
            self.problem(where("source"), "source", f"ไม่พบไฟล์ '{source}' ในโฟลเดอร์ {self.folder}")
            return
        title = str(entry.get("title") or "").strip()
        if not title:
            self.problem(where("title"), "title", "ต้องมีชื่อเอกสาร")
            return
        record: dict = {"title": title}
        for name in _TIME_FIELDS:
            if entry.get(name) not in (None, ""):
                record[name] = _shown_time(entry[name])
        record["file"] = self._file(entry, items[0], path, where)
        if record["file"]:
            self.planned.append(Planned(path, [item.key for item in items], record))

    def _file(self, entry: dict, item: CatalogueItem, path: Path, where) -> str:
        """The proposed attachment path; a new one when staff moved the document to another item."""
        given = str(entry.get("file") or "").strip()
        folder = f"files/{self.year}/"
        if given and (not given.startswith(folder) or ".." in given or "/" in given[len(folder):]):
            self.problem(where("file"), "file", f"ไฟล์แนบต้องอยู่ใต้ {folder} (เช่น {folder}{item.slug}-ชื่อ.pdf)")
            return ""
        # a name taken on disk is fine here: apply copies next to a different file under a new name
        if given and Path(given).name.startswith(f"{item.slug}-") and given not in self.given:
            self.given.add(given)
            self.used.add(given)
            return given
        day = None
        try:
            day = thai.parse_date(str(_shown_time(entry["date"]))) if entry.get("date") else None
        except thai.ParseError:
            self.problem(where("date"), "date", f"'{entry['date']}' ไม่ใช่วันที่ เช่น 2569-01-15")
            return ""
        fiscal_year = entry.get("fiscal_year") if isinstance(entry.get("fiscal_year"), int) else None
        chosen = attachment_name(item.slug, path, day, fiscal_year, self.year, self.used)
        self.used.add(chosen)
        self.given.add(chosen)
        return chosen
