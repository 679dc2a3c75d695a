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


class SiteSwap:
    """site.new-<pid>/ is built; commit() swaps it in."""

    def __init__(self, site_dir: Path):
        self.target = Path(site_dir)
        self.staging = self.target.with_name(f"{self.target.name}.new-{os.getpid()}")
        self.backup = self.target.with_name(f"{self.target.name}.old-{os.getpid()}")
        self.target.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.target):
            recover_interrupted_swap(self.target)
        shutil.rmtree(self.staging, ignore_errors=True)

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
        shutil.rmtree(self.backup, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def recover_interrupted_swap(target: Path) -> None:
    """If a build was killed between the two renames, put the old site back;
    drop leftovers of builds that are no longer running."""
    for leftover in sorted(target.parent.glob(f"{target.name}.old-*")):
        if _owner_alive(leftover):
            continue  # another build is swapping right now
        if not target.exists() and not target.is_symlink():
            os.replace(leftover, target)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
    for staging in target.parent.glob(f"{target.name}.new-*"):
        if not _owner_alive(staging):
            shutil.rmtree(staging, ignore_errors=True)


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
