"""Helpers for the readiness tests: data folders edited as YAML, and
`prongsai check` run as a user would. Imported as `readiness_kit` (a unique
name: every folder's conftest.py is a module called `conftest`)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import yaml

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from testkit import FIXTURES, REPO, run_prongsai  # noqa: E402

MINI = FIXTURES / "mini"
EXAMPLE = REPO / "data"
TODAY = "2026-04-20"  # 20 เมษายน 2569: after the first half of FY 2569, as the example's as_of


def copy_data(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_yaml(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def edit_yaml(path: Path, change) -> None:
    """Load, change (a function that edits the data in place), write back."""
    data = read_yaml(path)
    change(data)
    write_yaml(path, data)


def line_number(path: Path, text: str) -> int:
    """1-based line of the first line containing `text`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def run_check(data: Path, *args: str, today: str | None = TODAY):
    full = ["check", "--data", str(data), *args]
    if today:
        full += ["--today", today]
    result = run_prongsai(*full)
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "ภายในโปรแกรม" not in output, output
    return result


def check_json(data: Path, *args: str, today: str | None = TODAY) -> dict:
    result = run_check(data, "--format", "json", *args, today=today)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def by_key(report: dict) -> dict[str, dict]:
    return {item["key"]: item for item in report["items"]}


def failing(report: dict) -> dict[str, str]:
    """{key: status} of every item that would score 0."""
    return {item["key"]: item["status"] for item in report["items"] if item["status"] != "complete"}


def messages(item: dict) -> str:
    return "\n".join(reason["message"] for reason in item["reasons"])


def wheres(item: dict) -> list[str]:
    return [where for reason in item["reasons"] for where in reason["where"]]
