"""Verdicts an evaluator would give, on a copy of the example organisation (ITA 2569, as of
20 April 2569, where every item is complete). Each case changes one item the way an LAO
gets it wrong (or right) and states first what the evaluator gives it.

Cases run in-process (load → model → assess, the path `prongsai check` takes); a few
also go through the command line to see the report formats.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from readiness_kit import EXAMPLE, check_json, copy_data, edit_yaml, run_check
from generator.pages import plan_pages
from generator.pipeline import Options, build_model
from generator.problems import Problems
from generator.readiness.assess import assess
from generator.readiness.report import render

TODAY = dt.date(2026, 4, 20)  # 20 เมษายน 2569
PDF = "files/2569/o7-annual-report-2568.pdf"  # a real file of the example: its name is not judged


@pytest.fixture
def example(tmp_path):
    return copy_data(EXAMPLE, tmp_path / "data")


def set_item(data: Path, key: str, evidence: dict) -> None:
    """Replace the evidence of one item of oit/2569.yaml."""
    edit_yaml(data / "oit" / "2569.yaml", lambda oit: oit["items"].__setitem__(key, evidence))


def assessment(data: Path, today: dt.date = TODAY, deadline: dt.date | None = None, site: dict | None = None):
    if site is not None:
        edit_yaml(data / "site.yaml", lambda current: current.update(site))
    problems = Problems()
    model, _, _ = build_model(Options(data_dir=data, today=today), problems)
    if deadline:
        model.catalogue = dataclasses.replace(model.catalogue, evidence_deadline=deadline)
    return assess(model, {page.id for page in plan_pages(model)}, today, problems=problems)


def verdict(data: Path, key: str, **kwargs):
    result = assessment(data, **kwargs).item(key)
    return result.status, "\n".join(r.message for r in result.reasons), result


def document(title: str, **fields) -> dict:
    return {"title": title, "file": PDF, **fields}


# --- the year comes from period, fiscal_year or title before the date -----------------------------

@pytest.mark.parametrize("expected, title, fields, year_named", [
    # a previous-year item (O7 annual report of FY 2568) answered by this year's 6-month report
    ("stale", "รายงานผลการดำเนินงาน รอบ 6 เดือน ปีงบประมาณ พ.ศ. 2569", {"date": "2569-04-08"}, "2569"),
    # a report two years old, dated last year (its date alone would pass as published after FY 2568)
    ("stale", "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2567", {"date": "2568-11-20"}, "2567"),
    ("stale", "รายงานผลการดำเนินงาน ประจำปี ๒๕๖๗", {"date": "2568-11-20"}, "2567"),      # Thai digits
    ("stale", "สรุปผลการดำเนินงาน ปี 67", {"date": "2568-11-20"}, "2567"),                  # two-digit year
    ("complete", "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. ๒๕๖๘", {"date": "2568-11-20"}, None),
    ("complete", "รายงานผลการดำเนินงาน ปี 68", {}, None),                                  # no date needed
    ("complete", "รายงานผลการดำเนินงานประจำปี 2568 ประกาศ ณ วันที่ 20 พฤศจิกายน 2568", {}, None),
    # the stated fiscal year and the title disagree: which year is it? not counted
    ("stale", "รายงานผลการดำเนินงานประจำปี 2567", {"fiscal_year": 2568, "date": "2568-11-20"}, "2567"),
    # half a year is not the report of the year
    ("stale", "รายงานผลการดำเนินงาน รอบ 6 เดือน", {"fiscal_year": 2568, "date": "2568-04-20"}, "ครอบคลุมเพียง"),
])
def test_year_of_an_annual_report(example, expected, title, fields, year_named):
    set_item(example, "annual_report", {"documents": [document(title, **fields)]})
    status, reasons, _ = verdict(example, "annual_report")
    assert status == expected, reasons
    if year_named:
        assert year_named in reasons and "(2568)" in reasons


def test_a_plan_titled_last_year_is_stale_even_when_dated_this_year(example):
    set_item(example, "annual_plan_progress", {"documents": [
        document("แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2568", date="2568-10-28"),
        document("รายงานความก้าวหน้า รอบ 6 เดือน ปีงบประมาณ พ.ศ. 2568", date="2569-04-08")]})
    status, reasons, _ = verdict(example, "annual_plan_progress")
    assert status == "stale"
    assert "ปีงบประมาณ 2568 (จากชื่อเอกสาร)" in reasons and "(2569)" in reasons


def test_a_five_year_plan_named_in_its_title_covers_the_year(example):
    set_item(example, "strategic_plan", {"documents": [
        document("แผนพัฒนาท้องถิ่น (พ.ศ. ๒๕๖๖ - ๒๕๗๐)", date="2564-12-20")]})
    assert verdict(example, "strategic_plan")[0] == "complete"


def test_news_is_judged_on_its_publication_day_not_on_the_year_it_talks_about(example):
    set_item(example, "news", {"documents": [{
        "title": "ประชาสัมพันธ์การลงทะเบียนรับเบี้ยยังชีพผู้สูงอายุ ปีงบประมาณ 2570", "date": "2569-03-02",
        "url": "https://www.tuayang.go.th/news/2569/elderly-allowance/"}]})
    assert verdict(example, "news")[0] == "complete"
    set_item(example, "news", {"documents": [{
        "title": "ข่าวกิจกรรมวันเด็กแห่งชาติ ประจำปี 2569", "date": "2568-01-11",
        "url": "https://www.tuayang.go.th/news/2568/children-day/"}]})
    status, reasons, _ = verdict(example, "news")
    assert status == "stale" and "ปีงบประมาณ 2568 (จากวันที่ของเอกสาร)" in reasons


# --- coverage of October–March only from periods or titles that name it ---------------------------

@pytest.mark.parametrize("expected, human, documents", [
    # one month's summary does not cover October–March
    ("incomplete", False, [document("สรุปผลการจัดซื้อจัดจ้าง ประจำเดือนมีนาคม 2569", date="2569-04-05")]),
    # a file of the year that names no months: an evaluator opens it, the check cannot
    ("incomplete", True, [document("สรุปผลการจัดซื้อจัดจ้างรายเดือน (แบบ สขร.1)", fiscal_year=2569, date="2569-04-09")]),
    ("incomplete", True, [document("สรุปผลการจัดซื้อจัดจ้างรายเดือน", date="2569-04-09")]),
    # quarters named in the titles, together
    ("complete", False, [document("สรุปผลการจัดซื้อจัดจ้าง ไตรมาสที่ 1 ปีงบประมาณ 2569", date="2569-01-09"),
                         document("สรุปผลการจัดซื้อจัดจ้าง ไตรมาสที่ 2 ปีงบประมาณ 2569", date="2569-04-09")]),
    # only the first quarter
    ("incomplete", False, [document("สรุปผลการจัดซื้อจัดจ้าง ไตรมาสที่ 1/2569", date="2569-01-09")]),
    # the months written out, or the 6-month round of a stated year
    ("complete", False, [document("สรุปผลการจัดซื้อจัดจ้าง ตุลาคม ๒๕๖๘ - มีนาคม ๒๕๖๙", date="2569-04-09")]),
    ("complete", False, [document("สรุปผลการจัดซื้อจัดจ้าง รอบ 6 เดือน", fiscal_year=2569, date="2569-04-09")]),
    # each month of the round as its own file, named in the titles
    ("complete", False, [document(f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน{month}", date="2569-04-09")
                         for month in ("ตุลาคม 2568", "พฤศจิกายน 2568", "ธันวาคม 2568", "มกราคม 2569",
                                       "กุมภาพันธ์ 2569", "มีนาคม 2569")]),
    ("incomplete", False, [document(f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน{month}", date="2569-04-09")
                           for month in ("ตุลาคม 2568", "พฤศจิกายน 2568", "มกราคม 2569", "กุมภาพันธ์ 2569",
                                         "มีนาคม 2569")]),                                  # December missing
])
def test_six_month_coverage(example, expected, human, documents):
    set_item(example, "proc_monthly", {"documents": documents})
    status, reasons, result = verdict(example, "proc_monthly")
    assert status == expected, reasons
    assert result.needs_human_check == human, result.human_checks
    if human:
        assert any(r.kind == "undecided" for r in result.reasons)
        assert "ตรวจไม่ได้ว่าเอกสารครอบคลุมตุลาคม–มีนาคม" in reasons


# --- "nothing to report" only where the catalogue allows it ---------------------------------------

NOTHING = {"nothing_to_report": {"reason": "ไม่มีข้อมูลที่ต้องรายงานในปีนี้", "date": "2568-10-07"}}


@pytest.mark.parametrize("expected, key", [
    ("incomplete", "news"),
    ("incomplete", "participation"),
    ("incomplete", "annual_report"),
    ("complete", "complaint_stats"),  # "ไม่มีเรื่องร้องเรียน" is what the item asks when there were none
])
def test_nothing_to_report(example, expected, key):
    set_item(example, key, dict(NOTHING))
    status, reasons, result = verdict(example, key)
    assert status == expected, reasons
    if expected != "complete":
        assert "ไม่รับคำชี้แจงว่าไม่มีข้อมูลที่ต้องรายงาน" in result.reasons[0].message, reasons


# --- the evidence must be on the organisation's own websites ----------------------------------------

@pytest.mark.parametrize("expected, url", [
    ("incomplete", "https://www.facebook.com/tuayang/posts/123"),
    ("incomplete", "https://drive.google.com/file/d/abc/view"),
    ("complete", "https://www.tuayang.go.th/news/2569/land-tax-2569/"),   # main_site_url
    ("complete", "https://ita.tuayang.go.th/files/news.pdf"),             # site_url
    ("complete", "https://tuayang.go.th/news/2569/land-tax-2569/"),       # the main site without www
])
def test_news_only_on_another_host(example, expected, url):
    set_item(example, "news", {"links": [{"title": "ข่าวประชาสัมพันธ์", "url": url}]})
    status, reasons, _ = verdict(example, "news")
    assert status == expected, reasons
    if expected != "complete":
        assert "นอกเว็บไซต์ของหน่วยงาน" in reasons and "tuayang.go.th" in reasons


def test_the_main_website_is_not_flagged_when_the_ita_site_is_separate(example):
    set_item(example, "annual_report", {"documents": [{
        "title": "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568", "date": "2568-11-20",
        "url": "https://www.tuayang.go.th/files/annual-report-2568.pdf"}]})
    status, reasons, result = verdict(example, "annual_report")
    assert status == "complete", reasons
    assert not any("ไม่ใช่เว็บไซต์หลัก" in f.message or "นอกเว็บไซต์" in f.message
                   for f in result.human_checks + result.notes)


def test_without_main_site_url_the_main_website_is_another_host(example):
    set_item(example, "annual_report", {"documents": [{
        "title": "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568", "date": "2568-11-20",
        "url": "https://www.tuayang.go.th/files/annual-report-2568.pdf"}]})
    status, _, _ = verdict(example, "annual_report", site={"main_site_url": None})
    assert status == "incomplete"


def test_an_off_site_copy_beside_an_own_one_is_only_noted(example):
    set_item(example, "annual_report", {"documents": [
        document("รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568", date="2568-11-20"),
        {"title": "สำเนาบน Google Drive", "url": "https://drive.google.com/file/d/abc/view", "date": "2568-11-20"}]})
    status, _, result = verdict(example, "annual_report")
    assert status == "complete"
    assert any("drive.google.com" in f.message for f in result.notes)


def test_a_generated_page_is_on_the_own_site_beside_an_off_site_copy(example):
    # the risk assessment page is built from plan.yaml: a Drive copy next to it changes nothing
    set_item(example, "risk_assessment", {"documents": [{
        "title": "ผลการประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ 2569", "date": "2568-11-01",
        "url": "https://drive.google.com/file/d/abc/view"}]})
    status, _, result = verdict(example, "risk_assessment")
    assert status == "complete"
    assert any("drive.google.com" in f.message for f in result.notes)


@pytest.mark.parametrize("key, url", [
    ("e_service", "https://forms.gle/abc"),
    ("complaint_channel", "https://www.nacc.go.th/"),  # the NACC's own complaint channel, linked from the site
])
def test_a_channel_may_live_on_another_host(example, key, url):
    set_item(example, key, {"links": [{"title": "ช่องทางออนไลน์", "url": url}]})
    assert verdict(example, key)[0] == "complete"


# --- the evaluators' deadline ------------------------------------------------------------------------

LATE_REPORT = {"documents": [document("รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568", date="2569-05-10")]}


def test_evidence_dated_after_the_deadline_does_not_count_once_it_has_passed(example):
    set_item(example, "annual_report", LATE_REPORT)
    result = assessment(example, today=dt.date(2026, 6, 1), deadline=dt.date(2026, 4, 30))
    annual = result.item("annual_report")
    assert annual.status == "stale"
    reasons = "\n".join(r.message for r in annual.reasons)
    assert "หลังวันสุดท้ายที่ผู้ประเมินตรวจหลักฐาน (30 เมษายน 2569)" in reasons
    assert any("วันสุดท้ายที่ผู้ประเมินตรวจหลักฐาน ITA 2569 (30 เมษายน 2569)" in n for n in result.notes)
    assert "วันสุดท้ายที่ผู้ประเมินตรวจหลักฐาน ITA 2569" in render(result, "text")
    assert result.item("news").status == "complete"  # earlier evidence still counts


def test_before_the_deadline_or_without_one_the_date_of_the_check_decides(example):
    set_item(example, "annual_report", LATE_REPORT)
    assert assessment(example, today=dt.date(2026, 6, 1)).item("annual_report").status == "complete"
    before = assessment(example, today=dt.date(2026, 4, 20), deadline=dt.date(2026, 4, 30))
    assert before.item("annual_report").status == "stale"  # not published yet on 20 April
    assert not any("วันสุดท้ายที่ผู้ประเมิน" in n for n in before.notes)


# --- score and band ----------------------------------------------------------------------------------

def test_unconfirmed_grouping_shows_both_scores_and_what_the_band_means(example):
    set_item(example, "news", {})   # one item of 9.1 (4 items) fails
    report = check_json(example)
    scores = report["scores"]
    assert scores["grouping_confirmed"] is False
    # mean of sub-indicator means: 9.1 = 75 → ind 9 = (75 + 4 × 100) / 5 = 95; OIT = (95 + 100) / 2 = 97.5
    assert scores["oit"] == 97.5
    assert scores["oit_item_mean"] == 96.15  # 25 of 26
    assert "ITA รวม" in scores["band_meaning"]
    text = run_check(example).stdout
    assert "97.50 (ค่าเฉลี่ยของตัวชี้วัดย่อย) หรือ 96.15 (ค่าเฉลี่ยของทุกข้อ)" in text
    assert "ยังไม่ได้ยืนยันกับคู่มือ" in text
    assert "ระดับ AA: ระดับที่คะแนน ITA รวม (IIT EIT OIT) จะได้ ถ้าทุกตัวชี้วัดได้คะแนนเท่านี้" in text


# --- ITA 2570 ---------------------------------------------------------------------------------------

def test_check_2570_lists_the_items_and_says_the_catalogue_is_provisional():
    report = check_json(EXAMPLE, "--year", "2570", today="2026-12-05")
    assert report["ita_year"] == 2570 and len(report["items"]) == 26
    assert [item["id"] for item in report["items"]][:3] == ["O1", "O2", "O3"]
    assert "ฉบับชั่วคราว" in report["provisional_notice"] and "2569" in report["provisional_notice"]
    text = run_check(EXAMPLE, "--year", "2570", today="2026-12-05").stdout
    assert report["provisional_notice"] in text


# --- an academic year is not a fiscal year ------------------------------------------------------------

@pytest.mark.parametrize("expected, title, fields", [
    # a school-year report offered as last fiscal year's annual report: its date would pass, its year not
    ("stale", "รายงานผลการดำเนินงาน ปีการศึกษา 2567", {"date": "2568-06-01"}),
    ("stale", "รายงานผลการดำเนินงาน ปีการศึกษา ๒๕๖๘", {"date": "2569-04-01"}),
    ("stale", "รายงานผลการดำเนินงาน ปีการศึกษา พ.ศ. 2568", {"date": "2568-11-20"}),  # "พ.ศ. 2568" is not FY 2568
    # the stated fiscal year and a title that names only an academic year disagree
    ("stale", "รายงานผลการดำเนินงาน ปีการศึกษา 2567", {"fiscal_year": 2568, "date": "2568-11-20"}),
    # a fiscal-year report that also names the school year is judged on its fiscal year
    ("complete", "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568 (ปีการศึกษา 2567)", {"date": "2568-11-20"}),
])
def test_an_academic_year_report_is_not_the_fiscal_year_report(example, expected, title, fields):
    set_item(example, "annual_report", {"documents": [document(title, **fields)]})
    status, reasons, _ = verdict(example, "annual_report")
    assert status == expected, reasons
    if expected != "complete":
        assert "ปีการศึกษา" in reasons and "ไม่ใช่ปีงบประมาณ" in reasons and "(2568)" in reasons


def test_an_academic_year_document_does_not_leave_six_month_coverage_to_a_person(example):
    set_item(example, "proc_monthly", {"documents": [document("สรุปผลการจัดซื้อจัดจ้าง ปีการศึกษา 2568",
                                                              date="2569-04-09")]})
    status, reasons, _ = verdict(example, "proc_monthly")
    assert status != "complete"
    assert "ปีการศึกษา 2568" in reasons


# --- the title's coverage and the stated period disagree ----------------------------------------------

def test_a_one_month_title_with_a_six_month_period_is_not_complete(example):
    set_item(example, "proc_monthly", {"documents": [document(
        "สรุปผลการจัดซื้อจัดจ้างประจำเดือนมีนาคม 2569", date="2569-04-05", period="ต.ค. 68 - มี.ค. 69")]})
    status, reasons, result = verdict(example, "proc_monthly")
    assert status == "incomplete", reasons
    assert result.needs_human_check
    assert any(r.kind == "undecided" for r in result.reasons)
    # the reason names both what the title says and what the period says
    assert "มีนาคม 2569" in reasons and "ตุลาคม 2568" in reasons and "period" in reasons


def test_a_title_that_agrees_with_the_period_still_counts(example):
    set_item(example, "proc_monthly", {"documents": [
        document("สรุปผลการจัดซื้อจัดจ้าง ไตรมาสที่ 1/2569", date="2569-01-09", period="ต.ค. 68 - ธ.ค. 68"),
        document("สรุปผลการจัดซื้อจัดจ้าง ไตรมาสที่ 2/2569", date="2569-04-09", period="ม.ค. 69 - มี.ค. 69")]})
    status, reasons, result = verdict(example, "proc_monthly")
    assert status == "complete", reasons
    assert not result.needs_human_check


def test_a_six_month_title_with_a_whole_year_period_is_not_the_annual_report(example):
    set_item(example, "annual_report", {"documents": [document(
        "รายงานผลการดำเนินงาน รอบ 6 เดือน ปีงบประมาณ พ.ศ. 2568", date="2568-11-20",
        period="ต.ค. 67 - ก.ย. 68")]})
    status, reasons, _ = verdict(example, "annual_report")
    assert status == "stale", reasons
    assert "period" in reasons and "ชื่อเอกสาร" in reasons


# --- without the organisation's own hosts, well-known other hosts are still not its website ----------

NO_OWN_HOSTS = {"site_url": None, "main_site_url": None}


@pytest.mark.parametrize("expected, human, url", [
    ("incomplete", False, "https://www.facebook.com/tuayang/posts/123"),
    ("incomplete", False, "https://fb.com/tuayang/posts/123"),
    ("incomplete", False, "https://drive.google.com/file/d/abc/view"),
    ("incomplete", False, "https://docs.google.com/document/d/abc/edit"),
    ("incomplete", False, "https://tuayang.blogspot.com/2568/11/report.html"),
    ("incomplete", False, "https://www.youtube.com/watch?v=abc"),
    ("incomplete", False, "https://line.me/R/ti/p/@tuayang"),
    # a host of its own? nothing says: a person has to tell
    ("complete", True, "https://www.tuayang.go.th/files/annual-report-2568.pdf"),
])
def test_without_site_url_third_party_hosts_are_still_off_site(example, expected, human, url):
    set_item(example, "annual_report", {"documents": [{
        "title": "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568", "date": "2568-11-20", "url": url}]})
    status, reasons, result = verdict(example, "annual_report", site=dict(NO_OWN_HOSTS))
    assert status == expected, reasons
    assert result.needs_human_check == human, result.human_checks
    host = url.split("/")[2]
    if expected != "complete":
        assert result.reasons[0].kind == "offsite"  # the fix comes first, before what follows from it
        assert host in result.reasons[0].message and "site_url" in result.reasons[0].message
    else:
        assert any(host in f.message and "site_url" in f.message for f in result.human_checks)


# --- a late or future document among several: stale, and its date is the first reason ----------------

Q1 = document("สรุปผลการจัดซื้อจัดจ้าง ไตรมาสที่ 1/2569", date="2569-01-09")
Q2_MAY = document("สรุปผลการจัดซื้อจัดจ้าง ไตรมาสที่ 2/2569", date="2569-05-05")


@pytest.mark.parametrize("expected_kind, today, deadline", [
    ("late", dt.date(2026, 5, 15), dt.date(2026, 4, 30)),     # published after the evaluators' deadline
    ("future", dt.date(2026, 4, 25), dt.date(2026, 4, 30)),   # not yet published on the day of the check
    ("future", dt.date(2026, 4, 25), None),
])
def test_a_late_quarter_makes_the_item_stale_and_says_so_first(example, expected_kind, today, deadline):
    set_item(example, "proc_monthly", {"documents": [Q1, Q2_MAY]})
    result = assessment(example, today=today, deadline=deadline).item("proc_monthly")
    reasons = "\n".join(r.message for r in result.reasons)
    assert result.status == "stale", reasons
    assert result.reasons[0].kind == expected_kind, reasons
    assert "ไตรมาสที่ 2/2569" in result.reasons[0].message and "5 พฤษภาคม 2569" in result.reasons[0].message
    assert "ให้ระบุช่วงที่รายงาน (period:)" not in reasons


def test_a_late_report_beside_a_stale_one_names_the_late_one_first(example):
    set_item(example, "annual_report", {"documents": [
        document("รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2567", date="2567-11-20"),
        document("รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568", date="2569-05-10")]})
    result = assessment(example, today=dt.date(2026, 6, 1), deadline=dt.date(2026, 4, 30)).item("annual_report")
    assert result.status == "stale"
    assert result.reasons[0].kind == "late", [r.message for r in result.reasons]


# --- "nothing to report" dated after the evaluators' deadline ----------------------------------------

def test_a_statement_dated_after_the_deadline_is_late_not_in_the_future(example):
    set_item(example, "complaint_stats", {"nothing_to_report": {
        "reason": "ในปีงบประมาณ พ.ศ. 2569 ไม่มีเรื่องร้องเรียนการทุจริต", "date": "2569-05-02"}})
    result = assessment(example, today=dt.date(2026, 5, 15), deadline=dt.date(2026, 4, 30)).item("complaint_stats")
    reasons = "\n".join(r.message for r in result.reasons)
    assert result.status == "stale", reasons
    assert [r.kind for r in result.reasons] == ["late"], reasons
    assert "หลังวันสุดท้ายที่ผู้ประเมินตรวจหลักฐาน (30 เมษายน 2569)" in reasons
    assert "หลังวันที่ตรวจ" not in reasons
