"""On the example organisation (data/) the check reports 100 for ITA 2569 as of 20 April 2569;
removing or back-dating the evidence of chosen items makes exactly those items fail, with the
right reason. The example is edited as YAML in a temporary copy (data/ is never touched)."""

from __future__ import annotations

import pytest

from readiness_kit import (EXAMPLE, by_key, check_json, copy_data, edit_yaml, failing, line_number, messages,
                           read_yaml, wheres)


@pytest.fixture
def example(tmp_path):
    return copy_data(EXAMPLE, tmp_path / "data")


def oit(data):
    return data / "oit" / "2569.yaml"


def test_example_scores_100_for_2569():
    report = check_json(EXAMPLE)
    assert report["ita_year"] == 2569
    assert failing(report) == {}
    assert report["scores"]["oit"] == 100.0 and report["scores"]["band"] == "AA"
    assert set(report["scores"]["indicators"].values()) == {100.0}
    assert len(report["items"]) == 26


def test_example_scores_100_for_2568_with_last_years_risk_document():
    """plan.yaml holds this year's risk table only; 2568's assessment is a published document."""
    report = check_json(EXAMPLE, "--year", "2568", today="2025-04-20")
    assert failing(report) == {}
    assert report["scores"]["oit"] == 100.0


def test_yaml_round_trip_alone_changes_nothing(example):
    """The edits below rewrite files with PyYAML: that alone must not change any result."""
    edit_yaml(oit(example), lambda data: None)
    edit_yaml(example / "organisation.yaml", lambda data: None)
    assert failing(check_json(example)) == {}


def test_executive_without_photo_fails_only_executives(example):
    org = read_yaml(example / "organisation.yaml")
    person = org["executives"]["political"][1]

    def drop_photo(data):
        del data["executives"]["political"][1]["photo"]
    edit_yaml(example / "organisation.yaml", drop_photo)
    report = check_json(example)
    assert failing(report) == {"executives": "incomplete"}
    executives = by_key(report)["executives"]
    assert f"ไม่มีรูปถ่าย: {person['name']}" in messages(executives)
    line = line_number(example / "organisation.yaml", person["name"])
    assert f"data/organisation.yaml:{line}" in wheres(executives)
    assert report["scores"]["sub_indicators"]["9.1"] == 75.0


def test_back_dated_annual_report_is_stale(example):
    def back_date(data):
        for document in data["items"]["annual_report"]["documents"]:
            document["fiscal_year"] = 2567
            document["date"] = "2567-11-20"
    edit_yaml(oit(example), back_date)
    report = check_json(example)
    assert failing(report) == {"annual_report": "stale"}
    annual = by_key(report)["annual_report"]
    assert "ปีงบประมาณ 2567" in messages(annual)
    assert "ต้องเป็นข้อมูลของปีงบประมาณที่ผ่านมา (2568)" in messages(annual)
    assert all(w.startswith("data/oit/2569.yaml:") for w in wheres(annual))


def test_removed_item_is_missing(example):
    edit_yaml(oit(example), lambda data: data["items"].pop("news"))
    report = check_json(example)
    assert failing(report) == {"news": "missing"}
    assert by_key(report)["news"]["reasons"][0]["kind"] == "missing"


def test_several_failures_and_the_projected_score(example):
    def structure(data):
        del data["structure"]["political"]
        del data["structure"]["chart"]

    def evidence(data):
        for document in data["items"]["hr_report"]["documents"]:
            document["fiscal_year"] = 2566
            document["date"] = "2566-10-30"
        del data["items"]["ethics"]
    edit_yaml(example / "organisation.yaml", structure)
    edit_yaml(oit(example), evidence)
    report = check_json(example)
    assert failing(report) == {"structure_authority": "incomplete", "hr_report": "stale", "ethics": "missing"}
    reasons = messages(by_key(report)["structure_authority"])
    assert "ฝ่ายการเมือง" in reasons and "แผนผังโครงสร้าง" in reasons
    # 9.1 = 3/4 = 75; 9.5 = 1/3 = 33.33; 9 = (75 + 100 + 100 + 100 + 33.33…) / 5 = 81.67; 10 = 100
    scores = report["scores"]
    assert scores["sub_indicators"]["9.1"] == 75.0
    assert scores["sub_indicators"]["9.5"] == 33.33
    assert scores["indicators"] == {"9": 81.67, "10": 100.0}
    assert (scores["oit"], scores["band"]) == (90.83, "A")


def test_six_month_item_before_the_end_of_march(example):
    """Checked on 20 March 2569, the October–March procurement summary cannot be complete yet."""
    report = check_json(example, today="2026-03-20")
    monthly = by_key(report)["proc_monthly"]
    assert monthly["status"] == "incomplete"
    assert any("ยังไม่สิ้นรอบ 6 เดือนแรก" in n["message"] for n in monthly["notes"])
