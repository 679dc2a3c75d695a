"""Fixtures for the importer tests: the real seed documents (skipped only outside CI when missing)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from importer_kit import SEED_MEASURES, SEED_PLAN


def _seed(path: Path) -> Path:
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"seed document missing in CI: {path}")
        pytest.skip(f"seed document not available: {path}")
    return path


@pytest.fixture
def seed_plan() -> Path:
    return _seed(SEED_PLAN)


@pytest.fixture
def seed_measures() -> Path:
    return _seed(SEED_MEASURES)
