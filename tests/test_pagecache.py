"""What the build cache keeps of each page: the converted Markdown (generator/pagecache.py) and
the finished page (generator/framecache.py). A build that reads them back writes the same site,
a change anywhere the conversion or the theme's page template can see is rendered again, and
MkDocs' link warnings come back on every build. Real `mkdocs build`s of a small hand-written
site with the Prongsai plugin (generate: false) and the Material theme, and of the example."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator import buildcache, framecache, pagecache

CONFIG = """\
site_name: ทดสอบ
theme:
  name: material
plugins:
  - prongsai:
      generate: false
      search: false
markdown_extensions:
  - tables
  - attr_list
  - toc:
      permalink: false
validation:
  anchors: warn
"""

PAGES = {
    "index.md": "# หน้าแรก\n\nไป[หน้าสอง](two.md#section-b) และ[ตาราง](table.md)\n",
    "two.md": "# หน้าสอง\n\n## ส่วน ก {#section-a}\n\nข้อความ\n\n## ส่วน ข {#section-b}\n",
    "table.md": "# ตาราง\n\n| ก | ข |\n|---|---|\n| ๑ | 2 |\n",
}


@pytest.fixture
def site(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv(buildcache.ENVIRONMENT, str(cache))
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in PAGES.items():
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def _build(project: Path, strict: bool = False) -> dict[str, str]:
    """Every HTML file of a fresh build (a new configuration and plugin, as a new process has)."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=strict)
    build(config)
    site = project / "site"
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def _stored(project: Path, kind: str = pagecache.KIND) -> list[Path]:
    return sorted((project / "cache" / kind).glob("*.json" if kind == pagecache.KIND else "*.txt"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_second_build_writes_the_same_site_from_the_stored_conversions(site):
    first = _build(site)
    stored = _stored(site)
    assert len(stored) == len(PAGES)
    times = [p.stat().st_mtime_ns for p in stored]
    assert _build(site) == first
    assert [p.stat().st_mtime_ns for p in _stored(site)] == times  # read, not written again
    assert "section-b" in first["two/index.html"] and "<table>" in first["table/index.html"]


def test_the_stored_conversion_is_what_the_page_shows(site):
    """Proof that a build reads the cache: a stored conversion, altered, is what appears."""
    _build(site)
    for path in _stored(site):
        stored = json.loads(path.read_text(encoding="utf-8"))
        if "<table>" in stored["content"]:
            stored["content"] = stored["content"].replace("<table>", '<table class="from-the-cache">')
            path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    assert 'class="from-the-cache"' in _build(site)["table/index.html"]


def test_an_edited_page_is_converted_again(site):
    _build(site)
    page = site / "docs" / "table.md"
    page.write_text(page.read_text(encoding="utf-8").replace("| ๑ | 2 |", "| ๓ | 4 |"), encoding="utf-8")
    shown = _build(site)["table/index.html"]
    assert "<td>๓</td>" in shown and "<td>๑</td>" not in shown


def test_a_link_whose_target_is_removed_is_reported_by_the_next_build(site):
    """The links of a page that did not change are checked against the files of this build."""
    _build(site, strict=True)
    (site / "docs" / "table.md").unlink()
    with pytest.raises(Abort):
        _build(site, strict=True)


def test_a_removed_anchor_is_reported_by_the_next_build(site):
    """index.md (unchanged, from the cache) links to two.md#section-b, which is then removed:
    MkDocs checks that link against the new two.md."""
    _build(site, strict=True)
    two = site / "docs" / "two.md"
    two.write_text(two.read_text(encoding="utf-8").replace("## ส่วน ข {#section-b}", "## ส่วน ค"), encoding="utf-8")
    with pytest.raises(Abort):
        _build(site, strict=True)


def test_a_page_with_a_broken_link_is_warned_about_by_every_build(site, caplog):
    index = site / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[ไม่มี](missing.md)\n", encoding="utf-8")
    for _ in range(2):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="mkdocs"):
            _build(site)
        assert any("missing.md" in record.getMessage() for record in caplog.records)
    assert len(_stored(site)) == len(PAGES) - 1  # the page that warns is never stored


def test_with_an_extension_of_another_package_nothing_is_stored(site):
    """A third-party extension may read other files (a snippet) that the key does not see."""
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - tables\n", "  - tables\n  - pymdownx.snippets\n"),
                      encoding="utf-8")
    _build(site)
    assert _stored(site) == []


def test_a_damaged_stored_conversion_is_converted_again(site):
    first = _build(site)
    for path, damage in zip(_stored(site), ["{", '{"content": 1}', "[]"]):
        path.write_text(damage, encoding="utf-8")
    assert _build(site) == first


# --- finished pages (generator/framecache.py) ------------------------------------------------------

def test_a_second_build_reuses_every_finished_page(site):
    first = _build(site)
    frames = _stored(site, framecache.KIND)
    assert len(frames) == len(PAGES)
    times = [p.stat().st_mtime_ns for p in frames]
    assert _build(site) == first
    assert [p.stat().st_mtime_ns for p in _stored(site, framecache.KIND)] == times


def test_the_stored_page_is_what_the_site_publishes(site):
    """Proof that a build reads the finished pages back: one, altered, is what is written."""
    _build(site)
    for path in _stored(site, framecache.KIND):
        stored = path.read_text(encoding="utf-8")
        path.write_text(stored.replace("</body>", "<!-- from the cache --></body>"), encoding="utf-8")
    assert all("<!-- from the cache -->" in html for name, html in _build(site).items() if name != "404.html")


def test_a_new_site_name_reaches_every_page(site):
    _build(site)
    _edit(site / "mkdocs.yml", "site_name: ทดสอบ", "site_name: เทศบาลทดสอบ")
    built = _build(site)
    assert all("เทศบาลทดสอบ" in html for html in built.values())


def test_a_new_title_reaches_the_navigation_of_pages_that_did_not_change(site):
    _build(site)
    _edit(site / "docs" / "two.md", "# หน้าสอง", "# หน้าที่สอง")
    assert "หน้าที่สอง" in _build(site)["index.html"]  # neither its content nor its neighbours changed


def test_new_page_metadata_reaches_the_page(site):
    """Front matter the page template reads (the printed page's orientation) changes neither
    the page's HTML nor the navigation."""
    _build(site)
    table = site / "docs" / "table.md"
    table.write_text("---\nprint: landscape\n---\n" + table.read_text(encoding="utf-8"), encoding="utf-8")
    assert "size: A4 landscape" in _build(site)["table/index.html"]


def test_a_theme_setting_reaches_every_page(site):
    _build(site)
    _edit(site / "mkdocs.yml", "  name: material\n", "  name: material\n  palette:\n    primary: teal\n")
    built = _build(site)
    assert all('data-md-color-primary="teal"' in html for name, html in built.items() if name != "404.html")


def test_an_edited_template_of_the_site_reaches_every_page(site):
    overrides = site / "overrides"
    overrides.mkdir()
    template = overrides / "main.html"
    template.write_text('{% extends "base.html" %}{% block announce %}ประกาศหนึ่ง{% endblock %}', encoding="utf-8")
    _edit(site / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    assert all("ประกาศหนึ่ง" in html for name, html in _build(site).items() if name != "404.html")
    template.write_text('{% extends "base.html" %}{% block announce %}ประกาศสอง{% endblock %}', encoding="utf-8")
    assert all("ประกาศสอง" in html for name, html in _build(site).items() if name != "404.html")


def test_a_template_that_shows_the_build_time_is_rendered_every_time(site):
    overrides = site / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block announce %}{{ build_date_utc }}{% endblock %}', encoding="utf-8")
    _edit(site / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    _build(site)
    assert _stored(site, framecache.KIND) == []
    assert len(_stored(site)) == len(PAGES)  # the conversions are still kept


def test_another_plugin_turns_the_finished_pages_off(site):
    """A plugin the cache does not know may put anything in a page: here a hook gives the theme
    a function whose value changes with every build."""
    (site / "hooks.py").write_text(
        "import time\n\n\ndef on_env(env, config, files):\n"
        "    env.globals['stamp'] = lambda: str(time.time_ns())\n    return env\n", encoding="utf-8")
    overrides = site / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block announce %}stamp-{{ stamp() }}-{% endblock %}', encoding="utf-8")
    _edit(site / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    _edit(site / "mkdocs.yml", "markdown_extensions:", "hooks:\n  - hooks.py\nmarkdown_extensions:")
    first = _build(site)["index.html"]
    assert "stamp-" in first
    assert _stored(site, framecache.KIND) == []
    assert _build(site)["index.html"] != first


@pytest.mark.slow
def test_the_example_site_built_from_the_cache_is_the_site_built_without_it(tmp_path):
    """The example built three times: without a cache, filling one, and reading it back."""
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]

    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")

    def built(name: str, cache: Path) -> dict[str, bytes]:
        env = dict(os.environ, **{buildcache.ENVIRONMENT: str(cache)})
        site = tmp_path / name
        done = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--site-dir", str(site)],
                              cwd=repo, env=env, capture_output=True, text=True, encoding="utf-8")
        assert done.returncode == 0, done.stderr
        return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
                if p.is_file() and not p.name.startswith(".prongsai-site")}

    cache = tmp_path / "cache"
    plain = built("plain", blocked / "cache")  # a cache that cannot be written or read: none
    assert not (blocked / "cache").exists()
    assert built("filling", cache) == plain
    assert len(list((cache / framecache.KIND).glob("*.txt"))) > 100
    assert built("reading", cache) == plain


def test_a_damaged_finished_page_is_rendered_again(site):
    first = _build(site)
    for path, damage in zip(_stored(site, framecache.KIND), [b"", b"\xff\xfe\n<html>", b"not the digest\n<p>x</p>"]):
        path.write_bytes(damage)
    assert _build(site) == first
