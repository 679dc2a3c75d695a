"""`--site-dir` replaces only what this program built there.

The site folder is replaced as a whole, and leftovers of killed builds are removed or put
back. None of that may touch a folder the user made: a web root holding other systems, a
backup made with `cp -a site site.old-2567` (the marker file is copied along), a site moved
aside with `mv`, a copy named like a build's temporary folder, a site copied into another
folder with `cp -a site/. DIR`. Each scenario runs the real `prongsai build`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from generator import publish
from safety_kit import REPO, copy_mini, run_prongsai
from testkit import site_project


def build(data, site_dir):
    return run_prongsai("build", "--data", str(data), "--site-dir", str(site_dir))


def snapshot(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A data folder and a site built from it once; each test copies the site where it needs it."""
    root = tmp_path_factory.mktemp("publish")
    data = copy_mini(root / "data")
    site = root / "first" / "site"
    result = build(data, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return data, site


def fresh_site(built, tmp_path):
    """A site built for tmp_path/site (a real build: its marker names this place)."""
    data, _ = built
    site = tmp_path / "site"
    result = build(data, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return data, site


def assert_refused(result, *needles):
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output and "--site-dir" in result.stderr, output
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.mark.slow
def test_a_web_root_that_looks_like_a_site_is_not_replaced(built, tmp_path):
    """index.html, 404.html and sitemap.xml do not make a folder ours: a web root with other
    systems (eservice/, uploads/, .htaccess) is refused, with a way to proceed."""
    data, _ = built
    webroot = tmp_path / "html"
    for name, text in {"index.html": "<h1>เว็บไซต์หลัก</h1>", "404.html": "x", "sitemap.xml": "<urlset/>",
                       ".htaccess": "Options -Indexes", "eservice/index.php": "<?php ?>",
                       "uploads/คำร้อง.pdf": "%PDF-1.4"}.items():
        (webroot / name).parent.mkdir(parents=True, exist_ok=True)
        (webroot / name).write_text(text, encoding="utf-8")
    before = snapshot(webroot)
    result = build(data, webroot)
    assert_refused(result, "ไม่แทนที่", "โฟลเดอร์ใหม่")
    assert snapshot(webroot) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html"]  # no temporary folder was made


def test_a_site_copied_into_a_web_root_does_not_make_it_replaceable(built, tmp_path):
    """`cp -a site/. /var/www/html/` copies the marker too; it names another place."""
    data, site = built
    webroot = tmp_path / "html"
    (webroot / "eservice").mkdir(parents=True)
    (webroot / "eservice" / "index.php").write_text("<?php ?>", encoding="utf-8")
    shutil.copytree(site, webroot, dirs_exist_ok=True)
    assert (webroot / publish.MARKER).is_file()
    before = snapshot(webroot)
    assert_refused(build(data, webroot), "สำเนา")
    assert snapshot(webroot) == before


@pytest.mark.slow
def test_a_backup_made_with_cp_a_survives_the_next_build(built, tmp_path):
    data, site = fresh_site(built, tmp_path)
    backup = tmp_path / "site.old-2567"
    shutil.copytree(site, backup, symlinks=True)          # cp -a site site.old-2567
    (backup / "NOTE.txt").write_text("สำรองก่อนปรับปรุง", encoding="utf-8")
    before = snapshot(backup)
    assert build(data, site).returncode == 0
    assert snapshot(backup) == before


@pytest.mark.slow
def test_a_site_moved_aside_is_not_moved_back(built, tmp_path):
    """After `mv site site.old-2567` the next build makes a new site and leaves the backup."""
    data, site = fresh_site(built, tmp_path)
    backup = tmp_path / "site.old-2567"
    site.rename(backup)
    before = snapshot(backup)
    result = build(data, site)
    assert result.returncode == 0, result.stderr[-2000:]
    assert backup.is_dir() and snapshot(backup) == before
    assert (site / "index.html").is_file() and publish.is_ours(site, site)


@pytest.mark.slow
def test_copies_named_like_a_builds_temporary_folder_are_kept(built, tmp_path):
    data, site = fresh_site(built, tmp_path)
    copies = [tmp_path / "site.new-2568", tmp_path / "site.old-1", tmp_path / f"site.new-{dead_pid()}"]
    for copy in copies:
        shutil.copytree(site, copy, symlinks=True)
    assert build(data, site).returncode == 0
    assert all((copy / "index.html").is_file() and (copy / publish.MARKER).is_file() for copy in copies)


@pytest.mark.slow
def test_a_site_built_by_an_earlier_version_is_refused_with_a_way_forward(built, tmp_path):
    """The old marker (a line of text) identified no build: any copy carried it."""
    data, site = fresh_site(built, tmp_path)
    (site / publish.MARKER).write_text("built by prongsai build: this folder is replaced on the next build\n",
                                       encoding="utf-8")
    assert_refused(build(data, site), ".prongsai-site", "ลบหรือย้าย")
    shutil.rmtree(site)
    assert build(data, site).returncode == 0


@pytest.mark.slow
def test_a_site_dir_reached_through_a_link_is_judged_where_it_really_is(built, tmp_path):
    data, _ = built
    own = copy_mini(tmp_path / "data")
    before = snapshot(own)
    link = tmp_path / "www"
    link.symlink_to(own, target_is_directory=True)
    for site_dir in (link / "site", link):
        assert_refused(build(own, site_dir), "โฟลเดอร์ข้อมูล")
    assert snapshot(own) == before and not (own / "site").exists()
    dangling = tmp_path / "gone"
    dangling.symlink_to(tmp_path / "nowhere", target_is_directory=True)
    assert_refused(build(data, dangling), "ไม่มีอยู่")
    # a link to a folder of our own site is fine: the site is built where the link points
    real = tmp_path / "srv" / "site"
    assert build(data, real).returncode == 0
    (tmp_path / "current").symlink_to(real, target_is_directory=True)
    assert build(data, tmp_path / "current").returncode == 0
    assert (tmp_path / "current").is_symlink() and (real / "index.html").is_file()


def test_a_folder_changed_during_the_build_is_not_replaced(tmp_path):
    """commit() checks the folder again: files the user put there meanwhile are kept."""
    site = tmp_path / "site"
    swap = publish.SiteSwap(site)
    (swap.staging / "index.html").write_text("new", encoding="utf-8")
    site.mkdir()
    (site / "mine.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OSError):
        swap.commit()
    swap.discard()
    assert (site / "mine.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_marker_names_no_server_path(built):
    """The marker is published with the site (web servers may serve hidden files)."""
    _, site = built
    text = (site / publish.MARKER).read_text(encoding="utf-8")
    record = json.loads(text)
    assert str(site) not in text and site.parent.name not in text
    assert record["site"].startswith("sha256:") and publish.is_ours(site, site)


def test_plain_mkdocs_build_into_someone_elses_folder_is_refused(built, tmp_path):
    """`mkdocs build` empties its site_dir in place: the hook asks the same question."""
    _, site = built
    webroot = tmp_path / "html"
    (webroot / "eservice").mkdir(parents=True)
    assert publish.check_output_dir(webroot) and "ไม่แทนที่" in publish.check_output_dir(webroot)
    assert publish.check_output_dir(site) is None and publish.check_output_dir(tmp_path / "new") is None
    empty = tmp_path / "empty"
    empty.mkdir()
    assert publish.check_output_dir(empty) is None
    publish.mark_output_dir(empty)
    (empty / "index.html").write_text("x", encoding="utf-8")
    assert publish.check_output_dir(empty) is None  # marked after its first build: ours from now on


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"], cwd=REPO)
    child.wait()
    return child.pid


def test_leftovers_of_killed_builds_are_still_cleaned_and_restored(tmp_path):
    """The counterpart: folders that are ours, where their marker says, are handled as before."""
    site = tmp_path / "site"
    pid = dead_pid()
    for kind, version in (("old", "old"), ("new", "new")):
        folder = tmp_path / f"site.{kind}-{pid}"
        folder.mkdir()
        publish._mark(folder, site, pid)
        (folder / "index.html").write_text(version, encoding="utf-8")
    publish.SiteSwap(site).discard()
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert os.listdir(site) and publish.is_ours(site, site)


@pytest.mark.slow
def test_plain_mkdocs_build_refuses_a_web_root_and_marks_its_own_folder(built, tmp_path):
    """The real `mkdocs build`, through the generator's MkDocs plugin (generator/plugin.py)."""
    data, _ = built
    webroot = tmp_path / "html"
    (webroot / "eservice").mkdir(parents=True)
    (webroot / "eservice" / "index.php").write_text("<?php ?>", encoding="utf-8")
    before = snapshot(webroot)
    config = site_project(tmp_path / "project", data)

    def mkdocs_build(site_dir):
        return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)],
                              cwd=config.parent, capture_output=True, text=True, encoding="utf-8", timeout=600)

    refused = mkdocs_build(webroot)
    assert refused.returncode != 0 and "site_dir" in refused.stderr and "Traceback" not in refused.stderr
    assert snapshot(webroot) == before
    site = tmp_path / "plain"
    assert mkdocs_build(site).returncode == 0 and publish.is_ours(site, site)
    assert build(data, site).returncode == 0   # prongsai build may replace it from now on
