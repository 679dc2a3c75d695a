"""Which pages the site has, where they live, and the navigation.

Page ids are stable names that the data may refer to (`pages:` in the OIT
evidence): organisation, organisation/structure, plan, plan/risk, measures …
Each page id maps to a Markdown source path; MkDocs turns
`ita/2569/o1.md` into the URL `/ita/2569/o1/`.

Every published ITA year (Model.years: an evidence file and a catalogue, plus the
current year) gets its index `ita/<year>` and one page per item `ita/<year>/o<N>`,
made from that year's view of the model (Model.for_year), so adding a year never
moves another year's pages; `ita` lists the years. The item's address with a
capital O (`/ita/<year>/O<N>/`) is a static redirect page (case_redirect_sources).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from markupsafe import Markup

from . import charts, feed, opendata
from .catalogue import CatalogueItem
from .model import Evidence, Model, fiscal_window
from .readiness.assess import assess, item_pages
from .render import generated_digits
from .timewindow import RULE_NAMES


@dataclass
class Page:
    id: str
    src: str
    title: str
    template: str
    variables: dict = field(default_factory=dict)


def _src(page_id: str, is_section: bool = False) -> str:
    return f"{page_id}/index.md" if is_section else f"{page_id}.md"


def plan_pages(model: Model) -> list[Page]:
    """Which pages the site has: their ids, sources, titles, templates and the parts of the
    model each shows. What takes computing (charts, the evidence and readiness verdicts of
    the ITA items, the open-data tables) is added by fill_pages, and only to data without
    errors: validation needs the addresses alone."""
    org = model.organisation
    pages = [Page("", "index.md", org.name, "home.md.j2")]
    pages += [
        Page("organisation", _src("organisation", True), "ข้อมูลหน่วยงาน", "organisation/index.md.j2"),
        Page("organisation/structure", _src("organisation/structure"), "โครงสร้างและส่วนราชการ", "organisation/structure.md.j2"),
        Page("organisation/executives", _src("organisation/executives"), "ผู้บริหาร", "organisation/executives.md.j2"),
        Page("organisation/powers", _src("organisation/powers"), "หน้าที่และอำนาจ", "organisation/powers.md.j2"),
        Page("organisation/contact", _src("organisation/contact"), "ติดต่อหน่วยงาน", "organisation/contact.md.j2"),
    ]
    if model.plan:
        plan = model.plan
        pages.append(Page("plan", _src("plan", True), "แผนปฏิบัติการป้องกันการทุจริต", "plan/index.md.j2",
                          {"plan": plan, "statuses": opendata.PROGRESS_STATUSES}))
        if plan.risks:
            pages.append(Page("plan/risk", _src("plan/risk"), "การประเมินความเสี่ยงการทุจริต", "plan/risk.md.j2", {"plan": plan}))
        for project in plan.projects:
            pages.append(Page(project.page_id, _src(project.page_id), f"{_own(model, project.no)}. {project.title}",
                              "plan/project.md.j2", {"plan": plan, "project": project}))
    if model.measures:
        pages.append(Page("measures", _src("measures", True), "รายงานมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
                          "measures/index.md.j2"))
        for report in model.measures:
            pages.append(Page(report.page_id, _src(report.page_id),
                              _own(model, f"รายงานมาตรการ ปีงบประมาณ {report.fiscal_year}"
                                   + (f" รอบ {report.report_round}" if report.report_round else "")), "measures/report.md.j2",
                              {"report": report}))
    if model.years:
        pages.append(Page("ita", _src("ita", True), "การประเมิน ITA ทุกปี", "ita/years.md.j2",
                          {"year_models": [model.for_year(year) for year in model.years]}))
    for year in model.years:
        pages += _year_pages(model, model.for_year(year))
    pages.append(Page(opendata.PAGE_ID, _src(opendata.PAGE_ID, True), "ข้อมูลเปิด", "opendata/index.md.j2"))
    return pages


def fill_pages(model: Model, pages: list[Page]) -> None:
    """What the planned pages show that takes computing: the budget charts, each ITA item's
    evidence pages and readiness verdicts, the open-data tables (every address known by now)."""
    by_id = {page.id: page for page in pages}
    if model.plan:
        plan = model.plan
        by_id["plan"].variables.update(budget_chart=charts.plan_budget(plan), spending_chart=charts.plan_spending(plan),
                                       progress=charts.progress_by_year(plan))
        for project in plan.projects:
            by_id[project.page_id].variables.update(budget_chart=charts.project_budget(plan, project),
                                                    spending_chart=charts.project_spending(plan, project),
                                                    progress=opendata.project_progress(project))
    page_ids = set(by_id)
    for year in model.years:
        _add_evidence_and_verdicts(model, model.for_year(year), pages, page_ids)
    _add_open_data(model, pages, by_id[opendata.PAGE_ID])


def _add_open_data(model: Model, pages: list[Page], data_page: Page) -> None:
    """The open-data page's tables, made once every page (and so every address) is known."""
    sources = {page.id: page.src for page in pages}
    titles = {page.id: page.title for page in pages}
    data_page.variables.update(tables=opendata.tables(model, sources, titles), licence=opendata.licence(model),
                               package=f"{opendata.FOLDER}/datapackage.json", feed=feed.PATH)


def published_files(model: Model, pages: list[Page]) -> dict[str, str]:
    """Files published beside the pages: the open data (CSV, JSON and datapackage.json under
    /opendata/) and the Atom feed of disclosures (/feed.xml); {path in the site: text}."""
    data_page = next(page for page in pages if page.id == opendata.PAGE_ID)
    return {**opendata.files(model, data_page.variables["tables"]), **feed.files(model, pages)}


def _year_pages(model: Model, year_model: Model) -> list[Page]:
    """The index and the item pages of one ITA year. Every year keeps its own URLs
    (/ita/<year>/o<N>/), its own catalogue's names and its own "as of" date (the
    variable `model` is the year's view). Pages of other years than the current one
    rank lower in the site search, so a search finds this year's documents first."""
    catalogue, year = year_model.catalogue, year_model.year
    common = {"model": year_model, "catalogue": catalogue, "is_current": year == model.year,
              "search_boost": 1 if year == model.year else OTHER_YEAR_SEARCH_BOOST}
    pages = [Page(f"ita/{year}", _src(f"ita/{year}", True), _own(model, f"ITA {year}: รายการข้อมูล OIT"),
                  "ita/index.md.j2", dict(common))]
    if model.site.readiness_dashboard and year == model.year:  # staff-only: site.yaml turns it on
        pages.append(Page(f"ita/{year}/readiness", _src(f"ita/{year}/readiness"),
                          _own(model, f"ความพร้อมการประเมิน ITA {year}"), "ita/readiness.md.j2",
                          {"catalogue": catalogue}))
    for item in catalogue.items:
        evidence = year_model.oit.evidence.get(item.key) if year_model.oit else None
        pages.append(Page(f"ita/{year}/{item.slug}", _src(f"ita/{year}/{item.slug}"),
                          f"{item.code} {_own(model, item.title)}", "ita/item.md.j2",
                          {**common, "item": item, "evidence": evidence,
                           "window": fiscal_window(item.period, year),
                           "rule_text": RULE_NAMES.get(item.period, item.period)}))
    return pages


def _add_evidence_and_verdicts(model: Model, year_model: Model, pages: list[Page], page_ids: set[str]) -> None:
    """Variables that need every page id: the generated pages counted as an item's evidence,
    and the readiness verdicts (computed only where a page shows them: the per-component
    self-check when site.yaml turns it on, the current year's staff dashboard)."""
    year = year_model.year
    dashboard = next((page for page in pages if page.id == f"ita/{year}/readiness"), None)
    readiness = _readiness(year_model, page_ids) if model.site.public_self_check or dashboard else None
    index = next(page for page in pages if page.id == f"ita/{year}")
    entries = []
    for page in pages:
        if page.template == "ita/item.md.j2" and page.variables["catalogue"] is year_model.catalogue:
            item, evidence = page.variables["item"], page.variables["evidence"]
            page.variables["item_pages"] = item_pages(item, evidence, page_ids)
            page.variables["show_self_check"] = model.site.public_self_check
            page.variables["readiness"] = readiness.item(item.key) if model.site.public_self_check else None
            entries.append(IndexEntry(item, evidence, page.variables["item_pages"]))
    index.variables["entries"] = {entry.item.key: entry for entry in entries}
    if dashboard:
        dashboard.variables["assessment"] = readiness


@dataclass
class IndexEntry:
    """One item on a year's index: what the evaluator clicks to reach the evidence."""
    item: CatalogueItem
    evidence: Evidence | None
    pages: list[str]


# Other years' pages stay searchable but below the current year's (the plugin's Thai search,
# generator/search/, multiplies a page's score by its boost).
OTHER_YEAR_SEARCH_BOOST = 0.5


def _readiness(model: Model, page_ids: set[str]):
    """The readiness of every item as of the data's "as of" date (never the real today), so
    that the same data always gives the same site. No network access (no --online here)."""
    return assess(model, page_ids, today=model.as_of)


def _own(model: Model, text) -> str:
    """Prongsai's own words in a title ("ITA 2569", "ตัวชี้วัดที่ 9", the catalogue's item
    names, a project's number) in site.yaml's digits; the data's titles keep theirs."""
    return generated_digits(text, model.site.thai_digits)


def _t(text: str) -> Markup:
    """A nav title: MkDocs and Material print titles as HTML, so text from the data is
    escaped here (Markup: the theme's own `| e` leaves it as it is)."""
    return Markup(html.escape(str(text), quote=True))


def navigation(model: Model, pages: list[Page], content_pages: list[str]) -> list:
    """MkDocs `nav`: where a citizen would look first, then the ITA categories."""
    by_id = {page.id: page for page in pages}
    src = lambda page_id: by_id[page_id].src  # noqa: E731 - tiny local alias

    nav: list = [{"หน้าแรก": "index.md"}]
    nav.append({"ข้อมูลหน่วยงาน": [src(i) for i in (
        "organisation", "organisation/structure", "organisation/executives",
        "organisation/powers", "organisation/contact")]})
    if model.plan:
        # The projects are listed, with links, on the plan page itself: in the navigation they
        # would be repeated in the HTML of every page of the site (a plan has hundreds).
        plan_nav: list = [src("plan")]
        if "plan/risk" in by_id:
            plan_nav.append(src("plan/risk"))
        nav.append({"แผนป้องกันการทุจริต": plan_nav})
    if model.measures:
        nav.append({"รายงานมาตรการ": [src("measures")] + [src(r.page_id) for r in model.measures]})
    if model.years:
        nav.append({"ITA": _ita_nav(model, by_id)})
    nav.append({"ข้อมูลเปิด": src(opendata.PAGE_ID)})
    if content_pages:
        nav.append({"เกี่ยวกับเว็บไซต์": content_pages})
    return nav


def _ita_nav(model: Model, by_id: dict[str, Page]) -> list:
    """The ITA tab: the page of all years, then the current year, then the others newest first."""
    order = [model.year] + [year for year in model.years if year != model.year] \
        if model.year in model.years else model.years
    return [by_id["ita"].src] + [{_t(_own(model, f"ITA {year}")): _year_nav(model.for_year(year), by_id)} for year in order]


def _year_nav(year_model: Model, by_id: dict[str, Page]) -> list:
    year = year_model.year
    entries: list = [by_id[f"ita/{year}"].src]
    if f"ita/{year}/readiness" in by_id:
        entries.append({_t(by_id[f"ita/{year}/readiness"].title): by_id[f"ita/{year}/readiness"].src})
    for indicator in year_model.catalogue.indicators:
        subs = []
        for sub in indicator.sub_indicators:
            items = [{_t(f"{i.code} {_own(year_model, i.title)}"): by_id[f"ita/{year}/{i.slug}"].src} for i in sub.items]
            subs.append({_t(_own(year_model, f"{sub.id} {sub.title}")): items})
        entries.append({_t(_own(year_model, f"ตัวชี้วัดที่ {indicator.id} {indicator.title}")): subs})
    return entries


def case_redirect_sources(model: Model) -> dict[str, tuple[int, CatalogueItem]]:
    """Where the upper-case address of each item lives: {"ita/2569/O11/index.html": (2569, item)}.
    The O-number is written O11 by some years' manuals and by this site's own headings, so
    /ita/2569/O11/ must open O11 too. Only the folder name differs in case from the item's
    own folder (o11/): see generator/write.py case_insensitive() for the builders where the
    two would be the same folder."""
    sources = {}
    for year in model.years:
        for item in model.for_year(year).catalogue.items:
            upper = item.slug.upper()
            if upper != item.slug:
                sources[f"ita/{year}/{upper}/index.html"] = (year, item)
    return sources
