"""`prongsai serve`: says in Thai where to look, and shows data errors in the browser
instead of hanging, then comes back to the site once the files are fixed."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from testkit import REPO, free_port

SITE_TEXT = "ตำบลทดสอบมีพื้นที่"  # from the fixture's organisation.yaml, shown on the home page


def _fetch(url: str) -> str | None:
    """The page's text, also for an error answer (the problems page is the 404 answer too)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")
    except OSError:
        return None


def _wait(condition, seconds: float, what: str, output=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"waited {seconds} s for {what}" + (f"; the server said:\n{output.text()}" if output else ""))


class _Output:
    """The server's terminal output, read as it comes (a pipe left unread would block it)."""

    def __init__(self, stream):
        self.lines: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def text(self) -> str:
        return "\n".join(self.lines)



def _start_serve(*options: str, cwd: Path = REPO):
    """`prongsai serve` on a free port: (process, its output, home URL)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", *options, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
    )
    return server, _Output(server.stdout), f"http://127.0.0.1:{port}/"

def _validate_lines(data) -> list[str]:
    """What `prongsai validate` prints for the same data: the page must list the same problems."""
    run = subprocess.run([sys.executable, "-m", "generator.cli", "validate", "--data", str(data)],
                         cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert run.returncode != 0
    return [line for line in run.stderr.splitlines() if re.match(r"^\S+\.yaml:\d+: ", line)]


def _shows_the_problems(data, home: str, output: _Output) -> str:
    """The browser gets a page listing what `prongsai validate` prints, at every address,
    and the terminal has the same Thai lines and no parser traceback."""
    expected = _validate_lines(data)
    assert expected and all("organisation.yaml:" in line for line in expected)
    page = _wait(lambda: (p := _fetch(home)) and "prongsai-problems" in p
                 and [html.unescape(x) for x in re.findall(r"<li><code>(.*?)</code></li>", p)] == expected and p,
                 20, f"the problems page listing {expected}")
    assert SITE_TEXT not in page
    # a page the browser had open answers with the problems too, and still reloads by itself
    plan = _fetch(home + "plan/") or ""
    assert "prongsai-problems" in plan and "livereload(" in plan
    _wait(lambda: all(line in output.lines for line in expected), 5, "the problems in the terminal", output)
    assert "Traceback" not in output.text() and "Error:" not in output.text(), output.text()
    return page


@pytest.mark.slow
def test_serve_says_where_to_look_and_shows_data_errors_in_the_browser(copy_fixture):
    data = copy_fixture("mini")
    server, output, home = _start_serve("--data", str(data))
    try:
        ready = f"เปิดดูเว็บไซต์ได้ที่ {home} (กด Ctrl-C เพื่อหยุด)"
        _wait(lambda: ready in output.lines, 60, "the Thai ready line", output)
        assert SITE_TEXT in (_fetch(home) or ""), "ready was announced before the site was served"

        organisation = data / "organisation.yaml"
        good = organisation.read_text(encoding="utf-8")
        # broken YAML, then a value the schema refuses, written as markup
        organisation.write_text(good.replace("\n", "\nname: [ไม่ปิดวงเล็บ\n", 1), encoding="utf-8")
        _shows_the_problems(data, home, output)
        organisation.write_text(re.sub(r"(?m)^type: .*$", "type: <b>ตัวหนา</b>", good), encoding="utf-8")
        page = _shows_the_problems(data, home, output)
        assert "<b>ตัวหนา</b>" not in page and "&lt;b&gt;ตัวหนา&lt;/b&gt;" in page

        organisation.write_text(good, encoding="utf-8")
        _wait(lambda: SITE_TEXT in (_fetch(home) or ""), 20, "the site to come back")
        assert "prongsai-problems" not in (_fetch(home + "plan/") or "prongsai-problems")
        _wait(lambda: "สร้างใหม่แล้ว" in output.lines, 10, "the Thai rebuilt line")
    finally:
        server.terminate()
        server.wait(timeout=20)


def _without_reload_epochs(page: str) -> str:
    """The page as built (the server adds a live-reload call with its build counters)."""
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", page)


def _nav_titles(page: str) -> list[str]:
    """The link texts of the page's navigation (titles of other pages among them)."""
    links = re.findall(r'<a [^>]*class="md-nav__link[^"]*"[^>]*>(.*?)</a>', page, re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", link).strip() for link in links]


@pytest.mark.slow
def test_an_edit_rebuilds_what_it_touches_and_keeps_every_page_whole(copy_fixture):
    """`prongsai serve` builds only the pages whose Markdown changed (a dirty build): those keep
    the whole navigation, with the titles of pages that were not read again; an edit of
    something every page shows (the organisation's name) reaches pages whose own Markdown
    did not change."""
    data = copy_fixture("mini")
    server, output, home = _start_serve("--data", str(data))
    plan, executives = home + "plan/", home + "organisation/executives/"
    try:
        _wait(lambda: SITE_TEXT in (_fetch(home) or ""), 60, "the site", output)
        nav_before = _nav_titles(_fetch(executives))
        plan_before = _without_reload_epochs(_fetch(plan))
        # the pages beside it in its section (structure, contact …) are listed by their titles
        assert len(nav_before) > 5 and all(nav_before), nav_before

        organisation = data / "organisation.yaml"
        good = organisation.read_text(encoding="utf-8")
        organisation.write_text(good.replace("นายทดสอบ ใจดี", "นายแก้ไข ใจดี"), encoding="utf-8")
        page = _wait(lambda: (p := _fetch(executives)) and "นายแก้ไข ใจดี" in p and p, 20, "the edit", output)
        assert _nav_titles(page) == nav_before
        assert _without_reload_epochs(_fetch(plan)) == plan_before  # untouched by the edit

        organisation.write_text(good.replace("องค์การบริหารส่วนตำบลทดสอบ", "องค์การบริหารส่วนตำบลเปลี่ยนชื่อ", 1),
                                encoding="utf-8")
        _wait(lambda: "องค์การบริหารส่วนตำบลเปลี่ยนชื่อ" in (_fetch(plan) or ""), 20, "the new name on /plan/", output)
        assert "Traceback" not in output.text() and "WARNING" not in output.text(), output.text()
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.slow
def test_the_preview_reuses_a_page_only_where_nothing_it_shows_changed(copy_fixture, tmp_path, monkeypatch):
    """After each kind of edit, the preview's pages (some reused from the build before) are
    exactly what a fresh build writes, and unchanged pages were not rendered again."""
    import datetime as dt

    from generator import pipeline, render
    from generator.reuse import PageRenders

    data = copy_fixture("data")
    today = dt.date(2026, 4, 20)
    renders, preview = PageRenders(), tmp_path / "preview"
    rendered: list[str] = []
    real_render = render.Renderer.render

    def counted(self, template, page_src, **variables):
        rendered.append(page_src)
        return real_render(self, template, page_src, **variables)

    monkeypatch.setattr(render.Renderer, "render", counted)
    first = pipeline.run(pipeline.Options(data_dir=data, out_dir=preview, today=today), renders)
    pages = len(rendered)
    edits = [
        ("organisation.yaml", "vision: >-\n", "vision: >-\n  วิสัยทัศน์ที่แก้แล้ว\n"),  # one page: the rest reused
        ("plan.yaml", "โครงการพัฒนาความรู้ด้านกฎหมายและระเบียบ", "โครงการพัฒนาความรู้ด้านกฎหมายและข้อบังคับ"),  # a title
        ("organisation.yaml", first.model.organisation.name, "องค์การบริหารส่วนตำบลเปลี่ยนชื่อ"),  # on every page
        ("site.yaml", "digits: arabic", "digits: thai"),  # every number of every page
    ]
    for number, (name, old, new) in enumerate(edits):
        path = data / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        rendered.clear()
        pipeline.run(pipeline.Options(data_dir=data, out_dir=preview, today=today), renders)
        again = list(rendered)
        assert again
        fresh = tmp_path / f"fresh{number}"
        pipeline.run(pipeline.Options(data_dir=data, out_dir=fresh, today=today))
        produced = {p.relative_to(preview): p.read_bytes() for p in preview.rglob("*.md")}
        expected = {p.relative_to(fresh): p.read_bytes() for p in fresh.rglob("*.md")}
        assert produced == expected, name
        if number == 0:  # the projects' pages show nothing of the organisation: reused
            assert len(again) < pages and not [src for src in again if src.startswith("plan/projects/")]


@pytest.mark.slow
def test_serve_takes_data_dir_and_year_from_the_plugins_options(copy_fixture, tmp_path):
    """`prongsai serve` shows the site `mkdocs build` builds from the same mkdocs.yml: the plugin's
    data_dir (relative to mkdocs.yml) and year, when --data / --year are not given."""
    from test_build_once import site_config

    project = tmp_path / "project"
    project.mkdir()
    shutil.move(copy_fixture("mini"), project / "ข้อมูล")
    config = site_config(project, "ข้อมูล", year=2568)
    server, output, home = _start_serve("--config", str(config), cwd=tmp_path)
    try:
        _wait(lambda: f"เปิดดูเว็บไซต์ได้ที่ {home} (กด Ctrl-C เพื่อหยุด)" in output.lines, 60, "the ready line", output)
        assert SITE_TEXT in (_fetch(home) or ""), output.text()
        years = re.findall(r"ITA (\d{4})</a>\s*<strong>\(ปีปัจจุบัน", _fetch(home + "ita/") or "")
        assert years == ["2568"], output.text()
    finally:
        server.terminate()
        server.wait(timeout=20)
