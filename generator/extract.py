"""The text of an attachment, read the way its reader would see it, with bounds on the work.

The personal-data guard (generator/privacy.py) scans what this module reads out of every
attachment the site publishes:

* PDF: the text of every page, and every string stored in the file (annotations and their
  pop-up notes, form fields, bookmarks, named destinations, the document information) and
  the XMP metadata; files embedded in a PDF are read the same way.
* Office files (xlsx, docx, pptx, odt, ods, odp): every XML part of the zip, whatever its name
  (a main part renamed through `_rels/.rels` is still read): element text and attribute
  values (alt text, hyperlink targets, sheet names, defined names, validation lists …),
  cells of worksheets with their coordinates, and documents embedded in the zip.
* .txt/.csv: every line.
* Images: nothing is read; `published_bytes` gives them without their metadata (write.py publishes that)
  (EXIF, XMP, PNG text chunks, comments), keeping only what draws the picture, and
  `image_problem` (called by files.check_attachment) refuses a cut or oversized picture from
  its header, before anything decodes it.

Everything is bounded before it is parsed (zip entries' sizes and compression ratios, the
number of worksheet cells, the number of PDF objects, the amount of text and the time spent):
a file beyond a bound raises `Unreadable` with a Thai message, never a silent partial scan.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import struct
import time
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.parsers import expat

from . import buildcache

# --- bounds -----------------------------------------------------------------------------------

MAX_TEXT_CHARS = 10_000_000        # all the text read out of one attachment
MAX_SECONDS = 40                   # time spent reading one attachment
MAX_ZIP_ENTRIES = 5_000
MAX_ZIP_PART_BYTES = 64 * 1024 * 1024      # one part, uncompressed
MAX_ZIP_TOTAL_BYTES = 256 * 1024 * 1024    # all parts, uncompressed
MAX_ZIP_RATIO = 200                # uncompressed / compressed, for parts above 1 MB
MAX_CELLS = 1_000_000              # worksheet cells (empty or not) in one workbook
MAX_PDF_OBJECTS = 500_000
MAX_NESTING = 2                    # a file embedded in a file embedded in a file
MAX_EMBEDDED_BYTES = 20 * 1024 * 1024


class Unreadable(Exception):
    """The file cannot be read whole; the message (Thai) says why."""


class TooSlow(Unreadable):
    """Reading took longer than MAX_SECONDS."""


class BrokenXml(Unreadable):
    """An XML part that expat refuses (malformed, or with a DTD): read again as tags and text."""


@dataclass(frozen=True)
class Piece:
    location: str          # where in the file: "หน้า 2", "ผู้ร้อง!B5", "word/document.xml"
    line: int | None       # a line or page number, when there is one
    text: str
    numbered: bool = False  # True: `line` is the number of the text's first line (each line counts)


class Budget:
    """How much text and time one attachment may still take."""

    def __init__(self, chars: int = MAX_TEXT_CHARS, seconds: float = MAX_SECONDS):
        self.chars = chars
        self.deadline = time.monotonic() + seconds
        self.cells = 0

    def take(self, text: str) -> str:
        self.chars -= len(text)
        if self.chars < 0:
            raise Unreadable(f"มีข้อความยาวเกิน {MAX_TEXT_CHARS:,} ตัวอักษร จึงตรวจได้ไม่ครบทั้งไฟล์")
        self.tick()
        return text

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TooSlow(f"ใช้เวลาอ่านเกิน {MAX_SECONDS} วินาที (ไฟล์ซับซ้อนหรือใหญ่เกินไป) จึงตรวจได้ไม่ครบทั้งไฟล์")

    def cell(self) -> None:
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise Unreadable(f"มีเซลล์ (รวมเซลล์ว่างที่จัดรูปแบบไว้) เกิน {MAX_CELLS:,} เซลล์ "
                             "ให้ลบแถวและคอลัมน์ที่ไม่ใช้ออก แล้วบันทึกใหม่")


# --- reading an attachment --------------------------------------------------------------------

OFFICE_SUFFIXES = (".xlsx", ".xlsm", ".docx", ".pptx", ".odt", ".ods", ".odp")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def attachment_text(path: Path, budget: Budget | None = None):
    """Pieces of an attachment's text, in reading order; raises Unreadable. What a whole reading
    found (its pieces, or why the file cannot be read whole) is kept in the build cache
    (generator/buildcache.py) under a digest of the file's bytes, so that an unchanged
    attachment is read once, not at every build. The digest, not the file's name, size and
    modification time, is the key: a file replaced by another of the same size and time (a copy
    that keeps times) must never be vouched for by the scan of the one before it."""
    key = _cache_key(path) if budget is None else None
    cached = buildcache.read_json(CACHE_KIND, key) if key else None
    if cached is not None:
        yield from (Piece(location, line, text, numbered) for location, line, text, numbered in cached["pieces"])
        if cached["unreadable"] is not None:
            raise Unreadable(cached["unreadable"])
        return
    pieces: list[Piece] = []
    try:
        for piece in read_attachment_text(path, budget):
            pieces.append(piece)
            yield piece
    except TooSlow:
        raise  # the time a file takes depends on the machine's load: never remembered
    except Unreadable as exc:
        _remember(key, pieces, str(exc))
        raise
    _remember(key, pieces, None)


CACHE_KIND = "attachment-text"


def _cache_key(path: Path) -> str | None:
    """The file's SHA-256 (hashing is some hundred times faster than reading a PDF's text), its
    kind (the reader follows the suffix) and the reader's version."""
    try:
        with open(path, "rb") as source:
            digest = hashlib.file_digest(source, "sha256").hexdigest()
    except OSError:
        return None
    return buildcache.key_of(digest, path.suffix.lower(), _reader_version())


def content_key(path: Path) -> str | None:
    """The key the text of an attachment is kept under (None: the file cannot be opened): what
    is worked out from that text (the personal-data guard's findings) is kept under it too."""
    return _cache_key(path)


def _remember(key: str | None, pieces: list[Piece], unreadable: str | None) -> None:
    if key:
        buildcache.write_json(CACHE_KIND, key, {
            "pieces": [[p.location, p.line, p.text, p.numbered] for p in pieces], "unreadable": unreadable})


@lru_cache(maxsize=1)
def _reader_version() -> str:
    """Changes when the way files are read changes: this module's source and the PDF reader."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        pypdf = version("pypdf")
    except PackageNotFoundError:
        pypdf = "-"
    return buildcache.key_of(Path(__file__).read_bytes().hex(), pypdf)


def read_attachment_text(path: Path, budget: Budget | None = None):
    """Pieces of an attachment's text, read from the file itself; raises Unreadable."""
    budget = budget or Budget()
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            yield from pdf_text(path, budget)
        elif suffix in OFFICE_SUFFIXES:
            yield from office_text(path, budget)
        elif suffix in (".txt", ".csv"):
            yield from plain_text(path.read_bytes(), "-", budget)
        elif suffix in IMAGE_SUFFIXES:
            pass  # nothing to read: files.check_attachment refuses a broken or oversized picture
        elif suffix in (".xls", ".doc"):
            raise Unreadable("เป็นไฟล์ Office รุ่นเก่า (.xls/.doc) ที่ระบบอ่านข้อความไม่ได้ ให้บันทึกเป็น .xlsx/.docx หรือ PDF")
        else:
            raise Unreadable("ไม่รู้จักชนิดไฟล์")
    except Unreadable:
        raise
    except MemoryError:
        raise Unreadable("หน่วยความจำไม่พอสำหรับอ่านไฟล์นี้") from None
    except RecursionError:
        raise Unreadable("โครงสร้างไฟล์ซ้อนกันลึกเกินไป") from None
    except Exception as exc:  # a broken file: it is refused, never published unread
        raise Unreadable(_broken_file_message(exc)) from None


def _broken_file_message(exc: Exception) -> str:
    """Thai words for a reader's failure (never an internal error name): a stream that unpacks
    beyond the reader's limit is a bomb, not a damaged file."""
    if type(exc).__name__ == "LimitReachedError":
        return ("มีข้อมูลที่บีบอัดไว้ซึ่งคลายออกแล้วใหญ่เกินกำหนด (ไฟล์ขยายตัวผิดปกติ อาจถูกสร้างมาเพื่อให้ระบบทำงานหนัก) "
                "จึงตรวจได้ไม่ครบทั้งไฟล์")
    return "ไฟล์เสียหรือมีโครงสร้างที่อ่านไม่ได้"


def plain_text(data: bytes, location: str, budget: Budget):
    yield Piece(location, 1, budget.take(data.decode("utf-8-sig", errors="replace")), numbered=True)


# --- PDF --------------------------------------------------------------------------------------

# Where in a PDF a string was found, by the key that leads to it (the nearest one wins).
_PDF_PLACES = {
    "/Annots": "คำอธิบายประกอบ (annotation)", "/AcroForm": "ฟอร์ม (form field)", "/Outlines": "สารบัญ (bookmark)",
    "/Names": "ชื่อและไฟล์ที่ฝัง", "/Dests": "ชื่อและไฟล์ที่ฝัง", "/Info": "ข้อมูลกำกับไฟล์ (metadata)",
    "/Metadata": "ข้อมูลกำกับไฟล์ (XMP)", "/EmbeddedFiles": "ไฟล์ที่ฝังใน PDF", "/AF": "ไฟล์ที่ฝังใน PDF",
}
# Keys whose values are drawing, fonts and structure, never words a reader sees as text.
_PDF_SKIP_KEYS = {"/Parent", "/ID", "/Encrypt", "/Font", "/FontFile", "/FontFile2", "/FontFile3", "/ColorSpace", "/Widths",
                  "/Encoding", "/CharProcs", "/ToUnicode", "/Pattern", "/Shading", "/Function", "/Functions"}


def pdf_text(source, budget: Budget, depth: int = 0):
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # broken PDFs: we report, not pypdf
    reader = PdfReader(source if not isinstance(source, Path) else str(source), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = 0
        if not opened:
            raise Unreadable("PDF มีรหัสผ่าน (เข้ารหัสไว้)")
    for number, page in enumerate(reader.pages, 1):
        budget.tick()
        yield Piece(f"หน้า {number}", number, budget.take(page.extract_text() or ""))
    yield from _pdf_objects(reader, budget, depth)


def _pdf_objects(reader, budget: Budget, depth: int):
    """Every string reachable from the document's trailer (annotations, form fields, bookmarks,
    names, document information), XMP metadata, and the files embedded in it."""
    from pypdf.generic import (ArrayObject, ByteStringObject, DictionaryObject, IndirectObject,
                               StreamObject, TextStringObject)

    seen: set[tuple[int, int]] = set()
    stack = [(reader.trailer, "โครงสร้างไฟล์ PDF")]
    # objects nothing refers to are still in the file: read them last (pushed first)
    numbers = [(idnum, generation) for generation, table in reader.xref.items() for idnum in table]
    numbers += [(idnum, 0) for idnum in reader.xref_objStm]
    if len(numbers) > MAX_PDF_OBJECTS:
        raise Unreadable(f"PDF มีวัตถุภายในเกิน {MAX_PDF_OBJECTS:,} รายการ")
    stack[:0] = [(IndirectObject(idnum, generation, reader), "โครงสร้างไฟล์ PDF") for idnum, generation in numbers]
    visited = 0
    while stack:
        value, place = stack.pop()
        if isinstance(value, IndirectObject):
            ref = (value.idnum, value.generation)
            if ref in seen:
                continue
            seen.add(ref)
            value = value.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise Unreadable(f"PDF มีวัตถุภายในเกิน {MAX_PDF_OBJECTS:,} รายการ")
        if visited % 1000 == 0:
            budget.tick()
        if isinstance(value, TextStringObject):
            yield Piece(place, None, budget.take(str(value)))
        elif isinstance(value, ByteStringObject):
            yield Piece(place, None, budget.take(bytes(value).decode("latin-1")))
        elif isinstance(value, DictionaryObject):
            if isinstance(value, StreamObject):
                yield from _pdf_stream(value, place, budget, depth)
            if value.get("/Type") == "/Page":
                place = "โครงสร้างไฟล์ PDF"
            for key, child in value.items():
                if key in _PDF_SKIP_KEYS or key == "/Contents" and value.get("/Type") == "/Page":
                    continue
                stack.append((child, _PDF_PLACES.get(key, place)))
        elif isinstance(value, ArrayObject):
            stack.extend((child, place) for child in value)


def _pdf_stream(stream, place: str, budget: Budget, depth: int):
    kind = stream.get("/Type")
    if kind == "/Metadata" or stream.get("/Subtype") == "/XML":
        yield from _xml_pieces(stream.get_data(), "ข้อมูลกำกับไฟล์ (XMP)", budget, depth)
    elif kind == "/EmbeddedFile":
        data = stream.get_data()
        yield from embedded_text(data, "ไฟล์ที่ฝังใน PDF", budget, depth + 1)
    elif stream.get("/Subtype") == "/Image" and stream.get("/Filter") in ("/DCTDecode", ["/DCTDecode"]):
        for text in image_metadata_text(bytes(stream._data)):   # a JPEG keeps its EXIF inside a PDF
            yield Piece("ข้อมูลกำกับรูปภาพใน PDF", None, budget.take(text))


def _xml_pieces(data: bytes, location: str, budget: Budget, depth: int):
    """The text and attribute values of an XML stream (XMP metadata)."""
    try:
        yield from _XmlText(location, budget, [], None).feed_all([data])
    except BrokenXml:
        yield from tag_soup(data, location, budget)


def tag_soup(data: bytes, location: str, budget: Budget):
    """Text and attribute values of XML that a parser refuses, by cutting at tags (no entity
    is expanded but the five predefined ones and character references)."""
    import html

    text = xml_as_text(data)
    for value in re.findall(r"""["']([^"'<>]*)["']""", text):     # attribute values, entity values
        if any(c.isdigit() or c == "@" for c in value):
            yield Piece(location, None, budget.take(html.unescape(value)))
    plain = html.unescape(re.sub(r"<[^>]*>", "\n", text))
    yield Piece(location, 1, budget.take(plain), numbered=True)


def embedded_text(data: bytes, location: str, budget: Budget, depth: int):
    """The text of a file found inside another one, read by its content."""
    if depth > MAX_NESTING:
        raise Unreadable("มีไฟล์ฝังซ้อนกันหลายชั้นเกินไป")
    if len(data) > MAX_EMBEDDED_BYTES:
        raise Unreadable(f"มีไฟล์ที่ฝังไว้ใหญ่เกิน {MAX_EMBEDDED_BYTES // 1024 // 1024} MB")
    if data.startswith(b"%PDF-"):
        for piece in pdf_text(io.BytesIO(data), budget, depth):
            yield Piece(f"{location}: {piece.location}", piece.line, piece.text)
    elif data.startswith(b"PK\x03\x04"):
        for piece in office_text(io.BytesIO(data), budget, depth):
            yield Piece(f"{location}: {piece.location}", piece.line, piece.text)
    elif image_kind(data):
        for text in image_metadata_text(data):
            yield Piece(f"{location}: ข้อมูลกำกับรูปภาพ", None, budget.take(text))
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable("มีไฟล์ Office รุ่นเก่าฝังอยู่ ซึ่งระบบอ่านไม่ได้")
    else:
        yield from plain_text(data, location, budget)


# --- Office (zip of XML parts) -------------------------------------------------------------------

def zip_problem(archive: zipfile.ZipFile) -> str | None:
    """Why a zip may not be opened further (too many parts, too big unpacked, a zip bomb), or None.
    Judged from the zip's directory, before anything is unpacked."""
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        return f"ไฟล์มีส่วนประกอบภายใน {len(entries):,} ส่วน เกินกำหนด {MAX_ZIP_ENTRIES:,} ส่วน"
    total = 0
    for info in entries:
        if info.flag_bits & 0x1:
            return "ไฟล์ถูกเข้ารหัส (มีรหัสผ่าน)"
        if info.file_size > MAX_ZIP_PART_BYTES:
            return (f"ส่วน '{info.filename}' ของไฟล์เมื่อคลายออกใหญ่ {info.file_size / 1024 / 1024:,.1f} MB "
                    f"เกินกำหนด {MAX_ZIP_PART_BYTES // 1024 // 1024} MB")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_ZIP_RATIO * max(1, info.compress_size):
            return (f"ส่วน '{info.filename}' ของไฟล์ถูกบีบอัดไว้ผิดปกติ (คลายออกแล้วใหญ่ขึ้น "
                    f"{info.file_size // max(1, info.compress_size):,} เท่า)")
        total += info.file_size
    if total > MAX_ZIP_TOTAL_BYTES:
        return f"ไฟล์เมื่อคลายออกใหญ่ {total / 1024 / 1024:,.1f} MB เกินกำหนด {MAX_ZIP_TOTAL_BYTES // 1024 // 1024} MB"
    return None


def read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, chunk: int = 1 << 20):
    """A zip part's bytes in chunks, never more than its directory declared (a part that
    unpacks to more than declared is refused)."""
    seen = 0
    with archive.open(info) as member:
        while True:
            data = member.read(chunk)
            if not data:
                return
            seen += len(data)
            if seen > min(info.file_size, MAX_ZIP_PART_BYTES):
                raise Unreadable(f"ส่วน '{info.filename}' ของไฟล์คลายออกแล้วใหญ่กว่าที่ระบุไว้")
            yield data


def open_zip(source) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise Unreadable("ไฟล์ zip/Office เสีย") from None
    problem = zip_problem(archive)
    if problem:
        archive.close()
        raise Unreadable(problem)
    return archive


def _looks_like_xml(head: bytes) -> bool:
    """XML in UTF-8 or UTF-16 (OPC allows both; expat reads either from its byte-order mark or
    its first bytes, and honours the encoding declaration)."""
    if head.startswith((b"\xff\xfe<", b"\xfe\xff\x00<", b"<\x00", b"\x00<")):
        return True
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def xml_as_text(data: bytes) -> str:
    """An XML part's characters, in whichever encoding it was saved (UTF-8 or UTF-16)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"<\x00"):
        return data.decode("utf-16-le", errors="replace")
    if data.startswith(b"\x00<"):
        return data.decode("utf-16-be", errors="replace")
    return data.decode("utf-8-sig", errors="replace")


def office_text(source, budget: Budget, depth: int = 0):
    with open_zip(source) as archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
        shared = _shared_strings(archive, entries, budget)
        formats = _cell_formats(archive, entries)
        sheet_names = _sheet_names(archive, entries)
        # worksheets first: a value found in a cell is reported with its coordinate
        entries.sort(key=lambda info: info.filename not in sheet_names)
        for info in entries:
            budget.tick()
            parts = read_part(archive, info)
            head = next(parts, b"")
            if _looks_like_xml(head):
                label = info.filename
                reader = _XmlText(label, budget, shared, sheet_names.get(info.filename), formats=formats)
                try:
                    yield from reader.feed_all(_chain(head, parts))
                except BrokenXml:
                    # what can be read is still scanned, but a part that is not well-formed XML (or
                    # declares entities) is not read the way Office reads it: the file is refused
                    yield from tag_soup(b"".join(read_part(archive, info)), label, budget)
                    raise
            elif head:
                data = head + b"".join(parts)
                if image_kind(data):
                    for text in image_metadata_text(data):
                        yield Piece(f"{info.filename}: ข้อมูลกำกับรูปภาพ", None, budget.take(text))
                elif data.startswith((b"%PDF-", b"PK\x03\x04")):
                    yield from embedded_text(data, info.filename, budget, depth + 1)
                elif data.startswith(b"\xd0\xcf\x11\xe0"):
                    raise Unreadable(f"มีไฟล์ Office รุ่นเก่าฝังอยู่ ({info.filename}) ซึ่งระบบอ่านไม่ได้")
                elif _is_text(data):
                    yield from plain_text(data, info.filename, budget)
                else:  # fonts, printer settings, macros …
                    yield from binary_strings(data, info.filename, budget)


def _is_text(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return False
    try:  # the head may end inside a character
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def binary_strings(data: bytes, location: str, budget: Budget):
    """Runs of printable ASCII in a binary part (what `strings` shows): a number typed into
    a part no viewer shows is still published."""
    for match in re.finditer(rb"[\x20-\x7e]{9,}", data):
        yield Piece(location, None, budget.take(match.group().decode("ascii")))


def _chain(head: bytes, rest):
    yield head
    yield from rest


def _shared_strings(archive, entries, budget: Budget) -> list[str]:
    strings: list[str] = []
    for info in entries:
        if re.search(r"(^|/)sharedStrings\d*\.xml$", info.filename, re.I):
            reader = _XmlText(info.filename, budget, [], None, collect_strings=strings)
            for _ in reader.feed_all(read_part(archive, info)):
                pass
    return strings


def _sheet_names(archive, entries) -> dict[str, str]:
    """{part name: sheet name} of a workbook's worksheets (best effort; parts not named
    here are still read, with their part name as the location)."""
    names = {info.filename for info in entries}
    workbook = next((n for n in names if re.search(r"(^|/)workbook\.xml$", n)), None)
    if workbook is None:
        return {}
    folder = workbook.rpartition("/")[0]
    rels_name = f"{folder}/_rels/workbook.xml.rels" if folder else "_rels/workbook.xml.rels"
    info = archive.getinfo(workbook)
    if info.file_size > 4 * 1024 * 1024 or rels_name not in names:
        return {}
    xml = xml_as_text(b"".join(read_part(archive, info)))
    rels = xml_as_text(b"".join(read_part(archive, archive.getinfo(rels_name))))
    targets = {}
    for rel in re.finditer(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        rid = re.search(r'\bId="([^"]*)"', rel.group())
        target = re.search(r'\bTarget="([^"]*)"', rel.group())
        if rid and target:
            path = target.group(1).lstrip("/") if target.group(1).startswith("/") else \
                os.path.normpath(f"{folder}/{target.group(1)}").replace(os.sep, "/")
            targets[rid.group(1)] = path
    result = {}
    for sheet in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", xml):
        name = re.search(r'\bname="([^"]*)"', sheet.group())
        rid = re.search(r'\br:id="([^"]*)"|\b\w+:id="([^"]*)"', sheet.group())
        if name and rid:
            target = targets.get(rid.group(1) or rid.group(2))
            if target:
                import html
                result[target] = html.unescape(name.group(1))
    return result


# Elements whose text runs on inside the same line (runs of a paragraph); the end of any
# other element ends a line.
_INLINE = {"t", "r", "delText", "instrText", "span", "hyperlink", "smartTag", "ins", "fldSimple",
           "proofErr", "bookmarkStart", "bookmarkEnd", "rPr", "lastRenderedPageBreak", "a", "s", "tab",
           "softHyphen", "noBreakHyphen", "sym", "customXml", "sdt", "sdtContent", "dir", "bdo",
           "br", "cr"}   # a line break inside a paragraph: the paragraph goes on (read across the break)
# Attributes that are machine identifiers, never text: skipped to keep the scan quiet.
_NOISE_ATTRIBUTE = re.compile(r"^(rsid\w*|paraId|textId|uid|guid|id|r|s|spans|xr:uid|ref|sqref|\w+:rsid\w*|"
                              r"\w+:paraId|\w+:textId|cx|cy|x|y|w|h|sz)$", re.I)
_GUID = re.compile(r"^\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?$")


class _XmlText:
    """Streams an XML part through expat: each line of text (a paragraph, a property, a defined
    name …), each attribute value, and each worksheet cell. No DTD is accepted (no entities)."""

    def __init__(self, label: str, budget: Budget, shared: list[str], sheet: str | None,
                 collect_strings: list[str] | None = None, formats: list[str] | None = None):
        self.label = label
        self.formats = formats or []
        self.budget = budget
        self.shared = shared
        self.sheet = sheet or label
        self.collect = collect_strings
        self.out: list[Piece] = []
        self.line: list[str] = []
        self.lines = 0
        self.cell: dict | None = None
        self.capture: str | None = None     # inside a cell: "v"/"is" (its value) or "f" (its formula)
        self.starts: list[int] = []          # length of the line when each open element started
        self.in_sheet_data = False
        self.in_shared_item = False
        parser = expat.ParserCreate()
        parser.StartDoctypeDeclHandler = self._refuse_dtd
        parser.EntityDeclHandler = self._refuse_dtd
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        parser.buffer_text = True
        self.parser = parser

    def feed_all(self, chunks):
        try:
            for chunk in chunks:
                self.parser.Parse(chunk, False)
                yield from self._drain()
            self.parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise BrokenXml(f"ส่วน '{self.label}' ของไฟล์เสีย (XML ผิดรูปแบบ บรรทัด {exc.lineno})") from None
        self._flush()
        yield from self._drain()

    def _drain(self):
        out, self.out = self.out, []
        return out

    @staticmethod
    def _refuse_dtd(*_args):
        raise BrokenXml("มีการประกาศ DTD/ENTITY ในไฟล์ (ไฟล์ Office ปกติไม่มี และใช้ขยายข้อความให้ใหญ่มากได้)")

    def _start(self, name, attrs):
        local = name.rpartition(":")[2]
        if local == "sheetData":
            self.in_sheet_data = True
        self.starts.append(len(self.line))
        if self.in_sheet_data:
            if local == "c":
                self.budget.cell()
                self.cell = {"ref": attrs.get("r", ""), "type": attrs.get("t", "n"), "text": [], "formula": [],
                             "style": attrs.get("s", "0")}
            elif self.cell is not None and local in ("v", "is", "f"):
                self.capture = local
            return  # cells' attributes are coordinates and styles
        if local == "si" and self.collect is not None:
            self.in_shared_item = True
            self.line = []
        for key, value in attrs.items():
            if key == "formatCode":   # a number format's placeholders (000-000-0000) are not a number
                value = format_literals(value)
            if value and not _NOISE_ATTRIBUTE.match(key) and not _GUID.match(value) and any(c.isdigit() or c == "@" for c in value):
                self.out.append(Piece(self.label, None, self.budget.take(value)))
        if local in ("br", "cr", "tab") and not self.in_sheet_data:
            self.line.append(" " if local == "tab" else "\n")
        elif local == "sym":      # a character picked from a symbol font: Word shows it in the line
            self.line.append(_symbol_character(attrs))

    def _text(self, data):
        if self.cell is not None:
            if self.capture:
                self.cell["formula" if self.capture == "f" else "text"].append(data)
        elif not self.in_sheet_data:
            self.line.append(data)

    def _end(self, name):
        local = name.rpartition(":")[2]
        started = self.starts.pop() if self.starts else 0
        if self.in_sheet_data:
            if local in ("v", "is", "f"):
                self.capture = None
            if local == "c" and self.cell is not None:
                self._emit_cell(self.cell)
                self.cell = None
            elif local == "sheetData":
                self.in_sheet_data = False
            return
        if local == "si" and self.in_shared_item:
            self.collect.append("".join(self.line))
            self.line = []
            self.in_shared_item = False
            return
        if self.in_shared_item or local in _INLINE or len(self.line) <= started:
            return  # a run of a paragraph, or an element that held no text of its own
        self._flush()

    def _flush(self):
        """A paragraph (or property) as one piece, its line breaks kept: a number wrapped at a
        line break (<w:br/>) is found across the break."""
        text = "".join(self.line)
        self.line = []
        if text.strip() and self.collect is None:
            first = self.lines + 1
            self.lines += text.count("\n") + 1
            self.out.append(Piece(self.label, first, self.budget.take(text), numbered=True))

    def _emit_cell(self, cell):
        value = "".join(cell["text"]).strip()
        if not value and not cell["formula"]:
            return
        if cell["type"] == "s":
            try:
                value = self.shared[int(value)]
            except (ValueError, IndexError):
                pass
        elif cell["type"] == "n":
            shown = self._displayed(value, cell["style"])
            value = number_text(value)
            if shown and shown != value:     # "0##-###-####" shows 812345678 as 081-234-5678
                value = f"{value}\n{shown}"
        ref = cell["ref"]
        row = re.sub(r"\D", "", ref)
        where = f"{self.sheet}!{ref}" if ref else self.sheet
        self.out.append(Piece(where, int(row) if row else None, self.budget.take(value)))
        formula = "".join(cell["formula"])
        if formula:
            # text joined by & shows as one value even when no result was saved: ="110370"&"0123458"
            joined = re.sub(r'"\s*&\s*"', "", formula)
            text = formula if joined == formula else f"{formula}\n{joined}"
            self.out.append(Piece(where, int(row) if row else None, self.budget.take(text)))


    def _displayed(self, value: str, style: str) -> str | None:
        try:
            code = self.formats[int(style)]
        except (ValueError, IndexError):
            return None
        return displayed_number(value, code) if code else None


# --- number formats: a number as Excel displays it ----------------------------------------------

def _cell_formats(archive, entries) -> list[str]:
    """The custom number format of each cell style (index = a cell's s="…"), "" for built-in
    formats (they show a number's digits as they are)."""
    import html

    styles = next((info for info in entries if re.search(r"(^|/)styles\.xml$", info.filename)), None)
    if styles is None or styles.file_size > 8 * 1024 * 1024:
        return []
    xml = xml_as_text(b"".join(read_part(archive, styles)))
    codes = {m.group(1): html.unescape(m.group(2)) for m in re.finditer(
        r'<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"', xml)}
    codes.update({m.group(2): html.unescape(m.group(1)) for m in re.finditer(
        r'<(?:\w+:)?numFmt\b[^>]*?formatCode="([^"]*)"[^>]*?numFmtId="(\d+)"', xml)})
    cell_xfs = re.search(r"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", xml, re.S)
    if not cell_xfs:
        return []
    formats = []
    for xf in re.finditer(r"<(?:\w+:)?xf\b[^>]*>", cell_xfs.group()):
        number_format = re.search(r'numFmtId="(\d+)"', xf.group())
        formats.append(codes.get(number_format.group(1), "") if number_format else "")
    return formats


_FORMAT_TOKEN = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.|.', re.S)


def _format_tokens(code: str) -> list[str]:
    """The first section of a number format (the one for positive numbers), as tokens."""
    tokens = []
    for token in _FORMAT_TOKEN.findall(code):
        if token == ";":
            break
        tokens.append(token)
    return tokens


def format_literals(code: str) -> str:
    """The text a number format adds to every number (quoted text, escaped characters), without
    its digit placeholders: what the format shows whatever the value."""
    out = []
    for token in _FORMAT_TOKEN.findall(code):
        if token.startswith('"'):
            out.append(token[1:-1])
        elif token.startswith("\\"):
            out.append(token[1])
        elif token == ";":
            out.append(" ")
    return "".join(out)


def displayed_number(value: str, code: str) -> str | None:
    """A whole number as Excel displays it with a custom format made of digit placeholders and
    literal text ('0##-###-####', '"1103700"000000', '0-0000-00000-00-0'); None for other
    formats (dates, decimals, scientific), which cannot spell an ID number or a phone."""
    try:
        number = float(value)
    except ValueError:
        return None
    if not number.is_integer() or number < 0 or number >= 1e16:
        return None
    tokens = _format_tokens(code)
    literal = ("\"", "\\", "[", "_", "*")
    if any(t.lower() in "ymdhse.%/@" for t in tokens if not t.startswith(literal)):
        return None
    placeholders = [i for i, t in enumerate(tokens) if t in ("0", "#", "?")]
    if not placeholders:
        return None
    digits = str(int(number))
    shown = [""] * len(tokens)
    remaining = digits
    for index in reversed(placeholders):
        if remaining:
            shown[index], remaining = remaining[-1], remaining[:-1]
        else:
            shown[index] = {"0": "0", "#": "", "?": " "}[tokens[index]]
    shown[placeholders[0]] = remaining + shown[placeholders[0]]   # digits beyond the placeholders
    for index, token in enumerate(tokens):
        if index in placeholders or token == ",":
            continue
        if token.startswith('"'):
            shown[index] = token[1:-1]
        elif token.startswith("\\"):
            shown[index] = token[1]
        elif token.startswith(("[", "_", "*")):
            shown[index] = " " if token.startswith("_") else ""
        else:
            shown[index] = token
    return "".join(shown)


def _symbol_character(attrs: dict) -> str:
    """The character of <w:sym w:char="0038"/>: symbol fonts map U+F020-F0FF onto U+0020-00FF."""
    code = next((value for key, value in attrs.items() if key.rpartition(":")[2] == "char"), "")
    try:
        number = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= number <= 0xF0FF:
        number -= 0xF000
    return chr(number) if 0 < number < 0x110000 else ""


def number_text(value: str) -> str:
    """A stored number as Excel shows it with a plain number format (1.103700123458E+12 → 1103700123458)."""
    try:
        number = float(value)
    except ValueError:
        return value
    if number.is_integer() and abs(number) < 1e16:
        return str(int(number))
    return value


# --- bounds of a workbook before a library loads it (prongsai import) --------------------------

MAX_IMPORT_CELLS = 500_000
MAX_IMPORT_AREA = 2_000_000   # rows × columns a sheet spans: a library walks the whole rectangle


def workbook_problem(path) -> str | None:
    """Why a workbook is too big to load into memory (a Thai message), or None. Counts cells and
    the rectangle they span by streaming the worksheets, without building them."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None  # the loader reports a broken file in its own words
    with archive:
        problem = zip_problem(archive)
        if problem:
            return problem
        counter = _CellCounter()
        try:
            for info in archive.infolist():
                if not re.search(r"worksheets/[^/]+\.xml$", info.filename):
                    continue
                counter.start_sheet()
                parser = expat.ParserCreate()
                parser.StartDoctypeDeclHandler = _XmlText._refuse_dtd
                parser.EntityDeclHandler = _XmlText._refuse_dtd
                parser.StartElementHandler = counter.start
                for chunk in read_part(archive, info):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except Unreadable as exc:
            return str(exc)
        except expat.ExpatError:
            return None  # the loader reports it
        return counter.problem


class _CellCounter:
    def __init__(self):
        self.cells = 0
        self.problem: str | None = None
        self.max_row = self.max_col = 0

    def start_sheet(self):
        self.max_row = self.max_col = 0

    def start(self, name, attrs):
        local = name.rpartition(":")[2]
        if local != "c" and local != "dimension":
            return
        ref = attrs.get("r" if local == "c" else "ref", "")
        if local == "c":
            self.cells += 1
            if self.cells > MAX_IMPORT_CELLS:
                raise Unreadable(f"มีเซลล์ (รวมเซลล์ว่างที่จัดรูปแบบไว้) เกิน {MAX_IMPORT_CELLS:,} เซลล์ "
                                 "ให้ลบแถวและคอลัมน์ที่ไม่ใช้ออก แล้วบันทึกใหม่")
        for cell in ref.split(":")[-1:]:
            match = re.match(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})$", cell)
            if not match:
                continue
            column = 0
            for letter in match.group(1).upper():
                column = column * 26 + ord(letter) - 64
            self.max_row = max(self.max_row, int(match.group(2)))
            self.max_col = max(self.max_col, column)
            if local == "c" and self.max_row * self.max_col > MAX_IMPORT_AREA:
                raise Unreadable(f"มีข้อมูลกระจายไปไกลถึงเซลล์ {cell} (แผ่นงานกว้าง {self.max_col:,} คอลัมน์ "
                                 f"ยาว {self.max_row:,} แถว) ให้ลบแถวและคอลัมน์ที่ไม่ใช้ออก แล้วบันทึกใหม่")


# --- images: published without their metadata ---------------------------------------------------

def image_kind(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


# A picture is decoded whole by every browser that shows it: a small file may announce a huge
# picture (a PNG of 20,000 × 20,000 pixels compresses to 48 KB and needs 1.2 GB to draw).
MAX_IMAGE_PIXELS = 50_000_000       # a 48-megapixel phone photo (8000 × 6000) still passes
MAX_IMAGE_SIDE = 20_000

_JPEG_FRAME_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) a picture announces in its header, read without decoding it; None when
    the header has no size (a broken file)."""
    kind = image_kind(data)
    try:
        if kind == "png" and data[12:16] == b"IHDR":
            return struct.unpack(">II", data[16:24])
        if kind == "gif":
            return struct.unpack("<HH", data[6:10])
        if kind == "jpeg":
            return _jpeg_size(data)
        if kind == "webp":
            return _webp_size(data)
    except (struct.error, IndexError):
        return None
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF or marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            position += 1 if marker == 0xFF else 2
            continue
        if marker in _JPEG_FRAME_MARKERS:
            height, width = struct.unpack(">HH", data[position + 5:position + 9])
            return width, height
        if marker in (0xD9, 0xDA):
            return None
        position += 2 + struct.unpack(">H", data[position + 2:position + 4])[0]
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    kind, payload = data[12:16], data[20:40]
    if kind == b"VP8X":
        return (int.from_bytes(payload[4:7], "little") + 1, int.from_bytes(payload[7:10], "little") + 1)
    if kind == b"VP8L" and payload[:1] == b"\x2f":
        bits = int.from_bytes(payload[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8 " and payload[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", payload[6:10])
        return width & 0x3FFF, height & 0x3FFF
    return None


def image_problem(data: bytes) -> str | None:
    """Why a picture may not be published (Thai), judged from its bytes without decoding the
    picture: its header has no size, it announces more pixels than a browser should draw,
    or it is cut short (a copy interrupted, a download incomplete). None if it is fine."""
    size = image_size(data)
    if size is None or 0 in size:
        return "ไฟล์รูปภาพเสีย (ไม่มีขนาดของภาพในส่วนหัวของไฟล์) ให้บันทึกหรือส่งออกรูปใหม่"
    width, height = size
    if width * height > MAX_IMAGE_PIXELS or max(width, height) > MAX_IMAGE_SIDE:
        return (f"รูปภาพมีขนาด {width:,} × {height:,} พิกเซล เกินกำหนด {MAX_IMAGE_PIXELS // 1_000_000} ล้านพิกเซล "
                f"(ด้านละไม่เกิน {MAX_IMAGE_SIDE:,}) เบราว์เซอร์ต้องใช้หน่วยความจำมากเพื่อแสดงภาพ "
                "ให้ย่อขนาดรูป (เช่น กว้างไม่เกิน 1600 พิกเซล)")
    try:
        strip_image_metadata(data)
    except Unreadable as exc:
        return f"{exc} ให้บันทึกหรือส่งออกรูปใหม่"
    return None


def strip_image_metadata(data: bytes, removed: list[bytes] | None = None) -> bytes:
    """The same picture without EXIF, XMP, IPTC, comments and text chunks (a photo's camera,
    place and time, or any text hidden in them). Raises Unreadable if the image is broken."""
    kind = image_kind(data)
    removed = [] if removed is None else removed
    try:
        if kind == "png":
            return _strip_png(data, removed)
        if kind == "jpeg":
            return _strip_jpeg(data, removed)
        if kind == "gif":
            return _strip_gif(data, removed)
        if kind == "webp":
            return _strip_webp(data, removed)
    except ValueError as exc:
        raise Unreadable(f"ไฟล์รูปภาพเสีย ({exc})") from None
    except (struct.error, IndexError):
        raise Unreadable("ไฟล์รูปภาพเสีย (ถูกตัดขาดหรือโครงสร้างผิด)") from None
    raise Unreadable("ไม่รู้จักชนิดไฟล์รูปภาพ")


def image_metadata_text(data: bytes) -> list[str]:
    """The text an image's metadata holds (what strip_image_metadata removes), for images
    inside documents, which are published as they are."""
    removed: list[bytes] = []
    try:
        strip_image_metadata(data, removed)
    except Unreadable:
        return []
    return [m.group().decode("latin-1") for part in removed for m in re.finditer(rb"[\x20-\x7e\x80-\xff]{6,}", part)]


# PNG chunks that draw the picture (and animation); every other chunk (tEXt, zTXt, iTXt,
# eXIf, tIME, iCCP's named profile, private chunks) is dropped.
_PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT", b"pHYs",
             b"bKGD", b"hIST", b"acTL", b"fcTL", b"fdAT"}


def _strip_png(data: bytes, removed: list[bytes]) -> bytes:
    out = [data[:8]]
    position = 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        end = position + 12 + length
        if end > len(data):
            raise ValueError("ไฟล์ถูกตัดขาดกลางส่วนข้อมูล")
        if kind in _PNG_KEEP:
            out.append(data[position:end])
        elif kind in (b"zTXt", b"iTXt", b"iCCP"):
            removed.append(_png_inflated(data[position + 8:end - 4]))
        else:
            removed.append(data[position + 8:end - 4])
        position = end
        if kind == b"IEND":
            return b"".join(out)
    raise ValueError("ไฟล์ถูกตัดขาด ไม่มีส่วนท้าย IEND")


def _png_inflated(payload: bytes) -> bytes:
    """A compressed text chunk's text (bounded), for the scan of images inside documents."""
    import zlib

    keyword, _, rest = payload.partition(b"\x00")
    for start in range(0, min(len(rest), 80)):
        try:
            return keyword + b" " + rest[:start] + zlib.decompressobj().decompress(rest[start:], 1024 * 1024)
        except zlib.error:
            continue
    return payload


def _strip_jpeg(data: bytes, removed: list[bytes]) -> bytes:
    """Keep JFIF (APP0), colour profiles (APP2 ICC_PROFILE), Adobe colour (APP14) and the
    picture's orientation; drop every other APPn segment (EXIF, XMP, IPTC …) and comments."""
    out = [b"\xff\xd8"]
    position = 2
    orientation = None
    ended = False
    while position < len(data):
        if data[position] != 0xFF:
            raise ValueError("โครงสร้าง JPEG ผิด")
        marker = data[position + 1]
        if marker == 0xFF:          # fill byte
            position += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            out.append(data[position:position + 2])
            position += 2
            continue
        if marker == 0xD9:
            out.append(b"\xff\xd9")
            ended = True
            break
        length = struct.unpack(">H", data[position + 2:position + 4])[0]
        end = position + 2 + length
        segment = data[position:end]
        payload = segment[4:]
        if marker == 0xDA:          # start of scan: entropy-coded data follows until the next marker
            scan_end = end
            while scan_end < len(data) - 1:
                if data[scan_end] == 0xFF and data[scan_end + 1] not in (0x00, *range(0xD0, 0xD8)):
                    break
                scan_end += 1
            else:
                scan_end = len(data)
            out.append(data[position:scan_end])
            position = scan_end
            continue
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
            orientation = orientation or _exif_orientation(payload[6:])
        keep = (marker == 0xE0 and payload.startswith(b"JFIF\x00")) or \
               (marker == 0xE2 and payload.startswith(b"ICC_PROFILE\x00")) or marker == 0xEE or \
               not (0xE0 <= marker <= 0xEF or marker == 0xFE)
        if keep:
            out.append(segment)
        else:
            removed.append(payload)
        if end > len(data):
            raise ValueError("ไฟล์ถูกตัดขาดกลางส่วนข้อมูล")
        position = end
    if not ended:
        raise ValueError("ไฟล์ถูกตัดขาด ไม่มีเครื่องหมายจบภาพ")
    if orientation and orientation != 1:
        out.insert(1, _exif_with_orientation(orientation))
    return b"".join(out)


def _exif_orientation(tiff: bytes) -> int | None:
    """The orientation tag (0x0112) of IFD0, the only EXIF value kept: a portrait photo from a
    phone would otherwise show on its side."""
    if tiff[:2] not in (b"II", b"MM"):
        return None
    order = "<" if tiff[:2] == b"II" else ">"
    offset = struct.unpack(order + "I", tiff[4:8])[0]
    count = struct.unpack(order + "H", tiff[offset:offset + 2])[0]
    for index in range(min(count, 500)):
        entry = tiff[offset + 2 + 12 * index: offset + 14 + 12 * index]
        tag, kind = struct.unpack(order + "HH", entry[:4])
        if tag == 0x0112 and kind == 3:
            value = struct.unpack(order + "H", entry[8:10])[0]
            return value if 1 <= value <= 8 else None
    return None


def _exif_with_orientation(orientation: int) -> bytes:
    tiff = b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(">H", 1) + \
        struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + b"\x00\x00\x00\x00"
    payload = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def _gif_sub_blocks(data: bytes, position: int) -> int:
    while True:
        size = data[position]
        position += 1 + size
        if size == 0:
            return position


def _strip_gif(data: bytes, removed: list[bytes]) -> bytes:
    """Keep the picture, frame timing and looping; drop comments, plain-text and other
    application extensions (XMP …)."""
    flags = data[10]
    position = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    out = [data[:position]]
    while position < len(data):
        block = data[position]
        if block == 0x3B:
            out.append(b"\x3b")
            return b"".join(out)
        if block == 0x2C:
            flags = data[position + 9]
            start = position
            position += 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0) + 1
            position = _gif_sub_blocks(data, position)
            out.append(data[start:position])
        elif block == 0x21:
            label = data[position + 1]
            start = position
            end = _gif_sub_blocks(data, position + 2)
            if label == 0xF9 or (label == 0xFF and data[position + 3:position + 14] in (b"NETSCAPE2.0", b"ANIMEXTS1.0")):
                out.append(data[start:end])
            else:
                removed.append(data[start:end])
            position = end
        else:
            raise ValueError("โครงสร้าง GIF ผิด")
    raise ValueError("ไฟล์ถูกตัดขาด ไม่มีส่วนท้าย")


def _strip_webp(data: bytes, removed: list[bytes]) -> bytes:
    out = []
    position = 12
    end_of_file = 8 + struct.unpack("<I", data[4:8])[0]
    if end_of_file > len(data):
        raise ValueError("ไฟล์ถูกตัดขาด สั้นกว่าที่ส่วนหัวระบุ")
    while position + 8 <= end_of_file:
        kind = data[position:position + 4]
        size = struct.unpack("<I", data[position + 4:position + 8])[0]
        end = position + 8 + size + (size & 1)
        if position + 8 + size > end_of_file:
            raise ValueError("ไฟล์ถูกตัดขาดกลางส่วนข้อมูล")
        chunk = data[position:end]
        if kind == b"VP8X":
            chunk = chunk[:8] + bytes([chunk[8] & ~0x0C]) + chunk[9:]   # no EXIF, no XMP
        if kind not in (b"EXIF", b"XMP "):
            out.append(chunk)
        else:
            removed.append(chunk[8:])
        position = end
    body = b"WEBP" + b"".join(out)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def published_bytes(source: Path) -> bytes:
    """What the site publishes for an attachment: images without metadata, other files as they
    are. An image too broken to strip is refused by the guard before anything is written, unless
    site.yaml's unscanned_attachments allows it: then it is published as it is."""
    data = source.read_bytes()
    if source.suffix.lower() in IMAGE_SUFFIXES and image_kind(data):
        try:
            return strip_image_metadata(data)
        except Unreadable:
            return data
    return data
