"""The build cache (generator/buildcache.py): what a build reads back is what it would have
computed, a changed file is read again (whatever its size and time), and a cache that is
missing or broken only costs time."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jinja2
import pytest

from generator import buildcache, extract, privacy

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_PDF = REPO / "data" / "files" / "2569" / "o13-hr-plan-2569.pdf"
EXAMPLE_XLSX = REPO / "data" / "files" / "2569" / "o11-procurement-oct68-mar69.xlsx"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(buildcache.ENVIRONMENT, str(folder))
    return folder


def _read(path: Path) -> tuple[list, str | None]:
    pieces = []
    try:
        for piece in extract.attachment_text(path):
            pieces.append(piece)
    except extract.Unreadable as exc:
        return pieces, str(exc)
    return pieces, None


def _stored(cache: Path) -> list[Path]:
    return sorted((cache / extract.CACHE_KIND).glob("*.json"))


@pytest.mark.parametrize("source", [EXAMPLE_PDF, EXAMPLE_XLSX], ids=["pdf", "xlsx"])
def test_attachment_text_read_back_is_the_text_read_from_the_file(tmp_path, cache, source):
    if not source.is_file():
        pytest.skip(f"{source.name} is not in the example data")
    path = tmp_path / source.name
    shutil.copy(source, path)
    direct = list(extract.read_attachment_text(path))
    assert direct, "the example attachment has text"
    assert _read(path) == (direct, None)
    assert len(_stored(cache)) == 1
    assert _read(path) == (direct, None)  # now from the cache
    assert len(_stored(cache)) == 1


def test_a_changed_attachment_is_read_again(tmp_path, cache):
    path = tmp_path / "note.txt"
    path.write_text("ติดต่อ นาย ก\n", encoding="utf-8")
    assert [p.text for p in _read(path)[0]] == ["ติดต่อ นาย ก\n"]
    path.write_text("ติดต่อ นาย ข และ ค\n", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert [p.text for p in _read(path)[0]] == ["ติดต่อ นาย ข และ ค\n"]
    assert len(_stored(cache)) == 2


def test_a_file_replaced_with_the_same_size_and_time_is_read_again(tmp_path, cache):
    """A copy that keeps times (cp -p, rsync -t) must not pass for the file scanned before."""
    path = tmp_path / "note.txt"
    path.write_text("เลขบัตร ก\n", encoding="utf-8")
    times = (path.stat().st_atime_ns, path.stat().st_mtime_ns)
    assert [p.text for p in _read(path)[0]] == ["เลขบัตร ก\n"]
    path.write_text("เลขบัตร ข\n", encoding="utf-8")
    os.utime(path, ns=times)
    assert [p.text for p in _read(path)[0]] == ["เลขบัตร ข\n"]


def test_the_same_file_in_two_folders_is_read_once(tmp_path, cache):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "note.txt").write_text("ข้อความเดียวกัน\n", encoding="utf-8")
    assert _read(tmp_path / "a" / "note.txt") == _read(tmp_path / "b" / "note.txt")
    assert len(_stored(cache)) == 1


def test_an_unreadable_attachment_stays_unreadable_from_the_cache(tmp_path, cache):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\nnot really a pdf")
    first = _read(path)
    assert first[1]  # why it cannot be read, in Thai
    assert _read(path) == first
    assert len(_stored(cache)) == 1


def test_a_reading_that_ran_out_of_time_is_not_remembered(tmp_path, cache, monkeypatch):
    path = tmp_path / "slow.txt"
    path.write_text("ข้อความ\n", encoding="utf-8")
    def late(budget):
        raise extract.TooSlow("ใช้เวลาอ่านเกินกำหนด")

    monkeypatch.setattr(extract.Budget, "tick", late)  # the machine was busy: every reading is late
    assert _read(path)[1]
    assert _stored(cache) == []


def test_a_broken_cache_file_is_read_from_the_attachment_again(tmp_path, cache):
    path = tmp_path / "note.txt"
    path.write_text("ข้อความ\n", encoding="utf-8")
    expected = _read(path)
    for stored in _stored(cache):
        stored.write_text("{not json", encoding="utf-8")
    assert _read(path) == expected


def test_without_a_cache_folder_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv(buildcache.ENVIRONMENT, raising=False)
    monkeypatch.setattr(buildcache, "_chosen", {"folder": None})
    path = tmp_path / "note.txt"
    path.write_text("ข้อความ\n", encoding="utf-8")
    assert [p.text for p in _read(path)[0]] == ["ข้อความ\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.txt"]


def test_compiled_templates_are_reused_by_a_new_process_and_recompiled_when_edited(tmp_path, cache):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("สวัสดี {{ name }}", encoding="utf-8")

    def render(name: str) -> str:  # a new cache object: what a new process sees
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)),
                                 bytecode_cache=buildcache.TemplateCache())
        return env.get_template("page.html").render(name=name)

    assert render("ก") == "สวัสดี ก"
    stored = list(buildcache.template_folder().glob("*.cache"))
    assert len(stored) == 1
    before = stored[0].read_bytes()
    assert render("ข") == "สวัสดี ข"
    assert stored[0].read_bytes() == before  # read back, not compiled again
    (templates / "page.html").write_text("ลาก่อน {{ name }}", encoding="utf-8")
    assert render("ค") == "ลาก่อน ค"
    assert stored[0].read_bytes() != before


def test_environments_with_other_settings_do_not_share_compiled_templates(tmp_path, cache):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{{ text }}\n", encoding="utf-8")

    def render(**settings) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)),
                                 bytecode_cache=buildcache.TemplateCache(), **settings)
        return env.get_template("page.html").render(text="<b>")

    assert render(autoescape=False) == "<b>"
    assert render(autoescape=True) == "&lt;b&gt;"
    assert render(autoescape=True, keep_trailing_newline=True) == "&lt;b&gt;\n"
    assert render(autoescape=False) == "<b>"
    assert len(list(buildcache.template_folder().glob("*.cache"))) == 3


def test_the_project_cache_folder_is_under_build_which_git_ignores():
    folder = buildcache.project_folder(REPO)
    assert folder == REPO / "build" / ".prongsai-cache"
    assert "/build/" in (REPO / ".gitignore").read_text(encoding="utf-8").split()


@pytest.mark.parametrize("command", ["validate", pytest.param("build", marks=pytest.mark.slow)])
def test_the_commands_keep_attachment_text_and_findings_in_the_project_cache(tmp_path, monkeypatch, command):
    """`prongsai validate` and `prongsai build` read the attachments' text and the personal-data
    findings from the project's build/.prongsai-cache/ from validation on (no environment needed)."""
    from testkit import FIXTURES, run_prongsai, site_project

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", data)
    project = site_project(tmp_path / "project", data)
    monkeypatch.delenv(buildcache.ENVIRONMENT, raising=False)
    args = ["--site-dir", str(tmp_path / "site")] if command == "build" else []
    result = run_prongsai(command, "--config", str(project), *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = buildcache.project_folder(project.parent)
    for kind in (extract.CACHE_KIND, privacy.CACHE_KIND):
        assert list((folder / kind).glob("*.json")), kind
