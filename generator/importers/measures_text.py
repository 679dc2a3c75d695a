"""Import the text of an integrity-measure implementation report (seed 000 shape).

The report is a title, an introduction, then a table of measures: measure /
method / responsible unit / period / results / suggestions. LAOs title these
columns differently ("ผลลัพธ์" for outcomes, "แนวทาง/มาตรการ" for the measure,
"ระยะเวลา" for the period …), number the measures with Thai or Arabic digits,
and some split the report into IIT, EIT and OIT sections. PDF extraction adds
its own damage: the header repeated at every page break, a row continued on the
next page (its first cell empty, or holding the rest of the measure's title),
text that lost its tab stops, HTML leftovers.

Columns are found by the meaning of their header words; a column the data
format has no field for (หมายเหตุ, งบประมาณ, any other title) is still a column,
its text kept in suggestions under its title. Some reports come behind a
covering memo (บันทึกข้อความ … เรื่อง … เรียน …) or end with a superior's
comment (ความเห็นของปลัด… ทราบ … (ชื่อ)): both are set aside with a warning.
Periods written without a year (ตลอดปีงบประมาณ, ไตรมาสที่ 1-2, ธันวาคม) are read
in the report's fiscal year. A layout that cannot be read gets an error naming
the line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import thai
from ..fields import parse_period_text
from ..problems import Problems
from . import kind
from .measures_files import report_round
from .pdf import name_pages, read_document
from .common import (
    SourceText, arabic, cells_of, classify_columns, clean_html, is_page_number, join_text,
    leading_number, one_line, split_paragraphs, squash,
)

MEASURE_ROLES = [
    # a remarks column ("หมายเหตุ", "หมายเหตุ/ข้อเสนอแนะ") has no field of its own: see EXTRA_ROLES
    ("note", ("^หมายเหตุ",)),
    ("no", ("=ลำดับ", "=ลำดับที่", "=ที่", "=ข้อ", "=no")),
    ("instrument", ("แบบวัด", "แบบสำรวจ", "เครื่องมือ")),
    ("results", ("ผลการดำเนิน", "ผลดำเนิน", "ผลการปฏิบัติ", "ผลการขับเคลื่อน", "ผลงาน", "ผลที่ได้", "ผลการนำ")),
    ("suggestions", ("ข้อเสนอแนะ", "ปัญหา", "อุปสรรค", "ข้อสังเกต", "ข้อคิดเห็น")),
    # 'ผลลัพธ์หรือความสำเร็จของการดำเนินการ': what the measure achieved, beside its results
    ("outcomes", ("ผลลัพธ์", "ผลสัมฤทธิ์", "ความสำเร็จ")),
    ("responsible", ("รับผิดชอบ", "ผู้ดำเนินการ", "หน่วยงานที่", "ผู้ปฏิบัติ")),
    # before period: "ปีงบประมาณ" is a period, "งบประมาณ (บาท)" an amount
    ("budget", ("บาท", "^งบ")),
    ("period", ("ระยะเวลา", "ช่วงเวลา", "ห้วงเวลา", "กำหนดเวลา", "ไตรมาส", "=เวลา", "วันที่", "ปีงบประมาณ")),
    ("method", ("วิธีการ", "วิธีดำเนิน", "ขั้นตอน", "การดำเนินการ", "แนวทางการดำเนิน", "รายละเอียด",
                "แนวทางปฏิบัติ", "การขับเคลื่อน")),
    ("title", ("มาตรการ", "แนวทาง", "ประเด็น", "หัวข้อ", "จุดอ่อน", "ตัวชี้วัด", "เรื่อง", "ข้อบกพร่อง")),
    ("activity", ("กิจกรรม", "โครงการ")),
]
ROLE_NAMES = {
    "no": "ลำดับ", "instrument": "แบบวัด", "title": "มาตรการ/แนวทาง", "method": "วิธีการดำเนินการ",
    "responsible": "ผู้รับผิดชอบ", "period": "ระยะเวลาดำเนินการ", "results": "ผลการดำเนินการ",
    "suggestions": "ข้อเสนอแนะ", "outcomes": "ผลลัพธ์/ความสำเร็จ",
}
TEXT_ROLES = ("title", "method", "responsible", "period", "results", "outcomes", "suggestions")
# Columns the data format has no field for (a measure has no note or budget): their text is kept in
# suggestions, each cell as one paragraph headed by the column's title, with one warning per column.
EXTRA_ROLES = ("note", "budget", "other")
EXTRA_TARGET = "suggestions"

# A superior's comment after the report: a heading ('ความเห็นของปลัด…') or the comment itself ('ทราบ …')
_ENDORSEMENT = re.compile(r"^(?:ความเห็น|ความคิดเห็น|ข้อสั่งการ|คำสั่งการ|ทราบ|อนุมัติ|เห็นชอบ|เห็นควร|"
                          r"(?:ชอบ|เรียน|เสนอ)(?:\s|$))")
_INDICATOR = re.compile(r"^\s*ตัวชี้วัดที่\s*(\d{1,2})(?!\d)")
_CONCLUSION = re.compile(r"^\s*(?:สรุปผล(?:การดำเนินงาน|การดำเนินการ|การปฏิบัติ)?|สรุป)(?:\s|:|$)")
_STATUS = re.compile(r"(?:ดำเนินการแล้ว(?:เสร็จ)?|แล้วเสร็จ|อยู่ระหว่าง(?:การ)?ดำเนินการ|ยังไม่(?:ได้)?ดำเนินการ|ไม่ได้ดำเนินการ)")
_TICK = re.compile(r"[✓✔☑/√xX✗•*ü]")
_INSTRUMENT = re.compile(r"(?<![A-Za-z])(IIT|EIT|OIT)(?![A-Za-z])", re.I)
# a section heading may explain the weakness it answers at length (about 200 characters is common)
MAX_HEADING = 400
_HEADING_START = re.compile(r"^\s*(?:ส่วนที่|ประเด็น|ด้าน|แบบวัด|แบบสำรวจ|ตัวชี้วัด|\(?\d{1,2}\s*[.)]|IIT|EIT|OIT)")
_SIGNATURE = re.compile(r"^\s*\(?\s*(?:ลงชื่อ|ลงนาม)|^\s*(?:\(.+\)\s*$)|ผู้รายงาน|ผู้จัดทำ|ผู้ตรวจสอบ|ผู้รับรอง|ผู้อนุมัติ|ผู้เสนอ")


def instruments_in(text: str) -> set[str]:
    """Which ITA instruments a heading names (IIT/EIT/OIT or their Thai names)."""
    found = {m.upper() for m in _INSTRUMENT.findall(text)}
    key = squash(text)
    if "แบบ" in key or "การประเมิน" in key or "ตอบ" in key:
        if "ส่วนได้ส่วนเสียภายใน" in key:
            found.add("IIT")
        if "ส่วนได้ส่วนเสียภายนอก" in key:
            found.add("EIT")
        if "เปิดเผยข้อมูลสาธารณะ" in key:
            found.add("OIT")
    return found


def _header_roles(cells: list[str]) -> dict[int, str]:
    roles = classify_columns(cells, MEASURE_ROLES)
    titles = [c for c, r in roles.items() if r == "title"]
    if len(titles) > 1 and any(re.search(r"มาตรการ|แนวทาง", squash(cells[c])) for c in titles):
        # 'ประเด็นที่ต้องพัฒนา' beside 'มาตรการ': the measure is the title, the issue is kept under its name
        for col in titles:
            if not re.search(r"มาตรการ|แนวทาง", squash(cells[col])):
                roles[col] = "other"
    assigned = set(roles.values())
    for col, role in list(roles.items()):
        if role == "activity":
            roles[col] = "title" if "title" not in assigned else "method"
            assigned.add(roles[col])
    return roles


def _is_header(cells: list[str]) -> dict[int, str] | None:
    filled = [c for c in cells if one_line(c)]
    if len(filled) < 3:
        return None
    if any(len(one_line(c)) > 60 for c in filled):
        return None
    roles = _header_roles(cells)
    distinct = set(roles.values())
    if len(distinct) >= 3 and distinct & {"title", "method"} and len(roles) >= len(filled) - 1:
        # a titled column no role knows is still a column: without it the rows' cells would shift
        for col, cell in enumerate(cells):
            if one_line(cell) and col not in roles:
                roles[col] = "other"
        # an untitled column inside the table: the rest of the title cell when it follows the title
        # (a title typed over two cells), else a column of its own, so that its text is not lost
        for col in range(max(roles)):
            if col not in roles:
                roles[col] = "title" if roles.get(col - 1) == "title" else "other"
        return roles
    return None


_KHO_NO = re.compile(r"^\s*(?:ข้อ|มาตรการ)(?:ที่)?\s*(\d{1,3})(?:\s*:\s*|\s+|$|(?=[\u0E01-\u0E4E]))")
_SECTION_NO = re.compile(r"^\s*\d{1,2}\.(\d{1,3})\s*$")     # '๑.๒' in a ลำดับ column: section 1, measure 2


def _measure_number(text: str) -> tuple[int | None, str]:
    """'1. x', '(๑) x', and also 'ข้อ 1 x' or 'มาตรการที่ ๑ x' (no dot, which common.leading_number requires)."""
    number, rest = leading_number(text)
    if number is not None:
        return number, rest
    m = _KHO_NO.match(arabic(text))  # arabic() keeps positions, so m.end() is valid in text
    if m:
        return int(m[1]), text[m.end():].strip()
    return None, text.strip()


# words that cannot start an item: a line starting with one is the rest of a sentence
_GOES_ON_WORDS = re.compile(r"^(?:และ|หรือ|รวมทั้ง|ตลอดจน|โดย|ซึ่ง|เพื่อ|แก่|กับ|ของ|ตาม|ต่อ|เช่น|[,;:)\]])")


def _rest_of_a_cut_row(values: dict[str, list[str]]) -> bool:
    """A cell of the row goes on mid-sentence ('และเสนอแนวทางปรับปรุง'): the row is the rest of
    the row a page break cut, even in a document whose measures spread over several rows."""
    return any(_GOES_ON_WORDS.match(one_line(clean_html(piece)))
               for role, pieces in values.items() if role not in ("no", "status") for piece in pieces)


# a row holding only '(…)' under a cell: a note on that cell's last line ('๑๒ ครั้ง' / '(ครบทุกเดือน)'),
# not an item of its own
_NOTE_IN_BRACKETS = re.compile(r"\([^()]*\)")


class Measure:
    def __init__(self, line: int, number: int | None, instrument: str | None):
        self.line = line
        self.no = number
        self.instrument = instrument
        self.text: dict[str, str] = {}
        self.instrument_cell = ""
        self.extra: dict[str, str] = {}      # column title → text, for columns without a field
        self.periods: list[str] = []         # one per row: a measure over several rows has several

    def add_extra(self, title: str, raw: str) -> None:
        cleaned = clean_html(raw).replace("\n", " ")
        if not cleaned or re.fullmatch(r"[-–—]+", cleaned):   # '-' means nothing to say, as in other columns
            return
        # a row continued on the next page goes on in the same paragraph
        self.extra[title] = join_text(self.extra.get(title, ""), cleaned)

    def add(self, role: str, raw: str) -> None:
        cleaned = clean_html(raw)
        if not cleaned:
            return
        if role == "period":
            self.periods.append(one_line(cleaned))
        existing = self.text.get(role, "")
        new_paragraph = raw.lstrip().lower().startswith("<p")
        if existing and not new_paragraph and role not in ("title", "responsible", "period"):
            self.text[role] = join_text(existing, cleaned)
        elif existing and role in ("title", "responsible", "period"):
            self.text[role] = join_text(existing, cleaned.replace("\n", " "))
        else:
            self.text[role] = f"{existing}\n{cleaned}" if existing else cleaned


def _join_rows(cells: list[str], below: list[str]) -> list[str]:
    """Two rows of one header, cell by cell."""
    width = max(len(cells), len(below))
    return [join_text(one_line(cells[i]) if i < len(cells) else "", one_line(below[i]) if i < len(below) else "")
            for i in range(width)]


class MeasuresParser:
    def __init__(self, source: SourceText, problems: Problems):
        self.src = source
        self.p = problems
        self.preamble: list[tuple[int, str]] = []
        self.measures: list[Measure] = []
        self.instrument: str | None = None
        self.roles: dict[int, str] | None = None
        self.header_line: int | None = None
        self.orphans: list[tuple[int, str]] = []
        self.signature: list[tuple[int, str]] = []
        self.numbered: bool | None = None
        self.first_table_line: int | None = None
        self.extra_warned = False
        self.labels: dict[int, str] = {}               # the current header's column titles
        self.extra_columns: dict[str, dict] = {}       # column title → {line, measures} (see EXTRA_ROLES)
        self.endorsement_line: int | None = None       # first line of a superior's comment after the table
        self.page_broke = False                        # a page break since the last row (see _row)
        self.spread_rows_seen = False                  # a measure's cells over several rows of one page
        self.conclusion: list[tuple[int, str]] = []    # 'สรุปผลการดำเนินงาน …' after the table
        self.in_conclusion = False
        self.statuses: dict[int, str] = {}             # tick columns: column → 'ดำเนินการแล้ว' …
        self.ended = False                             # past the table: signature block or a superior's comment
        self.skip = 0                                  # lines of a header over two rows still to pass over

    def warn(self, line, where, message):
        self.p.warning(self.src.name, line, where, message)

    def error(self, line, where, message):
        self.p.error(self.src.name, line, where, message)

    # One reader per element of the report: text lines (section headings, the closing summary,
    # the preamble, page numbers, a superior's comment, the signature block, text that lost its
    # tabs) and table rows (headers, possibly wrapped over two rows; section rows; measures).
    def parse(self) -> None:
        self.ended = False          # past the table: the signature block or a superior's comment
        self.skip = 0               # lines of a header wrapped over two rows still to pass over
        for index, raw in enumerate(self.src.lines):
            if self.skip:
                self.skip -= 1
                continue
            cells = cells_of(raw)
            if cells is None:
                self._text_line(index, raw)
            elif any(c.strip() for c in cells):
                self._table_line(index, cells)
        self._flush_orphans()
        self.warn_extra_columns()

    def _text_line(self, index: int, raw: str) -> None:
        line_no = index + 1
        text = one_line(raw)
        if not text:
            self.page_broke = True     # a blank line: rows around it were cut apart, not merged
            return
        self._flush_orphans_if_break(line_no)
        if self._section_heading(text):
            return
        if self.roles is not None and self.measures and not self.ended and self._conclusion_line(text, line_no):
            return
        if self._instrument_heading(text, intro_possible=self.roles is None):
            return
        if self.roles is None:
            self.preamble.append((line_no, text))
        elif is_page_number(text):
            self.page_broke = True
        elif self.endorsement_line is None and self.measures and self._endorsement_starts(index):
            self.endorsement_line = line_no
            self._after_table(line_no, text)
        elif _SIGNATURE.search(text) or _is_date_line(text) or self.ended:
            self._after_table(line_no, text)
        elif self.measures:
            self.orphans.append((line_no, raw))

    def _instrument_heading(self, text: str, intro_possible: bool = False) -> bool:
        """A heading naming one instrument (IIT, EIT, OIT or its name) sets the measures that follow;
        before the table a long line is the introduction unless it opens like a heading."""
        found = instruments_in(text)
        if len(found) != 1 or len(text) > MAX_HEADING or (intro_possible and self._is_intro(text)):
            return False
        self._flush_orphans()
        self.instrument = found.pop()
        return True

    def _after_table(self, line_no: int, text: str) -> None:
        """The signature block or a superior's comment: the end of the measures."""
        self._flush_orphans()
        self.ended = True
        self.signature.append((line_no, text))

    def _table_line(self, index: int, cells: list[str]) -> None:
        line_no = index + 1
        if self.first_table_line is None:
            self.first_table_line = line_no
        if self._header_line(index, cells):
            return
        filled = [one_line(c) for c in cells if one_line(c)]
        if len(filled) == 1 and (self._section_heading(filled[0]) or self._instrument_heading(filled[0])):
            return
        if self.roles is None:
            return
        if self.ended:
            self.warn(line_no, "ตาราง", "แถวตารางหลังส่วนลงนาม ไม่ได้นำมาใช้")
            return
        self._flush_orphans()
        self._row(cells, line_no)

    def _header_line(self, index: int, cells: list[str]) -> bool:
        """The table's header (possibly over two rows), first met or printed again on a new page."""
        line_no = index + 1
        header = _is_header(cells)
        if header is None and self.roles is None:
            header, cells, self.skip = self._header_over_two_rows(cells, index)
            if header is None:
                return False
            self._flush_orphans()
            self._use_header(header, line_no, cells)
            return True
        if header is None:
            if not self._repeats_header_over_two_rows(cells, index):
                return False
            self.skip = 1        # the wrapped header printed again at the top of a page
            self.page_broke = True
            return True
        self._flush_orphans()
        header, cells, self.skip = self._wrapped_header(header, cells, index)
        self._use_header(header, line_no, cells)
        return True

    def _is_intro(self, text: str) -> bool:
        """A long line before the table is the introduction unless it opens like a section heading."""
        return len(text) > 150 and not _HEADING_START.match(arabic(text))

    def _section_heading(self, text: str) -> bool:
        """'ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล': a report grouped by the ITA's ten indicators. Indicators
        1–5 are measured by IIT, 6–8 by EIT and 9–10 by OIT, so the heading says the instrument."""
        m = _INDICATOR.match(arabic(text))
        if not m or len(text) > MAX_HEADING or not 1 <= int(m[1]) <= 10:
            return False
        self._flush_orphans()
        number = int(m[1])
        self.instrument = "IIT" if number <= 5 else "EIT" if number <= 8 else "OIT"
        return True

    def _conclusion_line(self, text: str, line_no: int) -> bool:
        """A closing summary after the table ('สรุปผลการดำเนินงาน' and its text) belongs to the
        report, not to its last measure; it runs until the signature."""
        if not self.in_conclusion:
            if not (_CONCLUSION.match(text) and len(text) <= 80):
                return False
            self._flush_orphans()
            self.in_conclusion = True
            rest = _CONCLUSION.sub("", text, count=1).strip(" :")
            if rest:
                self.conclusion.append((line_no, rest))
            return True
        if _SIGNATURE.search(text) or _is_date_line(text) or self._endorsement_starts(line_no - 1):
            return False
        self.conclusion.append((line_no, text))
        return True

    def _wrapped_header(self, roles: dict[int, str], cells: list[str], index: int):
        """A header wrapped over two rows ('มาตรการ/' over 'แนวทาง', 'ผลการ' over 'ดำเนินการ'), or
        with status sub-columns under a spanning title ('ดำเนินการแล้ว | อยู่ระหว่างดำเนินการ | …').
        Returns the roles, the header's cells and how many lines it took beyond the first."""
        below = self._short_row_below(index)
        if below is None:
            return roles, cells, 0
        statuses = {col: one_line(c) for col, c in enumerate(below) if _STATUS.fullmatch(squash(c))}
        if statuses and len(statuses) == sum(1 for c in below if one_line(c)):   # a row of status titles only
            self.statuses = statuses
            for col in statuses:
                roles[col] = "status"
            return roles, cells, 1
        merged = _join_rows(cells, below)
        merged_roles = _is_header(merged)
        known = lambda found: len([r for r in found.values() if r not in EXTRA_ROLES])  # noqa: E731
        if merged_roles is None or known(merged_roles) <= known(roles):
            return roles, cells, 0
        return merged_roles, merged, 1

    def _short_row_below(self, index: int, gap: int = 0) -> list[str] | None:
        """The row `gap` lines after the next, when it holds short words only (the rest of a wrapped header)."""
        following = self.src.lines[index + 1 + gap] if index + 1 + gap < len(self.src.lines) else ""
        below = cells_of(following)
        if below is None or not any(one_line(c) for c in below) or \
                any(len(one_line(c)) > 30 or re.match(r"^\s*\d", arabic(one_line(c))) for c in below):
            return None
        return below

    def _two_rows(self, cells: list[str], index: int, gap: int = 0) -> list[str] | None:
        """The cells of this row and the next joined, when the next row is short words only
        (`gap` blank lines between them: a page break after the first row)."""
        below = self._short_row_below(index, gap)
        return _join_rows(cells, below) if below is not None else None

    def _header_over_two_rows(self, cells: list[str], index: int):
        """A header whose first row alone is too broken to be read ('ผู้รับ' | 'ผิดชอบ',
        'ผลการ' | 'ดำเนินการ' in most columns). Returns (roles or None, cells, lines taken)."""
        lines = self.src.lines
        gap = 0
        while gap < 3 and index + 1 + gap < len(lines) and not one_line(lines[index + 1 + gap]):
            gap += 1
        merged = self._two_rows(cells, index, gap)
        roles = _is_header(merged) if merged else None
        return (roles, merged, 1 + gap) if roles is not None else (None, cells, 0)

    def _repeats_header_over_two_rows(self, cells: list[str], index: int) -> bool:
        if self.roles is None or not self.labels:
            return False
        merged = self._two_rows(cells, index)
        return bool(merged) and [squash(c) for c in merged if one_line(c)] == \
            [squash(label) for col, label in sorted(self.labels.items()) if not label.startswith("คอลัมน์ที่")]

    def _endorsement_starts(self, index: int) -> bool:
        """A superior's comment after the table ('ความเห็นของปลัด…', 'ทราบ', 'อนุมัติ') ends with a
        signature a few lines on; lines that lost their tabs do not, so the signature tells them apart."""
        if not _ENDORSEMENT.match(one_line(self.src.lines[index])):
            return False
        seen = 0
        for raw in self.src.lines[index + 1:]:
            if cells_of(raw) is not None:
                return False
            text = one_line(raw)
            if not text:
                continue
            if re.match(r"^(?:\(.+\)\s*$|\(?ลงชื่อ)", text):
                return True
            seen += 1
            if seen > 3:
                return False
        return False

    def _use_header(self, roles: dict[int, str], line_no: int, cells: list[str]) -> None:
        self.labels = {col: one_line(cells[col]) if col < len(cells) and one_line(cells[col]) else f"คอลัมน์ที่ {col + 1}"
                       for col in roles}
        self._note_extra_columns(roles, line_no)
        if self.roles is None:
            self.header_line = line_no
            found = set(roles.values()) | ({"results"} if "status" in roles.values() else set())
            missing = [ROLE_NAMES[r] for r in ("title", "method", "responsible", "period", "results", "suggestions")
                       if r not in found]
            if "title" not in roles.values():
                self.error(line_no, "หัวตาราง", "หัวตารางไม่มีคอลัมน์มาตรการ/แนวทาง จึงอ่านตารางนี้ไม่ได้ "
                                               "ให้ตั้งชื่อคอลัมน์แรกเป็น มาตรการ/แนวทาง")
                return
            if missing:
                self.warn(line_no, "หัวตาราง", f"ไม่พบคอลัมน์ {', '.join(missing)} ช่องเหล่านี้จะว่าง")
            counts = Counter(roles.values())
            for role, count in counts.items():
                if count > 1 and role in TEXT_ROLES:
                    self.warn(line_no, "หัวตาราง", f"มี {count} คอลัมน์ที่เป็น {ROLE_NAMES[role]} จะรวมไว้ในช่องเดียวกัน")
        else:
            self.page_broke = True        # the header printed again at the top of a page
            if set(roles.values()) != set(self.roles.values()) or len(roles) != len(self.roles):
                self.warn(line_no, "หัวตาราง", "หัวตารางบรรทัดนี้ต่างจากหัวตารางแรก ใช้หัวตารางใหม่ตั้งแต่บรรทัดนี้")
        self.roles = roles

    def _note_extra_columns(self, roles: dict[int, str], line_no: int) -> None:
        # the header is repeated on every page: remember where each such column was first seen
        for col, role in roles.items():
            if role in EXTRA_ROLES:
                self.extra_columns.setdefault(self.labels[col], {"line": line_no, "measures": 0})

    def _add_extras(self, measure: Measure, cells: list[str]) -> None:
        for col, role in sorted(self.roles.items()):
            if role in EXTRA_ROLES and col < len(cells) and one_line(cells[col]):
                title = self.labels[col]
                before = measure.extra.get(title)
                measure.add_extra(title, cells[col])
                if before is None and title in measure.extra:
                    self.extra_columns[title]["measures"] += 1

    def _add_statuses(self, measure: Measure, cells: list[str]) -> None:
        """A tick under 'ดำเนินการแล้ว' / 'อยู่ระหว่างดำเนินการ' / 'ยังไม่ดำเนินการ' is the result's status."""
        for col, label in sorted(self.statuses.items()):
            cell = one_line(cells[col]) if col < len(cells) else ""
            if cell and not re.fullmatch(r"[-–—]+", cell):
                measure.add("results", f"<p>{label}</p>" if _TICK.fullmatch(cell) else f"<p>{label}: {cell}</p>")

    def warn_extra_columns(self) -> None:
        """One warning per column without a field of its own: where its text went."""
        for title, seen in self.extra_columns.items():
            if seen["measures"]:
                self.warn(seen["line"], "หัวตาราง",
                          f"คอลัมน์ '{title}' ไม่มีช่องของตัวเองในรูปแบบข้อมูลของมาตรการ จึงเก็บข้อความไว้ท้าย "
                          f"'{ROLE_NAMES[EXTRA_TARGET]}' (suggestions) ของแต่ละมาตรการ ขึ้นต้นด้วย '{title}: ' "
                          f"({seen['measures']} มาตรการ) ตรวจว่าควรย้ายไปช่องอื่นหรือไม่")

    # --- a table row: a new measure, or more of the current one -----------------------------------
    def _row(self, cells: list[str], line_no: int) -> None:
        if self._total_row(cells, line_no):
            return
        cells = self._fit_to_header(cells, line_no)
        values = self._row_values(cells)
        number = self._row_number(values)
        title_raw = values.get("title", [""])[0]
        if self.numbered is None and (number is not None or title_raw):
            self.numbered = number is not None
        starts = self._starts_measure(number, values, line_no)
        if starts:
            self.measures.append(Measure(line_no, number, self.instrument))
        current = self.measures[-1]
        self._add_extras(current, cells)
        self._add_statuses(current, cells)
        # a measure whose cells span several rows of one page (merged cells in Word): each row is an
        # item of its own; a row continued after a page break goes on in the same item
        # (a row whose title cell goes on is one line wrapped in two, not a merged cell)
        # after a page break, a row without a title goes on with the row the break cut, unless the
        # document has shown measures spread over several rows and nothing in the row goes on mid-sentence
        cut = self.page_broke and (not self.spread_rows_seen or _rest_of_a_cut_row(values))
        own_item = not starts and not cut and not title_raw
        if own_item and not self.page_broke:
            self.spread_rows_seen = True
        self.page_broke = False
        for role, pieces in values.items():
            if role in ("no", "status"):
                continue
            if role == "instrument":
                current.instrument_cell = join_text(current.instrument_cell, one_line(" ".join(pieces)))
                continue
            self._add_role_cells(current, role, cells, values, own_item)

    def _total_row(self, cells: list[str], line_no: int) -> bool:
        """'รวม | | ๓๕,๐๐๐': the table's total, not a measure nor the rest of the last one."""
        first = one_line(next((c for c in cells if one_line(c)), ""))
        if not re.match(r"^(?:รวม|ยอดรวม)(?:\s|$|ทั้ง|งบ)", first):
            return False
        self.warn(line_no, "ตาราง", f"แถว '{' '.join(one_line(c) for c in cells if one_line(c))[:60]}' "
                                  "เป็นแถวรวม ไม่ใช่มาตรการ ไม่ได้นำมาใช้")
        return True

    def _fit_to_header(self, cells: list[str], line_no: int) -> list[str]:
        """A row with more cells than the header: the surplus goes into the last column."""
        width = max(self.roles) + 1
        if len(cells) <= width or not any(one_line(c) for c in cells[width:]):
            return cells
        if not self.extra_warned:
            self.warn(line_no, "ตาราง", f"แถวนี้มีช่องมากกว่าหัวตาราง ({len(cells)} > {width}) ข้อความส่วนเกินถูกรวมไว้ในคอลัมน์สุดท้าย")
            self.extra_warned = True
        return cells[: width - 1] + [" ".join(cells[width - 1:])]

    def _row_values(self, cells: list[str]) -> dict[str, list[str]]:
        """The row's filled cells by field (columns without a field of their own left out)."""
        values: dict[str, list[str]] = {}
        for col, role in sorted(self.roles.items()):
            if col < len(cells) and one_line(cells[col]) and role not in EXTRA_ROLES:
                values.setdefault(role, []).append(cells[col])
        return values

    @staticmethod
    def _row_number(values: dict[str, list[str]]) -> int | None:
        """The measure's number from its number column, or from the start of its title (then taken off)."""
        if "no" in values:
            number, _ = _measure_number(values["no"][0])
            plain_no = arabic(one_line(values["no"][0]))
            if number is None and re.fullmatch(r"\s*\d{1,3}\s*", plain_no):
                return int(plain_no)
            if number is None and _SECTION_NO.match(plain_no):
                return int(_SECTION_NO.match(plain_no)[1])
            return number
        title_raw = values.get("title", [""])[0]
        if not title_raw:
            return None
        number, rest = _measure_number(one_line(title_raw))
        if number is not None:
            values["title"][0] = rest
        return number

    def _starts_measure(self, number: int | None, values: dict[str, list[str]], line_no: int) -> bool:
        """A numbered row starts a measure; in an unnumbered table, a titled row with its own period or
        responsible does; in a numbered one, an unnumbered row needs both (and is reported)."""
        current = self.measures[-1] if self.measures else None
        if number is not None or current is None:
            return True
        if not values.get("title"):
            return False
        if not self.numbered:
            return bool(values.get("period") or values.get("responsible"))
        own = all(values.get(role) and current.text.get(role) for role in ("period", "responsible"))
        if own:
            self.warn(line_no, "มาตรการ", "แถวนี้ไม่มีเลขข้อแต่มีผู้รับผิดชอบและระยะเวลาของตัวเอง จึงถือเป็นมาตรการใหม่")
        return bool(own)

    def _add_role_cells(self, current: Measure, role: str, cells: list[str], values: dict, own_item: bool) -> None:
        """The row's cells of one field into the measure; several columns of one field are labelled."""
        columns = sorted(col for col, r in self.roles.items() if r == role)
        prefix_needed = len(columns) > 1
        for col in columns:
            if col >= len(cells) or not one_line(cells[col]):
                continue
            raw = values["title"][0] if role == "title" and col == columns[0] else cells[col]
            if prefix_needed and role not in ("title", "responsible", "period"):
                label = self.labels.get(col, "")
                raw = f"<p>{label}: {clean_html(raw)}</p>" if label else raw
            elif own_item and role in ("method", "results", "outcomes", "suggestions") and current.text.get(role) \
                    and not _NOTE_IN_BRACKETS.fullmatch(one_line(clean_html(raw))):
                raw = f"<p>{clean_html(raw)}</p>"
            current.add(role, raw)

    # text that lost its tab stops: attach it to the column whose list it continues
    def _flush_orphans_if_break(self, line_no: int) -> None:
        if self.orphans and line_no - self.orphans[-1][0] > 3:
            self._flush_orphans()

    def _flush_orphans(self) -> None:
        if not self.orphans or not self.measures:
            self.orphans = []
            return
        measure = self.measures[-1]
        text = ""
        for _, raw in self.orphans:
            text = join_text(text, one_line(raw))
        role = self._orphan_role(measure, text)
        measure.add(role, text)
        first, last = self.orphans[0][0], self.orphans[-1][0]
        span = f"{first}–{last}" if last != first else f"{first}"
        label = f"ข้อ {measure.no}" if measure.no is not None else f"บรรทัด {measure.line}"
        self.warn(first, f"มาตรการ{label}",
                  f"บรรทัด {span} ไม่อยู่ในช่องตาราง (ไม่มี Tab) จึงนำไปต่อท้ายช่อง '{ROLE_NAMES[role]}' ของมาตรการ{label} "
                  "ตรวจว่าถูกช่อง")
        self.orphans = []

    @staticmethod
    def _orphan_role(measure: Measure, text: str) -> str:
        plain = arabic(text)
        numbers_in_text = {int(n) for n in re.findall(r"(?:^|\s)(\d{1,2})\s*[.)]", plain)}
        for role in ("method", "results", "outcomes", "suggestions"):
            existing = arabic(measure.text.get(role, ""))
            found = [int(n) for n in re.findall(r"(?:^|\s|\n)(\d{1,2})\s*[.)]", existing)]
            if found and max(found) + 1 in numbers_in_text:
                return role
        if "method" in measure.text:
            return "method"
        for role in reversed(TEXT_ROLES):
            if role in measure.text:
                return role
        return "method"


# --- periods -----------------------------------------------------------------------------

_MONTH_NUMBER = {re.sub(r"[.\s]", "", name): number
                 for names in (thai.MONTHS_FULL, thai.MONTHS_ABBR) for number, name in enumerate(names, start=1)}
_RANGE = re.compile(r"\s*(?:-|–|—|ถึง)\s*")
_POINT = re.compile(r"(?:วันที่\s*)?(?:(\d{1,2})\s*)?(?:เดือน\s*)?([ก-๙.\s]+?)\s*(?:(?:พ\.ศ\.?|ปี)\s*)?(\d{4}|\d{2})?")
_WHOLE_YEAR = re.compile(r"(ตลอด|ทั้ง)?\s*(?:ทั้ง\s*)?ปี(งบประมาณ)?\s*(?:พ\.ศ\.?)?\s*(\d{4}|\d{2})?")
_QUARTERS = re.compile(r"ไตรมาส(?:ที่)?\s*([1-4])(?:\s*(-|–|—|ถึง|,|และ)\s*(?:ไตรมาส(?:ที่)?\s*)?([1-4]))?"
                       r"(?:\s*(?:/|ปี(?:งบประมาณ)?)\s*(?:พ\.ศ\.?)?\s*(\d{4}|\d{2}))?")


@dataclass
class _Point:
    """One end of a period as written: a day, a month, or either without its year (BE)."""
    day: int | None
    month: int
    year: int | None


def _period(text: str, fiscal_year: int | None = None) -> dict | str:
    """Period text → {'text', 'start', 'end'} with Thai dates, or the bare text.

    Periods written without a year ('ตลอดปีงบประมาณ', 'ไตรมาสที่ 1-2', 'ธันวาคม') are read in the
    report's fiscal year, the only year they can mean."""
    bounds = _bounds(text, fiscal_year)
    if bounds:
        return {"text": text, "start": thai.thai_date(bounds[0]), "end": thai.thai_date(bounds[1])}
    return text


def _bounds(text: str, fiscal_year: int | None) -> tuple[dt.date, dt.date] | None:
    period = parse_period_text(text)          # the data format's own reading first: same result as validate
    if "start" in period and "end" in period:
        return period["start"], period["end"]
    plain = " ".join(arabic(one_line(text)).split())
    plain = re.sub(r"\s*\([^()]*\)$", "", plain) or plain      # 'ต.ค. 66 - ก.ย. 67 (ทุกเดือน)': a note
    for read in (_whole_year, _quarters, _span):
        try:
            found = read(plain, fiscal_year)
        except ValueError:                    # a day the calendar does not have ('31 เม.ย.')
            found = None
        if found:
            return found
    return None


def _periods_span(pieces: list[str], fiscal_year: int | None) -> dict | None:
    """A measure over several rows, each with its own period: from the earliest start to the latest end."""
    bounds = [_bounds(piece, fiscal_year) for piece in pieces]
    if not all(bounds):
        return None
    start, end = min(b[0] for b in bounds), max(b[1] for b in bounds)
    return {"text": "; ".join(pieces), "start": thai.thai_date(start), "end": thai.thai_date(end)}


def _month_start(fiscal_year: int, month: int) -> dt.date:
    """The first day of a month of a fiscal year; months 13–21 are January–September (so Q2 = 13)."""
    month = (month - 1) % 12 + 1
    return dt.date(thai.ce_year(fiscal_year) - (1 if month >= 10 else 0), month, 1)


def _month_end(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _whole_year(plain: str, fiscal_year: int | None):
    """'ตลอดปีงบประมาณ', 'ตลอดปี', 'ปีงบประมาณ 2568': a whole fiscal year."""
    m = _WHOLE_YEAR.fullmatch(plain)
    if not m or not (m[1] or m[2]):           # 'ปี 2568' alone may be a calendar year
        return None
    year = thai.year_from_text(m[3]) if m[3] else fiscal_year
    return thai.fiscal_year_bounds(year) if year else None


def _quarters(plain: str, fiscal_year: int | None):
    """'ไตรมาสที่ 1-2', 'ไตรมาส 3': quarters of the fiscal year (Q1 = ต.ค.–ธ.ค. of the year before)."""
    m = _QUARTERS.fullmatch(plain)
    if not m:
        return None
    first, last = int(m[1]), int(m[3] or m[1])
    if last < first or (m[2] in (",", "และ") and last != first + 1):   # 'ไตรมาส 1 และ 3' is not one span
        return None
    year = thai.year_from_text(m[4]) if m[4] else fiscal_year
    if not year:
        return None
    return _month_start(year, 10 + 3 * (first - 1)), _month_end(_month_start(year, 12 + 3 * (last - 1)))


def _point(text: str) -> _Point | None:
    m = _POINT.fullmatch(text)
    month = _MONTH_NUMBER.get(re.sub(r"[.\s]", "", m[2])) if m else None
    if month is None:
        return None
    return _Point(int(m[1]) if m[1] else None, month, thai.year_from_text(m[3]) if m[3] else None)


def _span(plain: str, fiscal_year: int | None):
    """'พ.ย. 67', '9 ธ.ค. 2567', '1-31 ธ.ค. 2567', 'มกราคม - มีนาคม 2566', 'ต.ค. - ธ.ค.': one day or
    month, or a range of them. A missing year comes from the other end, else from the fiscal year."""
    parts = _RANGE.split(plain)
    if len(parts) > 2:
        return None
    right = _point(parts[-1])
    if right is None:
        return None
    if len(parts) == 1:
        left = right
    elif re.fullmatch(r"\d{1,2}", parts[0]) and right.day:      # '1-31 ธ.ค.': the first day only
        left = _Point(int(parts[0]), right.month, right.year)
    else:
        left = _point(parts[0])
    if left is None:
        return None
    _fill_years(left, right, fiscal_year)
    if left.year is None or right.year is None:
        return None
    start = dt.date(thai.ce_year(left.year), left.month, left.day or 1)
    end = dt.date(thai.ce_year(right.year), right.month, right.day or 1)
    end = end if right.day else _month_end(end)
    return (start, end) if end >= start else None


def _fill_years(left: _Point, right: _Point, fiscal_year: int | None) -> None:
    """'ต.ค. - มี.ค. 68' starts in 2567; 'ต.ค. - ธ.ค.' with no year at all lies in the fiscal year."""
    if left.year is None and right.year is not None:
        left.year = right.year - (1 if left.month > right.month else 0)
    elif right.year is None and left.year is not None:
        right.year = left.year + (1 if right.month < left.month else 0)
    elif left.year is None and fiscal_year:
        left.year = fiscal_year - (1 if left.month >= 10 else 0)
        right.year = left.year + (1 if right.month < left.month else 0)


# --- the report's heading, a covering memo, the signature ------------------------------------

_REPORTER = re.compile(r"^\s*ผู้รายงาน\s*[:：]?\s*(\S.*)$")
_AS_OF = re.compile(r"^\s*\(?\s*(?:ข้อมูล|รายงาน)\s*ณ\s*วันที่\s*(.+?)\)?\s*$")
_ADDRESS_LINE = re.compile(r"^(?:ตำบล|อำเภอ|จังหวัด|ต\.|อ\.|จ\.)\s*\S")
_ORG_LINE = re.compile(r"^(?:ของ)?\s*(?:องค์การบริหารส่วน|เทศบาล|อบต\.?|อบจ\.?|ทต\.|ทม\.|ทน\.)")
_TITLE_GOES_ON = re.compile(r"ปีงบประมาณ|ประจำปี|องค์การ|เทศบาล|อบต|ทต\.|รอบ")
_COVERAGE_LINE = re.compile(r"^\(?\s*(?:รอบ|ตั้งแต่|ระหว่าง|ช่วง)")
_NOT_A_HEADING = re.compile(r"^(?:ตามที่|ด้วย|โดย|จึง|ซึ่ง|ทั้งนี้)")
_ROUND = re.compile(r"รอบ\s*(\d{1,2})\s*เดือน")
_DATE_AFTER_WORD = re.compile(r"วันที่\s*(\d{1,2}\s*[ก-๙.\s]+?\s*(?:พ\.ศ\.?\s*)?(?:\d{4}|\d{2}))(?!\d)")


@dataclass
class Heading:
    title: str = ""
    intro: list[str] = field(default_factory=list)
    memo_span: tuple[int, int] | None = None     # source lines of a covering memo
    memo_subject: str = ""
    memo_date: dt.date | None = None
    memo_texts: list[str] = field(default_factory=list)
    as_of: dt.date | None = None                 # 'ข้อมูล ณ วันที่ …' under the heading


def _date_in(text: str) -> dt.date | None:
    """The date after 'วันที่' in a line ('ที่ ขก 1/217 วันที่ ๒๘ เมษายน ๒๕๖๕'), if it reads as one."""
    m = _DATE_AFTER_WORD.search(arabic(text))
    if not m:
        return None
    try:
        return thai.parse_date(m[1])
    except thai.ParseError:
        return None


def _is_date_line(text: str) -> bool:
    """'รายงาน ณ วันที่ …', or a bare 'วันที่ 10 เมษายน 2569' under the signature."""
    if re.match(r"^\s*(?:รายงาน\s*)?ณ\s*วันที่", text):
        return True
    return bool(re.match(r"^\s*(?:ลง)?วันที่\s*\S", text)) and len(text) <= 40 and _date_in(text) is not None


def _report_date_text(text: str) -> str | None:
    m = re.search(r"ณ\s*วันที่\s*(.+)$", text) or re.match(r"^\s*(?:รายงาน\s*)?(?:ลง)?วันที่\s*(.+)$", text)
    return m[1].strip() if m else None


def _heading(parser: MeasuresParser) -> Heading:
    """Title and introduction from the lines before the table (a covering memo set aside)."""
    heading = Heading()
    lines, numbers = [], []
    for number, text in parser.preamble[_skip_memo(parser, heading):]:
        as_of = _AS_OF.match(text)
        if as_of and heading.as_of is None:
            try:
                heading.as_of = thai.parse_date(as_of[1])
                continue
            except thai.ParseError:
                pass
        lines.append(text)
        numbers.append(number)
    title_index = next((i for i, t in enumerate(lines)
                        if "รายงาน" in t and len(t) <= 200 and not _NOT_A_HEADING.match(t)), None)
    if title_index is None and lines and len(lines[0]) <= 200 and not heading.memo_subject:
        title_index = 0
    if title_index is None:
        heading.title, heading.intro = heading.memo_subject, lines
        return heading
    count, kept = _title_lines(lines, title_index, numbers)
    heading.title = " ".join(kept)
    heading.intro = lines[title_index + count:]
    return heading


def _title_lines(lines: list[str], index: int, numbers: list[int]) -> tuple[int, list[str]]:
    """A heading runs over a few lines (name, organisation, fiscal year, round): join them until the
    fiscal year, then only a line that says which months the report covers. The office's name after
    the year and a blank line (a cover page) ends the heading but is not part of the title.
    `numbers` are the lines' numbers in the document. Returns (lines the heading takes, the title's lines)."""
    title, count, kept = lines[index], 1, [lines[index]]
    set_aside = False
    while index + count < len(lines) and count < 6:
        line = lines[index + count]
        has_year = _year_after(r"ปีงบประมาณ|ประจำปี", title) is not None
        if len(line) > 150 or _NOT_A_HEADING.match(line):
            break
        goes_on = _COVERAGE_LINE.match(line) if has_year else _TITLE_GOES_ON.search(line)
        office = _ORG_LINE.match(line) and len(line) <= 120                    # the office's name, after the year
        address = _ADDRESS_LINE.match(line) and len(line) <= 120 and _ORG_LINE.match(lines[index + count - 1])
        if not goes_on and not office and not address:
            break
        apart = numbers[index + count] - numbers[index + count - 1] > 1
        title, count = f"{title} {line}", count + 1
        if address:
            apart = set_aside       # the office's address goes where its name went
        if goes_on or not has_year or not apart:
            kept.append(line)
        set_aside = has_year and apart and not goes_on
    return count, kept


def _skip_memo(parser: MeasuresParser, heading: Heading) -> int:
    """A covering memo in front of the report (บันทึกข้อความ / ส่วนราชการ / ที่ / วันที่ / เรื่อง / เรียน …):
    its subject is not the report's heading and its body is not the introduction. Returns where the
    report itself starts in the preamble; the memo's subject, date and text are kept on `heading`."""
    texts = [t for _, t in parser.preamble]
    subject = next((i for i, t in enumerate(texts[:12]) if re.match(r"^เรื่อง\s", t)), None)
    to = next((i for i, t in enumerate(texts[:12]) if re.match(r"^เรียน\s", t)), None)
    marked = any(squash(t).startswith("บันทึกข้อความ") for t in texts[:3])
    if not marked and (subject is None or to is None or to < subject):
        return 0
    body = max(i for i in (subject, to, 0) if i is not None) + 1
    start = _report_after_memo(texts, body)
    heading.memo_span = (parser.preamble[0][0], parser.preamble[start - 1][0])
    if subject is not None:
        heading.memo_subject = re.split(r"\s+เรียน\s", re.sub(r"^เรื่อง\s*", "", texts[subject]))[0].strip()
    heading.memo_date = next((d for d in map(_date_in, texts[:body]) if d), None)
    heading.memo_texts = texts[body:start]
    return start


def _report_after_memo(texts: list[str], body: int) -> int:
    """Where the report starts after a memo: its own heading ('รายงาน…'), else the line after the
    memo's closing 'จึงเรียน…', else the memo's body."""
    start = next((i for i in range(body, len(texts))
                  if re.match(r"^(?:แบบ)?รายงาน", texts[i]) and len(texts[i]) <= 200), None)
    if start is not None:
        return start
    closing = next((i for i in range(body, len(texts)) if texts[i].startswith("จึงเรียน")), None)
    return closing + 1 if closing is not None else body


def _coverage(texts: list[str], fiscal_year: int | None) -> dict | None:
    """'(รอบ ๖ เดือน ตุลาคม ๒๕๖๖ – มีนาคม ๒๕๖๗)' → the span the report covers. 'รอบ 6 เดือน' alone
    means the first six months of the fiscal year: the ITA counts a report's round from October."""
    for text in texts:
        m = _ROUND.search(arabic(text))
        if not m:
            continue
        rest = text[m.end():]
        rest = rest[:rest.index(")")] if ")" in rest else rest
        span = re.sub(r"^\s*[(:]?\s*(?:ตั้งแต่|ระหว่าง)?\s*", "", rest).strip()
        bounds = _bounds(span, fiscal_year) if span else None
        if bounds:
            shown = f"{text[m.start():m.end()]} {span}"
        elif fiscal_year and 1 <= int(m[1]) <= 12:
            start = _month_start(fiscal_year, 10)
            bounds, shown = (start, _month_end(_month_start(fiscal_year, 9 + int(m[1])))), text[m.start():m.end()]
        else:
            continue
        return {"text": shown, "start": thai.thai_date(bounds[0]), "end": thai.thai_date(bounds[1])}
    return None


def _signature(parser: MeasuresParser, report: dict) -> None:
    """The reporter '(ชื่อ)' + position and the report's date, from the lines after the table. A
    superior's comment there (ความเห็นของปลัด… ทราบ … (ชื่อ)) is left out: its signer did not report."""
    sig = _without_endorsement(parser)
    for i, (line, text) in enumerate(sig):
        after = sig[i + 1][1] if i + 1 < len(sig) else ""
        if "prepared_by" not in report:
            person = _signed_name(text, after) or _written_name(text, after)
            if person:
                report["prepared_by"] = person
        if "report_date" not in report:
            _signature_date(parser, report, line, text)


def _without_endorsement(parser: MeasuresParser) -> list[tuple[int, str]]:
    sig = parser.signature
    if parser.endorsement_line is None:
        return sig
    left = [line for line, _ in sig if line >= parser.endorsement_line]
    parser.warn(left[0], "ส่วนลงนาม",
                f"บรรทัด {_span_text(left[0], left[-1])} เป็นความเห็นหรือการสั่งการของผู้บังคับบัญชาท้ายรายงาน "
                "ไม่ได้นำมาใส่ในมาตรการ และไม่ถือผู้ลงนามความเห็นเป็นผู้รายงาน (prepared_by)")
    return [(line, t) for line, t in sig if line < parser.endorsement_line]


def _signed_name(text: str, after: str) -> dict | None:
    """'(นางสาว … )' with the position on the next line; '(ลงชื่อ)' is where the signature goes."""
    m = re.fullmatch(r"\((.+)\)", text.strip())
    if not m or re.fullmatch(r"\s*(?:ลงชื่อ|ลงนาม)\s*", m[1]):
        return None
    person = {"name": " ".join(m[1].split())}
    if after and len(after) <= 150 and not after.startswith("(") and not _is_date_line(after):
        person["position"] = re.sub(r"^ตำแหน่ง\s*", "", after).strip()
    return person


def _written_name(text: str, after: str) -> dict | None:
    """'ผู้รายงาน นางวราภรณ์ ทองดี' / 'ตำแหน่ง …': the name written out, not signed in brackets."""
    named = _REPORTER.match(text)
    if not named or re.fullmatch(r"[.…\s]*", named[1]):
        return None
    person = {"name": named[1].strip()}
    if after.startswith("ตำแหน่ง"):
        person["position"] = re.sub(r"^ตำแหน่ง\s*", "", after).strip()
    return person


def _signature_date(parser: MeasuresParser, report: dict, line: int, text: str) -> None:
    """'ณ วันที่ …' / 'รายงาน ณ วันที่ …', or a bare '๒๙ กันยายน ๒๕๖๖' under the signer's position."""
    date_text = _report_date_text(text)
    if date_text:
        try:
            report["report_date"] = thai.thai_date(thai.parse_date(date_text))
        except thai.ParseError:
            parser.warn(line, "report_date", f"อ่านวันที่ '{date_text}' ไม่ได้")
    elif len(text) <= 30:
        try:
            report["report_date"] = thai.thai_date(thai.parse_date(text))
        except thai.ParseError:
            pass


def _span_text(first: int, last: int) -> str:
    return f"{first}–{last}" if last != first else f"{first}"


# --- the report -------------------------------------------------------------------------------

def _assemble(parser: MeasuresParser) -> dict:
    if parser.roles is None:
        if parser.header_line is None:
            _no_table(parser)
        return {}
    heading = _heading(parser)
    title = _report_title(parser, heading)
    report: dict = {"title": title[:500]}
    measures = [m for m in parser.measures if m.text.get("title") or m.text.get("method")]
    fiscal_year = _fiscal_year(parser, heading, measures)
    if fiscal_year is None:
        parser.error(1, "fiscal_year", "ไม่พบปีงบประมาณของรายงาน (เช่น ประจำปีงบประมาณ พ.ศ. 2568) ให้เพิ่มไว้ในชื่อรายงาน")
    else:
        report["fiscal_year"] = fiscal_year
    ita_year = _based_on_ita_year(heading.intro + heading.memo_texts)
    if ita_year:
        report["based_on_ita_year"] = ita_year
    coverage = _coverage([title, heading.memo_subject], fiscal_year)
    if coverage:
        report["coverage"] = coverage
    found_round = report_round(report)      # 6 or 12 months, from the coverage or the title's words
    if found_round:
        report["round"] = found_round
    if heading.intro:
        report["introduction"] = heading.intro
    if parser.conclusion:
        report["conclusion"] = [text for _, text in parser.conclusion]
    _signature(parser, report)
    if "report_date" not in report and heading.as_of:
        report["report_date"] = thai.thai_date(heading.as_of)
    _memo_fields(parser, heading, report)
    out = _measure_items(parser, measures, fiscal_year)
    _check_numbers(parser, measures)
    if not out:
        parser.error(parser.header_line or 1, "measures", "ไม่พบมาตรการในตาราง (มีแต่หัวตาราง)")
        return {}
    report["measures"] = out
    order = ("title", "fiscal_year", "based_on_ita_year", "report_date", "round", "coverage", "introduction",
             "conclusion", "prepared_by", "measures")
    return {k: report[k] for k in order if k in report}


def _no_table(parser: MeasuresParser) -> None:
    if parser.first_table_line is None:
        parser.error(1, "ตาราง", "ไม่พบตารางมาตรการ (ไม่มีช่องที่คั่นด้วย Tab) ให้คัดลอกตารางจาก Word หรือ PDF "
                                 "โดยให้แต่ละช่องคั่นด้วย Tab หรือบันทึกเอกสารเป็น .docx แล้วนำเข้าไฟล์นั้น")
    else:
        parser.error(parser.first_table_line, "หัวตาราง",
                     "อ่านหัวตารางไม่ได้: ไม่พบแถวหัวตารางที่มีคอลัมน์อย่างน้อย 3 อย่างจาก มาตรการ/แนวทาง, "
                     "วิธีการดำเนินการ, ผู้รับผิดชอบ, ระยะเวลา, ผลการดำเนินการ, ข้อเสนอแนะ/ผลลัพธ์")


def _report_title(parser: MeasuresParser, heading: Heading) -> str:
    if heading.title:
        return heading.title
    parser.warn(1, "title", "ไม่พบชื่อรายงาน ใช้ชื่อมาตรฐานแทน ให้แก้ไขในไฟล์ที่ได้")
    return "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"


def _based_on_ita_year(texts: list[str]) -> int | None:
    """'… ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567 …' in the introduction or the memo."""
    for text in texts:
        m = re.search(r"(?:ผลการประเมิน|การประเมิน)[^\n]{0,80}?(?:ITA|คุณธรรมและความโปร่งใส)[^\n]{0,120}?"
                      r"ปี(?:งบประมาณ)?\s*(?:พ\.ศ\.?)?\s*(\d{4})", arabic(text))
        if m:
            return thai.normalise_be_year(int(m[1]))
    return None


def _fiscal_year(parser: MeasuresParser, heading: Heading, measures: list[Measure]) -> int | None:
    """From the heading, else the introduction or memo, else (with a warning) the measures' periods."""
    for text in [heading.title] + heading.intro + [heading.memo_subject]:
        year = _year_after(r"ปีงบประมาณ|ประจำปี", text)
        if year:
            return year
    ends = []
    for m in measures:
        bounds = _bounds(one_line(m.text["period"]), None) if m.text.get("period") else None
        if bounds:
            ends.append(thai.fiscal_year_of(bounds[1]))
    if not ends:
        return None
    year = Counter(ends).most_common(1)[0][0]
    parser.warn(1, "fiscal_year", f"ไม่พบปีงบประมาณในชื่อรายงาน ใช้ปี {year} จากระยะเวลาดำเนินการ ตรวจสอบให้ถูกต้อง")
    return year


def _memo_fields(parser: MeasuresParser, heading: Heading, report: dict) -> None:
    """A covering memo is set aside with a warning; its date stands for the report's when none is signed."""
    if heading.memo_span is None:
        return
    used = ""
    if heading.memo_date and "report_date" not in report:
        report["report_date"] = thai.thai_date(heading.memo_date)
        used = f" ใช้วันที่ของบันทึก ({report['report_date']}) เป็นวันที่รายงาน (report_date)"
    first, last = heading.memo_span
    parser.warn(first, "บันทึกข้อความ",
                f"บรรทัด {_span_text(first, last)} เป็นบันทึกข้อความนำส่งรายงาน ไม่ได้นำมาเป็นชื่อรายงานหรือคำนำ{used}")


def _measure_items(parser: MeasuresParser, measures: list[Measure], fiscal_year: int | None) -> list[dict]:
    out = []
    seen: dict[tuple, int] = {}
    for measure in measures:
        if measure.no is not None:
            key = (measure.instrument, measure.no)
            if key in seen:
                parser.warn(measure.line, f"มาตรการข้อ {measure.no}", f"เลขข้อ {measure.no} ซ้ำกับบรรทัด {seen[key]}")
            seen[key] = measure.line
        out.append(_measure_item(parser, measure, fiscal_year))
    return out


def _measure_item(parser: MeasuresParser, measure: Measure, fiscal_year: int | None) -> dict:
    item: dict = {}
    if measure.no is not None:
        item["no"] = measure.no
    item["title"] = _measure_title(parser, measure)
    instrument = _measure_instrument(parser, measure)
    if instrument:
        item["instrument"] = instrument
    item.update(_measure_paragraphs(measure))
    if measure.text.get("responsible"):
        item["responsible"] = one_line(measure.text["responsible"])
    if measure.text.get("period"):
        item["period"] = _measure_period(parser, measure, fiscal_year)
    return {k: item[k] for k in ("no", "title", "instrument", "method", "responsible", "period", "results",
                                 "outcomes", "suggestions") if k in item}


def _measure_title(parser: MeasuresParser, measure: Measure) -> str:
    title_text = one_line(measure.text.get("title", ""))
    if not title_text:
        parser.warn(measure.line, "มาตรการ", "ไม่มีชื่อมาตรการ ใช้ข้อความแรกของวิธีการดำเนินการแทน")
        title_text = one_line(measure.text.get("method", ""))[:200]
    return title_text[:1000]


def _measure_instrument(parser: MeasuresParser, measure: Measure) -> str | None:
    """The section's instrument, unless the row names one of its own."""
    if not measure.instrument_cell:
        return measure.instrument
    found = instruments_in(measure.instrument_cell)
    if len(found) == 1:
        return found.pop()
    parser.warn(measure.line, "instrument", f"อ่านแบบวัด '{measure.instrument_cell}' ไม่ได้ (ต้องเป็น IIT EIT หรือ OIT)")
    return measure.instrument


def _measure_paragraphs(measure: Measure) -> dict:
    out = {}
    for role in ("method", "results", "outcomes", "suggestions"):
        paragraphs = split_paragraphs(measure.text.get(role, ""))
        if role in ("outcomes", "suggestions"):
            # 'ไม่มี' under problems or suggestions says there are none, as '-' does
            paragraphs = [p for p in paragraphs if p.strip() != "ไม่มี"]
        if role == EXTRA_TARGET:   # columns without a field of their own, one paragraph each under their title
            paragraphs += [f"{title}: {text}" for title, text in measure.extra.items()]
        if paragraphs:
            out[role] = paragraphs
    return out


def _measure_period(parser: MeasuresParser, measure: Measure, fiscal_year: int | None):
    text = one_line(measure.text["period"])
    period = _period(text, fiscal_year)
    if isinstance(period, str) and len(measure.periods) > 1:
        period = _periods_span(measure.periods, fiscal_year) or period
    if isinstance(period, str):
        parser.warn(measure.line, "period", f"อ่านช่วงเวลา '{text}' เป็นวันที่ไม่ได้ เก็บไว้เป็นข้อความ")
    return period


def _check_numbers(parser: MeasuresParser, measures: list[Measure]) -> None:
    by_section: dict = {}
    for m in measures:
        if m.no is not None:
            by_section.setdefault(m.instrument, []).append(m)
    for items in by_section.values():
        previous = None
        for m in items:
            if previous is not None and m.no > previous.no + 1:
                missing = ", ".join(str(n) for n in range(previous.no + 1, m.no))
                parser.warn(m.line, f"มาตรการข้อ {m.no}", f"เลขข้อข้ามไป (ไม่มีข้อ {missing})")
            previous = m


def _year_after(words: str, text: str) -> int | None:
    """'ประจำปีงบประมาณ พ.ศ. ๒๕๖๘' → 2568; 'ปีงบประมาณ ๖๘' (two digits of the BE year) → 2568 too."""
    m = re.search(rf"(?:{words})\s*(?:พ\.ศ\.?)?\s*(\d{{4}}|\d{{2}})(?!\d)", arabic(text))
    return thai.year_from_text(m[1]) if m else None


def import_measures_text(path: Path, shown_as: str | None = None) -> tuple[dict, Problems]:
    """Read a measures report's text (or .docx); return (report data, problems met)."""
    problems = Problems()
    source = read_document(Path(path), problems, shown_as)
    if source is None:
        return {}, problems
    if not kind.check_before_parsing(source, kind.MEASURES, problems):
        return {}, problems
    parser = MeasuresParser(source, problems)
    parser.parse()
    report = _assemble(parser)
    name_pages(source, problems)
    return report, problems
