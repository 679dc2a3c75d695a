"""`prongsai portal ORGS_DIR --site-dir OUT [--jobs N]`: the sites of many organisations
(a province's) in one command, picked up by generator/cli.py (_register_extensions).

Every folder of ORGS_DIR that holds an organisation.yaml is one organisation's data folder;
its site is built, exactly as `prongsai build` builds it, into OUT/<folder name>/, and
OUT/index.html lists every organisation with its ITA readiness and a link. N worker
processes share the organisations; each builds one after another in the same process, so
that the fixed cost of a build (imports, the Thai word list, compiled templates) is
paid once per worker, not once per organisation; the project's build cache
(generator/buildcache.py) is shared by all of them. An organisation that fails does not stop
the others: the index lists it with its problems (file:line).

Past one machine the unit stays the same, one organisation's `prongsai build`: see
docs/portal.md for fanning those out with a CI matrix or a batch engine.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import multiprocessing
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import argtypes, buildcache, thai

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
# The folder name becomes the organisation's address under OUT/: letters, digits, . _ -
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_PROBLEMS_SHOWN = 30


@dataclass
class Outcome:
    """What the index says about one organisation."""
    slug: str
    name: str
    built: bool = False
    year: int | None = None
    complete: int = 0
    items: int = 0
    score: float | None = None
    band: str = ""
    problems: list[str] = field(default_factory=list)


def _jobs(text: str) -> int:
    try:
        value = int(thai.to_arabic_digits(text).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' ไม่ใช่จำนวน ให้เขียนตัวเลข เช่น 2") from None
    if value < 1:
        raise argparse.ArgumentTypeError("จำนวนโปรเซสต้องเป็น 1 ขึ้นไป")
    return value


def register(commands) -> None:
    parser = commands.add_parser(
        "portal", help="สร้างเว็บไซต์ของทุกหน่วยงานในโฟลเดอร์เดียว พร้อมหน้ารวมความพร้อม ITA",
        description="สร้างเว็บไซต์ของทุกโฟลเดอร์ข้อมูลใน ORGS_DIR (โฟลเดอร์ที่มีไฟล์ organisation.yaml) "
                    "ลงใน OUT/<ชื่อโฟลเดอร์>/ และสร้างหน้ารวม OUT/index.html ที่บอกความพร้อม ITA ของแต่ละหน่วยงาน",
    )
    parser.add_argument("orgs_dir", type=Path, metavar="ORGS_DIR", help="โฟลเดอร์ที่มีโฟลเดอร์ข้อมูลของแต่ละหน่วยงาน")
    parser.add_argument("--site-dir", type=Path, default=Path("portal"), help="โฟลเดอร์ผลลัพธ์ (ค่าเริ่มต้น portal/)")
    parser.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1,
                        help="จำนวนโปรเซสที่สร้างพร้อมกัน (ค่าเริ่มต้นเท่าจำนวน CPU)")
    parser.add_argument("--config", default="mkdocs.yml", help="ไฟล์ตั้งค่า MkDocs")
    parser.add_argument("--year", type=argtypes.year, help="ปีการประเมิน ITA (ค่าเริ่มต้นตามข้อมูลของแต่ละหน่วยงาน)")
    parser.add_argument("--strict", action="store_true", help="ถือว่าคำเตือนเป็นข้อผิดพลาด")
    parser.add_argument("--today", type=argtypes.date, help="วันที่ใช้เป็น 'ข้อมูล ณ วันที่' เมื่อข้อมูลไม่ระบุ")
    parser.set_defaults(func=cmd_portal)


def cmd_portal(args) -> int:
    from . import build
    from .write import write_text_if_changed

    orgs_dir, out = args.orgs_dir.resolve(), args.site_dir.resolve()
    refused = _refuse(orgs_dir, out, Path(args.config))
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_USAGE
    folders = organisation_folders(orgs_dir)
    if not folders:
        print(f"ไม่พบโฟลเดอร์ข้อมูลใน {args.orgs_dir} (แต่ละหน่วยงานต้องมีไฟล์ organisation.yaml)", file=sys.stderr)
        return EXIT_USAGE
    settings = {"config": str(Path(args.config).resolve()), "year": args.year, "strict": args.strict,
                "today": args.today}
    try:  # mkdocs.yml and its Prongsai options, checked once for every organisation
        _, plugin_options = build.project_settings(argparse.Namespace(**settings))
    except build.UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    # the project's build cache, shared by every organisation and worker (compiled templates,
    # Thai word boundaries; attachment text is kept per file)
    build.use_project_cache(args)
    tasks = [(folder, out / folder.name, settings, plugin_options) for folder in folders]
    outcomes = []
    for outcome in _run(tasks, args.jobs):
        outcomes.append(outcome)
        print(_progress_line(outcome), flush=True)
    outcomes.sort(key=lambda o: o.slug)
    out.mkdir(parents=True, exist_ok=True)
    write_text_if_changed(out / "index.html", render_index(outcomes))
    failed = [o for o in outcomes if not o.built]
    print(f"สร้างเว็บไซต์ {len(outcomes) - len(failed)} จาก {len(outcomes)} หน่วยงาน หน้ารวมอยู่ที่ {args.site_dir}/index.html"
          + (f" ไม่สำเร็จ {len(failed)} หน่วยงาน: {', '.join(o.slug for o in failed)}" if failed else ""))
    return EXIT_DATA if failed else EXIT_OK


def _refuse(orgs_dir: Path, out: Path, config: Path) -> str | None:
    """Why OUT may not be written (in Thai), or None: it must not be or hold the data or the
    project, nor lie inside the data (each OUT/<slug>/ is then checked like --site-dir)."""
    if not orgs_dir.is_dir():
        return f"ORGS_DIR: ไม่พบโฟลเดอร์ {orgs_dir}"
    if not config.is_file():
        return f"ไม่พบไฟล์ {config} ให้สั่งงานจากโฟลเดอร์ของโครงการ หรือระบุ --config"
    project = config.resolve().parent
    for inner, what in ((orgs_dir, "โฟลเดอร์ข้อมูล"), (project, "โฟลเดอร์โครงการ")):
        if inner == out or out in inner.parents:
            return f"--site-dir: {out} เป็นหรือมี{what} ({inner}) อยู่ข้างใน ให้ระบุโฟลเดอร์อื่น เช่น portal"
    if orgs_dir in out.parents:
        return f"--site-dir: {out} อยู่ในโฟลเดอร์ข้อมูล ({orgs_dir}) ให้ระบุโฟลเดอร์นอกโฟลเดอร์ข้อมูล"
    return None


def organisation_folders(orgs_dir: Path) -> list[Path]:
    return sorted(p for p in orgs_dir.iterdir() if p.is_dir() and (p / "organisation.yaml").is_file())


def _run(tasks: list, jobs: int):
    """Outcomes as they finish: in this process for one job, else in a pool of `jobs` workers
    that each take organisations one after another."""
    jobs = min(jobs, len(tasks))
    threshold = gc.get_threshold()
    _collect_garbage_less_often()
    try:
        if jobs <= 1:
            yield from map(build_one, tasks)
            return
        _warm_up()  # before the workers fork: they inherit the loaded modules and dictionary
        gc.freeze()  # what is loaded now lives as long as the workers: the collector skips it
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with context.Pool(jobs, initializer=_collect_garbage_less_often) as pool:
            yield from pool.imap_unordered(build_one, tasks, chunksize=1)
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


# One build allocates millions of objects, almost none of them in reference cycles: with
# Python's default threshold (700) the collector runs thousands of times per organisation,
# scanning ever more long-lived objects (modules, templates, the word list); every few
# tens of thousands of allocations is plenty. Only the time spent changes, never the output.
GC_THRESHOLD = 50_000


def _collect_garbage_less_often() -> None:
    youngest, older, oldest = gc.get_threshold()
    gc.set_threshold(max(GC_THRESHOLD, youngest), older, oldest)


def _warm_up() -> None:
    """Load what every build needs once, in the parent process."""
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config  # noqa: F401

    from . import linkcheck, pipeline, plugin, privacy, publish, render  # noqa: F401
    from .catalogue import load_catalogues
    from .problems import Problems
    from .readiness import assess  # noqa: F401

    load_catalogues(Problems())  # the shipped OIT catalogues, parsed and checked
    privacy.normalise("0")  # the personal-data guard's table of characters
    # The Thai word list is not loaded here: a repeated build finds every page's search entry in
    # the build cache and cuts no Thai at all; a worker that has Thai to cut loads it then.


def build_one(task) -> Outcome:
    """One organisation's site, built like `prongsai build`; never raises."""
    from . import build
    from .problems import DataError

    folder, site_dir, settings, plugin_options = task
    outcome = Outcome(slug=folder.name, name=folder.name)
    if not _SLUG.match(folder.name):
        outcome.problems.append(f"{folder.name}: ชื่อโฟลเดอร์ใช้เป็นที่อยู่เว็บไม่ได้ ให้ใช้ตัวอักษรอังกฤษ ตัวเลข . _ - "
                                "เช่น abt-tuayang")
        return outcome
    args = argparse.Namespace(data=folder, site_dir=site_dir, **settings)
    captured = io.StringIO()
    result = None
    try:
        with contextlib.redirect_stderr(captured), contextlib.redirect_stdout(io.StringIO()):
            code, result = build.build_site(args, plugin_options)
    except build.UsageError as exc:
        code = EXIT_USAGE
        captured.write(f"{exc}\n")
    except DataError as exc:
        code = EXIT_DATA
        exc.problems.report(captured)
    except Exception as exc:  # one organisation's failure must not stop the others
        code = build.EXIT_INTERNAL
        captured.write(f"เกิดข้อผิดพลาดภายในโปรแกรม ({type(exc).__name__}: {exc})\n")
    if result is not None and result.model is not None:
        outcome.name = result.model.organisation.name
    outcome.built = code == EXIT_OK
    if outcome.built:
        _add_readiness(outcome, result)
    else:
        outcome.problems = [line for line in captured.getvalue().splitlines() if line.strip()]
    return outcome


def _add_readiness(outcome: Outcome, result) -> None:
    from .readiness.assess import assess

    model = result.model
    if model.catalogue is None:
        return
    assessment = assess(model, {page.id for page in result.pages}, today=model.as_of)
    outcome.year = model.year
    outcome.complete = assessment.count("complete")
    outcome.items = len(assessment.items)
    outcome.score = assessment.scores.oit
    outcome.band = assessment.scores.band


def _progress_line(outcome: Outcome) -> str:
    if outcome.built:
        readiness = f" ITA {outcome.year}: ครบ {outcome.complete} จาก {outcome.items} ข้อ" if outcome.items else ""
        return f"สร้างแล้ว {outcome.slug}/{readiness}"
    return f"ไม่สำเร็จ {outcome.slug}: ปัญหา {len(outcome.problems)} รายการ"


def render_index(outcomes: list[Outcome]) -> str:
    """OUT/index.html: every organisation, its readiness and a link (Jinja2 autoescapes the data)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("portal/index.html.j2").render(
        outcomes=outcomes, built=sum(1 for o in outcomes if o.built), max_problems=MAX_PROBLEMS_SHOWN)
