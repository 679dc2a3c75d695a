"""Part 1 of an action plan (ส่วนที่ ๑ บทนำ): its introduction, rationale, objectives, targets
and benefits, read into the plan's `rationale`, `objectives`, `targets` and `benefits`.

In the ONACC template Part 1 comes after the foreword and the table of contents and before
the summary table (ส่วนที่ ๒):

    ส่วนที่ ๑ / บทนำ / <paragraphs>
    ๑. การประเมินความเสี่ยงการทุจริต … <risk table>
    ๒. หลักการและเหตุผล / <paragraphs>
    ๓. วัตถุประสงค์ของการจัดทำแผน / ๑. … ๒. …
    ๔. เป้าหมาย / …
    ๕. ประโยชน์ของการจัดทำแผน / …

The data format has no field of its own for บทนำ: its paragraphs are the background of the
plan's rationale and open `rationale`. A heading is recognised by its words, numbered or
not; a table (the risk assessment) ends the text of the heading above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .common import arabic, cells_of, is_page_number, one_line, strip_bullet

# heading words → field, in the template's order
PART_ONE_FIELDS = (
    ("rationale", ("หลักการและเหตุผล", "หลักการเหตุผล")),
    ("objectives", ("วัตถุประสงค์",)),
    ("targets", ("เป้าหมาย",)),
    ("benefits", ("ประโยชน์",)),
)
_NUMBER = r"(?:[\d]{1,2}\s*[.)]\s*)?"
_INTRO = re.compile(r"^(?:ส่วนที่\s*1\s*)?(?:บทนำ)\s*:?\s*$")
_PART_START = re.compile(r"^ส่วนที่\s*1(?:\s|$)")
_PART_END = re.compile(r"^(?:ส่วนที่\s*[2-9]|สารบัญ|ภาคผนวก)(?:\s|$)")
_NUMBERED = re.compile(r"^\d{1,2}\s*[.)]\s*\S")
MAX_HEADING = 80


@dataclass
class _Reading:
    target: str | None = None                     # the field the text goes to, None between headings
    found: dict = field(default_factory=dict)     # field → [(line, text)]
    lines: dict = field(default_factory=dict)     # field → the line of its heading


def heading_field(text: str) -> str | None:
    """'๒. หลักการและเหตุผล', 'วัตถุประสงค์ของการจัดทำแผน' → the field; 'intro' for 'บทนำ'."""
    plain = arabic(text).strip()
    if _INTRO.match(plain):
        return "intro"
    if len(plain) > MAX_HEADING or re.search(r"\d\s*$", plain):     # a contents line ends in its page
        return None
    rest = re.sub(r"^" + _NUMBER, "", plain).strip()
    for name, words in PART_ONE_FIELDS:
        if any(rest.startswith(word) for word in words):
            return name
    return None


def read_part_one(lines: list[str], end: int) -> tuple[dict[str, list[str]], dict[str, int]]:
    """The Part 1 fields among lines[:end] (end: the summary table's first line, or the end).
    Returns ({field: paragraphs}, {field: line of its heading})."""
    start = _part_start(lines, end)
    if start is None:
        return {}, {}
    reading = _Reading()
    for index in range(start, end):
        if not _read_line(reading, lines[index], index + 1):
            break
    texts = {name: _paragraphs(entries) for name, entries in reading.found.items()}
    intro = texts.pop("intro", [])
    if intro:
        texts["rationale"] = intro + texts.get("rationale", [])
        reading.lines.setdefault("rationale", reading.lines.get("intro"))
    return {name: paras for name, paras in texts.items() if paras}, reading.lines


def _part_start(lines: list[str], end: int) -> int | None:
    """The line of 'ส่วนที่ ๑' or 'บทนำ' (after the table of contents), else of the first Part 1 heading."""
    first_heading = None
    for index in range(end - 1, -1, -1):      # the last one: the contents name the same headings
        raw = lines[index]
        text = one_line(raw) if cells_of(raw) is None else ""
        if not text:
            continue
        plain = arabic(text)
        if _INTRO.match(plain) or _PART_START.match(plain) and len(plain) < MAX_HEADING:
            return index
        if heading_field(text):
            first_heading = index
        elif re.match(r"^(?:สารบัญ|คำนำ)\s*$", plain):
            break
    return first_heading


def _read_line(reading: _Reading, raw: str, line_no: int) -> bool:
    """One line of Part 1; False where Part 1 ends."""
    if cells_of(raw) is not None:             # a table (the risk assessment) ends the text above it
        reading.target = None
        return True
    text = one_line(raw)
    if not text or is_page_number(text):
        return True
    plain = arabic(text)
    if _PART_END.match(plain):
        return False
    name = heading_field(text)
    if name is not None:
        reading.target = name
        reading.lines.setdefault(name, line_no)
        rest = re.split(r"[:：]", text, maxsplit=1)
        if len(rest) == 2 and rest[1].strip():
            reading.found.setdefault(name, []).append((line_no, rest[1].strip()))
    elif reading.target == "intro" and _NUMBERED.match(plain) and len(plain) <= MAX_HEADING:
        reading.target = None                  # '๑. การประเมินความเสี่ยง…': a part of its own, not ours
    elif _PART_START.match(plain) and len(plain) < MAX_HEADING:
        pass                                  # 'ส่วนที่ ๑' printed again above 'บทนำ'
    elif reading.target is not None:
        reading.found.setdefault(reading.target, []).append((line_no, text))
    return True


def _paragraphs(entries: list[tuple[int, str]]) -> list[str]:
    """One paragraph a line, as the importers read documents (a PDF's wrapped lines are already
    joined): so a document with or without blank lines between paragraphs reads the same."""
    return [p for p in (strip_bullet(text) for _, text in entries) if p]
