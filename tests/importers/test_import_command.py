"""run_import / run_template: where files go, no overwrite without --force, nothing half-written."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.importers import main, run_import, run_template
from generator.importers.measures_text import import_measures_text
from generator.importers.plan_text import import_plan_text
from generator.importers.xlsx import write_workbook
from importer_kit import MINIMAL_ORGANISATION, REPO, messages, validate_folder, write


def _data_folder(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "organisation.yaml").write_text(MINIMAL_ORGANISATION, encoding="utf-8")
    return data


@pytest.mark.slow
def test_import_plan_writes_valid_plan_and_refuses_overwrite(seed_plan, tmp_path, capsys):
    data = _data_folder(tmp_path)
    assert run_import("plan", seed_plan, data, force=False) == 0
    out, err = capsys.readouterr()
    assert "4 มิติ 10 ภารกิจ 23 ภารกิจย่อย 44 โครงการ" in out
    assert ":174: โครงการ (37):" in err                          # file:line: field: message
    assert not validate_folder(data).errors
    written = (data / "plan.yaml").read_text(encoding="utf-8")
    assert written.startswith("# นำเข้าจาก") and "ภารกิจ" in written and "\\u0e" not in written
    before = (data / "plan.yaml").read_bytes()
    assert run_import("plan", seed_plan, data, force=False) == 1
    _, err = capsys.readouterr()
    assert "--force" in err
    assert (data / "plan.yaml").read_bytes() == before
    assert run_import("plan", seed_plan, data, force=True) == 0
    assert not list(data.glob(".*.tmp"))


def test_import_measures_goes_to_measures_fiscal_year(seed_measures, tmp_path, capsys):
    data = _data_folder(tmp_path)
    assert run_import("measures", seed_measures, data) == 0
    assert (data / "measures" / "2564.yaml").is_file()
    assert not validate_folder(data).errors
    assert "7 มาตรการ" in capsys.readouterr().out


def test_personal_data_in_the_document_is_kept_and_reported_at_import(tmp_path, capsys):
    """A private phone number copied from the report is written (the officer decides),
    but the import says where it is, as `prongsai validate` and `build` will."""
    data = _data_folder(tmp_path)
    text = ("รายงานมาตรการ ประจำปีงบประมาณ 2567\n"
            "มาตรการ\tวิธีการ\tผู้รับผิดชอบ\n"
            "1. การร้องเรียน\tโทรแจ้งนายสมชาย 081-234-5678\tสำนักปลัด\n")
    assert run_import("measures", write(tmp_path, "r.txt", text), data) == 0
    err = capsys.readouterr().err
    notice = [line for line in err.splitlines() if "หมายเลขโทรศัพท์" in line]
    assert len(notice) == 1, err
    assert "measures/2567.yaml:" in notice[0] and ": measures[0].method[0]: คำเตือน:" in notice[0]
    assert "081-234-5678" not in err                                   # masked, even here
    assert "081-234-5678" in (data / "measures" / "2567.yaml").read_text(encoding="utf-8")


def test_import_xlsx_writes_each_kind_in_its_place(tmp_path, capsys):
    data = _data_folder(tmp_path)
    oit = {"ita_year": 2569, "items": {"executives": {"pages": ["organisation"]}}}
    path = write_workbook("oit", oit, tmp_path / "oit.xlsx")
    assert run_import("xlsx", path, data) == 0
    assert yaml.safe_load((data / "oit" / "2569.yaml").read_text(encoding="utf-8"))["items"] == oit["items"]
    assert not validate_folder(data).errors


def test_invalid_data_writes_nothing(tmp_path, capsys):
    data = _data_folder(tmp_path)
    report = {"title": "รายงาน", "fiscal_year": 2567,
              "measures": [{"title": "ก"}], "file": "files/ไม่มีไฟล์นี้.pdf"}
    path = write_workbook("measures", report, tmp_path / "m.xlsx")
    assert run_import("xlsx", path, data) == 1
    err = capsys.readouterr().err
    assert "measures/2567.yaml" in err and "ไม่พบไฟล์" in err
    assert not (data / "measures").exists()


def test_missing_and_unreadable_inputs(tmp_path, capsys):
    data = _data_folder(tmp_path)
    assert run_import("plan", tmp_path / "nope.txt", data) == 2
    empty = write(tmp_path, "empty.txt", "")
    assert run_import("plan", empty, data) == 1
    assert run_import("measures", empty, data) == 1
    assert run_import("other", empty, data) == 2
    assert list(data.iterdir()) == [data / "organisation.yaml"]


def test_main_argument_parsing(seed_measures, tmp_path, capsys):
    data = _data_folder(tmp_path)
    assert main(["import", "measures", str(seed_measures), "--data", str(data)]) == 0
    assert main(["import", "measures"]) == 2
    assert main(["template", "xlsx", str(tmp_path / "forms")]) == 0
    assert (tmp_path / "forms" / "plan.xlsx").is_file()
    assert main(["template", "xlsx", str(tmp_path / "forms2"), "--data", str(data)]) == 0
    assert (tmp_path / "forms2" / "measures-2564.xlsx").is_file()
    assert main(["import", str(tmp_path / "forms2" / "measures-2564.xlsx"), "--data", str(tmp_path / "d2")]) == 0
    assert (tmp_path / "d2" / "measures" / "2564.yaml").read_text(encoding="utf-8").split("\n", 2)[2] == \
        (data / "measures" / "2564.yaml").read_text(encoding="utf-8").split("\n", 2)[2]
    assert run_template(tmp_path / "forms") == 1                   # exists, no --force


def test_no_traceback_from_the_command_line(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\xff\xfe\x00garbage" * 50)
    result = subprocess.run([sys.executable, "-m", "generator.importers", "import", "plan", str(junk),
                             "--data", str(tmp_path / "d")], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "junk.txt" in result.stderr


_piece = st.sampled_from(list("กขคมิติภารกิจโครงการ๑๒๓123.()-, /") +
                         ["\t", "\n", "ปี 2566", "(1)", "1.1.1 ", "รวม", "<p>", "</p>", "ลำดับที่ 1", "7. งบประมาณ"])
_cell = st.lists(_piece, max_size=25).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_cell, max_size=30))
def test_importers_never_raise(tmp_path, lines):
    header = "มิติ\tภารกิจตามมิติ\tโครงการ/กิจกรรม/มาตรการ\tปี 2566\tปี 2567\n"
    path = write(tmp_path, "fuzz.txt", header + "\n".join(lines))
    for importer in (import_plan_text, import_measures_text):
        data, problems = importer(path, "fuzz.txt")
        assert isinstance(data, dict)
        assert all(p.file == "fuzz.txt" for p in problems.items), messages(problems)


MEASURES_TEXT = ("รายงานมาตรการ ประจำปีงบประมาณ 2567\n"
                 "มาตรการ\tวิธีการ\tผู้รับผิดชอบ\n"
                 "1. การร้องเรียน\tเปิดช่องทาง\tสำนักปลัด\n")


def test_a_file_where_a_folder_belongs_is_named_not_a_crash(tmp_path, capsys):
    data = _data_folder(tmp_path)
    (data / "measures").write_text("not a folder", encoding="utf-8")
    assert run_import("measures", write(tmp_path, "r.txt", MEASURES_TEXT), data) != 0
    err = capsys.readouterr().err
    assert "measures" in err and "ขวาง" in err and "Traceback" not in err
    assert (data / "measures").read_text(encoding="utf-8") == "not a folder"
    target = tmp_path / "form.xlsx"
    target.write_text("x", encoding="utf-8")
    assert run_template(target) != 0 and "ไม่ใช่โฟลเดอร์" in capsys.readouterr().err


def test_a_data_folder_without_organisation_is_pointed_out(tmp_path, capsys):
    assert run_import("measures", write(tmp_path, "r.txt", MEASURES_TEXT), tmp_path / "typo") == 0
    assert "organisation.yaml" in capsys.readouterr().err


# --- two reports in one fiscal year: the six-month round and the annual round -------------------

def _report(round_words: str, method: str = "เปิดช่องทาง") -> str:
    return (f"รายงานผลการดำเนินการตามมาตรการ ประจำปีงบประมาณ 2567 {round_words}\n"
            "มาตรการ\tวิธีการ\tผู้รับผิดชอบ\n"
            f"1. การร้องเรียน\t{method}\tสำนักปลัด\n")


def _measures_files(data):
    return {path.name: path.read_bytes() for path in sorted((data / "measures").iterdir())}


def _round_in(path):
    return yaml.safe_load(path.read_text(encoding="utf-8")).get("round")


@pytest.mark.parametrize("first", ["six-month", "annual"])
def test_two_rounds_of_one_fiscal_year_live_side_by_side(tmp_path, capsys, first):
    data = _data_folder(tmp_path)
    six = write(tmp_path, "six.txt", _report("(รอบ 6 เดือน)"))
    annual = write(tmp_path, "annual.txt", _report("(รอบ 12 เดือน)"))
    order = [six, annual] if first == "six-month" else [annual, six]
    for report in order:
        assert run_import("measures", report, data) == 0, capsys.readouterr().err    # never needs --force
    assert list(_measures_files(data)) == ["2567-6m.yaml", "2567.yaml"]
    assert _round_in(data / "measures" / "2567-6m.yaml") == "6 เดือน"
    assert _round_in(data / "measures" / "2567.yaml") == "12 เดือน"
    assert not validate_folder(data).errors
    # the same round again is refused, and nothing the folder had changes
    before = _measures_files(data)
    capsys.readouterr()
    assert run_import("measures", write(tmp_path, "six2.txt", _report("(รอบ 6 เดือน)", "วิธีใหม่")), data) == 1
    err = capsys.readouterr().err
    assert "2567-6m.yaml" in err and "รอบ 6 เดือน" in err and "--force" in err
    assert _measures_files(data) == before
    assert run_import("measures", write(tmp_path, "annual2.txt", _report("(รอบ 12 เดือน)", "วิธีใหม่")), data) == 1
    assert _measures_files(data) == before
    # --force replaces only the file of that round
    assert run_import("measures", tmp_path / "six2.txt", data, force=True) == 0
    after = _measures_files(data)
    assert after["2567.yaml"] == before["2567.yaml"] and after["2567-6m.yaml"] != before["2567-6m.yaml"]
    assert "วิธีใหม่" in after["2567-6m.yaml"].decode("utf-8")


def test_a_six_month_report_kept_under_the_annual_name_is_moved_not_overwritten(tmp_path, capsys):
    """A folder made before the rounds had their own names: its six-month report is
    measures/2567.yaml. The annual report moves it to 2567-6m.yaml (unchanged) and says which
    OIT evidence pointed at its old page; the six-month round again is still refused."""
    data = _data_folder(tmp_path)
    assert run_import("measures", write(tmp_path, "six.txt", _report("(รอบ 6 เดือน)")), data) == 0
    legacy = data / "measures" / "2567.yaml"
    (data / "measures" / "2567-6m.yaml").rename(legacy)
    six_month = legacy.read_bytes()
    (data / "oit").mkdir()
    (data / "oit" / "2568.yaml").write_text(
        "ita_year: 2568\nitems:\n  reports:\n    pages:\n      - measures/2567\n      - measures/2567-x\n",
        encoding="utf-8")
    capsys.readouterr()
    assert run_import("measures", write(tmp_path, "six2.txt", _report("(รอบ 6 เดือน)", "วิธีใหม่")), data) == 1
    assert "2567.yaml" in capsys.readouterr().err and _measures_files(data) == {"2567.yaml": six_month}

    assert run_import("measures", write(tmp_path, "annual.txt", _report("(รอบ 12 เดือน)")), data) == 0
    err = capsys.readouterr().err
    assert (data / "measures" / "2567-6m.yaml").read_bytes() == six_month
    assert _round_in(legacy) == "12 เดือน"
    assert "2567-6m.yaml" in err and "ย้าย" in err
    pointing = [line for line in err.splitlines() if "oit/2568.yaml:5: pages: คำเตือน:" in line]
    assert len(pointing) == 1 and "measures/2567-6m" in pointing[0], err
    assert not validate_folder(data).errors


def test_a_report_that_does_not_say_its_round_is_the_years_report(tmp_path, capsys):
    data = _data_folder(tmp_path)
    assert run_import("measures", write(tmp_path, "r.txt", _report("")), data) == 0
    assert list(_measures_files(data)) == ["2567.yaml"]
    assert run_import("measures", write(tmp_path, "r2.txt", _report("", "วิธีใหม่")), data) == 1
    assert "--force" in capsys.readouterr().err


def test_the_round_of_a_workbook_decides_its_file(tmp_path, capsys):
    data = _data_folder(tmp_path)
    report = {"title": "รายงาน", "fiscal_year": 2567, "round": "6 เดือน", "measures": [{"no": 1, "title": "ก"}]}
    path = write_workbook("measures", report, tmp_path / "m.xlsx")
    assert run_import("xlsx", path, data) == 0
    assert list(_measures_files(data)) == ["2567-6m.yaml"]
    assert run_import("xlsx", path, data) == 1 and "--force" in capsys.readouterr().err


@pytest.mark.parametrize("report, expected", [
    ({"round": "รอบ ๖ เดือน"}, "6 เดือน"),
    ({"round": "ประจำปี"}, "12 เดือน"),
    ({"coverage": {"start": "1 ตุลาคม 2567", "end": "31 มีนาคม 2568"}}, "6 เดือน"),
    ({"coverage": {"start": "1 ตุลาคม 2567", "end": "30 กันยายน 2568"}}, "12 เดือน"),
    ({"coverage": "ต.ค. 67 - มี.ค. 68"}, "6 เดือน"),
    ({"coverage": "ตุลาคม 2567 - กันยายน 2568"}, "12 เดือน"),
    ({"title": "รายงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๙ (รอบ ๖ เดือน)"}, "6 เดือน"),
    ({"title": "รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2568"}, None),
    ({"coverage": {"start": "1 เมษายน 2568", "end": "30 กันยายน 2568"}}, None),
])
def test_the_round_a_report_says_it_is(report, expected):
    from generator.importers.measures_files import report_round

    assert report_round(report) == expected


def test_force_replaces_a_six_month_report_kept_under_the_annual_name_in_its_own_file(tmp_path, capsys):
    data = _data_folder(tmp_path)
    assert run_import("measures", write(tmp_path, "six.txt", _report("(รอบ 6 เดือน)")), data) == 0
    (data / "measures" / "2567-6m.yaml").rename(data / "measures" / "2567.yaml")
    capsys.readouterr()
    assert run_import("measures", write(tmp_path, "six2.txt", _report("(รอบ 6 เดือน)", "วิธีใหม่")), data,
                      force=True) == 0
    assert list(_measures_files(data)) == ["2567-6m.yaml"]
    assert "วิธีใหม่" in (data / "measures" / "2567-6m.yaml").read_text(encoding="utf-8")
    assert "--force" in capsys.readouterr().err                  # said, not silent
