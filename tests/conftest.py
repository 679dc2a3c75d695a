"""Shared fixtures: real data folders and a real built site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from testkit import FIXTURES, REPO, run_prongsai, seed002_data


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture(scope="session")
def seed002() -> Path:
    """The data folder of seed 002's real plan (tests/fixtures/seed002), imported from
    ../shared/seeds once per session; tests that use it skip where the seed is absent."""
    return seed002_data()


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
