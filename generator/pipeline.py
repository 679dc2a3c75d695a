"""The orchestrator: load → validate → model → render → write.

`generate()` is what both `prongsai build` and the MkDocs hook call; it returns
the pages and navigation for MkDocs, or raises DataError with every problem.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import load, model as m, pages as site_pages, privacy, render, validate, write
from .catalogue import load_catalogues
from .problems import DataError, Problems

DEFAULT_OUT_DIR = Path("build/generated")
ATTACHMENT_FIELDS = {"photo", "logo", "file", "structure_chart"}


@dataclass
class Options:
    data_dir: Path = Path("data")
    year: int | None = None
    strict: bool = False
    out_dir: Path = DEFAULT_OUT_DIR
    today: dt.date | None = None


@dataclass
class Result:
    model: m.Model | None
    problems: Problems
    pages: list[site_pages.Page] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    catalogues: dict = field(default_factory=dict)
    # redirect pages /ita/<year>/O<N>/ (in `files`); the MkDocs hook leaves them out where the
    # site folder ignores the case of names (they would overwrite the item pages there)
    redirects: list[str] = field(default_factory=list)

    def navigation(self, content_pages: list[str]) -> list:
        return site_pages.navigation(self.model, self.pages, content_pages)


def build_model(options: Options, problems: Problems) -> tuple[m.Model | None, validate.Records, dict]:
    """Stages load, validate and model; the model is None when essential data is broken."""
    dataset = load.load_data_folder(options.data_dir, problems)
    catalogues = load_catalogues(problems)
    records = validate.check_files(dataset, problems)
    if records.organisation is None:
        return None, records, catalogues
    site = m.build_site(records.site)
    year = choose_year(options, site, records, catalogues, problems)
    oit_years: dict[int, m.OitYear] = {}
    for loaded, record in records.oit:
        # a second file of the same year is an error (validate.cross_check): the first one counts
        oit_years.setdefault(record["ita_year"], m.build_oit_year(record, loaded.name))
    model = m.Model(
        organisation=m.build_organisation(records.organisation),
        site=site,
        plan=m.build_plan(records.plan) if records.plan else None,
        measures=sorted(
            (m.build_measures_report(r, Path(f.name).stem, f.name) for f, r in records.measures),
            key=lambda report: report.fiscal_year,
        ),
        catalogue=catalogues.get(year) if year else None,
        oit=oit_years.get(year) if year else None,
        year=year,
        data_root=options.data_dir,
        generated_on=options.today or dt.date.today(),
        catalogues=catalogues,
        oit_years=oit_years,
    )
    return model, records, catalogues


def choose_year(options: Options, site: m.Site, records: validate.Records, catalogues: dict,
                problems: Problems) -> int | None:
    """--year, else site.yaml's ita_year, else the newest evidence file, else the newest catalogue."""
    evidence_years = sorted(r["ita_year"] for _, r in records.oit)
    year = options.year or site.ita_year or (evidence_years[-1] if evidence_years else None) \
        or (max(catalogues) if catalogues else None)
    if year is not None and year not in catalogues:
        known = ", ".join(map(str, sorted(catalogues))) or "-"
        problems.error("--year", None, "ita_year", f"ไม่มีบัญชีรายการ OIT ของปี {year} (มีปี {known})")
        return None
    return year


def collect_attachments(model: m.Model) -> dict[str, Path]:
    """Every data file the pages refer to (and only those: files nobody links stay private)."""
    found: dict[str, Path] = {}

    def visit(value, name: str = "") -> None:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                visit(getattr(value, f.name), f.name)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item, name)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item, name)
        elif isinstance(value, str) and name in ATTACHMENT_FIELDS:
            found[value] = model.data_root / value

    published = [model.oit_years[year] for year in model.years if year in model.oit_years]
    for part in (model.organisation, model.plan, model.measures, published):
        visit(part)
    return found


def generate(options: Options) -> Result:
    """Run every stage; raise DataError if the data has errors (warnings too with strict)."""
    problems = Problems()
    model, records, catalogues = build_model(options, problems)
    if model is None:
        raise DataError(problems)
    planned = site_pages.plan_pages(model)
    validate.cross_check(model, records, catalogues, {p.id for p in planned}, problems)
    # personal-data guard runs here, before anything is written
    privacy.scan(model, problems)
    if problems.has_errors(options.strict):
        raise DataError(problems)
    renderer = render.Renderer(model, {p.id: p.src for p in planned})
    renderer.titles.update({p.id: p.title for p in planned})
    rendered = {p.src: renderer.render(p.template, p.src, **p.variables) for p in planned}
    redirects = {src: render.redirect_html(item, year, model.site.site_url)
                 for src, (year, item) in site_pages.case_redirect_sources(model).items()}
    files = write.write_site_sources(options.out_dir, {**rendered, **redirects}, collect_attachments(model))
    return Result(model, problems, planned, files, catalogues, sorted(redirects))


def validate_data(options: Options) -> Result:
    """Validation without writing anything (prongsai validate): the problems, and the model and
    planned pages when the data can be read (for the notices `validate` and `build` print)."""
    problems = Problems()
    model, records, catalogues = build_model(options, problems)
    planned: list[site_pages.Page] = []
    if model is not None:
        planned = site_pages.plan_pages(model)
        validate.cross_check(model, records, catalogues, {p.id for p in planned}, problems)
        # personal-data guard runs here too, so `validate` reports the same findings
        privacy.scan(model, problems)
    return Result(model, problems, planned, catalogues=catalogues)


def check_only(options: Options) -> Problems:
    return validate_data(options).problems
