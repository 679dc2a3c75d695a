"""Attachments: files under the data folder that the site publishes.

A path must stay inside the data folder (no '..', no absolute path, no link
that leads out), the file must exist, its type is judged by its content (a
.pdf must really be a PDF) and its size is limited.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .fields import INVALID, Ctx

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

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
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text" if b"\x00" not in head and b"<" not in head[:64] else None


def check_attachment(raw_path: str, ctx: Ctx, kinds: tuple[str, ...] = ()):
    """Validate an attachment path; returns the POSIX path relative to the data folder."""
    if "\\" in raw_path:
        return ctx.error("ให้ใช้ / คั่นโฟลเดอร์ ไม่ใช่ \\ เช่น files/แผน.pdf")
    posix = PurePosixPath(raw_path)
    if posix.is_absolute() or raw_path.startswith("~") or ":" in posix.parts[0]:
        return ctx.error("ต้องเป็นตำแหน่งไฟล์ภายในโฟลเดอร์ข้อมูล เช่น files/แผน.pdf ไม่ใช่ตำแหน่งเต็มในเครื่อง")
    if ".." in posix.parts:
        return ctx.error("ห้ามใช้ .. ชี้ออกนอกโฟลเดอร์ข้อมูล ให้คัดลอกไฟล์มาไว้ในโฟลเดอร์ files/")
    if ctx.data_root is None:
        return str(posix)
    root = ctx.data_root.resolve()
    path = ctx.data_root / posix
    if not path.exists() and not path.is_symlink():
        return ctx.error(f"ไม่พบไฟล์ '{raw_path}' ในโฟลเดอร์ข้อมูล ตรวจชื่อไฟล์ (ตัวพิมพ์เล็ก/ใหญ่และนามสกุล)")
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError):
        return ctx.error(f"'{raw_path}' เป็นลิงก์ที่ชี้ออกนอกโฟลเดอร์ข้อมูล ให้คัดลอกไฟล์จริงมาไว้แทน")
    if not path.is_file():
        return ctx.error(f"'{raw_path}' ไม่ใช่ไฟล์")
    size = path.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        return ctx.error(
            f"ไฟล์ใหญ่ {size / 1024 / 1024:.1f} MB เกินกำหนด {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB "
            "ให้ลดขนาด (เช่น บีบอัด PDF) หรือแบ่งไฟล์"
        )
    if size == 0:
        return ctx.error(f"ไฟล์ '{raw_path}' ว่างเปล่า")
    expected = EXTENSION_KINDS.get(posix.suffix.lower())
    if expected is None:
        allowed = ", ".join(sorted(EXTENSION_KINDS))
        return ctx.error(f"ไม่รองรับไฟล์นามสกุล '{posix.suffix or '(ไม่มี)'}' ใช้ได้: {allowed}")
    with path.open("rb") as handle:
        actual = sniff_kind(handle.read(512))
    if actual != expected:
        found = KIND_NAMES.get(actual, "ไม่ทราบชนิด")
        return ctx.error(
            f"ไฟล์ '{raw_path}' มีนามสกุลเป็น {KIND_NAMES[expected]} แต่เนื้อไฟล์เป็น {found} "
            "ให้ส่งออก (Export/Save As) เป็นชนิดที่ถูกต้องอีกครั้ง"
        )
    if kinds and actual not in kinds:
        wanted = ", ".join(KIND_NAMES[k] for k in kinds)
        return ctx.error(f"ช่องนี้ต้องเป็นไฟล์ชนิด {wanted}")
    return str(posix)


def attachment_path(data_root: Path, relative: str) -> Path:
    return Path(data_root) / PurePosixPath(relative)
