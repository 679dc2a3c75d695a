"""Publishing a built site safely: build beside the old site, replace it only
when the new one is complete, so a failed or killed build leaves the previous
site intact.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class SiteSwap:
    """site.new-<pid>/ is built; commit() swaps it in with renames."""

    def __init__(self, site_dir: Path):
        self.target = Path(site_dir)
        self.staging = self.target.with_name(f"{self.target.name}.new-{os.getpid()}")
        self.backup = self.target.with_name(f"{self.target.name}.old-{os.getpid()}")
        recover_interrupted_swap(self.target)
        shutil.rmtree(self.staging, ignore_errors=True)

    def publish_checks(self, config) -> None:
        """Checks on the finished build before it replaces the published site."""
        if not (self.staging / "index.html").is_file():
            from mkdocs.exceptions import Abort

            raise Abort("เว็บไซต์ที่สร้างไม่มีหน้าแรก (index.html)")

    def commit(self) -> None:
        if self.target.exists():
            os.replace(self.target, self.backup)
        os.replace(self.staging, self.target)
        shutil.rmtree(self.backup, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def recover_interrupted_swap(target: Path) -> None:
    """If a build was killed between the two renames, put the old site back;
    drop half-built staging folders of builds that are no longer running."""
    for leftover in target.parent.glob(f"{target.name}.old-*"):
        if not target.exists():
            os.replace(leftover, target)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
    for staging in target.parent.glob(f"{target.name}.new-*"):
        pid = staging.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _process_alive(int(pid)):
            shutil.rmtree(staging, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
