"""`prongsai validate` on broken copies of real data: every problem is reported
with file, line and field, the exit code is non-zero, and there is no traceback."""

from __future__ import annotations

import re

import pytest

from testkit import run_prongsai

PROBLEM_LINE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<field>[^:\n]+): (?P<message>.+)$", re.M)


def validate(data_dir):
    result = run_prongsai("validate", "--data", str(data_dir))
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    return result.returncode, output


def problems_in(output):
    return [m.groupdict() for m in PROBLEM_LINE.finditer(output)]


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
def test_fixture_is_valid(copy_fixture):
    code, output = validate(copy_fixture("mini"))
    assert code == 0, output


@pytest.mark.parametrize("file, old, new, line, field, words", [
    ("organisation.yaml", "type: อบต.", "type: [อบต.\n  bad", 5, "-", "บรรทัด 3"),
    ("organisation.yaml", "type: อบต.", "type: สโมสร", 3, "type", "ใช้ไม่ได้"),
    ("organisation.yaml", "  email: [saraban", "  emial: [saraban", 8, "contacts.emial", "email"),
    ("organisation.yaml", "photo: files/mayor.png", "photo: files/nobody.png", 17, "executives.political[0].photo", "ไม่พบไฟล์"),
    ("organisation.yaml", "photo: files/mayor.png", "photo: ../../etc/passwd", 17, "executives.political[0].photo", ".."),
    ("organisation.yaml", "url: https://line.example.org/test", "url: javascript:alert(1)", 12, "qa_channels[0].url", "https"),
    ("organisation.yaml", "map_url: https://maps", "map_url: https://[maps", 9, "contacts.map_url", "ผิดรูปแบบ"),
    ("plan.yaml", "date: ๒๙ กันยายน ๒๕๖๕", "date: ๓๑ กุมภาพันธ์ ๒๕๖๕", 5, "announcement.date", "ไม่มีวันที่"),
    ("plan.yaml", "dimensions:\n  - no: 1", "dimensions: ไม่มี\nx:\n  - no: 1", 15, "dimensions", "รายการ"),
    ("plan.yaml", "budget: {2567: \"50,000\"", "budget: {2567: \"ห้าหมื่น\"", 28, "projects[0].budget[2567]", "จำนวนเงิน"),
    ("plan.yaml", "start_year: 2566", "start_year: 2566\nstart_year: 2567", 3, "-", "ซ้ำ"),
    ("plan.yaml", "              - no: 1\n", "              - no: 1\n                id: ../../../../README\n", 27,
     "projects[0].id", "ตัวอักษร ตัวเลข"),           # a page name that would leave the site folder
    ("organisation.yaml", "short_name: อบต.ทดสอบ", "short_name: \"\u202eอบต.ทดสอบ\"", 2, "short_name", "ทิศทาง"),  # reversed
    ("site.yaml", "site_url: https://www.test.go.th/", "site_url: https://www.test.go.th/?a=1", 2, "site_url", "?"),
    ("oit/2569.yaml", "  ac_plan:", "  ac_plann:", 7, "items.ac_plann", "ac_plan"),
    ("oit/2569.yaml", "pages: [plan]", "pages: [plan/nothing]", 7, "items.ac_plan.pages", "ไม่มีหน้า"),
])
@pytest.mark.slow
def test_each_broken_input_is_reported_with_file_line_field(copy_fixture, file, old, new, line, field, words):
    data = copy_fixture("mini")
    edit(data / file, old, new)
    code, output = validate(data)
    assert code == 1, output
    found = [p for p in problems_in(output) if p["file"] == f"mini/{file}"]
    assert any(int(p["line"]) == line and p["field"].endswith(field) and words in p["message"] for p in found), output


def test_all_problems_are_collected_not_just_the_first(copy_fixture):
    data = copy_fixture("mini")
    edit(data / "organisation.yaml", "type: อบต.", "type: สโมสร")
    edit(data / "plan.yaml", "date: ๒๙ กันยายน ๒๕๖๕", "date: เมื่อวาน")
    edit(data / "measures/2568.yaml", "fiscal_year: 2568", "fiscal_year: สองพัน")
    code, output = validate(data)
    assert code == 1
    files = {p["file"] for p in problems_in(output)}
    assert {"mini/organisation.yaml", "mini/plan.yaml", "mini/measures/2568.yaml"} <= files


def test_missing_organisation_file(copy_fixture):
    data = copy_fixture("mini")
    (data / "organisation.yaml").unlink()
    code, output = validate(data)
    assert code == 1 and "organisation.yaml" in output


def test_not_utf8_file_names_the_line(copy_fixture):
    data = copy_fixture("mini")
    (data / "site.yaml").write_bytes("ita_year: 2569\nsite_url: https://x.go.th/\n".encode() + "ชื่อ: ไทย\n".encode("tis-620"))
    code, output = validate(data)
    assert code == 1
    assert any(p["file"] == "mini/site.yaml" and p["line"] == "3" and "UTF-8" in p["message"] for p in problems_in(output)), output


def test_recursive_anchor_is_a_problem_not_a_crash(copy_fixture):
    data = copy_fixture("mini")
    (data / "site.yaml").write_text("a: &x\n  - *x\n", encoding="utf-8")
    code, output = validate(data)
    assert code == 1 and "mini/site.yaml:" in output


@pytest.mark.slow
def test_warnings_pass_unless_strict(copy_fixture):
    data = copy_fixture("mini")
    edit(data / "plan.yaml", "stated_totals: {2567: \"๕๐,๐๐๐\"}", "stated_totals: {2567: \"๙๐,๐๐๐\"}")
    code, output = validate(data)
    assert code == 0 and "คำเตือน" in output and "90,000" in output
    strict = run_prongsai("validate", "--data", str(data), "--strict")
    assert strict.returncode == 1


def test_a_measures_file_named_like_the_index_page_is_refused(copy_fixture):
    data = copy_fixture("mini")
    (data / "measures" / "index.yaml").write_bytes((data / "measures" / "2568.yaml").read_bytes())
    code, output = validate(data)
    assert code == 1
    assert any(p["file"] == "mini/measures/index.yaml" and "index" in p["message"] for p in problems_in(output)), output


def test_a_folder_named_like_a_data_file_is_reported(copy_fixture):
    data = copy_fixture("mini")
    (data / "plan.yaml").unlink()
    (data / "plan.yaml").mkdir()
    code, output = validate(data)
    assert code == 1
    assert any(p["file"] == "mini/plan.yaml" and "โฟลเดอร์" in p["message"] for p in problems_in(output)), output


def test_data_files_that_would_not_be_read_are_reported(copy_fixture):
    data = copy_fixture("mini")
    (data / "oit" / "2569.yaml").rename(data / "oit" / "2569.YAML")
    (data / "measures" / "2568.yaml").rename(data / "measures" / "2568.yaml.txt")
    code, output = validate(data)
    assert code == 1
    files = {p["file"] for p in problems_in(output) if p["field"] == "filename"}
    assert files == {"mini/oit/2569.YAML", "mini/measures/2568.yaml.txt"}, output


def test_two_evidence_files_for_one_year_are_an_error(copy_fixture):
    data = copy_fixture("mini")
    (data / "oit" / "2569.yml").write_bytes((data / "oit" / "2569.yaml").read_bytes())
    code, output = validate(data)
    assert code == 1 and any(p["file"] == "mini/oit/2569.yml" and "2569.yaml" in p["message"]
                             for p in problems_in(output)), output
