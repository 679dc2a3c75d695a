"""`prongsai validate` warns, on the example data, where an evaluator would give 0 for a reason
the data itself shows: a "nothing to report" statement on an item that does not accept one,
a document whose title names another year, an October–March round the files do not cover
(only once the round has ended: before that there is nothing to fix yet)."""

from __future__ import annotations

import pytest

from readiness_kit import EXAMPLE, copy_data, edit_yaml, line_number, run_prongsai


@pytest.fixture
def example(tmp_path):
    return copy_data(EXAMPLE, tmp_path / "data")


def oit(data):
    return data / "oit" / "2569.yaml"


def warnings_of(data) -> list[str]:
    result = run_prongsai("validate", "--data", str(data), "--year", "2569")
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in (result.stdout + result.stderr).splitlines() if "คำเตือน" in line and "2569.yaml" in line]


def set_item(data, key, evidence):
    edit_yaml(oit(data), lambda record: record["items"].__setitem__(key, evidence))


def test_the_example_has_no_warning_for_2569(example):
    assert warnings_of(example) == []


@pytest.mark.parametrize("warned, key", [(True, "news"), (True, "participation"), (False, "complaint_stats")])
def test_nothing_to_report_only_where_the_item_accepts_it(example, warned, key):
    set_item(example, key, {"nothing_to_report": {"reason": "ไม่มี", "date": "2568-10-07"}})
    found = [w for w in warnings_of(example) if f"items.{key}.nothing_to_report" in w]
    assert bool(found) == warned, found
    if warned:
        line = line_number(oit(example), f"{key}:")
        assert found[0].startswith(f"{oit(example)}:{line}:") or f"2569.yaml:{line}:" in found[0]
        assert "ไม่รับคำชี้แจงว่าไม่มีข้อมูลที่ต้องรายงาน" in found[0]


def test_a_title_of_another_year_is_warned_with_the_year_found(example):
    set_item(example, "annual_report", {"documents": [
        {"title": "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. ๒๕๖๗", "date": "2568-11-20",
         "file": "files/2569/o7-annual-report-2568.pdf"}]})
    found = [w for w in warnings_of(example) if "items.annual_report.documents" in w]
    assert len(found) == 1
    assert "ปีงบประมาณ 2567 (จากชื่อเอกสาร)" in found[0] and "(2568)" in found[0]


@pytest.mark.parametrize("warned, as_of", [(True, "2569-04-20"), (False, "2569-02-15")])
def test_an_uncovered_round_is_warned_only_once_it_has_ended(example, warned, as_of):
    def q1_only(record):
        record["as_of"] = as_of
        record["items"]["proc_monthly"]["documents"] = record["items"]["proc_monthly"]["documents"][:1]
    edit_yaml(oit(example), q1_only)
    found = [w for w in warnings_of(example) if "items.proc_monthly.documents" in w]
    assert bool(found) == warned, found
    if warned:
        assert "ยังไม่ครอบคลุมตุลาคม–มีนาคม" in found[0]
