"""Shared text handling for the importers.

Text extracted from PDF (or Word) documents arrives damaged in predictable
ways: HTML leftovers (`<p>`, `<b>`, `&nbsp;`), Thai or Arabic digits, table rows
as tab-separated lines with the header repeated at every page break, cells
continued on the next row, words cut by a line break. Everything here is pure
string work with no knowledge of the data format.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from .. import thai
from ..problems import Problems

MAX_INPUT_BYTES = 20 * 1024 * 1024

# --- characters -----------------------------------------------------------------------

_THAI_LETTER = re.compile(r"[\u0E01-\u0E4E]")
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
# '<http://www.nacc.go.th>': a web address written between angle brackets, not a tag
_BRACKETED_URL = re.compile(r"<((?:https?://|www\.)[^\s<>]{1,2000})>", re.I)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")
QUOTES = "\"'“”‘’«»"


def is_thai_letter(ch: str) -> bool:
    return bool(ch) and bool(_THAI_LETTER.match(ch))


def arabic(text: str) -> str:
    """Thai digits → Arabic digits (same length, so positions stay valid)."""
    return thai.to_arabic_digits(text)


def clean_html(text: str) -> str:
    """Drop HTML leftovers; paragraph and line breaks (<p>, <br>) become '\\n'."""
    if not text:
        return ""
    text = text.translate(thai.ZERO_WIDTH_TABLE)
    text = _BRACKETED_URL.sub(r"\1", text)
    text = re.sub(r"</p>\s*<p(?:\s[^<>]*)?>", "\n", text, flags=re.I)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = _TAG.sub(" ", text)
    text = html.unescape(text).translate(thai.ZERO_WIDTH_TABLE)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def one_line(text: str) -> str:
    """Cleaned text on one line (paragraph breaks become spaces)."""
    return " ".join(clean_html(text).split())


def join_text(left: str, right: str) -> str:
    """Join two pieces of a text cut by a line or page break.

    Thai is written without spaces between words and PDF line breaks fall
    inside phrases ("การตรวจ" | "สอบ"), so Thai meets Thai without a space;
    anything else is joined with one space.
    """
    left, right = left.rstrip(), right.lstrip()
    if not left:
        return right
    if not right:
        return left
    if is_thai_letter(left[-1]) and is_thai_letter(right[0]):
        return left + right
    return left + " " + right


def squash(text: str) -> str:
    """A comparison key: no HTML, spaces, quotes or punctuation; Arabic digits."""
    text = arabic(one_line(text)).lower()
    return re.sub(r"[\s" + re.escape(QUOTES) + r".,:;()\[\]/\\\-–—_*•]+", "", text)


def strip_bullet(text: str) -> str:
    """'- ๑) ทำ…' → '๑) ทำ…'; '• ข้อ' → 'ข้อ'."""
    return re.sub(r"^\s*[-–•●▪*]\s*", "", text).strip()


# --- numbers and money ----------------------------------------------------------------

_MONEY_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[-–—]+|ไม่ใช้งบประมาณ|ไม่ใช้งบ|ไม่มี")


def money_tokens(cell: str) -> list[int | None]:
    """'- ๒๐,๐๐๐ - ๕๐,๐๐๐ บาท' → [None, 20000, None, 50000] (None = no budget)."""
    values: list[int | None] = []
    # '๒๐,๐๐๐.-' (baht and no satang) is one amount, not an amount and a dash
    text = re.sub(r"(\d)\s*\.\s*-+", r"\1", arabic(one_line(cell)))
    for token in _MONEY_TOKEN.findall(text):
        if token[0] in "-–—" or token.startswith("ไม่"):
            values.append(None)
        else:
            amount = round(float(token.replace(",", "")))
            values.append(amount or None)
    return values


def first_amount(text: str) -> int | None:
    """The first baht amount in a text: '๕๐,๐๐๐ บาท' → 50000; none → None."""
    m = re.search(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*บาท", arabic(text))
    if m:
        return int(m[1].replace(",", ""))
    m = re.fullmatch(r"\s*(\d{1,3}(?:,\d{3})+|\d{3,})\s*", arabic(text))
    return int(m[1].replace(",", "")) if m else None


def says_no_budget(text: str) -> bool:
    return bool(re.search(r"ไม่ใช้งบ|ไม่มีงบ|ไม่ได้ใช้งบ", text)) or text.strip() in {"-", "–", "—"}


# --- lists inside one cell -------------------------------------------------------------

_INLINE_MARK = re.compile(r"(?:(?<=\s)|^)\(?(\d{1,2})\s*([.)])\s*(?=[^\d\s.,)])")


def _list_marks(text: str, any_start: bool = False) -> list[re.Match]:
    """The marks of a numbered list that starts the text ('1. a 2. b'), or [].

    The list must start at 1 unless `any_start` (a list continued from a
    previous paragraph, '4. d 5. e')."""
    plain = arabic(text)
    marks = list(_INLINE_MARK.finditer(plain))
    if not marks or marks[0].start() != len(plain) - len(plain.lstrip()):
        return []
    if int(marks[0][1]) != 1 and not any_start:
        return []
    delimiter = marks[0][2]
    chosen = [marks[0]]
    for m in marks[1:]:
        # a skipped number (1, 3, 4 in a real report) still continues the list
        if int(m[1]) - int(chosen[-1][1]) in (1, 2) and m[2] == delimiter:
            chosen.append(m)
    return chosen


def split_numbered(text: str) -> list[tuple[int, str]] | None:
    """Split '1. aaa 2.bbb 3. ccc' into [(1, 'aaa'), (2, 'bbb'), (3, 'ccc')].

    Only a run that starts with 1 at the start of the text and counts up (by one,
    or two where a number was skipped) with the same delimiter is taken (so 'พ.ศ.2540 3.เผยแพร่' or '(ฉบับที่ 2)'
    inside an item do not cut it). Returns None when the text is not a list.
    """
    chosen = _list_marks(text)
    if not chosen:
        return None
    items = []
    for index, m in enumerate(chosen):
        end = chosen[index + 1].start() if index + 1 < len(chosen) else len(text)
        items.append((int(m[1]), text[m.end():end].strip()))
    return items


_BULLET_MARK = re.compile(r"(?<=\S)\s+[-–•]\s*(?=[^\s\d\-–])")
# after a number, ' - ' followed by a month is a date range ('ต.ค. 66 - มี.ค. 67'), not a bullet
_MONTH_AHEAD = re.compile("|".join(sorted((re.escape(m) for m in thai.MONTHS_FULL + thai.MONTHS_ABBR
                                           + [a.replace(".", "") for a in thai.MONTHS_ABBR]),
                                          key=len, reverse=True)))


def _split_bullets(block: str) -> list[str]:
    """'- ประกาศ ๑๗ ตุลาคม ๒๕๖๖ - ไม่มีการรับ' → two items; a dash between two
    numbers ('2564 - 2565') or before a month after a number stays in the text."""
    parts, start = [], 0
    for m in _BULLET_MARK.finditer(block):
        before = arabic(block[m.start() - 1])
        if before.isdigit() and _MONTH_AHEAD.match(block, m.end()):
            continue
        parts.append(block[start:m.start()])
        start = m.end()
    parts.append(block[start:])
    return parts


def split_paragraphs(text: str) -> list[str]:
    """A cell's text → paragraphs: HTML paragraph breaks first, then an inline
    bullet list ('- aaa - bbb') or numbered list ('1. aaa 2. bbb'), keeping the
    numbers as written."""
    result: list[str] = []
    for block in clean_html(text).split("\n"):
        block = block.strip()
        if not block:
            continue
        if block[:1] in "-–•":
            parts = [strip_bullet(p) for p in _split_bullets(block)]
            result.extend(p for p in parts if p)
            continue
        marks = _list_marks(block, any_start=True)
        if len(marks) >= 2:
            cuts = [m.start() for m in marks] + [len(block)]
            result.extend(block[a:b].strip() for a, b in zip(cuts, cuts[1:]) if block[a:b].strip())
            continue
        result.append(block)
    return result


# --- leading numbers ---------------------------------------------------------------------

_LEADING_NO = re.compile(r"^\s*(?:ข้อ(?:ที่)?\s*)?(?:\((\d{1,3})\)|(\d{1,3})\s*[.)])\s*(?![\d.])")


def leading_number(text: str) -> tuple[int | None, str]:
    """'๕. การป้องกัน' → (5, 'การป้องกัน'); '(3) x' → (3, 'x'); '2546 ปี' → (None, …)."""
    m = _LEADING_NO.match(arabic(text))
    if not m:
        return None, text.strip()
    return int(m[1] or m[2]), text[m.end():].strip()


# --- reading input files ---------------------------------------------------------------------

@dataclass
class SourceText:
    name: str          # as shown in problems
    lines: list[str]   # line i is lines[i - 1]


def read_source(path: Path, problems: Problems, shown_as: str | None = None) -> SourceText | None:
    """Read a text file (UTF-8 or the Thai Windows code page) or a Word .docx.

    Anything else (PDF, old .doc, images) is refused with a Thai explanation.
    """
    shown = shown_as or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        problems.error(shown, None, "-", f"เปิดไฟล์ไม่ได้ ({exc.strerror or exc})")
        return None
    if len(raw) > MAX_INPUT_BYTES:
        problems.error(shown, None, "-", f"ไฟล์ใหญ่เกิน {MAX_INPUT_BYTES // 1024 // 1024} MB")
        return None
    if raw.startswith(b"%PDF"):
        problems.error(
            shown, None, "-",
            "เป็นไฟล์ PDF ให้แปลงเป็นข้อความก่อน (เช่น เปิดใน Word แล้วบันทึกเป็น .docx หรือคัดลอกข้อความ"
            "ทั้งหมดไปวางใน Notepad แล้วบันทึกเป็น UTF-8) จากนั้นนำเข้าไฟล์นั้น",
        )
        return None
    if raw.startswith(b"PK\x03\x04"):
        lines = _docx_lines(raw, shown, problems)
        return SourceText(shown, lines) if lines is not None else None
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        problems.error(shown, None, "-", "เป็นไฟล์ Word/Excel รุ่นเก่า (.doc/.xls) ให้บันทึกใหม่เป็น .docx หรือ .xlsx")
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Notepad's "Unicode" is UTF-16 with a byte-order mark
        try:
            raw = raw.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            problems.error(shown, None, "-", "อ่านไฟล์ Unicode (UTF-16) ไม่ได้ ให้บันทึกใหม่เป็นข้อความ UTF-8")
            return None
    elif Path(path).suffix.lower() == ".docx":
        problems.error(shown, None, "-", "ไฟล์ .docx นี้เสียหรือไม่ใช่เอกสาร Word ให้เปิดใน Word แล้วบันทึกใหม่เป็น .docx")
        return None
    if b"\x00" in raw[:4096]:
        problems.error(shown, None, "-", "ไม่ใช่ไฟล์ข้อความ (มีอักขระ NUL) ให้บันทึกเป็นข้อความ UTF-8")
        return None
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp874 decodes almost anything
        problems.error(shown, None, "-", "อ่านภาษาไทยในไฟล์ไม่ได้ ให้บันทึกเป็นข้อความ UTF-8")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(shown, text.split("\n"))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_lines(raw: bytes, shown: str, problems: Problems) -> list[str] | None:
    """A Word document as the importers' text shape: one line per paragraph,
    one tab-separated line per table row (a cell's paragraphs as <p>…</p>)."""
    import io

    from ..extract import zip_problem

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            too_big = zip_problem(archive)   # judged from the zip's directory, before unpacking
            if too_big:
                problems.error(shown, None, "-", f"ไม่นำเข้าไฟล์นี้: {too_big}")
                return None
            info = archive.getinfo("word/document.xml")
            if info.file_size > 50 * 1024 * 1024:
                problems.error(shown, None, "-", "เอกสาร Word ใหญ่เกินไป")
                return None
            xml = archive.read(info)
    except KeyError:
        problems.error(shown, None, "-", "ไม่ใช่เอกสาร Word (.docx) ถ้าเป็น Excel ให้ใช้ prongsai import ไฟล์.xlsx")
        return None
    except (zipfile.BadZipFile, OSError, RuntimeError):
        problems.error(shown, None, "-", "ไฟล์ .docx เสียหรือถูกเข้ารหัส ให้เปิดใน Word แล้วบันทึกใหม่")
        return None
    if b"<!DOCTYPE" in xml[:2000] or b"<!ENTITY" in xml[:2000]:
        problems.error(shown, None, "-", "เอกสาร Word มีโครงสร้างที่ไม่รองรับ")
        return None
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        problems.error(shown, None, "-", "อ่านเนื้อหาเอกสาร Word ไม่ได้ ให้เปิดใน Word แล้วบันทึกใหม่")
        return None
    body = root.find(f"{_W}body")
    lines: list[str] = []
    if body is None:
        return lines

    def para_text(p) -> str:
        parts = []
        for node in p.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append(" ")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append(" ")
        return "".join(parts).strip()

    def cell_text(tc) -> str:
        paragraphs = [para_text(p) for p in tc.iter(f"{_W}p")]
        paragraphs = [p for p in paragraphs if p]
        if len(paragraphs) <= 1:
            return paragraphs[0] if paragraphs else ""
        return " ".join(f"<p>{p}</p>" for p in paragraphs)

    for block in body:
        if block.tag == f"{_W}p":
            lines.append(para_text(block))
        elif block.tag == f"{_W}tbl":
            for tr in block.iter(f"{_W}tr"):
                cells = []
                for tc in tr.findall(f"{_W}tc"):
                    props = tc.find(f"{_W}tcPr")
                    span = 1
                    merged = False
                    if props is not None:
                        grid = props.find(f"{_W}gridSpan")
                        if grid is not None and (grid.get(f"{_W}val") or "1").isdigit():
                            span = max(1, min(50, int(grid.get(f"{_W}val"))))
                        vmerge = props.find(f"{_W}vMerge")
                        merged = vmerge is not None and vmerge.get(f"{_W}val") != "restart"
                    text = "" if merged else cell_text(tc).replace("\t", " ")
                    cells.append(text)
                    cells.extend([""] * (span - 1))
                lines.append("\t".join(cells))
            lines.append("")
    return lines


# --- tables ---------------------------------------------------------------------------------

def cells_of(line: str) -> list[str] | None:
    """A tab-separated line → its cells (raw); a line without tabs → None."""
    if "\t" not in line:
        return None
    return line.split("\t")


def is_page_number(text: str) -> bool:
    """'- ๑๒ -', '12', 'หน้า 3', 'หน้า ๒ จาก ๓' and similar page furniture."""
    plain = arabic(text).strip()
    return bool(re.fullmatch(r"(?:หน้า(?:ที่)?\s*)?[-–(]?\s*\d{1,3}\s*[-–)]?(?:\s*(?:/|จาก)\s*\d{1,3}(?:\s*หน้า)?)?",
                             plain))


def classify_columns(cells: list[str], roles: list[tuple[str, tuple[str, ...]]]) -> dict[int, str]:
    """Give each header cell the first role whose keywords it contains.

    `roles` is ordered: the more specific roles first (e.g. 'ผลการดำเนินการ'
    before 'การดำเนินการ'). Keywords are compared without spaces or HTML.
    """
    found: dict[int, str] = {}
    for index, cell in enumerate(cells):
        key = squash(cell)
        if not key:
            continue
        for role, keywords in roles:
            if any(k.startswith("^") and key.startswith(k[1:]) or k.startswith("=") and key == k[1:]
                   or not k[0] in "^=" and k in key for k in keywords):
                found[index] = role
                break
    return found
