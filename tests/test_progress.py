"""Project progress per fiscal year (plan.yaml `progress`) on the site: the example records
2566–2568; each project page lists its recorded years (status, planned, spent, outputs, date,
evidence file); the plan page sums them up per year (projects by status, planned against spent)."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from testkit import REPO
from generator import thai
from generator.opendata import PROGRESS_STATUSES
from generator.pipeline import Options, generate


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("progress-example")
    return generate(Options(data_dir=REPO / "data", out_dir=out, today=dt.date(2026, 4, 20))), out


def _section(page: str, heading: str) -> str:
    start = page.index(f"## {heading}")
    following = page.find("\n## ", start + 1)
    return page[start:following if following >= 0 else None]


def _tables(section: str) -> list[list[list[str]]]:
    """The body rows of each Markdown table in `section`."""
    tables, current = [], None
    for line in section.splitlines():
        if line.startswith("|"):
            if current is None:
                current = []
                tables.append(current)
            current.append([cell.strip() for cell in line.strip("|").split("|")])
        else:
            current = None
    return [table[2:] for table in tables]


def _table_rows(section: str) -> list[list[str]]:
    (rows,) = _tables(section)
    return rows


def test_example_records_progress_for_2566_to_2568(example):
    plan = example[0].model.plan
    years = {year for project in plan.projects for year in project.progress}
    assert {2566, 2567, 2568} <= years
    assert {r.status for p in plan.projects for r in p.progress.values()} <= set(PROGRESS_STATUSES)


def test_project_page_lists_each_recorded_year(example):
    result, out = example
    checked = 0
    for project in result.model.plan.projects:
        page = (out / f"{project.page_id}.md").read_text(encoding="utf-8")
        if not project.progress:
            assert "ผลการดำเนินงานรายปี" not in page
            continue
        rows = _table_rows(_section(page, "ผลการดำเนินงานรายปี"))
        assert [row[0] for row in rows] == [str(year) for year in sorted(project.progress)]
        for row, (year, record) in zip(rows, sorted(project.progress.items())):
            assert row[1] == record.status
            assert row[2] == thai.format_baht(project.budget.get(year))
            assert row[3] == thai.format_baht(record.spent)
            assert row[5] == (thai.thai_date(record.date) if record.date else "-")
            if record.evidence:
                link = re.search(r"\]\(([^)]+)\)", row[6]).group(1)
                assert (out / "plan" / "projects" / link).resolve() == (out / record.evidence).resolve()
                assert (out / record.evidence).is_file(), "the evidence file is published"
            checked += 1
    assert checked >= 20


def test_plan_page_sums_up_each_year(example):
    result, out = example
    plan = result.model.plan
    section = _section((out / "plan" / "index.md").read_text(encoding="utf-8"), "ผลการดำเนินงานรายปี")
    by_status, money = _tables(section)
    years = sorted({year for project in plan.projects for year in project.progress})
    assert [row[0] for row in by_status] == [row[0] for row in money] == [str(year) for year in years]
    for counts, amounts, year in zip(by_status, money, years):
        recorded = [(p, p.progress[year]) for p in plan.projects if year in p.progress]
        assert counts[1] == str(len(recorded))
        for column, status in enumerate(PROGRESS_STATUSES, start=2):
            assert counts[column] == str(sum(1 for _, r in recorded if r.status == status)), (year, status)
        assert amounts[1] == thai.format_baht(sum(p.budget.get(year) or 0 for p, _ in recorded))
        assert amounts[2] == thai.format_baht(sum(r.spent or 0 for _, r in recorded))
    assert 'id="prongsai-chart-plan-spending"' in section


def test_an_evidence_file_named_only_by_progress_is_published(tmp_path):
    """A progress record's evidence is an attachment like any other: copied into the site (and
    so scanned by the personal-data guard) even when nothing else names that file."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini", data)
    shutil.copyfile(data / "files" / "plan.pdf", data / "files" / "training-report-2568.pdf")
    plan_yaml = data / "plan.yaml"
    text = plan_yaml.read_text(encoding="utf-8")
    anchor = "                responsible: สำนักปลัด\n"
    assert anchor in text
    plan_yaml.write_text(text.replace(anchor, anchor + (
        "                progress:\n"
        "                  2568:\n"
        "                    status: เสร็จ\n"
        "                    spent: ๔๘,๕๐๐\n"
        "                    date: 2568-10-17\n"
        "                    evidence: files/training-report-2568.pdf\n"), 1), encoding="utf-8")
    out = tmp_path / "out"
    result = generate(Options(data_dir=data, out_dir=out, today=dt.date(2026, 4, 20)))
    assert "files/training-report-2568.pdf" in result.files
    assert (out / "files" / "training-report-2568.pdf").is_file()
    page = (out / "plan" / "projects" / "1.md").read_text(encoding="utf-8")
    assert "](../../files/training-report-2568.pdf)" in page
    assert "48,500" in page
