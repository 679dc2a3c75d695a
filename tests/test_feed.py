"""The Atom feed of disclosures (/feed.xml) of the built example site: well-formed Atom,
newest first, every dated document and report present, every link resolving to a file of
the built site, and announced in the head of every page. Without site_url its links are
relative to the feed and still resolve."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from testkit import REPO, mini_without_site_url
from generator import feed
from generator.pipeline import Options, generate

NS = {"a": feed.ATOM}


def _site_file(site: Path, path: str) -> Path | None:
    """The file a web server would answer for `path` (relative to the site root)."""
    path = unquote(path)
    candidate = site / path
    if path.endswith("/") or path == "":
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def _entries(tree: ET.Element) -> list[ET.Element]:
    return tree.findall("a:entry", NS)


@pytest.fixture(scope="module")
def example_model(tmp_path_factory):
    return generate(Options(data_dir=REPO / "data", out_dir=tmp_path_factory.mktemp("feed-gen"),
                            today=dt.date(2026, 4, 20))).model


def test_feed_is_atom_with_dated_entries_newest_first(example_site):
    tree = ET.parse(example_site / "feed.xml").getroot()
    assert tree.tag == f"{{{feed.ATOM}}}feed"
    for required in ("title", "id", "updated", "author/a:name"):
        assert tree.find(f"a:{required}", NS) is not None, required
    entries = _entries(tree)
    assert entries
    dates = []
    for entry in entries:
        for required in ("title", "id", "updated", "link"):
            assert entry.find(f"a:{required}", NS) is not None, required
        assert entry.find("a:title", NS).text.strip()
        dates.append(dt.datetime.fromisoformat(entry.find("a:updated", NS).text))
    assert dates == sorted(dates, reverse=True)
    assert tree.find("a:updated", NS).text == entries[0].find("a:updated", NS).text
    ids = [entry.find("a:id", NS).text for entry in entries]
    assert len(ids) == len(set(ids)), "entry ids are unique"


def test_every_dated_document_and_report_is_an_entry(example_site, example_model):
    titles = [entry.find("a:title", NS).text for entry in _entries(ET.parse(example_site / "feed.xml").getroot())]
    model = example_model
    expected = {d.title for year in model.years if year in model.oit_years
                for e in model.oit_years[year].evidence.values() for d in e.documents if d.date}
    expected |= {report.title for report in model.measures if report.report_date}
    assert expected, "the example has dated documents"
    assert expected <= set(titles), sorted(expected - set(titles))[:5]
    progress = [p for p in model.plan.projects for r in p.progress.values() if r.date]
    assert sum(1 for title in titles if title.startswith("ผลการดำเนินงานปีงบประมาณ")) == len(progress)


def test_every_feed_link_resolves_to_a_file_of_the_site(example_site, example_model):
    site_url = example_model.site.site_url
    links = [link.get("href") for link in ET.parse(example_site / "feed.xml").getroot().iter(f"{{{feed.ATOM}}}link")]
    resolved = 0
    for href in links:
        assert href.startswith(site_url), f"absolute under site_url: {href}"
        path = urlsplit(href).path[len(urlsplit(site_url).path):]
        assert _site_file(example_site, path), f"{href} is not a file of the built site"
        resolved += 1
    assert resolved == len(links) > 10


def test_every_page_announces_the_feed(example_site):
    pages = sorted(example_site.rglob("*.html"))
    assert len(pages) > 100
    announce = re.compile(r'<link rel="alternate" type="application/atom\+xml" [^>]*href="([^"]+)"')
    for page in pages:
        relative = page.relative_to(example_site).as_posix()
        if re.fullmatch(r"ita/\d+/O\d+/index\.html", relative):
            continue  # the capital-O redirect pages only send the reader on
        match = announce.search(page.read_text(encoding="utf-8"))
        assert match, f"{relative} does not announce the feed"
        if relative == "404.html":  # answers at any depth: its addresses start from the root
            assert match.group(1) == "/feed.xml", match.group(1)
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(relative), match.group(1)))
        assert target == "feed.xml", (relative, match.group(1))


def test_without_site_url_links_are_relative_to_the_feed(tmp_path):
    data = mini_without_site_url(tmp_path)
    out = tmp_path / "out"
    result = generate(Options(data_dir=data, out_dir=out, today=dt.date(2026, 4, 20)))
    written = set(result.files)
    tree = ET.parse(out / feed.PATH).getroot()
    assert tree.find("a:link[@rel='self']", NS) is None
    links = [entry.find("a:link", NS).get("href") for entry in _entries(tree)]
    assert links
    for href in links:
        assert not urlsplit(href).scheme and not href.startswith("/"), href
        path = unquote(href)
        page = path.rstrip("/")
        assert path in written or f"{page}.md" in written or f"{page}/index.md" in written, href
    assert all(entry.find("a:id", NS).text.startswith("urn:uuid:") for entry in _entries(tree))
