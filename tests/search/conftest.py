"""Fixtures for the search tests: real site builds and a real headless Chromium.

Sites (built once per test run, into a temp dir, and shared with the other tests):
* ``example``  – the example site, ``prongsai build`` from data/ (tests/conftest.py: example_site)
* ``seed002``  – ``prongsai build --data tests/fixtures/seed002`` (the seed-002 plan; seed002_site)
* ``seeds``    – an independent site made straight from the raw seed texts by
                 benchmarks/search/seedsite.py with a plain mkdocs.yml (no generator),
                 so that search is also checked on pages the generator did not write.

Browser tests skip only when Chromium is missing and CI is not set; under CI=true
a missing Chromium is a failure.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from search_sites import SHARED_SEEDS, build_seeds_site  # noqa: E402
from testkit import made_once_per_run  # noqa: E402

import cdp_harness  # noqa: E402


@pytest.fixture(scope="session")
def built_site(request, tmp_path_factory):
    """``built_site(name)`` -> directory of the built site ``name``; each is built once per
    test run and shared with the other tests (tests/conftest.py)."""

    def get(name: str) -> Path:
        if name == "example":
            return request.getfixturevalue("example_site")
        if name == "seed002":
            return request.getfixturevalue("seed002_site")
        if name == "seeds":
            if not SHARED_SEEDS.is_dir():
                pytest.skip(f"raw seed texts not found at {SHARED_SEEDS}")
            return made_once_per_run(tmp_path_factory, "seeds-site", build_seeds_site) / "site"
        raise ValueError(name)

    return get


@pytest.fixture(scope="session")
def browser(chromium):
    """The worker's one headless Chromium (tests/conftest.py), shared with the other browser tests."""
    return chromium[1]


@pytest.fixture(scope="session")
def served(built_site):
    """``served(name)`` -> base URL of a local HTTP server (gzip, like static hosts)."""
    servers: dict[str, tuple] = {}

    def get(name: str) -> str:
        if name not in servers:
            srv = cdp_harness.StaticServer(built_site(name))
            servers[name] = (srv, srv.__enter__())
        return servers[name][1]

    yield get
    for srv, _ in servers.values():
        srv.__exit__(None, None, None)
