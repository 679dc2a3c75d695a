"""Search as a reader uses it: real MkDocs builds, real headless Chromium typing into
the real search box in Material's header.  No timings are asserted here (timings are
printed by benchmarks/search_compare.py)."""
from __future__ import annotations

import json
import urllib.parse

import pytest

import cdp_harness
from cdp_harness import ProngsaiEngine, evaluate, network_bytes, norm_path

from search_sites import load_queries

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITES = ("example", "seed002", "seeds")
BUDGET = 300 * 1024  # bytes on the wire for the first search


def _report(ev) -> str:
    lines = [f"{ev.engine}: recall@5={ev.recall_at_5:.3f} MRR={ev.mrr:.3f} over {len(ev.results)} queries"]
    for r in ev.failures():
        lines.append(f"  rank={r.rank} q={r.query!r} expected={r.expected} got={r.urls[:5]}")
    return "\n".join(lines)


@pytest.mark.parametrize("site", SITES)
def test_query_set_recall_and_mrr(site, browser, served):
    queries = load_queries(site)
    assert len(queries) >= (60 if site != "seeds" else 50)
    ev = evaluate(browser, served(site), ProngsaiEngine(), queries)
    print(_report(ev))
    assert ev.recall_at_5 >= 0.95, _report(ev)
    assert ev.mrr >= 0.85, _report(ev)


@pytest.mark.parametrize("site", ("example", "seed002"))
def test_query_set_is_sound(site, built_site):
    """Every expected page exists in the built site, so a query cannot pass or fail
    because of a typo in the query set."""
    root = built_site(site)
    for q in load_queries(site):
        for url in q["expect"]:
            assert (root / norm_path(url).lstrip("/") / "index.html").is_file(), (q, url)


def _open(browser, base, path=""):
    page = browser.new_page()
    page.navigate(base + path)
    page.pump(1.0)
    return page


def _search(page, engine, text):
    page.clear_input() if page.eval(
        f"document.querySelector({json.dumps(engine.input_selector)}).value") else None
    page.type_text(text)
    engine.wait_results(page, text)
    return engine.result_urls(page)


def test_page_that_does_not_search_loads_no_search_assets(browser, served):
    base = served("example")
    engine = ProngsaiEngine()
    page = _open(browser, base, "plan/")
    try:
        urls = list(network_bytes(page.events))
        assert any(u.endswith("/plan/") for u in urls), urls  # the recording works
        searchy = [u for u in urls if "search" in urllib.parse.urlsplit(u).path.lower()]
        assert searchy == [], searchy
        assert page.eval("document.querySelector('[data-prongsai-search]').getAttribute('data-state')") is None
        # ... and the search box is there, in Material's header
        assert page.eval(f"!!document.querySelector('.md-header ' + {json.dumps(engine.input_selector)})")
    finally:
        browser.close_page(page)


def test_first_search_budget_and_same_origin(browser, served):
    base = served("example")
    engine = ProngsaiEngine()
    page = _open(browser, base)
    try:
        loaded = list(network_bytes(page.events))
        engine.prepare(page)
        page.events.clear()
        engine.focus(page)
        page.type_text("ทุจริต")
        engine.wait_results(page, "ทุจริต")
        page.pump(0.3)
        net = network_bytes(page.events)
        total = sum(v.get("transfer", 0) for v in net.values())
        assert any(u.endswith("assets/search/index.json") for u in net), net
        assert any(u.endswith("assets/search/search.js") for u in net), net
        assert 0 < total <= BUDGET, (total, net)
        for u in loaded + list(net):
            assert u.startswith(base), f"request to another host: {u}"
        # gzip as served (static hosts compress text): index and script both compressed
        for u, v in net.items():
            assert v.get("encoding") == "gzip", (u, v)
    finally:
        browser.close_page(page)


def test_thai_and_arabic_digits_are_the_same(browser, served):
    engine = ProngsaiEngine()
    page = _open(browser, served("seed002"))
    try:
        engine.prepare(page)
        engine.focus(page)
        thai = _search(page, engine, "๒๕๖๘")
        arabic = _search(page, engine, "2568")
        assert thai and thai == arabic
        thai = _search(page, engine, "ปีงบประมาณ ๒๕๖๙")
        arabic = _search(page, engine, "ปีงบประมาณ 2569")
        assert thai and thai == arabic
    finally:
        browser.close_page(page)


def test_spaces_do_not_matter_and_compounds_are_searched(browser, served):
    engine = ProngsaiEngine()
    page = _open(browser, served("seeds"))
    try:
        engine.prepare(page)
        engine.focus(page)
        joined = _search(page, engine, "ผลประโยชน์ทับซ้อน")
        spaced = _search(page, engine, "ผลประโยชน์ ทับซ้อน")
        assert joined[:3] == spaced[:3]
        # ทับซ้อน is only ever written inside ผลประโยชน์ทับซ้อน
        inner = _search(page, engine, "ทับซ้อน")
        assert set(inner[:2]) == {"/plan/projects/4/", "/plan/projects/22/"}, inner
    finally:
        browser.close_page(page)


def test_results_show_highlighted_snippets_and_title_matches_rank_first(browser, served):
    engine = ProngsaiEngine()
    page = _open(browser, served("seeds"))
    try:
        engine.prepare(page)
        engine.focus(page)
        urls = _search(page, engine, "บัตรคิว")
        assert urls[0] == "/plan/projects/26/"  # its title has the word
        marks = page.eval("[...document.querySelectorAll('[data-prongsai-search] .md-search-result__list mark')]"
                          ".map(m => m.textContent)")
        # every highlight is the query or one of its words (the browser splits it
        # into บัตร + คิว), and the whole query is highlighted somewhere
        assert "บัตรคิว" in marks, marks
        assert set(marks) <= {"บัตรคิว", "บัตร", "คิว"}, marks
        snippet = page.eval("document.querySelector('[data-prongsai-search] .md-search-result__item p')"
                            "?.textContent || ''")
        assert "บัตรคิว" in snippet
        meta = page.eval("document.querySelector('[data-prongsai-search] .md-search-result__meta').textContent")
        assert "พบ" in meta
        # the search overlay of Material is open
        assert page.eval("document.getElementById('__search').checked") is True
    finally:
        browser.close_page(page)


def test_enter_opens_the_best_result(browser, served):
    engine = ProngsaiEngine()
    base = served("seeds")
    page = _open(browser, base)
    try:
        engine.prepare(page)
        engine.focus(page)
        _search(page, engine, "o12")
        page.press("Enter", vk=13)
        page.wait_for("location.pathname === '/ita/2569/o12/'", timeout=20)
    finally:
        browser.close_page(page)


def test_deep_link_query_parameter(browser, served):
    engine = ProngsaiEngine()
    base = served("seeds")
    page = browser.new_page()
    try:
        page.navigate(base + "?q=" + urllib.parse.quote("เวทีประชาคม"))
        engine.wait_done(page, "เวทีประชาคม", 20)
        assert engine.result_urls(page)[0] == "/plan/projects/34/"
    finally:
        browser.close_page(page)


def test_every_title_finds_its_own_page(browser, served, built_site):
    """Property over a whole site: typing any page's title (as written, without its
    spaces) ranks that page in the top 3, through the real search function."""
    base = served("seed002")
    with open(built_site("seed002") / "assets" / "search" / "index.json", encoding="utf-8") as fh:
        pages = json.load(fh)["pages"]
    page = _open(browser, base)
    try:
        ProngsaiEngine().focus(page)
        page.wait_for("document.querySelector('[data-prongsai-search]').getAttribute('data-state') === 'ready'")
        misses = []
        for p in pages:
            title = p["t"].replace("\u200b", "")
            if not title.strip():
                continue
            for q in (title, title.replace(" ", "")):
                urls = page.eval(
                    "document.querySelector('[data-prongsai-search]').prongsai.search("
                    f"{json.dumps(q)}).items.slice(0, 3).map(i => i.f.page.url)")
                if p["u"] not in urls:
                    misses.append((q, p["u"], urls))
        assert not misses, misses[:10]
    finally:
        browser.close_page(page)


def test_without_intl_segmenter_the_sites_own_words_split_the_query(browser, served):
    """Older browsers (Firefox before 125) have no Intl.Segmenter: the query is then
    split by longest match against the words of the site itself."""
    engine = ProngsaiEngine()
    page = _open(browser, served("seed002"))
    try:
        page.eval("delete Intl.Segmenter; Intl.Segmenter === undefined")
        engine.prepare(page)
        engine.focus(page)
        assert _search(page, engine, "ความโปร่งใสงบประมาณ")[0] == "/plan/projects/13/"
        assert _search(page, engine, "เลื่อนขั้นเงินเดือน")[0] == "/plan/projects/19/"
        terms = page.eval("document.querySelector('[data-prongsai-search]').prongsai"
                          ".parseQuery('ความโปร่งใสงบประมาณ').terms")
        assert len(terms) >= 2 and "".join(terms) == "ความโปร่งใสงบประมาณ", terms
    finally:
        browser.close_page(page)
