"""Fixtures for the search tests: real site builds and a real headless Chromium.

Sites (built once per session, into a temp dir):
* ``example``  – the example site, ``prongsai build`` from data/
* ``seed002``  – ``prongsai build --data tests/fixtures/seed002`` (the seed-002 plan)
* ``seeds``    – an independent site made straight from the raw seed texts by
                 benchmarks/search/seedsite.py with a plain mkdocs.yml (no generator),
                 so that search is also checked on pages the generator did not write.

Browser tests skip only when Chromium is missing and CI is not set; under CI=true
a missing Chromium is a failure.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from search_sites import SHARED_SEEDS, build_seeds_site, prongsai_build  # noqa: E402
from testkit import seed002_data  # noqa: E402

import cdp_harness  # noqa: E402


_built: dict[str, Path] = {}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """``built_site(name)`` -> directory of the built site ``name``."""

    def get(name: str) -> Path:
        if name in _built:
            return _built[name]
        out = tmp_path_factory.mktemp(f"site-{name}")
        if name == "example":
            prongsai_build(out / "site")
            site = out / "site"
        elif name == "seed002":
            prongsai_build(out / "site", "--data", str(seed002_data()))
            site = out / "site"
        elif name == "seeds":
            if not SHARED_SEEDS.is_dir():
                pytest.skip(f"raw seed texts not found at {SHARED_SEEDS}")
            site = build_seeds_site(out)
        else:
            raise ValueError(name)
        _built[name] = site
        return site

    return get


@pytest.fixture(scope="session")
def browser():
    binary = cdp_harness.find_chromium()
    if not binary:
        if os.environ.get("CI"):
            pytest.fail("CI is set but Chromium is missing (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI is not set")
    with cdp_harness.Browser(binary) as b:
        yield b


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
