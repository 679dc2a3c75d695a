"""One build reads and validates the data once (the prongsai MkDocs plugin takes the result); the site carries no file that no page loads;
the navigation does not repeat the plan's projects on every page."""

from __future__ import annotations

import re
import shutil

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


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("mini") / "site"
    result = run_prongsai("build", "--data", str(FIXTURES / "mini"), "--site-dir", str(site))
    assert result.returncode == 0, result.stderr[-3000:]
    return site


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


@pytest.mark.browser
def test_phone_drawer_leads_from_a_project_page_to_the_plan(mini_site):
    """A project page is not in the navigation: on a phone its drawer still opens, leads to the
    plan page, and no page asks for a theme file that the site leaves out."""
    import theme_kit

    if not theme_kit.cdp_harness.find_chromium():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    project = sorted((mini_site / "plan" / "projects").glob("*/index.html"))[0].parent.name
    with theme_kit.cdp_harness.StaticServer(mini_site) as base_url, theme_kit.cdp_harness.Browser() as browser:
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
