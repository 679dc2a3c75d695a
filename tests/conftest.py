"""Shared fixtures: real data folders, real built sites and one headless Chromium.

The suite runs in parallel (pytest-xdist, README): a site every worker reads is built
once per run, by the first worker that asks for it, while the others wait for it
(testkit.made_once_per_run); each worker keeps one Chromium for all its browser tests (testkit).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from testkit import FIXTURES, REPO, close_shared_browser, made_once_per_run, run_prongsai, seed002_data


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


def pytest_sessionfinish(session):
    close_shared_browser()


# Fixtures that build a whole site or start Chromium: a test that asks for one is slow (besides
# the shared ones here: the sites test_safety_publish_dirs and test_init build once per module).
HEAVY_FIXTURES = {"example_site", "mini_built_site", "seed002_site", "chromium", "built_site", "served",
                  "built", "new_project"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """`slow` for every browser test and every test of a built site (`-m "not slow"` is the
    quick loop while editing). Long tests first, so that no worker starts one when the
    others are nearly done. Under `--dist loadgroup`, the tests of a module that share a
    module-scoped fixture made in that module (a site built from changed data, a server)
    run on one worker, so that the fixture is made once; every other test goes wherever
    a worker is free."""
    for item in items:
        if _needs_a_built_site_or_a_browser(item):
            item.add_marker(pytest.mark.slow)
    weights: dict[str, int] = {}
    for item in items:
        module = item.nodeid.split("::")[0]
        weights[module] = min(weights.get(module, 2), _weight(item))
    items.sort(key=lambda item: weights[item.nodeid.split("::")[0]])  # stable: a module's tests stay together
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        module_fixtures = [
            definition for definitions in item._fixtureinfo.name2fixturedefs.values() for definition in definitions
            if definition.scope == "module" and getattr(definition.func, "__module__", None) == item.module.__name__
        ]
        if module_fixtures:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def _needs_a_built_site_or_a_browser(item) -> bool:
    return bool(item.get_closest_marker("browser")) or not HEAVY_FIXTURES.isdisjoint(item.fixturenames)


def _weight(item) -> int:
    """0 for a slow browser test, 1 for another slow one, 2 for the rest."""
    if item.get_closest_marker("slow"):
        return 0 if item.get_closest_marker("browser") else 1
    return 2


# --- sites built once per run -------------------------------------------------------------------

def _built_once(tmp_path_factory, name: str, data: Path) -> Path:
    """`prongsai build --data data`, once per run, into a site every test may read (and none
    may change: copy it first)."""

    def build(folder: Path) -> None:
        result = run_prongsai("build", "--data", str(data), "--site-dir", str(folder / "site"))
        assert result.returncode == 0, result.stdout + result.stderr

    return made_once_per_run(tmp_path_factory, name, build) / "site"


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example data (data/) built into a site, once per test run. Read only."""
    return _built_once(tmp_path_factory, "example-site", REPO / "data")


@pytest.fixture(scope="session")
def mini_built_site(tmp_path_factory) -> Path:
    """tests/fixtures/mini built into a site, once per test run. Read only."""
    return _built_once(tmp_path_factory, "mini-site", FIXTURES / "mini")


@pytest.fixture(scope="session")
def seed002_site(tmp_path_factory, seed002) -> Path:
    """Seed 002's data folder built into a site, once per test run (skips without the seed). Read only."""
    return _built_once(tmp_path_factory, "seed002-site", seed002)


@pytest.fixture(scope="session")
def example_model(tmp_path_factory):
    """The example data's model, as the generator builds it (one in-process run). Read only."""
    from generator import pipeline

    out = tmp_path_factory.mktemp("example-generated")
    return pipeline.generate(pipeline.Options(data_dir=REPO / "data", out_dir=out)).model


# --- data folders -------------------------------------------------------------------------------

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


# --- the browser --------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium():
    """(cdp_harness, Browser): the worker's one headless Chromium; open a tab per test."""
    from testkit import headless_chromium

    yield from headless_chromium()
