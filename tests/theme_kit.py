"""Helpers for the theme tests (tests/test_theme_*.py) and tools/screenshots.py:
headless Chromium at a given width, and the in-page measurements (Thai words split
across lines, tables wider than their column, axe-core).

Chromium is driven over the DevTools protocol with the search tests' harness
(benchmarks/search/cdp_harness.py). axe-core is the file vendored in tests/vendor/
(npm package axe-core, MPL-2.0, refreshed by tests/vendor/update_axe.sh), so the
accessibility tests need no network.
"""
from __future__ import annotations

import base64
import functools
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HARNESS = REPO / "benchmarks" / "search"
AXE = REPO / "tests" / "vendor" / "axe.min.js"
WIDTHS = (390, 1280)

if str(HARNESS) not in sys.path:
    sys.path.insert(0, str(HARNESS))

import cdp_harness  # noqa: E402


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as URL paths ("", "plan/", "404.html"), without the
    redirect stubs (old or differently-cased addresses that forward to a page)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8", errors="replace")[:2000]:
            continue
        rel = path.relative_to(site).as_posix()
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def set_width(page, width: int, height: int = 900) -> None:
    page.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
              deviceScaleFactor=1, mobile=width < 600)


def open_page(page, url: str) -> None:
    page.navigate(url)
    wait_for_fonts(page)


def wait_for_fonts(page) -> None:
    """Fonts decide where lines break: measure only with Sarabun loaded."""
    page.wait_for("document.fonts.status === 'loaded'", interval=0.005)
    page.eval("document.fonts.ready.then(() => true)", await_promise=True)


# A word (Intl.Segmenter, Thai dictionary) whose characters sit on two line boxes
# although the word is narrower than the box that holds it.
SPLIT_WORDS_JS = r"""
(() => {
  const seg = new Intl.Segmenter('th', {granularity: 'word'});
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const blockOf = (el) => {
    while (el && el !== document.body) {
      const d = getComputedStyle(el).display;
      if (d !== 'inline' && d !== 'contents') return el;
      el = el.parentElement;
    }
    return document.body;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !node.data.trim() || parent.closest('script, style, noscript, [hidden]')) continue;
    if (!parent.getClientRects().length) continue;  // not rendered
    for (const s of seg.segment(node.data)) {
      if (!s.isWordLike || s.segment.length < 2) continue;
      const range = document.createRange();
      range.setStart(node, s.index);
      range.setEnd(node, s.index + s.segment.length);
      const rects = [...range.getClientRects()].filter(r => r.width > 0);
      if (rects.length < 2) continue;
      const tops = new Set(rects.map(r => Math.round(r.top / 4)));
      if (tops.size < 2) continue;
      const width = rects.reduce((w, r) => w + r.width, 0);
      const box = blockOf(parent);
      const cs = getComputedStyle(box);
      const inner = box.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      if (inner <= 0) continue;  // inside a collapsed (hidden) box
      if (width < inner) {
        const text = node.data;
        out.push({word: s.segment, width: Math.round(width), box: Math.round(inner),
                  context: text.slice(Math.max(0, s.index - 15), s.index + s.segment.length + 15)});
      }
    }
  }
  return out;
})()
"""

# Horizontal overflow: the page itself, and each table against the column it sits in.
OVERFLOW_JS = r"""
(() => {
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > innerWidth + 1) out.push({what: 'page', width: doc.scrollWidth, room: innerWidth});
  const column = document.querySelector('.md-content__inner') || document.body;
  document.querySelectorAll('.md-typeset table').forEach((t, i) => {
    // Material wraps a table in a scrolling box a little wider than the text column.
    const wrap = t.closest('.md-typeset__scrollwrap');
    const w = wrap ? wrap.scrollWidth : t.getBoundingClientRect().width;
    const room = wrap ? wrap.clientWidth : column.clientWidth;
    if (w > room + 1) {
      const head = t.querySelector('th') ? t.querySelector('th').textContent.trim() : '';
      out.push({what: 'table ' + (i + 1) + ' (' + head + ')', width: Math.round(w), room: Math.round(room)});
    }
  });
  return out;
})()
"""


@functools.lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8") + ";true"


def inject_axe(page) -> None:
    """axe-core into the loaded page, once per page (a second width reuses it)."""
    if not page.eval("typeof window.axe === 'object'"):
        page.eval(_axe_source())


# The rules axe-core runs by default that can report a serious or critical violation. axe
# gives a violation its rule's impact when the rule states one (every rule of axe 4.14 does),
# else the highest impact of its failed checks: a rule that states minor or moderate never
# reports more, and a rule that states none is kept unless each of its checks states minor or
# moderate. Skipping the others changes no result of run_axe and saves about a third of its time.
SERIOUS_RULES_JS = """(() => {
  const low = new Set(['minor', 'moderate']);
  const checkIsLow = (check) => {
    const found = axe._audit.checks[typeof check === 'string' ? check : check.id];
    return !!(found && found.metadata && low.has(found.metadata.impact));
  };
  return axe._audit.rules.filter(rule => rule.enabled !== false).filter(rule => rule.impact
    ? !low.has(rule.impact)
    : ![...rule.any, ...rule.all, ...rule.none].every(checkIsLow)).map(rule => rule.id);
})()"""


def run_axe(page, exclude: list[str] | None = None) -> list[dict]:
    """Serious and critical axe-core violations of the loaded page."""
    inject_axe(page)
    context = json.dumps({"exclude": [[sel] for sel in (exclude or [])]})
    result = page.eval(
        f"axe.run({context}, {{resultTypes: ['violations'], runOnly: {{type: 'rule', values: {SERIOUS_RULES_JS}}}}})"
        ".then(r => r.violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').slice(0, 160))})))",
        await_promise=True)
    return result or []


def screenshot(page, out: Path, full_page: bool = True) -> None:
    params = {"format": "png", "captureBeyondViewport": full_page}
    if full_page:
        size = page.eval("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": min(size[1], 16000), "scale": 1}
    data = page.send("Page.captureScreenshot", **params)["data"]
    out.write_bytes(base64.b64decode(data))


def print_pdf(page, out: Path) -> None:
    """The page printed as the reader's browser would with the site's print stylesheet
    (A4, page size and margins from the stylesheet's @page rules)."""
    data = page.send("Page.printToPDF", preferCSSPageSize=True, printBackground=True,
                     displayHeaderFooter=False)["data"]
    out.write_bytes(base64.b64decode(data))


# --- building a site --------------------------------------------------------------------------

def build_site(out: Path, data: Path | None = None) -> tuple[Path, subprocess.CompletedProcess]:
    """`prongsai build` of ``data`` (default: the example data) into out/site, as a user runs it.
    Tests that only read the example site use the run's shared one (conftest.py: example_site)."""
    from testkit import run_prongsai

    site = out / "site"
    return site, run_prongsai("build", "--data", str(data or REPO / "data"), "--site-dir", str(site))
