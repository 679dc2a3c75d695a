"""Excel template and round trip: YAML → Excel → YAML loses nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.importers import validate_data
from generator.importers.measures_text import import_measures_text
from generator.importers.plan_text import import_plan_text
from generator.importers.xlsx import import_xlsx, write_template_xlsx, write_workbook
from importer_kit import messages

OIT = {
    "ita_year": 2569,
    "as_of": "1 มีนาคม 2569",
    "items": {
        "basic_info": {"note": ["หน้าข้อมูลพื้นฐาน", "ย่อหน้าที่สอง\nมีขึ้นบรรทัดใหม่"],
                       "pages": ["organisation", "organisation/structure"]},
        "complaints": {"nothing_to_report": {"reason": "ไม่มีเรื่องร้องเรียนการทุจริตในปีงบประมาณ พ.ศ. 2568",
                                             "date": "30 กันยายน 2568"}},
        "empty_item": {},
        "reports": {
            "documents": [
                {"title": "รายงาน 6 เดือน", "date": "31 มีนาคม 2569", "fiscal_year": 2569,
                 "period": {"text": "ต.ค. 68 - มี.ค. 69", "start": "1 ตุลาคม 2568", "end": "31 มีนาคม 2569"},
                 "url": "https://example.go.th/r.pdf", "summary": ["สรุป"]},
                {"title": "=SUM(A1) ไม่ใช่สูตร", "period": "ปีงบประมาณ 2569", "url": "https://example.go.th/x"},
            ],
            "links": [{"title": "หน้าเว็บ", "url": "https://example.go.th/", "description": "คำอธิบาย"}],
        },
    },
}


def _round_trip(kind, data, tmp_path):
    path = write_workbook(kind, data, tmp_path / f"{kind}.xlsx")
    results = import_xlsx(path, f"{kind}.xlsx")
    assert [r[0] for r in results] == [kind]
    _, back, problems = results[0]
    assert not problems.errors, messages(problems)
    return back


def test_plan_round_trip_seed(seed_plan, tmp_path):
    plan, _ = import_plan_text(seed_plan)
    assert _round_trip("plan", plan, tmp_path) == plan


def test_measures_round_trip_seed(seed_measures, tmp_path):
    report, _ = import_measures_text(seed_measures)
    assert _round_trip("measures", report, tmp_path) == report


def test_oit_round_trip(tmp_path):
    assert _round_trip("oit", OIT, tmp_path) == OIT


def test_normalised_data_round_trip(seed002, tmp_path):
    """Data as the validator normalises it (dates, periods, Paragraphs) survives Excel too."""
    from generator.load import parse_yaml_text

    def plain(value):
        if isinstance(value, dict):
            return {plain(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        for kind in (bool, int, float, str):
            if isinstance(value, kind):
                return kind(value)
        return value

    # read as the data folder is read (YAML 1.2 booleans: the key 'no' stays 'no')
    plan = plain(parse_yaml_text((seed002 / "plan.yaml").read_text(encoding="utf-8")))
    plan["announcement"]["date"] = dt.date(2022, 9, 29)          # a YAML date
    plan["introduction"] = "ย่อหน้าเดียวเป็นข้อความ"                 # Paragraphs written as one string
    report = {"title": "รายงาน", "fiscal_year": 2568, "coverage": "ต.ค. 67 - มี.ค. 68",
              "measures": [{"title": "ก", "period": "ต.ค. 67 - มี.ค. 68", "method": "ข้อความเดียว"}]}
    for kind, data in (("plan", plan), ("measures", report), ("oit", OIT)):
        problems, normalised = validate_data(kind, data, "x.yaml")
        assert not problems.errors, messages(problems)
        back = _round_trip(kind, normalised, tmp_path)
        problems, again = validate_data(kind, back, "x.yaml")
        assert not problems.errors, messages(problems)
        assert again == normalised, kind


def test_template_has_thai_headers_and_reads_back_empty(tmp_path):
    from openpyxl import load_workbook

    paths = write_template_xlsx(tmp_path, ita_year=2569)
    assert sorted(p.name for p in paths) == ["measures.xlsx", "oit.xlsx", "plan.xlsx"]
    wb = load_workbook(tmp_path / "plan.xlsx")
    assert wb.sheetnames == ["คำอธิบาย", "แผน", "มิติและภารกิจ", "โครงการ", "ความเสี่ยง"]
    headers = [c.value for c in wb["โครงการ"][1]]
    assert headers[:7] == ["มิติ", "ภารกิจ", "ภารกิจย่อย", "ลำดับที่", "รหัส", "ประเภท", "ชื่อโครงการ"]
    assert any(str(h).startswith("งบประมาณ ปี 25") for h in headers)
    assert [c.value for c in load_workbook(tmp_path / "measures.xlsx")["มาตรการ"][1]][:4] == [
        "ลำดับที่", "แบบวัด", "มาตรการ/แนวทาง", "วิธีการดำเนินการ"]
    # an untouched template holds no data: nothing to import but the OIT year
    assert [k for k, _, _ in import_xlsx(tmp_path / "plan.xlsx")] == ["unknown"]
    kinds = import_xlsx(tmp_path / "oit.xlsx")
    assert kinds[0][0] == "oit" and kinds[0][1]["ita_year"] == 2569
    from generator.importers.write_yaml import TargetExists

    with pytest.raises(TargetExists):
        write_template_xlsx(tmp_path)
    assert write_template_xlsx(tmp_path, force=True)


def test_staff_edits_are_read_and_bad_cells_reported(tmp_path):
    from openpyxl import load_workbook

    report = {"title": "รายงาน", "fiscal_year": 2567, "measures": [{"no": 1, "title": "ก"}]}
    path = write_workbook("measures", report, tmp_path / "m.xlsx")
    wb = load_workbook(path)
    ws = wb["มาตรการ"]
    ws.append([2, "EIT", "มาตรการใหม่", "วิธีที่ ๑\n\nวิธีที่ ๒", "กองคลัง", "ต.ค. 66 - มี.ค. 67",
               dt.datetime(2023, 10, 1), "31/3/2567", "ผล", None])
    ws.append(["สาม", "XYZ", "มาตรการผิด"])
    wb["รายงาน"].append(["หัวข้อที่ไม่รู้จัก", "x"])
    wb.save(path)
    [(kind, data, problems)] = import_xlsx(path, "m.xlsx")
    second = data["measures"][1]
    assert second["method"] == ["วิธีที่ ๑", "วิธีที่ ๒"]
    assert second["period"] == {"text": "ต.ค. 66 - มี.ค. 67", "start": "1 ตุลาคม 2566", "end": "31 มีนาคม 2567"}
    errors = messages(problems, "error")
    assert any(e.startswith("m.xlsx:4: มาตรการ!A4:") for e in errors), errors
    assert any(e.startswith("m.xlsx:4: มาตรการ!B4:") for e in errors), errors
    assert any("หัวข้อที่ไม่รู้จัก" in w for w in messages(problems, "warning"))


def test_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("not excel", encoding="utf-8")
    [(kind, data, problems)] = import_xlsx(path, "x.xlsx")
    assert kind == "unknown" and problems.errors and "Excel" in problems.errors[0].message


def test_untouched_catalogue_rows_do_not_become_items(tmp_path):
    from openpyxl import load_workbook

    paths = write_template_xlsx(tmp_path, ita_year=2569)
    oit_path = next(p for p in paths if p.name == "oit.xlsx")
    wb = load_workbook(oit_path)
    ws = wb["หลักฐาน"]
    keys = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    if not keys:
        pytest.skip("no OIT catalogue for 2569")
    ws.cell(row=2, column=4, value="มีหน้าโครงสร้างบนเว็บไซต์")
    wb.save(oit_path)
    [(kind, data, problems)] = import_xlsx(oit_path)
    assert kind == "oit" and not problems.errors
    assert data["items"] == {keys[0]: {"note": ["มีหน้าโครงสร้างบนเว็บไซต์"]}}


def test_a_renamed_sheet_is_an_error_not_lost_rows(tmp_path):
    from openpyxl import load_workbook

    path = write_workbook("oit", OIT, tmp_path / "oit.xlsx")
    wb = load_workbook(path)
    wb["เอกสาร"].title = "Sheet1"
    wb.save(path)
    [(kind, data, problems)] = import_xlsx(path, "oit.xlsx")
    assert kind == "oit" and not data
    assert any("เอกสาร" in p.message and "Sheet1" in p.message for p in problems.errors), messages(problems)


def test_import_refuses_items_the_years_catalogue_does_not_have(tmp_path, capsys):
    from generator.importers import run_import

    path = write_workbook("oit", {"ita_year": 2569, "items": {"no_such_item": {"note": ["x"]}}}, tmp_path / "o.xlsx")
    code = run_import("xlsx", path, tmp_path / "data")
    assert code != 0
    assert "no_such_item" in capsys.readouterr().err
    assert not (tmp_path / "data" / "oit" / "2569.yaml").exists()


def test_imported_files_are_readable_by_others_like_any_saved_file(tmp_path):
    import os

    from generator.importers import run_import

    old = os.umask(0o022)
    try:
        path = write_workbook("oit", {"ita_year": 2569, "items": {}}, tmp_path / "o.xlsx")
        assert run_import("xlsx", path, tmp_path / "data") == 0
    finally:
        os.umask(old)
    assert (tmp_path / "data" / "oit" / "2569.yaml").stat().st_mode & 0o777 == 0o644


def test_excel_error_values_and_true_false_cells_are_reported(tmp_path):
    from openpyxl import load_workbook

    path = write_workbook("oit", OIT, tmp_path / "oit.xlsx")
    wb = load_workbook(path)
    sheet = wb["เอกสาร"]
    sheet["C2"] = "#REF!"
    sheet["D2"] = True
    wb.save(path)
    [(_, _, problems)] = import_xlsx(path, "oit.xlsx")
    where = {p.field for p in problems.errors}
    assert {"เอกสาร!C2", "เอกสาร!D2"} <= where, messages(problems)
