"""Helpers shared by the test modules (imported as `testkit`; conftest.py only
holds fixtures, because every folder's conftest.py is a module named `conftest`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = REPO.parent / "shared" / "seeds"


def run_prongsai(*args: str, cwd: Path = REPO, env: dict | None = None, timeout: int = 600):
    """Run the installed command in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    for key in ("PRONGSAI_DATA", "PRONGSAI_YEAR", "PRONGSAI_STRICT", "PRONGSAI_TODAY", "PRONGSAI_REPORTED"):
        if key not in (env or {}):
            full_env.pop(key, None)
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=full_env,
        capture_output=True, text=True, encoding="utf-8", timeout=timeout,
    )
