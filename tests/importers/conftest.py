"""Fixtures for the importer tests: the real seed documents, read from ../shared/seeds
(tests that use them skip where they are absent; see tests/testkit.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from importer_kit import SEED_MEASURES
from testkit import SEED002_PLAN, require_seed


@pytest.fixture
def seed_plan() -> Path:
    return require_seed(SEED002_PLAN)


@pytest.fixture
def seed_measures() -> Path:
    return require_seed(SEED_MEASURES)
