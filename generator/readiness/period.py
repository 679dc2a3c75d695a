"""The time window of an item (current FY, previous FY, October–March), judged on
the evidence that exists on the day of the check.

The window itself is generator/timewindow.py's (the same judgement as the
validation warnings: one document of the year is enough, a five-year plan
covers each of its years, Q1 + Q2 together cover October–March). On top of it
the readiness check adds what depends on the day and on the kind of evidence:

- documents dated after the day of the check are not yet published (reported as `future`);
- an October–March report dated before 31 March cannot cover March yet: the item is
  incomplete, not stale;
- a "nothing to report" statement fits when it is dated in the assessed fiscal year
  (for `previous_fy` also in the year it reports on);
- a rule that checks the year itself (the plan covers the year) satisfies the window;
- evidence without any date (links, pages) cannot be checked: a person must;
- documents that do not say which months they cover cannot show October–March coverage:
  the item is not complete until a person has opened them (`undecided`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import thai
from ..model import Document, NothingToReport, fiscal_window
from ..timewindow import (RULE_NAMES, SLACK, document_fiscal_year, document_time,
                          first_half_coverage, in_fiscal_year, item_window_problem, required_fiscal_year,
                          window_problem)


@dataclass
class Finding:
    kind: str      # component, file, page, coverage, undecided, offsite, not_allowed → incomplete;
                   # stale, future, late → stale; note, human, missing, complete
    message: str
    where: list[str] = field(default_factory=list)
    component: str | None = None


@dataclass
class PeriodResult:
    rule: str
    text: str
    window: tuple[dt.date, dt.date] | None
    state: str = "none"        # none | met | not_met | human
    message: str = ""
    findings: list[Finding] = field(default_factory=list)  # why not met
    notes: list[Finding] = field(default_factory=list)


def _date(day: dt.date) -> str:
    return thai.thai_date(day)


def _nothing_fits(nothing: NothingToReport, rule: str, ita_year: int) -> bool | None:
    if not nothing.date:
        return None
    year = thai.fiscal_year_of(nothing.date)
    allowed = {ita_year - 1, ita_year} if rule == "previous_fy" else {ita_year}
    return year in allowed


def _future_findings(future: list[tuple[str, Document]], today: dt.date, deadline: dt.date | None) -> list[Finding]:
    """Documents dated after the day of the check, or after the evaluators' deadline when it has passed."""
    found = []
    for where, d in future:
        if deadline and d.date <= today:
            found.append(Finding("late", f"{d.title}: ลงวันที่ {_date(d.date)} หลังวันสุดท้ายที่ผู้ประเมินตรวจหลักฐาน "
                                         f"({_date(deadline)}) จึงไม่นับในการประเมินปีนี้", [where]))
        else:
            found.append(Finding("future", f"{d.title}: ลงวันที่ {_date(d.date)} หลังวันที่ตรวจ ({_date(today)}) "
                                           "จึงยังไม่ถือว่าเผยแพร่", [where]))
    return found


def check(rule: str, ita_year: int, today: dt.date, documents: list[tuple[str, Document]],
          future: list[tuple[str, Document]], nothing: tuple[str, NothingToReport] | None,
          satisfied_by: str | None, year_from: str = "document", deadline: dt.date | None = None) -> PeriodResult:
    """documents: the usable ones as (file:line, document); future: dated after today (or after
    the evaluators' `deadline` once it has passed); satisfied_by: the message of a year-checking
    rule that passed, or None; year_from: the catalogue's `year_from` of the item."""
    result = PeriodResult(rule, RULE_NAMES.get(rule, rule), fiscal_window(rule, ita_year))
    wanted = required_fiscal_year(rule, ita_year)
    if wanted is None:
        result.message = RULE_NAMES["none"]
        return result
    if rule == "first_half_current_fy":
        usable, premature = _split_premature(documents, ita_year)
        coverage = first_half_coverage([d for _, d in usable], wanted) if usable else False
        met = coverage is True
        ok_message = "เอกสารรวมกันครอบคลุมตุลาคม–มีนาคม"
    else:
        premature = []
        usable = documents
        fits = [(w, d) for w, d in documents
                if in_fiscal_year(d, wanted, published_after=(rule == "previous_fy"), year_from=year_from)]
        met = bool(fits)
        ok_message = f"มีเอกสารของปีงบประมาณ {wanted} {len(fits)} รายการ"
        for where, document in documents:
            if (where, document) not in fits:
                result.notes.append(Finding("note", f"ไม่นับเป็นหลักฐานของช่วงเวลา: {document.title}: "
                                                    f"{window_problem(document, rule, ita_year, year_from)}", [where]))
    if met:
        result.state, result.message = "met", ok_message
        result.notes += [Finding("note", f.message, f.where) for f in premature]
        return result
    result.notes = []
    if satisfied_by:
        result.state, result.message = "met", satisfied_by
        return result
    if nothing and _nothing_fits(nothing[1], rule, ita_year):
        result.state = "met"
        result.message = f"คำชี้แจงว่าไม่มีข้อมูลลงวันที่ {_date(nothing[1].date)}"
        return result

    if future and _future_would_meet(rule, wanted, today, usable, future, year_from):
        # the window is met but for files dated too late: their date is the fix, not the others
        if rule == "first_half_current_fy":
            _first_half_findings(result, ita_year, today, usable, premature)
        else:
            _year_findings(result, rule, ita_year, documents, year_from)
        result.notes += [Finding("note", f.message, f.where) for f in result.findings]
        result.findings = _future_findings(future, today, deadline)
        result.message = result.findings[0].message
        result.state = "not_met"
        return result
    if rule == "first_half_current_fy":
        _first_half_findings(result, ita_year, today, usable, premature)
    elif documents:
        _year_findings(result, rule, ita_year, documents, year_from)
    if future:
        result.message = result.message or "เอกสารลงวันที่หลังวันที่ตรวจหรือหลังวันสุดท้ายที่ผู้ประเมินตรวจหลักฐาน"
        result.findings += _future_findings(future, today, deadline)
    if nothing and _nothing_fits(nothing[1], rule, ita_year) is False:
        result.message = result.message or "คำชี้แจงว่าไม่มีข้อมูลไม่ได้อยู่ในช่วงเวลา"
        result.findings.append(Finding(
            "stale", f"คำชี้แจงว่าไม่มีข้อมูลลงวันที่ {_date(nothing[1].date)} (ปีงบประมาณ "
                     f"{thai.fiscal_year_of(nothing[1].date)}) แต่ข้อนี้{RULE_NAMES[rule]} ({wanted})", [nothing[0]]))
    if result.findings:
        result.state = "not_met"
    else:
        result.state = "human"
        result.message = f"ไม่มีเอกสารที่ระบุวันที่หรือช่วงเวลา ให้เจ้าหน้าที่ตรวจว่า{RULE_NAMES[rule]} ({wanted})"
    return result


def _year_findings(result: PeriodResult, rule: str, ita_year: int, documents: list[tuple[str, Document]],
                   year_from: str) -> None:
    result.message = item_window_problem([d for _, d in documents], rule, ita_year, year_from)
    result.findings += [Finding("stale", f"{d.title}: {window_problem(d, rule, ita_year, year_from)}", [w])
                        for w, d in documents]


def _future_would_meet(rule: str, wanted: int, today: dt.date, usable: list[tuple[str, Document]],
                       future: list[tuple[str, Document]], year_from: str) -> bool:
    """Whether the documents dated after the check (or the deadline) are what the window lacks.
    Before the end of March an October–March round cannot be complete anyway: that is not a date to fix."""
    if rule == "first_half_current_fy":
        return today > thai.first_half_bounds(wanted)[1] and \
            first_half_coverage([d for _, d in usable + future], wanted) is True
    return any(in_fiscal_year(d, wanted, published_after=(rule == "previous_fy"), year_from=year_from)
               for _, d in future)


def _split_premature(documents: list[tuple[str, Document]], ita_year: int):
    """October–March reports dated before 31 March: they cannot cover March yet."""
    _, end = thai.first_half_bounds(ita_year)
    usable, premature = [], []
    for where, document in documents:
        spans = document_time(document).spans
        claims_march = not spans or max(span_end for _, span_end in spans) > end - SLACK
        if document_fiscal_year(document) == ita_year and document.date and document.date < end and claims_march:
            premature.append(Finding(
                "coverage", f"{document.title}: รายงานรอบ 6 เดือน (ตุลาคม–มีนาคม) ลงวันที่ {_date(document.date)} "
                            f"ก่อนสิ้นรอบ ({_date(end)}) จึงยังไม่ครบรอบ", [where]))
        else:
            usable.append((where, document))
    return usable, premature


def _first_half_findings(result: PeriodResult, ita_year: int, today: dt.date,
                         usable: list[tuple[str, Document]], premature: list[Finding]) -> None:
    _, end = thai.first_half_bounds(ita_year)
    # a document that says no year at all may be this year's: only a person can tell
    this_year = [(w, d) for w, d in usable if document_fiscal_year(d) in (ita_year, None)]
    result.message = f"ยังไม่ครอบคลุมตุลาคม–มีนาคมของปีงบประมาณ {ita_year}"
    if today < end:
        result.notes.append(Finding("note", f"วันที่ตรวจ ({_date(today)}) ยังไม่สิ้นรอบ 6 เดือนแรก ({_date(end)}) "
                                            "รายงานรอบ 6 เดือนจึงยังทำให้ครบไม่ได้"))
    if this_year or premature:
        spans = [span for _, d in this_year for span in document_time(d).spans]
        shown = ", ".join(f"{_date(s)} – {_date(e)}" for s, e in sorted(spans))
        if this_year:
            undecided = first_half_coverage([d for _, d in this_year], ita_year) is None
            result.findings.append(Finding(
                "undecided" if undecided else "coverage",
                item_window_problem([d for _, d in this_year], "first_half_current_fy", ita_year)
                + (f" (ช่วงที่ระบุ: {shown})" if shown else ""), [w for w, _ in this_year]))
        result.findings += premature
    others = [(w, d) for w, d in usable if document_fiscal_year(d) not in (ita_year, None)]
    kind = "note" if (this_year or premature) else "stale"
    for where, document in others:
        finding = Finding(kind, f"{document.title}: {window_problem(document, 'first_half_current_fy', ita_year)}", [where])
        (result.notes if kind == "note" else result.findings).append(finding)
