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


@dataclass
class Text:
    path: Path
    lines: list[str] = field(default_factory=list)
    source: str = "text"        # text | ocr | name (nothing but the file name could be read)
    problem: str = ""           # why the content could not be read, for the staff member

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


def documents_in(folder: Path) -> list[Path]:
    """Every document under the folder, in a stable order (hidden files and lock files left out)."""
    found = [path for path in folder.rglob("*")
             if path.is_file() and path.suffix.lower() in DOCUMENT_SUFFIXES
             and not any(part.startswith((".", "~$")) for part in path.relative_to(folder).parts)]
    return sorted(found, key=lambda p: str(p.relative_to(folder)))


def read_document(path: Path) -> Text:
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size > MAX_BYTES:
            return Text(path, source="name", problem=f"ไฟล์ใหญ่เกิน {MAX_BYTES // 1024 // 1024} MB จึงอ่านเฉพาะชื่อไฟล์")
    except OSError as exc:
        return Text(path, source="name", problem=f"เปิดไฟล์ไม่ได้ ({exc.strerror or exc})")
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
    found = pdf_text(path.read_bytes(), path.name, problems)
    lines = [line for line in (found[0] if found else []) if line.strip()]
    if sum(len(line.strip()) for line in lines) >= 20:
        return Text(path, lines)
    scanned = _ocr(path, _pdf_first_page_image(path))
    if scanned.source == "ocr":
        return scanned
    scanned.problem = "PDF ไม่มีชั้นข้อความ (ภาพสแกน) " + scanned.problem
    return scanned


def _pdf_first_page_image(path: Path) -> Path | None:
    """The PDF's pages as one image for OCR, with pdftoppm where it is installed."""
    if not shutil.which("pdftoppm"):
        return None
    out = Path(tempfile.mkdtemp(prefix="prongsai-ocr-")) / "page"
    done = subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "2", str(path), str(out)],
                          capture_output=True, timeout=120)
    pages = sorted(out.parent.glob("page*.png"))
    return pages[0] if done.returncode == 0 and pages else None


def _ocr(path: Path, image: Path | None) -> Text:
    """Thai OCR when tesseract (with its Thai data) is installed; otherwise the name only."""
    if image is None or not shutil.which("tesseract"):
        return Text(path, source="name", problem="ไม่ได้ติดตั้งโปรแกรมอ่านภาพ (tesseract) จึงจำแนกจากชื่อไฟล์เท่านั้น")
    try:
        done = subprocess.run(["tesseract", str(image), "-", "-l", "tha+eng"], capture_output=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Text(path, source="name", problem=f"อ่านภาพไม่ได้ ({exc}) จึงจำแนกจากชื่อไฟล์เท่านั้น")
    text = done.stdout.decode("utf-8", "replace")
    lines = [normalise_thai(line) for line in text.splitlines() if line.strip()]
    if done.returncode != 0 or not lines:
        return Text(path, source="name", problem="อ่านข้อความจากภาพไม่ได้ จึงจำแนกจากชื่อไฟล์เท่านั้น")
    return Text(path, lines, source="ocr")


def _workbook(path: Path) -> Text:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        return Text(path, source="name", problem=f"เปิดไฟล์ Excel ไม่ได้ ({type(exc).__name__})")
    lines: list[str] = []
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True, max_row=400):
                cells = [str(value).strip() for value in row if value is not None and str(value).strip()]
                if cells:
                    lines.append("\t".join(cells))
    finally:
        book.close()
    return Text(path, lines)
