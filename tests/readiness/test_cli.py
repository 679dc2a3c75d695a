"""`prongsai check`: the JSON other tools read, the exit codes CI relies on, the text and
Markdown an officer reads, and the note when the day of the check is outside the fiscal year."""

from __future__ import annotations

import json

import pytest

from generator.readiness.rules import RULES
from readiness_kit import EXAMPLE, MINI, REPO, check_json, read_yaml, run_check, run_prongsai


def test_every_vocabulary_check_has_a_rule():
    vocabulary = read_yaml(REPO / "generator" / "catalogues" / "vocabulary.yaml")
    assert set(RULES) == set(vocabulary["checks"])


def test_json_shape():
    report = check_json(MINI)
    assert {"items", "scores", "ita_year", "today", "notes", "counts", "problems"} <= set(report)
    assert report["today"] == "2026-04-20"
    assert report["fiscal_window"] == ["2025-10-01", "2026-09-30"]
    scores = report["scores"]
    assert {"oit", "band", "indicators", "sub_indicators"} <= set(scores)
    assert set(scores["indicators"]) == {"9", "10"}
    assert set(scores["sub_indicators"]) == {"9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"}
    assert len(report["items"]) == 26
    for item in report["items"]:
        assert {"id", "key", "status", "reasons", "score", "components", "period", "human_checks"} <= set(item)
        assert item["status"] in {"complete", "incomplete", "stale", "missing"}
        assert item["score"] == (100 if item["status"] == "complete" else 0)
        assert item["reasons"], item["key"]
        for reason in item["reasons"]:
            assert reason["message"] and isinstance(reason["where"], list)
    assert report["items"][1]["id"] == "O2" and report["items"][1]["key"] == "executives"
    counts = report["counts"]
    assert sum(counts[s] for s in ("complete", "incomplete", "stale", "missing")) == 26


@pytest.mark.slow
def test_fail_under_exit_codes():
    # the mini fixture scores 19.46 (5 of 26 items complete, 19.23 as a plain mean): indicator 9 = 5.00; indicator 10 = (10.1 1/4 = 25 + 10.2 3/7 = 42.86) / 2
    # (O25 needs the measures of the assessed year since the catalogue correction; mini has 2568's)
    low = run_check(MINI, "--fail-under", "85")
    assert low.returncode == 1
    assert "19.46" in low.stderr and "ต่ำกว่าเกณฑ์ 85" in low.stderr
    assert run_check(MINI, "--fail-under", "19.46").returncode == 0
    assert run_check(MINI, "--fail-under", "19.47").returncode == 1
    assert run_check(EXAMPLE, "--fail-under", "๑๐๐").returncode == 0   # Thai digits; 100 ≥ 100
    assert run_check(MINI).returncode == 0                              # no threshold: report only


@pytest.mark.parametrize("args", [("--fail-under", "ร้อย"), ("--fail-under", "120"), ("--format", "html"),
                                  ("--today", "31/02/2569")])
def test_wrong_usage_is_exit_2_with_a_thai_message(args):
    result = run_check(MINI, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_missing_data_folder_is_a_clear_error(tmp_path):
    result = run_check(tmp_path / "ไม่มี")
    assert result.returncode == 1
    assert "ไม่พบโฟลเดอร์ข้อมูล" in result.stderr


def test_unknown_year_is_a_clear_error():
    result = run_check(MINI, "--year", "2567")
    assert result.returncode == 1
    assert "ไม่มีบัญชีรายการ OIT ของปี 2567" in result.stderr


def test_text_report_lists_failing_items_with_reasons_and_places():
    result = run_check(MINI)
    out = result.stdout
    assert "คะแนน OIT ที่คาดว่าจะได้: 19.46 (ค่าเฉลี่ยของตัวชี้วัดย่อย) หรือ 19.23 (ค่าเฉลี่ยของทุกข้อ)" in out
    assert "ระดับ F: ระดับที่คะแนน ITA รวม (IIT EIT OIT) จะได้ ถ้าทุกตัวชี้วัดได้คะแนนเท่านี้" in out
    assert "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล: 5.00" in out
    assert "✘ O2 ข้อมูลผู้บริหาร [incomplete: ไม่ครบ]" in out
    assert "ไม่มีรูปถ่าย: นางสาวตัวอย่าง ขยัน" in out
    assert "mini/organisation.yaml:" in out
    assert "ข้อที่จะได้ 0 คะแนน (21 ข้อ)" in out


def test_text_report_names_human_checks():
    out = run_check(EXAMPLE).stdout
    assert "ต้องให้เจ้าหน้าที่ตรวจ (" in out
    assert "? O13 หลักเกณฑ์และแผนการบริหารและพัฒนาทรัพยากรบุคคล" in out
    assert "ไม่มีข้อที่จะได้ 0 คะแนน" in out


def test_markdown_report():
    out = run_check(MINI, "--format", "markdown").stdout
    assert out.startswith("# ความพร้อมการประเมิน ITA 2569 (OIT)")
    assert "| O2 | ข้อมูลผู้บริหาร | ✘ incomplete (ไม่ครบ) |" in out
    assert "19.46 (ค่าเฉลี่ยของตัวชี้วัดย่อย)" in out


def test_today_after_the_fiscal_year_is_noted_and_the_year_is_still_fy_2569():
    report = check_json(EXAMPLE, today="2026-11-02")
    assert any("พ้นปีงบประมาณ 2569 แล้ว" in note and "--year 2570" in note for note in report["notes"])
    assert report["scores"]["oit"] == 100.0  # still judged against FY 2569


def test_today_before_the_fiscal_year_is_noted():
    report = check_json(EXAMPLE, today="2025-08-01")
    assert any("ยังไม่ถึงปีงบประมาณที่ประเมิน" in note for note in report["notes"])
    statuses = {item["status"] for item in report["items"]}
    assert "stale" in statuses  # this year's documents are not published yet


def test_today_defaults_to_prongsai_today():
    result = run_prongsai("check", "--data", str(MINI), "--format", "json", env={"PRONGSAI_TODAY": "2026-04-21"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["today"] == "2026-04-21"


def test_other_catalogue_year(tmp_path):
    report = check_json(EXAMPLE, "--year", "2568", today="2025-04-20")
    assert report["ita_year"] == 2568
    assert report["items"][0]["id"] == "o1"  # 2568 writes o1, 2569 O1
