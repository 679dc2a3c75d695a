"""The plan's Part 1 (rationale, objectives, targets, benefits), each project's yearly
`progress` and a measures report's `round`: read into the model when right, reported
as file:line: field: message when wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import pipeline
from generator.problems import Problems
from testkit import run_prongsai

PROJECT_1 = "                responsible: สำนักปลัด\n"


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build(data):
    problems = Problems()
    model, _, _ = pipeline.build_model(pipeline.Options(data_dir=data), problems)
    return model, problems


def problem_at(problems, file_suffix, field_suffix, words):
    return next((p for p in problems.items if str(p.file).endswith(file_suffix)
                 and p.field.endswith(field_suffix) and words in p.message), None)


def test_plan_part_one_is_read_as_paragraphs(copy_fixture):
    data = copy_fixture("mini")
    edit(data / "plan.yaml", "file: files/plan.pdf\n",
         "file: files/plan.pdf\nrationale: เหตุผลของแผน\nobjectives: [ข้อหนึ่ง, ข้อสอง]\n"
         "targets: |\n  เป้าหมายของแผน\nbenefits: [ประโยชน์]\n")
    model, problems = build(data)
    assert not problems.errors, problems.items
    plan = model.plan
    assert (plan.rationale, plan.objectives, plan.targets, plan.benefits) == (
        ["เหตุผลของแผน"], ["ข้อหนึ่ง", "ข้อสอง"], ["เป้าหมายของแผน"], ["ประโยชน์"])


def test_plan_part_one_is_empty_when_absent(copy_fixture):
    model, problems = build(copy_fixture("mini"))
    assert not problems.errors
    assert model.plan.rationale == model.plan.objectives == model.plan.targets == model.plan.benefits == []


def test_plan_part_one_rejects_a_mapping(copy_fixture):
    data = copy_fixture("mini")
    edit(data / "plan.yaml", "file: files/plan.pdf\n", "file: files/plan.pdf\nbenefits: {a: b}\n")
    _, problems = build(data)
    found = problem_at(problems, "plan.yaml", "benefits", "ข้อความ")
    assert found is not None and found.line == 8, problems.items


def test_project_progress_is_read_per_fiscal_year(copy_fixture):
    data = copy_fixture("mini")
    edit(data / "plan.yaml", PROJECT_1, PROJECT_1 +
         "                progress:\n"
         "                  ๒๕๖๗: {status: เสร็จ, spent: \"48,500\", outputs: [อบรม 50 คน], date: 2567-09-30,\n"
         "                         evidence: files/plan.pdf, note: ครบตามแผน}\n"
         "                  2568: {status: กำลังดำเนินการ}\n")
    model, problems = build(data)
    assert not problems.errors, problems.items
    progress = model.plan.projects[0].progress
    assert sorted(progress) == [2567, 2568]
    done = progress[2567]
    assert (done.status, done.spent, done.outputs, done.date, done.evidence, done.note) == (
        "เสร็จ", 48500, ["อบรม 50 คน"], dt.date(2024, 9, 30), "files/plan.pdf", "ครบตามแผน")
    ongoing = progress[2568]
    assert (ongoing.spent, ongoing.outputs, ongoing.date, ongoing.evidence, ongoing.note) == (None, [], None, None, "")
    assert model.plan.projects[1].progress == {}


@pytest.mark.parametrize("entry, field, words", [
    ("2568: {status: เสร็จแล้วมั้ง}", "progress[2568].status", "ใช้ไม่ได้"),
    ("2568: {spent: 100}", "progress[2568]", "status"),
    ("2568: {status: เสร็จ, spent: หนึ่งร้อย}", "progress[2568].spent", "จำนวนเงิน"),
    ("2568: {status: เสร็จ, evidence: files/none.pdf}", "progress[2568].evidence", "ไม่พบไฟล์"),
    ("2568: {status: เสร็จ, spnt: 5}", "progress[2568].spnt", "spent"),
    ("สองพัน: {status: เสร็จ}", "progress.สองพัน", "ไม่ใช่ปี"),
])
def test_project_progress_problems_name_file_line_and_field(copy_fixture, entry, field, words):
    data = copy_fixture("mini")
    edit(data / "plan.yaml", PROJECT_1, PROJECT_1 + "                progress:\n                  " + entry + "\n")
    _, problems = build(data)
    found = problem_at(problems, "plan.yaml", field, words)
    assert found is not None and found.line == 32 and found.severity == "error", problems.items


@pytest.mark.parametrize("written, meant", [
    ("6 เดือน", "6 เดือน"), ("รอบ 6 เดือน", "6 เดือน"), ("ครึ่งปี", "6 เดือน"), ("6", "6 เดือน"),
    ("12 เดือน", "12 เดือน"), ("รอบ 12 เดือน", "12 เดือน"), ("รอบปี", "12 เดือน"), ("ประจำปี", "12 เดือน"),
    ("12", "12 เดือน"), ("๑๒", "12 เดือน"),
])
def test_measures_round_accepts_the_ways_documents_say_it(copy_fixture, written, meant):
    data = copy_fixture("mini")
    edit(data / "measures/2568.yaml", "fiscal_year: 2568\n", f"fiscal_year: 2568\nround: {written}\n")
    model, problems = build(data)
    assert not problems.errors, problems.items
    assert model.measures[0].round == meant


def test_measures_round_is_none_when_absent(copy_fixture):
    model, _ = build(copy_fixture("mini"))
    assert model.measures[0].round is None


def test_a_wrong_measures_round_is_reported_by_the_command(copy_fixture):
    data = copy_fixture("mini")
    edit(data / "measures/2568.yaml", "fiscal_year: 2568\n", "fiscal_year: 2568\nround: 3 เดือน\n")
    result = run_prongsai("validate", "--data", str(data))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert "mini/measures/2568.yaml:3: round: '3 เดือน' ใช้ไม่ได้" in output, output
