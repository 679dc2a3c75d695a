"""Every status with its Thai reason and the file:line it looked at, on small data folders
built from tests/fixtures/mini (ITA 2569 = FY 2569: 1 Oct 2568 – 30 Sep 2569 BE)."""

from __future__ import annotations

import pytest

from readiness_kit import (MINI, by_key, check_json, copy_data, edit_yaml, line_number, messages, read_yaml,
                           wheres)

DOC = "files/plan.pdf"  # a real PDF of the mini fixture


@pytest.fixture
def mini(tmp_path):
    return copy_data(MINI, tmp_path / "mini")


def set_items(data, **items):
    def change(oit):
        oit["items"].update(items)
    edit_yaml(data / "oit" / "2569.yaml", change)


def item(report, key):
    return by_key(report)[key]


# --- complete and missing ---------------------------------------------------------------------

def test_generated_page_and_nothing_to_report_are_complete(mini):
    report = check_json(mini)
    contact = item(report, "contact_qa")  # no entry in oit/2569.yaml: the catalogue's page organisation/contact
    assert contact["status"] == "complete"
    assert contact["pages"] == ["organisation/contact"]
    assert all(c["state"] == "met" for c in contact["components"])
    assert any("mini/organisation.yaml:" in w for w in contact["reasons"][0]["where"])
    stats = item(report, "complaint_stats")  # only "nothing to report", dated in FY 2569 about FY 2568
    assert stats["status"] == "complete" and stats["score"] == 100
    assert stats["period"]["state"] == "met"


def test_missing_item_says_so_and_points_at_the_evidence_file(mini):
    report = check_json(mini)
    news = item(report, "news")
    assert news["status"] == "missing" and news["score"] == 0
    assert "ยังไม่มีหลักฐาน" in messages(news) and "nothing_to_report" in messages(news)
    assert news["reasons"][0]["where"] == [f"mini/oit/2569.yaml:{line_number(mini / 'oit' / '2569.yaml', 'items:')}"]


def test_a_note_alone_is_missing(mini):
    set_items(mini, news={"note": "มีข่าวอยู่ในหน้าเฟซบุ๊ก"})
    news = item(check_json(mini), "news")
    assert news["status"] == "missing"
    assert "มีเพียงคำอธิบาย" in messages(news)


def test_generated_page_counts_only_with_its_data(mini):
    def no_executives(org):
        del org["executives"]
    edit_yaml(mini / "organisation.yaml", no_executives)
    set_items(mini, executives={"note": "ดูหน้าผู้บริหาร", "pages": ["organisation/executives"]})
    executives = item(check_json(mini), "executives")
    assert executives["status"] == "missing"
    assert executives["pages"] == []


# --- incomplete -------------------------------------------------------------------------------

def test_executive_without_photo_or_contact_is_incomplete(mini):
    def no_phone(org):
        del org["executives"]["political"][0]["phone"]
    edit_yaml(mini / "organisation.yaml", no_phone)
    executives = item(check_json(mini), "executives")
    assert executives["status"] == "incomplete"
    text = messages(executives)
    assert "ไม่มีรูปถ่าย: นางสาวตัวอย่าง ขยัน" in text        # the permanent side has no photo in mini
    assert "ไม่มีโทรศัพท์หรืออีเมล: นายทดสอบ ใจดี" in text
    org = mini / "organisation.yaml"
    assert f"mini/organisation.yaml:{line_number(org, 'นางสาวตัวอย่าง ขยัน')}" in wheres(executives)
    assert f"mini/organisation.yaml:{line_number(org, 'นายทดสอบ ใจดี')}" in wheres(executives)
    states = {c["id"]: c["state"] for c in executives["components"]}
    assert states == {"name_position": "met", "photo": "not_met", "contact": "not_met"}


def test_structure_without_the_political_side_is_incomplete(mini):
    def one_side(org):
        del org["structure"]["political"]
    edit_yaml(mini / "organisation.yaml", one_side)
    structure = item(check_json(mini), "structure_authority")
    assert structure["status"] == "incomplete"
    both = next(c for c in structure["components"] if c["check"] == "structure.both_sides")
    assert both["state"] == "not_met" and "ฝ่ายการเมือง" in both["message"]
    assert "ฝ่ายการเมือง" in messages(structure)


def test_chart_alone_passes_both_sides_only_with_a_human_check(mini):
    def chart_only(org):
        del org["structure"]["political"]
        org["structure"]["chart"] = "files/mayor.png"
    edit_yaml(mini / "organisation.yaml", chart_only)
    structure = item(check_json(mini), "structure_authority")
    assert structure["status"] == "complete"
    assert structure["needs_human_check"] is True
    assert any("แผนผังโครงสร้างแสดงครบทั้งฝ่ายการเมืองและฝ่ายข้าราชการประจำ" in h["message"]
               for h in structure["human_checks"])


def test_missing_attachment_is_incomplete_and_the_check_still_runs(mini):
    set_items(mini, annual_report={"documents": [
        {"title": "รายงานผลการดำเนินงานประจำปี 2568", "fiscal_year": 2568, "file": "files/ไม่มีไฟล์นี้.pdf"}]})
    annual = item(check_json(mini), "annual_report")
    assert annual["status"] == "incomplete"
    assert "อ้างไฟล์หรือลิงก์ 'files/ไม่มีไฟล์นี้.pdf' ที่ไม่มีอยู่" in messages(annual)


def test_nothing_to_report_does_not_replace_a_required_document(mini):
    set_items(mini, annual_report={"nothing_to_report": {"reason": "ยังไม่ได้จัดทำ", "date": "2568-10-10"}})
    annual = item(check_json(mini), "annual_report")
    assert annual["status"] == "incomplete"
    assert "ต้องมีเอกสาร" in messages(annual)


# --- stale ------------------------------------------------------------------------------------

def test_report_of_the_wrong_fiscal_year_is_stale(mini):
    set_items(mini, annual_report={"documents": [
        {"title": "รายงานผลการดำเนินงานประจำปีงบประมาณ 2567", "fiscal_year": 2567, "file": DOC}]})
    annual = item(check_json(mini), "annual_report")
    assert annual["status"] == "stale"
    assert "ปีงบประมาณ 2567" in messages(annual) and "(2568)" in messages(annual)
    assert {r["kind"] for r in annual["reasons"]} == {"stale"}
    line = line_number(mini / "oit" / "2569.yaml", "รายงานผลการดำเนินงานประจำปีงบประมาณ 2567")
    assert f"mini/oit/2569.yaml:{line}" in wheres(annual)


def test_document_dated_after_today_is_not_yet_published(mini):
    set_items(mini, news={"documents": [
        {"title": "ข่าวกิจกรรมเดือนพฤษภาคม", "date": "2569-05-02", "url": "https://www.test.go.th/news/1"}]})
    news = item(check_json(mini), "news")
    assert news["status"] == "stale"
    assert {r["kind"] for r in news["reasons"]} == {"future"}
    assert "หลังวันที่ตรวจ (20 เมษายน 2569)" in messages(news)
    # the same data checked after that date is complete: results depend on --today only
    assert item(check_json(mini, today="2026-05-10"), "news")["status"] == "complete"


def test_nothing_to_report_dated_after_today_is_stale_for_that_reason(mini):
    set_items(mini, complaint_stats={"nothing_to_report": {
        "reason": "ไม่มีเรื่องร้องเรียนการทุจริตในปีงบประมาณ พ.ศ. 2568", "date": "2569-06-01"}})
    stats = item(check_json(mini), "complaint_stats")
    assert stats["status"] == "stale"
    assert [r["kind"] for r in stats["reasons"]] == ["future"]
    assert "1 มิถุนายน 2569 หลังวันที่ตรวจ" in messages(stats)
    assert not any("ระบุวันที่" in h["message"] for h in stats.get("human", [])), stats.get("human")


def test_plan_that_does_not_cover_the_year_is_stale(mini):
    text = (mini / "plan.yaml").read_text(encoding="utf-8").replace("end_year: ๒๕๗๐", "end_year: 2568")
    (mini / "plan.yaml").write_text(text, encoding="utf-8")
    set_items(mini, ac_plan={"pages": ["plan"]})
    plan = item(check_json(mini), "ac_plan")
    assert plan["status"] == "stale"
    assert "ไม่ครอบคลุมปีงบประมาณ 2569" in messages(plan)
    assert any(w.startswith("mini/plan.yaml:") for w in wheres(plan))


# --- the 6-month window (October–March) -------------------------------------------------------

def proc(*documents):
    return {"documents": [
        {"title": title, "date": date, "period": period, "file": DOC} for title, date, period in documents]}


def test_q1_and_q2_together_cover_october_to_march(mini):
    set_items(mini, proc_monthly=proc(("ไตรมาส 1", "2569-01-09", "ต.ค. 68 - ธ.ค. 68"),
                                      ("ไตรมาส 2", "2569-04-09", "ม.ค. 69 - มี.ค. 69")))
    assert item(check_json(mini), "proc_monthly")["status"] == "complete"


def test_q1_alone_does_not_cover_october_to_march(mini):
    set_items(mini, proc_monthly=proc(("ไตรมาส 1", "2569-01-09", "ต.ค. 68 - ธ.ค. 68")))
    monthly = item(check_json(mini), "proc_monthly")
    assert monthly["status"] == "incomplete"
    assert "ตุลาคม–มีนาคม" in messages(monthly)


def test_six_month_report_dated_before_31_march_is_incomplete(mini):
    set_items(mini, proc_monthly=proc(("สรุป ต.ค.–มี.ค.", "2569-03-15", "ต.ค. 68 - มี.ค. 69")))
    monthly = item(check_json(mini, today="2026-03-20"), "proc_monthly")
    assert monthly["status"] == "incomplete"
    assert "ก่อนสิ้นรอบ (31 มีนาคม 2569)" in messages(monthly)
    assert any("ยังไม่สิ้นรอบ 6 เดือนแรก" in n["message"] for n in monthly["notes"])


def test_six_month_report_of_last_year_is_stale(mini):
    set_items(mini, proc_monthly=proc(("สรุป ต.ค. 67–มี.ค. 68", "2568-04-09", "ต.ค. 67 - มี.ค. 68")))
    assert item(check_json(mini), "proc_monthly")["status"] == "stale"


# --- human checks -----------------------------------------------------------------------------

def test_component_without_check_is_listed_for_a_human_and_counts_only_with_evidence(mini):
    report = check_json(mini)
    hr = item(report, "hr_criteria_plan")
    assert hr["status"] == "missing" and hr["human_checks"] == []
    assert report["scores"]["sub_indicators"]["9.5"] == 0.0
    set_items(mini, hr_criteria_plan={"documents": [
        {"title": "แผนการบริหารและพัฒนาทรัพยากรบุคคล 2569", "fiscal_year": 2569, "file": DOC}]})
    report = check_json(mini)
    hr = item(report, "hr_criteria_plan")
    assert hr["status"] == "complete" and hr["score"] == 100
    assert hr["needs_human_check"] is True
    human = [h["message"] for h in hr["human_checks"]]
    assert "ต้องให้เจ้าหน้าที่ตรวจ: แผนการบริหารทรัพยากรบุคคลของปีงบประมาณที่ประเมิน" in human
    assert "ต้องให้เจ้าหน้าที่ตรวจ: แผนพัฒนาทรัพยากรบุคคลของปีงบประมาณที่ประเมิน" in human
    assert [c["state"] for c in hr["components"]] == ["met", "human", "human"]
    assert report["scores"]["sub_indicators"]["9.5"] == 33.33  # 1 of 3 items


def test_undated_evidence_cannot_be_checked_against_the_window(mini):
    set_items(mini, news={"links": [{"title": "หมวดข่าว", "url": "https://www.test.go.th/news/"}]})
    news = item(check_json(mini), "news")
    assert news["status"] == "complete"
    assert news["period"]["state"] == "human"
    assert any("ปีงบประมาณที่ประเมิน (2569)" in h["message"] for h in news["human_checks"])


def test_unknown_item_key_is_pointed_out(mini):
    set_items(mini, service_guide={"documents": [{"title": "คู่มือประชาชน", "file": DOC}]})
    report = check_json(mini)
    assert any("ไม่มีข้อ 'service_guide'" in note and "service_manual" in note for note in report["notes"])
    assert "หมายถึง 'service_manual'" in messages(item(report, "service_manual"))


def test_catalogue_is_read_from_data_not_code(mini):
    """Every item of the catalogue gets a result, with its components in catalogue order."""
    report = check_json(mini)
    catalogue = read_yaml(MINI.parents[2] / "generator" / "catalogues" / "ita-2569.yaml")
    items = [i for ind in catalogue["indicators"] for sub in ind["sub_indicators"] for i in sub["items"]]
    assert [i["key"] for i in items] == [r["key"] for r in report["items"]]
    for entry, result in zip(items, report["items"]):
        assert [c["id"] for c in entry["components"]] == [c["id"] for c in result["components"]]
        assert [c.get("check") for c in entry["components"]] == [c["check"] for c in result["components"]]
