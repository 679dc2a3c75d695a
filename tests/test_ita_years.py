"""Every ITA year stays online, and the evaluator's path from the year index to the evidence.

Built with the real `prongsai build` (the session's example_site fixture, data/) and, where a
case needs other data, with the generator on a copy of the mini fixture. The browser test
opens the built site in Debian's headless Chromium through the CDP harness of the search tests.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from testkit import REPO, site_project
from generator.catalogue import load_catalogues
from generator.pipeline import Options, generate
from generator.problems import Problems



def evidence_years() -> list[int]:
    """The years the example publishes: an evidence file in data/oit and a catalogue."""
    catalogues = load_catalogues(Problems())
    years = [int(p.stem) for p in (REPO / "data" / "oit").glob("*.yaml")]
    return sorted((y for y in years if y in catalogues), reverse=True)


def current_year() -> int:
    site = yaml.safe_load((REPO / "data" / "site.yaml").read_text(encoding="utf-8"))
    return int(site["ita_year"])


class Anchors(HTMLParser):
    """(href, text) of every link inside the page's article (not the navigation)."""

    def __init__(self):
        super().__init__()
        self.links, self.depth, self.href, self.text = [], 0, None, []
        self.meta, self.canonical = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.depth += 1
        if tag == "a" and attrs.get("href"):
            self.href, self.text = attrs["href"], []
        if tag == "meta" and attrs.get("http-equiv"):
            self.meta[attrs["http-equiv"].lower()] = attrs.get("content", "")
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if tag == "a" and self.href is not None:
            self.links.append((self.href, "".join(self.text).strip(), self.depth > 0))
            self.href = None

    def handle_data(self, data):
        if self.href is not None:
            self.text.append(data)


def anchors(path: Path) -> Anchors:
    parser = Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def target(site: Path, page_url: str, href: str) -> Path:
    path = unquote(urlsplit(urljoin(page_url, href)).path)
    resolved = site / path.lstrip("/")
    return resolved / "index.html" if path.endswith("/") else resolved


# --- every year online ---------------------------------------------------------------------------

def test_every_year_with_evidence_is_published_with_every_item_page(example_site):
    catalogues = load_catalogues(Problems())
    years = evidence_years()
    assert {2568, 2569, 2570} <= set(years)
    assert (example_site / "ita" / "index.html").is_file()
    for year in years:
        index = example_site / "ita" / str(year) / "index.html"
        assert index.is_file(), index
        html = index.read_text(encoding="utf-8")
        for item in catalogues[year].items:
            page = example_site / "ita" / str(year) / item.slug / "index.html"
            assert page.is_file(), f"{year} {item.code}: {page} missing"
            text = page.read_text(encoding="utf-8")
            # the year's own catalogue names the item (2568 and 2569 word some items differently)
            assert item.title in text and f"ITA {year}" in text, f"{year} {item.code}"
            assert f'href="{item.slug}/"' in html, f"{year}: index does not link {item.code}"


def test_the_years_page_lists_the_years_newest_first_with_the_current_one_marked(example_site):
    page = example_site / "ita" / "index.html"
    links = [(href, text) for href, text, inside in anchors(page).links if inside]
    listed = [int(m.group(1)) for href, _ in links if (m := re.fullmatch(r"(\d{4})/", href))]
    assert listed == evidence_years()
    html = page.read_text(encoding="utf-8")
    row = re.search(rf"<tr>(?:(?!</tr>).)*ITA {current_year()}(?:(?!</tr>).)*</tr>", html, re.S)
    assert row and "ปีปัจจุบัน" in row.group(0)
    assert html.count("ปีปัจจุบัน") == 1


def test_item_urls_do_not_change_when_a_year_is_added(copy_fixture, tmp_path):
    data = copy_fixture("mini")
    before = generate(Options(data_dir=data, out_dir=tmp_path / "a", today=dt.date(2026, 4, 20)))
    text = (data / "oit" / "2569.yaml").read_text(encoding="utf-8")
    (data / "oit" / "2570.yaml").write_text(re.sub(r"(?m)^ita_year: .*$", "ita_year: 2570", text), encoding="utf-8")
    after = generate(Options(data_dir=data, out_dir=tmp_path / "b", today=dt.date(2026, 4, 20)))
    assert after.model.years == [2570, 2569] and before.model.years == [2569]
    old = {p.id: p.src for p in before.pages if p.id.startswith("ita/2569")}
    new = {p.id: p.src for p in after.pages}
    assert old and all(new.get(page_id) == src for page_id, src in old.items())
    assert any(page_id.startswith("ita/2570/o") for page_id in new)
    for page_id, src in old.items():  # the 2569 pages themselves are unchanged
        if page_id != "ita/2569":
            assert (tmp_path / "a" / src).read_text(encoding="utf-8") == (tmp_path / "b" / src).read_text(encoding="utf-8")


def test_for_year_gives_each_years_catalogue_and_evidence_and_keeps_the_current_one(tmp_path):
    result = generate(Options(data_dir=REPO / "data", out_dir=tmp_path / "out", today=dt.date(2026, 12, 4)))
    model = result.model
    assert model.year == current_year() and model.catalogue.ita_year == model.year
    for year in model.years:
        view = model.for_year(year)
        assert view.year == year and view.catalogue.ita_year == year and view.oit.ita_year == year
        assert model.year == current_year()  # the original is not changed
    assert model.for_year(2568).as_of == dt.date(2025, 4, 25)


# --- O-number in either case ----------------------------------------------------------------------

def test_capital_o_address_is_a_redirect_to_the_item(example_site):
    for year in evidence_years():
        page = example_site / "ita" / str(year) / "O11" / "index.html"
        parsed = anchors(page)
        assert re.fullmatch(r"0; url=\.\./o11/", parsed.meta.get("refresh", "")), parsed.meta
        assert parsed.canonical == f"https://ita.tuayang.go.th/ita/{year}/o11/"
        assert [href for href, _, _ in parsed.links] == ["../o11/"]
        # the item page itself is still the item page, not the redirect
        assert "http-equiv" not in (example_site / "ita" / str(year) / "o11" / "index.html").read_text(encoding="utf-8")


def test_case_probe_on_this_linux_folder(tmp_path):
    from generator.write import case_insensitive

    assert case_insensitive(tmp_path) is False
    assert case_insensitive(tmp_path / "not" / "yet") is False  # a site folder not made yet: its parent decides
    assert list(tmp_path.iterdir()) == []  # the probe file is removed


def test_redirects_are_left_out_where_the_site_folder_ignores_case(copy_fixture, tmp_path, monkeypatch, capsys):
    """No case-insensitive file system can be mounted here, so the probe's answer is replaced;
    the build itself is the real MkDocs build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator import write

    data = copy_fixture("mini")
    site = tmp_path / "site"
    monkeypatch.setattr(write, "case_insensitive", lambda folder: True)
    build(load_config(config_file=str(site_project(tmp_path / "project", data)), site_dir=str(site)))
    assert (site / "ita" / "2569" / "o11" / "index.html").is_file()
    assert "http-equiv" not in (site / "ita" / "2569" / "o11" / "index.html").read_text(encoding="utf-8")
    assert not any(p.name.startswith("O") for p in (site / "ita" / "2569").iterdir())
    notice = [line for line in capsys.readouterr().err.splitlines() if "ตัวพิมพ์" in line]
    assert len(notice) == 1 and "/ita/<ปี>/o<เลขข้อ>/" in notice[0]


# --- the evaluator's path -------------------------------------------------------------------------

def test_the_2569_index_links_the_evidence_files_directly(example_site):
    index = example_site / "ita" / "2569" / "index.html"
    files = []
    for href, text, inside in anchors(index).links:
        if inside and "/files/" in urljoin("/ita/2569/", href):
            path = target(example_site, "/ita/2569/", href)
            assert path.is_file(), f"{href} → {path}"
            assert text, href
            files.append(href)
    assert len(set(files)) >= 10, files
    oit = yaml.safe_load((REPO / "data" / "oit" / "2569.yaml").read_text(encoding="utf-8"))
    declared = {d["file"] for e in oit["items"].values() for d in (e.get("documents") or []) if d.get("file")}
    linked = {unquote(urljoin("/ita/2569/", h)).lstrip("/") for h in files}
    assert declared <= linked, declared - linked


def test_no_public_page_carries_a_catalogue_note(example_site):
    catalogues = load_catalogues(Problems())
    notes = set()
    for year in evidence_years():
        catalogue = catalogues[year]
        notes |= {catalogue_text for item in catalogue.items
                  for catalogue_text in [item.source, *getattr(item, "notes", [])] if len(catalogue_text) > 12}
        notes |= {text for text in [*catalogue.source, *getattr(catalogue, "notes", [])] if len(text) > 12}
    assert len(notes) > 20
    pages = {p: p.read_text(encoding="utf-8") for p in example_site.rglob("*.html")}
    found = [f"{p.relative_to(example_site)}: {note[:60]}" for p, html in pages.items() for note in notes
             if note in html]
    assert found == []
    assert not any("ยังไม่ได้ตรวจทานกับคู่มือ" in html or "ชั่วคราว" in html for html in pages.values())


def test_self_check_is_off_by_default_and_on_when_site_yaml_says_so(copy_fixture, tmp_path):
    data = copy_fixture("mini")
    site_yaml = data / "site.yaml"
    text = re.sub(r"(?m)^public_self_check:.*\n", "", site_yaml.read_text(encoding="utf-8"))
    site_yaml.write_text(text, encoding="utf-8")
    generate(Options(data_dir=data, out_dir=tmp_path / "off", today=dt.date(2026, 4, 20)))
    off = (tmp_path / "off" / "ita" / "2569" / "o2.md").read_text(encoding="utf-8")
    assert "✔" not in off and "✘" not in off and "ผลการตรวจ" not in off
    assert "ชื่อ-นามสกุลและตำแหน่งของผู้บริหาร" in off  # what the item requires is still there
    site_yaml.write_text(text + "public_self_check: true\n", encoding="utf-8")
    generate(Options(data_dir=data, out_dir=tmp_path / "on", today=dt.date(2026, 4, 20)))
    on = (tmp_path / "on" / "ita" / "2569" / "o2.md").read_text(encoding="utf-8")
    assert "✘ ไม่มีรูปถ่าย" in on and "ผลการตรวจจากข้อมูล" in on


def test_item_page_shows_the_evidence_before_what_the_item_requires(example_site):
    html = (example_site / "ita" / "2569" / "o11" / "index.html").read_text(encoding="utf-8")
    evidence = html.index("ข้อมูลของอบต.ตัวอย่าง</h2>")
    assert evidence < html.index("ข้อนี้กำหนดให้เปิดเผย</h2>")
    assert evidence < html.index("o11-procurement-q1-2569.pdf") < html.index("ข้อนี้กำหนดให้เปิดเผย</h2>")


# --- the browser: the redirect, and the evidence above the fold ------------------------------------

EVIDENCE_TOP_JS = """(() => {
  const h = [...document.querySelectorAll('article h2')].find(e => e.textContent.startsWith('ข้อมูลของ'));
  const required = [...document.querySelectorAll('article h2')].find(e => e.textContent.startsWith('ข้อนี้กำหนด'));
  const first = h && h.nextElementSibling;
  return h ? {top: h.getBoundingClientRect().top + scrollY,
              firstTop: first.getBoundingClientRect().top + scrollY,
              requiredTop: required.getBoundingClientRect().top + scrollY} : null;
})()"""


@pytest.mark.slow
@pytest.mark.browser
def test_capital_o_opens_the_item_and_its_evidence_is_above_the_fold(example_site, chromium):
    harness, browser = chromium
    tab = browser.new_page()
    try:
        with harness.StaticServer(example_site) as base:
            tab.navigate(base + "ita/2569/O11/")
            tab.wait_for("location.pathname === '/ita/2569/o11/' && document.readyState === 'complete' "
                         "&& !!document.querySelector('article h1')", timeout=20)
            assert tab.eval("document.querySelector('article h1').textContent").startswith("O11")
            for width in (390, 1280):
                tab.send("Emulation.setDeviceMetricsOverride", width=width, height=800,
                         deviceScaleFactor=1, mobile=width < 600)
                for year, slug in ((2569, "o11"), (2569, "o20"), (2570, "o6"), (2568, "o1")):
                    tab.navigate(f"{base}ita/{year}/{slug}/")
                    tab.eval("document.fonts.ready.then(() => true)", await_promise=True)
                    place = tab.eval(EVIDENCE_TOP_JS)
                    assert place, f"{year} {slug}: no evidence heading"
                    # the heading and the first line of the evidence under it are in the first screen
                    assert place["firstTop"] + 40 < 800, f"{width}px {year} {slug}: evidence starts at {place}"
                    assert place["top"] < place["requiredTop"]
    finally:
        browser.close_page(tab)


def test_the_ita_tab_starts_with_the_years_page_then_the_current_year(tmp_path):
    result = generate(Options(data_dir=REPO / "data", out_dir=tmp_path / "out", today=dt.date(2026, 12, 4)))
    ita = next(entry for entry in result.navigation([]) if "ITA" in entry)["ITA"]
    assert ita[0] == "ita/index.md"
    years = [int(next(iter(entry)).split()[-1]) for entry in ita[1:]]
    assert years[0] == current_year() and sorted(years, reverse=True) == evidence_years()
    assert years[1:] == [y for y in evidence_years() if y != current_year()]
    first = next(iter(ita[1].values()))
    assert first[0] == f"ita/{current_year()}/index.md"


def test_other_years_rank_below_the_current_year_in_search(example_site):
    import json

    index = json.loads((example_site / "assets" / "search" / "index.json").read_text(encoding="utf-8"))
    boosts = {page["u"]: page.get("b", 1) for page in index["pages"]}
    current = current_year()
    for year in evidence_years():
        item_boosts = {b for url, b in boosts.items() if url.startswith(f"ita/{year}/o")}
        assert item_boosts == ({1} if year == current else {0.5}), (year, item_boosts)
