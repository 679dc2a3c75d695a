"""Every page of the example site in headless Chromium at a phone's (390 px) and a
desktop's (1280 px) width: no Thai word cut across two lines, no table wider than its
column, no serious or critical axe-core violation; keyboard basics; the printed plan
and measures reports (A4 PDF) keep every number of their tables and end with the
signature block; the 404 page leads to the main sections.

The site is the example site, built once per test run with the organisation's look
applied (tests/conftest.py). Chromium is Debian's, one per test process (tests/testkit.py);
the tests skip without it unless CI is set.
"""
from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

import theme_kit
from generator import thai

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE_EXCLUDE: list[str] = []  # nothing left out: the search dialog is named too
# The pages are checked in this many tests, which parallel workers share.
PARTS = 6


@pytest.fixture(scope="session")
def base_url(example_site):
    """The example site (built once per run, tests/conftest.py) on a local server; the browser
    keeps the stylesheets, scripts and fonts between pages, as a reader's does."""
    with theme_kit.cdp_harness.StaticServer(example_site, asset_seconds=3600) as url:
        yield url


@pytest.fixture
def tab(chromium):
    _, browser = chromium
    page = browser.new_page()
    page.send("Network.setCacheDisabled", cacheDisabled=False)  # the server lets it keep assets (base_url)
    yield page
    browser.close_page(page)


def _settle(page, ms: int = 150) -> None:
    """Wait `ms` and a frame: the theme labels the scrolling boxes again 150 ms after a resize."""
    page.eval(f"new Promise(r => setTimeout(() => requestAnimationFrame(() => r(true)), {ms}))",
              await_promise=True)


def _widen_and_settle(page, width: int) -> None:
    """The window made `width` wide, then a wait until the theme has labelled the scrolling
    boxes again: it does so 150 ms after the resize event, which comes with the next frame."""
    page.eval("window.__prongsaiResized = new Promise(r => addEventListener('resize', () => r(performance.now()),"
              " {once: true})); true")
    theme_kit.set_width(page, width)
    page.eval("window.__prongsaiResized.then(at => new Promise(r => setTimeout(() => requestAnimationFrame(() => r(true)),"
              " Math.max(0, at + 170 - performance.now()))))", await_promise=True)


def _settle_after_load(page) -> None:
    """Wait until the theme's script has labelled the tables: it runs when the document is
    loaded and labels the scrolling boxes again 100 ms later, once Material has wrapped them
    (a timer due later fires later). Loading the fonts has often taken that long already."""
    page.eval("new Promise(r => { const loaded = performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;"
              " setTimeout(() => requestAnimationFrame(() => r(true)), Math.max(0, loaded + 120 - performance.now())); })",
              await_promise=True)


def _animations_done(page, most_ms: int = 2000) -> None:
    """Wait until the page's transitions and animations have ended (at most `most_ms`): colours
    measured mid-fade are not the colours a reader sees."""
    page.eval("Promise.race([Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),"
              f" new Promise(r => setTimeout(r, {most_ms}))]).then(() => true)", await_promise=True)


SCROLLERS_JS = r"""
[...document.querySelectorAll('.md-content *')].filter(el => {
  const o = getComputedStyle(el).overflowX;
  return (o === 'auto' || o === 'scroll') && el.scrollWidth > el.clientWidth + 1;
}).filter(el => !(el.getAttribute('tabindex') === '0' && el.getAttribute('role') === 'region'
                  && (el.getAttribute('aria-label') || '').trim()))
  .map(el => el.className || el.tagName)
"""


def _layout_problems(tab, where: str) -> list[str]:
    problems = []
    for split in tab.eval(theme_kit.SPLIT_WORDS_JS):
        problems.append(f"{where}: word cut across lines: {split['word']!r} "
                        f"({split['width']} px in a {split['box']} px box) in …{split['context']}…")
    for over in tab.eval(theme_kit.OVERFLOW_JS):
        problems.append(f"{where}: {over['what']} is {over['width']} px wide, room {over['room']} px")
    for box in tab.eval(SCROLLERS_JS):
        problems.append(f"{where}: a box scrolls sideways without a name or keyboard access: {box}")
    return problems


def _accessibility_problems(tab, where: str) -> list[str]:
    return [f"{where}: {violation['impact']} {violation['id']}: {violation['help']}: " + " | ".join(violation["nodes"])
            for violation in theme_kit.run_axe(tab, AXE_EXCLUDE)]


@pytest.mark.parametrize("part", range(PARTS), ids=lambda n: f"part{n + 1}of{PARTS}")
def test_every_page_keeps_words_whole_fits_and_has_no_serious_accessibility_violation(
        example_site, base_url, tab, part):
    """Each page opened at a phone's width and checked, then widened to a desktop's (as a
    reader turns a tablet) and checked again: no Thai word cut across lines, no table wider
    than its column, no box that scrolls without a name, no serious or critical axe-core
    violation at either width."""
    pages = theme_kit.site_pages(example_site)
    assert len(pages) > 50
    layout, accessibility = [], []
    for path in pages[part::PARTS]:
        phone, desktop = theme_kit.WIDTHS
        theme_kit.set_width(tab, phone)
        theme_kit.open_page(tab, base_url + path)
        # transitions (Material fades its tabs in when the window widens) run at 100 times
        # their speed: what is measured is where they end, which a reader sees half a second later
        tab.send("Animation.setPlaybackRate", playbackRate=100)
        _settle_after_load(tab)
        layout += _layout_problems(tab, f"/{path} at {phone} px")
        accessibility += _accessibility_problems(tab, f"/{path} at {phone} px")
        _widen_and_settle(tab, desktop)
        _animations_done(tab)
        layout += _layout_problems(tab, f"/{path} at {desktop} px")
        accessibility += _accessibility_problems(tab, f"/{path} at {desktop} px")
    problems = layout + accessibility
    assert not problems, "\n".join(problems[:40]) + f"\n({len(layout)} layout, {len(accessibility)} accessibility problems)"


def test_the_word_check_sees_a_cut_word(base_url, tab):
    """The measurement itself: a Thai word forced to break inside is reported."""
    theme_kit.set_width(tab, 390)
    theme_kit.open_page(tab, base_url + "about/")
    tab.eval("""(() => { const p = document.createElement('p');
        p.style.cssText = 'width: 9em; overflow-wrap: anywhere; word-break: break-all';
        p.textContent = 'ประชาชนปีงบประมาณวัฒนธรรมประชาสัมพันธ์ปีงบประมาณวัฒนธรรม';
        document.querySelector('.md-content__inner').append(p); return true; })()""")
    assert tab.eval(theme_kit.SPLIT_WORDS_JS)


def test_the_accessibility_check_sees_a_violation(base_url, tab):
    """The measurement itself: an unlabelled image link and grey-on-grey text are reported."""
    theme_kit.set_width(tab, 1280)
    theme_kit.open_page(tab, base_url + "about/")
    tab.eval("""(() => { const d = document.createElement('div');
        d.innerHTML = '<a href="../"><img src="x.png"></a><p style="color:#bbb;background:#ccc">ข้อความจาง</p>';
        document.querySelector('.md-content__inner').append(d); return true; })()""")
    found = {v["id"] for v in theme_kit.run_axe(tab, AXE_EXCLUDE)}
    assert {"image-alt", "color-contrast"} <= found


def test_the_accessibility_check_runs_every_rule_that_can_be_serious(base_url, tab):
    """run_axe runs only the rules that can report a serious or critical violation: on a page
    with planted violations of every impact it reports what a run of every rule reports."""
    theme_kit.set_width(tab, 390)
    theme_kit.open_page(tab, base_url + "plan/")
    tab.eval("""(() => { const d = document.createElement('div');
        d.innerHTML = '<a href="../"><img src="x.png"></a><p style="color:#bbb;background:#ccc">ข้อความจาง</p>'
          + '<h5>หัวข้อข้ามระดับ</h5><input type="text"><ul><p>ผิดที่</p></ul><div id="main">ซ้ำ</div><div id="main">ซ้ำ</div>'
          + '<button aria-hidden="true">ปุ่ม</button><table><tr><th></th></tr></table><div role="banner"></div>'
          + '<span role="link"></span><select></select><iframe></iframe><svg role="img"></svg>';
        document.querySelector('.md-content__inner').append(d); return true; })()""")
    reported = {(v["id"], v["impact"]) for v in theme_kit.run_axe(tab, AXE_EXCLUDE)}
    every_rule = tab.eval("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
                          ".filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => [v.id, v.impact]))",
                          await_promise=True)
    assert reported == {tuple(v) for v in every_rule} and len(reported) >= 5, reported
    skipped = tab.eval(f"axe.getRules().length - {theme_kit.SERIOUS_RULES_JS}.length")
    assert skipped > 30  # the moderate and minor rules (region, heading-order, landmarks …) are left out


@pytest.mark.parametrize("path", ["", "plan/projects/1/", "organisation/executives/", "404.html"])
def test_first_tab_stop_is_a_visible_skip_link(base_url, tab, path):
    theme_kit.set_width(tab, 1280)
    theme_kit.open_page(tab, base_url + path)
    tab.press("Tab", "Tab", 9)
    focused = tab.eval("""(() => { const a = document.activeElement; const s = getComputedStyle(a);
        return {cls: a.className, href: a.getAttribute('href') || '', text: a.textContent.trim(),
                opacity: s.opacity, outline: s.outlineStyle, z: s.zIndex}; })()""")
    assert "md-skip" in focused["cls"], focused
    assert focused["text"] == "ข้ามไปที่เนื้อหา"
    target = focused["href"].split("#", 1)[1]
    assert tab.eval(f"!!document.getElementById({target!r})")
    tab.pump(0.5)  # Material fades the link in
    assert float(tab.eval("getComputedStyle(document.activeElement).opacity")) > 0.9


def test_keyboard_focus_is_visible_on_content_links(base_url, tab):
    theme_kit.set_width(tab, 1280)
    theme_kit.open_page(tab, base_url + "plan/")
    tab.eval("document.querySelector('.md-content a[href]').focus({focusVisible: true}); true")
    style = tab.eval("(() => { const s = getComputedStyle(document.activeElement);"
                     " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
    assert style[0] != "none" and style[1] >= 2


def test_phone_shows_budget_risk_and_measures_as_cards(base_url, tab, example_model):
    theme_kit.set_width(tab, 390)
    paths = ["plan/", "plan/risk/"] + [f"{r.page_id}/" for r in example_model.measures]
    for path in paths:
        theme_kit.open_page(tab, base_url + path)
        _settle(tab)
        # tables of four or more columns become cards; narrower ones (the numbers beside a
        # chart, planned against spent) fit a phone as they are
        cards = tab.eval("""[...document.querySelectorAll('.md-content table')]
            .filter(t => t.tHead && t.tHead.rows[0].cells.length >= 4).map(t => ({
            cards: t.hasAttribute('data-prongsai-cards'),
            row: getComputedStyle(t.querySelector('tbody tr')).display,
            labels: [...t.querySelectorAll('tbody td')].every(td => td.hasAttribute('data-label'))}))""")
        assert cards, path
        for table in cards:
            assert table == {"cards": True, "row": "block", "labels": True}, path


# --- print ---------------------------------------------------------------------------------

TABLE_NUMBERS_JS = r"""
[...document.querySelectorAll('.md-content table td')].map(td => td.textContent.trim())
  .filter(t => /^[0-9๐-๙][0-9๐-๙,.]*$/.test(t))
"""


def _pdf_text(tab, out: Path) -> tuple[str, list]:
    from pypdf import PdfReader

    theme_kit.print_pdf(tab, out)
    reader = PdfReader(str(out))
    return "\n".join(page.extract_text() for page in reader.pages), reader.pages


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_printed_plan_keeps_every_number_and_the_totals(base_url, tab, example_model, tmp_path):
    theme_kit.open_page(tab, base_url + "plan/")
    _settle(tab)
    numbers = tab.eval(TABLE_NUMBERS_JS)
    text, pages = _pdf_text(tab, tmp_path / "plan.pdf")
    flat = _squash(text)
    plan, digits = example_model.plan, example_model.site.thai_digits
    totals = [thai.format_baht(plan.grand_total, digits)]
    totals += [thai.format_baht(plan.total_in(year), digits) for year in plan.years]
    totals += [thai.format_baht(sum(p.total_budget for p in d.projects), digits) for d in plan.dimensions]
    assert set(totals) <= set(numbers)  # the page shows them …
    missing = [n for n in numbers if n not in flat]
    assert not missing, f"numbers of the plan's tables missing from the printed PDF: {missing}"
    # … A4 landscape, the organisation and page numbers on every page, the signatures at the end
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert (round(width), round(height)) == (842, 595)
    for number, page in enumerate(pages, 1):
        page_text = _squash(page.extract_text())
        assert f"หน้า{number}/{len(pages)}" in page_text
    assert text.count("(ลงชื") >= 2
    assert _squash(plan.announcement.signatory_name) in _squash(pages[-1].extract_text())


def test_printed_measures_reports_keep_every_number(base_url, tab, example_model, tmp_path):
    for report in example_model.measures:
        theme_kit.open_page(tab, base_url + f"{report.page_id}/")
        _settle(tab)
        cells = tab.eval("[...document.querySelectorAll('.md-content table td')].map(td => td.textContent)")
        numbers = {n for cell in cells for n in re.findall(r"[0-9][0-9,.]*[0-9]|[0-9]", cell)}
        text, pages = _pdf_text(tab, tmp_path / f"measures-{report.fiscal_year}.pdf")
        flat = _squash(text)
        missing = sorted(n for n in numbers if n not in flat)
        assert not missing, f"{report.fiscal_year}: {missing}"
        assert float(pages[0].mediabox.width) > float(pages[0].mediabox.height)
        assert _squash(example_model.organisation.political[0].name) in _squash(pages[-1].extract_text())


def test_print_hides_navigation_and_search(base_url, tab):
    theme_kit.open_page(tab, base_url + "plan/")
    tab.send("Emulation.setEmulatedMedia", media="print")
    try:
        shown = tab.eval("""['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-search', '.md-footer']
            .filter(s => { const e = document.querySelector(s); return e && getComputedStyle(e).display !== 'none'; })""")
        signatures = tab.eval("getComputedStyle(document.querySelector('.prongsai-signatures')).display")
    finally:
        tab.send("Emulation.setEmulatedMedia", media="")
    assert shown == []
    assert signatures == "grid"
    assert tab.eval("getComputedStyle(document.querySelector('.prongsai-signatures')).display") == "none"


# --- 404 -----------------------------------------------------------------------------------

def test_404_page_is_thai_and_leads_to_the_main_sections(base_url, tab):
    theme_kit.set_width(tab, 390)
    theme_kit.open_page(tab, base_url + "404.html")
    assert tab.eval("document.querySelector('h1').textContent.trim()") == "ไม่พบหน้าที่ต้องการ"
    links = tab.eval("[...document.querySelectorAll('.prongsai-404 a')].map(a => [a.textContent.trim(), a.href])")
    tabs = tab.eval("[...document.querySelectorAll('.md-tabs__link')].map(a => a.textContent.trim())")
    assert [text for text, _ in links] == tabs
    for text, href in links:  # absolute from the site's root: right at any depth
        assert href.startswith(base_url), href
        with urllib.request.urlopen(href) as response:
            assert response.status == 200, (text, href)
