"""Which pages the site has, where they live, and the navigation.

Page ids are stable names that the data may refer to (`pages:` in the OIT
evidence): organisation, organisation/structure, plan, plan/risk, measures …
Each page id maps to a Markdown source path; MkDocs turns
`ita/2569/o1.md` into the URL `/ita/2569/o1/`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from markupsafe import Markup

from .model import Model, fiscal_window
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
        pages.append(Page("plan", _src("plan", True), "แผนปฏิบัติการป้องกันการทุจริต", "plan/index.md.j2", {"plan": plan}))
        if plan.risks:
            pages.append(Page("plan/risk", _src("plan/risk"), "การประเมินความเสี่ยงการทุจริต", "plan/risk.md.j2", {"plan": plan}))
        for project in plan.projects:
            pages.append(Page(project.page_id, _src(project.page_id), f"{project.no}. {project.title}",
                              "plan/project.md.j2", {"plan": plan, "project": project}))
    if model.measures:
        pages.append(Page("measures", _src("measures", True), "รายงานมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
                          "measures/index.md.j2"))
        for report in model.measures:
            pages.append(Page(report.page_id, _src(report.page_id),
                              f"รายงานมาตรการ ปีงบประมาณ {report.fiscal_year}", "measures/report.md.j2",
                              {"report": report}))
    if model.catalogue:
        year = model.catalogue.ita_year
        pages.append(Page(f"ita/{year}", _src(f"ita/{year}", True), f"ITA {year}: รายการข้อมูล OIT",
                          "ita/index.md.j2", {"catalogue": model.catalogue}))
        for item in model.catalogue.items:
            evidence = model.oit.evidence.get(item.key) if model.oit else None
            pages.append(Page(f"ita/{year}/{item.slug}", _src(f"ita/{year}/{item.slug}"),
                              f"{item.code} {item.title}", "ita/item.md.j2",
                              {"catalogue": model.catalogue, "item": item, "evidence": evidence,
                               "window": fiscal_window(item.period, year),
                               "rule_text": RULE_NAMES.get(item.period, item.period)}))
    page_ids = {page.id for page in pages}
    readiness = _readiness(model, page_ids) if model.catalogue else None
    for page in pages:
        if page.template == "ita/item.md.j2":
            page.variables["item_pages"] = item_pages(page.variables["item"], page.variables["evidence"], page_ids)
            page.variables["readiness"] = readiness.item(page.variables["item"].key)
    if readiness is not None and model.site.readiness_dashboard:
        year = model.catalogue.ita_year
        index = next(i for i, page in enumerate(pages) if page.id == f"ita/{year}")
        pages.insert(index + 1, Page(f"ita/{year}/readiness", _src(f"ita/{year}/readiness"),
                                     f"ความพร้อมการประเมิน ITA {year}", "ita/readiness.md.j2",
                                     {"catalogue": model.catalogue, "assessment": readiness}))
    return pages


def _readiness(model: Model, page_ids: set[str]):
    """The readiness of every item as of the data's "as of" date (never the real today), so
    that the same data always gives the same site. No network access (no --online here)."""
    from .readiness.assess import assess  # the readiness package imports this module

    return assess(model, page_ids, today=model.as_of)


def item_pages(item, evidence, page_ids: set[str]) -> list[str]:
    """Generated pages shown as an item's evidence: those the data names, then the
    catalogue's defaults that this site has (e.g. o1 → structure and powers)."""
    named = list(evidence.pages) if evidence else []
    defaults = [page for page in item.pages if page in page_ids]
    return list(dict.fromkeys(named + defaults))


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
        plan_nav: list = [src("plan")]
        if "plan/risk" in by_id:
            plan_nav.append(src("plan/risk"))
        for dimension in model.plan.dimensions:
            entries = [{_t(f"{p.no}. {p.title}"): src(p.page_id)} for p in dimension.projects]
            if entries:
                plan_nav.append({_t(f"มิติที่ {dimension.no} {dimension.title}"): entries})
        nav.append({"แผนป้องกันการทุจริต": plan_nav})
    if model.measures:
        nav.append({"รายงานมาตรการ": [src("measures")] + [src(r.page_id) for r in model.measures]})
    if model.catalogue:
        nav.append({_t(f"ITA {model.catalogue.ita_year}"): _ita_nav(model, by_id)})
    if content_pages:
        nav.append({"เกี่ยวกับเว็บไซต์": content_pages})
    return nav


def _ita_nav(model: Model, by_id: dict[str, Page]) -> list:
    year = model.catalogue.ita_year
    entries: list = [by_id[f"ita/{year}"].src]
    if f"ita/{year}/readiness" in by_id:
        entries.append({_t(by_id[f"ita/{year}/readiness"].title): by_id[f"ita/{year}/readiness"].src})
    for indicator in model.catalogue.indicators:
        subs = []
        for sub in indicator.sub_indicators:
            items = [{_t(f"{i.code} {i.title}"): by_id[f"ita/{year}/{i.slug}"].src} for i in sub.items]
            subs.append({_t(f"{sub.id} {sub.title}"): items})
        entries.append({_t(f"ตัวชี้วัดที่ {indicator.id} {indicator.title}"): subs})
    return entries
