"""Pipeline stage 3: typed objects built from validated data.

The classes are declared with the data format in schema.py (each field once: its rule,
its type, its default, so templates rendered with StrictUndefined never have to guess
whether a key exists); this module builds them from the validated records and adds
what needs the data as a whole: project page names, where each project sits, the
project each risk control names. Every number the site shows (budget totals, project
counts) is computed by the classes rather than copied from the documents.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import thai
from .catalogue import Catalogue
from .declare import build
from .schema import (  # the typed objects, declared with the data format
    Announcement, Contacts, Control, Dimension, Document, Evidence, Link, Measure, MeasuresReport, Mission,
    NothingToReport, OitYear, Organisation, Period, Person, Plan, Progress, Project, Risk, RiskIssue, Site,
    SubMission, Unit,
)

__all__ = [
    "Announcement", "Contacts", "Control", "Dimension", "Document", "Evidence", "Link", "Measure", "MeasuresReport",
    "Mission", "Model", "NothingToReport", "OitYear", "Organisation", "Period", "Person", "Plan", "Progress",
    "Project", "Risk", "RiskIssue", "Site", "SubMission", "Unit",
    "build_measures_report", "build_oit_year", "build_organisation", "build_plan", "build_site",
    "fiscal_window", "match_control_to_project", "normalise_title", "project_kind", "project_slugs", "today",
]


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

def build_organisation(record: dict) -> Organisation:
    return build(Organisation, record)


def build_site(record: dict | None) -> Site:
    """`digits: thai|arabic`, or the older `thai_digits: true|false` (validation refuses both
    saying opposite things)."""
    site = build(Site, record or {})
    if not (record or {}).get("digits"):
        site.digits = "thai" if site.thai_digits else "arabic"
    site.thai_digits = site.digits == "thai"
    return site


def build_measures_report(record: dict, slug: str, source_file: str) -> MeasuresReport:
    return build(MeasuresReport, record, slug=slug, source_file=source_file)


def build_oit_year(record: dict, file: str) -> OitYear:
    return build(OitYear, record, source_file=file)


def build_plan(record: dict) -> Plan:
    """The plan, with what only the whole plan tells: each project's page name and place,
    the announcement's default title, the project each risk control names."""
    plan = build(Plan, record)
    for project, slug in zip(plan.projects, project_slugs(record)):
        project.slug = slug
        project.kind = project.kind or project_kind(project.title)
    for dimension in plan.dimensions:
        for mission in dimension.missions:
            for project in mission.projects:
                project.dimension_no, project.mission_no = dimension.no, mission.no
            for sub in mission.sub_missions:
                for project in sub.projects:
                    project.dimension_no, project.mission_no, project.sub_mission_no = dimension.no, mission.no, sub.no
    if plan.announcement is not None and not plan.announcement.title:
        plan.announcement.title = f"ประกาศใช้{plan.title}"
    for risk in plan.risks:
        for control in risk.controls:
            control.project = match_control_to_project(control.text, control.project_no, plan.projects)
    return plan


_KIND_RE = re.compile(r"^\s*(โครงการ|กิจกรรม|มาตรการ)")


def project_kind(title: str) -> str:
    """The word a project's title starts with (โครงการ/กิจกรรม/มาตรการ), for a project without `kind`."""
    match = _KIND_RE.match(title)
    return match.group(1) if match else "โครงการ"


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
    for dimension in plan_record.get("dimensions") or []:
        for mission in dimension.get("missions") or []:
            yield from mission.get("projects") or []
            for sub in mission.get("sub_missions") or []:
                yield from sub.get("projects") or []


def normalise_title(text: str) -> str:
    """Compare titles ignoring spacing, quotes, digits style and the kind word."""
    text = thai.to_arabic_digits(text)
    text = re.sub(r"^\s*(?:\d+[.)]\s*)?", "", text)
    text = re.sub(r"^(โครงการ|กิจกรรม|มาตรการ)", "", text.strip())
    return re.sub(r"[\s\"“”'‘’().,:-]+", "", text)


def match_control_to_project(text: str, number: int | None, projects: list[Project]) -> Project | None:
    """The project a risk control refers to: by its `project` number, else by its text."""
    if number is not None:
        return next((p for p in projects if p.no == number), None)
    wanted = normalise_title(text)
    if not wanted:
        return None
    best, best_ratio = None, 0.0
    # one matcher for the control's text (its index is built once), and the cheap upper bounds
    # of the ratio first: a title that cannot reach 0.8 or beat the best so far is not compared
    matcher = difflib.SequenceMatcher(None, "", wanted)
    for project in projects:
        title = normalise_title(project.title)
        if title and (title in wanted or wanted in title):
            return project
        matcher.set_seq1(title)
        if _cannot_beat(matcher.real_quick_ratio(), best_ratio) or _cannot_beat(matcher.quick_ratio(), best_ratio):
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = project, ratio
    return best if best_ratio >= 0.8 else None


def _cannot_beat(upper_bound: float, best_ratio: float) -> bool:
    return upper_bound < 0.8 or upper_bound <= best_ratio


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
