"""The field tables of docs/data-format.md, written from the data format (schema.py), so
that the guide names every field the validator accepts, with its kind and description.

    python -m generator.datadocs [DOC]          rewrite the tables in DOC (docs/data-format.md)
    python -m generator.datadocs --check [DOC]  exit 1 when they are out of date

Each table sits between `<!-- fields: NAME -->` and `<!-- /fields -->` (NAME as in
schema.FILE_SCHEMAS); the text around the tables is written by hand.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import fields as f
from .declare import Nested
from .schema import FILE_SCHEMAS

DOC = Path(__file__).resolve().parents[1] / "docs" / "data-format.md"
TABLE = re.compile(r"(<!-- fields: (?P<name>\w+) -->\n)(?P<table>.*?)(<!-- /fields -->)", re.S)
HEADER = "| ช่อง | ต้องมี | ชนิด | คำอธิบาย |\n|---|---|---|---|\n"


# the kinds that need no more words, subclasses before their bases (SiteUrl is a Url, Slug a Text)
KIND_NAMES = [
    (f.SiteUrl, "ที่อยู่เว็บไซต์ (https://…/)"), (f.Url, "ลิงก์"),
    (f.Slug, "ชื่อสำหรับที่อยู่หน้าเว็บ (ตัวอักษร ตัวเลข - _)"),
    (f.Colour, "รหัสสี #RRGGBB"), (f.Paragraphs, "ข้อความ หรือรายการข้อความ"), (f.Year, "ปี พ.ศ."),
    (f.Money, "จำนวนเงิน (บาท)"), (f.Date, "วันที่"), (f.Bool, "true หรือ false"), (f.Email, "อีเมล"),
    (f.Phone, "หมายเลขโทรศัพท์ (ในเครื่องหมายคำพูด)"), (f.FileRef, "ไฟล์ในโฟลเดอร์ข้อมูล"), (f.Period, "ช่วงเวลา"),
    (f.Int, "ตัวเลข"), (f.Obj, "กลุ่มข้อมูล (ช่องย่อยด้านล่าง)"),
]


def kind_of(rule: f.Field) -> str:
    """The kind of value a field takes, in the words of the guide."""
    rule = _unwrapped(rule)
    named = next((name for cls, name in KIND_NAMES if isinstance(rule, cls)), None)
    if named:
        return named
    if isinstance(rule, f.Text):
        return "ข้อความบรรทัดเดียว" if rule.single_line else "ข้อความ"
    if isinstance(rule, f.Enum):
        return "ค่าใดค่าหนึ่ง: " + ", ".join(map(str, rule.choices))
    if isinstance(rule, f.List):
        return "รายการ" + _of(rule.item)
    if isinstance(rule, f.YearMap):
        return "ปี: " + _value_words(rule.value)
    if isinstance(rule, f.KeyMap):
        return "ชื่อข้อ: " + _value_words(rule.value)
    return type(rule).__name__


def _of(item: f.Field) -> str:
    item = _unwrapped(item)
    return " (แต่ละรายการมีช่องย่อยด้านล่าง)" if isinstance(item, f.Obj) else f"ของ{kind_of(item)}"


def _value_words(value: f.Field) -> str:
    value = _unwrapped(value)
    return "กลุ่มข้อมูล (ช่องย่อยด้านล่าง)" if isinstance(value, f.Obj) else kind_of(value)


def _unwrapped(rule: f.Field) -> f.Field:
    return rule.spec if isinstance(rule, Nested) else rule


def rows(obj: f.Obj, prefix: str = "", listed: dict | None = None) -> list[tuple[str, str, str, str]]:
    """(path, required, kind, description) of every field under `obj`, parents first. A declared
    shape met again (a person, a project, a unit inside a unit) points to where it is listed."""
    listed = {} if listed is None else listed
    found = []
    for key, rule in obj.fields.items():
        path = f"{prefix}{key}"
        kind, inner = kind_of(rule), _inner(rule, path, listed)
        if inner is None:
            shape = f"ช่องแบบเดียวกับ `{_listed_at(rule, listed)}`"
            kind = f"รายการ แต่ละรายการมี{shape}" if isinstance(rule, f.List) else f"กลุ่มข้อมูลที่มี{shape}"
        found.append((path, "ต้องมี" if key in obj.required else "", kind, rule.description))
        found += inner or []
    return found


def _inner(rule: f.Field, path: str, listed: dict) -> list | None:
    """The rows inside `rule` at `path`; None when its declared shape is listed already."""
    if isinstance(rule, Nested):
        if rule.declaration in listed:
            return None
        listed[rule.declaration] = path
        rule = rule.spec
    if isinstance(rule, f.Obj):
        return rows(rule, f"{path}.", listed)
    for container, suffix, attribute in ((f.List, "[]", "item"), (f.YearMap, ".<ปี>", "value"),
                                         (f.KeyMap, ".<ชื่อข้อ>", "value")):
        if isinstance(rule, container):
            return _inner(getattr(rule, attribute), path + suffix, listed)
    return []


def _listed_at(rule: f.Field, listed: dict) -> str:
    while not isinstance(rule, Nested):
        rule = getattr(rule, "item", None) or getattr(rule, "value")
    return listed[rule.declaration]


def table(name: str) -> str:
    def cell(text: str) -> str:
        return " ".join(str(text).split()).replace("|", "\\|")

    return HEADER + "".join(f"| `{path}` | {required} | {cell(kind)} | {cell(description)} |\n"
                            for path, required, kind, description in rows(FILE_SCHEMAS[name]))


def render(text: str) -> str:
    """`text` (docs/data-format.md) with every field table written anew."""
    return TABLE.sub(lambda m: m.group(1) + table(m.group("name")) + m.group(4), text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.datadocs", description=__doc__.split("\n\n")[0])
    parser.add_argument("doc", nargs="?", type=Path, default=DOC)
    parser.add_argument("--check", action="store_true", help="only report whether the tables are current")
    args = parser.parse_args(argv)
    text = args.doc.read_text(encoding="utf-8")
    current = render(text)
    if args.check:
        if current != text:
            print(f"{args.doc}: ตารางช่องข้อมูลไม่ตรงกับรูปแบบข้อมูล ให้สั่ง python -m generator.datadocs",
                  file=sys.stderr)
            return 1
        return 0
    if current != text:
        args.doc.write_text(current, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
