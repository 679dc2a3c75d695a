"""Know the document before parsing it.

`import measures` given a plan (or `import plan` given a report, or either given an
ITA announcement) would otherwise read the wrong tables as data: a plan's summary
table becomes "measures". The text is looked at first for what each kind of
document has and the others do not, and the wrong kind is refused with a Thai
message that says what the document looks like and which command reads it.

A document that stops inside a table (a PDF copied without its last pages, a
file cut short) is imported with a warning that it looks truncated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .common import arabic, cells_of, one_line, squash

PLAN, MEASURES, ANNOUNCEMENT, UNKNOWN = "plan", "measures", "announcement", "unknown"
NAMES = {PLAN: "แผนปฏิบัติการป้องกันการทุจริต", MEASURES: "รายงานการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
         ANNOUNCEMENT: "ประกาศ (เช่น ประกาศแนวทาง/มาตรการ/นโยบายของหน่วยงาน)"}
COMMANDS = {PLAN: "prongsai import plan", MEASURES: "prongsai import measures"}

_SHEET = re.compile(r"^\s*(?:ลำดับที่\s*\d{1,3}\s*$|\d{1,2}\s*\.\s*ชื่อ(?:โครงการ|กิจกรรม|มาตรการ))")
_YEAR_CELL = re.compile(r"(?:ปี|พ\.\s*ศ\.?)?\s*25\d\d")
_RESULTS = ("ผลการดำเนินการ", "ผลการดำเนินงาน", "ผลการปฏิบัติ")
_SECTION = re.compile(r"^\s*(\d{1,2})\s*\.(?!\d)\s*\S")
_TOTAL = re.compile(r"^\s*(?:รวม|ยอดรวม)")


@dataclass
class Evidence:
    kind: str
    line: int          # where it shows (1-based)
    what: str          # what was seen, in Thai


def _plan_evidence(lines: list[str]) -> Evidence | None:
    for number, line in enumerate(lines, start=1):
        cells = cells_of(line)
        if cells:
            keys = [squash(c) for c in cells]
            years = sum(1 for c in cells if _YEAR_CELL.fullmatch(arabic(one_line(c)).strip() or "-"))
            if any(k.startswith("มิติ") for k in keys) and any("ภารกิจ" in k for k in keys):
                return Evidence(PLAN, number, "ตารางสรุปแผนที่มีคอลัมน์ มิติ และ ภารกิจ")
            if any("โครงการ" in k for k in keys) and years >= 3:
                return Evidence(PLAN, number, f"ตารางโครงการที่มีงบประมาณรายปี {years} ปี")
        elif _SHEET.match(arabic(line)):
            return Evidence(PLAN, number, "รายละเอียดโครงการ (ลำดับที่ / ชื่อโครงการ)")
    return None


def _measures_evidence(lines: list[str]) -> Evidence | None:
    for number, line in enumerate(lines, start=1):
        cells = cells_of(line)
        if cells and any(any(word in squash(c) for word in _RESULTS) for c in cells) \
                and any(re.search("มาตรการ|แนวทาง|ประเด็น|กิจกรรม|วิธีการ", squash(c)) for c in cells):
            return Evidence(MEASURES, number, "ตารางมาตรการที่มีคอลัมน์ผลการดำเนินการ")
    return None


def _announcement_evidence(lines: list[str]) -> Evidence | None:
    """An announcement (ประกาศ … เรื่อง …) that is not the announcement opening a plan."""
    texts = [(n, one_line(t)) for n, t in enumerate(lines[:15], start=1) if one_line(t)]
    if not texts or not texts[0][1].startswith("ประกาศ"):
        return None
    subject = next(((n, t) for n, t in texts[:6] if t.startswith("เรื่อง")), None)
    if subject is None or "แผนปฏิบัติการ" in subject[1] or "รายงาน" in subject[1]:
        return None
    return Evidence(ANNOUNCEMENT, subject[0], f"ประกาศ {subject[1][:80]}")


def document_kind(lines: list[str]) -> Evidence | None:
    """What the document is, by what it has; None when nothing tells."""
    plan, measures = _plan_evidence(lines), _measures_evidence(lines)
    if measures and not plan:
        return measures
    if plan and not measures:
        return plan
    if plan and measures:
        # a report can quote a plan's wording and a plan has no results column: the results
        # column decides unless the plan's structure comes first
        return plan if plan.line < measures.line else measures
    return _announcement_evidence(lines)


def refusal(expected: str, lines: list[str]) -> str | None:
    """The Thai message refusing `lines` for `import <expected>`, or None when they may be it."""
    seen = document_kind(lines)
    if seen is None or seen.kind == expected:
        return None
    if seen.kind == ANNOUNCEMENT and (_plan_evidence(lines) if expected == PLAN else _measures_evidence(lines)):
        return None
    message = f"เอกสารนี้ดูเหมือน{NAMES[seen.kind]} (บรรทัด {seen.line}: {seen.what}) ไม่ใช่{NAMES[expected]}"
    if seen.kind in COMMANDS:
        return message + f" ถ้าใช่ ให้นำเข้าด้วย {COMMANDS[seen.kind]} แทน"
    return message + " ซึ่งโปรแกรมไม่ได้นำเข้าเป็นข้อมูล ให้เลือกไฟล์แผนหรือรายงานที่ถูกต้อง"


# --- markup -------------------------------------------------------------------------------------

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")


def without_markup(lines: list[str]) -> list[str]:
    """Markdown emphasis copied from a converter ('**ส่วนที่ ๑ …**') is not the document's text.
    A lone '*' (a tick in a status column, a footnote) stays."""
    cleaned = []
    for line in lines:
        if "**" in line or "__" in line:
            line = _BOLD.sub(lambda m: m[1] if m[1] is not None else m[2], line).replace("**", "")
        cleaned.append(line)
    return cleaned


# --- truncation ---------------------------------------------------------------------------------

def _last_content(lines: list[str]) -> int | None:
    for index in range(len(lines) - 1, -1, -1):
        if one_line(lines[index]):
            return index
    return None


def measures_truncation(lines: list[str]) -> tuple[int, str] | None:
    """A report that ends on a table row has lost its end (the closing, who reported, when)."""
    last = _last_content(lines)
    if last is None or cells_of(lines[last]) is None:
        return None
    cells = cells_of(lines[last])
    if _TOTAL.match(one_line(cells[0]) or one_line(next((c for c in cells if one_line(c)), ""))):
        return None
    return last + 1, ("เอกสารจบที่แถวของตาราง ไม่มีส่วนท้ายรายงาน (ผู้รายงาน วันที่) เอกสารอาจถูกตัดหรือคัดลอกมาไม่ครบ "
                      "ตรวจว่ามีครบทุกหน้า มาตรการท้ายตารางอาจขาดไป")


def plan_truncation(lines: list[str]) -> tuple[int, str] | None:
    """A plan that stops inside its summary table (no total row after the last project) or
    inside a project's detail sheet (before its later sections)."""
    last = _last_content(lines)
    if last is None:
        return None
    sheets = [i for i, line in enumerate(lines) if cells_of(line) is None and _SHEET.match(arabic(line))]
    if sheets:
        sections = [int(m[1]) for line in lines[sheets[-1]:last + 1]
                    if cells_of(line) is None and (m := _SECTION.match(arabic(line)))]
        if sections and max(sections) < 7:
            return last + 1, (f"รายละเอียดโครงการสุดท้ายจบที่หัวข้อ {max(sections)} (ไม่มีหัวข้อ 7–9) "
                              "เอกสารอาจถูกตัดหรือคัดลอกมาไม่ครบ ตรวจว่ามีครบทุกหน้า")
        return None
    cells = cells_of(lines[last])
    if cells is None:
        return None
    if any(_TOTAL.match(one_line(c)) for c in cells):
        return None
    return last + 1, ("เอกสารจบกลางตารางสรุปแผน (ไม่มีแถว รวม หลังโครงการสุดท้าย และไม่มีรายละเอียดโครงการ) "
                      "เอกสารอาจถูกตัดหรือคัดลอกมาไม่ครบ ตรวจว่ามีครบทุกหน้า")


def check_before_parsing(source, expected: str, problems) -> bool:
    """Markup removed from the document's lines; False (with an error saying what the document
    looks like) when it is not a document of the `expected` kind; a warning where it looks cut."""
    source.lines = without_markup(source.lines)
    refused = refusal(expected, source.lines)
    if refused:
        problems.error(source.name, None, "-", refused)
        return False
    cut = (plan_truncation if expected == PLAN else measures_truncation)(source.lines)
    if cut:
        problems.warning(source.name, cut[0], "-", cut[1])
    return True
