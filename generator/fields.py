"""Small declarative field types: each one checks and normalises a value, and
describes itself as JSON Schema.

A field never raises on bad input: it records a Problem (file, line, field
path, Thai message) and returns INVALID, so that one run reports every problem.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import files, thai
from .load import PAGE_NAME, YList, YMap, windows_reserved
from .problems import Problems

INVALID = object()  # marker: the value was rejected and a problem recorded


@dataclass
class Ctx:
    """Where a value sits: file, field path and line, plus shared services."""

    file: str
    path: str
    line: int | None
    problems: Problems
    data_root: Path | None = None

    def child(self, key, container) -> "Ctx":
        if isinstance(key, int):
            path = f"{self.path}[{key}]"
        else:
            path = f"{self.path}.{key}" if self.path else str(key)
        line = container.line_of(key) if isinstance(container, (YMap, YList)) else self.line
        return Ctx(self.file, path, line, self.problems, self.data_root)

    def error(self, message: str) -> object:
        self.problems.error(self.file, self.line, self.path, message)
        return INVALID

    def warning(self, message: str) -> None:
        self.problems.warning(self.file, self.line, self.path, message)


class Record(dict):
    """A validated mapping that remembers the file and line it came from."""

    file: str = ""
    line: int | None = None


class Field:
    description = ""

    def __init__(self, description: str = ""):
        self.description = description or self.description

    def check(self, value, ctx: Ctx):
        raise NotImplementedError

    def schema(self) -> dict:
        raise NotImplementedError

    def _described(self, schema: dict) -> dict:
        if self.description:
            schema["description"] = self.description
        return schema


MAX_TEXT = 20_000


class Text(Field):
    """One piece of text. Numbers are accepted and kept as written."""

    def __init__(self, description: str = "", max_length: int = MAX_TEXT, single_line: bool = False):
        super().__init__(description)
        self.max_length = max_length
        self.single_line = single_line

    def check(self, value, ctx):
        if isinstance(value, bool) or value is None or isinstance(value, (YMap, YList)):
            return ctx.error("ต้องเป็นข้อความ")
        text = str(getattr(value, "raw", "") or value).strip()
        if not text:
            return ctx.error("ว่างอยู่ ให้กรอกข้อความ หรือลบช่องนี้ออก")
        if len(text) > self.max_length:
            return ctx.error(f"ยาวเกิน {self.max_length:,} ตัวอักษร ให้ย่อ หรือแนบเป็นไฟล์เอกสารแทน")
        if "\x00" in text:
            return ctx.error("มีอักขระที่ไม่ใช่ข้อความ")
        if thai.BIDI_CONTROL.search(text):
            # an override shows the text reversed, so a page could show something else than the data says
            return ctx.error("มีอักขระควบคุมทิศทางข้อความ (มองไม่เห็น ทำให้ข้อความแสดงกลับด้าน) ให้พิมพ์ข้อความนี้ใหม่")
        if self.single_line:
            text = " ".join(text.split())
        return text

    def schema(self):
        return self._described({"type": ["string", "number"]})


class Slug(Text):
    """A name that becomes part of a page's address (see load.PAGE_NAME)."""

    def check(self, value, ctx):
        text = super().check(value, ctx)
        if text is INVALID:
            return INVALID
        if not PAGE_NAME.fullmatch(text):
            return ctx.error(f"'{text}' ใช้เป็นส่วนของที่อยู่หน้าเว็บไม่ได้ ให้ใช้เฉพาะตัวอักษร ตัวเลข - และ _ (เช่น 37-2)")
        if windows_reserved(text):
            return ctx.error(f"'{text}' เป็นชื่อที่ Windows สงวนไว้ (เช่น con, nul, com1) เว็บไซต์ที่คัดลอกไปไว้บนเครื่อง "
                             "Windows จะไม่มีหน้านี้ ให้ใช้ชื่ออื่น")
        return text

    def schema(self):
        return self._described({"type": ["string", "number"], "pattern": PAGE_NAME.pattern})


class Colour(Text):
    """A colour written as #RRGGBB (or #RGB), kept as lower-case #rrggbb."""

    PATTERN = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})")

    def __init__(self, description: str = ""):
        super().__init__(description, max_length=7, single_line=True)

    def check(self, value, ctx):
        text = super().check(value, ctx)
        if text is INVALID:
            return INVALID
        if not self.PATTERN.fullmatch(text):
            return ctx.error(f"'{text}' ไม่ใช่รหัสสี ให้เขียนแบบ #RRGGBB เช่น #3f51b5")
        if len(text) == 4:
            text = "#" + "".join(c * 2 for c in text[1:])
        return text.lower()

    def schema(self):
        return self._described({"type": "string", "pattern": self.PATTERN.pattern})


class Paragraphs(Field):
    """Text or a list of texts (paragraphs or bullet points) → list of str."""

    def __init__(self, description: str = ""):
        super().__init__(description)
        self.item = Text()

    def check(self, value, ctx):
        if isinstance(value, YList):
            return List(self.item).check(value, ctx)
        checked = self.item.check(value, ctx)
        return INVALID if checked is INVALID else [checked]

    def schema(self):
        return self._described({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})


class Int(Field):
    def __init__(self, description: str = "", minimum: int | None = None, maximum: int | None = None):
        super().__init__(description)
        self.minimum, self.maximum = minimum, maximum

    def check(self, value, ctx):
        try:
            number = thai.parse_int(value)
        except thai.ParseError as exc:
            return ctx.error(f"{exc} ต้องเป็นตัวเลข (เลขไทยหรือเลขอารบิกก็ได้)")
        if self.minimum is not None and number < self.minimum:
            return ctx.error(f"ต้องไม่น้อยกว่า {self.minimum}")
        if self.maximum is not None and number > self.maximum:
            return ctx.error(f"ต้องไม่มากกว่า {self.maximum}")
        return int(number)  # a plain int, not the loader's YInt, so validated data dumps cleanly

    def schema(self):
        schema = {"type": ["integer", "string"]}
        return self._described(schema)


class Year(Field):
    """A Buddhist Era year (a CE year is converted)."""

    description = "ปี พ.ศ. เช่น 2568 หรือ ๒๕๖๘"

    def check(self, value, ctx):
        try:
            year = thai.parse_int(value)
        except thai.ParseError:
            return ctx.error(f"'{value}' ไม่ใช่ปี ให้เขียนปี พ.ศ. เช่น 2568")
        if 1900 <= year < thai.BE_THRESHOLD:
            year = thai.be_year(year)
        if not 2500 <= year <= 2700:
            return ctx.error(f"ปี {year} ไม่อยู่ในช่วงที่ใช้ได้ ให้เขียนปี พ.ศ. เช่น 2568")
        return int(year)

    def schema(self):
        return self._described({"type": ["integer", "string"]})


class Money(Field):
    description = "จำนวนเงิน (บาท) เช่น 50000 หรือ 50,000 ใส่ - ถ้าไม่ใช้งบประมาณ"

    def check(self, value, ctx):
        try:
            amount = thai.parse_baht(value)
        except thai.ParseError as exc:
            return ctx.error(str(exc))
        if amount is not None and amount > 10**13:
            return ctx.error("จำนวนเงินมากเกินจริง ตรวจจำนวนหลัก")
        return amount

    def schema(self):
        return self._described({"type": ["integer", "number", "string", "null"]})


class Date(Field):
    description = "วันที่ เช่น 2568-10-01 หรือ 1 ตุลาคม 2568"

    def check(self, value, ctx):
        try:
            return thai.parse_date(value)
        except thai.ParseError as exc:
            return ctx.error(str(exc))

    def schema(self):
        return self._described({"type": "string"})


class Bool(Field):
    def check(self, value, ctx):
        if isinstance(value, bool):
            return value
        # YAML 1.1's yes/no/on/off are kept as text by the loader (see load._scalar): read them here
        if isinstance(value, str) and value.strip().lower() in {"ใช่", "เปิด", "true", "yes", "on"}:
            return True
        if isinstance(value, str) and value.strip().lower() in {"ไม่", "ไม่ใช่", "ปิด", "false", "no", "off"}:
            return False
        return ctx.error("ต้องเป็น true หรือ false")

    def schema(self):
        return self._described({"type": "boolean"})


class Enum(Field):
    def __init__(self, choices, description: str = "", aliases: dict | None = None):
        super().__init__(description)
        self.choices = list(choices)
        self.aliases = aliases or {}

    def check(self, value, ctx):
        if isinstance(value, (YMap, YList)) or value is None:
            return ctx.error(f"ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: {', '.join(map(str, self.choices))}")
        text = str(value).strip()
        text = self.aliases.get(text, text)
        if text in self.choices:
            return text
        return ctx.error(f"'{text}' ใช้ไม่ได้ ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: {', '.join(map(str, self.choices))}")

    def schema(self):
        return self._described({"enum": self.choices + list(self.aliases)})


SAFE_LINK_SCHEMES = ("http", "https", "mailto", "tel")
MAX_URL = 2000

# Characters kept as they are in a rebuilt URL (RFC 3986 unreserved characters and the
# delimiters that cannot end an HTML attribute or a Markdown link); everything else,
# quotes, brackets, spaces and non-ASCII text included, is percent-encoded (UTF-8).
_PATH_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&*+,;=:@/")
_QUERY_SAFE = _PATH_SAFE | frozenset("?")
_HEX = frozenset("0123456789abcdefABCDEF")
_DNS_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_TEL = re.compile(r"\+?[0-9][0-9\-.()]{2,30}(;ext=[0-9]{1,8})?")
_MAILTO = re.compile(r"[^@\s<>\"'`()\[\]\\,;:]+@[^@\s<>\"'`()\[\]\\,;:/?#]+")


class UrlError(ValueError):
    """Why a link cannot be used (in Thai)."""


def _encode(text: str, safe: frozenset) -> str:
    """Percent-encode every character outside `safe`; a valid %XX escape is kept, a lone % is encoded."""
    out = []
    for index, ch in enumerate(text):
        if ch == "%" and len(text) > index + 2 and text[index + 1] in _HEX and text[index + 2] in _HEX:
            out.append("%")
        elif ch in safe:
            out.append(ch)
        else:
            out.append("".join(f"%{byte:02X}" for byte in ch.encode("utf-8")))
    return "".join(out)


def _script_of(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


@functools.lru_cache(maxsize=4096)  # a site names the same few hosts hundreds of times
def _idna_host(host: str) -> str:
    """A host name by the IDNA rules (UTS 46 mapping: full-width letters, upper case), as ASCII
    (Thai labels become xn--…). Labels that mix scripts, or use a script other than Latin and
    Thai, are refused: gо.th with a Cyrillic о looks like go.th on screen but is another site."""
    try:
        import idna

        ascii_host = idna.encode(host, uts46=True).decode("ascii")
        shown = idna.decode(ascii_host)
    except ImportError:  # the idna package ships with MkDocs Material; the standard codec is IDNA 2003
        try:
            ascii_host = host.encode("idna").decode("ascii").lower()
            shown = ascii_host.encode("ascii").decode("idna")
        except (UnicodeError, ValueError):
            raise UrlError(f"ชื่อเว็บไซต์ '{host}' ไม่ถูกต้องตามกฎชื่อโดเมน") from None
    except Exception:  # idna.IDNAError and its kinds (a character a domain may not hold …)
        raise UrlError(f"ชื่อเว็บไซต์ '{host}' ไม่ถูกต้องตามกฎชื่อโดเมน (ใช้ได้เฉพาะตัวอักษร ตัวเลข - และ .)") from None
    for label in shown.split("."):
        scripts = {_script_of(ch) for ch in label if ch.isalpha()}
        if not scripts <= {"LATIN"} and (scripts != {"THAI"} or any(ch.isascii() and ch.isalpha() for ch in label)):
            raise UrlError(f"ชื่อเว็บไซต์ '{host}' มีตัวอักษรต่างชนิดปนกันหรือไม่ใช่ภาษาไทยหรืออังกฤษ "
                           "(อาจเป็นตัวอักษรที่หน้าตาเหมือนกันแต่เป็นคนละตัว) ให้พิมพ์ชื่อเว็บไซต์ใหม่เอง")
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or not all(_DNS_LABEL.fullmatch(label) for label in labels):
        raise UrlError(f"ชื่อเว็บไซต์ '{host}' ไม่ถูกต้องตามกฎชื่อโดเมน")
    return ascii_host


def _host(netloc_host: str) -> str:
    """IPv4 and [IPv6] addresses as they are (checked), anything else by the IDNA rules."""
    import ipaddress

    if netloc_host.startswith("["):
        try:
            return f"[{ipaddress.IPv6Address(netloc_host[1:-1])}]"
        except ValueError:
            raise UrlError(f"ที่อยู่ IP '{netloc_host}' ไม่ถูกต้อง") from None
    if re.fullmatch(r"[0-9.]+", netloc_host):
        try:
            return str(ipaddress.IPv4Address(netloc_host))
        except ValueError:
            raise UrlError(f"ที่อยู่ IP '{netloc_host}' ไม่ถูกต้อง") from None
    return _idna_host(netloc_host)


def rebuild_url(text: str, schemes=("http", "https")) -> str:
    """Parse a link and build it again from its checked parts: the scheme (one of `schemes`),
    the host by the IDNA rules, the port, and the path, query and fragment percent-encoded.
    What is stored and published is the rebuilt URL, in which no quote, angle bracket, space
    or control character survives. Raises UrlError (a Thai message) when the link is unusable."""
    url = text.strip()
    if len(url) > MAX_URL:
        raise UrlError(f"ลิงก์ยาวเกิน {MAX_URL:,} ตัวอักษร ให้ใช้ลิงก์ที่สั้นกว่า (เช่น ลิงก์หน้าหลักของเรื่อง)")
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in url):
        raise UrlError("ลิงก์มีช่องว่างหรืออักขระควบคุม (บางตัวมองไม่เห็น) ให้คัดลอกลิงก์มาใหม่")
    if "\\" in url:
        # browsers read \ as / in a web address: https://a.go.th\@b.example/ opens b.example
        raise UrlError("ลิงก์มีเครื่องหมาย \\ ให้ใช้ / แทน หรือคัดลอกลิงก์จากช่องที่อยู่ของเบราว์เซอร์มาใหม่")
    scheme, colon, rest = url.partition(":")
    scheme = scheme.lower()
    if not colon or not re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme) or scheme not in schemes:
        allowed = ", ".join(f"{s}:" for s in schemes)
        got = scheme if colon and re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme) else url[:20]
        raise UrlError(f"ลิงก์ต้องขึ้นต้นด้วย {allowed} (ได้ '{got}')")
    if scheme == "tel":
        if not _TEL.fullmatch(rest):
            raise UrlError("ลิงก์ tel: ต้องเป็นหมายเลขโทรศัพท์ เช่น tel:+6643000000")
        return f"tel:{rest}"
    if scheme == "mailto":
        address, _, query = rest.partition("?")
        if not _MAILTO.fullmatch(address):
            raise UrlError("ลิงก์ mailto: ต้องเป็นอีเมล เช่น mailto:saraban@example.go.th")
        local, _, domain = address.rpartition("@")
        rebuilt = f"mailto:{_encode(local, _PATH_SAFE - set('/:@'))}@{_idna_host(domain)}"
        return rebuilt + (f"?{_encode(query, _QUERY_SAFE)}" if query else "")
    return _rebuild_web_url(scheme, rest)


def _rebuild_web_url(scheme: str, rest: str) -> str:
    if not rest.startswith("//") or rest.startswith("///"):
        raise UrlError("ลิงก์ไม่มีชื่อเว็บไซต์ เช่น https://www.example.go.th/")
    try:
        parts = urlsplit(f"{scheme}:{rest}")
        port = parts.port  # raises on a malformed port such as :99999 or :abc
    except ValueError:
        raise UrlError("ลิงก์ผิดรูปแบบ (เช่น มีวงเล็บ [ ] หรือพอร์ตที่ไม่ถูกต้อง) ให้คัดลอกลิงก์มาใหม่") from None
    if "@" in parts.netloc:
        # https://www.example.go.th@other.example/ opens other.example: a classic disguise
        raise UrlError("ลิงก์มีชื่อผู้ใช้หรือรหัสผ่าน (ส่วนที่อยู่หน้า @) ให้ลบส่วนนั้นออก")
    raw_host = parts.netloc.rsplit(":", 1)[0] if not parts.netloc.endswith("]") else parts.netloc
    if not raw_host:
        raise UrlError("ลิงก์ไม่มีชื่อเว็บไซต์ เช่น https://www.example.go.th/")
    host = _host(raw_host.rstrip(".") if not raw_host.startswith("[") else raw_host)
    default_port = {"http": 80, "https": 443}.get(scheme)
    netloc = host if port in (None, default_port) else f"{host}:{port}"
    rebuilt = f"{scheme}://{netloc}{_encode(parts.path, _PATH_SAFE)}"
    if parts.query or rest.split("#", 1)[0].endswith("?"):
        rebuilt += "?" + _encode(parts.query, _QUERY_SAFE)
    if parts.fragment or rest.endswith("#"):
        rebuilt += "#" + _encode(parts.fragment, _QUERY_SAFE)
    if len(rebuilt) > MAX_URL:
        raise UrlError(f"ลิงก์ยาวเกิน {MAX_URL:,} ตัวอักษรเมื่อเข้ารหัสแล้ว ให้ใช้ลิงก์ที่สั้นกว่า")
    return rebuilt


class Url(Field):
    """A link, stored as rebuilt by rebuild_url: only the schemes given (never javascript: or data:)."""

    def __init__(self, description: str = "", schemes=("http", "https")):
        super().__init__(description)
        self.schemes = schemes

    def check(self, value, ctx):
        if not isinstance(value, str) or not value.strip():
            return ctx.error("ต้องเป็นลิงก์ เช่น https://www.example.go.th/")
        try:
            return rebuild_url(value, self.schemes)
        except UrlError as problem:
            return ctx.error(str(problem))

    def schema(self):
        return self._described({"type": "string", "format": "uri"})


_SITE_PATH = re.compile(r"[A-Za-z0-9\-._~/]*")


class SiteUrl(Url):
    """The site's own address: every page's address (the OIT item URLs given to the evaluators)
    is built on it, and MkDocs and Material print it unescaped (canonical links, sitemap.xml),
    so only http(s) with a host and a folder: no ?…, #… or anything a rebuild would change
    beyond encoding."""

    def __init__(self, description: str = ""):
        super().__init__(description, schemes=("http", "https"))

    def check(self, value, ctx):
        url = super().check(value, ctx)
        if url is INVALID:
            return INVALID
        parts = urlsplit(url)
        if parts.query or parts.fragment or "?" in url or "#" in url:
            return ctx.error("ที่อยู่เว็บไซต์ต้องไม่มี ?… หรือ #… ต่อท้าย ให้ใช้แค่ชื่อเว็บไซต์และโฟลเดอร์ เช่น "
                             "https://www.example.go.th/ita/")
        if not _SITE_PATH.fullmatch(parts.path) or {".", ".."} & set(parts.path.split("/")):
            # MkDocs and Material print the site's address unescaped: only plain folder names, and a
            # folder name that needs encoding (Thai, spaces, quotes) would make every page address unreadable
            return ctx.error("ที่อยู่เว็บไซต์มีชื่อโฟลเดอร์ที่ต้องเข้ารหัส (ภาษาไทย ช่องว่าง หรือเครื่องหมายพิเศษ) "
                             "ให้ใช้ชื่อโฟลเดอร์เป็นภาษาอังกฤษ ตัวเลข - หรือ _ เช่น https://www.example.go.th/ita/")
        return url if url.endswith("/") else url + "/"


_EMAIL_RE = re.compile(r"^[^@\s<>\"'`()\[\]\\,;:]+@[^@\s<>\"'`()\[\]\\,;:/?#%]+\.[^@\s<>\"'`()\[\]\\,;:/?#%]+$")


class Email(Field):
    """An e-mail address, kept as written (the personal-data guard compares it with the data);
    it becomes a mailto: link, so its domain must be a real domain name (see _idna_host)."""

    def check(self, value, ctx):
        text = value.strip() if isinstance(value, str) else ""
        if not _EMAIL_RE.match(text) or any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
            return ctx.error(f"'{value}' ไม่ใช่อีเมล เช่น saraban@example.go.th")
        try:
            _idna_host(text.rpartition("@")[2])
        except UrlError as problem:
            return ctx.error(f"'{value}' ไม่ใช่อีเมลที่ใช้ได้: {problem}")
        return text

    def schema(self):
        return self._described({"type": "string", "format": "email"})


class Phone(Field):
    description = "หมายเลขโทรศัพท์ เช่น 0 4400 0000 ต่อ 101 (ใส่เครื่องหมายคำพูดครอบ)"

    def check(self, value, ctx):
        if isinstance(value, int) and not isinstance(value, bool):
            return ctx.error("หมายเลขโทรศัพท์ต้องอยู่ในเครื่องหมายคำพูด เช่น \"044-000000\" มิฉะนั้นเลข 0 นำหน้าจะหายไป")
        if not isinstance(value, str):
            return ctx.error("ต้องเป็นหมายเลขโทรศัพท์")
        text = thai.to_arabic_digits(value.strip())
        if not re.fullmatch(r"[0-9+()\-\s]{3,}(\s*(ต่อ|#|ext\.?)\s*[0-9,\s\-]+)?", text):
            return ctx.error(f"'{value}' ไม่ใช่หมายเลขโทรศัพท์ ให้ใช้ตัวเลข ช่องว่าง หรือ - เท่านั้น")
        return text

    def schema(self):
        return self._described({"type": "string"})


class FileRef(Field):
    """A file inside the data folder (never outside it)."""

    description = "ไฟล์ในโฟลเดอร์ข้อมูล เช่น files/แผนผัง.pdf"

    def __init__(self, description: str = "", kinds: tuple[str, ...] = ()):
        super().__init__(description)
        self.kinds = kinds  # allowed content kinds, see files.sniff_kind; empty = any known

    def check(self, value, ctx):
        if not isinstance(value, str) or not value.strip():
            return ctx.error("ต้องเป็นชื่อไฟล์ในโฟลเดอร์ข้อมูล เช่น files/แผน.pdf")
        path, problem = files.check_attachment(value.strip(), ctx.data_root, self.kinds)
        return ctx.error(problem) if problem else path

    def schema(self):
        return self._described({"type": "string"})


def as_field(item) -> Field:
    """A field type, or a class declared with the data format (declare.py), which is checked
    as the mapping it declares."""
    return item if isinstance(item, Field) else item.__declaration__.as_field()


class List(Field):
    def __init__(self, item, description: str = "", min_items: int = 0, max_items: int = 10_000):
        super().__init__(description)
        self.item, self.min_items, self.max_items = as_field(item), min_items, max_items

    def check(self, value, ctx):
        if value is None:
            value = YList()
            value.line, value.item_lines = ctx.line or 0, []
        if not isinstance(value, YList):
            return ctx.error("ต้องเป็นรายการ (แต่ละบรรทัดขึ้นต้นด้วย - )")
        if len(value) < self.min_items:
            return ctx.error(f"ต้องมีอย่างน้อย {self.min_items} รายการ")
        if len(value) > self.max_items:
            return ctx.error(f"มีมากเกิน {self.max_items:,} รายการ")
        result = []
        for index, item in enumerate(value):
            checked = self.item.check(item, ctx.child(index, value))
            if checked is not INVALID:
                result.append(checked)
        return result

    def schema(self):
        schema = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return self._described(schema)


class Lazy(Field):
    """Refers to a field defined later (for recursive shapes such as units)."""

    def __init__(self, resolve, name: str):
        super().__init__()
        self.resolve, self.name = resolve, name

    def check(self, value, ctx):
        return self.resolve().check(value, ctx)

    def schema(self):
        return {"$ref": f"#/$defs/{self.name}"}


class YearMap(Field):
    """{fiscal year: value}, e.g. a budget per fiscal year."""

    def __init__(self, value, description: str = ""):
        super().__init__(description)
        self.key, self.value = Year(), as_field(value)

    def check(self, value, ctx):
        if value is None:
            return {}
        if not isinstance(value, YMap):
            return ctx.error("ต้องเป็นรายการ ปี: จำนวน เช่น 2568: 50000")
        result = {}
        for raw_key, raw_value in value.items():
            child = ctx.child(raw_key, value)
            year = self.key.check(raw_key, child)
            checked = self.value.check(raw_value, child)
            if year is INVALID or checked is INVALID:
                continue
            if year in result:
                child.error(f"ปี {year} ซ้ำ")
                continue
            result[year] = checked
        return dict(sorted(result.items()))

    def schema(self):
        return self._described({
            "type": "object",
            "patternProperties": {"^[0-9๐-๙]{4}$": self.value.schema()},
            "additionalProperties": False,
        })


class KeyMap(Field):
    """{key: value} with free keys checked by `key` (e.g. OIT item keys)."""

    def __init__(self, value, description: str = ""):
        super().__init__(description)
        self.value = as_field(value)

    def check(self, value, ctx):
        if not isinstance(value, YMap):
            return ctx.error("ต้องเป็นรายการ ชื่อ: รายละเอียด")
        result = {}
        for key, raw in value.items():
            child = ctx.child(key, value)
            if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9_]+", key):
                child.error(f"ชื่อ '{key}' ต้องเป็นภาษาอังกฤษตัวเล็ก ตัวเลข หรือ _ เท่านั้น")
                continue
            checked = self.value.check(raw, child)
            if checked is not INVALID:
                result[key] = checked
        return result

    def schema(self):
        return self._described({"type": "object", "additionalProperties": self.value.schema()})


class Obj(Field):
    """A mapping with known fields; unknown fields are errors (with a suggestion)."""

    def __init__(self, fields: dict, required=(), description: str = "", one_of=()):
        super().__init__(description)
        self.fields, self.required, self.one_of = fields, tuple(required), tuple(one_of)

    def check(self, value, ctx):
        if not isinstance(value, YMap):
            return ctx.error("ต้องเป็นกลุ่มข้อมูลแบบ ชื่อช่อง: ค่า")
        result = Record()
        result.file, result.line = ctx.file, ctx.line
        for key, raw in value.items():
            child = ctx.child(key, value)
            spec = self.fields.get(key)
            if spec is None:
                self._unknown(key, child)
                continue
            if raw is None and key not in self.required:
                continue  # an empty optional field is the same as no field
            checked = spec.check(raw, child)
            if checked is not INVALID:
                result[key] = checked
        ok = True
        for key in self.required:
            if key not in value or value[key] is None:
                ctx.error(f"ขาดช่อง '{key}' ซึ่งต้องมี ({self.fields[key].description or key})".replace(" ()", ""))
                ok = False
            elif key not in result:
                ok = False  # present but invalid: its problem is already recorded
        if self.one_of and sum(k in value for k in self.one_of) != 1:
            ctx.error(f"ต้องมีอย่างใดอย่างหนึ่งเท่านั้นระหว่าง {' หรือ '.join(self.one_of)}")
            ok = False
        return result if ok else INVALID

    def _unknown(self, key, ctx):
        names = list(self.fields)
        close = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
        hint = f" หมายถึง '{close[0]}' หรือไม่" if close else f" ช่องที่ใช้ได้: {', '.join(names)}"
        ctx.error(f"ไม่รู้จักช่อง '{key}'{hint}")

    def schema(self):
        schema = {
            "type": "object",
            "properties": {name: spec.schema() for name, spec in self.fields.items()},
            "additionalProperties": False,
        }
        if self.required:
            schema["required"] = list(self.required)
        if self.one_of:
            schema["oneOf"] = [{"required": [k]} for k in self.one_of]
        return self._described(schema)


class Period(Field):
    """A time span: 'ม.ค.2564 - มี.ค.2564', 'ต.ค. 65 – ก.ย. 66', or {start, end, text}."""

    description = "ช่วงเวลา เช่น ต.ค. 67 - มี.ค. 68 หรือ start: / end:"

    def __init__(self, description: str = ""):
        super().__init__(description)
        self.obj = Obj({"start": Date(), "end": Date(), "text": Text(single_line=True)})

    def check(self, value, ctx):
        if isinstance(value, YMap):
            period = self.obj.check(value, ctx)
            if period is INVALID:
                return INVALID
            if "start" in period and "end" in period and period["end"] < period["start"]:
                return ctx.error("วันสิ้นสุดมาก่อนวันเริ่มต้น")
            return period
        text = Text(single_line=True).check(value, ctx)
        if text is INVALID:
            return INVALID
        return parse_period_text(text)

    def schema(self):
        return self._described({"anyOf": [{"type": "string"}, self.obj.schema()]})


_RANGE_SPLIT = re.compile(r"\s*(?:-|–|—|ถึง)\s*")


def parse_period_text(text: str) -> dict:
    """Best effort: {'text', 'start'?, 'end'?}; unreadable text is kept as text only."""
    import calendar
    import datetime as dt

    period = {"text": text}
    parts = [p for p in _RANGE_SPLIT.split(thai.to_arabic_digits(text).strip()) if p]
    if len(parts) != 2:
        return period
    bounds = []
    for part in parts:
        try:
            bounds.append(thai.parse_date(part))
            continue
        except thai.ParseError:
            pass
        try:
            bounds.append(thai.parse_month_start(part))
        except thai.ParseError:
            return period
    start, end = bounds
    if end.day == 1 and not re.match(r"^\s*\d", parts[1]):  # a month: to its last day
        end = dt.date(end.year, end.month, calendar.monthrange(end.year, end.month)[1])
    if end >= start:
        period.update(start=start, end=end)
    return period


# --- mkdocs.yml: values the theme prints without escaping ------------------------------------

_CONFIG_URLS = ("site_url", "repo_url")
_CONFIG_TEXTS = ("site_description", "site_author", "repo_name", "edit_uri")
_MARKUP_CHARS = re.compile(r"[<>\"'`\x00-\x1f\x7f]")
_SCRIPT_SCHEME = re.compile(r"\s*(javascript|data|vbscript)\s*:", re.IGNORECASE)


def config_problems(config) -> list[tuple[str, str]]:
    """[(setting, Thai message)] for mkdocs.yml values that could carry markup into every page:
    MkDocs and Material print site_url (canonical links), repo_url and the texts below into
    attributes without escaping. The URLs must survive rebuild_url unchanged (site_url by the
    site-address rules), texts and every text under `extra` may hold no quote, angle bracket
    or control character. The site's name and address from the data folder are checked as
    data (organisation.yaml, site.yaml) before they reach the configuration."""
    problems = []
    for key in _CONFIG_URLS:
        value = _config_value(config, key)
        if not value:
            continue
        field = SiteUrl() if key == "site_url" else Url()
        scratch = Problems()
        checked = field.check(str(value), Ctx("mkdocs.yml", key, None, scratch))
        if checked is INVALID:
            problems += [(key, item.message) for item in scratch.items]
        elif checked.rstrip("/") != str(value).strip().rstrip("/"):
            problems.append((key, f"ให้เขียนเป็น {checked} (ลิงก์ต้องเข้ารหัสอักขระพิเศษแล้ว)"))
    for key in _CONFIG_TEXTS:
        value = _config_value(config, key)
        if isinstance(value, str) and _MARKUP_CHARS.search(value):
            problems.append((key, "มีเครื่องหมาย < > \" ' ` หรืออักขระควบคุม ซึ่งจะกลายเป็นส่วนของหน้าเว็บ ให้ลบออก"))
    for key, value in _texts_under(_config_value(config, "extra") or {}, "extra"):
        if _MARKUP_CHARS.search(value):
            problems.append((key, "มีเครื่องหมาย < > \" ' ` หรืออักขระควบคุม ซึ่งจะกลายเป็นส่วนของหน้าเว็บ ให้ลบออก"))
        elif _SCRIPT_SCHEME.match(value):
            problems.append((key, "เป็นลิงก์ที่เรียกสคริปต์ (javascript:, data:, vbscript:) ซึ่งใช้ไม่ได้ ให้ใช้ลิงก์ https:// แทน"))
    return problems


def _config_value(config, key):
    try:
        return config[key]
    except (KeyError, TypeError):
        return None


def _texts_under(value, path: str):
    """Every text inside nested mappings and lists, with its dotted path."""
    if isinstance(value, str):
        yield path, value
    elif hasattr(value, "items"):  # a dict, or MkDocs' own mapping types
        for key, item in value.items():
            yield from _texts_under(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts_under(item, f"{path}[{index}]")
