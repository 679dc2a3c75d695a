"""Import the text of an anti-corruption action plan (seed 002 shape) into plan data.

The document has, in this order (all parts optional except the projects):

- an announcement signed by the chief executive (ประกาศ … เรื่อง … ประกาศ ณ วันที่ … (ชื่อ) ตำแหน่ง);
- the plan's title page and foreword (คำนำ);
- a risk-assessment table (ลำดับ | ขั้นตอน | ประเด็นความเสี่ยง | Risk Score | มาตรการควบคุม);
- a summary table (มิติ | ภารกิจตามมิติ | โครงการ/กิจกรรม/มาตรการ | ปี 25xx … | หมายเหตุ) where
  sub-missions "1.1.1 …" and projects "(1) …" run inline in the third column, rows
  are cut at page breaks and the header repeats on every page;
- one detail sheet per project (ลำดับที่ N, then sections ๑.–๙.), under headings for
  the dimension (มิติที่ N, often misspelt), mission (N.N) and sub-mission (N.N.N).

Tables are read from tab-separated lines. Columns are recognised by the words in
their header, not by position. Every doubt met on the way (duplicate or skipped
numbers, totals that do not add up, titles that differ between summary and
detail sheet, budgets that cannot be placed) is reported with its source line;
the importer never fills a gap silently.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import thai
from ..problems import Problems
from . import kind as document_kind  # what a document is, before it is parsed
from .pdf import name_pages, read_document
from .plan_part_one import heading_field, read_part_one
from .common import (
    SourceText, arabic, cells_of, classify_columns, first_amount, is_page_number, join_text,
    leading_number, money_tokens, one_line, says_no_budget, split_numbered, squash,
    strip_bullet,
)

KINDS = ("โครงการ", "กิจกรรม", "มาตรการ")
_KIND_AHEAD = r"\s*[\"“”'‘]?\s*(?:โครงการ|กิจกรรม|มาตรการ)"

# --- column roles ------------------------------------------------------------------------

SUMMARY_ROLES = [
    ("mission", ("ภารกิจ",)),
    ("dimension", ("มิติ", "ยุทธศาสตร์")),
    ("projects", ("โครงการ", "กิจกรรม", "มาตรการ")),
    ("note", ("หมายเหตุ",)),
    ("budget", ("งบประมาณ", "บาท")),
]
STRUCTURE = ("dimension", "mission", "projects")

RISK_ROLES = [
    ("no", ("^ลำดับ", "=ที่", "=ข้อ")),
    ("level", ("riskscore", "score", "ระดับ", "คะแนน")),
    ("controls", ("มาตรการ", "ควบคุม", "แนวทางป้องกัน")),
    ("step", ("ขั้นตอน", "กระบวน", "ภารกิจ", "งาน")),
    ("issues", ("ประเด็น", "เหตุการณ์", "ความเสี่ยง", "รูปแบบ")),
]

_HEADER_WORDS = ("มิติ", "ภารกิจ", "โครงการ", "กิจกรรม", "มาตรการ", "งบประมาณ", "บาท", "หมายเหตุ",
                 "ปี", "ลำดับ", "ขั้นตอน", "ประเด็น", "ความเสี่ยง", "riskscore", "ระดับ", "ควบคุม")
_YEAR = re.compile(r"(?<!\d)(2[45]\d\d)(?!\d)")
_SHORT_YEAR = re.compile(r"ปี(?:งบประมาณ)?\s*(?:พ\.ศ\.?)?\s*(\d{2})(?!\d)")


def _header_year(cell: str) -> int | None:
    """'ปี ๒๕๖๖', '2566', 'ปีงบประมาณ 66' → 2566."""
    plain = arabic(cell)
    m = _YEAR.search(plain)
    if m:
        return thai.normalise_be_year(int(m[1]))
    m = _SHORT_YEAR.search(plain)
    if m:
        return thai.year_from_text(m[1])
    return None

# --- detail sheet sections -----------------------------------------------------------------

SECTION_KEYWORDS = {
    1: ("ชื่อ",),
    2: ("หลักการ", "เหตุผล", "ที่มา"),
    3: ("วัตถุประสงค์",),
    4: ("เป้าหมาย",),
    5: ("วิธี", "ขั้นตอน", "การดำเนิน"),
    6: ("ระยะเวลา", "ช่วงเวลา"),
    7: ("งบประมาณ", "ค่าใช้จ่าย"),
    8: ("รับผิดชอบ",),
    9: ("ผลผลิต", "ผลลัพธ์", "ผลที่", "ตัวชี้วัด", "ผลิต"),
}
SECTION_FIELDS = {2: "rationale", 3: "objectives", 4: "target_group", 5: "method", 6: "period",
                  7: "budget_detail", 8: "responsible"}
SECTION_NAMES = {1: "ชื่อโครงการ", 2: "หลักการและเหตุผล", 3: "วัตถุประสงค์", 4: "กลุ่มเป้าหมาย",
                 5: "วิธีดำเนินการ", 6: "ระยะเวลาดำเนินการ", 7: "งบประมาณ", 8: "ผู้รับผิดชอบ",
                 9: "ผลผลิต/ผลลัพธ์"}

# 'N. heading' (N up to 10: the older template has ten sections); '3.1 …' is a list item, not a heading
_SECTION = re.compile(r"^\s*(\d{1,2})\s*\.(?!\d)\s*(.*)$")
AREA = 45   # 'พื้นที่ดำเนินการ' (older template): between target group (4) and method (5), kept with the target group
AREA_KEYWORDS = ("พื้นที่",)
_SHEET = re.compile(r"^\s*(?:ลำดับที่|ลำดับ|โครงการที่)\s*(\d{1,3})\s*[.:]?\s*$")
_DIM_HEADING = re.compile(r"^\s*(?:มิติที่|มติที่|มิตินี้|มิติ|มติ)\s*(\d{1,2})\s*[:.]?\s*(.*)$")
_MISSION_HEADING = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\s+(?![\d)])(.*\S.*)$")
_SUB_HEADING = re.compile(r"^\s*[-–•]?\s*(\d{1,2})\.(\d{1,2})\.(\d{1,2})\s+(?![\d)])(.*\S.*)$")
_OUT_HEADING = re.compile(r"^\s*(?:\d\.\d\)?\s*)?(ผลผลิต|ผลลัพธ์)\s*(?:\((?:outputs?|outcomes?)\))?\s*(?:[:：]\s*(.*))?$", re.I)
_MARKER = re.compile(r"^\s*(?:[-–•●▪*]|\(?\d{1,2}(?:\.\d{1,2})*\s*[.)])")


# --- the model being built --------------------------------------------------------------------

@dataclass
class Project:
    no: int
    line: int
    title: str = ""
    id: str | None = None
    summary_no: int | None = None  # the number as printed in the summary, when the detail sheet's differs
    budget: dict = field(default_factory=dict)
    note: str = ""                  # the summary table's หมายเหตุ cell
    sheet: "Sheet | None" = None
    sub: "SubMission | None" = None
    mission: "Mission | None" = None
    dimension: "Dimension | None" = None


@dataclass
class SubMission:
    no: str
    line: int
    title: str = ""
    projects: list = field(default_factory=list)


@dataclass
class Mission:
    no: str
    line: int
    title: str = ""
    subs: list = field(default_factory=list)
    projects: list = field(default_factory=list)


@dataclass
class Dimension:
    no: int
    line: int
    title: str = ""
    missions: list = field(default_factory=list)
    stated_totals: dict = field(default_factory=dict)
    stated_totals_line: int | None = None
    stated_count: int | None = None
    stated_count_line: int | None = None


@dataclass
class Group:
    """One summary row (with its budget-only continuation rows)."""

    line: int
    projects: list = field(default_factory=list)
    continued: Project | None = None
    tokens: dict = field(default_factory=dict)   # year → [amount or None, …]


@dataclass
class Sheet:
    no: int | None
    line: int
    context: tuple = (None, None, None)           # (dimension no, mission no, sub-mission no)
    title_lines: list = field(default_factory=list)
    sections: dict = field(default_factory=dict)  # number → [(line, text, blank_before)]
    outputs: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)
    section_lines: dict = field(default_factory=dict)
    kind: str | None = None                       # from 'ชื่อกิจกรรม' in section 1

    @property
    def title(self) -> str:
        text = ""
        for _, piece, _ in self.title_lines:
            text = join_text(text, piece)
        return text.strip()


@dataclass
class _DetailCursor:
    """Where the reading of the detail pages stands (see PlanParser.parse_details)."""

    known_missions: set
    repeats: Counter                              # how often each line occurs: running headers repeat
    sheet: Sheet | None = None
    section: int = 0                              # the section being read (AREA for the older template's)
    written: int = 0                              # its number as printed (the older template has ten)
    nine_part: str = "outcomes"                   # section 9: 'outputs' or 'outcomes'
    heading_target: tuple | None = None           # (kind, key) of a heading still taking continuation lines
    context: list = field(default_factory=lambda: [None, None, None])
    blank: bool = False                           # a blank line (or a table row) before this line

    @property
    def in_body(self) -> bool:
        """Inside a sheet's sections 1–8, where '1.1 …' is a list item, not a mission heading."""
        return self.sheet is not None and self.section != 9

    def under_heading(self, context: list, target: tuple) -> None:
        self.context, self.sheet, self.section, self.heading_target = context, None, 0, target


_STOP = "stop"


# --- helpers ------------------------------------------------------------------------------------

def _title_key(text: str) -> str:
    return squash(text)


def _similarity(a: str, b: str) -> float:
    a, b = _title_key(a), _title_key(b)
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _kind_of(title: str) -> str | None:
    text = title.lstrip(" \"“”'‘")
    for kind in KINDS:
        if text.startswith(kind):
            return kind
    return None


def _section_slot(heading: str) -> tuple[int | None, int]:
    """The section a heading names, by its words, and where in the heading that word stands:
    the keyword found earliest wins, so that 'เป้าหมาย/ผลผลิต' is the target group (4) and
    'ตัวชี้วัด/ผลลัพธ์' the results (9)."""
    key = squash(heading)[:40]
    best: tuple[int, int | None] = (len(key), None)
    for slot, words in list(SECTION_KEYWORDS.items()) + [(AREA, AREA_KEYWORDS)]:
        for word in words:
            at = key.find(word)
            if 0 <= at < best[0]:
                best = (at, slot)
    return best[1], best[0]


def _order(section: int) -> float:
    """Sections in document order; the older template's area section comes between 4 and 5."""
    return 4.5 if section == AREA else section


def _is_running_header(text: str, repeats: int) -> bool:
    """The plan's name printed at the top of every page ('แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. …) …'):
    a line about the plan seen on three pages, or one that is nothing but the plan's name and years
    (a sentence of a sheet mentions the plan in passing, it does not start with it)."""
    if "แผน" not in text or "ทุจริต" not in text or len(text) >= 200:
        return False
    names_itself = re.match(r"^\s*แผน(?:ปฏิบัติการ|ป้องกัน)", text) and \
        re.search(r"(?:พ\.\s*ศ\.?|25\d\d|๒๕[๐-๙][๐-๙])\s*\S*\s*[-–—]\s*(?:25\d\d|๒๕[๐-๙][๐-๙])", text) and len(text) < 150
    return repeats >= 3 or bool(names_itself)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _paragraphs(entries: list) -> list[str]:
    """Lines of a detail section → paragraphs (wrapped lines are joined back)."""
    paras: list[str] = []
    for _, raw, blank_before in entries:
        text = one_line(raw)
        if not text:
            continue
        starts_item = bool(_MARKER.match(arabic(text)))
        if paras and not starts_item and (not blank_before or len(text) <= 20):
            paras[-1] = join_text(paras[-1], text)
        else:
            paras.append(text)
    return [p for p in (strip_bullet(p) for p in paras) if p]


_BARE_YEAR = re.compile(r"^\s*(?:(?:ปี(?:งบประมาณ)?|พ\.\s*ศ\.?)\s*)?2[45]\d\d\s*(?:\(?\s*บาท\s*\)?)?\s*$")
_ITEM_START = re.compile(r"^\s*\(?\d{1,3}\s*[.)]")


def _note_words(cell: str) -> str:
    """A หมายเหตุ cell worth keeping: '' for a dash or a bare figure."""
    text = one_line(cell)
    if text in ("-", "–") or not re.search(r"[ก-๙A-Za-z]", arabic(text).replace("บาท", "")):
        return ""
    return text


def _short_years(cells: list[str]) -> dict[int, int]:
    """'๖๘ | ๖๙ | ๗๐ …' under 'ปีงบประมาณ (บาท)': a row of three or more consecutive two-digit BE
    years, and nothing else → {column: year}; any other row → {}."""
    filled = {i: arabic(one_line(c)) for i, c in enumerate(cells) if one_line(c)}
    if len(filled) < 3 or not all(re.fullmatch(r"\d{2}", v) for v in filled.values()):
        return {}
    numbers = [int(v) for _, v in sorted(filled.items())]
    if any(b != a + 1 for a, b in zip(numbers, numbers[1:])) or not 40 <= numbers[0] <= 99:
        return {}
    return {i: thai.year_from_text(v) for i, v in filled.items()}


def _is_header_row(cells: list[str]) -> bool:
    """A row of column titles. Besides title words, a header may hold bare years
    ('๒๕๖๖', 'พ.ศ. 2567': the second row under 'ปีงบประมาณ') and a bare 'ที่'
    for the number column. A cell that starts with an item number ('2) มาตรการ…')
    is data, even when its words look like titles."""
    filled = [one_line(c) for c in cells if one_line(c)]
    if len(filled) < 2:
        return False
    if _short_years(cells):
        return True
    for cell in filled:
        key = squash(cell)
        plain = arabic(cell)
        if _BARE_YEAR.match(plain) or key in ("ที่", "ข้อ"):
            continue
        if len(cell) > 60 or not any(word in key for word in _HEADER_WORDS):
            return False
        if re.search(r"\(\d+\)|\d+\.\d", plain) or _ITEM_START.match(plain):
            return False
    # a row of bare numbers only ('ที่' alone, or years alone) needs two years to be a header
    titled = [c for c in filled if not _BARE_YEAR.match(arabic(c)) and squash(c) not in ("ที่", "ข้อ")]
    return bool(titled) or sum(bool(_BARE_YEAR.match(arabic(c))) for c in filled) >= 2


class PlanParser:
    def __init__(self, source: SourceText, problems: Problems):
        self.src = source
        self.lines = source.lines
        self.p = problems
        # summary table
        self.dimensions: list[Dimension] = []
        self.dim: Dimension | None = None
        self.mission: Mission | None = None
        self.sub: SubMission | None = None
        self.projects: list[Project] = []
        self.groups: list[Group] = []
        self.pointer: dict[int, object] = {}
        self.header_block: list[list[str]] = []
        self.columns: dict[int, str] = {}
        self.years: dict[int, int] = {}
        self.all_years: set[int] = set()
        self.summary_found = False
        self.plan_count: int | None = None
        self.plan_count_line: int | None = None
        self.plan_totals: dict = {}
        self.numbered_projects = True
        self.unnumbered_counter = 0
        # risk table
        self.risks: list[dict] = []
        self.risk_columns: dict[int, str] = {}
        self.risk_title: str | None = None
        self.risk_line: int | None = None
        # details
        self.sheets: list[Sheet] = []
        self.detail_dims: dict[int, tuple[str, int]] = {}
        self.detail_missions: dict[str, tuple[str, int]] = {}
        self.detail_subs: dict[str, tuple[str, int]] = {}
        self.detail_start: int | None = None
        self.renumbered_warned = False       # one warning for sheets numbered as the older template
        self.repeat_warned = False
        self.area_warned = False
        self.running_header_warned = False
        self.front: list[tuple[int, str]] = []
        self.back: list[tuple[int, str]] = []   # an announcement printed after the detail sheets
        self.region: str | None = None          # the table being read: 'summary', 'risk' or None
        self.first_table_line: int | None = None

    # --- problems -----------------------------------------------------------------------
    def warn(self, line, where, message):
        self.p.warning(self.src.name, line, where, message)

    def error(self, line, where, message):
        self.p.error(self.src.name, line, where, message)

    # --- pass 1: tables and regions -----------------------------------------------------------
    # The front matter (text before the first table), the risk table and the summary table, each
    # recognised by its header; text lines inside the summary may be full-width rows that lost their tabs.
    def scan(self) -> None:
        text = "\n".join(self.lines)
        self.numbered_projects = len(re.findall(r"(?:\(\d{1,3}\)|(?<!\S)\d{1,3}[.)])" + _KIND_AHEAD,
                                                arabic(text))) >= 2
        self.region = None
        self.first_table_line = None
        for index, raw in enumerate(self.lines):
            cells = cells_of(raw)
            if cells is None:
                self._scan_text(raw.strip(), index + 1)
            elif any(c.strip() for c in cells):
                self._scan_row(cells, index + 1)

    def _scan_text(self, stripped: str, line_no: int) -> None:
        if not stripped or self.region and is_page_number(stripped):
            return
        if self.region == "summary" and self._merged_summary_row(stripped, line_no):
            return
        self.region = None
        if self.first_table_line is None:
            self.front.append((line_no, stripped))

    def _scan_row(self, cells: list[str], line_no: int) -> None:
        if _is_header_row(cells) and self._table_header(cells, line_no):
            return
        if self.region == "summary":
            self.header_block = []
            self._summary_row(cells, line_no)
        elif self.region == "risk":
            self._risk_row(cells, line_no)

    def _table_header(self, cells: list[str], line_no: int) -> bool:
        """A header row of the summary table or of the risk table (possibly printed again on a new page)."""
        roles = set(classify_columns(cells, SUMMARY_ROLES).values())
        risk_roles = set(classify_columns(cells, RISK_ROLES).values())
        if self.region == "summary" or ({"mission", "projects"} <= roles or {"dimension", "projects"} <= roles
                                        and "step" not in risk_roles):
            if self.region != "summary":
                self.header_block = []
            self.region = "summary"
            self._summary_header(cells, line_no)
            if self.detail_start is None:
                self.detail_start = line_no
            self.first_table_line = self.first_table_line or line_no
            return True
        if self.region == "risk" or ("step" in risk_roles and risk_roles & {"issues", "controls"}):
            if self.region != "risk" and not self.risk_columns:
                self.risk_columns = classify_columns(cells, RISK_ROLES)
                self.risk_line = line_no
                self._risk_title_from_front()
            self.region = "risk"
            self.first_table_line = self.first_table_line or line_no
            return True
        return False

    def _risk_title_from_front(self):
        if self.front:
            line_no, text = self.front[-1]
            if len(text) < 120 and "ความเสี่ยง" in text:
                self.risk_title = leading_number(one_line(text))[1] or one_line(text)

    # --- summary table --------------------------------------------------------------------------
    def _summary_header(self, cells: list[str], line_no: int) -> None:
        self.summary_found = True
        self.header_block.append(cells)
        width = max(len(row) for row in self.header_block)
        merged = [" ".join(row[i] for row in self.header_block if i < len(row)) for i in range(width)]
        roles = classify_columns(merged, SUMMARY_ROLES)
        # a 'รวม ๕ ปี' column adds up the row's years: it is checked, not read as a year or stray figures
        totals = {i for i, cell in enumerate(merged) if "รวม" in squash(cell)}
        for col in totals:
            roles[col] = "row_total"
        # years: the header row naming the most years wins; others fill gaps
        by_row = []
        for row in self.header_block:
            found = dict(_short_years(row))
            for i, cell in enumerate(row):
                year = _header_year(cell) if i not in totals else None
                if year:
                    found[i] = year
            by_row.append(found)
        years: dict[int, int] = {}
        for found in sorted(by_row, key=len, reverse=True):
            for col, year in found.items():
                if col not in years and year not in years.values():
                    years[col] = year
        if years:
            self.years = years
            self.all_years.update(years.values())
        for col in years:
            roles[col] = "year"
        self.columns = roles

    def _merged_summary_row(self, text: str, line_no: int) -> bool:
        """A full-width row ('มิติที่ 2 …', '2.1 …') that lost its tabs inside the summary table."""
        plain = arabic(one_line(text))
        structure = self._structure_columns()
        if not structure or len(plain) > 300:
            return False
        role = None
        if re.match(r"^\s*(?:มิติที่|มติที่|มิติ)\s*\d", plain):
            role = "dimension"
        elif re.match(r"^\s*\d{1,2}\.\d{1,2}\s+\D", plain) and self.dim is not None and \
                plain.strip().startswith(f"{self.dim.no}."):
            role = "mission"
        if role is None:
            return False
        col = next((c for c, r in structure if r == role), None)
        if col is None:
            return False
        cells = [""] * (max(self.columns) + 1)
        cells[col] = text
        self._summary_row(cells, line_no)
        return True

    def _structure_columns(self) -> list[tuple[int, str]]:
        return sorted((c, r) for c, r in self.columns.items() if r in STRUCTURE)

    def _summary_row(self, cells: list[str], line_no: int) -> None:
        structure = self._structure_columns()
        if not structure:
            return
        texts = {c: one_line(cells[c]) if c < len(cells) else "" for c, _ in structure}
        tokens = {year: money_tokens(cells[c]) for c, year in self.years.items() if c < len(cells)}
        self._warn_stray_figures(cells, line_no)
        self._check_row_total(cells, tokens, line_no)
        note = self._note_text(cells)
        if not any(texts.values()):
            self._continuation_row(tokens, note, line_no)
            return
        if self._total_row(texts, tokens, line_no):
            return
        group = Group(line_no, tokens={y: v for y, v in tokens.items() if v})
        self.groups.append(group)
        for col, role in structure:
            if texts[col]:
                self._scan_cell(col, role, texts[col], group, line_no)
        if note:
            self._attach_note(group, note, line_no)

    def _warn_stray_figures(self, cells: list[str], line_no: int) -> None:
        """Figures outside the year columns: a budget-titled column without a year, or a note that is
        only a figure, cannot be given a year, so they are reported (a note with words is kept)."""
        stray = [c for c in range(len(cells)) if c not in self.columns and one_line(cells[c])]
        stray += [c for c, r in self.columns.items() if r in ("note", "budget") and c < len(cells)
                  and any(v for v in money_tokens(cells[c]) if v)
                  and (r == "budget" or not _note_words(cells[c]))]
        for c in stray:
            value = one_line(cells[c])
            if value not in ("-", "–") and any(ch.isdigit() for ch in arabic(value)):
                self.warn(line_no, "ตารางสรุป", f"ตัวเลข '{_short(value, 40)}' อยู่นอกคอลัมน์งบประมาณรายปี (คอลัมน์ที่ {c + 1}) ไม่ได้นำมาใช้ ตรวจว่าตรงกับปีใด")

    def _continuation_row(self, tokens: dict, note: str, line_no: int) -> None:
        """A row with amounts or a note only: the rest of the row above."""
        if not self.groups:
            return
        group = self.groups[-1]
        if any(tokens.values()):
            for year, values in tokens.items():
                group.tokens.setdefault(year, []).extend(values)
        if note:
            self._attach_note(group, note, line_no)

    def _check_row_total(self, cells: list[str], tokens: dict, line_no: int) -> None:
        """A row's printed total ('รวม ๕ ปี') against its years, when each cell holds one amount."""
        for col in (c for c, r in self.columns.items() if r == "row_total" and c < len(cells)):
            stated = [v for v in money_tokens(cells[col]) if v]
            per_year = [[v for v in values if v] for values in tokens.values()]
            if len(stated) != 1 or any(len(v) > 1 for v in per_year):
                continue
            computed = sum(v[0] for v in per_year if v)
            if computed != stated[0]:
                self.warn(line_no, "ตารางสรุป", f"ยอดรวมของแถวที่พิมพ์ไว้ {stated[0]:,} บาท แต่รวมรายปีได้ {computed:,} บาท "
                                               "ใช้จำนวนรายปี ตรวจว่าปีใดพิมพ์ผิด")

    def _note_text(self, cells: list[str]) -> str:
        """The row's หมายเหตุ cell(s), as words (see _note_words)."""
        notes = [_note_words(cells[c]) for c, r in self.columns.items() if r == "note" and c < len(cells)]
        return " ".join(n for n in notes if n)

    def _attach_note(self, group: Group, note: str, line_no: int) -> None:
        """A note belongs to the row's project; in a row with several projects it is
        given to each of them, with a warning, because the cell cannot say which."""
        projects = group.projects or ([group.continued] if group.continued else [])
        if not projects:
            self.warn(line_no, "ตารางสรุป", f"หมายเหตุ '{_short(note, 40)}' ไม่อยู่ในแถวของโครงการใด ไม่ได้นำมาใช้")
            return
        if len(projects) > 1:
            numbers = ", ".join(f"({p.no})" for p in projects)
            self.warn(line_no, "ตารางสรุป", f"หมายเหตุ '{_short(note, 40)}' อยู่ในแถวที่มีหลายโครงการ ({numbers}) "
                                           "ใส่ไว้กับทุกโครงการในแถว ตรวจว่าเป็นของโครงการใด")
        for project in projects:
            project.note = join_text(project.note, note)

    def _total_row(self, texts: dict, tokens: dict, line_no: int) -> bool:
        """'รวม', '๒๒ โครงการ', 'รวมทั้งหมด ๔๔ โครงการ': a dimension's or the plan's printed totals."""
        values = [arabic(t) for t in texts.values() if t]
        is_total = any(re.match(r"^\s*รวม(?:\s|$|ทั้ง|\d|งบ)", v) for v in values) or any(
            re.match(r"^\s*(?:จำนวน\s*)?\d+\s*(?:โครงการ|กิจกรรม|มาตรการ)", v) for v in values)
        if not is_total:
            return False
        joined = " ".join(values)
        dim_count, plan_count = self._total_counts(joined)
        amounts = self._total_amounts(tokens, line_no)
        grand = plan_count is not None and dim_count is None or re.search(r"ทั้งสิ้น|ทั้งแผน", joined)
        if plan_count is not None:
            self.plan_count, self.plan_count_line = plan_count, line_no
        if grand and dim_count is None:
            if amounts:
                self.plan_totals = amounts
        elif self.dim is None:
            self.warn(line_no, "ตารางสรุป", "พบแถวรวมก่อนมิติแรก ไม่ได้นำมาใช้")
        else:
            self._dimension_totals(dim_count, amounts, line_no)
        return True

    def _total_counts(self, joined: str) -> tuple[int | None, int | None]:
        """(the dimension's project count, the plan's) as printed in a total row."""
        dim_count = plan_count = None
        for m in re.finditer(r"(ทั้งหมด|ทั้งสิ้น|ทั้งแผน)?\s*(\d+)\s*(?:โครงการ|กิจกรรม|มาตรการ)", joined):
            if m[1]:
                plan_count = int(m[2])
            elif dim_count is None:
                dim_count = int(m[2])
        if dim_count is not None and plan_count is None and self.dim is not None and len(self.dimensions) > 1 \
                and dim_count == len(self.projects) != sum(1 for p in self.projects if p.dimension is self.dim):
            # 'รวม จำนวน ๘ โครงการ' under the last dimension counts the whole plan, not that dimension
            plan_count, dim_count = dim_count, None
        return dim_count, plan_count

    def _total_amounts(self, tokens: dict, line_no: int) -> dict[int, int]:
        amounts = {}
        for year, found in tokens.items():
            numbers = [v for v in found if v]
            if len(numbers) > 1:
                self.warn(line_no, "ตารางสรุป", f"ช่องยอดรวมปี {year} มีหลายจำนวน ({len(numbers)}) ใช้จำนวนแรก")
            if numbers:
                amounts[year] = numbers[0]
        return amounts

    def _dimension_totals(self, dim_count: int | None, amounts: dict, line_no: int) -> None:
        if dim_count is not None:
            self.dim.stated_count, self.dim.stated_count_line = dim_count, line_no
        if amounts:
            if self.dim.stated_totals and self.dim.stated_totals != amounts:
                self.warn(line_no, f"มิติที่ {self.dim.no}", "มีแถวรวมมากกว่าหนึ่งแถวและยอดไม่ตรงกัน ใช้แถวหลัง")
            self.dim.stated_totals, self.dim.stated_totals_line = amounts, line_no
        elif self.dim.stated_totals_line is None:
            self.dim.stated_totals_line = line_no

    # markers inside one cell
    _M_DIM = re.compile(r"^\s*(?:มิติที่|มติที่|มิติ)?\s*(\d{1,2})\s*(?:\.(?!\d)|\s)\s*")
    _M_SUB = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{1,2})(?![\d)])\.?\s*")
    _M_MISSION = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})(?![\d.)])\s*")
    _M_PROJECT = re.compile(r"\((\d{1,3})\)\s*|(?:(?<=\s)|^)(\d{1,3})[.)]\s*(?=" + _KIND_AHEAD[3:] + ")")
    _M_NUMBERED_CELL = re.compile(r"^\s*(\d{1,3})\s*[.)]\s*(?=[^\d\s.)])")
    _M_KIND = re.compile(r"(?:(?<=\s)|^)(?=(?:โครงการ|กิจกรรม|มาตรการ)\S)")

    def _candidates(self, text: str, role: str) -> list[tuple[int, int, str, tuple]]:
        plain = arabic(text)
        found = []
        if role == "dimension":
            m = self._M_DIM.match(plain)
            if m and not self._M_MISSION.match(plain.strip()):
                found.append((m.start(), m.end(), "dimension", (int(m[1]),)))
        for m in self._M_SUB.finditer(plain):
            found.append((m.start(), m.end(), "sub", (int(m[1]), int(m[2]), int(m[3]))))
        for m in self._M_MISSION.finditer(plain):
            if role != "dimension":
                found.append((m.start(), m.end(), "mission", (int(m[1]), int(m[2]))))
        if role == "projects":
            for m in self._M_PROJECT.finditer(plain):
                found.append((m.start(), m.end(), "project", (int(m[1] or m[2]),)))
            # '๗. ประกาศเจตจำนง…': a number opening the cell numbers a project even without a kind word
            # (_open still requires the number to follow the previous project's)
            m = self._M_NUMBERED_CELL.match(plain)
            if m and not any(f[0] == m.start(1) for f in found):
                found.append((m.start(1), m.end(), "project", (int(m[1]),)))
            if not self.numbered_projects:
                for m in self._M_KIND.finditer(plain):
                    found.append((m.start(), m.start(), "unnumbered", ()))
        found.sort(key=lambda f: (f[0], -f[1]))
        return found

    def _scan_cell(self, col: int, role: str, text: str, group: Group, line_no: int) -> None:
        header_echo = squash("โครงการ/กิจกรรม/มาตรการ")
        plain = arabic(text)
        start = 0
        m = re.match(r"^\s*(?:โครงการ|กิจกรรม|มาตรการ)(?:\s*/\s*(?:โครงการ|กิจกรรม|มาตรการ))+\s*", plain)
        if m and squash(m[0]) == header_echo:
            start = m.end()
        target = None
        position = start
        for begin, end, kind, value in self._candidates(text, role):
            if begin < position or (kind == "unnumbered" and begin == position and isinstance(target, Project)
                                    and not target.title):
                continue
            self._append(col, target, text[position:begin], group, line_no)
            position = begin
            opened = self._open(kind, value, role, line_no, group, text[end:])
            if opened is None:
                continue
            target = opened
            self.pointer[col] = opened
            position = end
        self._append(col, target, text[position:], group, line_no)

    def _append(self, col: int, target, piece: str, group: Group, line_no: int) -> None:
        piece = piece.strip()
        if not piece:
            return
        if target is None:
            target = self.pointer.get(col)
            if target is None:
                target = self.sub or self.mission or self.dim
                if target is None:
                    self.warn(line_no, "ตารางสรุป", f"ข้อความ '{_short(piece, 50)}' อยู่ก่อนมิติแรก ไม่ได้นำมาใช้")
                    return
                self.pointer[col] = target
            if isinstance(target, Project) and not group.projects and group.continued is None:
                group.continued = target
        if not isinstance(target, Project) and squash(piece) and squash(piece) in squash(target.title):
            # a merged cell exported into every row repeats the dimension's or mission's name
            if not self.repeat_warned:
                self.repeat_warned = True
                self.warn(line_no, "ตารางสรุป", f"ข้อความ '{_short(piece, 50)}' ซ้ำกับชื่อที่มีอยู่แล้ว "
                                               "(ช่องผสานที่พิมพ์ซ้ำทุกแถว) ไม่นำมาต่อท้ายชื่อซ้ำอีก")
            return
        target.title = join_text(target.title, piece)

    def _open(self, kind: str, value: tuple, role: str, line_no: int, group: Group, after: str):
        """What a number found in a summary cell opens: a dimension, mission, sub-mission or project
        (None when the number is text, not a marker)."""
        if kind == "dimension":
            return self._open_dimension(value[0], line_no)
        if kind == "mission":
            return self._open_mission(*value, role, line_no)
        if kind == "sub":
            return self._open_sub(*value, line_no)
        if kind in ("project", "unnumbered"):
            number = self._project_number(kind, value, after, line_no)
            return None if number is None else self._open_project(number, line_no, group)
        return None

    def _open_dimension(self, number: int, line_no: int) -> Dimension:
        for dim in self.dimensions:
            if dim.no == number:
                self.dim = dim
                return dim
        dim = Dimension(number, line_no)
        if self.dimensions and number != self.dimensions[-1].no + 1:
            self.warn(line_no, f"มิติที่ {number}", f"เลขมิติไม่ต่อเนื่อง (ก่อนหน้าคือ {self.dimensions[-1].no})")
        self.dimensions.append(dim)
        self.dim, self.mission, self.sub = dim, None, None
        self.pointer = {}
        return dim

    def _open_mission(self, x: int, y: int, role: str, line_no: int):
        """'2.1' in the mission column; in the projects column a sub-mission with a level missing
        ('๓.๒' for '๓.๒.๒') or the next mission printed in the wrong column."""
        if role == "mission":
            return self._find_mission(x, y, line_no, create=True)
        if self.mission is not None and self.mission.no == f"{x}.{y}":
            subs = self.mission.subs
            guess = f"{x}.{y}.{len(subs) + 1}"
            if any(s.no == guess for s in subs):
                return None
            self.warn(line_no, f"ภารกิจย่อย {guess}",
                      f"เลขข้อ {x}.{y} ในคอลัมน์โครงการน่าจะเป็นภารกิจย่อย {guess} (เลขขาดไปหนึ่งระดับ) ใช้เลข {guess}")
            return self._add_sub(guess, line_no)
        if self.dim is not None and x == self.dim.no and self.mission is not None and \
                y == int(self.mission.no.split(".")[1]) + 1:
            self.warn(line_no, f"ภารกิจ {x}.{y}", "ภารกิจอยู่ในคอลัมน์โครงการแทนคอลัมน์ภารกิจ")
            return self._find_mission(x, y, line_no, create=True)
        return None

    def _open_sub(self, x: int, y: int, z: int, line_no: int):
        if self.dim is not None and x != self.dim.no:
            return None
        if self.dim is None:
            self._open_dimension(x, line_no)
            self.warn(line_no, f"มิติที่ {x}", "ไม่พบชื่อมิติในตารางสรุป")
        mission = self._find_mission(x, y, line_no, create=False)
        if mission is None:
            self.warn(line_no, f"ภารกิจ {x}.{y}", f"ภารกิจย่อย {x}.{y}.{z} อยู่ใต้ภารกิจ {x}.{y} ซึ่งไม่พบในตารางสรุป")
            mission = self._find_mission(x, y, line_no, create=True)
        self.mission = mission
        number = f"{x}.{y}.{z}"
        for sub in mission.subs:
            if sub.no == number:
                self.sub = sub
                return sub
        return self._add_sub(number, line_no)

    def _project_number(self, kind: str, value: tuple, after: str, line_no: int) -> int | None:
        """'(3)' followed by a project's kind, or a number near the last one; unnumbered projects are counted."""
        if kind == "project":
            (number,) = value
            last = self.projects[-1].no if self.projects else 0
            if not re.match(_KIND_AHEAD, arabic(after)) and not (last - 2 <= number <= last + 3):
                return None
            return number
        if not self.unnumbered_counter:
            self.warn(line_no, "ตารางสรุป", "โครงการในตารางสรุปไม่มีเลขลำดับ (๑) (๒) … จึงนับลำดับตามที่พบ")
        self.unnumbered_counter += 1
        return self.unnumbered_counter

    def _open_project(self, number: int, line_no: int, group: Group) -> Project | None:
        project = Project(number, line_no)
        if self.mission is None:
            if self.dim is None:
                self.warn(line_no, f"โครงการ ({number})", "โครงการอยู่ก่อนมิติแรกของตาราง ไม่ได้นำมาใช้")
                return None
            self.warn(line_no, f"โครงการ ({number})", "โครงการไม่อยู่ใต้ภารกิจใด จึงสร้างภารกิจว่างไว้ให้แก้ไข")
            self.mission = self._find_mission(self.dim.no, 0, line_no, create=True)
            self.mission.title = "(ไม่ระบุภารกิจ)"
        project.dimension, project.mission, project.sub = self.dim, self.mission, self.sub
        (self.sub.projects if self.sub else self.mission.projects).append(project)
        self.projects.append(project)
        group.projects.append(project)
        return project

    def _find_mission(self, x: int, y: int, line_no: int, create: bool) -> Mission | None:
        if self.dim is None or x != self.dim.no:
            dim = next((d for d in self.dimensions if d.no == x), None)
            if dim is None:
                if not create:
                    return None
                dim = Dimension(x, line_no)
                self.dimensions.append(dim)
                self.warn(line_no, f"มิติที่ {x}", "ไม่พบชื่อมิติในตารางสรุป")
            self.dim = dim
        number = f"{x}.{y}"
        for mission in self.dim.missions:
            if mission.no == number:
                self.mission, self.sub = mission, None
                return mission
        if not create:
            return None
        mission = Mission(number, line_no)
        self.dim.missions.append(mission)
        self.mission, self.sub = mission, None
        return mission

    def _add_sub(self, number: str, line_no: int) -> SubMission:
        sub = SubMission(number, line_no)
        self.mission.subs.append(sub)
        self.sub = sub
        return sub

    # --- risk table --------------------------------------------------------------------------------
    def _risk_row(self, cells: list[str], line_no: int) -> None:
        values = {role: one_line(cells[c]) for c, role in self.risk_columns.items() if c < len(cells)}
        number_text = values.get("no", "")
        number, _ = leading_number(number_text) if number_text else (None, "")
        if number is None and re.fullmatch(r"\d+", arabic(number_text).strip()):
            number = int(arabic(number_text))
        starts = number is not None or (not self.risks) or ("no" not in self.risk_columns and values.get("step"))
        if starts:
            risk = {"line": line_no, "no": number, "step": "", "issues": "", "level": "", "controls": ""}
            self.risks.append(risk)
        risk = self.risks[-1]
        for role in ("step", "issues", "level", "controls"):
            if values.get(role):
                risk[role] = join_text(risk[role], values[role]) if role != "level" else \
                    (risk[role] + " " + values[role]).strip()

    # --- detail sheets ------------------------------------------------------------------------------
    # One reader per element of the detail pages: the end of the details, page furniture, the
    # dimension / mission / sub-mission headings, a sheet's 'ลำดับที่ N', its numbered section
    # headings and the text under them. Each reader takes the line or leaves it to the next.
    def parse_details(self) -> None:
        start = (self.detail_start or 1) - 1
        at = _DetailCursor(known_missions={m.no for d in self.dimensions for m in d.missions},
                           repeats=Counter(one_line(line) for line in self.lines[start:] if cells_of(line) is None))
        self._warn_without_blank_lines(start)
        for index in range(start, len(self.lines)):
            if self._detail_line(index, at) == _STOP:
                break

    def _warn_without_blank_lines(self, start: int) -> None:
        """Paragraphs of a sheet are told apart by blank lines (a line without one before it is the
        wrapped rest of the paragraph above): without a single blank line, that cannot be done."""
        texts = [(i + 1, line) for i, line in enumerate(self.lines[start:], start=start) if cells_of(line) is None]
        if len(texts) > 20 and all(one_line(line) for _, line in texts):
            self.warn(texts[0][0], "รายละเอียดโครงการ",
                      "เอกสารไม่มีบรรทัดว่างระหว่างย่อหน้าเลย จึงบอกไม่ได้ว่าบรรทัดใดเป็นย่อหน้าใหม่ บรรทัดที่ต่อกันในหัวข้อเดียวกัน"
                      "ถูกรวมเป็นย่อหน้าเดียว (ยกเว้นบรรทัดที่ขึ้นต้นด้วยเลขข้อหรือ -) ตรวจการแบ่งย่อหน้าในไฟล์ที่ได้")

    def _detail_line(self, index: int, at: "_DetailCursor"):
        raw = self.lines[index]
        text = one_line(raw) if cells_of(raw) is None else ""
        if not text:                # a table row or an empty line: a break between paragraphs
            at.blank = True
            return None
        plain = arabic(text)
        if self._details_end(index, plain):
            return _STOP
        if is_page_number(text) or self._running_header(text, index + 1, at.repeats):
            return None
        readers = (self._dimension_heading, self._sub_mission_heading, self._mission_heading,
                   self._sheet_start, self._section_heading)
        if not any(read(at, text, plain, index + 1) for read in readers):
            self._sheet_text(at, text, index + 1)
        at.blank = False
        return None

    def _details_end(self, index: int, plain: str) -> bool:
        """'ภาคผนวก', or the announcement printed after the sheets (front matter, not the last sheet's text)."""
        if re.match(r"^\s*ภาคผนวก\s*$", plain):
            return True
        if self.sheets and re.match(r"^\s*ประกาศ(?!\s*ณ)\S", plain) and self._subject_follows(index):
            self.back = [(i + 1, one_line(line)) for i, line in enumerate(self.lines[index:], start=index)
                         if one_line(line) and cells_of(line) is None]
            return True
        return False

    def _running_header(self, text: str, line_no: int, repeats: Counter) -> bool:
        if not _is_running_header(text, repeats[text]):
            return False
        if not self.running_header_warned:
            self.running_header_warned = True
            self.warn(line_no, "รายละเอียดโครงการ",
                      f"บรรทัด '{_short(text, 60)}' ซ้ำ {repeats[text]} ครั้ง (หัวกระดาษ) ไม่ได้นำมาใส่ในรายละเอียดโครงการ")
        return True

    def _dimension_heading(self, at: "_DetailCursor", text: str, plain: str, line_no: int) -> bool:
        m = _DIM_HEADING.match(plain)
        if not m or at.in_body or len(text) >= 200:
            return False
        number = int(m[1])
        self.detail_dims[number] = (text[m.start(2):].strip() if m[2] else "", line_no)
        at.under_heading([number, None, None], ("dim", number))
        return True

    def _sub_mission_heading(self, at: "_DetailCursor", text: str, plain: str, line_no: int) -> bool:
        m = _SUB_HEADING.match(plain)
        if not m or at.in_body or not self._heading_fits(at.context, m, 3, at.known_missions):
            return False
        number = f"{m[1]}.{m[2]}.{m[3]}"
        self.detail_subs[number] = (text[m.start(4):].strip(), line_no)
        at.under_heading([int(m[1]), f"{m[1]}.{m[2]}", number], ("sub", number))
        return True

    def _mission_heading(self, at: "_DetailCursor", text: str, plain: str, line_no: int) -> bool:
        m = _MISSION_HEADING.match(plain)
        if not m or at.in_body or not self._heading_fits(at.context, m, 2, at.known_missions):
            return False
        number = f"{m[1]}.{m[2]}"
        self.detail_missions[number] = (text[m.start(3):].strip(), line_no)
        at.under_heading([int(m[1]), number, None], ("mission", number))
        return True

    def _sheet_start(self, at: "_DetailCursor", text: str, plain: str, line_no: int) -> bool:
        """'ลำดับที่ N': a project's sheet begins."""
        m = _SHEET.match(plain)
        if not m:
            return False
        self._open_sheet(at, int(m[1]), line_no)
        at.heading_target = None
        return True

    def _open_sheet(self, at: "_DetailCursor", number: int | None, line_no: int) -> None:
        at.sheet = Sheet(number, line_no, tuple(at.context))
        self.sheets.append(at.sheet)
        at.section, at.written, at.nine_part = 0, 0, "outcomes"

    def _section_heading(self, at: "_DetailCursor", text: str, plain: str, line_no: int) -> bool:
        """'๓. วัตถุประสงค์': one of a sheet's numbered sections (a numbered list item is not)."""
        m = _SECTION.match(plain)
        if not m:
            return False
        number, rest = int(m[1]), text[m.start(2):] if m[2] else ""
        named, named_at = _section_slot(rest)
        if number == 1 and named == 1 and (at.sheet is None or at.section >= 1):
            nine_part = at.nine_part       # a sheet without 'ลำดับที่': its section 1 opens it
            self._open_sheet(at, None, line_no)
            at.nine_part = nine_part
        slot = self._section_slot_of(at.sheet, at.section, at.written, number, (named, named_at), rest, line_no)
        if slot is None:
            return False
        self._warn_missing_sections(at, slot, line_no)
        at.section, at.written = slot, number
        at.sheet.section_lines[slot] = line_no
        at.heading_target = None
        self._section_inline_text(at, slot, rest, line_no)
        return True

    def _warn_missing_sections(self, at: "_DetailCursor", slot: int, line_no: int) -> None:
        missing = [n for n in range(1, 10) if _order(at.section) < n < _order(slot)]
        if missing:
            self.warn(line_no, f"รายละเอียดโครงการ {at.sheet.no or ''}".strip(),
                      f"ไม่มีหัวข้อ {', '.join(str(n) for n in missing)}")

    def _section_inline_text(self, at: "_DetailCursor", slot: int, rest: str, line_no: int) -> None:
        """What follows a section's heading on its own line ('๖. ระยะเวลา : ตลอดปี')."""
        sheet = at.sheet
        if slot == 1:
            self._sheet_title_heading(sheet, rest, line_no)
            return
        if slot == 9:
            m_out = _OUT_HEADING.match(rest)
            at.nine_part = ("outputs" if m_out[1] == "ผลผลิต" else "outcomes") if m_out else "outcomes"
            return
        inline = re.split(r"[:：]", rest, maxsplit=1)
        if len(inline) == 2 and inline[1].strip():
            sheet.sections.setdefault(slot, []).append((line_no, inline[1].strip(), False))

    @staticmethod
    def _sheet_title_heading(sheet: Sheet, rest: str, line_no: int) -> None:
        named_kind = re.match(r"^\s*ชื่อ\s*(โครงการ|กิจกรรม|มาตรการ)\s*(?![/\s]*(?:โครงการ|กิจกรรม|มาตรการ))", rest)
        if named_kind:      # 'ชื่อกิจกรรม :' says the kind when the title does not
            sheet.kind = named_kind[1]
        title = re.sub(r"^\s*ชื่อ\s*(?:โครงการ|กิจกรรม|มาตรการ)?(?:\s*/\s*(?:โครงการ|กิจกรรม|มาตรการ))*\s*[:：]?\s*",
                       "", rest)
        if title:
            sheet.title_lines.append((line_no, title, False))

    def _sheet_text(self, at: "_DetailCursor", text: str, line_no: int) -> None:
        """A line of text: a heading's continuation before any sheet, else the current section's text."""
        sheet = at.sheet
        if sheet is None:
            if at.heading_target is not None and (not at.blank or len(text) <= 40):
                self._continue_heading(at.heading_target, text)
            return
        if at.section == 1:
            sheet.title_lines.append((line_no, text, at.blank))
        elif at.section == 9:
            self._results_text(at, text, line_no)
        elif at.section >= 2:
            sheet.sections.setdefault(at.section, []).append((line_no, text, at.blank))

    @staticmethod
    def _results_text(at: "_DetailCursor", text: str, line_no: int) -> None:
        """Section 9's text, split between its 'ผลผลิต' (outputs) and 'ผลลัพธ์' (outcomes) parts."""
        m_out = _OUT_HEADING.match(text)
        if not m_out:
            getattr(at.sheet, at.nine_part).append((line_no, text, at.blank))
            return
        at.nine_part = "outputs" if m_out[1] == "ผลผลิต" else "outcomes"
        if m_out[2]:
            # 'ผลลัพธ์ : …' after 'ตัวชี้วัด : …' in one part: a paragraph of its own, not the rest of that one
            getattr(at.sheet, at.nine_part).append((line_no, m_out[2], True))

    def _subject_follows(self, index: int) -> bool:
        """'ประกาศ…' followed within three lines by 'เรื่อง …': an announcement's heading."""
        following = [one_line(line) for line in self.lines[index + 1:index + 8] if one_line(line)][:3]
        return any(text.startswith("เรื่อง") for text in following)

    def _section_slot_of(self, sheet, section: int, written: int, number: int, naming: tuple,
                         rest: str, line_no: int) -> int | None:
        """Which of the nine sections a numbered line opens, or None when it is a list item.

        The usual sheet numbers its sections 1–9 as the data format does. The older template
        numbers ten (4 เป้าหมาย, 5 พื้นที่ดำเนินการ, 6 วิธีดำเนินการ … 10 ตัวชี้วัด/ผลลัพธ์): there a
        heading is read by its words, provided it follows the previous heading's number."""
        if sheet is None or not 1 <= number <= 10:
            return None
        named, named_at = naming
        where = f"รายละเอียดโครงการ {sheet.no or ''}".strip()
        if named == number and number > section:
            return number
        follows = number == written + 1 and section >= 1
        # a renumbered heading starts with its words ('ผู้รับผิดชอบ…'); a list item rarely does
        if named is not None and follows and _order(named) > _order(section) and len(rest) <= 120 and named_at <= 4:
            if not self.renumbered_warned:
                self.renumbered_warned = True
                self.warn(line_no, where, f"เลขหัวข้อในรายละเอียดโครงการต่างจากแบบ 9 หัวข้อ (หัวข้อ {number} "
                                          f"'{_short(rest, 40)}') จึงอ่านหัวข้อตามชื่อหัวข้อ ตรวจผลที่ได้")
            if named == AREA and not self.area_warned:
                self.area_warned = True
                self.warn(line_no, where, "หัวข้อ 'พื้นที่ดำเนินการ' ไม่มีช่องของตัวเองในรูปแบบข้อมูล "
                                          "เก็บไว้ท้ายกลุ่มเป้าหมาย (target_group) ขึ้นต้นด้วย 'พื้นที่ดำเนินการ: '")
            return named
        if named is None and follows and len(rest) <= 40 and section != 9:
            slot = 5 if section == AREA else section + 1
            self.warn(line_no, where, f"หัวข้อ {number} '{_short(rest, 40)}' ไม่ตรงกับหัวข้อที่คาด "
                                      f"({SECTION_NAMES[slot]}) ถือเป็นหัวข้อ{SECTION_NAMES[slot]}")
            return slot
        return None

    def _heading_fits(self, context, m, depth: int, known_missions: set) -> bool:
        x, y = int(m[1]), int(m[2])
        dim_no, mission_no, _ = context
        if depth == 2:
            if f"{x}.{y}" in known_missions:
                return True
            return dim_no is not None and x == dim_no or dim_no is None
        if mission_no is not None:
            return f"{x}.{y}" == mission_no or f"{x}.{y}" in known_missions and x == dim_no
        return dim_no is None or x == dim_no

    def _continue_heading(self, target, text: str) -> None:
        kind, key = target
        store = {"dim": self.detail_dims, "mission": self.detail_missions, "sub": self.detail_subs}[kind]
        title, line_no = store[key]
        store[key] = (join_text(title, text), line_no)


# --- front matter ---------------------------------------------------------------------------------

def _front_matter(parser: PlanParser) -> dict:
    lines = parser.front
    result = _announcement(parser, lines)
    if "announcement" not in result and parser.back:
        # the announcement printed at the end of the document (an appendix)
        result["announcement"] = _announcement(parser, parser.back).get("announcement")
        if result["announcement"] is None:
            del result["announcement"]
    texts = [one_line(t) for _, t in lines]
    begin = result.pop("_after_announcement", 0)
    result = _plan_title_and_foreword(parser, result, lines, texts, begin)
    part_one, _ = read_part_one(parser.lines, _part_one_end(parser))
    return result | part_one


def _part_one_end(parser: PlanParser) -> int:
    """Part 1 ends where the summary table (or, without one, the first detail sheet) starts."""
    if parser.detail_start is not None:
        return parser.detail_start - 1
    return parser.sheets[0].line - 1 if parser.sheets else len(parser.lines)


def _announcement(parser: PlanParser, lines: list[tuple[int, str]]) -> dict:
    """The announcement (ประกาศ … เรื่อง … ประกาศ ณ วันที่ … (ชื่อ) ตำแหน่ง) among `lines`."""
    texts = [one_line(t) for _, t in lines]
    start = next((i for i, t in enumerate(texts) if t.startswith("ประกาศ") and not re.match(r"ประกาศ\s*ณ", t)), None)
    if start is None:
        return {}
    title, i = _announcement_title(lines, texts, start + 1)
    body, date, date_index = _announcement_body(texts, i)
    announcement: dict = {"title": title} if title else {}
    if date_index is None:
        parser.warn(lines[start][0], "ประกาศ", "ไม่พบวันที่ประกาศ (ประกาศ ณ วันที่ …) จึงไม่ได้นำเข้าประกาศ")
        return {}
    if isinstance(date, str):
        parser.warn(lines[date_index][0], "ประกาศ", f"อ่านวันที่ '{date}' ไม่ได้ จึงไม่ได้นำเข้าประกาศ")
    else:
        announcement["date"] = thai.thai_date(date)
    # the signer's name is the first line in brackets after the date; '(ลงชื่อ)'
    # above it is the signature placeholder, not a name
    name_index = next((k for k in range(date_index + 1, min(date_index + 8, len(texts)))
                       if re.fullmatch(r"\(.+\)", texts[k])
                       and not re.fullmatch(r"\(\s*(?:ลงชื่อ|ลงนาม|ลายมือชื่อ)\s*\)", texts[k])), None)
    if name_index is None:
        parser.warn(lines[date_index][0], "ประกาศ", "ไม่พบชื่อผู้ลงนามในวงเล็บ (…) จึงไม่ได้นำเข้าประกาศ")
        return {}
    if "date" not in announcement:
        return {}
    signatory = {"name": texts[name_index][1:-1].strip()}
    if name_index + 1 < len(texts) and len(texts[name_index + 1]) < 150:
        signatory["position"] = texts[name_index + 1]
    announcement["signatory"] = signatory
    if body:
        announcement["text"] = body
    return {"announcement": announcement, "_after_announcement": name_index + 2}


def _announcement_title(lines: list[tuple[int, str]], texts: list[str], i: int) -> tuple[str, int]:
    """'เรื่อง …' and its wrapped lines; the title ends at a blank line or where the body starts
    ('ด้วย…', 'ตามที่…'). Returns the title and the index after it."""
    if i >= len(texts) or not texts[i].startswith("เรื่อง"):
        return "", i
    title = texts[i][len("เรื่อง"):].strip()
    i += 1
    while i < len(texts) and len(texts[i]) < 160 and not texts[i].startswith(("ด้วย", "ตาม", "โดยที่")) \
            and lines[i][0] == lines[i - 1][0] + 1 \
            and _date_line(texts[i]) is None and len(title) < 300:
        title = join_text(title, texts[i])
        i += 1
    return title, i


def _announcement_body(texts: list[str], i: int):
    """The announcement's text up to 'ประกาศ ณ วันที่ …' (or a signature line). Returns
    (paragraphs, the date or its unreadable text, the date's index or None)."""
    body = []
    while i < len(texts):
        found = _date_line(texts[i])
        if found is not None:
            return body, found, i
        if re.match(r"^(ลงชื่อ|ลงนาม)", texts[i]):
            break
        body.append(texts[i])
        i += 1
    return body, None, None

_OF_THE_OFFICE = re.compile(r"\s*ของ\s*(?:องค์การบริหารส่วน|องค์กรปกครองส่วนท้องถิ่น|เทศบาล|อบต\.|อบจ\.)[^\s(]*\s*")


def _plan_title_and_foreword(parser: PlanParser, result: dict, lines, texts: list[str], begin: int) -> dict:
    """The plan's own title (after the announcement) and its foreword (คำนำ)."""
    for i in range(begin, len(texts)):
        if "แผนปฏิบัติการ" in texts[i] and len(texts[i]) < 250:
            # 'ส่วนที่ ๒ แผนปฏิบัติการ…' is a part's heading: the plan's name is what follows
            title = re.sub(r"^ส่วนที่\s*[\d๐-๙]+\s*", "", texts[i])
            if i + 1 < len(texts) and re.match(r"^\(?\s*(?:พ\.ศ\.|ปีงบประมาณ)", texts[i + 1]) and len(texts[i + 1]) < 60:
                title = f"{title} {texts[i + 1]}"
            result["title"] = title
            break
    announced = result.get("announcement", {}).get("title", "")
    if "แผนปฏิบัติการ" in announced and not _YEAR.search(arabic(result.get("title", ""))) \
            and _YEAR.search(arabic(announced)):
        # the announcement names the plan in full ('ประกาศใช้แผนปฏิบัติการ… (พ.ศ. ๒๕๖๘ - ๒๕๗๒)')
        # without 'ของเทศบาล…' (the organisation is the site's own; the plan's title page leaves it out)
        result["title"] = _OF_THE_OFFICE.sub(" ", announced[announced.index("แผนปฏิบัติการ"):]).replace("  ", " ")
    # foreword
    intro_start = next((i for i, t in enumerate(texts) if re.fullmatch(r"คำนำ", t)), None)
    if intro_start is not None:
        paragraphs = []
        for t in texts[intro_start + 1:]:
            # (no \b: after the tone mark of 'ที่' there is no word boundary in Python's re)
            if re.match(r"^(?:สารบัญ|ส่วนที่|บทนำ)(?:\s|[\d๐-๙]|$)", t) or heading_field(t):
                break       # the foreword ends where the contents or Part 1 begin
            paragraphs.append(t)
        if paragraphs and len(paragraphs[-1]) < 60 and " " not in paragraphs[-1]:
            paragraphs.pop()      # the signature line under the foreword
        if paragraphs:
            result["introduction"] = paragraphs
    return result


def _date_line(text: str):
    """'ประกาศ ณ วันที่ ๒๙ เดือน กันยายน พ.ศ. ๒๕๖๕' → date; unreadable → the text; other → None."""
    m = re.match(r"^\s*(?:ประกาศ|สั่ง|ให้ไว้)\s*ณ\s*(.*)$", text)
    if not m:
        return None
    try:
        return thai.parse_date(m[1].strip())
    except thai.ParseError:
        return m[1].strip()


# --- assembling the plan ----------------------------------------------------------------------------

def _detail_amount(sheet: Sheet | None) -> int | None:
    """Section 7 of a detail sheet: an amount, 0 for 'no budget', None if unknown."""
    if sheet is None or 7 not in sheet.sections:
        return None
    text = " ".join(t for _, t, _ in sheet.sections[7])
    amount = first_amount(text)
    if amount is not None:
        return amount
    return 0 if says_no_budget(text) else None


_AMOUNT = r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*บาท"
_YEARS_THEN_AMOUNT = re.compile(r"ปี(?:งบประมาณ)?\s*(?:พ\.ศ\.?)?\s*(\d{4})((?:\s*(?:-|–|ถึง|และ|,)\s*\d{4})*)"
                                r"\s*(?:ปีละ|จำนวน|งบประมาณ|เป็นเงิน)?\s*" + _AMOUNT)
_AMOUNT_THEN_YEAR = re.compile(_AMOUNT + r"\s*\(\s*ปี(?:งบประมาณ)?\s*(?:พ\.ศ\.?)?\s*(\d{4})\s*\)")


def _yearly_amounts(sheet: Sheet | None) -> dict[int, int]:
    """The years and amounts section 7 names ('ปี ๒๕๖๖ - ๒๕๖๗ ปีละ ๑๐,๐๐๐ บาท',
    'ปี ๒๕๖๗ จำนวน ๑๕,๐๐๐ บาท และปี ๒๕๖๙ …', '๑๐,๐๐๐ บาท (ปีงบประมาณ ๒๕๖๘)'); {} when it names none."""
    if sheet is None or 7 not in sheet.sections:
        return {}
    text = arabic(" ".join(t for _, t, _ in sheet.sections[7]))
    found: dict[int, int] = {}
    for m in _YEARS_THEN_AMOUNT.finditer(text):
        amount = int(m[3].replace(",", ""))
        for year in _years_named(int(m[1]), m[2]):
            found[thai.normalise_be_year(year)] = amount
    for m in _AMOUNT_THEN_YEAR.finditer(text):
        found.setdefault(thai.normalise_be_year(int(m[2])), int(m[1].replace(",", "")))
    return found


def _years_named(first: int, more: str) -> list[int]:
    """'2566' + ' - 2569' → 2566…2569; '2569' + ' และ 2571' → 2569, 2571."""
    years = [first]
    for joiner, year in re.findall(r"(-|–|ถึง|และ|,)\s*(\d{4})", more):
        year = int(year)
        if joiner in ("-", "–", "ถึง") and 0 < year - years[-1] <= 10:
            years += list(range(years[-1] + 1, year + 1))
        else:
            years.append(year)
    return years


def _detail_agrees(sheet: Sheet, budget: dict) -> bool:
    """Section 7 agrees with the summary when it names every yearly amount
    ('ปี 2568 - 2569 ปีละ 20,000 บาท ปี 2570 - 2572 ปีละ 25,000 บาท') or their sum."""
    text = arabic(" ".join(t for _, t, _ in sheet.sections[7]))
    named = {int(m[1].replace(",", "")) for m in re.finditer(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*บาท", text)}
    return set(budget.values()) <= named or sum(budget.values()) in named


def _sheet_fields(sheet: Sheet) -> dict:
    """A project's fields from its detail sheet's sections 2–9."""
    out: dict = {}
    for number, name in SECTION_FIELDS.items():
        paragraphs = _paragraphs(sheet.sections.get(number, []))
        if number == 4 and sheet.sections.get(AREA):   # the data format has no area field
            paragraphs.append("พื้นที่ดำเนินการ: " + " ".join(_paragraphs(sheet.sections[AREA])))
        if paragraphs:
            out[name] = paragraphs
    for name in ("outputs", "outcomes"):
        paragraphs = _paragraphs(getattr(sheet, name))
        if paragraphs:
            out[name] = paragraphs
    return out


# the plan's own texts before the projects, in the order of the data format
FRONT_FIELDS = ("announcement", "introduction", "rationale", "objectives", "targets", "benefits")


class PlanAssembler:
    def __init__(self, parser: PlanParser):
        self.parser = parser
        self.warn = parser.warn
        self.proposed: set[tuple[int, int]] = set()   # (project, year) already given another value

    def run(self) -> dict:
        parser = self.parser
        if not parser.summary_found and not parser.sheets:
            parser.error(1, "แผน", "อ่านโครงสร้างแผนไม่ได้: ไม่พบตารางสรุป (หัวตาราง มิติ | ภารกิจ | โครงการ/กิจกรรม/มาตรการ | ปี …) "
                                  "และไม่พบรายละเอียดโครงการ (ลำดับที่ … / ๑. ชื่อโครงการ) ตรวจว่าคัดลอกตารางมาพร้อมช่อง Tab")
            return {}
        if not parser.summary_found:
            parser.warn(1, "ตารางสรุป", "ไม่พบตารางสรุปแผน จึงสร้างโครงสร้างจากหัวข้อในรายละเอียดโครงการ และไม่มีงบประมาณรายปี")
        self._renumber_per_dimension()
        self._link_sheets()
        self._place_detail_only()
        self._allocate_budgets()
        self._compare_budgets()
        self._check_numbers()
        self._check_totals()
        plan = self._output()
        return plan

    def _renumber_per_dimension(self) -> None:
        """Some plans number projects (1), (2) … afresh in every dimension, and their detail sheets
        'ลำดับที่ 1' … likewise. The data format numbers projects once across the plan, so they are
        renumbered 1–N in document order (the printed number kept as summary_no) and each sheet is
        given the number of the project it describes: the k-th run of sheet numbers belongs to the
        k-th dimension."""
        parser = self.parser
        dims = [d for d in parser.dimensions if any(p.dimension is d for p in parser.projects)]
        firsts = [next(p.no for p in parser.projects if p.dimension is d) for d in dims]
        numbers = [p.no for p in parser.projects]
        if len(dims) < 2 or firsts.count(1) < 2 or len(set(numbers)) == len(numbers):
            return
        printed: dict[tuple[int, int], Project] = {}
        for new_no, project in enumerate(parser.projects, start=1):
            printed.setdefault((dims.index(project.dimension), project.no), project)
            if project.no != new_no:
                project.summary_no = project.no
            project.no = new_no
        self.warn(parser.projects[0].line, "ตารางสรุป",
                  f"เลขโครงการในตารางสรุปเริ่มนับใหม่ในแต่ละมิติ จึงเรียงเลขใหม่ต่อกันทั้งแผน (1–{len(numbers)}) "
                  "เลขที่พิมพ์ไว้เก็บใน summary_no")
        block, previous = 0, 0
        for sheet in (s for s in parser.sheets if s.no is not None):
            if sheet.no <= previous:
                block += 1
            previous = sheet.no
            project = printed.get((block, sheet.no))
            # a sheet that fits no project is matched by its title later on
            sheet.no = project.no if project is not None and block < len(dims) else None

    # sheets ↔ summary projects: by number, a duplicated number by title, the rest by title or place
    def _link_sheets(self) -> None:
        parser = self.parser
        by_no = self._sheets_by_number()
        summary_numbers: dict[int, list[Project]] = {}
        for project in parser.projects:
            summary_numbers.setdefault(project.no, []).append(project)
        for number, projects in summary_numbers.items():
            if len(projects) > 1:
                self._settle_duplicate(number, projects, by_no, summary_numbers)
        used: set[int] = set()
        for project in parser.projects:
            sheets = by_no.get(project.no)
            if not project.id and sheets and id(sheets[0]) not in used:
                project.sheet = sheets[0]
                used.add(id(sheets[0]))
        for sheet in parser.sheets:
            if id(sheet) not in used and not any(p.no == sheet.no and p.sheet is sheet for p in parser.projects):
                self._link_by_title(sheet, used)
        for project in parser.projects:
            if project.sheet is None and parser.sheets:
                self.warn(project.line, f"โครงการ ({project.no})", "ไม่พบรายละเอียดโครงการ (ลำดับที่ …) ของโครงการนี้")
        self.used = used

    def _sheets_by_number(self) -> dict[int, list[Sheet]]:
        by_no: dict[int, list[Sheet]] = {}
        for sheet in self.parser.sheets:
            if sheet.no is not None:
                by_no.setdefault(sheet.no, []).append(sheet)
        for number, sheets in by_no.items():
            if len(sheets) > 1:
                lines = ", ".join(str(s.line) for s in sheets)
                self.warn(sheets[1].line, f"รายละเอียดโครงการ {number}", f"ลำดับที่ {number} ซ้ำกัน (บรรทัด {lines})")
        return by_no

    def _settle_duplicate(self, number: int, projects: list[Project], by_no: dict, summary_numbers: dict) -> None:
        """A number printed twice in the summary: the occurrence whose title fits the sheet keeps it;
        another takes the number of a sheet of the same title, or keeps it with an id to fix by hand."""
        sheet = (by_no.get(number) or [None])[0]
        keeper = max(projects, key=lambda p: _similarity(p.title, sheet.title)) if sheet is not None else projects[0]
        lines = ", ".join(str(p.line) for p in projects)
        missing = sorted(n for n in range(number + 1, max(summary_numbers) + 1) if n not in summary_numbers)
        missing_text = f" และไม่มีเลข {', '.join(map(str, missing[:3]))} ในตารางสรุป" if missing else ""
        said = f"เลขโครงการ ({number}) ซ้ำกันในตารางสรุป (บรรทัด {lines}){missing_text}; "
        free = [s for n, ss in by_no.items() if n not in summary_numbers for s in ss]
        for k, other in enumerate((p for p in projects if p is not keeper), start=2):
            best = max(free, key=lambda s: _similarity(other.title, s.title), default=None)
            if best is not None and _similarity(other.title, best.title) >= 0.8:
                self.warn(other.line, f"โครงการ ({number})",
                          f"{said}รายละเอียดโครงการลำดับที่ {best.no} (บรรทัด {best.line}) ชื่อตรงกับ "
                          f"'{_short(other.title, 60)}' จึงใช้เลข {best.no}")
                other.summary_no, other.no = number, best.no
            else:
                other.id = f"{number}-{k}"
                self.warn(other.line, f"โครงการ ({number})",
                          f"{said}ไม่พบรายละเอียดโครงการที่ชื่อตรงกัน จึงคงเลข {number} และตั้ง id '{other.id}' ให้แก้เลขเอง")

    def _link_by_title(self, sheet: Sheet, used: set[int]) -> None:
        """A sheet without a number, or whose number is not in the summary: the project of the same
        title; a sheet without ลำดับที่ that fits no title: the next project of its sub-mission."""
        candidates = [p for p in self.parser.projects if p.sheet is None]
        best = max(candidates, key=lambda p: _similarity(p.title, sheet.title), default=None)
        fits = best is not None and _similarity(best.title, sheet.title) >= 0.85
        if sheet.no is None and not fits:
            _, mission_no, sub_no = sheet.context
            here = [p for p in candidates if (p.sub.no if p.sub else None) == sub_no
                    and p.mission is not None and p.mission.no == mission_no]
            if here:
                here[0].sheet = sheet
                used.add(id(sheet))
                return
        if not fits:
            return
        if sheet.no is not None and sheet.no != best.no:
            self.warn(sheet.line, f"รายละเอียดโครงการ {sheet.no}",
                      f"ลำดับที่ {sheet.no} ในรายละเอียดไม่ตรงกับตารางสรุป ({best.no}, บรรทัด {best.line}) "
                      f"แต่ชื่อตรงกัน ใช้เลขตามตารางสรุป ({best.no})")
        best.sheet = sheet
        used.add(id(sheet))

    def _place_detail_only(self) -> None:
        """Detail sheets (and headings) the summary does not have are added, with a warning."""
        self._place_headings()
        for sheet in self.parser.sheets:
            if id(sheet) not in self.used:
                self._place_sheet(sheet)
        self._check_placement()

    def _place_headings(self) -> None:
        parser = self.parser
        said = parser.summary_found        # without a summary, the details are the only structure
        for number, (title, line) in sorted(parser.detail_dims.items()):
            if not any(d.no == number for d in parser.dimensions):
                parser.dimensions.append(Dimension(number, line, title))
                if said:
                    self.warn(line, f"มิติที่ {number}", "มีในรายละเอียดโครงการแต่ไม่มีในตารางสรุป")
        parser.dimensions.sort(key=lambda d: d.no)
        for number, (title, line) in parser.detail_missions.items():
            dim = self._dim(int(number.split(".")[0]), line)
            if not any(m.no == number for m in dim.missions):
                dim.missions.append(Mission(number, line, title))
                if said:
                    self.warn(line, f"ภารกิจ {number}", "มีในรายละเอียดโครงการแต่ไม่มีในตารางสรุป")
        for number, (title, line) in parser.detail_subs.items():
            mission = self._mission(number.rsplit(".", 1)[0], line)
            if not any(s.no == number for s in mission.subs):
                mission.subs.append(SubMission(number, line, title))
                if said:
                    self.warn(line, f"ภารกิจย่อย {number}", "มีในรายละเอียดโครงการแต่ไม่มีในตารางสรุป")

    def _place_sheet(self, sheet: Sheet) -> None:
        """A sheet no summary project has: a project under the headings it stands under."""
        parser = self.parser
        number = sheet.no if sheet.no is not None else max((p.no for p in parser.projects), default=0) + 1
        project = Project(number, sheet.line, sheet.title)
        project.sheet = sheet
        dim_no, mission_no, sub_no = sheet.context
        if mission_no is None:
            self.warn(sheet.line, f"รายละเอียดโครงการ {number}",
                      "ไม่อยู่ใต้หัวข้อภารกิจใด และไม่มีในตารางสรุป จึงไม่ได้นำเข้า")
            return
        mission = self._mission(mission_no, sheet.line)
        sub = next((s for s in mission.subs if s.no == sub_no), None)
        (sub.projects if sub else mission.projects).append(project)
        project.mission, project.sub = mission, sub
        project.dimension = self._dim(int(mission_no.split(".")[0]), sheet.line)
        parser.projects.append(project)
        if parser.summary_found:
            self.warn(sheet.line, f"รายละเอียดโครงการ {number}",
                      "มีรายละเอียดโครงการแต่ไม่พบในตารางสรุป จึงเพิ่มไว้ใต้หัวข้อที่อยู่ (ไม่มีงบประมาณรายปี)")

    def _check_placement(self) -> None:
        """A sheet under another heading than its project in the summary: the summary wins, said."""
        if not self.parser.summary_found:
            return
        for project in self.parser.projects:
            if project.sheet is None or project.mission is None:
                continue
            _, mission_no, sub_no = project.sheet.context
            placed = project.sub.no if project.sub else project.mission.no
            where = sub_no or mission_no
            if where and where != placed:
                self.warn(project.sheet.line, f"โครงการ ({project.no})",
                          f"รายละเอียดโครงการอยู่ใต้หัวข้อ {where} แต่ตารางสรุปอยู่ใต้ {placed} ใช้ตามตารางสรุป")

    def _dim(self, number: int, line: int) -> Dimension:
        for dim in self.parser.dimensions:
            if dim.no == number:
                return dim
        dim = Dimension(number, line, self.parser.detail_dims.get(number, (f"มิติที่ {number}", line))[0])
        self.parser.dimensions.append(dim)
        self.parser.dimensions.sort(key=lambda d: d.no)
        return dim

    def _mission(self, number: str, line: int) -> Mission:
        dim = self._dim(int(number.split(".")[0]), line)
        for mission in dim.missions:
            if mission.no == number:
                return mission
        title = self.parser.detail_missions.get(number, (f"ภารกิจ {number}", line))[0]
        mission = Mission(number, line, title)
        dim.missions.append(mission)
        return mission

    # budgets
    def _allocate_budgets(self) -> None:
        for group in self.parser.groups:
            tokens = {y: v for y, v in group.tokens.items() if any(v)}
            if not tokens:
                continue
            projects = list(group.projects)
            pool = ([group.continued] if group.continued is not None else []) + projects
            if not pool:
                self.warn(group.line, "ตารางสรุป", f"มีงบประมาณปี {', '.join(map(str, sorted(tokens)))} แต่แถวนี้ไม่มีโครงการ ไม่ได้นำมาใช้")
                continue
            lengths = {len(v) for v in tokens.values()}
            notes: list[str] = []
            if len(lengths) == 1 and next(iter(lengths)) <= len(pool):
                self._allocate_window(group, tokens, pool, projects, next(iter(lengths)), notes)
            else:
                for year in sorted(tokens):
                    for project, value in self._match_by_detail(group, year, tokens[year], pool, notes):
                        project.budget[year] = value
            if notes:
                self.warn(group.line, "ตารางสรุป", "; ".join(notes))

    def _allocate_window(self, group, tokens, pool, projects, n, notes) -> None:
        """Give the n amounts of each year cell to n consecutive projects of the row.

        The obvious reading (one amount per project that starts in the row) is
        taken when the counts agree and the detail sheets do not contradict it;
        otherwise the window that agrees best with section 7 of the detail
        sheets wins, and the choice is reported.
        """
        default = (len(pool) - len(projects)) if n == len(projects) else None

        def score(offset):
            total = 0
            for values in tokens.values():
                for project, value in zip(pool[offset:offset + n], values):
                    amount = _detail_amount(project.sheet)
                    if amount is None:
                        continue
                    total += 1 if (amount == (value or 0)) else -1
            return total

        offsets = range(0, len(pool) - n + 1)
        best = max(offsets, key=lambda o: (score(o), o == default, -o))
        chosen = pool[best:best + n]
        for year, values in tokens.items():
            for project, value in zip(chosen, values):
                if value:
                    project.budget[year] = value
        if best == default or n == len(pool):    # as many amounts as projects: nothing was chosen
            return
        span = self._span(chosen)
        if default is not None:
            notes.append(f"งบประมาณในแถวนี้ตรงกับโครงการ {span} (รวมโครงการที่ต่อมาจากแถวก่อน) ตามรายละเอียดโครงการข้อ 7 "
                         f"มากกว่าโครงการ {self._span(projects)} ที่ขึ้นต้นในแถวนี้ จึงใช้กับ {span}")
        elif score(best) > 0:
            notes.append(f"ช่องงบประมาณมี {n} จำนวนต่อปีแต่แถวนี้มี {len(pool)} โครงการ {self._span(pool)}: "
                         f"ใช้กับโครงการ {span} ตามรายละเอียดโครงการข้อ 7")
        else:
            notes.append(f"ช่องงบประมาณมี {n} จำนวนต่อปีแต่แถวนี้มี {len(pool)} โครงการ {self._span(pool)} "
                         f"และรายละเอียดโครงการไม่ช่วยระบุ จึงใช้กับ {span} ตามลำดับ ตรวจสอบ budget ของโครงการเหล่านี้")

    @staticmethod
    def _span(projects) -> str:
        numbers = [p.no for p in projects]
        if not numbers:
            return ""
        return f"({numbers[0]})–({numbers[-1]})" if len(numbers) > 1 else f"({numbers[0]})"

    def _match_by_detail(self, group, year, values, pool, notes):
        pairs = []
        taken = set()
        for value in values:
            if not value:
                continue
            fits = [p for p in pool if id(p) not in taken and _detail_amount(p.sheet) == value]
            if fits:
                taken.add(id(fits[0]))
                pairs.append((fits[0], value))
                notes.append(f"ปี {year}: {value:,} ใช้กับโครงการ ({fits[0].no}) เพราะรายละเอียดโครงการข้อ 7 ระบุจำนวนนี้")
            else:
                notes.append(f"ปี {year}: {value:,} ไม่ทราบว่าเป็นของโครงการใด จึงไม่ได้ใส่ ให้กรอก budget เอง")
        return pairs

    def _compare_budgets(self) -> None:
        """Each project's section 7 against its summary budget. Where section 7 names years and
        amounts, each year is compared and a difference proposes the other value; else the one
        amount it gives is compared with the summary's. The summary is kept either way."""
        for project in self.parser.projects:
            amount = _detail_amount(project.sheet)
            if amount is None:
                continue
            line = project.sheet.section_lines.get(7, project.sheet.line)
            yearly = {y: v for y, v in _yearly_amounts(project.sheet).items() if y in self.parser.all_years}
            if yearly and self.parser.summary_found:
                self._compare_years(project, yearly, line)
            else:
                self._compare_amount(project, amount, line)

    def _compare_years(self, project: Project, yearly: dict[int, int], line: int) -> None:
        for year, amount in sorted(yearly.items()):
            summary = project.budget.get(year)
            if summary == amount:
                continue
            self.proposed.add((id(project), year))
            said = f"{summary:,} บาท" if summary is not None else "ไม่มีงบประมาณ ('-')"
            self.warn(project.line, f"โครงการ ({project.no})",
                      f"ตารางสรุปปี {year} {said} แต่รายละเอียดข้อ 7 (บรรทัด {line}) ระบุปี {year} {amount:,} บาท "
                      f"ใช้ตามตารางสรุป ถ้าข้อ 7 ถูก ให้แก้เป็น {year}: {amount} ใน budget (ไม่ได้เปลี่ยนให้)")

    def _compare_amount(self, project: Project, amount: int, line: int) -> None:
        where = f"โครงการ ({project.no})"
        values = sorted(set(project.budget.values()))
        if amount == 0 and values:
            self.warn(line, where, f"รายละเอียดข้อ 7 ว่าไม่ใช้งบประมาณ แต่ตารางสรุป (บรรทัด {project.line}) "
                                   f"มีงบประมาณ {', '.join(f'{v:,}' for v in values)} บาท ใช้ตามตารางสรุป")
        elif amount and not values and self.parser.summary_found:
            self.warn(line, where, f"รายละเอียดข้อ 7 ระบุ {amount:,} บาท แต่ตารางสรุปไม่มีงบประมาณของโครงการนี้ ใช้ตามตารางสรุป")
        elif amount and values and not _detail_agrees(project.sheet, project.budget):
            self.warn(line, where, f"รายละเอียดข้อ 7 ระบุ {amount:,} บาท แต่ตารางสรุปมีงบประมาณรายปี "
                                   f"{', '.join(f'{v:,}' for v in values)} บาท ใช้ตามตารางสรุป")

    def _propose_from_detail(self, projects: list, year: int, gap: int, totals_line: int) -> None:
        """A printed total short of the projects' sum by exactly the amount that a project's section 7
        gives, for a year the summary leaves empty ('-') for that project: say so on the project,
        with the value to add. Nothing is changed: the summary and the detail disagree."""
        if gap <= 0:
            return
        for project in (p for p in projects if (id(p), year) not in self.proposed):
            amount = _detail_amount(project.sheet)
            if amount == gap and year not in project.budget and project.budget \
                    and set(project.budget.values()) == {amount}:
                line = project.sheet.section_lines.get(7, project.sheet.line)
                self.warn(project.line, f"โครงการ ({project.no})",
                          f"ตารางสรุปไม่มีงบประมาณปี {year} ของโครงการนี้ แต่รายละเอียดข้อ 7 (บรรทัด {line}) ระบุ "
                          f"{amount:,} บาท เท่ากับปีอื่น และยอดรวมที่พิมพ์ไว้ (บรรทัด {totals_line}) มากกว่าที่รวมได้ {gap:,} บาทพอดี "
                          f"ถ้าปี {year} มีงบประมาณ ให้เพิ่ม {year}: {amount} ใน budget (ไม่ได้เปลี่ยนให้)")

    def _check_numbers(self) -> None:
        parser = self.parser
        if not parser.projects:
            return
        numbers = [p.no for p in parser.projects]
        seen: dict[int, Project] = {}
        for project in parser.projects:
            if project.no in seen and not project.id:
                project.id = f"{project.no}-{sum(1 for p in parser.projects if p.no == project.no and p.id) + 2}"
            seen.setdefault(project.no, project)
        present = set(numbers)
        duplicated = {n for n in numbers if numbers.count(n) > 1}
        for number in range(1, max(present) + 1):
            if number not in present:
                line = next((p.line for p in parser.projects if p.no > number), parser.projects[-1].line)
                self.warn(line, f"โครงการ ({number})", f"ไม่มีโครงการลำดับที่ {number} (เลขข้ามไป)")
        previous = None
        for project in parser.projects:
            if previous is not None and project.no < previous and project.no not in duplicated and parser.summary_found:
                self.warn(project.line, f"โครงการ ({project.no})", f"เลขโครงการไม่เรียงลำดับ (ก่อนหน้าคือ {previous})")
            previous = project.no

    def _check_totals(self) -> None:
        parser = self.parser
        years = sorted(parser.all_years)
        total_count = 0
        for dim in parser.dimensions:
            projects = [p for m in dim.missions for p in m.projects + [q for s in m.subs for q in s.projects]]
            total_count += len(projects)
            if dim.stated_count is not None and dim.stated_count != len(projects):
                self.warn(dim.stated_count_line, f"มิติที่ {dim.no}",
                          f"จำนวนโครงการที่พิมพ์ไว้ ({dim.stated_count}) ไม่ตรงกับที่นับได้ ({len(projects)})")
            if dim.stated_totals_line is None:
                continue
            for year in years:
                computed = sum(p.budget.get(year, 0) for p in projects)
                stated = dim.stated_totals.get(year)
                if (stated or 0) != computed:
                    self.warn(dim.stated_totals_line, f"มิติที่ {dim.no} ปี {year}",
                              f"ยอดรวมที่พิมพ์ไว้ {thai.format_baht(stated)} บาท แต่รวมจากโครงการได้ {thai.format_baht(computed)} บาท")
                    self._propose_from_detail(projects, year, (stated or 0) - computed, dim.stated_totals_line)
        if parser.plan_count is not None and parser.plan_count != total_count:
            self.warn(parser.plan_count_line, "แผน", f"จำนวนโครงการทั้งหมดที่พิมพ์ไว้ ({parser.plan_count}) ไม่ตรงกับที่นับได้ ({total_count})")
        if parser.plan_totals:
            for year, stated in parser.plan_totals.items():
                computed = sum(p.budget.get(year, 0) for p in parser.projects)
                if stated != computed:
                    self.warn(parser.plan_count_line, f"แผน ปี {year}",
                              f"ยอดรวมทั้งแผนที่พิมพ์ไว้ {stated:,} บาท แต่รวมจากโครงการได้ {computed:,} บาท")

    # output
    def _project(self, project: Project) -> dict:
        sheet = project.sheet
        title = sheet.title if sheet is not None and sheet.title else one_line(project.title)
        out: dict = {"no": project.no}
        if project.id:
            out["id"] = project.id
        if project.summary_no is not None:
            out["summary_no"] = project.summary_no
        kind = _kind_of(title) or _kind_of(project.title) or (sheet.kind if sheet is not None else None)
        if kind:
            out["kind"] = kind
        out["title"] = title or f"โครงการลำดับที่ {project.no}"
        summary = one_line(project.title)
        if sheet is not None and summary and _title_key(summary) != _title_key(title):
            out["summary_title"] = summary
            self.warn(project.line, f"โครงการ ({project.no})",
                      f"ชื่อในตารางสรุป '{_short(summary)}' ต่างจากรายละเอียดโครงการ (บรรทัด {sheet.line}) "
                      f"'{_short(title)}' ใช้ชื่อจากรายละเอียดโครงการ")
        if project.budget:
            out["budget"] = dict(sorted(project.budget.items()))
        if project.note:
            out["note"] = project.note
        if sheet is not None:
            out.update(_sheet_fields(sheet))
        for key in ("title", "summary_title"):
            if key in out and len(out[key]) > 500:
                self.warn(project.line, f"โครงการ ({project.no})", "ชื่อยาวเกิน 500 ตัวอักษร ตัดให้สั้นลง ตรวจว่าข้อความอื่นปนมาหรือไม่")
                out[key] = out[key][:499] + "…"
        return out

    def _output(self) -> dict:
        parser = self.parser
        front = _front_matter(parser)
        title = front.get("title")
        plan: dict = {"title": title or "แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส"}
        if not title:
            self.warn(1, "แผน", "ไม่พบชื่อแผน ใช้ชื่อมาตรฐานแทน")
        years = self._plan_years(front)
        if years:
            plan["start_year"], plan["end_year"] = years
        else:
            parser.error(1, "แผน", "ไม่พบปีของแผน (เช่น พ.ศ. ๒๕๖๖-๒๕๗๐ หรือหัวคอลัมน์ ปี ๒๕๖๖)")
        plan.update({key: front[key] for key in FRONT_FIELDS if key in front})
        risks = self._risks()
        if risks:
            plan["risk_assessment"] = ({"title": parser.risk_title} if parser.risk_title else {}) | {"risks": risks}
        plan["dimensions"] = [self._dimension(dim) for dim in parser.dimensions]
        if not plan["dimensions"]:
            parser.error(1, "แผน", "ไม่พบมิติใดในแผน")
        if parser.plan_totals:
            plan["stated_totals"] = dict(sorted(parser.plan_totals.items()))
        if parser.plan_count is not None:
            plan["stated_project_count"] = parser.plan_count
        return plan

    def _dimension(self, dim: Dimension) -> dict:
        """A dimension's data; headings' titles from the detail pages (cleaner text) when they have them."""
        parser = self.parser
        title = parser.detail_dims.get(dim.no, ("", 0))[0] or leading_number(one_line(dim.title))[1] or one_line(dim.title)
        out = {"no": dim.no, "title": title or f"มิติที่ {dim.no}"}
        if dim.stated_totals:
            out["stated_totals"] = dict(sorted(dim.stated_totals.items()))
        if dim.stated_count is not None:
            out["stated_project_count"] = dim.stated_count
        missions = [self._mission_out(mission) for mission in dim.missions]
        if missions:
            out["missions"] = missions
        return out

    def _mission_out(self, mission: Mission) -> dict:
        parser = self.parser
        title = parser.detail_missions.get(mission.no, ("", 0))[0] or one_line(mission.title)
        out = {"no": mission.no, "title": title or f"ภารกิจ {mission.no}"}
        subs = []
        for sub in mission.subs:
            s_title = parser.detail_subs.get(sub.no, ("", 0))[0] or one_line(sub.title)
            s_out = {"no": sub.no, "title": s_title or f"ภารกิจย่อย {sub.no}"}
            if sub.projects:
                s_out["projects"] = [self._project(p) for p in sub.projects]
            subs.append(s_out)
        if subs:
            out["sub_missions"] = subs
        if mission.projects:
            out["projects"] = [self._project(p) for p in mission.projects]
        return out

    def _plan_years(self, front: dict):
        candidates = [front.get("title", "")]
        if "announcement" in front:
            candidates.append(front["announcement"].get("title", ""))
        for text in candidates:
            m = re.search(r"(2[45]\d\d)\s*[-–—]\s*(2[45]\d\d)", arabic(text or ""))
            if m:
                return self._ordered_years(int(m[1]), int(m[2]))
        if self.parser.all_years:
            return min(self.parser.all_years), max(self.parser.all_years)
        for line_no, text in self.parser.front:
            m = re.search(r"(2[45]\d\d)\s*[-–—]\s*(2[45]\d\d)", arabic(text))
            if m:
                return self._ordered_years(int(m[1]), int(m[2]), line_no)
        return None

    def _ordered_years(self, first: int, last: int, line_no: int | None = None) -> tuple[int, int]:
        """A range printed backwards ('พ.ศ. 2572 - 2568') is read as the years it spans."""
        if first > last:
            if line_no is None:  # the title's range: point at the line that prints it
                line_no = next((n for n, t in self.parser.front
                                if re.search(rf"{first}\s*[-–—]\s*{last}", arabic(t))), None)
            self.warn(line_no, "start_year", f"ช่วงปีของแผนพิมพ์กลับกัน ({first} - {last}) ใช้ {last} - {first}")
            return last, first
        return first, last

    def _risks(self) -> list[dict]:
        return [self._risk(risk) for risk in self.parser.risks if risk["step"] or risk["issues"] or risk["controls"]]

    def _risk(self, risk: dict) -> dict:
        item: dict = {}
        if risk["no"] is not None:
            item["no"] = risk["no"]
        item["step"] = risk["step"] or "(ไม่ระบุขั้นตอน)"
        if not risk["step"]:
            self.warn(risk["line"], "ความเสี่ยง", "ไม่มีขั้นตอนการดำเนินงาน")
        self._risk_issues(risk, item)
        controls = self._risk_controls(risk)
        if controls:
            item["controls"] = controls
        return item

    def _risk_issues(self, risk: dict, item: dict) -> None:
        """The issues, each with its level when there is one level word per issue."""
        issues = split_numbered(risk["issues"]) or ([(1, risk["issues"])] if risk["issues"] else [])
        levels = risk["level"].split()
        entries = [{"text": text} for _, text in issues if text]
        if issues and len(levels) == len(entries) and len(levels) > 1:
            for entry, level in zip(entries, levels):
                entry["level"] = level
        elif risk["level"]:
            item["level"] = risk["level"]
            if issues and len(levels) > 1:
                self.warn(risk["line"], f"ความเสี่ยง {risk['no'] or ''}".strip(),
                          f"ระดับความเสี่ยง '{risk['level']}' มี {len(levels)} ค่าแต่มี {len(entries)} ประเด็น เก็บไว้เป็นข้อความเดียว")
        if entries:
            item["issues"] = entries

    def _risk_controls(self, risk: dict) -> list[dict]:
        """The controls, each linked to the project whose title is closest."""
        controls = split_numbered(risk["controls"]) or ([(1, risk["controls"])] if risk["controls"] else [])
        items = []
        for _, text in controls:
            if not text:
                continue
            entry = {"text": text}
            number = self._match_project(text)
            if number is None:
                self.warn(risk["line"], f"ความเสี่ยง {risk['no'] or ''}".strip(),
                          f"มาตรการควบคุม '{_short(text, 60)}' ไม่ตรงกับชื่อโครงการใดในแผน")
            else:
                entry["project"] = number
            items.append(entry)
        return items

    def _match_project(self, text: str) -> int | None:
        best, best_score = None, 0.0
        org = re.compile(r"(องค์การบริหารส่วนตำบล|องค์กรบริหารส่วนตำบล|เทศบาล(?:ตำบล|เมือง|นคร)?|องค์การบริหารส่วนจังหวัด)\S*|หน่วยงาน|องค์กรปกครองส่วนท้องถิ่น")
        key = squash(org.sub("", text))
        for project in self.parser.projects:
            titles = [project.title]
            if project.sheet is not None:
                titles.append(project.sheet.title)
            for title in titles:
                other = squash(org.sub("", one_line(title)))
                if not other:
                    continue
                score = difflib.SequenceMatcher(None, key, other, autojunk=False).ratio()
                shorter, longer = sorted((key, other), key=len)
                if len(shorter) >= 8 and shorter in longer:   # the control names the project in short
                    score = max(score, 0.85 + 0.15 * len(shorter) / len(longer))
                score = max(score, _named_in_pieces(key, other))
                if score > best_score:
                    best, best_score = project, score
        if best is None or best_score < 0.6:
            return None
        return best.no


_KIND_WORD = re.compile(r"^(?:มาตรการ|โครงการ|กิจกรรม)")


def _named_in_pieces(control: str, title: str) -> float:
    """A control that names a project by its words in their order, with words of the title left
    out ('ช่องทางร้องเรียนการทุจริต' for 'มาตรการจัดให้มีช่องทางรับเรื่องร้องเรียนการทุจริต…',
    'มาตรการ No Gift Policy' for 'มาตรการ “ไม่รับของขวัญ…” (No Gift Policy)'): a score a little
    above the least that links, when pieces of four or more characters cover nearly all its words."""
    words = _KIND_WORD.sub("", control)
    if len(words) < 10:
        return 0.0
    blocks = difflib.SequenceMatcher(None, words, title, autojunk=False).get_matching_blocks()
    covered = sum(block.size for block in blocks if block.size >= 4)
    return 0.7 if covered >= 0.9 * len(words) else 0.0


def import_plan_text(path: Path, shown_as: str | None = None) -> tuple[dict, Problems]:
    """Read a plan's text (or .docx); return (plan data, problems met)."""
    problems = Problems()
    source = read_document(Path(path), problems, shown_as)
    if source is None:
        return {}, problems
    if not document_kind.check_before_parsing(source, document_kind.PLAN, problems):
        return {}, problems
    parser = PlanParser(source, problems)
    parser.scan()
    parser.parse_details()
    plan = PlanAssembler(parser).run()
    name_pages(source, problems)
    return plan, problems
