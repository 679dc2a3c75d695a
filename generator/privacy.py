"""The personal-data guard (PDPA B.E. 2562): nothing that identifies a person
may reach the public site by mistake.

Before anything is published, every text value of the data files (site.yaml too)
and the text of every attachment the site publishes (read by generator/extract.py)
is scanned, as the page shows it (white space collapsed, invisible and combining
characters removed, digits folded), for

* Thai national ID numbers: 13 digits with a valid check digit, written with or
  without dashes or spaces, in Thai (๐–๙) or Arabic digits or a mix;
* phone numbers and e-mail addresses that are not the organisation's official
  contacts.

Each finding is an ERROR, reported as `file:line: field: message` with the value
masked (an ID number is never printed in full), so both `prongsai validate`
and `prongsai build` refuse to publish it. A value is allowed when it is

* a phone, fax or e-mail under `contacts:` in organisation.yaml,
* the phone of a person under `executives:` when it is an official number (with an
  extension), or their e-mail on an official domain (personal mobiles and web-mail
  are reported like anyone else's), or
* listed in site.yaml under `allowed_personal_data` with a `reason`.

An attachment that cannot be read whole (encrypted, broken, old Office format, over a
bound) is an ERROR too, unless site.yaml's `unscanned_attachments` names it with a reason.

docs/safety.md explains this to LAO staff.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import unicodedata
from pathlib import Path

import yaml

from . import buildcache, load, thai
from .attachments import collect_attachments
from .problems import Problems

# --- normalisation ----------------------------------------------------------------------------

# Invisible characters (thai.invisible_table, listed in docs/safety.md) are removed before
# scanning, so that "1\u200b234…" cannot hide a number.


@functools.cache
def _number_forms() -> dict[int, str]:
    """Digits that are not decimal digits but read as them: superscripts, circled and
    parenthesised numbers (①, ⑴, ¹ …), folded to ASCII the way NFKC does."""
    table = {}
    for cp in [*range(0x10000), *range(0x1F100, 0x1F110)]:
        ch = chr(cp)
        if unicodedata.category(ch) == "No":
            folded = unicodedata.normalize("NFKC", ch)
            if folded != ch and re.fullmatch(r"[0-9().]+", folded):
                table[cp] = folded.strip("().")
            elif float(unicodedata.numeric(ch, -1)).is_integer() and 0 <= unicodedata.numeric(ch, -1) <= 50:
                # circled and dingbat digits that NFKC keeps (➀ ➊ ❶ ⓵ ⓿ …): their numeric value
                table[cp] = str(int(unicodedata.numeric(ch)))
    return table


_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


_SEPARATORS = {ord(c): "-" for c in _DASHES} | {ord(c): " " for c in _SPACES} | \
    {ord(c): "@" for c in "\uff20\ufe6b"} | {ord(c): "." for c in "\uff0e\u3002"} | \
    {ord(c): "+" for c in "\uff0b\ufe62"} | \
    {cp: chr(cp - 0xFEE0) for cp in range(0xFF21, 0xFF5B) if chr(cp).isalpha()}   # fullwidth ＠ ． ＋ and letters
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # any Unicode decimal digit but ASCII: ๐–๙, ٠–٩, ０–９ …
# Thai vowel and tone marks cannot belong to a digit: stacked on one, they only hide it.
_MARK_ON_DIGIT = re.compile(r"(?<=[0-9])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+")


def normalise(text: str) -> str:
    """Text with ASCII digits, plain dashes and spaces, and no invisible characters."""
    text = text.translate(_normalising_table())
    text = _OTHER_DIGIT.sub(lambda m: str(unicodedata.digit(m.group())), text)
    return _MARK_ON_DIGIT.sub("", text)


@functools.cache
def _normalising_table() -> dict[int, str | None]:
    """One str.translate table doing what thai.invisible_table(), _SEPARATORS and
    _number_forms() do one after the other: their keys are disjoint, and what the first two
    put in (nothing, or ASCII) none of the later ones changes, so one pass is the same text.
    Building it walks the Unicode planes (some tens of milliseconds): it is kept in the build
    cache under the Unicode version and this code's version, so each process reads it back."""
    key = buildcache.key_of("normalising-table", unicodedata.unidata_version, guard_version())
    stored = buildcache.read_json(CACHE_KIND, key)
    if isinstance(stored, dict):
        return {int(cp): value for cp, value in stored.items()}
    table: dict[int, str | None] = dict(_number_forms())
    table.update(_SEPARATORS)
    table.update(thai.invisible_table())
    buildcache.write_json(CACHE_KIND, key, table)
    return table


# Findings kept in the build cache (generator/buildcache.py), under a digest of what was scanned
# and guard_version(): a warm build scans only the files that changed.
CACHE_KIND = "personal-data"


@functools.cache
def guard_version() -> str:
    """Changes whenever what the guard finds could: this module, the Thai tables it uses, the
    YAML loader whose nodes it walks, and the Unicode database."""
    here = Path(__file__).resolve().parent
    sources = [(here / name).read_bytes() for name in ("privacy.py", "thai.py", "load.py")]
    return buildcache.key_of(unicodedata.unidata_version, *(hashlib.sha256(s).hexdigest() for s in sources))


_WHITESPACE = re.compile(r"\s+")


def as_shown(text: str) -> str:
    """The text as a web page shows it: normalised, and every run of white space (tabs, line
    breaks, many spaces) one space."""
    return _WHITESPACE.sub(" ", normalise(text))


# --- what a personal value looks like -----------------------------------------------------------

# A run of digit groups joined by spaces, or by a dash, dot, slash, underscore, bar, middle dot,
# colon or backslash (with spaces around it): where ID numbers are looked for. Text is scanned as shown (white space collapsed),
# so tabs, line breaks and many spaces join groups like one space does; a comma ends a run
# unless it groups thousands (1,103,700,123,458).
_SEP = r"(?: {0,2}[-./_|·:\\] {0,2}| {1,2})"
RUN_RE = re.compile(rf"(?<![0-9])[0-9]+(?:{_SEP}[0-9]+)*")
THOUSANDS_RE = re.compile(r"(?<![0-9,.])[0-9]{1,3}(?:,[0-9]{3})+(?![0-9]|,[0-9])")
OFFICIAL_GROUPS = [1, 4, 5, 2, 1]
_ISBN_BEFORE = re.compile(r"ISBN(?:-?13)?\s*:?\s*$", re.IGNORECASE)  # 1-2345-67890-12-3


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
        elif lengths[index:index + 13] == [1] * 13:      # one digit per box of a form
            digits = "".join(g for g, _ in groups[index:index + 13])
            if not looks_like_counts(digits):
                yield digits, groups[index][1]
            index += 13
        else:
            index += 1


def looks_like_counts(digits: str) -> bool:
    """13 one-digit values that read as a row of counts rather than an ID in boxes: the second
    digit of an ID starts a province code (10-96), so it is never 0; and a last value that is the
    sum of the twelve before it is a total (twelve months and the year: 0 0 1 0 … 0 1)."""
    return digits[1] == "0" or int(digits[12]) == sum(map(int, digits[:12]))


def _end_of_digits(text: str, start: int, count: int) -> int:
    """The position right after the count-th digit from start."""
    for index in range(start, len(text)):
        if text[index].isdigit():
            count -= 1
            if count == 0:
                return index + 1
    return len(text)


def is_isbn13(digits: str) -> bool:
    """The shape of a book number: 13 digits starting 978 or 979 (the check digit is often
    mistyped, so it is not required). No person's ID number starts with 9 (the first digit
    is the kind of person, 1–8; 0 is a juristic person), so nobody's number is excused."""
    return len(digits) == 13 and digits.startswith(("978", "979"))


# Thai phone numbers: 0 + 8 digits (landline) or 0 + 9 digits (mobile), or the country code
# (+66, 0066, or 66 alone) and the number without its leading 0; digits may be grouped with
# spaces, dashes, dots or brackets ("089 - 765 - 4321").
_PSEP = r"(?: ?[.()-]{0,2} ?)"
# The Thai numbering plan: after the 0 (or the country code) a landline has 8 digits and starts
# with 2-5 or 7 (area codes), a mobile has 9 and starts with 6, 8 or 9. So a 10-digit number
# starting 02-05/07 (a bank account 020-1-23456-7) is not a phone, nor is 66 followed by 0 or 1
# (e-GP project numbers of B.E. 2566 are 66 + month 01-12 + 7 digits: 66109876543).
_NATIONAL = rf"(?:[689](?:{_PSEP}[0-9]){{8}}|[2-57](?:{_PSEP}[0-9]){{7}})"
# A number right before or after it ("บ้านเลขที่ 12 081-234-5678", "0812345678 3 ครั้ง") does not
# stop a phone number; a digit touching it, or a dash and a digit, does (it is then part of a
# longer grouped number: 044-000-100-1 is the range of lines 100 and 101, 020-1-23456-7 an account).
PHONE_RE = re.compile(
    rf"(?<![0-9A-Za-z+])(?:(?:\+ ?|00 ?)?66{_PSEP}(?:\(0\))?{_PSEP}(?=[2-9])|0{_PSEP}){_NATIONAL}(?![0-9]| ?-[0-9])"
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
    if digits.startswith("0066"):
        digits = digits[2:]
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
    """Every ID number, phone number and e-mail address in a text as a page shows it, in order."""
    text = str(text)
    if _CIRCLED_TEN.search(text):   # ➉ is 10 in a list, but stands for 0 among other circled digits
        found = {(f.kind, f.key): f for f in find_personal_data(text.translate(_TEN_AS_ZERO))}
        found.update({(f.kind, f.key): f for f in _find_as_shown(as_shown(text))})
        return sorted(found.values(), key=lambda f: f.offset)
    return _find_as_shown(as_shown(text))


# The tenth sign of each circled-digit series that has no zero of its own.
_CIRCLED_TEN = re.compile("[\u2789\u2793\u277f\u24fe\u2469\u247d]")
_TEN_AS_ZERO = {ord(c): "0" for c in "\u2789\u2793\u277f\u24fe\u2469\u247d"}


def _find_as_shown(text: str) -> list[Finding]:
    if not _MAYBE.search(text):
        return []
    findings: list[Finding] = []
    id_spans: list[tuple[int, int]] = []
    runs = [(run, list(_id_candidates(run))) for run in RUN_RE.finditer(text)]
    runs += [(m, [(_digits(m.group()), m.start())]) for m in THOUSANDS_RE.finditer(text)]
    for run, candidates in runs:
        after_isbn = _ISBN_BEFORE.search(text, max(0, run.start() - 16), run.start())
        for digits, start in candidates:
            if after_isbn and is_isbn13(digits):
                continue  # a book number (ISBN-13 has 13 digits too)
            if is_national_id(digits):
                findings.append(Finding("id", digits, mask_id(digits), start))
                id_spans.append((start, _end_of_digits(text, start, 13)))
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
    """Normalised values that may be published: official contacts and site.yaml's
    allowed_personal_data. An executive's phone is allowed when it is an official number
    (an extension of it too: "044-000-100 ต่อ 101"), and an executive's e-mail when it is on
    the domain of an official e-mail or a government domain (.go.th): a personal mobile or
    web-mail address of an executive is reported like anyone else's."""
    keys: set[str] = set()
    organisation = model.organisation
    contacts = organisation.contacts
    keys.update(phone_key(p) for p in list(contacts.phone) + list(contacts.fax))
    official_emails = [email_key(e) for e in contacts.email]
    keys.update(official_emails)
    official_domains = {e.rpartition("@")[2] for e in official_emails if "@" in e}
    for person in [*organisation.political, *organisation.permanent, *organisation.council]:
        if person.email:
            domain = email_key(person.email).rpartition("@")[2]
            if domain in official_domains or domain.endswith(".go.th"):
                keys.add(email_key(person.email))
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


def unscanned_allowed(model) -> dict[str, str]:
    """{attachment path: reason} of site.yaml's unscanned_attachments: files the guard cannot
    read that someone has checked by eye and allowed, with a reason."""
    allowed = {}
    for entry in getattr(model.site, "unscanned_attachments", None) or []:
        if isinstance(entry, dict) and entry.get("file") and str(entry.get("reason", "")).strip():
            allowed[str(entry["file"]).strip().lstrip("./")] = str(entry["reason"])
    return allowed


# --- scanning the data files --------------------------------------------------------------------

# The files whose text is published. site.yaml is scanned too (its values reach every page),
# all but the lists of what is allowed.
SETTINGS_NOT_PUBLISHED = ("allowed_personal_data", "unscanned_attachments")


def data_files(root: Path) -> list[Path]:
    files = [root / name for name in ("organisation.yaml", "plan.yaml", "site.yaml")]
    for folder in ("measures", "oit"):
        if (root / folder).is_dir():
            files += sorted((root / folder).glob("*.y*ml"))
    return [path for path in files if path.is_file()]


_BINARY = "tag:yaml.org,2002:binary"
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


def _as_loaded(node) -> str | None:
    """What the loader makes of a scalar that is not plain text, as a page would print it:
    the decoded bytes of !!binary, the decimal value of 0x…/0o…/1_000 and of floats."""
    constructor = yaml.constructor.SafeConstructor()
    try:
        if node.tag == _BINARY:
            return constructor.construct_yaml_binary(node).decode("utf-8", errors="replace")
        if node.tag in _NUMBER_TAGS:
            value = constructor.construct_object(node)
            if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
                value = int(value)
            return str(value)
    except load.CONSTRUCTOR_FAILURES:
        return None
    return None


def yaml_scalars(text: str):
    """(field path, line, value, literal) of every scalar value in a YAML text (see
    node_scalars); nothing if it does not parse (the loader reports that)."""
    try:
        root = load.compose_yaml_text(text)
    except (load.LoadFailure, RecursionError):
        return
    yield from node_scalars(root)


def node_scalars(root):
    """(field path, line, value, literal) of every scalar value of a YAML node graph (and of
    what the loader makes of it, when that differs); keys are scalars too."""
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
            loaded = _as_loaded(node)
            if loaded is not None and loaded != node.value:
                yield path or "-", line, loaded, False
        elif isinstance(node, yaml.SequenceNode):
            for index, child in reversed(list(enumerate(node.value))):
                stack.append((child, f"{path}[{index}]"))
        elif isinstance(node, yaml.MappingNode):
            for key, child in reversed(node.value):
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                stack.append((key, f"{path}.{name}" if path else str(name)))   # keys are shown too
                stack.append((child, f"{path}.{name}" if path else str(name)))


_file_cache: dict[bytes, list] = {}


def _file_findings(raw: bytes, path: Path | None = None) -> list[tuple[str, int, Finding]]:
    """(field path, line, finding) of every personal value in a YAML file's bytes; the
    same bytes are scanned once per process (`prongsai serve` rebuilds on every change).
    A data file's node graph is the one the loader parsed (load.yaml_node): not parsed again."""
    if raw in _file_cache:
        return _file_cache[raw]
    disk_key = buildcache.key_of("yaml", hashlib.sha256(raw).hexdigest(), guard_version())
    stored = buildcache.read_json(CACHE_KIND, disk_key)
    if isinstance(stored, list):
        found = [(field_path, line, Finding(*finding)) for field_path, line, finding in stored]
    else:
        found = _scan_yaml(raw, path)
        buildcache.write_json(CACHE_KIND, disk_key, [[f, line, _stored(finding)] for f, line, finding in found])
    if len(_file_cache) > 64:
        _file_cache.clear()
    _file_cache[raw] = found
    return found


def _stored(finding: Finding) -> list:
    return [finding.kind, finding.key, finding.masked, finding.offset]


def _scan_yaml(raw: bytes, path: Path | None) -> list[tuple[str, int, Finding]]:
    found = []
    if path is not None:
        scalars = node_scalars(load.yaml_node(path, raw))
    else:
        scalars = yaml_scalars(raw.decode("utf-8-sig", errors="replace"))
    for field_path, line, value, literal in scalars:
        if literal:      # a block of lines: say which line, then look across lines as the page joins them
            seen = set()
            for index, text in enumerate(value.split("\n")):
                for finding in find_personal_data(text):
                    seen.add(finding.key)
                    found.append((field_path, line + index, finding))
            found += [(field_path, line, f) for f in find_personal_data(value) if f.key not in seen]
            continue
        for finding in find_personal_data(value):
            found.append((field_path, line, finding))
    unique: dict[tuple, tuple] = {}     # a value and what the loader makes of it: one finding
    for item in found:
        unique.setdefault((item[0], item[1], item[2].key), item)
    return list(unique.values())


def findings_in_yaml(raw: bytes) -> list[tuple[str, int, Finding]]:
    """(field path, line, finding) of every personal value in a YAML file's bytes."""
    return list(_file_findings(raw))


def scan_text(text: str, allowed: set[str], report) -> None:
    for finding in find_personal_data(text):
        if finding.key not in allowed:
            report(finding)


def scan(model, problems: Problems, attachments: dict[str, Path] | None = None) -> None:
    """The guard: record an ERROR for every personal value in the data and the published
    attachments that is not explicitly allowed, and for every published attachment it
    cannot read whole (unless site.yaml's unscanned_attachments allows it, with a reason)."""
    if model is None:
        return
    root = Path(model.data_root)
    allowed = allowed_keys(model)
    for path in data_files(root):
        try:
            if path.stat().st_size > load.MAX_YAML_BYTES:
                continue  # the loader refused it: parsing it here would only cost time and memory
            raw = path.read_bytes()
        except OSError:
            continue  # the loader has reported it
        shown = None
        for field_path, line, finding in _file_findings(raw, path):
            if path.name == "site.yaml" and field_path.split(".")[0].split("[")[0] in SETTINGS_NOT_PUBLISHED:
                continue
            if finding.key not in allowed:
                shown = shown or load.display_path(root, path)
                problems.error(shown, line, field_path, finding.message())
    unscanned = unscanned_allowed(model)
    published = collect_attachments(model) if attachments is None else attachments
    for relative, path in sorted(published.items()):
        shown = load.display_path(root, path)
        scan_attachment(path, shown, allowed, problems, relative=relative, unscanned_reason=unscanned.get(relative))


# --- attachments' text --------------------------------------------------------------------------

_cache: dict[tuple, tuple] = {}


def attachment_findings(path: Path) -> tuple[list[tuple[str, int | None, Finding]], str | None]:
    """((location, line, finding) of each personal value, first place only; why the file could
    not be read whole, or None). Cached per (path, size, modification time)."""
    from .extract import content_key

    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key in _cache:
        return _cache[key]
    # on disk under the digest of the file's bytes (never its name and time: see
    # extract.attachment_text), so that a warm build neither reads nor scans its text again
    text_key = content_key(path)
    disk_key = buildcache.key_of("attachment", text_key, guard_version()) if text_key else None
    stored = buildcache.read_json(CACHE_KIND, disk_key) if disk_key else None
    if isinstance(stored, dict):
        result = ([(location, line, Finding(*finding)) for location, line, finding in stored["found"]],
                  stored["unreadable"])
    else:
        result = _scan_attachment_text(path)
        if disk_key and not result[2]:
            buildcache.write_json(CACHE_KIND, disk_key, {
                "found": [[location, line, _stored(finding)] for location, line, finding in result[0]],
                "unreadable": result[1]})
        result = result[:2]
    if len(_cache) > 256:
        _cache.clear()
    _cache[key] = result
    return result


def _scan_attachment_text(path: Path) -> tuple[list, str | None, bool]:
    """(findings, why the file could not be read whole or None, whether that depended on the
    machine's load and must not be remembered) of an attachment's text."""
    from .extract import TooSlow, Unreadable, attachment_text

    found: list[tuple[str, int | None, Finding]] = []
    seen: set[tuple[str, str]] = set()
    unreadable = None

    def record(location: str, line: int | None, finding: Finding) -> None:
        if (finding.kind, finding.key) not in seen:
            seen.add((finding.kind, finding.key))
            found.append((location, line, finding))

    boxes = _BoxesAcrossPieces(record)
    previous = None
    transient = False
    try:
        for piece in attachment_text(path):
            for line, finding in findings_in_lines(piece.text, piece.line, piece.numbered):
                record(piece.location, line, finding)
            boxes.add(piece)
            if previous is not None and previous.location == piece.location:
                for finding in _wrapped_after_dash(previous.text, piece.text):
                    record(previous.location, previous.line, finding)
            previous = piece
    except Unreadable as exc:
        unreadable = str(exc)
        transient = isinstance(exc, TooSlow)
    boxes.end()
    return found, unreadable, transient


def scan_attachment(path: Path, shown: str, allowed: set[str], problems: Problems, *,
                    relative: str | None = None, unscanned_reason: str | None = None) -> None:
    try:
        found, unreadable = attachment_findings(path)
    except OSError:
        return  # files.check_attachment has reported it
    for location, line, finding in found:
        if finding.key not in allowed:
            problems.error(shown, line, _masked_location(location), finding.message())
    if unreadable and not unscanned_reason:
        name = relative or path.name
        problems.error(shown, None, "-", (
            f"ตรวจข้อมูลส่วนบุคคลในไฟล์นี้ไม่ได้: {unreadable} จึงไม่เผยแพร่ไฟล์นี้ "
            "ให้ส่งออกไฟล์ใหม่ (เช่น PDF ที่ไม่มีรหัสผ่าน หรือ .xlsx/.docx) หรือถ้าตรวจด้วยตนเองแล้วว่าไม่มีข้อมูลส่วนบุคคล "
            f"ให้เพิ่มใน site.yaml ช่อง unscanned_attachments (file: {name} และ reason: เหตุผล)"))


def _masked_location(location: str) -> str:
    """A place in a file named by its author (a sheet's name) may itself be the number: never
    print it whole."""
    return re.sub(r"[0-9]", "x", location) if find_personal_data(location) else location


# Lines that are a single digit (a form's boxes, one digit per line once extracted), and a
# line that ends inside a number continued on the next (a number wrapped at the margin).
_BOX_LINE = re.compile(r"^[\s|\[\]()]*[0-9][\s|\[\]()]*$")
_ENDS_IN_NUMBER = re.compile(r"[0-9][0-9 ./_-]{0,2}$")
_STARTS_WITH_NUMBER = re.compile(r"^[ ./_-]{0,2}[0-9]")
# a digit, perhaps a separator (a number wrapped after its dash: "081-234-" / "5678"), a line break
_DIGITS_ACROSS_LINES = re.compile(r"[0-9][ ./_-]{0,2}\n[ ./_-]{0,2}[0-9]")


_ENDS_IN_DASHED_NUMBER = re.compile(r"[0-9] ?-\s*$")


def _wrapped_after_dash(before: str, after: str) -> list[Finding]:
    """A number that one paragraph ends with its dash and the next one goes on ("1-1037-" /
    "00123-45-8"): a dash at the end of a paragraph only ever means the number goes on."""
    if not _ENDS_IN_DASHED_NUMBER.search(before[-8:]) or not re.match(r"\s*[0-9]", after[:8]):
        return []
    return find_personal_data(before[-40:].rstrip() + after[:40].lstrip())


class _BoxesAcrossPieces:
    """An ID number written one digit per box, where each box is a piece of its own: a paragraph
    of a Word file, a cell of a worksheet row. Only ID numbers are looked for (13 boxes): nine
    one-digit cells are too often small counts to be called a phone. Rows of one-digit cells
    with another such row right above or below are a table of counts, not a form's boxes."""

    def __init__(self, record):
        self.record = record
        self.run: list = []
        self.pending: tuple | None = None     # (row key, run): waits to see the next row
        self.in_table = False

    @staticmethod
    def _row(piece) -> tuple:
        sheet, bang, _cell = piece.location.rpartition("!")
        return (sheet, piece.line) if bang and piece.line is not None else (piece.location, None)

    def add(self, piece) -> None:
        text = normalise(piece.text).strip(" |[]()\n\t") if len(piece.text) < 16 else ""
        is_box = len(text) == 1 and text.isdigit()
        if is_box and self.run and self._row(self.run[0][0]) == self._row(piece):
            self.run.append((piece, text))
            return
        self._close_run()
        if is_box:
            self.run.append((piece, text))

    def _close_run(self) -> None:
        run, self.run = self.run, []
        if len(run) < 9:
            return
        key = self._row(run[0][0])
        if self.pending:
            (sheet, row), _ = self.pending
            if key[1] is not None and key[0] == sheet and row is not None and key[1] == row + 1:
                self.pending, self.in_table = (key, run), True    # a table: neither row is boxes
                return
            self._judge(*self.pending)
        self.pending, self.in_table = (key, run), False

    def _judge(self, _key, run) -> None:
        if self.in_table or len(run) < 13:
            return
        first = run[0][0]
        for finding in find_personal_data(" ".join(digit for _, digit in run)):
            if finding.kind == "id":
                self.record(first.location, first.line, finding)

    def end(self) -> None:
        self._close_run()
        if self.pending:
            self._judge(*self.pending)
        self.pending = None


def findings_in_lines(text: str, first_line: int | None, numbered: bool):
    """(line, finding) of each personal value in a text whose lines are printed apart (a page
    of a PDF, a paragraph, a cell): each line, digits boxed one per line, and numbers wrapped
    from one line to the next."""
    text = normalise(text)
    lines = text.split("\n")

    def line_no(index: int) -> int | None:
        return first_line + index if numbered and first_line is not None else first_line

    found_keys = set()
    for index, line in enumerate(lines):
        for finding in find_personal_data(line):
            found_keys.add(finding.key)
            yield line_no(index), finding
    if len(lines) < 2 or not _DIGITS_ACROSS_LINES.search(text):
        return
    boxes: list[str] = []
    for index, line in enumerate([*lines, ""]):
        if _BOX_LINE.match(line):
            boxes.append(line.strip(" |[]()"))
            continue
        if len(boxes) >= 9:     # a phone number has 9 or 10 digits, an ID number 13
            for finding in find_personal_data(" ".join(boxes)):
                if finding.key not in found_keys:
                    found_keys.add(finding.key)
                    yield line_no(index - len(boxes)), finding
        boxes = []
    for index in range(len(lines) - 1):
        before, after = lines[index].rstrip(), lines[index + 1].lstrip()
        if _ENDS_IN_NUMBER.search(before) and _STARTS_WITH_NUMBER.match(after):
            for joined in (before[-40:] + after[:40], before[-40:] + " " + after[:40]):
                for finding in find_personal_data(joined):
                    if finding.key not in found_keys:
                        found_keys.add(finding.key)
                        yield line_no(index), finding
