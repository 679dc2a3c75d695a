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
BUDGET = 100 * 1024  # bytes on the wire for the first search, on a site of about 100 pages


def _report(ev) -> str:
    ok, nores = ev.not_found
    lines = [f"{ev.engine}: recall@5={ev.recall_at_5:.3f} MRR={ev.mrr:.3f} over {len(ev.answerable)} queries,"
             f" 'not found' for {ok} of {nores} queries the site has nothing on"]
    for r in ev.failures():
        lines.append(f"  rank={r.rank} q={r.query!r} expected={r.expected} got={r.urls[:5]}")
    return "\n".join(lines)


@pytest.mark.parametrize("site", SITES)
def test_query_set_recall_and_mrr(site, browser, served):
    queries = load_queries(site)
    assert len(queries) >= (60 if site != "seeds" else 50)
    # each query entered at once: the ranking is judged here, typing key by key in the tests below
    ev = evaluate(browser, served(site), ProngsaiEngine(), queries, keystrokes=False)
    print(_report(ev))
    assert ev.recall_at_5 >= 0.95, _report(ev)
    assert ev.mrr >= 0.85, _report(ev)
    ok, nores = ev.not_found
    assert ok >= 0.8 * nores, _report(ev)


@pytest.mark.parametrize("site", ("example", "seed002"))
def test_query_set_is_sound(site, built_site):
    """Every expected page exists in the built site, so a query cannot pass or fail
    because of a typo in the query set."""
    root = built_site(site)
    for q in load_queries(site):
        for url in q.get("expect") or []:
            assert (root / norm_path(url).lstrip("/") / "index.html").is_file(), (q, url)


def _open(browser, base, path="", idle=0.2):
    """A new tab with the page loaded, then `idle` seconds in which it may load more (the tests
    of what a page loads before anyone searches wait a whole second)."""
    page = browser.new_page()
    page.navigate(base + path)
    page.pump(idle)
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
    page = _open(browser, base, "plan/", idle=1.0)
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


@pytest.mark.parametrize("site", ("example", "seeds"))  # seeds: 93 pages of real documents
def test_first_search_budget_and_same_origin(site, browser, served):
    base = served(site)
    engine = ProngsaiEngine()
    page = _open(browser, base, idle=1.0)
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
                          ".parseQuery('ความโปร่งใสงบประมาณ').terms.map(t => t.text)")
        assert len(terms) >= 2 and "".join(terms) == "ความโปร่งใสงบประมาณ", terms
    finally:
        browser.close_page(page)


def _meta(page) -> str:
    return page.eval("document.querySelector('[data-prongsai-search] .md-search-result__meta').textContent")


def test_nothing_on_it_says_not_found_and_suggests(browser, served):
    """No results from fragments (โค inside โครงการ): the box says ไม่พบ and offers the
    site's nearest words and its main sections."""
    engine = ProngsaiEngine()
    page = _open(browser, served("example"))
    try:
        engine.prepare(page)
        engine.focus(page)
        assert _search(page, engine, "ฉีดวัคซีนโควิด") == []
        assert _meta(page).startswith("ไม่พบ")
        sections = page.eval("[...document.querySelectorAll('.prongsai-search-suggest a')].map(a => a.pathname)")
        assert "/plan/" in sections and "/organisation/" in sections, sections
        # a typo still finds its page, and the nearest words of a miss are offered
        assert _search(page, engine, "ผูบริหาร")[0] in ("/organisation/executives/", "/ita/2569/o2/")
        assert _search(page, engine, "ทุจรติ")[:1] != []
    finally:
        browser.close_page(page)


def test_results_name_their_part_and_table_row_and_titles_are_escaped_once(browser, served):
    engine = ProngsaiEngine()
    page = _open(browser, served("example"))
    try:
        engine.prepare(page)
        engine.focus(page)
        assert _search(page, engine, "รถยนต์ส่วนกลาง")[0] == "/measures/2569-6m/"
        first = "document.querySelector('[data-prongsai-search] .md-search-result__item')"
        part = page.eval(f"{first}.querySelector('.prongsai-search-part').textContent")
        assert "รายงานมาตรการ" in part, part
        rows = page.eval(f"[...{first}.querySelectorAll('.prongsai-search-row')].map(r => r.textContent)")
        assert any("มาตรการป้องกันการนำทรัพย์สินของราชการ" in r for r in rows), rows
        urls = _search(page, engine, "ไม่ทนต่อการทุจริต")
        assert urls[0] == "/plan/projects/8/"
        title = page.eval(f"{first}.querySelector('h1').textContent")
        assert '"' in title and "&quot;" not in title, title
    finally:
        browser.close_page(page)


def test_title_with_every_word_in_another_order_ranks_first(browser, served):
    engine = ProngsaiEngine()
    page = _open(browser, served("seed002"))
    try:
        engine.prepare(page)
        engine.focus(page)
        assert _search(page, engine, "อำนาจหน้าที่")[0] == "/organisation/powers/"
    finally:
        browser.close_page(page)


def test_search_dialog_is_named_and_closes_on_escape_and_tab_out(browser, served):
    engine = ProngsaiEngine()
    page = _open(browser, served("example"))
    try:
        dialog = "document.querySelector('[data-prongsai-search]')"
        assert page.eval(f"{dialog}.getAttribute('role')") == "dialog"
        assert page.eval(f"{dialog}.getAttribute('aria-label')")
        engine.prepare(page)
        engine.focus(page)
        _search(page, engine, "ทุจริต")
        assert page.eval("document.getElementById('__search').checked") is True
        page.press("Escape")
        page.wait_for("document.getElementById('__search').checked === false")
        engine.focus(page)
        page.wait_for("document.getElementById('__search').checked === true")
        # focus moves to something outside the dialog (as Tab does past its last link)
        page.eval("document.querySelector('.md-content a[href]').focus()")
        page.wait_for("document.getElementById('__search').checked === false")
    finally:
        browser.close_page(page)


def test_search_works_on_the_404_page(browser, served):
    """The 404 page's base URL is "/" (not "." like other pages): the script must still find
    the index from there."""
    engine = ProngsaiEngine()
    base = served("example")
    page = _open(browser, base, "404.html")
    try:
        engine.prepare(page)
        engine.focus(page)
        assert "/organisation/executives/" in _search(page, engine, "ผู้บริหาร")[:5]
    finally:
        browser.close_page(page)
