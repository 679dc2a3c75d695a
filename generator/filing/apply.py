"""Merging a proposal into the data folder without touching what staff wrote.

The YAML is edited as text, not re-dumped, so that every comment and every entry staff
wrote stays where it was: new documents are inserted at the end of their item's
`documents:` list (or a list is added to the item, or the item to `items:`). The result
is read back and compared with the file before; if anything staff wrote went missing,
nothing is written. Attachments are copied, never moved, never over a different file, and
only for the entries added; the file's line ends (CRLF or LF) are kept.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .propose import Proposal, entry
from .read import os_error_text


@dataclass
class Outcome:
    added: list[tuple[str, str]] = field(default_factory=list)     # (item key, title)
    kept: list[tuple[str, str]] = field(default_factory=list)      # already listed: left as it was
    copied: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)   # (proposed, given) on a name clash
    problems: list[str] = field(default_factory=list)


@dataclass
class Planned:
    """One document to add: its file in the folder, the item(s) it goes to, and its entry."""
    source: Path
    keys: list[str]
    record: dict          # title, date, period or fiscal_year, file (files/<year>/…)

    @property
    def title(self) -> str:
        return str(self.record.get("title", ""))


def planned_from(proposal: Proposal) -> list[Planned]:
    return [Planned(filing.source, [item.key for item in filing.items], entry(filing)) for filing in proposal.filed]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listed_documents(data: dict | None) -> dict[str, list[dict]]:
    items = (data or {}).get("items") or {}
    return {key: list((value or {}).get("documents") or []) for key, value in items.items() if isinstance(value, dict)}


def _same_fields(document: dict, record: dict) -> bool:
    """Same title, date and time covered: the same document entered by hand (a monthly form
    titled like last month's has another period, so it is another document)."""
    def shown(value) -> str:
        return " ".join(str(value).split()) if value is not None else ""
    return all(shown(document.get(name)) == shown(record.get(name)) for name in ("title", "date", "period", "fiscal_year"))


def _already_listed(plan: Planned, key: str, listed: dict[str, list[dict]], data_dir: Path,
                    digests: dict[str, str]) -> bool:
    """The same file (by content) or an entry with the same title, date and period is already an
    entry of that item."""
    mine = _digest(plan.source)
    for document in listed.get(key, []):
        if not isinstance(document, dict):
            continue
        if _same_fields(document, plan.record):
            return True
        attached = document.get("file")
        if isinstance(attached, str):
            path = data_dir / attached
            if path.is_file():
                digests.setdefault(attached, _digest(path))
                if digests[attached] == mine:
                    return True
    return False


def _target(plan: Planned, data_dir: Path, reserved: dict[str, str], outcome: Outcome) -> str:
    """Where the document's copy goes: its proposed path, or a new name when a different file is
    there already (on disk or given to another document of this run). Nothing is copied yet."""
    wanted = str(plan.record["file"])
    mine = _digest(plan.source)
    given, number = wanted, 2
    while True:
        target = data_dir / given
        other = reserved.get(given)
        if other is not None:
            if other == mine:
                break
        elif not target.exists() or (target.is_file() and _digest(target) == mine):
            break
        given = (Path(wanted).parent / f"{Path(wanted).stem}-{number}{Path(wanted).suffix}").as_posix()
        number += 1
    if given != wanted and (wanted, given) not in outcome.renamed:
        outcome.renamed.append((wanted, given))
    reserved[given] = mine
    return given


def _entry_text(record: dict, indent: int) -> list[str]:
    dumped = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    return [" " * indent + line for line in dumped.rstrip("\n").split("\n")]


def _meaningful(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_end(lines: list[str], start: int, indent: int, list_at_same_indent: bool = False) -> int:
    """The index after the last line that belongs to the block opened at `start` (by indentation;
    a list may also start at the key's own indentation), leaving trailing blank and comment
    lines to whatever follows."""
    end = start + 1
    last = start
    while end < len(lines):
        if _meaningful(lines[end]):
            same_level_item = (list_at_same_indent and _indent(lines[end]) == indent
                               and lines[end].lstrip().startswith("- "))
            if _indent(lines[end]) <= indent and not same_level_item:
                break
            last = end
        end += 1
    return last + 1


def _find_key(lines: list[str], start: int, stop: int, key: str, indent: int) -> int | None:
    pattern = re.compile(rf"^ {{{indent}}}{re.escape(key)}\s*:(.*)$")
    for index in range(start, stop):
        if pattern.match(lines[index]) and _meaningful(lines[index]):
            return index
    return None


def insert_documents(text: str, key: str, records: list[dict]) -> str | None:
    """oit/<year>.yaml with `records` appended to item `key`'s documents; None when the file
    is written in a shape this cannot edit safely (the proposal file then says what to add)."""
    lines = text.split("\n")
    items_at = _find_key(lines, 0, len(lines), "items", 0)
    if items_at is None:
        lines += ["items:"] if text.strip() else ["items:"]
        items_at = len(lines) - 1
    elif lines[items_at].split(":", 1)[1].strip() not in ("", "{}"):
        return None
    if lines[items_at].split(":", 1)[1].strip() == "{}":
        lines[items_at] = "items:"
    items_end = _block_end(lines, items_at, 0)
    item_indent = next((_indent(l) for l in lines[items_at + 1:items_end] if _meaningful(l)), 2)
    item_at = _find_key(lines, items_at + 1, items_end, key, item_indent)
    if item_at is None:
        block = [" " * item_indent + f"{key}:", " " * (item_indent * 2) + "documents:"]
        block += [line for record in records for line in _entry_text(record, item_indent * 3)]
        lines[items_end:items_end] = block
        return "\n".join(lines)
    if lines[item_at].split(":", 1)[1].split("#")[0].strip() not in ("", "{}"):
        return None
    item_end = _block_end(lines, item_at, item_indent)
    field_indent = next((_indent(l) for l in lines[item_at + 1:item_end] if _meaningful(l)), item_indent * 2)
    if lines[item_at].split(":", 1)[1].split("#")[0].strip() == "{}":
        lines[item_at] = " " * item_indent + f"{key}:"
    docs_at = _find_key(lines, item_at + 1, item_end, "documents", field_indent)
    if docs_at is None:
        block = [" " * field_indent + "documents:"]
        block += [line for record in records for line in _entry_text(record, field_indent + 2)]
        lines[item_end:item_end] = block
        return "\n".join(lines)
    rest = lines[docs_at].split(":", 1)[1].split("#")[0].strip()
    if rest == "[]":
        lines[docs_at] = " " * field_indent + "documents:"
    elif rest:
        return None
    docs_end = _block_end(lines, docs_at, field_indent, list_at_same_indent=True)
    dash = next((_indent(l) for l in lines[docs_at + 1:docs_end] if l.strip().startswith("- ")), field_indent + 2)
    lines[docs_end:docs_end] = [line for record in records for line in _entry_text(record, dash)]
    return "\n".join(lines)


def _nothing_lost(before: dict | None, after: dict | None) -> bool:
    """Every item and every entry of every list staff wrote is still there, unchanged."""
    if not isinstance(after, dict):
        return False
    for key, value in (before or {}).items():
        if key == "items":
            continue
        if after.get(key) != value:
            return False
    old_items, new_items = (before or {}).get("items") or {}, after.get("items") or {}
    for key, old in old_items.items():
        new = new_items.get(key)
        if not isinstance(old, dict):
            if new != old:
                return False
            continue
        if not isinstance(new, dict):
            return False
        for field_name, value in old.items():
            if field_name == "documents":
                if (new.get("documents") or [])[:len(value or [])] != list(value or []):
                    return False
            elif new.get(field_name) != value:
                return False
    return True


def _read_oit(oit_file: Path, year: int) -> tuple[str, str, bytes]:
    """The file's text with "\n" line ends, the line end it uses, and its byte-order mark."""
    if not oit_file.is_file():
        return f"ita_year: {year}\n\nitems:\n", "\n", b""
    raw = oit_file.read_bytes()
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    text = raw[len(bom):].decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n"), newline, bom


def apply(proposal: Proposal | list[Planned], data_dir: Path, year: int | None = None) -> Outcome:
    """Add the documents to oit/<year>.yaml and copy each added one into files/<year>/."""
    planned = planned_from(proposal) if isinstance(proposal, Proposal) else proposal
    year = proposal.year if isinstance(proposal, Proposal) else year
    outcome = Outcome()
    oit_file = data_dir / "oit" / f"{year}.yaml"
    try:
        original, newline, bom = _read_oit(oit_file, year)
        before = yaml.safe_load(original) or {}
    except (UnicodeDecodeError, yaml.YAMLError):
        outcome.problems.append(f"{oit_file}: อ่านไฟล์ไม่ได้ (YAML ผิดรูปแบบหรือไม่ใช่ UTF-8) จึงไม่ได้เพิ่มเอกสาร ให้แก้ไฟล์ก่อน")
        return outcome
    except OSError as exc:
        outcome.problems.append(f"{oit_file}: อ่านไฟล์ไม่ได้ ({os_error_text(exc)})")
        return outcome
    listed = listed_documents(before)
    digests: dict[str, str] = {}
    reserved: dict[str, str] = {}
    copies: dict[str, Path] = {}   # files/<year>/… → the document, copied only once its entry is in
    text = original
    for plan in planned:
        placed = ""
        for key in plan.keys:
            if _already_listed(plan, key, listed, data_dir, digests):
                outcome.kept.append((key, plan.title))
                continue
            record = dict(plan.record)
            record["file"] = placed or _target(plan, data_dir, reserved, outcome)
            merged = insert_documents(text, key, [record])
            if merged is None:
                outcome.problems.append(f"{oit_file}: ข้อ {key} เขียนในรูปแบบที่เพิ่มเอกสารอัตโนมัติไม่ได้ "
                                        f"ให้เพิ่มเอกสาร '{plan.title}' เอง (ดูไฟล์ข้อเสนอ)")
                continue
            placed = record["file"]
            copies[placed] = plan.source
            text = merged
            outcome.added.append((key, plan.title))
    if text == original:
        return outcome
    try:
        after = yaml.safe_load(text)
    except yaml.YAMLError:
        after = None
    if not _nothing_lost(before, after):
        outcome.problems.append(f"{oit_file}: การเพิ่มเอกสารจะทำให้ข้อมูลเดิมเปลี่ยน จึงไม่ได้แก้ไฟล์ "
                                "ให้เพิ่มเอกสารตามไฟล์ข้อเสนอเอง")
        outcome.added.clear()
        return outcome
    try:
        _copy(copies, data_dir, outcome)
        oit_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = oit_file.with_name(oit_file.name + ".prongsai-tmp")
        with temporary.open("w", encoding="utf-8", newline=newline) as out:
            if bom:
                out.write("\ufeff")
            out.write(text if text.endswith("\n") else text + "\n")
        temporary.replace(oit_file)
    except OSError as exc:
        for copied in outcome.copied:   # only the copies made just now
            (data_dir / copied).unlink(missing_ok=True)
        outcome.problems.append(f"{oit_file}: เขียนไฟล์ไม่ได้ ({os_error_text(exc)}) จึงไม่ได้เพิ่มเอกสาร")
        outcome.added.clear()
        outcome.copied.clear()
    return outcome


def _copy(copies: dict[str, Path], data_dir: Path, outcome: Outcome) -> None:
    """Copy (never move) each added document; a file already there has the same bytes."""
    for given, source in copies.items():
        target = data_dir / given
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        outcome.copied.append(given)
