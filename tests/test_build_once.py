"""One build reads and validates the data once (the prongsai MkDocs plugin takes the result); the site carries no file that no page loads;
the navigation does not repeat the plan's projects on every page."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator import cli, pipeline
from generator.plugin import ProngsaiPlugin, site_plugin
from testkit import FIXTURES, REPO, run_prongsai


@pytest.fixture
def data_reads(monkeypatch):
    """How many times the data folder is read and validated (the real stage runs)."""
    calls = []
    real = pipeline.build_model

    def counted(options, problems):
        calls.append(options.data_dir)
        return real(options, problems)

    monkeypatch.setattr(pipeline, "build_model", counted)
    return calls


def test_prongsai_build_reads_the_data_once(tmp_path, data_reads, capsys):
    site = tmp_path / "site"
    code = cli.main(["build", "--data", str(FIXTURES / "mini"), "--site-dir", str(site),
                     "--config", str(REPO / "mkdocs.yml")])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert len(data_reads) == 1
    assert (site / "plan" / "index.html").is_file()
    assert "สร้างเว็บไซต์เสร็จแล้ว" in out.out


def site_config(folder, data, **options) -> str:
    """The repository's mkdocs.yml with absolute paths and the plugin's options, in `folder`."""
    import yaml

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / config.get("docs_dir", "docs"))
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    config["plugins"] = [{"prongsai": {"data_dir": str(data), **options}}]
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def test_plain_mkdocs_build_runs_the_generator_itself(tmp_path, data_reads):
    site = tmp_path / "site"
    mkdocs_build(load_config(config_file=site_config(tmp_path, FIXTURES / "mini"), site_dir=str(site)))
    assert len(data_reads) == 1
    assert (site / "plan" / "index.html").is_file()
    assert (site / "assets" / "search" / "index.json").is_file()


def test_the_result_handed_to_the_plugin_serves_one_build(tmp_path, data_reads):
    """`prongsai build` hands its result to the plugin: that build reads nothing again, the next
    plain build of the same configuration runs the generator itself."""
    config_file = site_config(tmp_path, FIXTURES / "mini")
    options = pipeline.Options(data_dir=FIXTURES / "mini", out_dir=tmp_path / "generated")
    result = pipeline.run(options)
    assert result.written and len(data_reads) == 1
    config = load_config(config_file=config_file, site_dir=str(tmp_path / "one"))
    plugin = site_plugin(config)
    assert isinstance(plugin, ProngsaiPlugin)
    plugin.hand_over(options, result)
    mkdocs_build(config)
    assert len(data_reads) == 1
    assert plugin.model is result.model
    mkdocs_build(load_config(config_file=config_file, site_dir=str(tmp_path / "two")))
    assert len(data_reads) == 2
    assert (tmp_path / "two" / "plan" / "index.html").is_file()


def test_the_plugin_is_registered_for_mkdocs():
    from importlib.metadata import entry_points

    [entry] = [e for e in entry_points(group="mkdocs.plugins") if e.name == "prongsai"]
    assert entry.load() is ProngsaiPlugin


def test_a_hand_written_site_may_use_only_the_thai_search(tmp_path):
    """generate: false: no data folder, Material's search replaced by the Thai search."""
    import json

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# หน้าแรก\n\nยินดีต้อนรับสู่เทศบาลตำบลทดสอบ\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: ทดสอบ\ntheme:\n  name: material\n  language: th\n"
        "plugins:\n  - search\n  - prongsai:\n      generate: false\n", encoding="utf-8")
    site = tmp_path / "site"
    mkdocs_build(load_config(config_file=str(tmp_path / "mkdocs.yml"), site_dir=str(site)))
    index = json.loads((site / "assets" / "search" / "index.json").read_text(encoding="utf-8"))
    assert [page["u"] for page in index["pages"]] == [""]
    assert (site / "assets" / "search" / "search.js").is_file()  # the package's theme, added by the plugin
    assert not (site / "search" / "search_index.json").exists()
    assert "data-prongsai-search" in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_warnings_are_printed_once(copy_fixture, tmp_path):
    data = copy_fixture("mini")
    report = sorted((data / "measures").glob("*.yaml"))[0]
    shutil.copy(report, report.with_name(f"{report.stem}-copy.yaml"))  # a second report of the year: a warning
    site = tmp_path / "site"
    plain = run_prongsai("validate", "--data", str(data))
    warnings = [line for line in plain.stderr.splitlines() if re.match(r"^\S+:\d+: ", line)]
    assert warnings, plain.stderr
    result = run_prongsai("build", "--data", str(data), "--site-dir", str(site))
    assert result.returncode == 0, result.stderr[-3000:]
    for line in warnings:
        assert result.stderr.count(line) == 1, line


@pytest.fixture
def mini_site(mini_built_site):
    """tests/fixtures/mini built once per test run (conftest.py). Read only."""
    return mini_built_site


@pytest.mark.slow
def test_site_has_no_unused_theme_assets(mini_site):
    files = [p.relative_to(mini_site).as_posix() for p in mini_site.rglob("*") if p.is_file()]
    assert not [f for f in files if f.endswith(".map")]
    assert not [f for f in files if "/lunr/" in f or "/workers/" in f]
    # the theme's own script is still there and every page loads it
    bundles = [f for f in files if re.match(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js$", f)]
    assert len(bundles) == 1
    assert bundles[0].split("/")[-1] in (mini_site / "index.html").read_text(encoding="utf-8")


def test_projects_are_linked_from_the_plan_page_not_from_every_page(mini_site):
    projects = sorted(p.parent.name for p in (mini_site / "plan" / "projects").glob("*/index.html"))
    assert projects
    plan = (mini_site / "plan" / "index.html").read_text(encoding="utf-8")
    home = (mini_site / "index.html").read_text(encoding="utf-8")
    for slug in projects:
        assert f"projects/{slug}/" in plan
        assert f"plan/projects/{slug}/" not in home


@pytest.mark.slow
def test_plain_mkdocs_build_lists_no_omitted_pages(tmp_path):
    """The projects are left out of the navigation on purpose: no notice about them."""
    import subprocess
    import sys

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", data)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", site_config(tmp_path, data),
         "--site-dir", str(tmp_path / "site")],
        cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "not included in the nav" not in result.stderr


@pytest.mark.slow
@pytest.mark.browser
def test_phone_drawer_leads_from_a_project_page_to_the_plan(mini_site, chromium):
    """A project page is not in the navigation: on a phone its drawer still opens, leads to the
    plan page, and no page asks for a theme file that the site leaves out."""
    import theme_kit

    _, browser = chromium  # the test process's Chromium (conftest.py)
    project = sorted((mini_site / "plan" / "projects").glob("*/index.html"))[0].parent.name
    with theme_kit.cdp_harness.StaticServer(mini_site) as base_url:
        page = browser.new_page()
        try:
            theme_kit.set_width(page, 390)
            theme_kit.open_page(page, f"{base_url}plan/projects/{project}/")
            page.eval("document.querySelector('label[for=\"__drawer\"]').click()")
            page.wait_for("document.getElementById('__drawer').checked")
            link = "[...document.querySelectorAll('.md-nav--primary a')].find(a => a.pathname.endsWith('/plan/'))"
            page.wait_for(f"(() => {{ const r = {link}.getBoundingClientRect(); "
                          "return r.width > 0 && r.left >= 0 && r.right <= innerWidth; })()")
            page.eval(f"{link}.click()")
            page.wait_for("location.pathname.endsWith('/plan/')")
            theme_kit.open_page(page, f"{base_url}plan/")
            assert page.eval(f"!!document.querySelector('.md-content a[href*=\"projects/{project}/\"]')")
            failed = page.eval("performance.getEntriesByType('resource')"
                               ".filter(e => e.responseStatus >= 400).map(e => e.name)")
            assert failed == []
        finally:
            browser.close_page(page)


def test_each_data_file_is_parsed_once_per_build(copy_fixture, tmp_path, monkeypatch, capsys):
    """The loader's parse is the one the personal-data guard and the readiness summary read:
    no data file is parsed a second time in `prongsai build`."""
    import yaml

    data = copy_fixture("mini")
    texts = {path: path.read_text(encoding="utf-8") for path in data.rglob("*.yaml")}
    parsed = []
    real = yaml.compose

    def counted(text, *args, **kwargs):
        parsed.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(yaml, "compose", counted)
    code = cli.main(["build", "--data", str(data), "--site-dir", str(tmp_path / "site"),
                     "--config", str(REPO / "mkdocs.yml")])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "ความพร้อม ITA" in out.out  # the readiness summary ran (it locates data by file:line)
    for path, text in texts.items():
        assert parsed.count(text) == 1, path


def test_the_plugins_options_come_from_mkdocs_yml(tmp_path):
    """data_dir relative to mkdocs.yml, the year in Thai digits, the "as of" date, strict."""
    import datetime as dt

    from generator.plugin import options_from_config

    (tmp_path / "docs").mkdir()
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: x\nplugins:\n  - prongsai:\n      data_dir: ข้อมูล\n      year: '๒๕๖๙'\n"
                           "      today: 2026-04-20\n      strict: true\n", encoding="utf-8")
    config = load_config(config_file=str(config_file))
    options = options_from_config(config, site_plugin(config).config)
    assert options.data_dir == tmp_path / "ข้อมูล"
    assert (options.year, options.today, options.strict) == (2569, dt.date(2026, 4, 20), True)


# --- prongsai build / validate take the plugin's options from mkdocs.yml --------------------------

def _current_year_marked(site) -> list[str]:
    """The years the /ita/ page marks as the current one."""
    page = (site / "ita" / "index.html").read_text(encoding="utf-8")
    return re.findall(r"ITA (\d{4})</a>\s*<strong>\(ปีปัจจุบัน", page)


@pytest.mark.slow
def test_prongsai_build_builds_the_site_mkdocs_build_builds(copy_fixture, tmp_path, monkeypatch, capsys):
    """data_dir (relative to mkdocs.yml, not to where the command runs) and year come from the
    plugin's options; --year given on the command line wins over them."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.move(copy_fixture("mini"), project / "ข้อมูล")
    config = site_config(project, "ข้อมูล", year=2568)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    mkdocs_build(load_config(config_file=config, site_dir=str(tmp_path / "plain")))
    assert _current_year_marked(tmp_path / "plain") == ["2568"]
    code = cli.main(["build", "--config", config, "--site-dir", str(tmp_path / "site")])
    assert code == 0, capsys.readouterr().err
    assert _current_year_marked(tmp_path / "site") == ["2568"]
    code = cli.main(["build", "--config", config, "--site-dir", str(tmp_path / "site"), "--year", "2569"])
    assert code == 0, capsys.readouterr().err
    assert _current_year_marked(tmp_path / "site") == ["2569"]


def test_a_missing_data_dir_of_the_plugin_fails_validate_and_build(copy_fixture, tmp_path, monkeypatch):
    """With `data_dir: nodata` no command quietly falls back to data/ (here a valid one)."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.move(copy_fixture("mini"), project / "data")
    config = site_config(project, "nodata")
    for command in (["validate", "--config", config], ["build", "--config", config]):
        result = run_prongsai(*command, cwd=project)
        assert result.returncode == 1, (command, result.stderr)
        assert "nodata" in result.stderr and "ข้อมูลถูกต้อง" not in result.stdout
    assert not (project / "site").exists()
    given = run_prongsai("validate", "--config", config, "--data", "data", cwd=project)
    assert given.returncode == 0, given.stderr  # --data on the command line wins


# --- the plugin's options are checked, in Thai, before anything else -----------------------------

def _with_options(project, lines: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^plugins:\n(?:  .*\n)+", f"plugins:\n  - prongsai:\n{lines}", text),
                      encoding="utf-8")


@pytest.fixture
def init_project(tmp_path):
    created = run_prongsai("init", str(tmp_path / "org"), "--name", "องค์การบริหารส่วนตำบลทดสอบ")
    assert created.returncode == 0, created.stderr
    return tmp_path / "org"


def test_a_misspelt_or_wrongly_typed_option_stops_every_command_in_thai(init_project, tmp_path):
    project = init_project
    _with_options(project, "      cname: true\n      data_dri: data\n      strict: yes please\n"
                           "      year: ปีนี้\n      search: true\n")
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line_of = {name: lines.index(next(x for x in lines if x.startswith(f"      {name}:"))) + 1
               for name in ("data_dri", "strict", "year")}
    expected = [
        f"mkdocs.yml:{line_of['data_dri']}: plugins.prongsai.data_dri: ไม่รู้จักตัวเลือกนี้ หมายถึง 'data_dir' หรือไม่",
        f"mkdocs.yml:{line_of['strict']}: plugins.prongsai.strict: 'yes please' ใช้ไม่ได้ ต้องเป็น true หรือ false",
        f"mkdocs.yml:{line_of['year']}: plugins.prongsai.year: 'ปีนี้' ใช้ไม่ได้ ต้องเป็นปี พ.ศ. เช่น 2569",
    ]
    for command in ("validate", "build", "serve"):
        result = run_prongsai(command, cwd=project, timeout=120)
        assert result.returncode == 2, (command, result.stderr)
        assert result.stderr.splitlines()[:3] == expected, command
        assert result.stdout == "", command  # nothing misleading ("ข้อมูลถูกต้อง") first
        assert not re.search(r"Unrecognised|Expected type|Traceback", result.stderr), result.stderr
    assert not (project / "site").exists()
    # plain `mkdocs build` stops on them too, with the same Thai lines
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(tmp_path / "out")],
                           cwd=project, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert plain.returncode != 0
    assert all(line in plain.stderr for line in expected), plain.stderr
    assert not (tmp_path / "out").exists()


def test_correct_options_pass_the_check(init_project):
    _with_options(project := init_project, "      data_dir: data\n      year: '๒๕๖๙'\n      strict: false\n"
                                           "      today: 2026-04-20\n      enabled: true\n")
    result = run_prongsai("validate", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "ข้อมูลถูกต้อง" in result.stdout


def test_the_theme_listing_without_hidden_folders_copies_the_files_mkdocs_copies():
    """MkDocs lists every theme file and drops those in hidden folders (Material's 14,000
    icons); the plugin's loader does not list them at all: the files copied are the same."""
    import jinja2
    from mkdocs.structure.files import Files

    from generator.plugin import VisibleFilesLoader

    config = load_config(str(REPO / "mkdocs.yml"))

    def copied(loader) -> list[str]:
        files = Files([])
        files.add_files_from_theme(jinja2.Environment(loader=loader), config)
        return sorted(f.src_uri for f in files)

    listed = copied(VisibleFilesLoader(config.theme.dirs))
    assert listed == copied(jinja2.FileSystemLoader(config.theme.dirs))
    assert any(uri.startswith("assets/javascripts/") for uri in listed) and len(listed) > 20
    assert len(VisibleFilesLoader(config.theme.dirs).list_templates()) < 1000  # the icons are not walked
