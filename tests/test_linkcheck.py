"""The link check with the build cache: what a page links is read from its bytes once, but
whether each link leads somewhere is judged afresh at every check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import buildcache, linkcheck


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(buildcache.ENVIRONMENT, str(folder))
    return folder


def _site(root: Path) -> Path:
    site = root / "site"
    pages = {
        "index.html": '<a href="a/">ก</a><a href="b/">ข</a><link rel="stylesheet" href="assets/x.css">',
        "a/index.html": '<a href="../b/">ข</a><img src="../assets/logo.png"><!-- <a href="../gone/"> -->',
        "b/index.html": '<script src="../assets/x.js"></script><a href="../a/#top">ก</a>',
    }
    for name, body in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(f"<!doctype html><html><body>{body}</body></html>\n", encoding="utf-8")
    (site / "assets").mkdir()
    for asset in ("x.css", "logo.png", "x.js"):
        (site / "assets" / asset).write_bytes(b"-")
    return site


def test_a_removed_target_is_found_although_its_page_is_cached(tmp_path, cache):
    site = _site(tmp_path)
    assert linkcheck.check_links(site) == []
    assert list((cache / linkcheck._PageLinks.KIND).glob("*.json"))
    (site / "assets" / "logo.png").unlink()   # the page that links it is unchanged
    broken = linkcheck.check_links(site)
    assert [(b.page, b.url) for b in broken] == [("a/index.html", "../assets/logo.png")]


def test_a_changed_page_is_read_again(tmp_path, cache):
    site = _site(tmp_path)
    assert linkcheck.check_links(site) == []
    page = site / "b" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("../a/#top", "../c/"), encoding="utf-8")
    assert [(b.page, b.target) for b in linkcheck.check_links(site)] == [("b/index.html", "/c/")]


def test_cached_and_fresh_checks_agree(tmp_path, cache, monkeypatch):
    site = _site(tmp_path)
    (site / "a" / "index.html").write_text('<a href="../missing/">x</a><a href="mailto:a@b">m</a>', encoding="utf-8")
    fresh = linkcheck.check_links(site)
    assert [b.target for b in fresh] == ["/missing/"]
    assert linkcheck.check_links(site) == fresh  # from the cache
    monkeypatch.delenv(buildcache.ENVIRONMENT)
    monkeypatch.setattr(buildcache, "_chosen", {"folder": None})
    assert linkcheck.check_links(site) == fresh  # no cache at all


def test_a_broken_cache_file_is_ignored(tmp_path, cache):
    site = _site(tmp_path)
    linkcheck.check_links(site)
    stored = sorted((cache / linkcheck._PageLinks.KIND).glob("*.json"))
    assert len(stored) == 3  # one per page
    for path, content in zip(stored, ("{not json", json.dumps({"digest": "x", "links": [None, []]}), "[1]")):
        path.write_text(content, encoding="utf-8")
    (site / "assets" / "x.css").unlink()
    assert [b.url for b in linkcheck.check_links(site)] == ["assets/x.css"]
    for path in stored:  # a well-formed entry for the right bytes but not a list of URLs
        entry = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps({"digest": entry["digest"], "links": [5, [7]]}), encoding="utf-8")
    assert [b.url for b in linkcheck.check_links(site)] == ["assets/x.css"]


def test_the_sites_of_a_portal_keep_their_own_page_links(tmp_path, cache):
    """Two sites with the same page names share one cache without replacing each other's
    entries (a portal builds many organisations with one cache)."""
    first, second = _site(tmp_path / "one"), _site(tmp_path / "two")
    page = second / "b" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("../a/#top", "../a/#bottom"), encoding="utf-8")
    for site in (first, second):
        assert linkcheck.check_links(site, cache_scope=str(site)) == []
    stored = sorted((cache / linkcheck._PageLinks.KIND).glob("*.json"))
    assert len(stored) == 6
    times = [p.stat().st_mtime_ns for p in stored]
    for site in (first, second):
        assert linkcheck.check_links(site, cache_scope=str(site)) == []
    assert [p.stat().st_mtime_ns for p in stored] == times
