"""The exported JSON Schema is valid and matches the code (run `prongsai schema` after changing schema.py)."""

import json

import jsonschema
import pytest

from testkit import REPO
from generator.schema import FILE_SCHEMAS, json_schema


@pytest.mark.parametrize("name", sorted(FILE_SCHEMAS))
def test_exported_schema_is_valid_and_current(name):
    schema = json_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    exported = json.loads((REPO / "docs" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert exported == schema, "docs/schema is out of date: run `prongsai schema`"


def test_schema_accepts_a_typical_document_and_rejects_unknown_keys():
    validator = jsonschema.Draft202012Validator(json_schema("organisation"))
    good = {"name": "อบต.ก", "type": "อบต.", "address": "ที่อยู่", "executives": {"political": [{"name": "ก", "position": "นายก"}]}}
    assert not list(validator.iter_errors(good))
    assert list(validator.iter_errors({**good, "nmae": "x"}))
