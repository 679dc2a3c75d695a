"""Publishing a built site safely: build beside the old site, replace it only
when the new one is complete, so a failed or killed build leaves the previous
site intact.

    swap = SiteSwap(site_dir)      # site.new-<pid>/ is where MkDocs builds
    ...build into swap.staging...
    swap.publish_checks(config)    # index page, internal links, OIT item URLs
    swap.commit()                  # the new site replaces the old one in one step
    # or swap.discard() on failure

The replacement is one atomic exchange of the two folders where the system has
it (Linux renameat2 RENAME_EXCHANGE): a reader or a web server sees either the
whole old site or the whole new one. Elsewhere it is two renames, and a build
killed between them is repaired by the next SiteSwap (the old site is put back).
Leftovers of killed builds (site.new-<pid>, site.old-<pid>) are removed once
their process is gone.

Every site built here carries a marker file (.prongsai-site; MkDocs leaves hidden
files in its output folder alone). Only a folder with the marker, or one that is
plainly a MkDocs site, is ever replaced or removed: `--site-dir` pointing at the
data folder or at the user's own files is refused (check_site_dir), and a
backup the user named site.old-2567 is not taken for a leftover (an empty folder
of that name, which is what a build killed around its marker leaves, is removed).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, swaps are not serialised
    fcntl = None


MARKER = ".prongsai-site"


def is_previous_site(path: Path) -> bool:
    """A folder this program built (its marker), or a MkDocs site built before markers existed."""
    if (path / MARKER).is_file():
        return True
    return all((path / name).is_file() for name in ("index.html", "404.html", "sitemap.xml")) and \
        not any(path.glob("*.yaml")) and not any(path.glob("*.md"))


def check_site_dir(site_dir: Path, data_dir: Path, project_dir: Path) -> str | None:
    """Why the site may not be written to site_dir (in Thai), or None when it may: the folder is
    replaced as a whole, so it must be new, empty or a site built before, and hold no data."""
    target = Path(os.path.abspath(site_dir))
    data = Path(os.path.abspath(data_dir))
    project = Path(os.path.abspath(project_dir))
    if target == target.parent:
        return f"--site-dir: ใช้โฟลเดอร์ราก ({site_dir}) เป็นที่เก็บเว็บไซต์ไม่ได้ ให้ระบุโฟลเดอร์ใหม่ เช่น site"
    for inner, outer, what in ((data, target, "โฟลเดอร์ข้อมูล"), (project, target, "โฟลเดอร์โครงการ")):
        if inner == outer or outer in inner.parents:
            return (f"--site-dir: {site_dir} เป็นหรือมี{what} ({inner}) อยู่ข้างใน การสร้างเว็บไซต์จะแทนที่ทั้งโฟลเดอร์ "
                    "ให้ระบุโฟลเดอร์อื่น เช่น site")
    if data in target.parents:
        return f"--site-dir: {site_dir} อยู่ในโฟลเดอร์ข้อมูล ({data_dir}) ให้ระบุโฟลเดอร์นอกโฟลเดอร์ข้อมูล เช่น site"
    if target.exists() or target.is_symlink():
        if not target.is_dir() or target.is_symlink():
            return f"--site-dir: {site_dir} เป็นไฟล์ ไม่ใช่โฟลเดอร์ ให้ระบุโฟลเดอร์ใหม่ เช่น site"
        if any(target.iterdir()) and not is_previous_site(target):
            return (f"--site-dir: {site_dir} มีไฟล์อื่นอยู่และไม่ใช่เว็บไซต์ที่สร้างไว้ก่อน จึงไม่แทนที่ "
                    "ให้ระบุโฟลเดอร์ใหม่หรือโฟลเดอร์ว่าง")
    return None


class SiteSwap:
    """site.new-<pid>/ is built; commit() swaps it in."""

    def __init__(self, site_dir: Path):
        self.target = Path(os.path.abspath(site_dir))
        self.staging = self.target.with_name(f"{self.target.name}.new-{os.getpid()}")
        self.backup = self.target.with_name(f"{self.target.name}.old-{os.getpid()}")
        self.target.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.target):
            recover_interrupted_swap(self.target)
        if is_previous_site(self.staging):
            _remove_site(self.staging)
        # marked from the start, so that a build killed half-way leaves a leftover known to be ours
        self.staging.mkdir()
        _mark(self.staging)

    def publish_checks(self, config) -> None:
        """Checks on the finished build before it replaces the published site; raises
        mkdocs' Abort (a message for the user) when the new site must not be published."""
        from mkdocs.exceptions import Abort

        from . import linkcheck

        if not (self.staging / "index.html").is_file():
            raise Abort("เว็บไซต์ที่สร้างไม่มีหน้าแรก (index.html)")
        model = _model(config)
        site_url = _config_get(config, "site_url") or (model.site.site_url if model is not None else None)
        problems = linkcheck.check_site(
            self.staging, site_url, model.catalogue if model is not None else None,
            bool(_config_get(config, "use_directory_urls", True)),
        )
        if problems:
            raise Abort(linkcheck.summary(problems))

    def commit(self) -> None:
        _mark(self.staging)
        with _locked(self.target):
            if self.target.exists() or self.target.is_symlink():
                if _exchange(self.staging, self.target):
                    # staging now holds the old site: it is garbage from here on
                    os.replace(self.staging, self.backup)
                else:
                    os.replace(self.target, self.backup)
                    os.replace(self.staging, self.target)
            else:
                os.replace(self.staging, self.target)
            _fsync_dir(self.target.parent)
        _remove_site(self.backup)

    def discard(self) -> None:
        _remove_site(self.staging)


def recover_interrupted_swap(target: Path) -> None:
    """If a build was killed between the two renames, put the old site back;
    drop leftovers of builds that are no longer running."""
    for leftover in sorted(target.parent.glob(f"{target.name}.old-*")):
        if _owner_alive(leftover):
            continue  # another build is swapping right now
        if not (leftover / MARKER).is_file():
            _drop_if_empty(leftover)   # the user's own folder is left alone unless it holds nothing
        elif not target.exists() and not target.is_symlink():
            os.replace(leftover, target)
        else:
            _remove_site(leftover)
    for staging in target.parent.glob(f"{target.name}.new-*"):
        if _owner_alive(staging):
            continue
        if (staging / MARKER).is_file():
            _remove_site(staging)
        else:
            _drop_if_empty(staging)


def _drop_if_empty(folder: Path) -> None:
    """A build killed between creating its folder and marking it, or between removing the marker
    and the folder, leaves it empty: removing an empty folder loses nothing."""
    if folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _remove_site(folder: Path) -> None:
    """Remove a site folder, its marker last: a removal killed half-way leaves a folder
    still known to be ours, which the next build finishes removing."""
    if not folder.is_dir() or folder.is_symlink():
        return
    for child in folder.iterdir():
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                child.unlink()
    shutil.rmtree(folder, ignore_errors=True)


def _mark(folder: Path) -> None:
    (folder / MARKER).write_text("built by prongsai build: this folder is replaced on the next build\n",
                                 encoding="utf-8")


def _owner_alive(path: Path) -> bool:
    pid = path.name.rsplit("-", 1)[-1]
    return pid.isdigit() and int(pid) != os.getpid() and _process_alive(int(pid))


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


# --- helpers ---------------------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where not supported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False  # the system or the file system cannot exchange: use two renames
    raise OSError(code, os.strerror(code), str(a))


@contextlib.contextmanager
def _locked(target: Path):
    """Serialise swaps of sites in the same folder between processes: an advisory lock
    on the parent folder itself, so no lock file is left lying around."""
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        yield  # cannot open the folder: the renames will fail with a clear error anyway
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass  # a file system without locks: proceed unserialised
        yield
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _config_get(config, key, default=None):
    try:
        value = config[key]
    except (KeyError, TypeError):
        return default
    return default if value is None else value


def _model(config):
    """The model of the site just built (site.yaml's site_url, the OIT catalogue of the
    year), from the generator's MkDocs hook; None when the hook is not in use."""
    hooks = _config_get(config, "hooks", {}) or {}
    for module in getattr(hooks, "values", lambda: [])():
        result = (getattr(module, "_state", None) or {}).get("result")
        model = getattr(result, "model", None)
        if model is not None:
            return model
    return None
