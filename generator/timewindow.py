"""Time-window rules of OIT items, shared by validation (warnings) and the
readiness check: plans and current-year items must be of the fiscal year under
assessment, annual reports of the previous fiscal year, 6-month reports must
cover October–March.

What year a document is about is read as an evaluator reads it, in this order:
its reporting period (`period:`), its stated `fiscal_year`, the year or months
its title names ("ปีงบประมาณ พ.ศ. 2568", "ประจำปี ๒๕๖๘", "ปี 68", "ไตรมาสที่ 2",
"ตุลาคม 2568 – มีนาคม 2569"), and only then its date. A title that names another
year than the stated one makes the year undecidable: the document does not count.
A school year ("ปีการศึกษา 2567", May to March) is no fiscal year: a title that names
only a school year does not let the date stand in for the fiscal year (the document
is of no fiscal year), and it contradicts a stated fiscal_year or period. A title
that names fewer months than the stated period ("ประจำเดือนมีนาคม 2569" with a period
of October–March) is not resolved in favour of the period: the document shows no
coverage until a person has opened it.
News is the exception: an item whose catalogue entry says `year_from: date` is
judged on the day the news was published, whatever year its title talks about.

The rule applies to an item, not to each of its documents: an item may carry a
standing document (a code of ethics from 2563) beside the current one, a
five-year plan covers the assessed year, and a 6-month window may be covered
by several monthly or quarterly files together. Coverage of a window is granted
only by explicit periods or by titles that name the months, quarters or the
6-month round; a document that names none of them cannot show coverage, and the
item then needs a person to open the files (it is not complete).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import thai
from .model import Document

RULE_NAMES = {
    "none": "ไม่กำหนดช่วงเวลา",
    "current_fy": "ต้องเป็นข้อมูลของปีงบประมาณที่ประเมิน",
    "previous_fy": "ต้องเป็นข้อมูลของปีงบประมาณที่ผ่านมา",
    "first_half_current_fy": "ต้องครอบคลุมรอบ 6 เดือนแรก (ตุลาคม–มีนาคม) ของปีงบประมาณที่ประเมิน",
}
# Monthly files are published a few weeks after the month: allow that much at the window's ends.
SLACK = dt.timedelta(days=31)

Span = tuple[dt.date, dt.date]


# --- reading a title --------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _number, (_full, _abbr) in enumerate(zip(thai.MONTHS_FULL, thai.MONTHS_ABBR), start=1):
    _MONTHS[_full] = _number
    _MONTHS[_abbr] = _number
_MONTH = "(" + "|".join(re.escape(name) for name in sorted(_MONTHS, key=len, reverse=True)) + ")"
_BE = r"(?:พ\.\s?ศ\.?\s*)?"
_YEAR = r"(\d{4}|\d{2})(?!\d)"
_DASH = r"\s*(?:-|–|—|ถึง)\s*"

_DAY = r"(?:\d{1,2}\s*)?"
_MONTH_RANGE = re.compile(_DAY + _MONTH + r"\s*" + f"(?:{_BE}{_YEAR})?" + _DASH + _DAY + _MONTH + r"\s*" + _BE + _YEAR)
_MONTH_YEAR = re.compile(_MONTH + r"\s*" + _BE + _YEAR)
_DAY_BEFORE = re.compile(r"\d\s*$")
_MONTH_ALONE = re.compile(r"(?:เดือน\s*)" + _MONTH)
_QUARTER = re.compile(r"ไตรมาส(?:ที่)?\s*([1-4])(?:\s*(?:/|ปีงบประมาณ|ปีงบ\.?|ประจำปี(?:งบประมาณ)?|ปี)?\s*" + _BE + _YEAR + ")?")
_HALF = re.compile(r"(?:รอบ\s*)?6\s*เดือน\s*(แรก|หลัง)?")
_WHOLE = re.compile(r"(?:รอบ\s*)?12\s*เดือน")
_FISCAL = re.compile(r"(?:ปีงบประมาณ|ปีงบ\.?|ประจำปี(?:งบประมาณ)?|ปี|fiscal\s+year|(?<![A-Za-z])FY)\s*"
                     + _BE + _YEAR + f"(?:{_DASH}{_BE}{_YEAR})?", re.IGNORECASE)
_BE_YEAR = re.compile(r"พ\.\s?ศ\.?\s*" + _YEAR + f"(?:{_DASH}{_YEAR})?")
_BARE_BE = re.compile(r"(?<![\d/.])(?<!การศึกษา )(25\d\d)(?!\d)")
# "ปีการศึกษา 2568" (a school year: mid-May to March) names no fiscal year at all
_ACADEMIC = re.compile(r"ปีการศึกษา\s*" + _BE + _YEAR)


@dataclass
class TitleTime:
    """What a title says about time: fiscal years it names and spans (months, quarters, halves)."""

    years: set[int] = field(default_factory=set)
    spans: list[Span] = field(default_factory=list)
    academic_years: set[int] = field(default_factory=set)  # "ปีการศึกษา 2568": not a fiscal year

    @property
    def says_anything(self) -> bool:
        return bool(self.years or self.spans or self.academic_years)


def _be(text: str) -> int | None:
    """A year as a title writes it: 2568, ๒๕๖๘, 68 (two digits: 2550–2599), 2025 (CE)."""
    if len(text) == 2:
        return 2500 + int(text) if int(text) >= 50 else None
    year = thai.year_from_text(text)
    return year if 2500 <= year <= 2700 else None


def _month_span(month: int, year_be: int) -> Span:
    start = dt.date(thai.ce_year(year_be), month, 1)
    following = dt.date(start.year + (month == 12), month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def _month_of_fy(month: int, fiscal_year: int) -> Span:
    """A month named without a year, in the fiscal year the title names: ตุลาคม is in the year before."""
    return _month_span(month, fiscal_year - 1 if month >= 10 else fiscal_year)


def quarter_span(quarter: int, fiscal_year: int) -> Span:
    start, _ = thai.fiscal_year_bounds(fiscal_year)
    first = dt.date(start.year + (quarter > 1), (10 + 3 * (quarter - 1) - 1) % 12 + 1, 1)
    last_month = (first.month + 2 - 1) % 12 + 1
    return first, _month_span(last_month, thai.be_year(first.year + (last_month < first.month)))[1]


class _Reader:
    """Reads one title pattern by pattern; what a pattern read is blanked for the next ones."""

    def __init__(self, title: str):
        self.text = thai.to_arabic_digits(title or "")
        self.found = TitleTime()
        self.pending: list[tuple[str, int]] = []  # ("quarter", n), ("half", 1|2), ("month", m): need a year

    def matches(self, pattern: re.Pattern) -> list[re.Match]:
        return [m for m in pattern.finditer(self.text) if self.text[m.start():m.end()].strip()]

    def blank(self, match: re.Match) -> None:
        self.text = self.text[:match.start()] + " " * (match.end() - match.start()) + self.text[match.end():]

    def academic_years(self) -> None:
        """"ปีการศึกษา 2568" is read first, so that its "พ.ศ. 2568" is not taken for a fiscal year."""
        for match in self.matches(_ACADEMIC):
            year = _be(match.group(1))
            if year is not None:
                self.found.academic_years.add(year)
            self.blank(match)

    def month_ranges(self) -> None:
        """"ตุลาคม 2568 - มีนาคม 2569", "ต.ค. - ธ.ค. 68", "1 ตุลาคม 2567 - 30 กันยายน 2568"."""
        for match in self.matches(_MONTH_RANGE):
            first, first_year, last, last_year = match.groups()
            end_year = _be(last_year)
            start_month, end_month = _MONTHS[first], _MONTHS[last]
            start_year = _be(first_year) if first_year else (
                None if end_year is None else end_year - 1 if start_month > end_month else end_year)
            if end_year is not None and start_year is not None:
                self.found.spans.append((_month_span(start_month, start_year)[0], _month_span(end_month, end_year)[1]))
            self.blank(match)

    def months(self) -> None:
        """"มีนาคม 2569" is a month covered; "20 พฤศจิกายน 2568" is the day it was signed."""
        for match in self.matches(_MONTH_YEAR):
            year = _be(match.group(2))
            if year is not None and not _DAY_BEFORE.search(self.text[:match.start()]):
                self.found.spans.append(_month_span(_MONTHS[match.group(1)], year))
            self.blank(match)

    def rounds(self) -> None:
        """Quarters ("ไตรมาสที่ 2/2569") and 6-month rounds; "12 เดือน" is the whole year."""
        for match in self.matches(_QUARTER):
            quarter, year = int(match.group(1)), _be(match.group(2)) if match.group(2) else None
            if year is not None:
                self.found.spans.append(quarter_span(quarter, year))
                self.found.years.add(year)
            else:
                self.pending.append(("quarter", quarter))
            self.blank(match)
        for match in self.matches(_HALF):
            self.pending.append(("half", 2 if match.group(1) == "หลัง" else 1))
            self.blank(match)
        for match in self.matches(_WHOLE):
            self.blank(match)

    def years(self) -> None:
        """"ปีงบประมาณ พ.ศ. 2568", "ประจำปี 68", "พ.ศ. 2566 - 2570"; a bare 25xx only when nothing else."""
        for pattern in (_FISCAL, _BE_YEAR):
            for match in self.matches(pattern):
                first, last = (_be(g) if g else None for g in match.groups()[:2])
                if first is not None:
                    self.found.years.update(range(first, (last if last and last >= first else first) + 1))
                    self.blank(match)
        if not self.found.years and not self.found.spans:
            self.found.years.update(int(m.group(1)) for m in _BARE_BE.finditer(self.text))
        self.pending += [("month", _MONTHS[m.group(1)]) for m in _MONTH_ALONE.finditer(self.text)]

    def place_pending(self, fiscal_year_hint: int | None) -> None:
        """Quarters, rounds and months named without a year go in the one year the title names,
        else in the hinted one."""
        named = self.found.years | {_fiscal_year_of_span(span) for span in self.found.spans}
        year = next(iter(named)) if len(named) == 1 else fiscal_year_hint
        if year is None:
            return
        for kind, value in self.pending:
            if kind == "quarter":
                self.found.spans.append(quarter_span(value, year))
            elif kind == "half":
                start, end = thai.fiscal_year_bounds(year)
                middle = thai.first_half_bounds(year)[1]
                self.found.spans.append((start, middle) if value == 1 else (middle + dt.timedelta(days=1), end))
            else:
                self.found.spans.append(_month_of_fy(value, year))


def _fiscal_year_of_span(span: Span) -> int:
    return thai.fiscal_year_of(span[1] - dt.timedelta(days=14))


def title_time(title: str, fiscal_year_hint: int | None = None) -> TitleTime:
    """The years and spans a title names. `fiscal_year_hint` places quarters, halves and months
    named without a year (the stated fiscal_year, else the document's date)."""
    reader = _Reader(title)
    reader.academic_years()
    reader.month_ranges()
    reader.months()
    reader.rounds()
    reader.years()
    reader.place_pending(fiscal_year_hint)
    found = reader.found
    found.years |= {_fiscal_year_of_span(span) for span in found.spans}
    return found


# --- the year of a document ---------------------------------------------------------------------

@dataclass
class DocumentTime:
    """The fiscal years a document is about, where that came from, and what it covers."""

    years: set[int]
    source: str                 # period | fiscal_year | title | date | "" (nothing says)
    spans: list[Span] = field(default_factory=list)  # explicit coverage (period or title)
    conflict: str = ""          # the title names another year than the stated one, or only a school year
    coverage_conflict: str = ""  # the title names fewer months than the stated period

    @property
    def shown(self) -> str:
        """"ปีงบประมาณ 2567 (จากชื่อเอกสาร)" for messages."""
        years = sorted(self.years)
        if not years:
            return "ไม่ทราบปี"
        named = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        return f"ปีงบประมาณ {named}{SOURCE_TEXT.get(self.source, '')}"


SOURCE_TEXT = {
    "period": " (จากช่วงที่รายงาน period)",
    "fiscal_year": " (จาก fiscal_year)",
    "title": " (จากชื่อเอกสาร)",
    "date": " (จากวันที่ของเอกสาร)",
}


def _years_of_span(start: dt.date, end: dt.date) -> set[int]:
    """Fiscal years a span reaches into (a five-year plan reaches five)."""
    return set(range(thai.fiscal_year_of(start), thai.fiscal_year_of(end) + 1))


def _spans_text(spans: list[Span]) -> str:
    return ", ".join(f"{_month_text(s)} – {_month_text(e)}" if _month_text(s) != _month_text(e) else _month_text(s)
                     for s, e in sorted(spans))


def _month_text(day: dt.date) -> str:
    return f"{thai.MONTHS_FULL[day.month - 1]} {thai.be_year(day.year)}"


def _academic_text(title: TitleTime) -> str:
    return (f"ชื่อเอกสารระบุปีการศึกษา {_years_text(title.academic_years)} ซึ่งไม่ใช่ปีงบประมาณ "
            "(ปีการศึกษาเริ่มเดือนพฤษภาคม ปีงบประมาณเริ่มเดือนตุลาคม) วันที่ของเอกสารจึงบอกปีงบประมาณไม่ได้")


def document_time(document: Document, year_from: str = "document") -> DocumentTime:
    if year_from == "date" and document.date:
        return DocumentTime({thai.fiscal_year_of(document.date)}, "date")
    hint = document.fiscal_year or (thai.fiscal_year_of(document.date) if document.date else None)
    title = title_time(document.title, hint)
    period = document.period
    if period and period.start and period.end:
        found = DocumentTime(_years_of_span(period.start, period.end), "period", [(period.start, period.end)])
        if title.spans and not _covers(title.spans, period.start, period.end):
            # "ประจำเดือนมีนาคม 2569" with a period of October–March: an evaluator opens one month
            found.coverage_conflict = (
                f"ชื่อเอกสารระบุ {_spans_text(title.spans)} แต่ช่วงที่รายงาน (period) ระบุ "
                f"{_spans_text([(period.start, period.end)])} จึงบอกไม่ได้ว่าเอกสารครอบคลุมช่วงใด "
                "ให้เจ้าหน้าที่เปิดไฟล์ตรวจ แล้วแก้ชื่อเอกสารหรือ period ให้ตรงกับเนื้อหา")
    elif document.fiscal_year:
        found = DocumentTime({document.fiscal_year}, "fiscal_year",
                             [s for s in title.spans if document.fiscal_year in _years_of_span(*s)])
    elif title.years or title.spans:
        return DocumentTime(set(title.years), "title", list(title.spans))
    elif title.academic_years:
        return DocumentTime(set(), "title", conflict=_academic_text(title))
    elif document.date:
        return DocumentTime({thai.fiscal_year_of(document.date)}, "date")
    else:
        return DocumentTime(set(), "")
    field_name = "ช่วงที่รายงาน (period)" if found.source == "period" else "fiscal_year"
    if title.years and not (title.years & found.years):
        found.conflict = (f"ชื่อเอกสารระบุปี {_years_text(title.years)} แต่ {field_name} ระบุปีงบประมาณ "
                          f"{_years_text(found.years)} จึงบอกไม่ได้ว่าเป็นเอกสารของปีใด ให้แก้ให้ตรงกัน")
    elif title.academic_years and not title.years:
        found.conflict = (f"{_academic_text(title).removesuffix(' วันที่ของเอกสารจึงบอกปีงบประมาณไม่ได้')} "
                          f"แต่ {field_name} ระบุปีงบประมาณ {_years_text(found.years)} "
                          "ให้ตรวจว่าเป็นเอกสารของปีงบประมาณจริงหรือไม่ แล้วแก้ให้ตรงกัน")
    return found


def _years_text(years: set[int]) -> str:
    ordered = sorted(years)
    return str(ordered[0]) if len(ordered) == 1 else f"{ordered[0]}–{ordered[-1]}"


def required_fiscal_year(rule: str, ita_year: int) -> int | None:
    if rule in ("current_fy", "first_half_current_fy"):
        return ita_year
    if rule == "previous_fy":
        return ita_year - 1
    return None


def document_fiscal_year(document: Document, year_from: str = "document") -> int | None:
    """The one fiscal year a document is about (the last of a range), or None."""
    time = document_time(document, year_from)
    return max(time.years) if time.years and not time.conflict else None


def _overlaps(span: Span, start: dt.date, end: dt.date) -> bool:
    return span[0] <= end and span[1] >= start


def _covers(spans: list[Span], start: dt.date, end: dt.date) -> bool:
    """Whether the spans together reach from start to end (a month's slack at each end and gap)."""
    inside = sorted(s for s in spans if _overlaps(s, start, end))
    if not inside or inside[0][0] > start + SLACK:
        return False
    reached = inside[0][1]
    for span_start, span_end in inside[1:]:
        if span_start > reached + dt.timedelta(days=1):
            return False
        reached = max(reached, span_end)
    return reached >= end - SLACK


def partial_year(document: Document, fiscal_year: int, year_from: str = "document") -> str | None:
    """Why a document cannot be the report of a whole fiscal year (it names a part of it), or None."""
    time = document_time(document, year_from)
    if time.coverage_conflict:
        return time.coverage_conflict
    if time.source not in ("period", "title", "fiscal_year") or not time.spans:
        return None
    start, end = thai.fiscal_year_bounds(fiscal_year)
    if _covers(time.spans, start, end):
        return None
    shown = ", ".join(f"{thai.thai_date(s)} – {thai.thai_date(e)}" for s, e in sorted(time.spans))
    return f"ครอบคลุมเพียง {shown} ไม่ใช่ทั้งปีงบประมาณ {fiscal_year}"


def in_fiscal_year(document: Document, fiscal_year: int, published_after: bool = False,
                   year_from: str = "document") -> bool:
    """Whether a document is about the given fiscal year.

    Its period, stated fiscal year or title decide (a five-year plan covers each of its
    years); only when none says anything its date, which for a report on a closed year
    (`published_after`) may fall in the following year. A report that names only part of
    a closed year (a 6-month report) is not the report of that year.
    """
    time = document_time(document, year_from)
    if time.conflict or not time.years:
        return False
    if time.source == "date":
        start, end = thai.fiscal_year_bounds(fiscal_year)
        last = thai.fiscal_year_bounds(fiscal_year + 1)[1] if published_after and year_from != "date" else end
        return start <= document.date <= last
    if fiscal_year not in time.years:
        return False
    return not (published_after and partial_year(document, fiscal_year, year_from))


def first_half_coverage(documents: list[Document], fiscal_year: int) -> bool | None:
    """Whether the documents together cover October–March of the fiscal year: True, False, or
    None when it cannot be told (a document of that year names no months, quarter or round)."""
    start, end = thai.first_half_bounds(fiscal_year)
    spans, unknown = [], False
    for document in documents:
        time = document_time(document)
        if time.conflict:
            continue
        if time.coverage_conflict:
            unknown = True  # the title and the period disagree on the months: a person has to open it
            continue
        if time.spans:
            spans += time.spans
        elif not time.years or fiscal_year in time.years:
            unknown = True  # of this year (or of no stated year), but silent about which months
    if _covers(spans, start, end):
        return True
    return None if unknown else False


def covers_first_half(documents: list[Document], fiscal_year: int) -> bool:
    return first_half_coverage(documents, fiscal_year) is True


UNDECIDED_COVERAGE = ("ตรวจไม่ได้ว่าเอกสารครอบคลุมตุลาคม–มีนาคมของปีงบประมาณ {year} เพราะไม่ได้ระบุช่วงที่รายงาน "
                      "(period:) และชื่อเอกสารไม่ได้บอกเดือน ไตรมาส หรือรอบ 6 เดือน ให้ระบุ period ของแต่ละไฟล์ "
                      "หรือให้เจ้าหน้าที่เปิดไฟล์ตรวจ")


def item_window_problem(documents: list[Document], rule: str, ita_year: int,
                        year_from: str = "document") -> str | None:
    """Why an item's documents miss its time window (Thai), or None if they meet it."""
    wanted = required_fiscal_year(rule, ita_year)
    if wanted is None or not documents:
        return None
    if rule == "first_half_current_fy":
        covered = first_half_coverage(documents, wanted)
        if covered:
            return None
        disagreeing = [t.coverage_conflict for d in documents if (t := document_time(d)).coverage_conflict]
        if covered is None:
            return disagreeing[0] if disagreeing else UNDECIDED_COVERAGE.format(year=wanted)
        if not any(wanted in document_time(d).years for d in documents):
            return _why_not(documents, rule, wanted, year_from)  # another year's round: say which year
        return (f"เอกสารรวมกันยังไม่ครอบคลุมตุลาคม–มีนาคมของปีงบประมาณ {wanted} "
                "ให้ระบุช่วงที่รายงาน (period:) ของแต่ละไฟล์ หรือแนบรายงานที่ครอบคลุมถึงเดือนมีนาคม")
    published_after = rule == "previous_fy"
    if any(in_fiscal_year(d, wanted, published_after, year_from) for d in documents):
        return None
    return _why_not(documents, rule, wanted, year_from)


def _why_not(documents: list[Document], rule: str, wanted: int, year_from: str) -> str:
    times = [document_time(d, year_from) for d in documents]
    conflicts = [t.conflict for t in times if t.conflict] + \
        [t.coverage_conflict for t in times if t.coverage_conflict and wanted in t.years]
    if conflicts:
        return f"{conflicts[0]} (ข้อนี้{RULE_NAMES[rule]} ({wanted}))"
    if not any(t.years for t in times):
        return f"เอกสารไม่ได้ระบุวันที่หรือปีงบประมาณ จึงตรวจไม่ได้ว่า{RULE_NAMES[rule]} ({wanted})"
    partial = [p for d in documents if (p := partial_year(d, wanted, year_from))]
    if partial and any(wanted in t.years for t in times):
        return f"เอกสาร{partial[0]} แต่ข้อนี้{RULE_NAMES[rule]} ({wanted}) ทั้งปี"
    shown = "; ".join(dict.fromkeys(t.shown for t in times if t.years))
    return f"เอกสารเป็นของ{shown} แต่ข้อนี้{RULE_NAMES[rule]} ({wanted})"


def window_problem(document: Document, rule: str, ita_year: int, year_from: str = "document") -> str | None:
    """The same judgement for one document on its own (used to explain which file is off)."""
    return item_window_problem([document], rule, ita_year, year_from)
