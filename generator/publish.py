"""Publishing a built site safely: build beside the old site, replace it only
when the new one is complete, so a failed or killed build leaves the previous
site intact.

    swap = SiteSwap(site_dir)      # site.new-<pid>/ is where MkDocs builds
    ...build into swap.staging...
    swap.publish_checks(config, model)  # index page, internal links, OIT item URLs
    swap.commit()                  # the new site replaces the old one in one step
    # or swap.discard() on failure

The replacement is one atomic exchange of the two folders where the system has
it (Linux renameat2 RENAME_EXCHANGE): a reader or a web server sees either the
whole old site or the whole new one. Elsewhere it is two renames, and a build
killed between them is repaired by the next SiteSwap (the old site is put back).

Only folders this program made are ever replaced, moved or removed. Each carries a
marker file (.prongsai-site; MkDocs leaves hidden files in its output folder alone)
that records the site it was built for (its resolved path, hashed with a random build
id) and the process that owns it. A folder is ours only where its marker says it should be:
the site itself, or its temporary siblings site.new-<pid> / site.old-<pid> with the
pid of the marker. A copy or a move of a site (cp -a site site.old-2567,
mv site site.old-2567, cp -a site/. /var/www/html) carries a marker that no longer
matches its place, so it is left alone; a folder without a marker is never replaced
(check_site_dir refuses it with a message saying how to proceed).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, swaps are not serialised
    fcntl = None


MARKER = ".prongsai-site"
MAX_MARKER_BYTES = 4096
_MARKER_NOTE = "prongsai build: only the next build of this same site replaces this folder"


class NotOurs(OSError):
    """A folder that the swap would replace is not a site this program built (any more)."""


def resolved(path) -> Path:
    """The real path (symlinks followed, also for a path that does not exist yet)."""
    return Path(os.path.realpath(os.path.abspath(path)))


def read_marker(folder: Path) -> dict | None:
    """The marker's record, or None when there is none or it is not one this version wrote."""
    try:
        marker = folder / MARKER
        if marker.is_symlink() or not marker.is_file() or marker.stat().st_size > MAX_MARKER_BYTES:
            return None
        record = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("pid"), int) or \
            not re.fullmatch(r"sha256:[0-9a-f]{64}", str(record.get("site"))) or \
            not re.fullmatch(r"[0-9a-f]{8,64}", str(record.get("build"))):
        return None
    return record


def is_ours(folder: Path, target: Path | None = None) -> bool:
    """Whether `folder` is a site this program built and still sits where its marker says: the
    site itself, or its temporary sibling <site>.new-<pid> / <site>.old-<pid> of the marker's pid.
    With `target`, the marker must also be for that site."""
    record = read_marker(folder)
    if record is None or folder.is_symlink():
        return False
    here = resolved(folder)
    places = [here]
    temporary = _TEMPORARY.fullmatch(here.name)
    if temporary and int(temporary.group(3)) == record["pid"]:
        places.append(here.with_name(temporary.group(1)))
    if target is not None:
        places = [place for place in places if place == resolved(target)]
    return any(secrets.compare_digest(_site_id(place, record["build"]), record["site"]) for place in places)


_TEMPORARY = re.compile(r"(.+)\.(new|old)-([0-9]{1,10})")


def _site_id(site: Path, build: str) -> str:
    """The site's resolved path, hashed with the build id: the marker is published with the site
    (a web server may serve hidden files), and the server's folder names are nobody's business."""
    return "sha256:" + hashlib.sha256(f"{build}\n{site}".encode("utf-8", "surrogateescape")).hexdigest()


def _sibling(site: Path, kind: str, pid: int) -> Path:
    return site.with_name(f"{site.name}.{kind}-{pid}")


def _why_not_ours(folder: Path, target: Path, option: str = "--site-dir") -> str:
    """Why a folder with files in it is not replaced, and what to do (Thai)."""
    if read_marker(folder) is not None:
        return ("เป็นสำเนาหรือโฟลเดอร์ที่ย้ายมาจากเว็บไซต์ที่สร้างไว้ที่อื่น ไม่ใช่เว็บไซต์ที่สร้างไว้ที่นี่ "
                "จึงไม่แทนที่ ถ้าไม่ต้องการไฟล์ในโฟลเดอร์นี้แล้ว ให้ลบหรือย้ายโฟลเดอร์นี้ออกก่อนแล้วสั่งใหม่ "
                f"หรือระบุ {option} เป็นโฟลเดอร์ใหม่")
    if (folder / MARKER).exists():
        return ("มีไฟล์ .prongsai-site ที่ไม่ใช่ของโปรแกรมรุ่นนี้ (สร้างด้วยรุ่นก่อน หรือคัดลอกมา) จึงไม่แทนที่ "
                "ถ้าเป็นเว็บไซต์ที่สร้างไว้เองและไม่มีไฟล์อื่นของท่าน ให้ลบหรือย้ายโฟลเดอร์นี้ออกก่อนแล้วสั่งใหม่ "
                "(ครั้งต่อไประบบจะจำได้เอง)")
    elsewhere = _free_folder(target)
    return ("มีไฟล์อื่นอยู่และไม่ใช่เว็บไซต์ที่ prongsai build สร้างไว้ที่นี่ จึงไม่แทนที่ (การสร้างเว็บไซต์แทนที่ทั้งโฟลเดอร์ "
            f"ไฟล์อื่นในนั้นจะหายหมด) ให้ระบุ {option} เป็นโฟลเดอร์ใหม่หรือโฟลเดอร์ว่าง เช่น {elsewhere} "
            "ถ้าจะวางเว็บไซต์ในโฟลเดอร์ของเว็บเซิร์ฟเวอร์ที่มีระบบอื่นอยู่ ให้ใช้โฟลเดอร์ย่อยใหม่ เช่น "
            f"{target / 'ita'} หรือสร้างที่ {elsewhere} แล้วคัดลอกไฟล์ไปวางเอง")


def _free_folder(refused: Path) -> str:
    """A folder to suggest instead of a refused one: beside it, not existing yet (never the refused
    folder itself: a plain `mkdocs build` leaves its own site/ that prongsai build will not replace).
    Shown relative to the current folder when it is below it, as the user would type it."""
    names = ["site", "public", f"{refused.name}-prongsai"] + [f"{refused.name}-prongsai-{n}" for n in range(2, 100)]
    for name in names:
        candidate = refused.with_name(name)
        if candidate != refused and not os.path.lexists(candidate):
            break
    try:
        return str(candidate.relative_to(resolved(os.getcwd())))
    except ValueError:
        return str(candidate)


def check_site_dir(site_dir: Path, data_dir: Path, project_dir: Path) -> str | None:
    """Why the site may not be written to site_dir (in Thai), or None when it may: the folder is
    replaced as a whole, so it must be new, empty or a site this program built there, and hold
    no data. Paths are resolved first: a --site-dir reached through a link is judged by where
    it really is."""
    given = Path(site_dir)
    if given.is_symlink() and not given.exists():
        return f"--site-dir: {site_dir} เป็นลิงก์ (shortcut) ที่ชี้ไปยังโฟลเดอร์ที่ไม่มีอยู่ ให้ระบุโฟลเดอร์จริง เช่น site"
    target, data, project = resolved(site_dir), resolved(data_dir), resolved(project_dir)
    if target == target.parent:
        return f"--site-dir: ใช้โฟลเดอร์ราก ({site_dir}) เป็นที่เก็บเว็บไซต์ไม่ได้ ให้ระบุโฟลเดอร์ใหม่ เช่น site"
    for inner, what in ((data, "โฟลเดอร์ข้อมูล"), (project, "โฟลเดอร์โครงการ")):
        if inner == target or target in inner.parents:
            return (f"--site-dir: {site_dir} เป็นหรือมี{what} ({inner}) อยู่ข้างใน การสร้างเว็บไซต์จะแทนที่ทั้งโฟลเดอร์ "
                    "ให้ระบุโฟลเดอร์อื่น เช่น site")
    if data in target.parents:
        where = "" if str(target) == os.path.abspath(site_dir) else f" (คือ {target})"
        return (f"--site-dir: {site_dir}{where} อยู่ในโฟลเดอร์ข้อมูล ({data_dir}) "
                "ให้ระบุโฟลเดอร์นอกโฟลเดอร์ข้อมูล เช่น site")
    if target.exists():
        if not target.is_dir():
            return f"--site-dir: {site_dir} เป็นไฟล์ ไม่ใช่โฟลเดอร์ ให้ระบุโฟลเดอร์ใหม่ เช่น site"
        try:
            empty = not any(target.iterdir())
        except OSError as exc:
            return f"--site-dir: เปิดโฟลเดอร์ {site_dir} ไม่ได้ ({exc.strerror or exc}) ตรวจสิทธิ์หรือระบุโฟลเดอร์อื่น"
        if not empty and not is_ours(target, target):
            return f"--site-dir: {site_dir} {_why_not_ours(target, target)}"
    return None


def check_output_dir(site_dir) -> str | None:
    """For a plain `mkdocs build`, which empties its site_dir in place: the same rule as
    check_site_dir (new, empty, or a site this program built there, or one of its temporary
    folders), so that mkdocs.yml's site_dir cannot wipe someone else's folder either."""
    folder = resolved(site_dir)
    if not folder.is_dir():
        return None
    try:
        if not any(folder.iterdir()):
            return None
    except OSError:
        return None  # MkDocs reports what it cannot write itself
    if is_ours(folder):
        return None
    return f"{site_dir} {_why_not_ours(folder, folder, 'site_dir ใน mkdocs.yml')}"


def mark_output_dir(site_dir) -> None:
    """After a plain `mkdocs build` into a new or empty folder: mark it as this site, so that
    the next build (plain or `prongsai build`) may replace it."""
    folder = resolved(site_dir)
    if folder.is_dir() and read_marker(folder) is None:
        _mark(folder, folder, os.getpid())


class SiteSwap:
    """site.new-<pid>/ is built; commit() swaps it in."""

    def __init__(self, site_dir: Path):
        self.target = resolved(site_dir)
        self.pid = os.getpid()
        self.staging = _sibling(self.target, "new", self.pid)
        self.backup = _sibling(self.target, "old", self.pid)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.target):
            recover_interrupted_swap(self.target)
        if is_ours(self.staging, self.target):
            _remove_site(self.staging)  # of an earlier process with the same pid
        # marked from the start, so that a build killed half-way leaves a leftover known to be ours
        self.staging.mkdir()
        self.build = _mark(self.staging, self.target, self.pid)

    def publish_checks(self, config, model=None) -> None:
        """Checks on the finished build before it replaces the published site; raises
        mkdocs' Abort (a message for the user) when the new site must not be published.
        `model` is the generator's model of the site (its URL, the OIT catalogue of every
        published year); without it only the pages themselves are checked."""
        from mkdocs.exceptions import Abort

        from . import linkcheck

        if not (self.staging / "index.html").is_file():
            raise Abort("เว็บไซต์ที่สร้างไม่มีหน้าแรก (index.html)")
        site_url = _config_get(config, "site_url") or (model.site.site_url if model is not None else None)
        # every published year's item URLs, not only the current year's: evaluators open old ones too
        catalogues = [model.for_year(year).catalogue for year in model.years] if model is not None else []
        problems = linkcheck.check_site(
            self.staging, site_url, catalogues, bool(_config_get(config, "use_directory_urls", True)),
            cache_scope=str(self.target),
        )
        if problems:
            raise Abort(linkcheck.summary(problems))

    def commit(self) -> None:
        """Swap the new site in. The site it replaces is checked again (it may have changed
        during the build) and its marker handed to this build's pid first, so that wherever
        a kill leaves it (site.new-<pid> after the exchange, site.old-<pid> between two
        renames) the next build knows it as ours."""
        _mark(self.staging, self.target, self.pid, self.build)  # in case the build replaced it
        with _locked(self.target):
            if self.target.exists() or self.target.is_symlink():
                self._adopt_target()
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

    def _adopt_target(self) -> None:
        target = self.target
        if target.is_symlink() or not target.is_dir():
            raise NotOurs(errno.EEXIST, f"{target} ไม่ใช่โฟลเดอร์เว็บไซต์ (เป็นไฟล์หรือลิงก์) จึงไม่แทนที่")
        if is_ours(target, target):
            record = read_marker(target)
            _mark(target, target, self.pid, record["build"])
        elif any(target.iterdir()):
            raise NotOurs(errno.EEXIST, f"{target} {_why_not_ours(target, target)}")

    def discard(self) -> None:
        _remove_site(self.staging)


def recover_interrupted_swap(target: Path) -> None:
    """If a build was killed between the two renames, put the old site back;
    drop leftovers of builds that are no longer running. Only folders that are ours
    (see is_ours) are moved or removed; an empty one is removed whatever it is."""
    target = resolved(target)
    for kind in ("old", "new"):  # the old site first: it may have to be put back
        for leftover in sorted(target.parent.glob(f"{target.name}.{kind}-*")):
            pid = leftover.name.rsplit("-", 1)[-1]
            if not pid.isdigit() or _owner_alive(int(pid)):
                continue  # not a leftover's name, or another build is swapping right now
            if not is_ours(leftover, target):
                _drop_if_empty(leftover)   # the user's own folder is left alone unless it holds nothing
            elif kind == "old" and not target.exists() and not target.is_symlink():
                os.replace(leftover, target)
            else:
                _remove_site(leftover)


def _drop_if_empty(folder: Path) -> None:
    """A build killed between creating its folder and marking it (or in the middle of writing
    the marker), or between removing the marker and the folder, leaves a folder that holds
    nothing but, at most, a marker file: removing it loses nothing."""
    if not folder.is_dir() or folder.is_symlink():
        return
    with contextlib.suppress(OSError):
        entries = list(folder.iterdir())
        if all(entry.name.startswith(MARKER) and entry.is_file() and not entry.is_symlink() and
               entry.stat().st_size <= MAX_MARKER_BYTES for entry in entries):
            for entry in entries:
                entry.unlink()
            folder.rmdir()


def _remove_site(folder: Path) -> None:
    """Remove a site folder, its marker last: a removal killed half-way leaves a folder
    still known to be ours, which the next build finishes removing. Callers have checked
    that it is ours; an empty folder is simply removed."""
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


def _mark(folder: Path, site: Path, pid: int, build: str | None = None) -> str:
    """Write the marker (through a temporary file and a rename: a marker is never half
    written); returns the build id."""
    build = build or secrets.token_hex(8)
    record = {"site": _site_id(resolved(site), build), "build": build, "pid": pid, "note": _MARKER_NOTE}
    temp = folder / f"{MARKER}.tmp-{os.getpid()}"
    temp.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temp, folder / MARKER)
    return build


def _owner_alive(pid: int) -> bool:
    return pid != os.getpid() and _process_alive(pid)


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OSError, OverflowError):
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
