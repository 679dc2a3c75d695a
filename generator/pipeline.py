"""The orchestrator: load → validate → model (read.py) → privacy → render → write.

`run()` is what `prongsai build` calls (it prints the problems itself), `generate()` what the
MkDocs plugin calls for plain `mkdocs build`; both return the pages and navigation for MkDocs,
and generate() raises DataError with every problem.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from . import crosscheck, model as m, pages as site_pages, privacy, render, rendercache, validate, write
from .attachments import collect_attachments
from .problems import DataError, Problems
from .read import read_model
from .reuse import PageRenders

DEFAULT_OUT_DIR = Path("build/generated")


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
    # redirect pages /ita/<year>/O<N>/ (in `files`); the MkDocs plugin leaves them out where the
    # site folder ignores the case of names (they would overwrite the item pages there)
    redirects: list[str] = field(default_factory=list)
    written: bool = False  # the pages and attachments are in options.out_dir

    def succeeded(self, strict: bool) -> bool:
        return self.written and not self.problems.has_errors(strict)

    def navigation(self, content_pages: list[str]) -> list:
        return site_pages.navigation(self.model, self.pages, content_pages)


def build_model(options: Options, problems: Problems) -> tuple[m.Model | None, validate.Records, dict]:
    """Stages load, validate and model (read.read_model); the model is None when essential
    data is broken."""
    return read_model(options.data_dir, problems, year=options.year, today=options.today)


def generate(options: Options, renders: PageRenders | None = None) -> Result:
    """Run every stage; raise DataError if the data has errors (warnings too with strict)."""
    result = run(options, renders)
    if not result.succeeded(options.strict):
        raise DataError(result.problems)
    return result


def run(options: Options, renders: PageRenders | None = None) -> Result:
    """Every stage, once: the Markdown and attachments are written only when the data has no
    errors; otherwise the Result holds the problems (and the model when the data could be read),
    so that a command can print them with its notices. `renders`: the previous build's pages,
    reused where nothing they show has changed (prongsai serve; see reuse.py)."""
    problems = Problems()
    # a build reuses what the last build rendered from the same inputs (rendercache.py): their
    # digest is taken before the data is read; serve reuses pages by their own inputs (reuse.py)
    inputs = rendercache.inputs_digest(options) if renders is None else None
    model, records, catalogues = build_model(options, problems)
    if model is None:
        return Result(None, problems, catalogues=catalogues)
    planned = site_pages.plan_pages(model)
    crosscheck.cross_check(model, records, catalogues, {p.id for p in planned}, problems)
    # personal-data guard runs here, before anything is written, on exactly what is published
    attachments = collect_attachments(model)
    privacy.scan(model, problems, attachments)
    if problems.has_errors(options.strict):
        return Result(model, problems, planned, catalogues=catalogues)
    if renders is None:
        texts, redirects = rendercache.rendered(options, inputs, lambda: render_site(model, planned))
    else:
        texts, redirects = render_site(model, planned, renders)
    files = write.write_site_sources(options.out_dir, texts, attachments)
    return Result(model, problems, planned, files, catalogues, redirects, written=True)


def render_site(model: m.Model, planned: list[site_pages.Page],
                renders: PageRenders | None = None) -> tuple[dict[str, str], list[str]]:
    """({path: text} of every generated page and file, the redirect pages among them)."""
    site_pages.fill_pages(model, planned)
    renderer = render.Renderer(model, {p.id: p.src for p in planned})
    renderer.titles.update({p.id: p.title for p in planned})
    if renders is None:
        rendered = {p.src: renderer.render(p.template, p.src, **p.variables) for p in planned}
    else:
        build = renders.begin(renderer, model.site)
        rendered = {p.src: build.render(p.template, p.src, p.variables) for p in planned}
        build.end()
    redirects = {src: render.redirect_html(item, year, model.site.site_url, model.site.thai_digits)
                 for src, (year, item) in site_pages.case_redirect_sources(model).items()}
    published = site_pages.published_files(model, planned)  # open data and the feed, beside the pages
    return {**rendered, **redirects, **published}, sorted(redirects)


def generated_dir(project_root: Path, data_dir: Path, year: str | int | None) -> Path:
    """Where the MkDocs plugin reads the generated pages of one data folder and year: one folder
    per pair, so that parallel builds never collide."""
    key = hashlib.sha1(f"{Path(data_dir).resolve()}|{year}".encode("utf-8")).hexdigest()[:12]
    return Path(project_root) / "build" / "generated" / key


def validate_data(options: Options) -> Result:
    """Validation without writing anything (prongsai validate): the problems, and the model and
    planned pages when the data can be read (for the notices `validate` and `build` print)."""
    problems = Problems()
    model, records, catalogues = build_model(options, problems)
    planned: list[site_pages.Page] = []
    if model is not None:
        planned = site_pages.plan_pages(model)
        crosscheck.cross_check(model, records, catalogues, {p.id for p in planned}, problems)
        # personal-data guard runs here too, so `validate` reports the same findings
        privacy.scan(model, problems)
    return Result(model, problems, planned, catalogues=catalogues)


def check_only(options: Options) -> Problems:
    return validate_data(options).problems
