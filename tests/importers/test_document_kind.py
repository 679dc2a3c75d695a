"""Know the document before parsing it: the wrong kind of document is refused with what it
looks like; a document that stops inside a table is imported with a 'truncated' warning."""

from __future__ import annotations

import pytest

from generator.importers.measures_text import import_measures_text
from generator.importers.plan_text import import_plan_text
from importer_kit import SEED_MEASURES, messages, write
from testkit import SEED002_PLAN, require_seed

# A plan written for these tests: an announcement, then the summary table.
PLAN = """ประกาศเทศบาลตำบลตัวอย่าง
เรื่อง ประกาศใช้แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส (พ.ศ. ๒๕๖๘ - ๒๕๗๐)

มิติ\tภารกิจตามมิติ\tโครงการ/กิจกรรม/มาตรการ\tปี ๒๕๖๘\tปี ๒๕๖๙\tปี ๒๕๗๐\tหมายเหตุ
๑. การสร้างวัฒนธรรมสุจริต\t๑.๑ การสร้างจิตสำนึก\t(๑) โครงการอบรมคุณธรรม\t๑๐,๐๐๐\t๑๐,๐๐๐\t๑๐,๐๐๐\t
\t\t(๒) มาตรการป้องกันผลประโยชน์ทับซ้อน\t-\t-\t-\t
\t\tรวม\t๑๐,๐๐๐\t๑๐,๐๐๐\t๑๐,๐๐๐\t
"""

REPORT = """รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส
เทศบาลตำบลตัวอย่าง ประจำปีงบประมาณ พ.ศ. ๒๕๖๘

ที่\tมาตรการ\tวิธีการดำเนินการ\tระยะเวลา\tผู้รับผิดชอบ\tผลการดำเนินการ
๑\tเปิดเผยข้อมูลสาธารณะ\tเผยแพร่ข้อมูลบนเว็บไซต์\tตลอดปีงบประมาณ\tสำนักปลัด\tเผยแพร่ครบทุกเดือน
๒\tป้องกันการรับสินบน\tประกาศนโยบายไม่รับของขวัญ\tต.ค. ๖๗\tทุกกอง\tประกาศแล้ว

(นางสาวตัวอย่าง ทดสอบ)
นักวิเคราะห์นโยบายและแผน
"""

ANNOUNCEMENT = """ประกาศเทศบาลตำบลตัวอย่าง
เรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๘

เพื่อให้การดำเนินงานเป็นไปตามแนวทางการประเมินคุณธรรมและความโปร่งใส (ITA) จึงกำหนดมาตรการดังนี้
๑. มาตรการเปิดเผยข้อมูล
๒. มาตรการป้องกันการรับสินบน

ประกาศ ณ วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๗
"""


def test_plan_given_to_import_measures_is_refused_saying_it_is_a_plan(tmp_path):
    report, problems = import_measures_text(write(tmp_path, "แผน.txt", PLAN), "แผน.txt")
    assert report == {}
    [error] = problems.errors
    assert "ดูเหมือนแผนปฏิบัติการ" in error.message and "บรรทัด 4" in error.message
    assert "prongsai import plan" in error.message


def test_report_given_to_import_plan_is_refused_saying_it_is_a_report(tmp_path):
    plan, problems = import_plan_text(write(tmp_path, "รายงาน.txt", REPORT), "รายงาน.txt")
    assert plan == {}
    [error] = problems.errors
    assert "ดูเหมือนรายงานการดำเนินการมาตรการ" in error.message and "prongsai import measures" in error.message


@pytest.mark.parametrize("importer", [import_plan_text, import_measures_text])
def test_an_announcement_is_refused_by_both(importer, tmp_path):
    data, problems = importer(write(tmp_path, "ประกาศ.txt", ANNOUNCEMENT), "ประกาศ.txt")
    assert data == {}
    [error] = problems.errors
    assert "ดูเหมือนประกาศ" in error.message and "บรรทัด 2" in error.message


def test_the_right_kind_is_not_refused(tmp_path):
    plan, problems = import_plan_text(write(tmp_path, "แผน.txt", PLAN), "แผน.txt")
    assert not problems.errors, messages(problems)
    report, problems = import_measures_text(write(tmp_path, "รายงาน.txt", REPORT), "รายงาน.txt")
    assert not problems.errors and len(report["measures"]) == 2


def test_seed_plan_cut_after_its_summary_is_not_taken_for_measures(tmp_path):
    lines = require_seed(SEED002_PLAN).read_text(encoding="utf-8").split("\n")
    end = next(i for i, line in enumerate(lines) if line.startswith("ลำดับที่"))
    cut = write(tmp_path, "cut.txt", "\n".join(lines[:end]))
    report, problems = import_measures_text(cut, "cut.txt")
    assert report == {} and "ดูเหมือนแผนปฏิบัติการ" in problems.errors[0].message


def test_seed_report_is_refused_by_import_plan():
    plan, problems = import_plan_text(require_seed(SEED_MEASURES), "000.txt")
    assert plan == {} and "ดูเหมือนรายงาน" in problems.errors[0].message


# --- truncated documents ---------------------------------------------------------------------

def test_report_ending_on_a_table_row_is_reported_as_truncated(tmp_path):
    cut = REPORT.split("\n(")[0].rstrip() + "\n"
    report, problems = import_measures_text(write(tmp_path, "cut.txt", cut), "cut.txt")
    assert len(report["measures"]) == 2
    warnings = [w for w in problems.warnings if "ถูกตัด" in w.message]
    assert len(warnings) == 1 and warnings[0].line == 6


def test_complete_report_is_not_reported_as_truncated(tmp_path):
    _, problems = import_measures_text(write(tmp_path, "r.txt", REPORT), "r.txt")
    assert not [w for w in problems.warnings if "ถูกตัด" in w.message]


def test_plan_ending_inside_its_summary_table_is_reported_as_truncated(tmp_path):
    cut = "\n".join(PLAN.strip().split("\n")[:-1])      # without the total row
    _, problems = import_plan_text(write(tmp_path, "cut.txt", cut), "cut.txt")
    assert [w.line for w in problems.warnings if "ถูกตัด" in w.message] == [6]
    _, problems = import_plan_text(write(tmp_path, "full.txt", PLAN), "full.txt")
    assert not [w for w in problems.warnings if "ถูกตัด" in w.message]


def test_seed_plan_ending_inside_a_detail_sheet_is_reported_as_truncated(tmp_path):
    lines = require_seed(SEED002_PLAN).read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("ลำดับที่"))
    objectives = next(i for i in range(start, len(lines)) if lines[i].startswith("๓."))
    cut = write(tmp_path, "cut.txt", "\n".join(lines[:objectives + 2]))
    _, problems = import_plan_text(cut, "cut.txt")
    assert [w for w in problems.warnings if "ถูกตัด" in w.message and "หัวข้อ 3" in w.message]
