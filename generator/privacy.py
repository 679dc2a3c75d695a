"""The personal-data guard (PDPA B.E. 2562): nothing that identifies a person
may reach the public site by mistake.

Before anything is published, every text value of the data files and the text
of every attachment the site publishes is scanned for

* Thai national ID numbers: 13 digits with a valid check digit, written with or
  without dashes or spaces, in Thai (๐–๙) or Arabic digits or a mix;
* phone numbers and e-mail addresses that are not the organisation's official
  contacts.

Each finding is an ERROR, reported as `file:line: field: message` with the value
masked (an ID number is never printed in full), so both `prongsai validate`
and `prongsai build` refuse to publish it. A value is allowed when it is

* a phone, fax or e-mail under `contacts:` in organisation.yaml,
* the phone or e-mail of a person under `executives:` (their office contacts,
  published by design), or
* listed in site.yaml under `allowed_personal_data` with a `reason`.

docs/safety.md explains this to LAO staff.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import io
import re
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath

import yaml

from .problems import Problems

# --- normalisation ----------------------------------------------------------------------------

# Characters that are invisible or that only split a number visually: removed before scanning
# (so that "1\u200b234…" cannot hide a number). Keep this list in sync with docs/safety.md.
# Every format character (Unicode category Cf: zero-width spaces and joiners, direction marks and
# overrides, the soft hyphen, the BOM …) is invisible, so all of them go. The table is built on the
# first scan (a walk over the Basic Multilingual Plane), not when the program starts.
@functools.cache
def _invisible() -> dict[int, None]:
    return dict.fromkeys((cp for cp in range(0x10000) if unicodedata.category(chr(cp)) == "Cf"), None)


_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


_SEPARATORS = {ord(c): "-" for c in _DASHES} | {ord(c): " " for c in _SPACES} | \
    {ord(c): "@" for c in "\uff20\ufe6b"} | {ord(c): "." for c in "\uff0e\u3002"}     # fullwidth ＠ and ．
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # any Unicode decimal digit but ASCII: ๐–๙, ٠–٩, ０–９ …


def normalise(text: str) -> str:
    """Text with ASCII digits, plain dashes and spaces, and no invisible characters.
    Every character but the invisible ones keeps its place."""
    text = text.translate(_invisible()).translate(_SEPARATORS)
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.digit(m.group())), text)


# --- what a personal value looks like -----------------------------------------------------------

# A run of digit groups joined by spaces, or by a dash, dot, slash or underscore (with spaces
# around it): where ID numbers are looked for. A tab, a comma or a line break ends a run.
_SEP = r"(?: {0,2}[-./_] {0,2}| {1,2})"
RUN_RE = re.compile(rf"(?<![0-9])[0-9]+(?:{_SEP}[0-9]+)*")
OFFICIAL_GROUPS = [1, 4, 5, 2, 1]
_NOT_ID_BEFORE = re.compile(r"ISBN(?:-?13)?\s*:?\s*$", re.IGNORECASE)  # 1-2345-67890-12-3


def _id_candidates(run: re.Match):
    """(digits, start) of the ID numbers a run of digit groups may hold: the whole run
    when it has 13 digits in at most 5 groups (1-2345-67890-12-3, 1234 5678 90123 …),
    else each 13-digit group and each 1-4-5-2-1 sequence (ID numbers listed side by side)."""
    groups = [(m.group(), run.start() + m.start()) for m in re.finditer(r"[0-9]+", run.group())]
    lengths = [len(g) for g, _ in groups]
    if sum(lengths) == 13 and len(groups) <= 5 and all(n >= 2 for n in lengths[1:-1]):
        yield "".join(g for g, _ in groups), run.start()
        return
    index = 0
    while index < len(groups):
        if lengths[index] == 13:
            yield groups[index]
            index += 1
        elif lengths[index:index + 5] == OFFICIAL_GROUPS:
            yield "".join(g for g, _ in groups[index:index + 5]), groups[index][1]
            index += 5
        else:
            index += 1


# Thai phone numbers: 0 + 8 digits (landline) or 0 + 9 digits (mobile), or +66 / 66 without
# the leading 0; digits may be grouped with spaces, dashes, dots or brackets.
_PSEP = r"[ .()-]{0,2}"
# A number right before or after it ("บ้านเลขที่ 12 081-234-5678", "0812345678 3 ครั้ง") does not
# stop a phone number; a digit touching it does (it is then part of a longer number).
PHONE_RE = re.compile(
    rf"(?<![0-9A-Za-z+])(?:\+ ?66{_PSEP}(?:\(0\))?|0){_PSEP}[0-9](?:{_PSEP}[0-9]){{7,8}}(?![0-9])"
)

# Addresses in Thai too (สมชาย@ตัวอย่าง.ไทย): letters of either script in the name and the domain.
_EMAIL_CHAR = r"A-Za-z0-9\u0E01-\u0E4E"
EMAIL_RE = re.compile(rf"(?<![{_EMAIL_CHAR}._%+-])[{_EMAIL_CHAR}._%+-]+@(?:[{_EMAIL_CHAR}-]+\.)+"
                      rf"(?:[A-Za-z]{{2,}}|[\u0E01-\u0E4E]{{2,}})(?![{_EMAIL_CHAR}-])")

# An extension written after a number: "044-000-100 ต่อ 101" is the number 044000100.
_EXTENSION_RE = re.compile(r"\s*(?:ต่อ|#|ext\.?|x)\s*[0-9,\s-]*$", re.IGNORECASE)


def id_check_digit(first12: str) -> int:
    """The 13th digit of a Thai national ID number."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return (11 - total % 11) % 10


def is_national_id(digits: str) -> bool:
    return len(digits) == 13 and digits.isdigit() and id_check_digit(digits[:12]) == int(digits[12])


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def phone_key(text: str) -> str:
    """One spelling of a phone number: national digits, no extension (+66 81… → 081…)."""
    text = _EXTENSION_RE.sub("", normalise(str(text)))
    digits = _digits(text)
    if digits.startswith("66") and (text.lstrip().startswith("+") or len(digits) in (10, 11)):
        digits = "0" + digits[2:].lstrip("0")
    return digits


def email_key(text: str) -> str:
    return str(text).strip().lower().removeprefix("mailto:")


def mask_id(digits: str) -> str:
    """1-2xxx-xxxxx-x1-1: enough to find the number, never the number."""
    return f"{digits[0]}-{digits[1]}xxx-xxxxx-x{digits[11]}-{digits[12]}"


def mask_phone(digits: str) -> str:
    return digits[:3] + "x" * max(0, len(digits) - 5) + digits[-2:]


def mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:2]}{'*' * max(3, len(local) - 2)}@{domain}"


@dataclasses.dataclass(frozen=True)
class Finding:
    kind: str     # "id", "phone", "email"
    key: str      # normalised value (never printed)
    masked: str
    offset: int   # position in the scanned text

    def message(self) -> str:
        allow = ("ให้ลบออก หรือถ้าต้องเผยแพร่จริง ให้เพิ่มใน site.yaml ช่อง allowed_personal_data "
                 "(value: ค่านี้ และ reason: เหตุผลที่เผยแพร่ได้)")
        if self.kind == "id":
            hint = (" (ขึ้นต้นด้วย 0 อาจเป็นเลขประจำตัวผู้เสียภาษีของนิติบุคคล)" if self.key.startswith("0") else "")
            return (f"พบเลขประจำตัวประชาชน {self.masked}{hint} ซึ่งเป็นข้อมูลส่วนบุคคลตาม พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล "
                    f"ห้ามเผยแพร่: {allow}")
        what = "หมายเลขโทรศัพท์" if self.kind == "phone" else "อีเมล"
        return (f"พบ{what} {self.masked} ซึ่งไม่ใช่ช่องทางติดต่อทางการของหน่วยงาน (contacts ใน organisation.yaml) "
                f"อาจเป็นข้อมูลส่วนบุคคล: {allow} ถ้าเป็นช่องทางของหน่วยงาน ให้เพิ่มใน contacts")


# Nothing personal can be in a text without "@" or nine digits close together: most
# values are skipped with one search.
_MAYBE = re.compile(r"@|\d(?:\D{0,3}\d){8}")


def find_personal_data(text: str) -> list[Finding]:
    """Every ID number, phone number and e-mail address in a text, in order."""
    text = normalise(str(text))      # first: invisible characters between digits would hide them
    if not _MAYBE.search(text):
        return []
    findings: list[Finding] = []
    id_spans: list[tuple[int, int]] = []
    for run in RUN_RE.finditer(text):
        if _NOT_ID_BEFORE.search(text, max(0, run.start() - 16), run.start()):
            continue  # a book number (ISBN-13 has 13 digits too)
        for digits, start in _id_candidates(run):
            if is_national_id(digits):
                findings.append(Finding("id", digits, mask_id(digits), start))
                id_spans.append(run.span())
    for match in PHONE_RE.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in id_spans):
            continue
        key = phone_key(match.group())
        findings.append(Finding("phone", key, mask_phone(key), match.start()))
    for match in EMAIL_RE.finditer(text):
        address = match.group()
        findings.append(Finding("email", email_key(address), mask_email(address), match.start()))
    return sorted(findings, key=lambda f: f.offset)


# --- what is allowed ----------------------------------------------------------------------------

def allowed_keys(model) -> set[str]:
    """Normalised values that may be published: official contacts, executives' office
    contacts and site.yaml's allowed_personal_data."""
    keys: set[str] = set()
    organisation = model.organisation
    contacts = organisation.contacts
    phones = list(contacts.phone) + list(contacts.fax)
    emails = list(contacts.email)
    for person in [*organisation.political, *organisation.permanent, *organisation.council]:
        if person.phone:
            phones.append(person.phone)
        if person.email:
            emails.append(person.email)
    keys.update(phone_key(p) for p in phones)
    keys.update(email_key(e) for e in emails)
    for entry in model.site.allowed_personal_data or []:
        value = str(entry.get("value", "")) if isinstance(entry, dict) else str(entry)
        keys.update(_allowed_value_keys(value))
    keys.discard("")
    return keys


def _allowed_value_keys(value: str) -> set[str]:
    """An allowed value may be written in any spelling: an ID, a phone or an e-mail."""
    keys = {email_key(value)} if "@" in value else set()
    for finding in find_personal_data(value):
        keys.add(finding.key)
    digits = _digits(normalise(value))
    if digits:
        keys.add(digits)
        keys.add(phone_key(value))
    return keys


# --- scanning the data files --------------------------------------------------------------------

# The files whose text is published (site.yaml is settings, not published text).
def data_files(root: Path) -> list[Path]:
    files = [root / name for name in ("organisation.yaml", "plan.yaml")]
    for folder in ("measures", "oit"):
        if (root / folder).is_dir():
            files += sorted((root / folder).glob("*.y*ml"))
    return [path for path in files if path.is_file()]


# libyaml's composer recurses in C: deeply nested flow collections ("[[[[…") overflow the
# stack and kill the process. Only texts that cannot nest that deep go to it.
MAX_BRACKETS_FOR_LIBYAML = 5000


def _loader(text: str):
    if text.count("[") + text.count("{") < MAX_BRACKETS_FOR_LIBYAML:
        return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.SafeLoader  # pure Python: too deep raises RecursionError, which is caught


def yaml_scalars(text: str):
    """(field path, line, value) of every scalar value in a YAML text; nothing if it does
    not parse (the loader has already reported that)."""
    try:
        root = yaml.compose(text, Loader=_loader(text))
    except (yaml.YAMLError, ValueError, RecursionError):
        return
    if root is None:
        return
    seen: set[int] = set()
    stack = [(root, "")]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue  # an alias: its text was scanned where it was defined
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            line = node.start_mark.line + 1 + (1 if node.style in ("|", ">") else 0)
            yield path or "-", line, node.value, node.style == "|"
        elif isinstance(node, yaml.SequenceNode):
            for index, child in reversed(list(enumerate(node.value))):
                stack.append((child, f"{path}[{index}]"))
        elif isinstance(node, yaml.MappingNode):
            for key, child in reversed(node.value):
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                stack.append((child, f"{path}.{name}" if path else str(name)))


_file_cache: dict[bytes, list] = {}


def _file_findings(raw: bytes) -> list[tuple[str, int, Finding]]:
    """(field path, line, finding) of every personal value in a YAML file's bytes; the
    same bytes are scanned once per process (`prongsai serve` rebuilds on every change)."""
    if raw in _file_cache:
        return _file_cache[raw]
    found = []
    for field_path, line, value, literal in yaml_scalars(raw.decode("utf-8-sig", errors="replace")):
        for finding in find_personal_data(value):
            where = line + (value[:finding.offset].count("\n") if literal else 0)
            found.append((field_path, where, finding))
    if len(_file_cache) > 64:
        _file_cache.clear()
    _file_cache[raw] = found
    return found


def findings_in_yaml(raw: bytes) -> list[tuple[str, int, Finding]]:
    """(field path, line, finding) of every personal value in a YAML file's bytes."""
    return list(_file_findings(raw))


def scan_text(text: str, allowed: set[str], report) -> None:
    for finding in find_personal_data(text):
        if finding.key not in allowed:
            report(finding)


def scan(model, problems: Problems) -> None:
    """The guard: record an ERROR for every personal value in the data and the published
    attachments that is not explicitly allowed."""
    if model is None:
        return
    from .load import display_path

    root = Path(model.data_root)
    allowed = allowed_keys(model)
    for path in data_files(root):
        try:
            raw = path.read_bytes()
        except OSError:
            continue  # the loader has reported it
        shown = None
        for field_path, line, finding in _file_findings(raw):
            if finding.key not in allowed:
                shown = shown or display_path(root, path)
                problems.error(shown, line, field_path, finding.message())
    for relative, path in sorted(_published_attachments(model).items()):
        shown = display_path(root, path)
        scan_attachment(path, shown, allowed, problems)


def _published_attachments(model) -> dict[str, Path]:
    from .pipeline import collect_attachments

    return collect_attachments(model)


# --- attachments' text --------------------------------------------------------------------------

MAX_EXTRACT_CHARS = 5_000_000
MAX_ZIP_MEMBER_BYTES = 50 * 1024 * 1024
_cache: dict[tuple, list] = {}


def scan_attachment(path: Path, shown: str, allowed: set[str], problems: Problems) -> None:
    try:
        stat = path.stat()
    except OSError:
        return  # files.check_attachment has reported it
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _cache:
        if len(_cache) > 256:
            _cache.clear()
        _cache[key] = list(extract_text(path))
    for location, line, text in _cache[key]:
        if location == "!":  # the file could not be read
            problems.warning(shown, None, "-", text)
            continue

        def report(finding, location=location, line=line, text=text):
            problems.error(shown, line, location, finding.message())

        scan_text(text, allowed, report)


def extract_text(path: Path):
    """(location, line, text) pieces of an attachment's text; ("!", None, message) when the
    file cannot be read. Images and old Office files have no text to scan."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            yield from _pdf_text(path)
        elif suffix in (".xlsx", ".xlsm"):
            yield from _xlsx_text(path)
            yield from _office_xml_text(path)     # comments, headers and footers, file properties
        elif suffix in (".docx", ".pptx", ".odt", ".ods", ".odp"):
            yield from _office_xml_text(path)
        elif suffix in (".xls", ".doc"):
            yield "!", None, ("ตรวจข้อมูลส่วนบุคคลในไฟล์ Office รุ่นเก่า (.xls/.doc) ไม่ได้ "
                              "ให้บันทึกเป็น .xlsx/.docx หรือ PDF หรือตรวจด้วยตนเองก่อนเผยแพร่")
        elif suffix in (".txt", ".csv"):
            text = path.read_bytes()[:MAX_EXTRACT_CHARS].decode("utf-8", errors="replace")
            for number, line in enumerate(text.splitlines(), 1):
                yield "-", number, line
    except Exception as exc:  # a broken file must not stop the build: say it could not be checked
        yield "!", None, (f"อ่านข้อความในไฟล์ไม่ได้ ({type(exc).__name__}) จึงตรวจข้อมูลส่วนบุคคลในไฟล์นี้ไม่ได้ "
                          "ให้ตรวจด้วยตนเองก่อนเผยแพร่ หรือส่งออกไฟล์ใหม่")


def _pdf_text(path: Path):
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # broken PDFs: we report, not pypdf
    reader = PdfReader(str(path), strict=False)
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:
            raise ValueError("encrypted") from None
    total = 0
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text() or ""
        total += len(text)
        yield f"หน้า {number}", number, text
        if total > MAX_EXTRACT_CHARS:
            break
    metadata = reader.metadata or {}
    values = " ".join(str(v) for v in metadata.values() if isinstance(v, str))
    if values:
        yield "ข้อมูลกำกับไฟล์ (metadata)", None, values


def _xlsx_text(path: Path):
    from openpyxl import load_workbook

    workbook = load_workbook(str(path), read_only=True, data_only=True)
    try:
        total = 0
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is None:
                        continue
                    text = str(cell.value)
                    total += len(text)
                    coordinate = getattr(cell, "coordinate", None) or f"R{getattr(cell, 'row', '?')}"
                    yield f"{sheet.title}!{coordinate}", getattr(cell, "row", None), text
                    if total > MAX_EXTRACT_CHARS:
                        return
    finally:
        workbook.close()


# The parts of Office files people read: the text, notes, comments, headers and footers, and the
# file's properties (author, title …). An Excel workbook's cells are read by _xlsx_text, so only
# its comments, properties and sheets' headers and footers are read here.
_XML_PARTS = re.compile(r"^(word/(document|header\d*|footer\d*|footnotes|endnotes|comments\w*)\.xml|"
                        r"ppt/(slides|notesSlides|comments)/\w+\.xml|content\.xml|meta\.xml|styles\.xml|"
                        r"xl/(comments\d*|comments/\w+|threadedComments/\w+|persons/\w+)\.xml|xl/worksheets/sheet\d+\.xml|"
                        r"docProps/(core|app|custom)\.xml)$")


def _office_xml_text(path: Path):
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not _XML_PARTS.match(info.filename):
                continue
            with archive.open(info) as member:
                data = member.read(MAX_ZIP_MEMBER_BYTES)
            xml = data.decode("utf-8", errors="replace")
            if info.filename.startswith("xl/worksheets/"):     # only the printed header and footer
                xml = "\n".join(re.findall(r"<(?:odd|even|first)(?:Header|Footer)>(.*?)</", xml, re.S))
            # paragraphs, cells and properties end a line; every other tag joins text
            xml = re.sub(r"</(w:p|a:p|text:p|text:h|table:table-cell|dc:\w+|cp:\w+|dcterms:\w+|vt:\w+)>", "\n", xml)
            text = html.unescape(re.sub(r"<[^>]*>", "", xml))    # &#48; is a '0' too
            for number, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    yield str(PurePosixPath(info.filename)), number, line
