"""Seed 002's real plan, imported into the data format at test time (the `seed002`
fixture: tests/fixtures/seed002, skipped without ../shared/seeds), validates and
builds: 44 projects in 4 dimensions with budgets per fiscal year, and the summary
table's duplicated project number is reported as a warning."""

from __future__ import annotations

import pytest

from testkit import run_prongsai
from generator.pipeline import Options, build_model, check_only
from generator.problems import Problems


def test_plan_structure_and_budgets(seed002):
    model, _, _ = build_model(Options(data_dir=seed002), Problems())
    plan = model.plan
    assert len(plan.dimensions) == 4
    assert sum(len(d.missions) for d in plan.dimensions) == 10
    assert sum(len(m.sub_missions) for d in plan.dimensions for m in d.missions) == 23
    assert len(plan.projects) == 44
    assert plan.years == [2566, 2567, 2568, 2569, 2570]
    funded = {p.no: p.budget for p in plan.funded_projects}
    assert funded[1] == {2567: 50000, 2568: 50000, 2569: 50000, 2570: 50000}
    assert funded[41] == {year: 50000 for year in plan.years}
    # totals are computed from the projects, per dimension and year
    assert plan.dimensions[3].budget_in(2568) == 70000
    assert plan.total_in(2567) == sum(d.budget_in(2567) for d in plan.dimensions)


def test_duplicate_project_number_is_a_warning(seed002):
    problems = check_only(Options(data_dir=seed002))
    assert not problems.errors, [p.format() for p in problems.errors]
    messages = [p.format() for p in problems.warnings]
    assert any("summary_no" in m and "37" in m and "39" in m and "ซ้ำ" in m for m in messages), messages
    assert any("stated_totals" in m and "2566" in m for m in messages), messages


@pytest.mark.slow
def test_builds_a_site_with_a_page_per_project(seed002, seed002_site, tmp_path):
    site = seed002_site  # `prongsai build --data tests/fixtures/seed002`, once per run (conftest.py)
    pages = sorted(p.parent.name for p in (site / "plan" / "projects").glob("*/index.html"))
    assert len(pages) == 44 and "39" in pages
    overview = (site / "plan" / "index.html").read_text(encoding="utf-8")
    assert "70,000" in overview
    strict = run_prongsai("build", "--data", str(seed002), "--site-dir", str(tmp_path / "strict"), "--strict")
    assert strict.returncode == 1 and "summary_no" in strict.stderr
