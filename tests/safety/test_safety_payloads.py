"""Hostile text: every text field is safe to render.

The corpus tests/safety/payloads.txt (script tags, event attributes, javascript: URLs,
Markdown link tricks, Jinja syntax, HTML comments …) is put into every kind of field of
a data folder: names in tables and image alt texts, page and nav titles, the site name,
headings, paragraphs, bullet lists, table cells, link texts, notes. The site is built
with the real `prongsai build`, and every page is opened in headless Chromium (the CDP
search harness, benchmarks/search/cdp_harness.py) with alert/confirm/prompt trapped
before any script runs. No payload may execute (no trapped call, no window.__pwned, no
request to a "pwned" URL, no event-handler attribute, no javascript: link, no element
that the generator does not write) and each payload must show as text.

Links in the data accept only http(s), mailto and tel: checked without a browser.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from safety_kit import copy_mini, run_prongsai
from testkit import headless_chromium

PAYLOADS_FILE = Path(__file__).with_name("payloads.txt")


def load_payloads() -> list[str]:
    lines = PAYLOADS_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#:")]


PAYLOADS = load_payloads()


def shown(text: str) -> str:
    """What a reader sees of a text: whitespace collapsed (HTML and single-line fields)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def test_the_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 50 and len(set(PAYLOADS)) == len(PAYLOADS)
    for needle in ("<script", "onerror=", "javascript:", "](", "{{", "{%", "<!--", "<iframe", "<svg"):
        assert any(needle in p.lower() for p in PAYLOADS), needle


# --- the data -----------------------------------------------------------------------------------

def rotate(k: int) -> str:
    return PAYLOADS[k % len(PAYLOADS)]


def hostile_data(folder: Path) -> dict:
    """Write a data folder with every payload in every kind of text field; return where
    each payload must be seen: {page url: [payloads]}."""
    P, n = PAYLOADS, len(PAYLOADS)
    person = lambda p: {"name": p, "position": p, "note": p}  # noqa: E731
    organisation = {
        "name": "อบต.ทดสอบ " + " ¦ ".join(P),
        "short_name": rotate(0), "name_en": rotate(1), "type": "อบต.",
        "about": P, "vision": "\n".join(P), "address": "\n".join(P),
        "contacts": {"phone": ["0 4300 0000"], "email": ["saraban@test.go.th"],
                     "website": "https://www.test.go.th/", "line": rotate(2), "office_hours": "\n".join(P),
                     "map_url": "https://maps.example.org/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
                     "complaint_url": "https://www.test.go.th/complaint?x='\"><b>"},
        "qa_channels": [{"title": p, "url": f"https://qa.example.org/{i}?q={quote(p)}", "description": p}
                        for i, p in enumerate(P)],
        "executives": {
            "political": [{**person(P[0]), "photo": "files/mayor.png", "phone": "0 4300 0000 ต่อ 101"}]
            + [person(p) for p in P[1:]],
            "permanent": [{**person(p), "email": "saraban@test.go.th"} for p in P],
            "council": [person(p) for p in P],
        },
        "structure": {
            "political": [{"name": p, "head": p, "duties": [p], "units": [{"name": p, "duties": [p]}]} for p in P],
            "permanent": [{"name": p, "head": p, "duties": [p, p]} for p in P],
        },
        "powers_and_duties": {"summary": P, "items": P,
                              "laws": [{"title": p, "url": "https://law.example.org/a(1)", "description": p} for p in P]},
    }
    projects = [
        {"no": i + 1, "title": p, "summary_title": p, "budget": {2567: "1,000", 2568: "-"},
         **{name: [p] for name in ("rationale", "objectives", "target_group", "method", "period",
                                    "budget_detail", "responsible", "outputs", "outcomes")},
         "note": p}
        for i, p in enumerate(P)
    ]
    dimensions = []
    for d, start in enumerate(range(0, n, 12)):
        chunk = projects[start:start + 12]
        dimensions.append({
            "no": d + 1, "title": rotate(3 * d),
            "missions": [{"no": f"{d + 1}.1", "title": rotate(3 * d + 1),
                          "sub_missions": [{"no": f"{d + 1}.1.1", "title": rotate(3 * d + 2), "projects": chunk[:6]}],
                          "projects": chunk[6:]}],
        })
    plan = {
        "title": rotate(5), "start_year": 2566, "end_year": 2570,
        "announcement": {"title": rotate(6), "date": "2565-09-29",
                         "signatory": {"name": rotate(7), "position": rotate(8)}, "text": P},
        "introduction": P,
        "risk_assessment": {"title": rotate(9), "fiscal_year": 2569, "risks": [
            {"no": i + 1, "step": p, "issues": [{"text": p, "level": p}], "level": p,
             "controls": [{"text": p, "project": i + 1}]} for i, p in enumerate(P)]},
        "dimensions": dimensions,
    }
    measures = {
        "title": rotate(13), "fiscal_year": 2568, "introduction": P,
        "prepared_by": {"name": rotate(14), "position": rotate(15)},
        "measures": [{"no": i + 1, "title": p, "instrument": ["IIT", "EIT", "OIT"][i % 3], "method": [p],
                      "responsible": p, "period": p, "results": [p], "suggestions": [p]} for i, p in enumerate(P)],
    }
    oit = {"ita_year": 2569, "as_of": "2569-04-20", "items": {
        "executives": {"note": P, "pages": ["organisation/executives"]},
        "news": {"note": P, "links": [{"title": p, "url": f"https://news.example.org/{i}", "description": p}
                                      for i, p in enumerate(P)]},
        "annual_report": {"documents": [{"title": p, "url": f"https://docs.example.org/{i}.pdf", "summary": [p]}
                                        for i, p in enumerate(P)]},
        "complaint_stats": {"note": P, "nothing_to_report": {"reason": "\n".join(P), "date": "2568-10-05"}},
    }}
    site = {"ita_year": 2569, "site_url": "https://www.test.go.th/"}
    for name, content in [("organisation.yaml", organisation), ("plan.yaml", plan), ("measures/2568.yaml", measures),
                          ("oit/2569.yaml", oit), ("site.yaml", site)]:
        (folder / name).write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=1000),
                                   encoding="utf-8")
    everywhere = {
        "/organisation/": P, "/organisation/executives/": P, "/organisation/structure/": P,
        "/organisation/powers/": P, "/organisation/contact/": P, "/plan/": P, "/plan/risk/": P,
        "/measures/2568/": P, "/ita/2569/o2/": P,
    }
    for i, p in enumerate(P):
        everywhere[f"/plan/projects/{i + 1}/"] = [p]
    return everywhere


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    data = copy_mini(root / "data")
    expected = hostile_data(data)
    validated = run_prongsai("validate", "--data", str(data))
    assert validated.returncode == 0, "the hostile data must be valid data:\n" + validated.stderr[-4000:]
    site = root / "site"
    result = run_prongsai("build", "--data", str(data), "--site-dir", str(site), "--today", "2569-04-20")
    assert result.returncode == 0, "building the hostile data failed (an injected tag may have made a " \
                                   "broken link):\n" + result.stderr[-6000:]
    return site, expected


# --- the browser --------------------------------------------------------------------------------

# Runs before any script of each page: traps the ways a payload shows that it ran.
TRAP_JS = """
(() => {
  const hits = [];
  const hit = (what) => (...args) => { hits.push(what + ':' + args.map(String).join(',')); };
  Object.defineProperty(window, '__hits', {value: hits});
  window.__pwned = 0;
  window.alert = hit('alert'); window.confirm = hit('confirm'); window.prompt = hit('prompt');
  window.print = hit('print');
  window.open = hit('open');
})();
"""

# Runs after the page settled: what happened, and what the page shows.
INSPECT_JS = """
(() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) bad.push('event attribute ' + el.tagName + '[' + name + ']');
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc'].includes(name)) {
        const value = attr.value.trim().toLowerCase().replace(/[\\u0000-\\u0020]/g, '');
        const themeForm = el.tagName === 'FORM' && el.name === 'prongsai-search' && value === 'javascript:void(0)';
        if (name === 'srcdoc' || (/^(javascript|data|vbscript):/.test(value) && !themeForm)) bad.push(name + '=' + attr.value.slice(0, 60));
      }
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (!s.src && /alert|pwned/i.test(s.textContent)) bad.push('inline script ' + s.textContent.slice(0, 60));
    if (s.src && new URL(s.src).origin !== location.origin) bad.push('script from ' + s.src);
  }
  const article = document.querySelector('article') || document.body;
  const allowed = new Set(['ARTICLE', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'P', 'A', 'STRONG', 'EM', 'CODE',
    'UL', 'OL', 'LI', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'BR', 'IMG', 'SPAN', 'HR', 'BLOCKQUOTE',
    'SMALL', 'SUP', 'SUB', 'DL', 'DT', 'DD', 'NAV', 'SECTION', 'PRE', 'KBD', 'MARK', 'DEL', 'INS', 'ABBR',
    'WBR']);  // <wbr>: line-break hints the theme's script puts into long URL link texts
  // the budget charts: inline SVG drawn by the generator, only inside their own figure
  const chart = new Set(['FIGURE', 'FIGCAPTION', 'svg', 'title', 'desc', 'text', 'rect', 'g', 'line']);
  const inChart = (e) => chart.has(e.tagName) && e.closest('figure.prongsai-chart') &&
    (e.tagName === 'FIGURE' || e.tagName === 'FIGCAPTION' || e.closest('figure.prongsai-chart > svg') || e.tagName === 'svg');
  const foreign = [...new Set([...article.querySelectorAll('*')].filter(e => !inChart(e))
    .map(e => e.tagName).filter(t => !allowed.has(t)))];
  const clone = article.cloneNode(true);
  clone.querySelectorAll('script, style, template').forEach(e => e.remove());
  const topic = document.querySelector('.md-header__topic');
  return {hits: window.__hits.slice(), pwned: window.__pwned, bad, foreign, title: document.title,
          text: clone.textContent, header: topic ? topic.textContent : '',
          links: [...article.querySelectorAll('a[href]')].map(a => a.protocol)};
})()
"""

SETTLE_JS = "new Promise(r => requestAnimationFrame(() => setTimeout(r, 30)))"


@pytest.fixture(scope="session")
def browser():
    """The test process's one Chromium (testkit)."""
    yield from headless_chromium()


def page_path(site: Path, html: Path) -> str:
    relative = html.relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


@pytest.mark.browser
@pytest.mark.slow
def test_no_payload_executes_and_each_shows_as_text(hostile_site, browser):
    site, expected = hostile_site
    harness, chromium = browser
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= len(PAYLOADS) + 20
    executed, missing, seen = [], [], {}
    # the site's own stylesheets, scripts and fonts kept between pages, as a reader's browser does
    with harness.StaticServer(site, asset_seconds=3600) as base:
        tab = chromium.new_page()
        try:
            tab.send("Network.setCacheDisabled", cacheDisabled=False)
            tab.send("Page.addScriptToEvaluateOnNewDocument", source=TRAP_JS)
            for html in pages:
                url_path = page_path(site, html)
                redirect = redirect_problems(html)
                if redirect is not None:  # leaves at once: read as text, not opened
                    executed += [f"{url_path}: {problem}" for problem in redirect]
                    continue
                tab.navigate(base.rstrip("/") + url_path)
                tab.eval(SETTLE_JS, await_promise=True)
                # the requests the page made so far arrive (as events) before the answer to this
                result = tab.eval(INSPECT_JS)
                requests = [e["params"]["request"]["url"] for e in tab.events
                            if e.get("method") == "Network.requestWillBeSent"]
                problems = result["hits"] + result["bad"] + [f"element <{t.lower()}>" for t in result["foreign"]]
                problems += [f"request {u}" for u in requests if "pwned" in u.lower()]
                problems += [f"link protocol {p}" for p in result["links"]
                             if p not in ("http:", "https:", "mailto:", "tel:")]
                if result["pwned"]:
                    problems.append(f"window.__pwned = {result['pwned']}")
                if problems:
                    executed.append(f"{url_path}: {problems[:5]}")
                seen[url_path] = result
            # the search box renders titles too: search for a payload word
            executed += search_for(harness, tab, base, site, "alert")
        finally:
            chromium.close_page(tab)
    assert not executed, "payloads executed or injected markup:\n" + "\n".join(executed[:30])
    for url_path, payloads in expected.items():
        assert url_path in seen, f"page {url_path} was not built"
        text = shown(seen[url_path]["text"])
        missing += [f"{url_path}: {p!r}" for p in payloads if shown(p) not in text]
    for i, payload in enumerate(PAYLOADS):  # the page <title> shows a project's title as text
        if shown(payload) not in shown(seen[f"/plan/projects/{i + 1}/"]["title"]):
            missing.append(f"<title> of /plan/projects/{i + 1}/: {payload!r}")
    header = shown(seen["/"]["header"]) + " " + shown(seen["/"]["title"])
    missing += [f"site name: {p!r}" for p in PAYLOADS if header.count(shown(p)) < 2]
    assert not missing, f"{len(missing)} payloads not shown as text, e.g.\n" + "\n".join(missing[:30])


def redirect_problems(html: Path) -> list[str] | None:
    """A page that redirects at once (an upper-case alias such as /ita/2569/O1/ → o1/) cannot be
    inspected in the browser: None when the page is not one, else the markup in it that only a
    payload could have put there (a script, an event attribute, a script link)."""
    text = html.read_text(encoding="utf-8")
    if not re.search(r'<meta http-equiv="refresh"', text):  # the tag itself, not a payload shown as text
        return None
    return [f"markup {found!r}" for found in re.findall(
        r"<script|<iframe|<svg|<img|<[^>]*\son[a-z]+\s*=|<[^>]*(?:javascript|data|vbscript):", text, re.IGNORECASE)]


def search_for(harness, tab, base: str, site: Path, query: str) -> list[str]:
    """Type into the site's search box (Prongsai's or Material's, whichever the site was
    built with) and wait for the results, which show page titles and text."""
    tab.navigate(base)
    engine = None
    if (site / "assets" / "search" / "index.json").is_file():
        engine = harness.ProngsaiEngine()
    elif (site / "search" / "search_index.json").is_file():
        engine = harness.MaterialEngine()
    if engine is None or not tab.eval(f"!!document.querySelector({json.dumps(engine.input_selector)})"):
        print("no working search box in this site: search results not checked", file=sys.stderr)
        return []
    engine.prepare(tab)
    engine.focus(tab)
    tab.type_text(query)
    engine.wait_results(tab, query)
    tab.eval(SETTLE_JS, await_promise=True)
    result = tab.eval(INSPECT_JS.replace("document.querySelector('article') || document.body", "document.body"))
    problems = result["hits"] + result["bad"] + ([f"window.__pwned = {result['pwned']}"] if result["pwned"] else [])
    results = tab.eval("document.querySelectorAll('.md-search-result__item').length")
    assert results, f"the search for {query!r} found nothing: the search test did not run"
    return [f"search {query!r}: {problems[:5]}"] if problems else []


# --- links: only http(s), mailto and tel --------------------------------------------------------

BAD_URLS = [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "jav&#x09;ascript:alert(1)", "\u0001javascript:alert(1)", "javascript&colon;alert(1)", "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "//pwned.example/", "ftp://example.org/",
    "/organisation/", "../plan/", "x", "https://", "http:///x", "https://exa mple.org/", "mailto", "blob:https://x/1",
]
GOOD_URLS = ["https://www.example.go.th/", "http://example.org/a?b=1#c", "mailto:saraban@test.go.th",
             "tel:+6643000000", "https://example.org/a\"><script>alert(1)</script>"]


@pytest.mark.slow
def test_links_in_the_data_accept_only_http_https_mailto_and_tel(tmp_path):
    data = copy_mini(tmp_path / "data")
    organisation = data / "organisation.yaml"
    tree = yaml.safe_load(organisation.read_text(encoding="utf-8"))
    tree["qa_channels"] = [{"title": f"ช่องทาง {i}", "url": url} for i, url in enumerate(BAD_URLS + GOOD_URLS)]
    organisation.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_prongsai("validate", "--data", str(data))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    refused = {int(line.split("qa_channels[")[1].split("]")[0]) for line in output.splitlines()
               if "qa_channels[" in line and ".url" in line}
    assert refused == set(range(len(BAD_URLS))), output


def test_a_quote_in_an_accepted_url_cannot_leave_the_link(tmp_path):
    from generator.render import Renderer, safe_url

    for url in GOOD_URLS:
        encoded = safe_url(url)
        assert not set(encoded) & set("\"'<> ()\\`"), encoded
        assert str(Renderer.link(url, "x")).endswith(f"({encoded})")
