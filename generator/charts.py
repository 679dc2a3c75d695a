"""Budget charts drawn at build time as inline SVG: no chart script, nothing from another host,
readable in print and without JavaScript.

Each chart is a <figure> holding an <svg role="img"> named by its <title> and described by
its <desc> (the figures in words), bars with their own <title> (a tooltip), and a legend as
an HTML list that wraps on a phone. The numbers are also in a table on the same page, next to
the chart (the templates put it there). Bars are horizontal, one row per fiscal year, so a
chart keeps its size on a 390 px phone. Numbers are written with Arabic digits here; the page
converts them like every other number it shows (render.page_digits: text outside tags, in
site.yaml's `digits:`), while the data's own words (a dimension's title) are fenced and keep
theirs. Text from the data is escaped for HTML (a raw HTML block: Markdown does not touch it).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from markupsafe import Markup

from .render import DATA_END, DATA_START

WIDTH = 320           # viewBox width; CSS scales the chart to its column (max 30rem)
LABEL_WIDTH = 38      # the year at the left of each bar
VALUE_WIDTH = 58      # the total at the right of each bar
ROW_HEIGHT = 26
BAR_HEIGHT = 16
PAIR_BAR_HEIGHT = 12  # planned and spent: two bars per row, each with its number
TOP = 6
SERIES_CLASSES = 8    # prongsai.css has colours s1…s8; more series reuse them
# The same colours without the stylesheet (fill attributes lose to CSS rules): each has at
# least 3:1 contrast with white, as graphics must (WCAG 1.4.11).
FALLBACK_COLOURS = ("#1f5fa8", "#b5460f", "#17753a", "#7a2e9e", "#8a6a00", "#b3123f", "#0d6e80", "#4d4d4d")


@dataclass(frozen=True)
class Series:
    own: str         # Prongsai's words ("มิติที่ 1"): digits follow the site
    data: str = ""   # the data's words after them (a dimension's title): kept as typed

    def html(self) -> str:
        return " ".join(part for part in (_text(self.own), _text(self.data, from_data=True)) if part)


@dataclass(frozen=True)
class Row:
    label: str                 # a fiscal year, e.g. "2568"
    values: tuple[int, ...]    # one per series; 0 when none


def _text(value: str, from_data: bool = False) -> str:
    escaped = html.escape(str(value), quote=False)
    return f"{DATA_START}{escaped}{DATA_END}" if from_data and escaped else escaped


def _baht(amount: int) -> str:
    return f"{amount:,}" if amount else "-"


def _series_class(index: int) -> str:
    return f"prongsai-chart__s{index % SERIES_CLASSES + 1}"


def _fallback(index: int) -> str:
    return FALLBACK_COLOURS[index % len(FALLBACK_COLOURS)]


def _scale(rows: list[Row], stacked: bool) -> float:
    largest = max((sum(r.values) if stacked else max(r.values, default=0)) for r in rows) if rows else 0
    return (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / largest if largest else 0.0


def _svg(chart_id: str, title: str, desc: str, body: list[str], height: int) -> str:
    return (f'<svg class="prongsai-chart__svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{chart_id}-title">{title}</title><desc id="{chart_id}-desc">{desc}</desc>'
            + "".join(body) + "</svg>")


def _legend(series: list[Series], classes: list[str], colours: list[str]) -> str:
    items = "".join(
        f'<li><span class="prongsai-chart__key {cls}" style="background:{colour}" aria-hidden="true"></span>'
        f"{s.html()}</li>"
        for s, cls, colour in zip(series, classes, colours))
    return f'<ul class="prongsai-chart__legend">{items}</ul>'


def _figure(chart_id: str, svg: str, legend: str, caption: str) -> Markup:
    # One HTML block without blank lines, so that Markdown passes it through whole.
    return Markup(f'<figure class="prongsai-chart" id="{chart_id}">{svg}{legend}'
                  f"<figcaption>{caption}</figcaption></figure>")


def _year_label(y: float, label: str) -> str:
    return f'<text class="prongsai-chart__label" x="0" y="{y:.1f}" dominant-baseline="middle">{_text(label)}</text>'


def _value_label(x: float, y: float, amount: int) -> str:
    return (f'<text class="prongsai-chart__value" x="{x + 4:.1f}" y="{y:.1f}" '
            f'dominant-baseline="middle">{_baht(amount)}</text>')


def stacked_bars(chart_id: str, title: str, rows: list[Row], series: list[Series], caption: str,
                 unit: str = "บาท") -> Markup:
    """One bar per row, its length the row's total, split into one segment per series."""
    scale = _scale(rows, stacked=True)
    height = TOP * 2 + ROW_HEIGHT * len(rows)
    body = []
    for index, row in enumerate(rows):
        top = TOP + index * ROW_HEIGHT
        middle = top + BAR_HEIGHT / 2
        body.append(_year_label(middle, row.label))
        x = float(LABEL_WIDTH)
        for number, (amount, item) in enumerate(zip(row.values, series)):
            if not amount:
                continue
            width = amount * scale
            body.append(f'<rect class="{_series_class(number)}" fill="{_fallback(number)}" x="{x:.1f}" y="{top}" '
                        f'width="{width:.1f}" height="{BAR_HEIGHT}"><title>{_text(row.label)} · '
                        f"{item.html()}: {_baht(amount)} {unit}</title></rect>")
            x += width
        body.append(_value_label(x, middle, sum(row.values)))
    desc = "; ".join(f"{_text(row.label)}: รวม {_baht(sum(row.values))} {unit}" for row in rows)
    classes = [_series_class(i) for i in range(len(series))]
    colours = [_fallback(i) for i in range(len(series))]
    return _figure(chart_id, _svg(chart_id, _text(title), desc, body, height),
                   _legend(series, classes, colours), _text(caption))


PLANNED, SPENT = "ตามแผน", "จ่ายจริง"


def planned_and_spent(chart_id: str, title: str, rows: list[Row], caption: str, unit: str = "บาท") -> Markup:
    """Two thin bars per row: values (planned, spent)."""
    scale = _scale(rows, stacked=False)
    half = PAIR_BAR_HEIGHT
    row_height = 2 * half + 8
    height = TOP * 2 + row_height * len(rows)
    body = []
    for index, row in enumerate(rows):
        top = TOP + index * row_height
        body.append(_year_label(top + half, row.label))
        for number, amount in enumerate(row.values[:2]):
            y = top + number * half
            width = (amount or 0) * scale
            kind = "planned" if number == 0 else "spent"
            body.append(f'<rect class="prongsai-chart__{kind}" fill="{("#dbe6f4", "#1f5fa8")[number]}" '
                        f'stroke="#1f5fa8" stroke-width="0.8" x="{LABEL_WIDTH}" y="{y:.1f}" width="{width:.1f}" height="{half - 1:.1f}">'
                        f"<title>{_text(row.label)} · {(PLANNED, SPENT)[number]}: {_baht(amount)} {unit}</title></rect>")
            body.append(f'<text class="prongsai-chart__value" x="{LABEL_WIDTH + width + 4:.1f}" '
                        f'y="{y + half / 2:.1f}" dominant-baseline="middle">{_baht(amount)}</text>')
    desc = "; ".join(f"{_text(row.label)}: {PLANNED} {_baht(row.values[0])} {SPENT} {_baht(row.values[1])} {unit}"
                     for row in rows)
    legend = _legend([Series(PLANNED), Series(SPENT)],
                     ["prongsai-chart__planned", "prongsai-chart__spent"], ["#dbe6f4", "#1f5fa8"])
    return _figure(chart_id, _svg(chart_id, _text(title), desc, body, height), legend, _text(caption))


# --- the plan's charts and the progress summary ------------------------------------------

def _progress(project) -> dict:
    return getattr(project, "progress", None) or {}


def plan_budget(plan) -> Markup:
    """The plan's budget per fiscal year, stacked by dimension (plan page)."""
    rows = [Row(str(year), tuple(d.budget_in(year) for d in plan.dimensions)) for year in plan.years]
    series = [Series(f"มิติที่ {d.no}", d.title) for d in plan.dimensions]
    return stacked_bars("prongsai-chart-plan-budget", "งบประมาณของแผนแต่ละปีงบประมาณ แยกตามมิติ", rows, series,
                        "งบประมาณตามแผนแต่ละปีงบประมาณ (บาท) แยกสีตามมิติ ตัวเลขแต่ละมิติอยู่ในตารางด้านล่าง")


def project_budget(plan, project) -> Markup:
    """A project's budget per fiscal year (project page)."""
    rows = [Row(str(year), (project.budget.get(year) or 0,)) for year in plan.years]
    return stacked_bars("prongsai-chart-project-budget", "งบประมาณของโครงการแต่ละปีงบประมาณ", rows,
                        [Series("งบประมาณตามแผน")], "งบประมาณตามแผนแต่ละปีงบประมาณ (บาท) ตัวเลขอยู่ในตารางด้านล่าง")


@dataclass
class YearProgress:
    """The plan's progress in one fiscal year, over the projects that recorded it."""
    year: int
    statuses: dict[str, int]       # status → number of projects
    recorded: int                  # projects with a record this year
    planned: int                   # their planned budget this year
    spent: int                     # what they spent
    spent_recorded: int            # projects that recorded spending


def progress_by_year(plan) -> list[YearProgress]:
    """Years with at least one progress record, oldest first."""
    years = sorted({year for project in plan.projects for year in _progress(project)})
    summary = []
    for year in years:
        records = [(project, _progress(project)[year]) for project in plan.projects if year in _progress(project)]
        statuses: dict[str, int] = {}
        for _, record in records:
            statuses[record.status] = statuses.get(record.status, 0) + 1
        summary.append(YearProgress(
            year=year, statuses=statuses, recorded=len(records),
            planned=sum(project.budget.get(year) or 0 for project, _ in records),
            spent=sum(record.spent or 0 for _, record in records),
            spent_recorded=sum(1 for _, record in records if record.spent is not None),
        ))
    return summary


def plan_spending(plan) -> Markup | str:
    """Planned against spent per year, over the projects that recorded progress (plan page)."""
    summary = [s for s in progress_by_year(plan) if s.planned or s.spent]
    if not summary:
        return ""
    rows = [Row(str(s.year), (s.planned, s.spent)) for s in summary]
    return planned_and_spent("prongsai-chart-plan-spending", "งบประมาณตามแผนเทียบกับที่จ่ายจริง", rows,
                             "งบตามแผนของโครงการที่บันทึกผลแล้วเทียบกับที่จ่ายจริง (บาท) ตัวเลขอยู่ในตารางด้านล่าง")


def project_spending(plan, project) -> Markup | str:
    """Planned against spent in the years the project recorded spending (project page)."""
    progress = _progress(project)
    rows = [Row(str(year), (project.budget.get(year) or 0, record.spent or 0))
            for year, record in sorted(progress.items()) if record.spent is not None]
    if not rows:
        return ""
    return planned_and_spent("prongsai-chart-project-spending", "งบประมาณตามแผนเทียบกับที่จ่ายจริง", rows,
                             "งบตามแผนเทียบกับที่จ่ายจริงในปีที่บันทึกผล (บาท) ตัวเลขอยู่ในตารางด้านล่าง")
