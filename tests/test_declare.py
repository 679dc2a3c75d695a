"""The declarative layer: one declaration gives the check (Thai problems with lines), the
typed object, the JSON Schema and the walk over attachments."""

from __future__ import annotations

from dataclasses import field
from typing import Annotated

import pytest

from generator.declare import SOURCE_LINE, At, Group, build, declared, file_fields, spec
from generator.fields import INVALID, Ctx, FileRef, Int, List, Text
from generator.load import parse_yaml_text
from generator.problems import Problems


@declared(required=("name",), ref="box")
class Box:
    name: Annotated[str, Text("ชื่อกล่อง")]
    size: Annotated[int | None, Int(minimum=1)] = None
    label_file: Annotated[str | None, At("label.file"), FileRef("ไฟล์ป้าย")] = None
    label_note: Annotated[str, At("label.note"), Text()] = ""
    boxes: Annotated[list[Box], List(Box, "กล่องข้างใน")] = field(default_factory=list)
    line: Annotated[int | None, SOURCE_LINE] = None
    owner: str = ""  # not in the YAML file


@declared(groups={"label": Group("ป้าย", required=("file",))})
class Shelf:
    box: Box | None = None
    label_text: Annotated[str, At("label.text"), Text()] = ""
    label_file: Annotated[str | None, At("label.file"), FileRef()] = None


def checked(cls, text):
    problems = Problems()
    data = parse_yaml_text(text)
    record = spec(cls).check(data, Ctx("shelf.yaml", "", 1, problems))
    return record, [p.format() for p in problems.items]


def test_a_record_becomes_the_typed_object_with_flat_groups_and_lines():
    record, problems = checked(Shelf, "box:\n  name: ก\n  label: {file: a.pdf, note: ด้านหน้า}\n"
                                      "  boxes:\n    - {name: ข, size: ๓}\nlabel: {text: ชั้นบน, file: b.pdf}\n")
    assert not problems
    shelf = build(Shelf, record, owner="คลัง")
    assert (shelf.label_text, shelf.label_file) == ("ชั้นบน", "b.pdf")
    box = shelf.box
    assert (box.name, box.size, box.label_file, box.label_note, box.line, box.owner) == (
        "ก", None, "a.pdf", "ด้านหน้า", 1, "คลัง")
    assert (box.boxes[0].name, box.boxes[0].size, box.boxes[0].boxes, box.boxes[0].line) == ("ข", 3, [], 5)
    assert sorted(path for _, path in file_fields(shelf, FileRef)) == ["a.pdf", "b.pdf"]


def test_problems_name_the_yaml_path_and_line():
    record, problems = checked(Shelf, "box:\n  size: 0\n  label: {note: x, fiel: a.pdf}\nlabel: {text: t}\n")
    assert record is not INVALID
    assert problems == [
        "shelf.yaml:2: box.size: ต้องไม่น้อยกว่า 1",
        "shelf.yaml:3: box.label.fiel: ไม่รู้จักช่อง 'fiel' หมายถึง 'file' หรือไม่",
        "shelf.yaml:1: box: ขาดช่อง 'name' ซึ่งต้องมี (ชื่อกล่อง)",
        "shelf.yaml:4: label: ขาดช่อง 'file' ซึ่งต้องมี (ไฟล์ในโฟลเดอร์ข้อมูล เช่น files/แผนผัง.pdf)",
    ]


def test_json_schema_follows_the_yaml_shape_and_refers_to_itself():
    schema = spec(Shelf).schema()
    box = schema["properties"]["box"]
    assert set(schema["properties"]) == {"box", "label"}
    label = schema["properties"]["label"]
    assert label["description"] == "ป้าย" and label["required"] == ["file"]
    assert set(box["properties"]) == {"name", "size", "label", "boxes"} and box["required"] == ["name"]
    assert box["properties"]["boxes"]["items"] == {"$ref": "#/$defs/box"}


def test_a_required_field_that_is_not_declared_is_caught_at_once():
    @declared(required=("nmae",))
    class Broken:
        name: Annotated[str, Text()]

    with pytest.raises(TypeError, match="nmae"):
        spec(Broken)
