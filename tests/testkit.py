"""Helpers shared by the test modules (imported as `testkit`; conftest.py only
holds fixtures, because every folder's conftest.py is a module named `conftest`).

The real documents live in ../shared/seeds beside the repository and are never
copied into it: tests read them at test time and skip, with the reason, where
they are absent (a fresh clone). Set PRONGSAI_REQUIRE_SEEDS=1 on a machine that
has them to turn those skips into failures.
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from string import Template

import pytest
import yaml

try:
    import fcntl
except ImportError:  # not a POSIX system
    fcntl = None

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = REPO.parent / "shared" / "seeds"

SEED002_PLAN = SEEDS / "002_764d92c6634de35d.txt"
# The data folder of seed 002's plan, made at test time by seed002_data() (gitignored).
SEED002 = FIXTURES / "seed002"
# What that folder holds besides the imported plan; written by us, no text of the document.
SEED002_BASE = FIXTURES / "seed002-base"


def run_prongsai(*args: str, cwd: Path = REPO, env: dict | None = None, timeout: int = 600):
    """Run the installed command in a subprocess, as a user would (`prongsai check` takes its
    "today" from PRONGSAI_TODAY: only the test that sets it sees it)."""
    full_env = {**os.environ, **(env or {})}
    if "PRONGSAI_TODAY" not in (env or {}):
        full_env.pop("PRONGSAI_TODAY", None)
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=full_env,
        capture_output=True, text=True, encoding="utf-8", timeout=timeout,
    )


def site_project(folder: Path, data: Path, **options) -> Path:
    """folder/mkdocs.yml: the repository's, its folders made absolute, with the plugin reading
    `data` (plugins: [{prongsai: {data_dir: …, **options}}]), as a site project names its data."""
    with open(REPO / "mkdocs.yml", encoding="utf-8") as fh:
        config = yaml.safe_load(fh)
    config["docs_dir"] = str(REPO / config.get("docs_dir", "docs"))
    theme = config.setdefault("theme", {"name": "material"})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str(REPO / theme["custom_dir"])
    config["plugins"] = [{"prongsai": {"data_dir": str(Path(data).resolve()), **options}}]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mkdocs.yml"
    with open(path, "w", encoding="utf-8") as fh:
        yaml.safe_dump(config, fh, allow_unicode=True, sort_keys=False)
    return path


def mini_without_site_url(folder: Path) -> Path:
    """A copy of the mini fixture whose site.yaml names no site_url (links must be relative)."""
    data = folder / "data"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini", data)
    site_yaml = data / "site.yaml"
    site_yaml.write_text("\n".join(line for line in site_yaml.read_text(encoding="utf-8").splitlines()
                                   if not line.startswith("site_url")) + "\n", encoding="utf-8")
    return data


def require_seed(path: Path) -> Path:
    """`path`, a real document in ../shared/seeds; skips the calling test when it is absent."""
    if path.is_file():
        return path
    reason = f"real document not available: {path} (the documents stay outside the repository, in ../shared/seeds)"
    if os.environ.get("PRONGSAI_REQUIRE_SEEDS"):
        pytest.fail(reason + "; PRONGSAI_REQUIRE_SEEDS is set")
    pytest.skip(reason)


def seed002_data() -> Path:
    """tests/fixtures/seed002: seed 002's plan imported by `prongsai import plan` into a
    data folder with SEED002_BASE's files; made once per test process, skips without the seed."""
    require_seed(SEED002_PLAN)
    return _make_seed002()


@functools.cache
def _make_seed002() -> Path:
    cover = _cover_page(SEED002_PLAN.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="seed002-") as tmp:
        work = Path(tmp)
        for base in SEED002_BASE.iterdir():
            filled = Template(base.read_text(encoding="utf-8")).substitute(cover)
            (work / base.name).write_text(filled, encoding="utf-8")
        result = run_prongsai("import", "plan", str(SEED002_PLAN), "--data", str(work))
        if result.returncode != 0:
            raise RuntimeError(f"prongsai import plan {SEED002_PLAN} failed:\n{result.stderr[-3000:]}")
        _mirror(work, SEED002)
    return SEED002


def _cover_page(text: str) -> dict[str, str]:
    """The organisation's name and district as printed on the plan's cover page
    (the line before 'อำเภอ… จังหวัด…'), for SEED002_BASE's $name, $short_name, $address."""
    found = re.search(r"^(องค์การบริหารส่วนตำบล\S+)\n(อำเภอ\S+ จังหวัด\S+)$", text, re.MULTILINE)
    if not found:
        raise RuntimeError(f"{SEED002_PLAN}: no cover page with the organisation's name and district")
    name, address = found.groups()
    return {"name": name, "short_name": "อบต." + name.removeprefix("องค์การบริหารส่วนตำบล"), "address": address}


def _mirror(source: Path, target: Path) -> None:
    """Make the flat folder `target` hold exactly `source`'s files. Each file is replaced
    in one step and only when it changed, so that test sessions running side by side
    never read a half-written file."""
    target.mkdir(parents=True, exist_ok=True)
    wanted = {path.name: path.read_bytes() for path in source.iterdir()}
    for name, content in wanted.items():
        path = target / name
        if not path.is_file() or path.read_bytes() != content:
            partial = target / f".{name}.{os.getpid()}.tmp"
            partial.write_bytes(content)
            os.replace(partial, path)
    for path in target.iterdir():
        if path.name not in wanted and not path.name.startswith("."):
            path.unlink()


def made_once_per_run(tmp_path_factory, name: str, make) -> Path:
    """The folder `name`, filled by `make(folder)` once per test run: with pytest-xdist by
    the first worker that asks (the others wait for it and then read the same folder);
    without, by the process. A `make` that fails is tried again by the next asker."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    if fcntl is None:  # no file locks here: each process makes its own
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    folder, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def headless_chromium():
    """(cdp_harness, the test process's Browser) for a browser fixture (`yield from`): one
    Chromium serves every test of the process (each test opens its own tab); skips without
    Chromium or the harness, and fails instead on CI, where .ci/run installs them."""
    in_ci = bool(os.environ.get("CI"))
    try:
        cdp_harness = _cdp_harness()
    except ImportError as exc:  # websocket-client missing
        reason = f"the CDP harness cannot be imported: {exc}"
        pytest.fail(reason) if in_ci else pytest.skip(reason)
    if not cdp_harness.find_chromium():
        reason = "Chromium is missing (apt-get install chromium)"
        pytest.fail(reason) if in_ci else pytest.skip(reason)
    yield cdp_harness, _shared_browser(cdp_harness)


def shared_chromium():
    """The test process's Chromium (the one the `chromium` fixture gives), for test kits that
    need a browser outside a fixture; the caller checks first that Chromium is installed."""
    return _shared_browser(_cdp_harness())


def _cdp_harness():
    """benchmarks/search/cdp_harness.py, the Chromium driver the browser tests share."""
    harness = str(REPO / "benchmarks" / "search")
    if harness not in sys.path:
        sys.path.insert(0, harness)
    import cdp_harness

    return cdp_harness


_browsers: list = []


def _shared_browser(cdp_harness):
    """The process's Chromium, started on first use (a few seconds) and again if it died."""
    if _browsers and _browsers[0].proc.poll() is not None:
        _browsers.pop().close()
    if not _browsers:
        _browsers.append(cdp_harness.Browser())
        atexit.register(close_shared_browser)  # a script using a test kit (benchmarks/) ends it too
    return _browsers[0]


def close_shared_browser() -> None:
    """Stop the process's Chromium (conftest.py calls this when the session ends)."""
    while _browsers:
        _browsers.pop().close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a test server)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
