"""Attachments: they live under the data folder (no '..', no absolute path,
no link out of it), their type is judged by their content, and their size is limited,
each with a clear `file:line: field: message` and never a traceback."""

from __future__ import annotations

import os
import re

import pytest

from generator import files
from safety_kit import PNG_1PX, copy_mini, docx_with_paragraphs, edit, line_of, pdf_with_text, run_prongsai

PROBLEM = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<field>[^:\n]+): (?P<message>.+)$", re.M)
PHOTO_FIELD = "executives.political[0].photo"
PLAN_FIELD = "file"


def validate(data):
    result = run_prongsai("validate", "--data", str(data))
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "ภายในโปรแกรม" not in output, output
    return result.returncode, output


def set_photo(data, value: str) -> int:
    edit(data / "organisation.yaml", "photo: files/mayor.png", f"photo: {value}")
    return line_of(data / "organisation.yaml", "photo:")


def set_plan_file(data, value: str) -> int:
    edit(data / "plan.yaml", "file: files/plan.pdf", f"file: {value}")
    return line_of(data / "plan.yaml", "file:")


def assert_problem(output, file, line, field, *words):
    found = [m.groupdict() for m in PROBLEM.finditer(output)]
    assert any(p["file"] == file and int(p["line"]) == line and p["field"] == field
               and all(w in p["message"] for w in words) for p in found), output


@pytest.mark.parametrize("value, words", [
    ("../../etc/passwd", [".."]),
    ("files/../../organisation.yaml", [".."]),
    ("/etc/passwd", ["ภายในโฟลเดอร์ข้อมูล"]),
    ("~/รูป.png", ["ภายในโฟลเดอร์ข้อมูล"]),
    ("'C:\\Users\\nayok\\รูป.png'", ["/"]),
    ("'C:/Users/nayok/รูป.png'", ["ภายในโฟลเดอร์ข้อมูล"]),
    ("files/.hidden.png", ["จุด"]),
    ("'.'", ["ชื่อไฟล์"]),
    ("'files/'", ["ไม่ใช่ไฟล์"]),
    ('"files/mayor\\0.png"', ["อักขระควบคุม"]),
    ('"files/mayor.png\\nx"', ["อักขระควบคุม"]),
    ("files/" + "ก" * 600 + ".png", ["ยาวเกิน"]),
    ("files/" + "a" * 300 + ".png", ["เปิดไฟล์", "ไม่ได้"]),  # too long for the file system
    ("files/nobody.png", ["ไม่พบไฟล์"]),
])
def test_paths_outside_or_odd_are_refused(tmp_path, value, words):
    data = copy_mini(tmp_path / "mini")
    line = set_photo(data, value)
    code, output = validate(data)
    assert code == 1
    assert_problem(output, "mini/organisation.yaml", line, PHOTO_FIELD, *words)


@pytest.mark.slow
def test_links_that_lead_out_of_the_data_folder_are_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(PNG_1PX)
    data = copy_mini(tmp_path / "mini")
    os.symlink(outside / "secret.png", data / "files" / "link.png")
    os.symlink(outside, data / "files" / "linked-folder")
    os.symlink(data / "files" / "loop-b.png", data / "files" / "loop-a.png")
    os.symlink(data / "files" / "loop-a.png", data / "files" / "loop-b.png")
    os.symlink(tmp_path / "missing.png", data / "files" / "dangling.png")
    # a folder outside that links back to a file inside: the way still leads out
    (outside / "dir").mkdir()
    os.symlink(data / "files" / "mayor.png", outside / "dir" / "back.png")
    os.symlink(outside / "dir", data / "files" / "via")
    cases = {
        "files/link.png": "นอกโฟลเดอร์ข้อมูล",
        "files/linked-folder/secret.png": "นอกโฟลเดอร์ข้อมูล",
        "files/loop-a.png": "",
        "files/dangling.png": "นอกโฟลเดอร์ข้อมูล",
        "files/via/back.png": "นอกโฟลเดอร์ข้อมูล",
    }
    organisation = data / "organisation.yaml"
    original = organisation.read_text(encoding="utf-8")
    for value, words in cases.items():
        line = set_photo(data, value)
        code, output = validate(data)
        assert code == 1, (value, output)
        assert_problem(output, "mini/organisation.yaml", line, PHOTO_FIELD, words)
        organisation.write_text(original, encoding="utf-8")


def test_a_link_inside_the_data_folder_is_fine(tmp_path):
    data = copy_mini(tmp_path / "mini")
    os.symlink("mayor.png", data / "files" / "nayok.png")
    set_photo(data, "files/nayok.png")
    code, output = validate(data)
    assert code == 0, output


def test_a_link_to_a_hidden_folder_inside_the_data_folder_is_refused(tmp_path):
    data = copy_mini(tmp_path / "mini")
    (data / ".git").mkdir()
    (data / ".git" / "secret.png").write_bytes((data / "files" / "mayor.png").read_bytes())
    os.symlink("../.git/secret.png", data / "files" / "nayok.png")
    line = set_photo(data, "files/nayok.png")
    code, output = validate(data)
    assert code == 1
    assert_problem(output, "mini/organisation.yaml", line, "executives.political[0].photo", "ซ่อน")


def test_special_files_are_refused(tmp_path):
    data = copy_mini(tmp_path / "mini")
    os.mkfifo(data / "files" / "pipe.png")
    line = set_photo(data, "files/pipe.png")
    code, output = validate(data)  # must not hang reading a pipe
    assert code == 1
    assert_problem(output, "mini/organisation.yaml", line, PHOTO_FIELD, "ไม่ใช่ไฟล์")


@pytest.mark.parametrize("name, content, words", [
    ("plan.pdf", PNG_1PX, ["PDF", "PNG"]),                                    # a picture renamed .pdf
    ("page.pdf", b"<html><script>alert(1)</script></html>", ["PDF"]),
    ("report.docx", pdf_with_text(["x"]), ["Office", "PDF"]),
    ("report.xlsx", docx_with_paragraphs(["a Word file renamed .xlsx"]), ["Office"]),
    ("notes.txt", b"<!doctype html><script>alert(1)</script>", ["ข้อความ"]),
    ("notes.txt", "สวัสดี".encode("utf-16"), ["ข้อความ"]),
    ("picture.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", [".svg"]),
    ("page.html", b"<p>hi</p>", [".html"]),
    ("empty.pdf", b"", ["ว่างเปล่า"]),
])
def test_the_type_is_judged_by_content(tmp_path, name, content, words):
    data = copy_mini(tmp_path / "mini")
    (data / "files" / name).write_bytes(content)
    line = set_plan_file(data, f"files/{name}")
    code, output = validate(data)
    assert code == 1
    assert_problem(output, "mini/plan.yaml", line, PLAN_FIELD, *words)


def test_a_thai_text_file_is_text_even_when_a_character_straddles_the_sniffed_head(tmp_path):
    data = copy_mini(tmp_path / "mini")
    text = ("ก" * 170 + "ข").encode("utf-8")  # byte 512 falls inside a three-byte character
    assert len(text[:512].decode("utf-8", errors="ignore").encode()) < 512
    (data / "files" / "notes.txt").write_bytes(text)
    set_plan_file(data, "files/notes.txt")
    code, output = validate(data)
    assert code == 0, output


def test_a_picture_field_takes_only_pictures(tmp_path):
    data = copy_mini(tmp_path / "mini")
    line = set_photo(data, "files/plan.pdf")
    code, output = validate(data)
    assert code == 1
    assert_problem(output, "mini/organisation.yaml", line, PHOTO_FIELD, "PNG")


def test_size_limits_have_a_clear_message(tmp_path):
    data = copy_mini(tmp_path / "mini")
    big_pdf = data / "files" / "big.pdf"
    with big_pdf.open("wb") as handle:  # sparse: quick to make, 21 MB to the file system
        handle.write(b"%PDF-1.4\n")
        handle.truncate(files.MAX_ATTACHMENT_BYTES + 1024 * 1024)
    big_png = data / "files" / "big.png"
    with big_png.open("wb") as handle:
        handle.write(PNG_1PX)
        handle.truncate(files.MAX_IMAGE_BYTES + 1)
    plan_line = set_plan_file(data, "files/big.pdf")
    photo_line = set_photo(data, "files/big.png")
    code, output = validate(data)
    assert code == 1
    assert_problem(output, "mini/plan.yaml", plan_line, PLAN_FIELD, "21.0 MB", "20 MB")
    assert_problem(output, "mini/organisation.yaml", photo_line, PHOTO_FIELD, "5 MB", "ย่อขนาดรูป")


@pytest.mark.slow
def test_build_refuses_bad_attachments_and_keeps_the_previous_site(tmp_path):
    data = copy_mini(tmp_path / "mini")
    site = tmp_path / "site"
    assert run_prongsai("build", "--data", str(data), "--site-dir", str(site)).returncode == 0
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    set_plan_file(data, "../../../../etc/passwd")
    result = run_prongsai("build", "--data", str(data), "--site-dir", str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before
    assert not any(p.name == "passwd" for p in site.rglob("*"))
