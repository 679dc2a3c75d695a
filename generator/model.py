"""Pipeline stage 3: typed objects built from validated data.

Every optional field gets a default here, so templates (rendered with
StrictUndefined) never have to guess whether a key exists, and every number the
site shows (budget totals, project counts) is computed here rather than copied
from the documents.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import thai
from .catalogue import Catalogue


def _get(record: dict, key: str, default=None):
    value = record.get(key, default)
    return default if value is None else value


@dataclass
class Link:
    title: str
    url: str
    description: str = ""


@dataclass
class Person:
    name: str
    position: str
    photo: str | None = None
    phone: str | None = None
    email: str | None = None
    note: str = ""


@dataclass
class Unit:
    name: str
    head: str = ""
    duties: list[str] = field(default_factory=list)
    units: list["Unit"] = field(default_factory=list)


@dataclass
class Contacts:
    phone: list[str] = field(default_factory=list)
    fax: list[str] = field(default_factory=list)
    email: list[str] = field(default_factory=list)
    website: str | None = None
    facebook: str | None = None
    line: str | None = None
    map_url: str | None = None
    office_hours: str = ""
    complaint_url: str | None = None


@dataclass
class Organisation:
    name: str
    type: str
    address: str
    short_name: str = ""
    name_en: str = ""
    logo: str | None = None
    about: list[str] = field(default_factory=list)
    vision: str = ""
    contacts: Contacts = field(default_factory=Contacts)
    qa_channels: list[Link] = field(default_factory=list)
    political: list[Person] = field(default_factory=list)
    permanent: list[Person] = field(default_factory=list)
    council: list[Person] = field(default_factory=list)
    structure_chart: str | None = None
    structure_political: list[Unit] = field(default_factory=list)
    structure_permanent: list[Unit] = field(default_factory=list)
    powers_summary: list[str] = field(default_factory=list)
    powers_items: list[str] = field(default_factory=list)
    laws: list[Link] = field(default_factory=list)

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name


@dataclass
class Site:
    ita_year: int | None = None
    thai_digits: bool = False  # site.yaml `digits: thai` (or the older `thai_digits: true`)
    digits_in_text: bool = False  # also convert the digits typed in the data's own text
    readiness_dashboard: bool = False
    site_url: str | None = None
    main_site_url: str | None = None  # the organisation's main website, when the ITA site is a separate one
    public_self_check: bool = False  # per-component ✔/✘ on public item pages
    primary_color: str | None = None  # "#rrggbb"; None keeps the theme's indigo
    allowed_personal_data: list[dict] = field(default_factory=list)
    unscanned_attachments: list[dict] = field(default_factory=list)  # [{file, reason}] checked by eye

    @property
    def digits(self) -> str:
        return "thai" if self.thai_digits else "arabic"


@dataclass
class Period:
    text: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class Project:
    no: int
    slug: str
    title: str
    kind: str
    budget: dict[int, int | None]
    summary_title: str = ""
    summary_no: int | None = None
    rationale: list[str] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    target_group: list[str] = field(default_factory=list)
    method: list[str] = field(default_factory=list)
    period: list[str] = field(default_factory=list)
    budget_detail: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    note: str = ""
    dimension_no: int = 0
    mission_no: str = ""
    sub_mission_no: str = ""
    line: int | None = None

    @property
    def total_budget(self) -> int:
        return sum(amount or 0 for amount in self.budget.values())

    @property
    def page_id(self) -> str:
        return f"plan/projects/{self.slug}"


@dataclass
class SubMission:
    no: str
    title: str
    projects: list[Project] = field(default_factory=list)


@dataclass
class Mission:
    no: str
    title: str
    sub_missions: list[SubMission] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)  # directly under the mission

    @property
    def all_projects(self) -> list[Project]:
        return self.projects + [p for sub in self.sub_missions for p in sub.projects]


@dataclass
class Dimension:
    no: int
    title: str
    missions: list[Mission] = field(default_factory=list)
    stated_totals: dict[int, int | None] = field(default_factory=dict)
    stated_project_count: int | None = None
    line: int | None = None

    @property
    def projects(self) -> list[Project]:
        return [p for mission in self.missions for p in mission.all_projects]

    def budget_in(self, year: int) -> int:
        return sum(p.budget.get(year) or 0 for p in self.projects)


@dataclass
class Control:
    text: str
    project: Project | None = None


@dataclass
class RiskIssue:
    text: str
    level: str = ""


@dataclass
class Risk:
    no: int | None
    step: str
    issues: list[RiskIssue] = field(default_factory=list)
    level: str = ""
    controls: list[Control] = field(default_factory=list)


@dataclass
class Announcement:
    title: str
    date: dt.date
    signatory_name: str
    signatory_position: str = ""
    text: list[str] = field(default_factory=list)
    file: str | None = None


@dataclass
class Plan:
    title: str
    start_year: int
    end_year: int
    dimensions: list[Dimension]
    announcement: Announcement | None = None
    introduction: list[str] = field(default_factory=list)
    file: str | None = None
    risk_title: str = "การประเมินความเสี่ยงการทุจริต"
    risk_fiscal_year: int | None = None
    risks: list[Risk] = field(default_factory=list)
    stated_totals: dict[int, int | None] = field(default_factory=dict)
    stated_project_count: int | None = None

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def projects(self) -> list[Project]:
        return [p for d in self.dimensions for p in d.projects]

    @property
    def funded_projects(self) -> list[Project]:
        return [p for p in self.projects if p.total_budget]

    def total_in(self, year: int) -> int:
        return sum(d.budget_in(year) for d in self.dimensions)

    @property
    def grand_total(self) -> int:
        return sum(self.total_in(year) for year in self.years)

    def covers(self, fiscal_year: int) -> bool:
        return self.start_year <= fiscal_year <= self.end_year


@dataclass
class Measure:
    title: str
    no: int | None = None
    instrument: str | None = None
    method: list[str] = field(default_factory=list)
    responsible: str = ""
    period: Period = field(default_factory=Period)
    results: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


@dataclass
class MeasuresReport:
    slug: str
    title: str
    fiscal_year: int
    measures: list[Measure]
    based_on_ita_year: int | None = None
    report_date: dt.date | None = None
    coverage: Period | None = None
    introduction: list[str] = field(default_factory=list)
    conclusion: list[str] = field(default_factory=list)
    prepared_by_name: str = ""
    prepared_by_position: str = ""
    file: str | None = None
    source_file: str = ""

    @property
    def page_id(self) -> str:
        return f"measures/{self.slug}"

    @property
    def has_outcomes(self) -> bool:
        """A report with an outcomes column (ผลลัพธ์) shows it; the others keep six columns."""
        return any(measure.outcomes for measure in self.measures)

    @property
    def groups(self) -> list[tuple[str | None, list[Measure]]]:
        """Measures grouped by instrument (IIT/EIT/OIT) in first-seen order; one group if none."""
        order: list[str | None] = []
        grouped: dict[str | None, list[Measure]] = {}
        for measure in self.measures:
            if measure.instrument not in grouped:
                order.append(measure.instrument)
                grouped[measure.instrument] = []
            grouped[measure.instrument].append(measure)
        return [(key, grouped[key]) for key in order]


@dataclass
class Document:
    title: str
    date: dt.date | None = None
    fiscal_year: int | None = None
    period: Period | None = None
    file: str | None = None
    url: str | None = None
    summary: list[str] = field(default_factory=list)
    line: int | None = None


@dataclass
class NothingToReport:
    reason: str
    date: dt.date | None = None


@dataclass
class Evidence:
    note: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    nothing_to_report: NothingToReport | None = None
    source_file: str = ""  # the YAML file it came from
    line: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.pages or self.documents or self.links or self.nothing_to_report)


@dataclass
class OitYear:
    ita_year: int
    evidence: dict[str, Evidence]
    as_of: dt.date | None = None
    source_file: str = ""  # the YAML file it came from


@dataclass
class Model:
    """Everything the templates need for one site."""

    organisation: Organisation
    site: Site
    plan: Plan | None
    measures: list[MeasuresReport]
    catalogue: Catalogue | None
    oit: OitYear | None
    year: int | None
    data_root: Path
    generated_on: dt.date
    # Every ITA year the data can show: the catalogues shipped with Prongsai and the
    # evidence files of the data folder, by year. catalogue/oit/year above are the
    # CURRENT year (site.yaml ita_year or --year); for_year() gives another year's view.
    catalogues: dict[int, Catalogue] = field(default_factory=dict)
    oit_years: dict[int, OitYear] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        """The published ITA years, newest first: every year with an evidence file and a
        catalogue, and the current year (its pages exist even before its evidence file)."""
        found = {year for year in self.oit_years if year in self.catalogues}
        if self.catalogue is not None and self.year is not None:
            found.add(self.year)
        return sorted(found, reverse=True)

    def for_year(self, year: int) -> "Model":
        """The same site seen as ITA `year`: that year's catalogue and evidence, so that code
        written for one year (templates, readiness.assess) works for every year."""
        if year == self.year:
            return self
        return dataclasses.replace(self, catalogue=self.catalogues.get(year),
                                   oit=self.oit_years.get(year), year=year)

    @property
    def fiscal_year(self) -> int | None:
        """The fiscal year the selected ITA year assesses (ITA 2569 → FY 2569)."""
        return self.year

    @property
    def as_of(self) -> dt.date:
        return (self.oit.as_of if self.oit and self.oit.as_of else None) or self.generated_on


# --- builders ---------------------------------------------------------------------------------

def build_link(record: dict) -> Link:
    return Link(record["title"], record["url"], _get(record, "description", ""))


def build_person(record: dict) -> Person:
    return Person(
        record["name"], record["position"], record.get("photo"), record.get("phone"),
        record.get("email"), _get(record, "note", ""),
    )


def build_unit(record: dict) -> Unit:
    return Unit(
        record["name"], _get(record, "head", ""), _get(record, "duties", []),
        [build_unit(u) for u in _get(record, "units", [])],
    )


def build_organisation(record: dict) -> Organisation:
    contacts = _get(record, "contacts", {})
    executives = _get(record, "executives", {})
    structure = _get(record, "structure", {})
    powers = _get(record, "powers_and_duties", {})
    return Organisation(
        name=record["name"], type=record["type"], address=record["address"],
        short_name=_get(record, "short_name", ""), name_en=_get(record, "name_en", ""),
        logo=record.get("logo"), about=_get(record, "about", []), vision=_get(record, "vision", ""),
        contacts=Contacts(
            phone=_get(contacts, "phone", []), fax=_get(contacts, "fax", []),
            email=_get(contacts, "email", []), website=contacts.get("website"),
            facebook=contacts.get("facebook"), line=contacts.get("line"),
            map_url=contacts.get("map_url"), office_hours=_get(contacts, "office_hours", ""),
            complaint_url=contacts.get("complaint_url"),
        ),
        qa_channels=[build_link(r) for r in _get(record, "qa_channels", [])],
        political=[build_person(r) for r in _get(executives, "political", [])],
        permanent=[build_person(r) for r in _get(executives, "permanent", [])],
        council=[build_person(r) for r in _get(executives, "council", [])],
        structure_chart=structure.get("chart"),
        structure_political=[build_unit(r) for r in _get(structure, "political", [])],
        structure_permanent=[build_unit(r) for r in _get(structure, "permanent", [])],
        powers_summary=_get(powers, "summary", []), powers_items=_get(powers, "items", []),
        laws=[build_link(r) for r in _get(powers, "laws", [])],
    )


def build_site(record: dict | None) -> Site:
    record = record or {}
    return Site(
        ita_year=record.get("ita_year"),
        thai_digits=record.get("digits", "thai" if record.get("thai_digits") else "arabic") == "thai",
        digits_in_text=bool(record.get("digits_in_text", False)),
        readiness_dashboard=bool(record.get("readiness_dashboard", False)),
        site_url=record.get("site_url"), main_site_url=record.get("main_site_url"),
        public_self_check=bool(record.get("public_self_check", False)),
        primary_color=record.get("primary_color"),
        allowed_personal_data=_get(record, "allowed_personal_data", []),
        unscanned_attachments=_get(record, "unscanned_attachments", []),
    )


def build_period(record) -> Period | None:
    if not record:
        return None
    return Period(_get(record, "text", ""), record.get("start"), record.get("end"))


_KIND_RE = re.compile(r"^\s*(โครงการ|กิจกรรม|มาตรการ)")


def project_kind(record: dict) -> str:
    """The stated kind, or the word the title starts with (โครงการ/กิจกรรม/มาตรการ)."""
    if record.get("kind"):
        return record["kind"]
    match = _KIND_RE.match(record["title"])
    return match.group(1) if match else "โครงการ"


def build_project(record: dict, slug: str, dimension_no: int, mission_no: str, sub_no: str) -> Project:
    lists = {
        name: _get(record, name, [])
        for name in ("rationale", "objectives", "target_group", "method", "period",
                     "budget_detail", "responsible", "outputs", "outcomes")
    }
    return Project(
        no=record["no"], slug=slug, title=record["title"], kind=project_kind(record),
        budget=_get(record, "budget", {}), summary_title=_get(record, "summary_title", ""),
        summary_no=record.get("summary_no"),
        note=_get(record, "note", ""), dimension_no=dimension_no, mission_no=mission_no,
        sub_mission_no=sub_no, line=getattr(record, "line", None), **lists,
    )


def project_slugs(plan_record: dict) -> list[str]:
    """One URL slug per project, in document order: its id, or its number; a repeated
    number gets a suffix (37, 37-2) so that no page overwrites another."""
    slugs, seen = [], set()
    for project in iter_project_records(plan_record):
        base = str(project.get("id") or project["no"])
        slug, n = base, 2
        while slug in seen:
            slug, n = f"{base}-{n}", n + 1
        seen.add(slug)
        slugs.append(slug)
    return slugs


def iter_project_records(plan_record: dict):
    for dimension in _get(plan_record, "dimensions", []):
        for mission in _get(dimension, "missions", []):
            yield from _get(mission, "projects", [])
            for sub in _get(mission, "sub_missions", []):
                yield from _get(sub, "projects", [])


def build_plan(record: dict) -> Plan:
    slugs = iter(project_slugs(record))
    dimensions = []
    for d in record["dimensions"]:
        missions = []
        for m in _get(d, "missions", []):
            direct = [build_project(p, next(slugs), d["no"], m["no"], "") for p in _get(m, "projects", [])]
            subs = [
                SubMission(s["no"], s["title"], [
                    build_project(p, next(slugs), d["no"], m["no"], s["no"]) for p in _get(s, "projects", [])
                ])
                for s in _get(m, "sub_missions", [])
            ]
            missions.append(Mission(m["no"], m["title"], subs, direct))
        dimensions.append(Dimension(
            d["no"], d["title"], missions, _get(d, "stated_totals", {}),
            d.get("stated_project_count"), getattr(d, "line", None),
        ))
    plan = Plan(
        title=record["title"], start_year=record["start_year"], end_year=record["end_year"],
        dimensions=dimensions, introduction=_get(record, "introduction", []),
        file=record.get("file"), stated_totals=_get(record, "stated_totals", {}),
        stated_project_count=record.get("stated_project_count"),
    )
    if announcement := record.get("announcement"):
        signatory = announcement["signatory"]
        plan.announcement = Announcement(
            title=_get(announcement, "title", f"ประกาศใช้{record['title']}"),
            date=announcement["date"], signatory_name=signatory["name"],
            signatory_position=_get(signatory, "position", ""),
            text=_get(announcement, "text", []), file=announcement.get("file"),
        )
    if risk := record.get("risk_assessment"):
        plan.risk_title = _get(risk, "title", plan.risk_title)
        plan.risk_fiscal_year = risk.get("fiscal_year")
        plan.risks = [build_risk(r, plan) for r in risk["risks"]]
    return plan


def build_risk(record: dict, plan: Plan) -> Risk:
    from .crosscheck import match_control_to_project  # shared with validation

    controls = []
    for control in _get(record, "controls", []):
        controls.append(Control(control["text"], match_control_to_project(control, plan.projects)))
    return Risk(
        no=record.get("no"), step=record["step"],
        issues=[RiskIssue(i["text"], _get(i, "level", "")) for i in _get(record, "issues", [])],
        level=_get(record, "level", ""), controls=controls,
    )


def build_measures_report(record: dict, slug: str, source_file: str) -> MeasuresReport:
    prepared = _get(record, "prepared_by", {})
    measures = [
        Measure(
            title=m["title"], no=m.get("no"), instrument=m.get("instrument"),
            method=_get(m, "method", []), responsible=_get(m, "responsible", ""),
            period=build_period(m.get("period")) or Period(), results=_get(m, "results", []),
            outcomes=_get(m, "outcomes", []), suggestions=_get(m, "suggestions", []),
        )
        for m in record["measures"]
    ]
    return MeasuresReport(
        slug=slug, title=record["title"], fiscal_year=record["fiscal_year"], measures=measures,
        based_on_ita_year=record.get("based_on_ita_year"), report_date=record.get("report_date"),
        coverage=build_period(record.get("coverage")), introduction=_get(record, "introduction", []),
        conclusion=_get(record, "conclusion", []),
        prepared_by_name=_get(prepared, "name", ""), prepared_by_position=_get(prepared, "position", ""),
        file=record.get("file"), source_file=source_file,
    )


def build_document(record: dict) -> Document:
    return Document(
        title=record["title"], date=record.get("date"), fiscal_year=record.get("fiscal_year"),
        period=build_period(record.get("period")), file=record.get("file"), url=record.get("url"),
        summary=_get(record, "summary", []), line=getattr(record, "line", None),
    )


def build_evidence(record: dict, file: str) -> Evidence:
    nothing = record.get("nothing_to_report")
    return Evidence(
        note=_get(record, "note", []), pages=_get(record, "pages", []),
        documents=[build_document(d) for d in _get(record, "documents", [])],
        links=[build_link(r) for r in _get(record, "links", [])],
        nothing_to_report=NothingToReport(nothing["reason"], nothing.get("date")) if nothing else None,
        source_file=file, line=getattr(record, "line", None),
    )


def build_oit_year(record: dict, file: str) -> OitYear:
    return OitYear(
        ita_year=record["ita_year"], as_of=record.get("as_of"), source_file=file,
        evidence={key: build_evidence(value, file) for key, value in record["items"].items()},
    )


def today() -> dt.date:
    return dt.date.today()


def fiscal_window(rule: str, ita_year: int) -> tuple[dt.date, dt.date] | None:
    """The dates an item's evidence must fall in, for the ITA year's fiscal year."""
    if rule == "current_fy":
        return thai.fiscal_year_bounds(ita_year)
    if rule == "previous_fy":
        return thai.fiscal_year_bounds(ita_year - 1)
    if rule == "first_half_current_fy":
        return thai.first_half_bounds(ita_year)
    return None
