"""The orchestrator: load → validate → model → render → write.

`generate()` is what both `prongsai build` and the MkDocs hook call; it returns
the pages and navigation for MkDocs, or raises DataError with every problem.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

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
    written: bool = False  # the pages and attachments are in options.out_dir

    def succeeded(self, strict: bool) -> bool:
        return self.written and not self.problems.has_errors(strict)

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
    result = run(options)
    if not result.succeeded(options.strict):
        raise DataError(result.problems)
    return result


def run(options: Options) -> Result:
    """Every stage, once: the Markdown and attachments are written only when the data has no
    errors; otherwise the Result holds the problems (and the model when the data could be read),
    so that a command can print them with its notices."""
    problems = Problems()
    model, records, catalogues = build_model(options, problems)
    if model is None:
        return Result(None, problems, catalogues=catalogues)
    planned = site_pages.plan_pages(model)
    validate.cross_check(model, records, catalogues, {p.id for p in planned}, problems)
    # personal-data guard runs here, before anything is written
    privacy.scan(model, problems)
    if problems.has_errors(options.strict):
        return Result(model, problems, planned, catalogues=catalogues)
    renderer = render.Renderer(model, {p.id: p.src for p in planned})
    renderer.titles.update({p.id: p.title for p in planned})
    rendered = {p.src: renderer.render(p.template, p.src, **p.variables) for p in planned}
    redirects = {src: render.redirect_html(item, year, model.site.site_url, model.site.thai_digits)
                 for src, (year, item) in site_pages.case_redirect_sources(model).items()}
    files = write.write_site_sources(options.out_dir, {**rendered, **redirects}, collect_attachments(model))
    return Result(model, problems, planned, files, catalogues, sorted(redirects), written=True)


def generated_dir(project_root: Path, data_dir: Path, year: str | int | None) -> Path:
    """Where the MkDocs hook reads the generated pages of one data folder and year: one folder
    per pair, so that parallel builds never collide."""
    key = hashlib.sha1(f"{Path(data_dir).resolve()}|{year}".encode("utf-8")).hexdigest()[:12]
    return Path(project_root) / "build" / "generated" / key


# A build that already ran the pipeline hands its Result to the MkDocs hook of the same
# process, so that the data is read and validated once per build (plain `mkdocs build`
# finds nothing here and runs the pipeline itself).
_handed_over: dict[str, tuple[Options, Result]] = {}


def hand_over(options: Options, result: Result) -> None:
    _handed_over["build"] = (options, result)


def take_handed_over(options: Options) -> Result | None:
    """The Result handed over for exactly these options (once), else None."""
    handed = _handed_over.pop("build", None)
    if handed is not None and handed[0] == options and handed[1].written:
        return handed[1]
    return None


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled Jinja templates kept in memory for the life of the process. MkDocs makes a new
    Jinja environment, and so compiles the theme's templates again, for every build: with this
    cache (set by the MkDocs hook) a process that builds more than once (`prongsai portal`,
    `prongsai serve`) compiles each template once. Jinja compares the source's checksum, so an
    edited template is compiled again."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


# Here rather than in the hook: MkDocs loads the hook module afresh with every configuration.
theme_templates = CompiledTemplates()


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
