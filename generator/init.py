"""`prongsai init`: a new organisation's site project, ready to build and publish.

    prongsai init DIR --name "องค์การบริหารส่วนตำบล…" [--type …] [--province …] [--site-url …]

The project holds the organisation's data and settings only. Prongsai itself is a
pinned install (requirements.txt), never a copy inside the project: the project's
mkdocs.yml lists the installed package's MkDocs plugin (`prongsai`, generator/plugin.py),
which adds the package's theme and writes the custom domain's CNAME file. Existing files
are never overwritten; the command says which ones it kept.

Also here: `site_hooks`, which prongsai_hooks.py of projects made by older versions imports
(their mkdocs.yml lists it under `hooks:`); they keep building, and are told what to change.

Exit codes: 0 done (also when every file already existed), 2 wrong usage.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import argtypes, thai
from .catalogue import Catalogue, load_catalogues
from .problems import Problems

EXIT_OK, EXIT_USAGE = 0, 2

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = PACKAGE_DIR / "templates" / "init"
# Where the package's source lives when its metadata does not say (pyproject's [project.urls]).
DEFAULT_REPOSITORY = "https://github.com/prongsai/prongsai"
PYTHON_VERSION = "3.12"  # the Python the publishing workflow installs

# template → path in the project; the workflow template is shared with this repository's own
PROJECT_FILES = {
    "organisation.yaml.j2": "data/organisation.yaml",
    "site.yaml.j2": "data/site.yaml",
    "oit.yaml.j2": "data/oit/{year}.yaml",
    "mkdocs.yml.j2": "mkdocs.yml",
    "about.md.j2": "content/about.md",
    "requirements.txt.j2": "requirements.txt",
    "README.md.j2": "README.md",
    "gitignore.j2": ".gitignore",
    "publish.yml.j2": ".github/workflows/publish.yml",
}


class UsageError(Exception):
    pass


# --- the command ----------------------------------------------------------------------------

def register(commands) -> None:
    parser = commands.add_parser(
        "init", help="สร้างโครงการเว็บไซต์ของหน่วยงานใหม่ (ไฟล์ข้อมูล การตั้งค่า และขั้นตอนเผยแพร่บน GitHub Pages)",
        description="สร้างโฟลเดอร์โครงการเว็บไซต์ของหน่วยงานใหม่: data/ (ข้อมูลหน่วยงาน การตั้งค่า และรายการหลักฐาน OIT "
                    "ทุกข้อของปีการประเมินปัจจุบัน) mkdocs.yml, README สำหรับเจ้าหน้าที่, requirements.txt และ "
                    ".github/workflows/ สำหรับเผยแพร่ ไม่เขียนทับไฟล์ที่มีอยู่แล้ว",
    )
    parser.add_argument("dir", type=Path, metavar="DIR", help="โฟลเดอร์ของโครงการ (สร้างให้ถ้ายังไม่มี)")
    parser.add_argument("--name", required=True, help="ชื่อเต็มของหน่วยงาน เช่น องค์การบริหารส่วนตำบลตัวอย่าง")
    parser.add_argument("--type", dest="org_type", metavar="TYPE",
                        help="ประเภทหน่วยงาน เช่น องค์การบริหารส่วนตำบล เทศบาลตำบล (ค่าเริ่มต้น: อ่านจากชื่อ)")
    parser.add_argument("--province", help="จังหวัด เช่น นครราชสีมา")
    parser.add_argument("--site-url", help="ที่อยู่เว็บไซต์เมื่อเผยแพร่ เช่น https://ita.example.go.th/")
    parser.add_argument("--today", type=argtypes.date,
                        help="วันที่ใช้เลือกปีการประเมิน ITA (ค่าเริ่มต้น: วันนี้)")
    parser.add_argument("--requirement",
                        help="บรรทัดติดตั้ง Prongsai ใน requirements.txt (ค่าเริ่มต้น: รุ่นที่ติดตั้งอยู่จาก GitHub)")
    parser.set_defaults(func=cmd_init)


def cmd_init(args) -> int:
    try:
        settings = project_settings(args.name, args.org_type, args.province, args.site_url)
        catalogue, notice = choose_catalogue(args.today or dt.date.today())
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    if notice:
        print(notice)
    files = project_files(settings, catalogue, args.requirement or requirement_line())
    try:
        result = write_new_files(args.dir, files)
    except OSError as exc:
        print(f"DIR: เขียนโฟลเดอร์ {args.dir} ไม่ได้ ({exc.strerror or exc}) ตรวจสิทธิ์การเขียนหรือเลือกโฟลเดอร์อื่น",
              file=sys.stderr)
        return EXIT_USAGE
    _report(args.dir, result)
    return EXIT_OK


def _report(directory: Path, result: "WriteResult") -> None:
    for path in result.written:
        print(f"สร้าง {path}")
    for path in result.kept:
        print(f"มีอยู่แล้ว ไม่เขียนทับ: {path}")
    if not result.written:
        print("ไม่ได้สร้างไฟล์ใหม่ เพราะทุกไฟล์มีอยู่แล้ว")
        return
    print()
    print("ขั้นต่อไป:")
    print(f"  1. cd {directory}")
    print("  2. แก้ไฟล์ data/organisation.yaml ตรงที่เขียนว่า 'ยังไม่ได้กรอก' แล้วเพิ่มหลักฐานใน data/oit/")
    print("  3. prongsai build  (ตรวจข้อมูลและสร้างเว็บไซต์ลงใน site/)  และ prongsai check (ข้อ OIT ใดยังขาด)")
    print("  4. เผยแพร่บน GitHub Pages ตามคู่มือ docs/publish.md ของ Prongsai (สรุปไว้ใน README.md)")


# --- what the project holds -----------------------------------------------------------------

@dataclass
class Settings:
    name: str
    org_type: str
    short_name: str
    province: str
    site_url: str


def project_settings(name: str, org_type: str | None, province: str | None, site_url: str | None) -> Settings:
    from .schema import LAO_TYPE_ALIASES, LAO_TYPES

    name = " ".join(name.split())
    if not name:
        raise UsageError("--name: ต้องระบุชื่อเต็มของหน่วยงาน เช่น องค์การบริหารส่วนตำบลตัวอย่าง")
    if org_type:
        chosen = LAO_TYPE_ALIASES.get(org_type.strip(), org_type.strip())
        if chosen not in LAO_TYPES:
            raise UsageError(f"--type: ไม่รู้จักประเภท '{org_type}' ให้ใช้หนึ่งใน {', '.join(LAO_TYPES)}")
    else:
        chosen = type_from_name(name)
        if chosen is None:
            raise UsageError(f"--type: อ่านประเภทหน่วยงานจากชื่อ '{name}' ไม่ได้ ให้ระบุ --type "
                             f"เป็นหนึ่งใน {', '.join(LAO_TYPES)}")
    return Settings(name=name, org_type=chosen, short_name=short_name(name, chosen),
                    province=(province or "").strip(), site_url=_site_url(site_url))


def type_from_name(name: str) -> str | None:
    """'องค์การบริหารส่วนตำบลทดสอบ' → 'องค์การบริหารส่วนตำบล'; 'อบต.ทดสอบ' too."""
    from .schema import LAO_TYPE_ALIASES, LAO_TYPES

    prefixes = {t: t for t in LAO_TYPES} | LAO_TYPE_ALIASES
    matches = [p for p in prefixes if name.startswith(p)]
    return prefixes[max(matches, key=len)] if matches else None


def short_name(name: str, org_type: str) -> str:
    """'องค์การบริหารส่วนตำบลทดสอบ' → 'อบต.ทดสอบ'; the full name when there is no usual abbreviation."""
    from .schema import LAO_TYPE_ALIASES

    abbreviation = next((a for a, t in LAO_TYPE_ALIASES.items() if t == org_type and a.endswith(".")), None)
    rest = name[len(org_type):].strip() if name.startswith(org_type) else ""
    return f"{abbreviation}{rest}" if abbreviation and rest else name


def _site_url(text: str | None) -> str:
    from .fields import Ctx, INVALID, SiteUrl

    if not text:
        return ""
    problems = Problems()
    url = SiteUrl().check(text, Ctx("--site-url", "site_url", None, problems))
    if url is INVALID:
        raise UsageError("--site-url: " + "; ".join(p.message for p in problems.items))
    return url


def current_ita_year(today: dt.date) -> int:
    """The fiscal year that contains today is the year being assessed: Dec 2026 → 2570."""
    return thai.fiscal_year_of(today)


def choose_catalogue(today: dt.date, catalogues: dict[int, Catalogue] | None = None) -> tuple[Catalogue, str]:
    """The catalogue of the current ITA year, or the newest one with a notice saying so."""
    if catalogues is None:
        catalogues = load_catalogues(Problems())
    if not catalogues:
        raise UsageError("ไม่พบบัญชีรายการ OIT ในโปรแกรม (generator/catalogues/ita-<ปี>.yaml) ติดตั้ง Prongsai ใหม่แล้วลองอีกครั้ง")
    year = current_ita_year(today)
    if year in catalogues:
        return catalogues[year], ""
    newest = max(catalogues)
    notice = (f"หมายเหตุ: ยังไม่มีบัญชีรายการ OIT ปี {year} (ปีงบประมาณที่มีวันที่ {thai.thai_date(today)}) ในโปรแกรมรุ่นนี้ "
              f"จึงเตรียมไฟล์หลักฐานของปี {newest} ซึ่งเป็นปีล่าสุดที่มี เมื่อ Prongsai รุ่นใหม่มีบัญชีรายการปี {year} แล้ว "
              f"ให้ปรับรุ่นใน requirements.txt และเพิ่มไฟล์ data/oit/{year}.yaml")
    return catalogues[newest], notice


def package_version() -> str:
    try:
        return metadata.version("prongsai")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def repository_url() -> str:
    """The package's source repository, from its metadata (Project-URL: Repository, …)."""
    try:
        urls = metadata.metadata("prongsai").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("repository", "source", "source code") and url.strip():
            return url.strip().removesuffix(".git").rstrip("/")
    return DEFAULT_REPOSITORY


def requirement_line() -> str:
    """The pinned install written into the project's requirements.txt: the release tag of the
    version that created it, so every build of the site uses the same Prongsai until someone
    changes this line on purpose."""
    return f"prongsai @ git+{repository_url()}@v{package_version()}"


def _yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(value, ensure_ascii=False)


def _comment(value) -> str:
    """Free text as one YAML comment line's body (no line breaks can escape the comment)."""
    return " ".join(str(value).split())


PERIOD_HINTS = {
    "none": "",
    "current_fy": "เอกสารต้องเป็นของปีงบประมาณ {fy}",
    "previous_fy": "เอกสารต้องเป็นของปีงบประมาณ {previous} (ปีที่ผ่านมา)",
    "first_half_current_fy": "ต้องครอบคลุมเดือนตุลาคม {previous} – มีนาคม {fy} (รอบ 6 เดือน)",
}


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    env.filters["yaml_text"] = _yaml_text
    env.filters["comment"] = _comment
    return env


def project_files(settings: Settings, catalogue: Catalogue, requirement: str) -> dict[str, str]:
    """Every file of a new project: path → text."""
    env = _environment()
    year = catalogue.ita_year
    start, end = thai.fiscal_year_bounds(year)
    values = {
        "settings": settings,
        "catalogue": catalogue,
        "ita_year": year,
        "fiscal_start": thai.thai_date(start),
        "fiscal_end": thai.thai_date(end),
        "period_hints": {k: v.format(fy=year, previous=year - 1) for k, v in PERIOD_HINTS.items()},
        "example_item": next((i for i in catalogue.items if i.period == "current_fy"), catalogue.items[0]),
        "requirement": requirement,
        "repository": repository_url(),
        "version": package_version(),
        "workflow": site_workflow_settings(),
    }
    return {path.format(year=year): env.get_template(template).render(**values)
            for template, path in PROJECT_FILES.items()}


def site_workflow_settings() -> dict:
    """The publishing workflow of a site project: Prongsai from requirements.txt."""
    return {"install": "python -m pip install -r requirements.txt", "dependency_file": "requirements.txt",
            "python": PYTHON_VERSION, "for_repository": False}


def repository_workflow_settings() -> dict:
    """The same workflow in Prongsai's own repository: the package from the checkout, the example data."""
    return {"install": "python -m pip install .", "dependency_file": "pyproject.toml",
            "python": PYTHON_VERSION, "for_repository": True}


def render_workflow(workflow: dict) -> str:
    return _environment().get_template("publish.yml.j2").render(workflow=workflow)


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def write_new_files(directory: Path, files: dict[str, str]) -> WriteResult:
    """Write each file that does not exist yet; an existing one (or anything else at its path)
    is kept as it is and listed."""
    result = WriteResult()
    for relative, text in files.items():
        path = directory / relative
        if path.exists() or path.is_symlink():
            result.kept.append(relative)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": never replace
            handle.write(text)
        result.written.append(relative)
    return result


# --- the hooks of a site project (prongsai_hooks.py imports these) ------------------------------

THEME_MISSING = ("ไม่พบธีมของ Prongsai ในโปรแกรมที่ติดตั้ง ({dirs}) ติดตั้ง Prongsai ใหม่ตาม requirements.txt "
                 "(python -m pip install -r requirements.txt)")


def installed_theme_dir() -> Path:
    """Prongsai's theme: inside the installed package, or beside it in a source checkout
    (an editable install from the repository)."""
    candidates = [PACKAGE_DIR / "theme", PACKAGE_DIR.parent / "theme"]
    for candidate in candidates:
        if (candidate / "main.html").is_file():
            return candidate
    raise FileNotFoundError(THEME_MISSING.format(dirs=", ".join(str(c) for c in candidates)))


def use_installed_theme(config):
    """What `theme: custom_dir:` does, with the installed package's theme folder: its
    templates and assets come before Material's own."""
    from mkdocs.exceptions import Abort

    try:
        theme = str(installed_theme_dir())
    except FileNotFoundError as exc:
        raise Abort(str(exc)) from None
    if theme not in config.theme.dirs:
        config.theme.dirs.insert(0, theme)
    return config


def cname_host(site_url: str | None) -> str | None:
    """The custom domain GitHub Pages serves the site under, from site_url: none for
    *.github.io (GitHub's own address) or a site in a sub-folder of another host's path."""
    if not site_url:
        return None
    parts = urlsplit(site_url)
    host = (parts.hostname or "").lower()
    if not host or host.endswith(".github.io") or host in ("localhost", "127.0.0.1"):
        return None
    return host


def write_cname(config) -> None:
    host = cname_host(config.get("site_url"))
    if host:
        Path(config["site_dir"], "CNAME").write_text(host + "\n", encoding="utf-8")


_SITE_HOOK_MODULES = ("generator.mkdocs_hook", "generator.search_hook")


def site_hooks() -> dict:
    """The MkDocs events of a site project: the installed theme first, then the generator's
    and the search hooks in the order the repository's mkdocs.yml lists them, then CNAME.
    Each event runs its functions the way MkDocs runs plugins: an item returned replaces
    the one passed on."""
    modules = [importlib.import_module(name) for name in _SITE_HOOK_MODULES]
    events: dict[str, list] = {"on_config": [use_installed_theme]}
    for module in modules:
        for name in dir(module):
            function = getattr(module, name)
            if name.startswith("on_") and callable(function):
                events.setdefault(name, []).append(function)
    events.setdefault("on_post_build", []).append(lambda config, **kwargs: write_cname(config))
    return {name: _chain(functions) for name, functions in events.items()}


def _chain(functions: list):
    def event(item=None, **kwargs):
        pass_item = item is not None
        for function in functions:
            result = function(item, **kwargs) if pass_item else function(**kwargs)
            if result is not None:
                item = result
        return item
    return event
