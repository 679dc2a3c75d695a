"""Pipeline stage 5: write the generated Markdown and the attachments to disk.

Files are written only when their content changed (so `mkdocs serve` does not
rebuild in a loop) and through a temporary file + rename (so a reader never sees
half a file). Files left over from an earlier run are removed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from . import extract


def readable_mode(path: Path) -> int:
    """The permissions a written file should get: those of the file it replaces, else what a
    plain open() would give (0666 less the umask). A temporary file is 0600, which a web
    server running as another user could not read."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_text_if_changed(path: Path, text: str) -> bool:
    return write_bytes_if_changed(path, text.encode("utf-8"))


def write_bytes_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` through a temporary file and a rename when it differs; True if written."""
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, readable_mode(path))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def write_site_sources(out_dir: Path, pages: dict[str, str], attachments: dict[str, Path]) -> list[str]:
    """Write {src: markdown} and {relative path: source file}; return every written path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for relative in list(pages) + list(attachments):
        # validation keeps names that reach a path safe; this is the last guard before writing
        if Path(relative).is_absolute() or ".." in Path(relative).parts:
            raise ValueError(f"refusing to write outside the generated pages: {relative}")
    for src, text in pages.items():
        write_text_if_changed(out_dir / src, text)
    for relative, source in attachments.items():
        write_bytes_if_changed(out_dir / relative, extract.published_bytes(source))  # images without their metadata
    keep = set(pages) | set(attachments)
    _remove_stale(out_dir, keep)
    return sorted(keep)


def _remove_stale(out_dir: Path, keep: set[str]) -> None:
    for path in sorted(out_dir.rglob("*"), reverse=True):
        relative = path.relative_to(out_dir).as_posix()
        if path.is_file() and relative not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def case_insensitive(folder: Path) -> bool:
    """True when names that differ only in case are the same file in `folder` (the default on
    Windows and macOS). There, /ita/2569/O11/ and /ita/2569/o11/ would be one folder, and a
    redirect page written to O11/ would replace the item's own page: the caller leaves the
    redirect pages out instead. Probed with a real file, because one disk can hold folders of
    both kinds (a case-sensitive folder on Windows, a case-insensitive volume on Linux)."""
    folder = Path(folder)
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent  # the site folder may not exist yet: its parent decides
    handle, probe = tempfile.mkstemp(dir=folder, prefix=".Prongsai-Case-Probe-")
    os.close(handle)
    try:
        name = Path(probe).name
        return (folder / name.swapcase()).exists()
    finally:
        Path(probe).unlink(missing_ok=True)
