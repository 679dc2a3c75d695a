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


def _plain(value):
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind(value)
    return value


def read_data_file(path):
    """A data file read as the data folder is read (YAML 1.2 booleans: the key 'no' stays 'no')."""
    from generator.load import parse_yaml_text

    return _plain(parse_yaml_text(path.read_text(encoding="utf-8")))


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


@pytest.mark.slow
def test_normalised_data_round_trip(seed002, tmp_path):
    """Data as the validator normalises it (dates, periods, Paragraphs) survives Excel too."""
    plan = read_data_file(seed002 / "plan.yaml")
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
    assert wb.sheetnames == ["คำอธิบาย", "แผน", "มิติและภารกิจ", "โครงการ", "ความเสี่ยง", "ผลการดำเนินงาน"]
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


# --- project progress per fiscal year (sheet ผลการดำเนินงาน) --------------------------------

PROGRESS_PLAN = {
    "title": "แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. 2566-2570)", "start_year": 2566, "end_year": 2570,
    "dimensions": [{"no": 1, "title": "มิติที่ 1", "missions": [{"no": "1.1", "title": "ภารกิจ", "projects": [
        {"no": 1, "title": "โครงการอบรม", "budget": {2566: 20000, 2567: 20000},
         "progress": {2566: {"status": "เสร็จ", "spent": 18500, "outputs": ["อบรม 1 ครั้ง", "ผู้เข้าร่วม 54 คน"],
                             "date": "20 ตุลาคม 2566", "evidence": "files/อบรม-2566.pdf", "note": "ตามแผน"}}},
        {"no": 1, "id": "1-2", "title": "กิจกรรมที่พิมพ์เลขซ้ำ", "kind": "กิจกรรม"},
    ]}]}],
}


def _progress_sheet_rows(path):
    from openpyxl import load_workbook

    ws = load_workbook(path)["ผลการดำเนินงาน"]
    header = [c.value for c in ws[1]]
    return ws, header, [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


def test_progress_sheet_has_a_row_per_project_and_plan_year(tmp_path):
    path = write_workbook("plan", PROGRESS_PLAN, tmp_path / "plan.xlsx")
    _, header, rows = _progress_sheet_rows(path)
    assert header[:6] == ["ลำดับที่", "รหัส", "ชื่อโครงการ", "ปีงบประมาณ", "งบประมาณตามแผน (บาท)", "สถานะ"]
    assert {"จ่ายจริง (บาท)", "ผลผลิตที่ได้เทียบกับตัวชี้วัด", "วันที่บันทึกผล", "หลักฐานผลการดำเนินงาน"} <= set(header)
    assert [(r["ปีงบประมาณ"], r["ลำดับที่"], r["รหัส"]) for r in rows] == [
        (year, 1, project_id) for year in range(2566, 2571) for project_id in (None, "1-2")]
    recorded = rows[0]
    assert (recorded["สถานะ"], recorded["จ่ายจริง (บาท)"], recorded["งบประมาณตามแผน (บาท)"]) == ("เสร็จ", 18500, 20000)
    assert recorded["ผลผลิตที่ได้เทียบกับตัวชี้วัด"] == "อบรม 1 ครั้ง\n\nผู้เข้าร่วม 54 คน"
    # an untouched plan workbook gives the plan back, progress and all
    assert _round_trip("plan", PROGRESS_PLAN, tmp_path) == PROGRESS_PLAN


def test_progress_typed_into_the_workbook_is_read_into_the_project(tmp_path):
    path = write_workbook("plan", PROGRESS_PLAN, tmp_path / "plan.xlsx")
    ws, header, rows = _progress_sheet_rows(path)
    row = 2 + next(i for i, r in enumerate(rows) if r["ปีงบประมาณ"] == 2567 and r["รหัส"] == "1-2")
    typed = {"สถานะ": "กำลังดำเนินการ", "จ่ายจริง (บาท)": "๔๘,๕๐๐", "ผลผลิตที่ได้เทียบกับตัวชี้วัด": "ข้อหนึ่ง\n\nข้อสอง",
             "วันที่บันทึกผล": dt.datetime(2024, 9, 30), "หลักฐานผลการดำเนินงาน": "files/ผล.pdf"}
    for label, value in typed.items():
        ws.cell(row=row, column=header.index(label) + 1, value=value)
    ws.parent.save(path)
    [(kind, back, problems)] = import_xlsx(path, "plan.xlsx")
    assert not problems.items, messages(problems)
    projects = back["dimensions"][0]["missions"][0]["projects"]
    assert projects[0]["progress"] == PROGRESS_PLAN["dimensions"][0]["missions"][0]["projects"][0]["progress"]
    assert projects[1]["progress"] == {2567: {"status": "กำลังดำเนินการ", "spent": 48500, "outputs": ["ข้อหนึ่ง", "ข้อสอง"],
                                              "date": "30 กันยายน 2567", "evidence": "files/ผล.pdf"}}
    problems, checked = validate_data("plan", back, "plan.yaml")
    assert not problems.errors, messages(problems)
    assert checked["dimensions"][0]["missions"][0]["projects"][1]["progress"][2567]["spent"] == 48500


def test_progress_rows_that_fit_no_project_or_year_are_errors_at_their_cell(tmp_path):
    path = write_workbook("plan", PROGRESS_PLAN, tmp_path / "plan.xlsx")
    ws, header, rows = _progress_sheet_rows(path)
    blank = [None] * len(header)

    def row(**values):
        cells = list(blank)
        for label, value in values.items():
            cells[header.index(label)] = value
        ws.append(cells)
        return ws.max_row

    unknown = row(**{"ลำดับที่": 9, "ปีงบประมาณ": 2567, "สถานะ": "เสร็จ"})
    no_year = row(**{"ลำดับที่": 1, "สถานะ": "เสร็จ"})
    twice = row(**{"ลำดับที่": 1, "ปีงบประมาณ": 2566, "สถานะ": "ยกเลิก"})
    bad_status = row(**{"ลำดับที่": 1, "ปีงบประมาณ": 2568, "สถานะ": "ทำแล้ว"})
    no_status = row(**{"ลำดับที่": 1, "ปีงบประมาณ": 2569, "จ่ายจริง (บาท)": 5000})
    ws.parent.save(path)
    [(_, _, problems)] = import_xlsx(path, "plan.xlsx")
    where = {(p.line, p.field) for p in problems.errors}
    status_column = "ABCDEFGHIJK"[header.index("สถานะ")]
    assert where == {(unknown, f"ผลการดำเนินงาน!A{unknown}"), (no_year, f"ผลการดำเนินงาน!D{no_year}"),
                     (twice, f"ผลการดำเนินงาน!D{twice}"),
                     (bad_status, f"ผลการดำเนินงาน!{status_column}{bad_status}"),
                     (no_status, f"ผลการดำเนินงาน!{status_column}{no_status}")}, messages(problems)
    assert len(problems.errors) == len(where)                                  # one message per cell
    assert any("ยังไม่เริ่ม" in p.message for p in problems.errors)         # the statuses it may be


def test_a_plan_workbook_made_before_the_progress_sheet_still_imports(tmp_path):
    from openpyxl import load_workbook

    path = write_workbook("plan", PROGRESS_PLAN, tmp_path / "plan.xlsx")
    wb = load_workbook(path)
    del wb["ผลการดำเนินงาน"]
    wb.save(path)
    [(kind, back, problems)] = import_xlsx(path, "plan.xlsx")
    assert kind == "plan" and not problems.items, messages(problems)
    assert all("progress" not in p for p in back["dimensions"][0]["missions"][0]["projects"])


@pytest.mark.slow
def test_example_data_round_trips_through_its_workbooks(copy_fixture, tmp_path):
    """The example data folder (progress 2566–2568, two report rounds) → `template xlsx --data`
    → each workbook imported into the folder again → the same data as before, each measures
    report in the file of its fiscal year and round."""
    from generator.importers import run_import, run_template

    data = copy_fixture("data")
    forms = tmp_path / "forms"
    assert run_template(forms, data) == 0

    def normalised(kind, path):
        problems, checked = validate_data(kind, read_data_file(path), path.name, data)
        assert not problems.errors, messages(problems)
        return checked

    before = {"plan": normalised("plan", data / "plan.yaml")}
    before.update((path.name, normalised("measures", path)) for path in (data / "measures").glob("*.yaml"))
    assert any(p.get("progress") for d in before["plan"]["dimensions"] for m in d["missions"]
               for p in m.get("projects", []) + [p for s in m.get("sub_missions", []) for p in s.get("projects", [])])
    (data / "plan.yaml").unlink()
    for path in (data / "measures").glob("*.yaml"):
        path.unlink()
    assert run_import("xlsx", forms / "plan.xlsx", data) == 0
    for workbook in sorted(forms.glob("measures-*.xlsx")):
        assert run_import("xlsx", workbook, data) == 0, workbook
    assert normalised("plan", data / "plan.yaml") == before["plan"]
    after = {path.name: normalised("measures", path) for path in (data / "measures").glob("*.yaml")}
    assert sorted(after) == ["2568.yaml", "2569-6m.yaml"]          # the 2569 report is the six-month round
    by_year = {report["fiscal_year"]: report for report in after.values()}
    assert sorted(by_year.values(), key=lambda r: r["fiscal_year"]) == \
        sorted((r for k, r in before.items() if k != "plan"), key=lambda r: r["fiscal_year"])


def test_measures_round_round_trips(tmp_path):
    report = {"title": "รายงานรอบ 6 เดือน", "fiscal_year": 2568, "round": "6 เดือน",
              "measures": [{"no": 1, "title": "ก"}]}
    assert _round_trip("measures", report, tmp_path) == report


def test_a_round_typed_in_other_words_is_read(tmp_path):
    from openpyxl import load_workbook

    path = write_workbook("measures", {"title": "รายงาน", "fiscal_year": 2568, "measures": [{"title": "ก"}]},
                          tmp_path / "m.xlsx")
    wb = load_workbook(path)
    ws = wb["รายงาน"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == "รอบการรายงาน")
    ws.cell(row=row, column=2, value="รอบ ๖ เดือน")
    wb.save(path)
    [(_, data, problems)] = import_xlsx(path, "m.xlsx")
    assert data["round"] == "6 เดือน" and not problems.items
    ws.cell(row=row, column=2, value="ไตรมาส")
    wb.save(path)
    [(_, data, problems)] = import_xlsx(path, "m.xlsx")
    assert "round" not in data and [p.field for p in problems.errors] == [f"รายงาน!B{row}"]
