import datetime as dt

import pytest

from generator.model import Document, Period
from generator.timewindow import (document_time, first_half_coverage, item_window_problem, quarter_span,
                                  title_time)

D = dt.date


def doc(fiscal_year=None, date=None, start=None, end=None, title="เอกสาร"):
    period = Period("", start, end) if start else None
    return Document(title, date=date, fiscal_year=fiscal_year, period=period)


@pytest.mark.parametrize("documents, rule, ok", [
    ([doc(fiscal_year=2569)], "current_fy", True),
    ([doc(fiscal_year=2568)], "current_fy", False),
    ([doc(start=D(2022, 10, 1), end=D(2027, 9, 30))], "current_fy", True),   # five-year plan 2566–2570
    ([doc(start=D(2019, 10, 1), end=D(2022, 9, 30))], "current_fy", False),  # plan 2563–2565
    ([doc(date=D(2025, 11, 3))], "current_fy", True),
    ([doc(date=D(2025, 9, 30))], "current_fy", False),
    ([doc(fiscal_year=2563), doc(fiscal_year=2569)], "current_fy", True),    # standing code + current file
    ([doc(fiscal_year=2568)], "previous_fy", True),
    ([doc(date=D(2025, 10, 20))], "previous_fy", True),                       # FY2568 report published in FY2569
    ([doc(date=D(2026, 10, 20))], "previous_fy", False),
    ([doc(fiscal_year=2569)], "previous_fy", False),
    ([doc(start=D(2025, 10, 1), end=D(2026, 3, 31))], "first_half_current_fy", True),
    ([doc(start=D(2025, 10, 1), end=D(2025, 12, 31)),
      doc(start=D(2026, 1, 1), end=D(2026, 3, 31))], "first_half_current_fy", True),   # Q1 + Q2 together
    ([doc(start=D(2025, 10, 1), end=D(2025, 12, 31))], "first_half_current_fy", False),  # Q1 only
    ([doc(start=D(2025, 10, 1), end=D(2025, 11, 30)),
      doc(start=D(2026, 2, 1), end=D(2026, 3, 31))], "first_half_current_fy", False),  # gap in Dec–Jan
    ([doc(fiscal_year=2569, date=D(2026, 4, 10))], "first_half_current_fy", False),  # which months? undecided
    ([doc(fiscal_year=2569, date=D(2025, 12, 1))], "first_half_current_fy", False),
    ([doc()], "current_fy", False),
    ([doc(fiscal_year=2500)], "none", True),
])
def test_item_window(documents, rule, ok):
    problem = item_window_problem(documents, rule, 2569)
    assert (problem is None) == ok, problem


# --- what a title says (expected result first) ------------------------------------------------

@pytest.mark.parametrize("years, spans, title", [
    ({2568}, [], "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568"),
    ({2568}, [], "รายงานผลการดำเนินงาน ประจำปี ๒๕๖๘"),
    ({2568}, [], "สรุปผลการดำเนินงาน ปี 68"),
    ({2568}, [], "สรุปผล ปีงบ ๖๘"),
    ({2569}, [], "No Gift Policy Declaration, Fiscal Year 2026"),
    ({2566, 2567, 2568, 2569, 2570}, [], "แผนพัฒนาท้องถิ่น (พ.ศ. 2566 - 2570)"),
    ({2569}, [(D(2026, 1, 1), D(2026, 3, 31))], "สรุปผลการจัดซื้อจัดจ้าง ไตรมาสที่ 2 ปีงบประมาณ 2569"),
    ({2569}, [(D(2026, 1, 1), D(2026, 3, 31))], "สรุปผลการจัดซื้อจัดจ้าง ไตรมาส 2/2569"),
    ({2569}, [(D(2025, 10, 1), D(2026, 3, 31))], "สรุปผลการจัดซื้อจัดจ้าง ตุลาคม 2568 - มีนาคม 2569"),
    ({2569}, [(D(2025, 10, 1), D(2026, 3, 31))], "สรุปผลการจัดซื้อจัดจ้าง ต.ค. 68 - มี.ค. 69"),
    ({2569}, [(D(2025, 10, 1), D(2025, 12, 31))], "สรุปผล ตุลาคม - ธันวาคม ๒๕๖๘"),
    ({2569}, [(D(2026, 3, 1), D(2026, 3, 31))], "สรุปผลการจัดซื้อจัดจ้าง ประจำเดือนมีนาคม 2569"),
    ({2569}, [(D(2025, 10, 1), D(2025, 10, 31))], "สรุปผล เดือนตุลาคม ปีงบประมาณ 2569"),  # October is in 2568
    ({2569}, [(D(2025, 10, 1), D(2026, 3, 31))], "รายงานผล รอบ 6 เดือน ปีงบประมาณ พ.ศ. 2569"),
    ({2569}, [(D(2026, 4, 1), D(2026, 9, 30))], "รายงานผล รอบ 6 เดือนหลัง ปีงบประมาณ พ.ศ. 2569"),
    (set(), [], "ประกาศรับสมัครเด็กเข้าศูนย์พัฒนาเด็กเล็ก ปีการศึกษา 2569"),  # an academic year is no fiscal year
    (set(), [], "คู่มือการปฏิบัติงาน (กองคลัง)"),
    # a day in a title is when it was signed, not a month it covers
    ({2568}, [], "รายงานผลการดำเนินงานประจำปี 2568 (ลงวันที่ 20 พฤศจิกายน 2568)"),
    (set(), [], "ประกาศ ณ วันที่ 1 ตุลาคม 2568"),
    ({2568}, [(D(2024, 10, 1), D(2025, 9, 30))], "สถิติเรื่องร้องเรียน 1 ตุลาคม 2567 - 30 กันยายน 2568"),
])
def test_title_time(years, spans, title):
    found = title_time(title)
    assert (found.years, sorted(set(found.spans))) == (years, spans)


def test_a_half_or_quarter_without_a_year_takes_the_stated_one():
    assert title_time("รายงาน รอบ 6 เดือน", 2569).spans == [(D(2025, 10, 1), D(2026, 3, 31))]
    assert title_time("สรุปผล ไตรมาสที่ 4", 2568).spans == [quarter_span(4, 2568)] == [(D(2025, 7, 1), D(2025, 9, 30))]
    assert title_time("รายงาน รอบ 6 เดือน").spans == []  # no year anywhere: nothing to place it in


@pytest.mark.parametrize("years, source, conflict, document", [
    ({2569}, "period", False, doc(start=D(2025, 10, 1), end=D(2026, 3, 31), title="รายงาน ปีงบประมาณ 2569")),
    ({2568}, "fiscal_year", False, doc(fiscal_year=2568, date=D(2025, 11, 20), title="รายงานประจำปี 2568")),
    ({2569}, "fiscal_year", True, doc(fiscal_year=2569, title="รายงานประจำปี 2568")),    # which one?
    ({2567}, "title", False, doc(date=D(2025, 11, 20), title="รายงานประจำปีงบประมาณ 2567")),  # title before date
    ({2569}, "date", False, doc(date=D(2025, 11, 20), title="รายงานผลการดำเนินงาน")),
    (set(), "", False, doc(title="รายงานผลการดำเนินงาน")),
    # a school year names no fiscal year, and its date cannot stand in for one
    (set(), "title", True, doc(date=D(2025, 6, 1), title="รายงานผลการดำเนินงาน ปีการศึกษา 2567")),
    ({2568}, "fiscal_year", True, doc(fiscal_year=2568, title="รายงานผลการดำเนินงาน ปีการศึกษา 2567")),
    ({2568}, "title", False, doc(date=D(2025, 11, 20), title="รายงานประจำปีงบประมาณ 2568 (ปีการศึกษา 2567)")),
])
def test_document_year_order(years, source, conflict, document):
    time = document_time(document)
    assert (time.years, time.source, bool(time.conflict)) == (years, source, conflict)


def test_news_year_from_its_date():
    news = doc(date=D(2026, 3, 2), title="ประชาสัมพันธ์การลงทะเบียนเบี้ยยังชีพ ปีงบประมาณ 2570")
    assert item_window_problem([news], "current_fy", 2569, year_from="date") is None
    assert "2570 (จากชื่อเอกสาร)" in item_window_problem([news], "current_fy", 2569)


@pytest.mark.parametrize("expected, documents", [
    (True, [doc(start=D(2025, 10, 1), end=D(2026, 3, 31))]),
    (True, [doc(title="สรุปผล ไตรมาสที่ 1 ปีงบประมาณ 2569"), doc(title="สรุปผล ไตรมาสที่ 2 ปีงบประมาณ 2569")]),
    (False, [doc(title="สรุปผล ไตรมาสที่ 1 ปีงบประมาณ 2569")]),
    (None, [doc(title="สรุปผล ไตรมาสที่ 1 ปีงบประมาณ 2569"), doc(fiscal_year=2569, title="สรุปผลรายเดือน")]),
    (None, [doc(date=D(2026, 4, 10), title="สรุปผลรายเดือน")]),
    (False, [doc(fiscal_year=2568, title="สรุปผลรายเดือน")]),  # another year: nothing to open
])
def test_first_half_coverage(expected, documents):
    assert first_half_coverage(documents, 2569) is expected


@pytest.mark.parametrize("ok, document", [
    (True, doc(title="รายงานผลการดำเนินงานประจำปีงบประมาณ ๒๕๖๘")),
    (False, doc(date=D(2025, 11, 20), title="รายงานผลการดำเนินงานประจำปีงบประมาณ 2567")),
    (False, doc(date=D(2026, 4, 8), title="รายงานผลการดำเนินงาน รอบ 6 เดือน ปีงบประมาณ 2569")),
    (False, doc(fiscal_year=2568, title="รายงานผลการดำเนินงาน รอบ 6 เดือน")),   # half a year
    (False, doc(start=D(2024, 10, 1), end=D(2025, 3, 31))),                     # half a year, as a period
    (True, doc(start=D(2024, 10, 1), end=D(2025, 9, 30))),
])
def test_previous_year_report(ok, document):
    problem = item_window_problem([document], "previous_fy", 2569)
    assert (problem is None) == ok, problem


def test_academic_years_are_read_apart_from_fiscal_years():
    found = title_time("แผนพัฒนาการศึกษา ปีการศึกษา พ.ศ. ๒๕๖๘")
    assert (found.years, found.academic_years) == (set(), {2568})


@pytest.mark.parametrize("disagree, start, end, title", [
    (True, D(2025, 10, 1), D(2026, 3, 31), "สรุปผลการจัดซื้อจัดจ้างประจำเดือนมีนาคม 2569"),  # one month named
    (True, D(2024, 10, 1), D(2025, 9, 30), "รายงานผล รอบ 6 เดือน ปีงบประมาณ 2568"),        # half named, year stated
    (False, D(2025, 10, 1), D(2026, 3, 31), "สรุปผล รอบ 6 เดือน ปีงบประมาณ 2569"),
    (False, D(2026, 1, 1), D(2026, 3, 31), "สรุปผล ไตรมาสที่ 2/2569"),
    (False, D(2025, 10, 1), D(2026, 3, 31), "สรุปผลการจัดซื้อจัดจ้าง ปีงบประมาณ 2569"),     # no months named
])
def test_a_title_naming_fewer_months_than_the_period_disagrees(disagree, start, end, title):
    time = document_time(doc(start=start, end=end, title=title))
    assert bool(time.coverage_conflict) == disagree, time.coverage_conflict
    if disagree:
        assert first_half_coverage([doc(start=start, end=end, title=title)], 2569) in (None, False)
        assert "period" in item_window_problem([doc(start=start, end=end, title=title)],
                                               "first_half_current_fy" if start.year == 2025 else "previous_fy", 2569)
