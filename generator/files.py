"""Attachments: files under the data folder that the site publishes.

A path must stay inside the data folder (no '..', no absolute path, no link
that leads out), the file must exist, its type is judged by its content (a
.pdf must really be a PDF) and its size is limited.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path, PurePosixPath

from .extract import image_kind, image_problem
from .load import windows_reserved

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Pictures shown on pages are read on phones over slow connections.
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PATH_CHARS = 400

# Extension → content kind; the content must match (see sniff_kind).
EXTENSION_KINDS = {
    ".pdf": "pdf",
    ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp",
    ".xlsx": "zip", ".docx": "zip", ".pptx": "zip", ".ods": "zip", ".odt": "zip",
    ".xls": "ole", ".doc": "ole",
    ".csv": "text", ".txt": "text",
}
IMAGE_KINDS = ("png", "jpeg", "gif", "webp")
KIND_NAMES = {
    "pdf": "PDF", "png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP",
    "zip": "Office (xlsx/docx)", "ole": "Office รุ่นเก่า (xls/doc)", "text": "ข้อความ",
}


def sniff_kind(head: bytes) -> str | None:
    """The kind of a file from its first bytes, or None if unknown."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if kind := image_kind(head):
        return kind
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    try:  # the head may end inside a Thai character: decode it as the start of a stream
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    return "text" if b"\x00" not in head and b"<" not in head[:64] else None


# Inside each Office (zip) kind, a part that only that kind has.
ZIP_MARKERS = {
    ".xlsx": "xl/workbook.xml", ".docx": "word/document.xml", ".pptx": "ppt/presentation.xml",
    ".ods": "content.xml", ".odt": "content.xml",
}


# Characters a file name may not hold. ? # % have a meaning in a web address (query, fragment,
# escape): the link to the file would need encoding that web servers treat differently (IIS refuses
# an encoded %), and the address staff copy into ITAS would not open the file. < > : " | * ? cannot
# be in a file name on Windows at all, so a data folder copied there would lose the file.
URL_SPECIAL_CHARS = "?#%"
WINDOWS_FORBIDDEN_CHARS = '<>:"|*?'


def _name_problem(posix: PurePosixPath) -> str | None:
    """Why a file or folder name on the path cannot be published (Thai), or None."""
    for part in posix.parts:
        bad = sorted({ch for ch in part if ch in URL_SPECIAL_CHARS + WINDOWS_FORBIDDEN_CHARS})
        if bad:
            shown = " ".join(bad)
            return (f"ชื่อ '{part}' มีเครื่องหมาย {shown} ซึ่งมีความหมายพิเศษในที่อยู่เว็บหรือใช้ในชื่อไฟล์บน Windows ไม่ได้ "
                    "ลิงก์ไปยังไฟล์จะเปิดไม่ได้ ให้เปลี่ยนชื่อไฟล์ (เช่น ใช้ - หรือ _ แทน) แล้วแก้ชื่อในไฟล์ข้อมูลให้ตรงกัน")
        if part != part.rstrip(" .") or part != part.lstrip(" "):
            return (f"ชื่อ '{part}' ขึ้นต้นหรือลงท้ายด้วยช่องว่างหรือจุด ซึ่ง Windows ตัดทิ้งเอง ลิงก์จึงไม่ตรงกับไฟล์ "
                    "ให้เปลี่ยนชื่อไฟล์ให้ไม่มีช่องว่างหรือจุดท้ายชื่อ")
        if windows_reserved(part):
            return (f"ชื่อ '{part}' เป็นชื่อที่ Windows สงวนไว้ (เช่น CON, NUL, COM1, LPT1 ไม่ว่าจะมีนามสกุลใด) "
                    "ไฟล์นี้คัดลอกไปไว้บนเครื่องหรือเซิร์ฟเวอร์ Windows ไม่ได้ ให้เปลี่ยนชื่อไฟล์")
    return None


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_attachment(raw_path: str, data_root: Path | None,
                     kinds: tuple[str, ...] = ()) -> tuple[str | None, str | None]:
    """(the POSIX path relative to the data folder, None), or (None, why it cannot be published, in Thai).
    Without a data folder only the name is checked."""
    problem = attachment_problem(raw_path, data_root, kinds)
    return (None, problem) if problem else (str(PurePosixPath(raw_path)), None)


def attachment_problem(raw_path: str, data_root: Path | None, kinds: tuple[str, ...] = ()) -> str | None:
    """Why the attachment `raw_path` cannot be published (Thai), or None when it can."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in raw_path):
        return "ชื่อไฟล์มีอักขระควบคุม (เช่น ขึ้นบรรทัดใหม่) ให้พิมพ์ชื่อไฟล์ใหม่"
    if len(raw_path) > MAX_PATH_CHARS:
        return f"ชื่อไฟล์ยาวเกิน {MAX_PATH_CHARS} ตัวอักษร ให้ตั้งชื่อไฟล์ให้สั้นลง"
    if "\\" in raw_path:
        return "ให้ใช้ / คั่นโฟลเดอร์ ไม่ใช่ \\ เช่น files/แผน.pdf"
    posix = PurePosixPath(raw_path)
    if not posix.parts or posix.name in ("", ".", ".."):
        return "ต้องเป็นชื่อไฟล์ในโฟลเดอร์ข้อมูล เช่น files/แผน.pdf"
    if posix.is_absolute() or raw_path.startswith("~") or ":" in posix.parts[0]:
        return "ต้องเป็นตำแหน่งไฟล์ภายในโฟลเดอร์ข้อมูล เช่น files/แผน.pdf ไม่ใช่ตำแหน่งเต็มในเครื่อง"
    if ".." in posix.parts:
        return "ห้ามใช้ .. ชี้ออกนอกโฟลเดอร์ข้อมูล ให้คัดลอกไฟล์มาไว้ในโฟลเดอร์ files/"
    if any(part.startswith(".") for part in posix.parts):
        return "ห้ามใช้ไฟล์หรือโฟลเดอร์ที่ชื่อขึ้นต้นด้วยจุด (ไฟล์ซ่อน) ให้เปลี่ยนชื่อไฟล์"
    named = _name_problem(posix)
    if named:
        return named
    if data_root is None:
        return None
    path = Path(data_root) / posix
    try:
        root = Path(data_root).resolve()
        exists = path.exists() or path.is_symlink()
        inside = _inside(path.resolve(), root) if exists else True
        is_file = path.is_file()
        status = path.stat() if is_file else None
        size = status.st_size if status else 0
    except (OSError, RuntimeError, ValueError):  # a link loop, a name the system refuses …
        return f"เปิดไฟล์ '{raw_path}' ไม่ได้ ตรวจชื่อไฟล์ หรือคัดลอกไฟล์จริงมาไว้ในโฟลเดอร์ files/"
    if not exists:
        return f"ไม่พบไฟล์ '{raw_path}' ในโฟลเดอร์ข้อมูล ตรวจชื่อไฟล์ (ตัวพิมพ์เล็ก/ใหญ่และนามสกุล)"
    if not inside or _links_out(Path(data_root), posix, root):
        return f"'{raw_path}' เป็นลิงก์ที่ชี้ออกนอกโฟลเดอร์ข้อมูล ให้คัดลอกไฟล์จริงมาไว้แทน"
    if any(part.startswith(".") for part in path.resolve().relative_to(root).parts):
        # a link to a hidden file or folder (.git …) would publish what the rule above keeps out
        return f"'{raw_path}' เป็นลิงก์ไปยังไฟล์หรือโฟลเดอร์ซ่อน (ชื่อขึ้นต้นด้วยจุด) ให้คัดลอกไฟล์จริงมาไว้แทน"
    if not is_file:
        return f"'{raw_path}' ไม่ใช่ไฟล์"
    if status.st_nlink > 1:
        # a hard link is the same file under another name, possibly outside the data folder
        # (ln /home/staff/private.pdf files/plan.pdf): nothing on this name says where the others are
        return (
            f"ไฟล์ '{raw_path}' เป็นฮาร์ดลิงก์ (ไฟล์เดียวกันมีอีก {status.st_nlink - 1} ชื่ออยู่ที่อื่น ซึ่งอาจอยู่นอกโฟลเดอร์ข้อมูล) "
            "ให้คัดลอกไฟล์เป็นไฟล์ใหม่แทน เช่น คัดลอกไปชื่อชั่วคราว ลบไฟล์เดิม แล้วเปลี่ยนชื่อกลับ")
    expected = EXTENSION_KINDS.get(posix.suffix.lower())
    if expected is None:
        allowed = ", ".join(sorted(EXTENSION_KINDS))
        return f"ไม่รองรับไฟล์นามสกุล '{posix.suffix or '(ไม่มี)'}' ใช้ได้: {allowed}"
    limit = MAX_IMAGE_BYTES if expected in IMAGE_KINDS else MAX_ATTACHMENT_BYTES
    if size > limit:
        how = "ย่อขนาดรูป (เช่น กว้างไม่เกิน 1600 พิกเซล)" if expected in IMAGE_KINDS else \
            "ลดขนาด (เช่น บีบอัด PDF หรือสแกนที่ 150 dpi) หรือแบ่งเป็นหลายไฟล์"
        return f"ไฟล์ '{raw_path}' ใหญ่ {_size_text(size)} เกินกำหนด {limit // 1024 // 1024} MB ให้{how}"
    if size == 0:
        return f"ไฟล์ '{raw_path}' ว่างเปล่า"
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
        actual = sniff_kind(head)
        if actual == "text":
            actual = _text_kind(path)
        if actual == "zip" and expected == "zip":
            actual = _zip_kind(path, posix.suffix.lower())
    except OSError as exc:
        return f"อ่านไฟล์ '{raw_path}' ไม่ได้ ({exc.strerror or exc})"
    if actual != expected:
        found = KIND_NAMES.get(actual, "ไม่ทราบชนิด")
        return (
            f"ไฟล์ '{raw_path}' มีนามสกุลเป็น {KIND_NAMES[expected]} แต่เนื้อไฟล์เป็น {found} "
            "ให้ส่งออก (Export/Save As) เป็นชนิดที่ถูกต้องอีกครั้ง"
        )
    if actual in IMAGE_KINDS:
        try:
            problem = image_problem(path.read_bytes())
        except OSError as exc:
            return f"อ่านไฟล์ '{raw_path}' ไม่ได้ ({exc.strerror or exc})"
        if problem:   # published pictures are drawn whole by every visitor's browser
            return f"ไฟล์ '{raw_path}': {problem}"
    if kinds and actual not in kinds:
        wanted = ", ".join(KIND_NAMES[k] for k in kinds)
        return f"ช่องนี้ต้องเป็นไฟล์ชนิด {wanted}"
    return None


def _inside(resolved: Path, root: Path) -> bool:
    try:
        resolved.relative_to(root)
    except ValueError:
        return False
    return True


def _links_out(data_root: Path, posix: PurePosixPath, root: Path) -> bool:
    """True if any folder or link on the way leads outside the data folder (even if a
    later link comes back in)."""
    current = data_root
    for part in posix.parts:
        current = current / part
        if current.is_symlink() and not _inside(current.resolve(), root):
            return True
    return False


def _text_kind(path: Path) -> str | None:
    """A .txt/.csv must be UTF-8 text all through, not HTML or a binary in disguise."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if "\x00" in text or re.search(r"<\s*(html|script|svg|iframe|body|head|!doctype)", text, re.IGNORECASE):
        return None
    return "text"


def _zip_kind(path: Path, suffix: str) -> str | None:
    """An Office file is a zip with its own main part: an .xlsx must hold a workbook."""
    marker = ZIP_MARKERS.get(suffix)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if marker and marker not in names:
        return None
    return "zip"


def attachment_path(data_root: Path, relative: str) -> Path:
    return Path(data_root) / PurePosixPath(relative)
