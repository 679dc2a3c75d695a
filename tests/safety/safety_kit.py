"""Helpers shared by the safety tests: data folders, national ID numbers,
hand-made attachments. Imported as `safety_kit` (a unique name: every folder's
conftest.py is a module called `conftest`)."""

from __future__ import annotations

import io
import os
import random
import shutil
import sys
import zipfile
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from testkit import FIXTURES, REPO, SEEDS, run_prongsai  # noqa: E402,F401

MINI = FIXTURES / "mini"
IN_CI = bool(os.environ.get("CI"))
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def copy_mini(target: Path) -> Path:
    shutil.copytree(MINI, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# --- Thai national ID numbers ---------------------------------------------------------------

def check_digit(first12: str) -> int:
    """Written independently of generator.privacy: weights 13…2, (11 - sum mod 11) mod 10."""
    weights = range(13, 1, -1)
    return (11 - sum(int(d) * w for d, w in zip(first12, weights)) % 11) % 10


def national_id(rng: random.Random) -> str:
    first12 = "".join(str(rng.randrange(10)) for _ in range(12))
    return first12 + str(check_digit(first12))


def wrong_check_digit(rng: random.Random) -> str:
    valid = national_id(rng)
    return valid[:12] + str((int(valid[12]) + rng.randrange(1, 10)) % 10)


def grouped(digits: str, sep: str) -> str:
    """The official grouping 1-4-5-2-1."""
    return sep.join([digits[0], digits[1:5], digits[5:10], digits[10:12], digits[12]])


def spellings(digits: str, rng: random.Random) -> list[str]:
    """The ways people write an ID number in documents and spreadsheets."""
    mixed = "".join(d.translate(THAI) if rng.random() < 0.5 else d for d in digits)
    forms = [
        digits,
        grouped(digits, "-"),
        grouped(digits, " "),
        grouped(digits, " - "),
        grouped(digits, "\u2013"),          # en dash from a word processor
        grouped(digits, "\u00a0"),          # no-break space
        digits.translate(THAI),
        grouped(digits, "-").translate(THAI),
        mixed,
        grouped(mixed, "-"),
        digits[:5] + "\u200b" + digits[5:],  # a zero-width space pasted from the web
        "-".join([digits[:4], digits[4:8], digits[8:]]),   # an unusual grouping
        "".join(chr(0xFF10 + int(d)) for d in digits),  # full-width digits
    ]
    return forms


CONTEXTS = [
    "{}",
    "เลขประจำตัวประชาชน {}",
    "เลขประจำตัวประชาชน{}ที่อยู่ 12 หมู่ 3",
    "ผู้ร้องเรียน นายสมมุติ ใจดี ({})",
    "บัตรประชาชนเลขที่: {}.",
    "ID card: {}, tel",
    "- {}\n- ถัดไป",
    "ข้อความบรรทัดแรก\n{} บรรทัดที่สอง",
]


# --- attachments made by hand ---------------------------------------------------------------

def pdf_with_text(lines: list[str]) -> bytes:
    """A small valid PDF whose pages show `lines` (ASCII) in Helvetica, with a correct xref."""
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({escape(line)}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def xlsx_with_cells(cells: dict[str, str]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ผู้ร้อง"
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def docx_with_paragraphs(paragraphs: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body>{body}</w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", document)
    return out.getvalue()


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
