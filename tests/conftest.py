"""Shared test helpers: run the real `prongsai` command, build real sites."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = REPO.parent / "shared" / "seeds"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


def run_prongsai(*args: str, cwd: Path = REPO, env: dict | None = None, timeout: int = 600):
    """Run the installed command in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    for key in ("PRONGSAI_DATA", "PRONGSAI_YEAR", "PRONGSAI_STRICT", "PRONGSAI_TODAY"):
        if key not in (env or {}):
            full_env.pop(key, None)
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=full_env,
        capture_output=True, text=True, encoding="utf-8", timeout=timeout,
    )


@pytest.fixture
def copy_fixture(tmp_path):
    """A writable copy of a fixture data folder."""

    def make(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name if (FIXTURES / name).exists() else REPO / name, target)
        return target

    return make


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example data (data/) built into a site, once per test session."""
    site = tmp_path_factory.mktemp("example") / "site"
    result = run_prongsai("build", "--data", str(REPO / "data"), "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site
