"""The text of one document, as the filing needs it: its lines in reading order.

PDFs are read through their text layer (the importers' reader, which puts Thai marks back
in order), Word through the importers' .docx reader, Excel cell by cell. A scan (an image,
or a PDF without text) is read by OCR when tesseract is installed, otherwise only its file
name speaks for it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..importers.common import read_source
from ..importers.pdf import normalise_thai, pdf_text
from ..problems import Problems

DOCUMENT_SUFFIXES = {".pdf", ".docx", ".xlsx", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".txt"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
MAX_BYTES = 60 * 1024 * 1024
BROKEN = "ไฟล์เสียหรือเปิดไม่ได้"
# files a folder of documents carries that are nobody's document
_SYSTEM_FILES = {"thumbs.db", "desktop.ini"}
_SAVE_AS = {
    ".doc": "ไฟล์ Word รุ่นเก่า (.doc) ให้เปิดใน Word แล้วบันทึกเป็น .docx หรือ PDF",
    ".xls": "ไฟล์ Excel รุ่นเก่า (.xls) ให้เปิดใน Excel แล้วบันทึกเป็น .xlsx หรือ PDF",
    ".ppt": "ไฟล์ PowerPoint ให้บันทึกเป็น PDF",
    ".pptx": "ไฟล์ PowerPoint ให้บันทึกเป็น PDF",
    ".odt": "ไฟล์ LibreOffice ให้บันทึกเป็น .docx หรือ PDF",
    ".ods": "ไฟล์ LibreOffice ให้บันทึกเป็น .xlsx หรือ PDF",
    ".rtf": "ให้บันทึกเป็น .docx หรือ PDF",
    ".zip": "ไฟล์บีบอัด ให้แตกไฟล์ไว้ในโฟลเดอร์ก่อน",
    ".rar": "ไฟล์บีบอัด ให้แตกไฟล์ไว้ในโฟลเดอร์ก่อน",
    ".7z": "ไฟล์บีบอัด ให้แตกไฟล์ไว้ในโฟลเดอร์ก่อน",
}


@dataclass
class Text:
    path: Path
    lines: list[str] = field(default_factory=list)
    source: str = "text"        # text | ocr | name (only the file name could be read) | skipped (not a kind read)
    problem: str = ""           # why the content could not be read, for the staff member

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


def documents_in(folder: Path, leave_out: set[Path] = frozenset()) -> list[Path]:
    """Every file under the folder, in a stable order: documents and files of other kinds (which
    are reported as not read); hidden files, lock files, system files and `leave_out` (the
    proposal file) left out."""
    found = [path for path in folder.rglob("*")
             if path.is_file() and path.name.lower() not in _SYSTEM_FILES
             and path.resolve() not in {p.resolve() for p in leave_out}
             and not path.name.startswith("prongsai-file-")
             and not any(part.startswith((".", "~$")) for part in path.relative_to(folder).parts)]
    return sorted(found, key=lambda p: str(p.relative_to(folder)))


def not_read_reason(path: Path) -> str:
    """Why a file of a kind the filing cannot read is left out, and what to do (Thai)."""
    suffix = path.suffix.lower()
    advice = _SAVE_AS.get(suffix, "ให้บันทึกเป็น PDF, Word (.docx), Excel (.xlsx) หรือภาพ")
    return f"ชนิดไฟล์ {suffix or '(ไม่มีนามสกุล)'} อ่านไม่ได้ {advice}"


def os_error_text(exc: OSError) -> str:
    """An operating-system error in Thai (its own text is English)."""
    import errno

    known = {errno.EACCES: "ไม่มีสิทธิ์เข้าถึง", errno.EPERM: "ไม่มีสิทธิ์เข้าถึง", errno.ENOENT: "ไม่พบไฟล์หรือโฟลเดอร์",
             errno.ENOSPC: "พื้นที่ดิสก์เต็ม", errno.EISDIR: "เป็นโฟลเดอร์ ไม่ใช่ไฟล์", errno.EROFS: "ดิสก์อ่านได้อย่างเดียว",
             errno.ENOTDIR: "ส่วนหนึ่งของเส้นทางไม่ใช่โฟลเดอร์"}
    return known.get(exc.errno, f"ข้อผิดพลาดของระบบ รหัส {exc.errno}" if exc.errno else "ข้อผิดพลาดของระบบ")


def read_document(path: Path) -> Text:
    try:
        return _read(path)
    except OSError as exc:   # unreadable (permissions, a file gone meanwhile): said in Thai
        return Text(path, source="name", problem=f"เปิดไฟล์ไม่ได้ ({os_error_text(exc)}) จึงจำแนกจากชื่อไฟล์เท่านั้น")


def _read(path: Path) -> Text:
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        return Text(path, source="skipped", problem=not_read_reason(path))
    try:
        if path.stat().st_size > MAX_BYTES:
            return Text(path, source="name", problem=f"ไฟล์ใหญ่เกิน {MAX_BYTES // 1024 // 1024} MB จึงอ่านเฉพาะชื่อไฟล์")
    except OSError as exc:
        return Text(path, source="name", problem=f"เปิดไฟล์ไม่ได้ ({os_error_text(exc)})")
    if suffix in IMAGE_SUFFIXES:
        return _ocr(path, path)
    if suffix == ".xlsx":
        return _workbook(path)
    if suffix == ".pdf":
        return _pdf(path)
    problems = Problems()
    source = read_source(path, problems, path.name)
    if source is None:
        return Text(path, source="name", problem=_first_message(problems))
    return Text(path, [normalise_thai(line) for line in source.lines])


def _first_message(problems: Problems) -> str:
    return problems.items[0].message if problems.items else "อ่านเนื้อหาไม่ได้"


def _pdf(path: Path) -> Text:
    problems = Problems()
    raw = path.read_bytes()
    if b"%PDF" not in raw[:1024]:
        return Text(path, source="name", problem=f"{BROKEN}: ไม่ใช่ PDF หรือเป็นไฟล์ว่าง ให้บันทึกเป็น PDF ใหม่")
    found = pdf_text(raw, path.name, problems)
    lines = [line for line in (found[0] if found else []) if line.strip()]
    if sum(len(line.strip()) for line in lines) >= 20:
        return Text(path, lines)
    with tempfile.TemporaryDirectory(prefix="prongsai-ocr-") as work:
        image, failure = _pdf_first_page_image(path, Path(work))
        if failure:
            return Text(path, source="name", problem=failure)
        scanned = _ocr(path, image)
    if scanned.source == "ocr":
        return scanned
    scanned.problem = "PDF ไม่มีชั้นข้อความ (ภาพสแกน) " + scanned.problem
    return scanned


def _pdf_first_page_image(path: Path, work: Path) -> tuple[Path | None, str]:
    """The PDF's first page as an image for OCR (with pdftoppm), or why there is none: a broken
    file is told apart from a missing program."""
    if not shutil.which("pdftoppm"):
        return None, ("PDF ไม่มีชั้นข้อความ (ภาพสแกน) ไม่ได้ติดตั้งโปรแกรมแปลง PDF เป็นภาพ (pdftoppm ในชุด poppler-utils) "
                      "จึงจำแนกจากชื่อไฟล์เท่านั้น")
    out = work / "page"
    try:
        done = subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(path), str(out)],
                              capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None, f"{BROKEN}: แปลงหน้า PDF เป็นภาพไม่สำเร็จ จึงจำแนกจากชื่อไฟล์เท่านั้น"
    pages = sorted(work.glob("page*.png"))
    if done.returncode != 0 or not pages:
        return None, f"{BROKEN}: เปิด PDF ไม่ได้ ไฟล์อาจไม่ครบหรือเสีย ให้บันทึกเป็น PDF ใหม่"
    return pages[0], ""


def _ocr(path: Path, image: Path | None) -> Text:
    """Thai OCR when tesseract (with its Thai data) is installed; otherwise the name only."""
    if image is None or not shutil.which("tesseract"):
        return Text(path, source="name", problem="ไม่ได้ติดตั้งโปรแกรมอ่านภาพ (tesseract) จึงจำแนกจากชื่อไฟล์เท่านั้น")
    try:
        done = subprocess.run(["tesseract", str(image), "-", "-l", "tha+eng"], capture_output=True, timeout=300)
    except subprocess.TimeoutExpired:
        return Text(path, source="name", problem="อ่านภาพนานเกินไป จึงจำแนกจากชื่อไฟล์เท่านั้น")
    except OSError as exc:
        return Text(path, source="name", problem=f"อ่านภาพไม่ได้ ({os_error_text(exc)}) จึงจำแนกจากชื่อไฟล์เท่านั้น")
    text = done.stdout.decode("utf-8", "replace")
    lines = [normalise_thai(line) for line in text.splitlines() if line.strip()]
    if done.returncode != 0 or not lines:
        broken = b"Error" in done.stderr and image.suffix.lower() in IMAGE_SUFFIXES and image == path
        reason = f"{BROKEN}: เปิดภาพไม่ได้" if broken else "อ่านข้อความจากภาพไม่ได้"
        return Text(path, source="name", problem=f"{reason} จึงจำแนกจากชื่อไฟล์เท่านั้น")
    return Text(path, lines, source="ocr")


def _workbook(path: Path) -> Text:
    from openpyxl import load_workbook

    broken = Text(path, source="name", problem=f"{BROKEN}: เปิดไฟล์ Excel ไม่ได้ ให้เปิดใน Excel แล้วบันทึกใหม่เป็น .xlsx")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file (its messages are English)
        return broken
    lines: list[str] = []
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True, max_row=400):
                cells = [str(value).strip() for value in row if value is not None and str(value).strip()]
                if cells:
                    lines.append("\t".join(cells))
    except Exception:  # a sheet broken inside a sound zip
        return broken
    finally:
        book.close()
    return Text(path, lines)
