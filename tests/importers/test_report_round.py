"""`prongsai import measures`: the round a report covers (6 or 12 months), from its heading's
words or its coverage, so that the six-month and annual reports of a year are kept apart."""

from __future__ import annotations

import pytest

from generator.importers import validate_data
from generator.importers.measures_text import import_measures_text
from importer_kit import messages, write

TABLE = ("มาตรการ\tวิธีการ\tผู้รับผิดชอบ\tระยะเวลา\tผลการดำเนินการ\n"
         "1. มาตรการเปิดเผยข้อมูล\tเผยแพร่บนเว็บไซต์\tสำนักปลัด\tต.ค. 67 - มี.ค. 68\tเผยแพร่แล้ว\n")


@pytest.mark.parametrize("heading, found", [
    ("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส\nประจำปีงบประมาณ พ.ศ. ๒๕๖๘ (รอบ ๖ เดือน)", "6 เดือน"),
    ("รายงานผลการดำเนินการตามมาตรการ ประจำปีงบประมาณ พ.ศ. 2568\n(รอบ 6 เดือน ตุลาคม 2567 – มีนาคม 2568)", "6 เดือน"),
    ("รายงานผลการดำเนินการตามมาตรการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ (รอบ ๑๒ เดือน)", "12 เดือน"),
    ("รายงานผลการดำเนินการตามมาตรการ ประจำปีงบประมาณ พ.ศ. 2568\n(รอบ 12 เดือน ตุลาคม 2567 – กันยายน 2568)", "12 เดือน"),
    ("รายงานผลการดำเนินการตามมาตรการ ประจำปีงบประมาณ พ.ศ. 2568", None),
], ids=["six-words", "six-months-named", "twelve-words", "twelve-months-named", "unsaid"])
def test_round_from_the_heading(tmp_path, heading, found):
    report, problems = import_measures_text(write(tmp_path, "r.txt", f"{heading}\n\n{TABLE}"), "r.txt")
    assert not problems.errors, messages(problems)
    assert report.get("round") == found
    checked, _ = validate_data("measures", report, "m.yaml")
    assert not checked.errors, messages(checked)


def test_round_from_a_memo_subject_when_the_report_has_no_heading_of_its_own(tmp_path):
    memo = ("บันทึกข้อความ\nส่วนราชการ สำนักปลัด\nที่ ทดสอบ ๑/๒๕๖๘ วันที่ ๒ เมษายน ๒๕๖๘\n"
            "เรื่อง รายงานผลการดำเนินการตามมาตรการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ (รอบ ๖ เดือน)\n"
            "เรียน นายก\nจึงเรียนมาเพื่อโปรดทราบ\n\n")
    report, problems = import_measures_text(write(tmp_path, "r.txt", memo + TABLE), "r.txt")
    assert not problems.errors, messages(problems)
    assert report["round"] == "6 เดือน"
