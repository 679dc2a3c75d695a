"""Atomic builds: the new site is built beside the old one and replaces it
only when complete; a build that fails or is killed at any moment leaves the previous
site intact, and the next build cleans up what the killed one left behind.

Kill moments are random but seeded (reproducible); nothing here asserts on time.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from generator import publish
from safety_kit import REPO, copy_mini, run_prongsai

SEED = int(os.environ.get("PRONGSAI_KILL_SEED", "2569"))


def tree(site):
    """The published files. The marker is left out: a build about to replace the site hands
    the marker to its own process first (publish.SiteSwap.commit), so it may change while the
    pages stay the same; it is checked separately (publish.is_ours)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != publish.MARKER}


def leftovers(site):
    return sorted(p.name for p in site.parent.glob(f"{site.name}.*"))


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# --- the swap itself ------------------------------------------------------------------------

def make_site(path, version: str, files: int = 20, pid: int | None = None):
    """A site as a build leaves it: at `path` itself, or (pid given) as that build's
    temporary folder site.new-<pid> / site.old-<pid> beside the site it was built for."""
    path.mkdir(parents=True, exist_ok=True)
    site = path if pid is None else path.with_name(path.name.rsplit(".", 1)[0])
    if publish.read_marker(path) is None:  # a SiteSwap's staging folder is marked already
        publish._mark(path, site, os.getpid() if pid is None else pid)
    (path / "index.html").write_text(f"<p>{version}</p>", encoding="utf-8")
    for n in range(files):
        (path / f"page{n}").mkdir(exist_ok=True)
        (path / f"page{n}" / "index.html").write_text(f"{version} {n}", encoding="utf-8")


def versions_in(site) -> set[str]:
    return {text.split()[0] for text in (p.read_text(encoding="utf-8") for p in site.rglob("page*/index.html"))}


def test_commit_replaces_the_site_and_leaves_nothing_behind(tmp_path):
    site = tmp_path / "site"
    make_site(site, "old")
    swap = publish.SiteSwap(site)
    make_site(swap.staging, "new")
    swap.commit()
    assert versions_in(site) == {"new"} and leftovers(site) == []
    first = publish.SiteSwap(tmp_path / "fresh")   # no site yet: a plain rename
    make_site(first.staging, "v1")
    first.commit()
    assert versions_in(tmp_path / "fresh") == {"v1"}


def test_a_swap_interrupted_between_the_two_renames_is_undone(tmp_path):
    site = tmp_path / "site"
    pid = dead_pid()
    make_site(tmp_path / f"site.old-{pid}", "old", pid=pid)   # the old site, moved aside
    make_site(tmp_path / f"site.new-{pid}", "new", pid=pid)   # the new one, never moved in
    publish.SiteSwap(site).discard()
    assert versions_in(site) == {"old"} and leftovers(site) == []


def test_leftovers_of_running_builds_are_not_touched(tmp_path):
    site = tmp_path / "site"
    make_site(site, "old")
    alive, dead = os.getppid(), dead_pid()
    make_site(tmp_path / f"site.new-{alive}", "building", pid=alive)
    make_site(tmp_path / f"site.new-{dead}", "killed", pid=dead)
    publish.SiteSwap(site).discard()
    assert leftovers(site) == [f"site.new-{alive}"]


def test_folders_that_are_not_leftovers_of_a_build_are_left_alone(tmp_path):
    """A backup the user named site.old-2567 (no marker) is neither removed nor put back."""
    site = tmp_path / "site"
    make_site(site, "old")
    backup = tmp_path / "site.old-2567"
    backup.mkdir()
    (backup / "n.txt").write_text("my backup", encoding="utf-8")
    swap = publish.SiteSwap(site)
    make_site(swap.staging, "new")
    swap.commit()
    assert (backup / "n.txt").read_text(encoding="utf-8") == "my backup"
    assert versions_in(site) == {"new"}


@pytest.mark.slow
def test_site_dir_that_would_replace_data_or_other_files_is_refused(tmp_path):
    data = copy_mini(tmp_path / "data")
    mine = tmp_path / "mydocs"
    mine.mkdir()
    (mine / "thesis.txt").write_text("mine", encoding="utf-8")
    for site_dir in (data, tmp_path, data / "site", mine, data / "organisation.yaml"):
        result = run_prongsai("build", "--data", str(data), "--site-dir", str(site_dir))
        assert result.returncode == 2 and "--site-dir" in result.stderr and "Traceback" not in result.stderr, site_dir
    assert (data / "organisation.yaml").is_file() and (mine / "thesis.txt").read_text(encoding="utf-8") == "mine"
    # a new folder, and then the site it holds, are fine
    site = tmp_path / "out" / "site"
    for _ in range(2):
        result = run_prongsai("build", "--data", str(data), "--site-dir", str(site))
        assert result.returncode == 0, result.stderr
    assert (site / publish.MARKER).is_file() and (site / "index.html").is_file()


SWAP_LOOP = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    from generator import publish
    if {fallback!r}:
        publish._exchange = lambda a, b: False   # exercise the two-rename path of other systems
    site = Path({site!r})
    version = int(sys.argv[1])
    while True:
        version += 1
        swap = publish.SiteSwap(site)
        for n in range(40):
            (swap.staging / f"page{{n}}").mkdir()
            (swap.staging / f"page{{n}}" / "index.html").write_text(f"v{{version}} {{n}}")
        (swap.staging / "index.html").write_text(f"v{{version}}")
        swap.commit()
        print(version, flush=True)
""")


@pytest.mark.slow
@pytest.mark.parametrize("fallback", [False, True], ids=["exchange", "two-renames"])
def test_killing_swaps_at_random_moments_never_leaves_a_broken_site(tmp_path, fallback):
    """A process publishes new versions in a loop; it is killed at random moments, often
    inside commit(). After each kill the next SiteSwap must find a complete site."""
    site = tmp_path / "site"
    make_site(site, "v0", files=40)
    rng = random.Random(SEED)
    script = SWAP_LOOP.format(repo=str(REPO), site=str(site), fallback=fallback)
    published = 0
    for _ in range(25):
        child = subprocess.Popen([sys.executable, "-c", script, str(published * 1000)],
                                 stdout=subprocess.PIPE, text=True)
        first = child.stdout.readline()  # it has published at least once: now kill it anywhere
        assert first.strip(), "the swap loop did not start"
        time.sleep(rng.uniform(0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        publish.SiteSwap(site).discard()  # what the next build does first
        pages = sorted(site.glob("page*/index.html"))
        assert len(pages) == 40 and (site / "index.html").is_file(), "a half-written site was published"
        seen = versions_in(site)
        assert len(seen) == 1, f"pages of different builds mixed: {seen}"
        assert (site / "index.html").read_text() == seen.pop()
        assert leftovers(site) == []
        published += 1


# --- the real command -----------------------------------------------------------------------

NAMES = ("องค์การบริหารส่วนตำบลทดสอบเอ", "องค์การบริหารส่วนตำบลทดสอบบี")


def set_name(data, name: str) -> None:
    path = data / "organisation.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = f"name: {name}\n"
    path.write_text("".join(lines), encoding="utf-8")


def named(site_tree: dict, name: str) -> bool:
    # pages of the site (a redirect page, e.g. /ita/2569/O1/ → o1/, has only the item in its title)
    titled = [page for page in (body.decode("utf-8") for path, body in site_tree.items() if path.endswith(".html"))
              if "<title>" in page and '<meta http-equiv="refresh"' not in page]
    return bool(titled) and all(name in page for page in titled)


@pytest.mark.slow
def test_killing_prongsai_build_at_random_moments_keeps_the_previous_site(tmp_path):
    """Each attempt builds the other organisation name than the published one and is
    killed (SIGKILL, SIGTERM or Ctrl-C) at a random moment: the site is then either
    exactly the previous one or the complete new one, never a mix."""
    data = copy_mini(tmp_path / "mini")
    assert (data / "organisation.yaml").read_text(encoding="utf-8").startswith("name: ")
    site = tmp_path / "site"
    set_name(data, NAMES[0])
    started = time.monotonic()
    assert run_prongsai("build", "--data", str(data), "--site-dir", str(site)).returncode == 0
    # the kills land anywhere from the start of a build to a little after its end
    lasts = (time.monotonic() - started) * 1.25
    files = set(tree(site))
    published, current = tree(site), 0
    rng = random.Random(SEED)
    outcomes = {"kept": 0, "replaced": 0}
    for attempt in range(10):
        set_name(data, NAMES[1 - current])
        child = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "build", "--data", str(data), "--site-dir", str(site)],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.0, lasts))
        if child.poll() is None:
            child.send_signal([signal.SIGKILL, signal.SIGTERM, signal.SIGKILL, signal.SIGINT][attempt % 4])
        stderr = child.communicate()[1]
        assert "Traceback" not in stderr, stderr
        publish.SiteSwap(site).discard()  # what the next build does first
        assert publish.is_ours(site, site), "the site lost its marker: the next build would refuse it"
        now = tree(site)
        if now == published:
            outcomes["kept"] += 1
            continue
        assert set(now) == files and named(now, NAMES[1 - current]), "a half-written or mixed site was published"
        published, current = now, 1 - current
        outcomes["replaced"] += 1
    assert leftovers(site) == []
    assert outcomes["kept"] >= 1, outcomes  # some kills did land inside a build
    set_name(data, NAMES[1 - current])
    result = run_prongsai("build", "--data", str(data), "--site-dir", str(site))
    assert result.returncode == 0 and leftovers(site) == []
    assert named(tree(site), NAMES[1 - current])
