"""docs/data-format.md names every field the validator accepts: its field tables are the ones
`python -m generator.datadocs` writes from the data format, and every field of the exported
JSON Schema (a walk independent of the table writer) has a row there."""

from __future__ import annotations

import re

import pytest

from generator import datadocs
from generator.schema import FILE_CLASSES, json_schema
from testkit import REPO

DOC = REPO / "docs" / "data-format.md"
ROW = re.compile(r"^\| `(?P<path>[^`]+)` \|[^|]*\| (?P<kind>(?:[^|\\]|\\.)*) \|", re.M)
SAME_AS = re.compile(r"แบบเดียวกับ `([^`]+)`")


def schema_paths(node: dict, prefix: str = ""):
    """Every field path of a JSON Schema, written as the tables write them."""
    for key, child in node.get("properties", {}).items():
        path = f"{prefix}{key}"
        yield path
        yield from _below(child, path)


def _below(node: dict, path: str):
    if "properties" in node:
        yield from schema_paths(node, f"{path}.")
    elif "items" in node:
        yield from _below(node["items"], f"{path}[]")
    elif "patternProperties" in node:
        (value,) = node["patternProperties"].values()
        yield from _below(value, f"{path}.<ปี>")
    elif isinstance(node.get("additionalProperties"), dict):
        yield from _below(node["additionalProperties"], f"{path}.<ชื่อข้อ>")


def documented(path: str, rows: dict[str, str]) -> bool:
    """The path has a row, or lies inside a field whose row says it has the shape of another."""
    if path in rows:
        return True
    for row_path, kind in rows.items():
        same = SAME_AS.search(kind)
        for joint in ("[].", "."):
            if same and path.startswith(row_path + joint):
                return documented(same.group(1) + "." + path[len(row_path + joint):], rows)
    return False


def section(text: str, name: str) -> str:
    match = re.search(rf"<!-- fields: {name} -->\n(.*?)<!-- /fields -->", text, re.S)
    assert match, f"docs/data-format.md has no field table for {name}"
    return match.group(1)


def test_field_tables_are_current():
    text = DOC.read_text(encoding="utf-8")
    assert datadocs.render(text) == text, "docs/data-format.md is out of date: run python -m generator.datadocs"


@pytest.mark.parametrize("name", sorted(FILE_CLASSES))
def test_every_field_has_a_row(name):
    rows = {m["path"]: m["kind"] for m in ROW.finditer(section(DOC.read_text(encoding="utf-8"), name))}
    paths = list(schema_paths(json_schema(name)))
    assert len(paths) > 5
    missing = [path for path in paths if not documented(path, rows)]
    assert not missing, f"docs/data-format.md has no row for {missing}"


def test_a_field_missing_from_the_guide_is_noticed(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    without = text.replace("| `name_en` |", "| `name_xx` |", 1)
    assert without != text
    stale = tmp_path / "data-format.md"
    stale.write_text(without, encoding="utf-8")
    assert datadocs.main(["--check", str(stale)]) == 1
    rows = {m["path"]: m["kind"] for m in ROW.finditer(section(without, "organisation"))}
    assert not documented("name_en", rows) and documented("executives.council[].email", rows)

