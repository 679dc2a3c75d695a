"""Budget charts drawn at build time (generator/charts.py): inline SVG named and described
for assistive technology, bars in proportion to the plan's own numbers, nothing loaded from
elsewhere, digits as site.yaml says, and the plan page's chart within a 390 px phone screen."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from testkit import REPO, headless_chromium
from generator import charts, render
from generator.pipeline import Options, generate

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("charts-example")
    return generate(Options(data_dir=REPO / "data", out_dir=out, today=dt.date(2026, 4, 20))), out


def _parse(markup) -> ET.Element:
    """A chart's HTML as XML (it is well-formed), the data's digit fences removed."""
    return ET.fromstring(str(markup).replace(render.DATA_START, "").replace(render.DATA_END, ""))


def _svg(figure: ET.Element) -> ET.Element:
    return figure.find(f"{SVG}svg")


def _bar_widths(svg: ET.Element) -> list[float]:
    """Total bar length per row (rows are told apart by their y)."""
    rows: dict[str, float] = {}
    for rect in svg.iter(f"{SVG}rect"):
        rows[rect.get("y")] = rows.get(rect.get("y"), 0.0) + float(rect.get("width"))
    return list(rows.values())


def test_plan_chart_is_an_accessible_image(example):
    result, _ = example
    plan = result.model.plan
    figure = _parse(charts.plan_budget(plan))
    svg = _svg(figure)
    assert svg.get("role") == "img"
    labelled = svg.get("aria-labelledby").split()
    ids = {element.get("id"): element for element in svg}
    assert [ids[i].tag for i in labelled] == [f"{SVG}title", f"{SVG}desc"]
    description = ids[labelled[1]].text
    for year in plan.years:
        assert f"{year}: รวม {plan.total_in(year):,} บาท" in description
    legend = [("".join(li.itertext())) for li in figure.iter("li")]
    assert legend == [f"มิติที่ {d.no} {d.title}" for d in plan.dimensions]
    assert figure.find("figcaption").text


def test_bars_are_in_proportion_to_the_budget(example):
    plan = example[0].model.plan
    widths = _bar_widths(_svg(_parse(charts.plan_budget(plan))))
    totals = [plan.total_in(year) for year in plan.years if plan.total_in(year)]
    assert len(widths) == len(totals)
    largest = max(totals)
    available = charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH
    for width, total in zip(widths, totals):
        assert width == pytest.approx(available * total / largest, abs=0.5)


def test_planned_and_spent_chart_follows_the_progress(example):
    plan = example[0].model.plan
    project = next(p for p in plan.projects if any(r.spent for r in p.progress.values()))
    svg = _svg(_parse(charts.project_spending(plan, project)))
    titles = [rect.find(f"{SVG}title").text for rect in svg.iter(f"{SVG}rect")]
    for year, record in project.progress.items():
        if record.spent is not None:
            assert f"{year} · จ่ายจริง: {record.spent:,} บาท" in titles
            assert f"{year} · ตามแผน: {(project.budget.get(year) or 0):,} บาท".replace(": 0 ", ": - ") in titles
    unrecorded = next(p for p in plan.projects if not p.progress)
    assert charts.project_spending(plan, unrecorded) == ""


def test_generated_pages_carry_the_charts_and_nothing_from_elsewhere(example):
    result, out = example
    plan_page = (out / "plan" / "index.md").read_text(encoding="utf-8")
    assert plan_page.count('<figure class="prongsai-chart"') == 2  # budget, planned against spent
    funded = next(p for p in result.model.plan.projects if p.total_budget)
    unfunded = next(p for p in result.model.plan.projects if not p.total_budget and not p.progress)
    assert 'id="prongsai-chart-project-budget"' in (out / f"{funded.page_id}.md").read_text(encoding="utf-8")
    assert "prongsai-chart" not in (out / f"{unfunded.page_id}.md").read_text(encoding="utf-8")
    for figure in re.findall(r'<figure class="prongsai-chart".*?</figure>', plan_page):
        assert "<script" not in figure
        assert re.findall(r"(?:href|src)=", figure) == []
        assert re.findall(r"https?://[^\"]+", figure) == ["http://www.w3.org/2000/svg"]
        assert "\n\n" not in figure  # one raw HTML block for Markdown


def test_chart_digits_follow_the_site_setting(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    site_yaml = data / "site.yaml"
    site_yaml.write_text(re.sub(r"(?m)^digits: .*$", "digits: thai", site_yaml.read_text(encoding="utf-8")),
                         encoding="utf-8")
    result = generate(Options(data_dir=data, out_dir=tmp_path / "out", today=dt.date(2026, 4, 20)))
    page = (tmp_path / "out" / "plan" / "index.md").read_text(encoding="utf-8")
    figure = re.search(r'<figure class="prongsai-chart" id="prongsai-chart-plan-budget".*?</figure>', page).group()
    labels = re.findall(r'<text class="prongsai-chart__label"[^>]*>([^<]*)</text>', figure)
    assert labels == [render.generated_digits(year, True) for year in result.model.plan.years]
    words = re.sub(r"<[^>]*>", " ", figure)
    assert not re.search(r"[0-9]", words), "numbers shown in the chart use Thai digits"


# --- the browser: the chart fits a phone ----------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    yield from headless_chromium()


CHART_BOX_JS = """(() => {
  const svg = document.querySelector('#prongsai-chart-plan-budget svg');
  const box = svg.getBoundingClientRect();
  const label = svg.querySelector('text').getBoundingClientRect();
  return {left: box.left, right: box.right, width: box.width, height: box.height,
          labelHeight: label.height, viewport: document.documentElement.clientWidth,
          scrollWidth: document.documentElement.scrollWidth};
})()"""


@pytest.mark.browser
def test_plan_chart_fits_a_phone(example_site, chromium):
    harness, browser = chromium
    tab = browser.new_page()
    try:
        with harness.StaticServer(example_site) as base:
            tab.send("Emulation.setDeviceMetricsOverride", width=390, height=800, deviceScaleFactor=1, mobile=True)
            tab.navigate(base + "plan/")
            tab.eval("document.fonts.ready.then(() => true)", await_promise=True)
            box = tab.eval(CHART_BOX_JS)
            assert box["left"] >= 0 and box["right"] <= box["viewport"], box
            assert box["width"] > 0.8 * box["viewport"] - 40, f"the chart uses the column: {box}"
            assert box["scrollWidth"] <= box["viewport"], f"nothing wider than the screen: {box}"
            assert box["labelHeight"] >= 10, f"its words stay readable: {box}"
    finally:
        browser.close_page(tab)
