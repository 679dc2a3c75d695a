"""Time-window rules of OIT items, shared by validation (warnings) and the
readiness check: plans and current-year items must be of the fiscal year under
assessment, annual reports of the previous fiscal year, 6-month reports must
cover October–March.

The rule applies to an item, not to each of its documents: an item may carry a
standing document (a code of ethics from 2563) beside the current one, a
five-year plan covers the assessed year, and a 6-month window may be covered
by several monthly or quarterly files together.
"""

from __future__ import annotations

import datetime as dt

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


def required_fiscal_year(rule: str, ita_year: int) -> int | None:
    if rule in ("current_fy", "first_half_current_fy"):
        return ita_year
    if rule == "previous_fy":
        return ita_year - 1
    return None


def document_fiscal_year(document: Document) -> int | None:
    """The fiscal year a document is about: stated, else from its period's end, else its date."""
    if document.fiscal_year:
        return document.fiscal_year
    if document.period and document.period.end:
        return thai.fiscal_year_of(document.period.end)
    if document.date:
        return thai.fiscal_year_of(document.date)
    return None


def _overlaps(period, start: dt.date, end: dt.date) -> bool:
    return period is not None and period.start is not None and period.end is not None \
        and period.start <= end and period.end >= start


def in_fiscal_year(document: Document, fiscal_year: int, published_after: bool = False) -> bool:
    """Whether a document is about the given fiscal year.

    A stated fiscal year decides; else a period that overlaps the year (a
    five-year plan covers each of its years); else its date, which for a report
    on a closed year (`published_after`) may fall in the following year.
    """
    start, end = thai.fiscal_year_bounds(fiscal_year)
    if document.fiscal_year:
        return document.fiscal_year == fiscal_year
    if document.period and document.period.start and document.period.end:
        return _overlaps(document.period, start, end)
    if document.date:
        last = thai.fiscal_year_bounds(fiscal_year + 1)[1] if published_after else end
        return start <= document.date <= last
    return False


def covers_first_half(documents: list[Document], fiscal_year: int) -> bool:
    """Whether the documents together cover October–March of the fiscal year."""
    start, end = thai.first_half_bounds(fiscal_year)
    spans = sorted(
        (d.period.start, d.period.end) for d in documents
        if d.period and d.period.start and d.period.end and _overlaps(d.period, start, end)
    )
    if spans:
        reached = start + SLACK
        if spans[0][0] > reached:
            return False
        for span_start, span_end in spans:
            if span_start > reached + dt.timedelta(days=1):
                return False
            reached = max(reached, span_end)
        return reached >= end - SLACK
    # No periods given: a report of that year dated after the half-year closed covers it.
    return any(
        not (d.period and d.period.start) and document_fiscal_year(d) == fiscal_year
        and d.date is not None and d.date >= end - SLACK
        for d in documents
    )


def item_window_problem(documents: list[Document], rule: str, ita_year: int) -> str | None:
    """Why an item's documents miss its time window (Thai), or None if they meet it."""
    wanted = required_fiscal_year(rule, ita_year)
    if wanted is None or not documents:
        return None
    if rule == "first_half_current_fy":
        if covers_first_half(documents, wanted):
            return None
        return (f"เอกสารรวมกันยังไม่ครอบคลุมตุลาคม–มีนาคมของปีงบประมาณ {wanted} "
                "ให้ระบุช่วงที่รายงาน (period:) ของแต่ละไฟล์ หรือแนบรายงานที่ครอบคลุมถึงเดือนมีนาคม")
    if any(in_fiscal_year(d, wanted, published_after=(rule == "previous_fy")) for d in documents):
        return None
    found = sorted({y for y in (document_fiscal_year(d) for d in documents) if y})
    if not found:
        return f"เอกสารไม่ได้ระบุวันที่หรือปีงบประมาณ จึงตรวจไม่ได้ว่า{RULE_NAMES[rule]} ({wanted})"
    return f"เอกสารเป็นของปีงบประมาณ {', '.join(map(str, found))} แต่ข้อนี้{RULE_NAMES[rule]} ({wanted})"


def window_problem(document: Document, rule: str, ita_year: int) -> str | None:
    """The same judgement for one document on its own (used to explain which file is off)."""
    return item_window_problem([document], rule, ita_year)
