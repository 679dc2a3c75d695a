"""Time-window rules of OIT items, shared by validation (warnings) and the
readiness check: plans and current-year items must be of the fiscal year under
assessment, annual reports of the previous fiscal year, 6-month reports must
cover October–March.
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


def required_fiscal_year(rule: str, ita_year: int) -> int | None:
    if rule in ("current_fy", "first_half_current_fy"):
        return ita_year
    if rule == "previous_fy":
        return ita_year - 1
    return None


def document_fiscal_year(document: Document) -> int | None:
    """The fiscal year a document is about: stated, else from its period, else its date."""
    if document.fiscal_year:
        return document.fiscal_year
    if document.period and document.period.end:
        return thai.fiscal_year_of(document.period.end)
    if document.date:
        return thai.fiscal_year_of(document.date)
    return None


def window_problem(document: Document, rule: str, ita_year: int) -> str | None:
    """Why a document is outside the item's time window (Thai), or None if it fits."""
    wanted = required_fiscal_year(rule, ita_year)
    if wanted is None:
        return None
    actual = document_fiscal_year(document)
    if actual is None:
        return f"ไม่ได้ระบุวันที่หรือปีงบประมาณของเอกสาร จึงตรวจไม่ได้ว่า{RULE_NAMES[rule]} ({wanted})"
    if actual != wanted:
        return f"เอกสารเป็นของปีงบประมาณ {actual} แต่ข้อนี้{RULE_NAMES[rule]} ({wanted})"
    if rule == "first_half_current_fy":
        return _first_half_problem(document, ita_year)
    return None


def _first_half_problem(document: Document, ita_year: int) -> str | None:
    start, end = thai.first_half_bounds(ita_year)
    period = document.period
    if period and period.start and period.end:
        if period.start > start + dt.timedelta(days=31) or period.end < end - dt.timedelta(days=31):
            return (
                f"ช่วงที่รายงาน ({thai.thai_date(period.start)} – {thai.thai_date(period.end)}) "
                f"ไม่ครอบคลุมตุลาคม–มีนาคมของปีงบประมาณ {ita_year}"
            )
        return None
    if document.date and document.date <= end - dt.timedelta(days=31):
        return (
            f"เอกสารลงวันที่ {thai.thai_date(document.date)} ก่อนสิ้นรอบ 6 เดือน (31 มีนาคม) "
            "ให้ระบุช่วงที่รายงาน period: หรือแนบรายงานที่ครอบคลุมถึงเดือนมีนาคม"
        )
    return None
