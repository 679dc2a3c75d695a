"""`prongsai init`: a new organisation's site project that builds at once.

Real runs of the installed command (`python -m generator.cli`) in temporary folders,
real MkDocs builds of the new project.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from generator import init, thai
from generator.catalogue import load_catalogues
from generator.problems import Problems
from testkit import REPO, run_prongsai

NAME = "องค์การบริหารส่วนตำบลทดสอบ"


def _init(tmp_path: Path, *extra: str, directory: str = "NEWDIR"):
    return run_prongsai("init", directory, "--name", NAME, *extra, cwd=tmp_path)


@pytest.fixture(scope="module")
def catalogues():
    return load_catalogues(Problems())


# --- the ITA year and its catalogue ------------------------------------------------------------

@pytest.mark.parametrize("today, year", [
    (dt.date(2026, 9, 30), 2569),
    (dt.date(2026, 10, 1), 2570),
    (dt.date(2026, 12, 5), 2570),
    (dt.date(2027, 1, 15), 2570),
])
def test_the_current_ita_year_is_the_fiscal_year_of_today(today, year):
    assert init.current_ita_year(today) == year


def test_the_catalogue_of_the_current_year_else_the_newest_with_a_notice(catalogues):
    newest = max(catalogues)
    in_newest_year = thai.fiscal_year_bounds(newest)[0]  # 1 October of its fiscal year
    catalogue, notice = init.choose_catalogue(in_newest_year, catalogues)
    assert (catalogue.ita_year, notice) == (newest, "")

    next_year = thai.fiscal_year_bounds(newest + 1)[0]
    catalogue, notice = init.choose_catalogue(next_year, catalogues)
    assert catalogue.ita_year == newest
    assert f"ยังไม่มีบัญชีรายการ OIT ปี {newest + 1}" in notice and f"data/oit/{newest + 1}.yaml" in notice


def test_init_tells_when_it_falls_back_to_an_older_catalogue(tmp_path, catalogues):
    newest = max(catalogues)
    later = thai.fiscal_year_bounds(newest + 3)[0].isoformat()
    result = _init(tmp_path, "--today", later)
    assert result.returncode == 0, result.stderr
    assert f"ยังไม่มีบัญชีรายการ OIT ปี {newest + 3}" in result.stdout
    assert (tmp_path / "NEWDIR" / "data" / "oit" / f"{newest}.yaml").is_file()
    assert yaml.safe_load((tmp_path / "NEWDIR/data/site.yaml").read_text(encoding="utf-8"))["ita_year"] == newest


# --- from nothing to a built site ---------------------------------------------------------------

@pytest.fixture(scope="module")
def new_project(tmp_path_factory):
    """`prongsai init NEWDIR --name …` then `cd NEWDIR && prongsai build`, once for the module."""
    root = tmp_path_factory.mktemp("init")
    created = _init(root)
    assert created.returncode == 0, created.stderr
    project = root / "NEWDIR"
    built = run_prongsai("build", cwd=project)
    return project, created, built


@pytest.mark.slow
def test_init_then_build_works_at_once(new_project):
    project, created, built = new_project
    assert built.returncode == 0, built.stderr
    assert "ข้อมูลถูกต้อง" in built.stdout
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert NAME in home
    # the theme and the Thai search came from the installed package, not from the project
    for asset in ("assets/search/search.js", "assets/stylesheets/prongsai.css"):
        assert (project / "site" / asset).is_file(), asset
    assert "Sarabun" in (project / "site/assets/stylesheets/prongsai.css").read_text(encoding="utf-8")
    assert not (project / "site" / "CNAME").exists()  # no site_url yet: GitHub's own address


def test_every_file_is_reported_and_nothing_of_the_generator_is_copied(new_project):
    project, created, _ = new_project
    written = sorted(p.relative_to(project).as_posix() for p in project.rglob("*")
                     if p.is_file() and not p.relative_to(project).parts[0] in ("site", "build"))
    assert written == sorted(line.removeprefix("สร้าง ") for line in created.stdout.splitlines()
                             if line.startswith("สร้าง "))
    python_files = [p for p in project.rglob("*.py") if "build" not in p.relative_to(project).parts]
    assert python_files == []  # the installed package's MkDocs plugin does the work


@pytest.mark.slow
def test_a_fresh_project_validates_and_check_lists_every_item_missing(new_project, catalogues):
    project, _, _ = new_project
    validated = run_prongsai("validate", cwd=project)
    assert validated.returncode == 0, validated.stderr
    year = yaml.safe_load((project / "data/site.yaml").read_text(encoding="utf-8"))["ita_year"]
    checked = run_prongsai("check", "--format", "json", cwd=project)
    assert checked.returncode == 0, checked.stderr
    for item in catalogues[year].items:
        assert item.code in checked.stdout


def test_the_oit_file_lists_every_item_with_its_requirement_and_no_evidence(new_project, catalogues):
    project, _, _ = new_project
    year = yaml.safe_load((project / "data/site.yaml").read_text(encoding="utf-8"))["ita_year"]
    assert year == init.current_ita_year(dt.date.today()) or year == max(catalogues)
    path = project / "data" / "oit" / f"{year}.yaml"
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    catalogue = catalogues[year]
    assert data["ita_year"] == year
    assert list(data["items"]) == [item.key for item in catalogue.items]
    assert all(evidence == {} for evidence in data["items"].values())
    for item in catalogue.items:
        comments = _comment_block_before(text, f"  {item.key}: {{}}")
        assert f"{item.code} {item.title}" in comments
        for component in item.components:
            assert " ".join(component.title.split()) in comments, (item.key, component.id)


def _comment_block_before(text: str, line: str) -> str:
    lines = text.splitlines()
    index = lines.index(line)
    block = []
    for previous in reversed(lines[:index]):
        if not previous.strip().startswith("#"):
            break
        block.append(previous)
    return "\n".join(reversed(block))


def test_organisation_placeholders_validate_and_say_what_to_fill(new_project):
    project, _, _ = new_project
    organisation = yaml.safe_load((project / "data/organisation.yaml").read_text(encoding="utf-8"))
    assert organisation["name"] == NAME
    assert organisation["type"] == "องค์การบริหารส่วนตำบล"
    assert organisation["short_name"] == "อบต.ทดสอบ"
    assert organisation["address"].startswith("ยังไม่ได้กรอก")


def test_the_requirement_is_a_pinned_install_of_this_version(new_project):
    project, _, _ = new_project
    lines = [line for line in (project / "requirements.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    version = metadata.version("prongsai")
    assert len(lines) == 1
    assert re.fullmatch(rf"prongsai @ git\+https://\S+@v{re.escape(version)}", lines[0]), lines[0]
    assert init.requirement_line() == lines[0]


def _plugin_names(config: dict) -> list[str]:
    return [next(iter(entry)) if isinstance(entry, dict) else entry for entry in config.get("plugins") or []]


def test_the_project_mkdocs_yml_follows_the_repository_one(new_project):
    """Same theme settings, plugins and extensions as Prongsai's own mkdocs.yml; only the theme
    folder (the plugin adds the installed one) and the CNAME file of a custom domain differ."""
    project, _, _ = new_project
    mine = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    repo = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in mine and "hooks" not in repo
    assert _plugin_names(mine) == _plugin_names(repo) == ["prongsai"]
    assert mine["plugins"] == [{"prongsai": {"cname": True}}]
    assert "custom_dir" not in mine["theme"]
    repo_theme = {k: v for k, v in repo["theme"].items() if k != "custom_dir"}
    assert mine["theme"] == repo_theme
    for key in ("docs_dir", "site_dir", "use_directory_urls", "markdown_extensions", "extra_css", "extra"):
        assert mine[key] == repo[key], key


@pytest.mark.slow
def test_plain_mkdocs_build_works_in_the_project_too(new_project, tmp_path):
    project, _, _ = new_project
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(tmp_path / "out")],
                            cwd=project, capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "assets" / "search" / "search.js").is_file()


# --- a project made by an older `prongsai init` (hooks: instead of the plugin) ---------------------

OLD_HOOKS_FILE = """from generator.init import site_hooks

globals().update(site_hooks())
"""


def _as_older_init_made_it(project: Path) -> int:
    """mkdocs.yml and prongsai_hooks.py as an older `prongsai init` wrote them; the line of `hooks:`."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    plugins = re.search(r"(?m)^plugins:\n(?:  .*\n)+", config)
    config = (config[:plugins.start()] + "hooks:\n  - prongsai_hooks.py\n\nplugins: []\n" + config[plugins.end():]
              + "  prongsai:\n    data: data\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "prongsai_hooks.py").write_text(OLD_HOOKS_FILE, encoding="utf-8")
    return config[:config.index("hooks:")].count("\n") + 1


@pytest.mark.slow
def test_a_project_of_an_older_init_still_builds_and_is_told_what_to_change(tmp_path):
    created = _init(tmp_path, "--site-url", "https://ita.thotsop.go.th/")
    assert created.returncode == 0, created.stderr
    project = tmp_path / "NEWDIR"
    line = _as_older_init_made_it(project)
    for command in (["-m", "generator.cli", "build"], ["-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "plain")]):
        result = subprocess.run([sys.executable, *command], cwd=project, capture_output=True, text=True,
                                encoding="utf-8", timeout=600)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        notices = [entry for entry in result.stderr.splitlines() if entry.startswith(f"mkdocs.yml:{line}: hooks: ")]
        assert len(notices) == 1, result.stderr
        assert "plugins: [prongsai]" in notices[0] and "prongsai_hooks.py" in notices[0]
    for site in (project / "site", tmp_path / "plain"):
        assert NAME in (site / "index.html").read_text(encoding="utf-8")
        assert (site / "assets" / "search" / "index.json").is_file()
        assert (site / "CNAME").read_text(encoding="utf-8") == "ita.thotsop.go.th\n"


def test_a_mkdocs_yml_without_the_plugin_is_refused_with_what_to_add(tmp_path):
    created = _init(tmp_path)
    assert created.returncode == 0, created.stderr
    project = tmp_path / "NEWDIR"
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(re.sub(r"(?m)^plugins:\n(?:  .*\n)+", "plugins: []\n", config),
                                        encoding="utf-8")
    result = run_prongsai("build", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "plugins:\n  - prongsai" in result.stderr
    assert not (project / "site").exists()


# --- custom domain --------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_custom_domain_gets_its_cname_file(tmp_path):
    created = _init(tmp_path, "--site-url", "https://ita.thotsop.go.th/", "--province", "ขอนแก่น")
    assert created.returncode == 0, created.stderr
    project = tmp_path / "NEWDIR"
    site = yaml.safe_load((project / "data/site.yaml").read_text(encoding="utf-8"))
    assert site["site_url"] == "https://ita.thotsop.go.th/"
    assert "จังหวัดขอนแก่น" in (project / "data/organisation.yaml").read_text(encoding="utf-8")
    built = run_prongsai("build", cwd=project)
    assert built.returncode == 0, built.stderr
    assert (project / "site" / "CNAME").read_text(encoding="utf-8") == "ita.thotsop.go.th\n"


@pytest.mark.parametrize("url, host", [
    ("https://ita.thotsop.go.th/", "ita.thotsop.go.th"),
    ("https://WWW.Thotsop.go.th/ita/", "www.thotsop.go.th"),
    ("https://someone.github.io/thotsop/", None),
    ("", None),
    (None, None),
])
def test_cname_host(url, host):
    assert init.cname_host(url) == host


# --- never overwrite, clear usage errors ----------------------------------------------------------

@pytest.mark.slow
def test_existing_files_are_kept_and_reported(tmp_path):
    project = tmp_path / "NEWDIR"
    (project / "data").mkdir(parents=True)
    mine = "name: ของเดิม\n"
    (project / "data" / "organisation.yaml").write_text(mine, encoding="utf-8")
    (project / "README.md").write_text("ของเดิม\n", encoding="utf-8")
    result = _init(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (project / "data" / "organisation.yaml").read_text(encoding="utf-8") == mine
    assert (project / "README.md").read_text(encoding="utf-8") == "ของเดิม\n"
    assert "มีอยู่แล้ว ไม่เขียนทับ: data/organisation.yaml" in result.stdout
    assert "มีอยู่แล้ว ไม่เขียนทับ: README.md" in result.stdout
    assert (project / "mkdocs.yml").is_file() and (project / "data" / "site.yaml").is_file()

    again = _init(tmp_path)
    assert again.returncode == 0, again.stderr
    assert "สร้าง " not in again.stdout
    assert "ไม่ได้สร้างไฟล์ใหม่" in again.stdout


@pytest.mark.parametrize("args, option", [
    (["--name", "บริษัทตัวอย่าง จำกัด"], "--type"),
    (["--name", NAME, "--type", "สหกรณ์"], "--type"),
    (["--name", NAME, "--site-url", "ftp://ita.thotsop.go.th/"], "--site-url"),
    (["--name", NAME, "--site-url", "https://ita.thotsop.go.th/?a=1"], "--site-url"),
    (["--name", "   "], "--name"),
])
def test_usage_errors_are_thai_and_write_nothing(tmp_path, args, option):
    result = run_prongsai("init", "NEWDIR", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(option + ":"), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "NEWDIR").exists()


@pytest.mark.parametrize("name, org_type, short", [
    ("เทศบาลตำบลทดสอบ", "เทศบาลตำบล", "ทต.ทดสอบ"),
    ("องค์การบริหารส่วนจังหวัดทดสอบ", "องค์การบริหารส่วนจังหวัด", "อบจ.ทดสอบ"),
    ("อบต.ทดสอบ", "องค์การบริหารส่วนตำบล", "อบต.ทดสอบ"),
    ("เมืองพัทยา", "เมืองพัทยา", "เมืองพัทยา"),
])
def test_the_type_and_short_name_come_from_the_name(name, org_type, short):
    settings = init.project_settings(name, None, None, None)
    assert (settings.org_type, settings.short_name) == (org_type, short)


# --- a project built with Prongsai installed from a wheel, as requirements.txt installs it -----------

@pytest.mark.slow
def test_a_project_builds_with_prongsai_installed_from_its_wheel(tmp_path):
    """The theme, the templates and the hooks must all come from the installed package:
    build the wheel, install it into a folder of its own and run init and build there
    (from outside the repository, so the checkout cannot be imported by accident)."""
    if not (REPO / "generator" / "theme" / "main.html").is_file():
        pytest.skip("the theme is not inside the package yet (theme/ beside generator/): a wheel "
                    "would have no theme; move it to generator/theme/ with its package-data entry")
    wheels, target = tmp_path / "wheels", tmp_path / "installed"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    wheel = next(wheels.glob("prongsai-*.whl"))
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                                str(wheel)], capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr
    env = {key: value for key, value in os.environ.items() if not key.startswith("PRONGSAI_")}
    env["PYTHONPATH"] = str(target)

    def run(*args, cwd):
        return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True,
                              encoding="utf-8", timeout=600)

    where = run("-c", "import generator; print(generator.__file__)", cwd=tmp_path)
    assert where.stdout.strip().startswith(str(target)), where.stdout + where.stderr
    created = run("-m", "generator.cli", "init", "NEWDIR", "--name", NAME, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    project = tmp_path / "NEWDIR"
    result = run("-m", "generator.cli", "build", cwd=project)
    assert result.returncode == 0, result.stderr
    for asset in ("index.html", "assets/search/search.js", "assets/stylesheets/prongsai.css"):
        assert (project / "site" / asset).is_file(), asset


def test_another_pinned_requirement_can_be_given(tmp_path):
    result = _init(tmp_path, "--requirement", "prongsai==0.1.0")
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "NEWDIR" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "prongsai==0.1.0"
    assert "prongsai==0.1.0" in (tmp_path / "NEWDIR" / "README.md").read_text(encoding="utf-8")
