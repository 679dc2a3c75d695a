"""Field-by-field comparison of imported data with hand-written expected data (imported as
`fidelity_kit`; used by test_expected_results.py and benchmarks/import_fidelity.py).

A field is one leaf of the expected data (a title, a number, one paragraph, a period's start);
both sides go through the data format's check first, so '1 ตุลาคม 2567' and 2024-10-01 are the
same date. Text is compared without spaces (a PDF cannot say whether a Thai line was wrapped at
a space) and with Thai digits read as Arabic; list items are compared by position.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.fields import INVALID, Ctx
from generator.importers import _schema
from generator.importers.write_yaml import dump_yaml
from generator.load import parse_yaml_text
from generator.problems import Problems

EXPECTED = Path(__file__).parent / "expected"


def checked(kind: str, yaml_text: str):
    """The data as `prongsai validate` sees it (dates as dates, numbers as numbers)."""
    problems = Problems()
    node = parse_yaml_text(yaml_text)
    data = _schema(kind).check(node, Ctx("expected", "", getattr(node, "line", 1), problems, None))
    return None if data is INVALID else data


def leaves(value, path: str = ""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, f"{path}[{index}]")
    else:
        yield path, value


def same(a, b) -> bool:
    def key(v):
        text = str(v) if v is not None else ""
        text = text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
        return re.sub(r"\s+", "", text)
    return b is not None and key(a) == key(b)


def compare(kind: str, expected_text: str, imported: dict) -> tuple[int, int, int, list[str]]:
    expected = checked(kind, expected_text)
    got = checked(kind, dump_yaml(imported)) if imported else {}
    want = dict(leaves(expected))
    have = dict(leaves(got or {}))
    wrong = [f"{path}: expected {str(value)[:70]!r}, got {str(have.get(path))[:70]!r}"
             for path, value in want.items() if not same(value, have.get(path))]
    extra = [path for path in have if path not in want]
    return len(want) - len(wrong), len(want), len(extra), wrong
