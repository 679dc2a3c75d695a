"""Open data under /opendata/: the example's data package validates with the `frictionless`
library, its projects table has one row per plan project with the model's own numbers, CSV
and JSON say the same, and addresses are absolute under site_url and relative (resolving to
a published file) without it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import posixpath
from pathlib import Path

import pytest

from testkit import REPO, mini_without_site_url
from generator import opendata
from generator.pipeline import Options, generate

frictionless = pytest.importorskip("frictionless", reason="frictionless is in the test extras")


def _generate(data: Path, out: Path):
    return generate(Options(data_dir=data, out_dir=out, today=dt.date(2026, 4, 20)))


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("opendata-example")
    return _generate(REPO / "data", out), out


def _csv_rows(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} must start with a UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_example_data_package_is_valid(example):
    _, out = example
    report = frictionless.validate(str(out / "opendata" / "datapackage.json"))
    errors = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    assert report.valid, "\n".join(errors)
    names = {task.name for task in report.tasks}
    assert {"plan-projects", "plan-risks", "plan-progress", "measures"} <= names
    assert {"plan-projects-json", "plan-progress-json"} <= names


def test_projects_table_has_one_row_per_plan_project(example):
    result, out = example
    plan = result.model.plan
    rows = _csv_rows(out / "opendata" / "plan-projects.csv")
    assert [int(row["no"]) for row in rows] == [project.no for project in plan.projects]
    for row, project in zip(rows, plan.projects):
        assert row["title"] == project.title
        assert int(row["dimension_no"]) == project.dimension_no
        for year in plan.years:
            expected = project.budget.get(year)
            assert row[f"budget_{year}"] == (str(expected) if expected else ""), (project.no, year)
        assert int(row["total_budget"]) == project.total_budget
        assert row["page"] == f"{result.model.site.site_url}plan/projects/{project.slug}/"
    assert sum(int(row["total_budget"]) for row in rows) == plan.grand_total


def test_json_says_what_the_csv_says(example):
    _, out = example
    package = json.loads((out / "opendata" / "datapackage.json").read_text(encoding="utf-8"))
    tables = [r for r in package["resources"] if r["format"] == "csv"]
    assert tables, "the package lists its CSV files"
    for resource in tables:
        rows = _csv_rows(out / "opendata" / resource["path"])
        as_json = json.loads((out / "opendata" / f"{resource['name']}.json").read_text(encoding="utf-8"))
        assert len(as_json) == len(rows), resource["name"]
        for from_csv, from_json in zip(rows, as_json):
            assert list(from_json) == list(from_csv) == [f["name"] for f in resource["schema"]["fields"]]
            assert {k: "" if v is None else str(v) for k, v in from_json.items()} == from_csv


def test_package_titles_are_thai_and_licence_is_named(example):
    result, out = example
    package = json.loads((out / "opendata" / "datapackage.json").read_text(encoding="utf-8"))
    assert result.model.organisation.name in package["title"]
    assert package["licenses"][0]["name"] == opendata.licence(result.model)["name"]
    for resource in package["resources"]:
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in resource["title"]), resource["name"]
        for column in resource["schema"]["fields"]:
            assert any("\u0e00" <= ch <= "\u0e7f" for ch in column["title"]), (resource["name"], column["name"])


def test_progress_table_lists_every_recorded_year(example):
    result, out = example
    rows = _csv_rows(out / "opendata" / "plan-progress.csv")
    expected = [(p.no, year, record.status, record.spent)
                for p in result.model.plan.projects for year, record in sorted(p.progress.items())]
    assert expected, "the example data records progress"
    assert [(int(r["project_no"]), int(r["fiscal_year"]), r["status"], int(r["spent"]) if r["spent"] else None)
            for r in rows] == expected
    assert {2566, 2567, 2568} <= {int(r["fiscal_year"]) for r in rows}


def test_measures_table_has_a_row_per_measure(example):
    result, out = example
    rows = _csv_rows(out / "opendata" / "measures.csv")
    assert len(rows) == sum(len(report.measures) for report in result.model.measures)
    assert [r["title"] for r in rows] == [m.title for report in result.model.measures for m in report.measures]


def test_each_ita_year_has_its_evidence_list(example):
    result, out = example
    for year in result.model.years:
        rows = _csv_rows(out / "opendata" / f"oit-{year}.csv")
        oit = result.model.oit_years.get(year)
        documents = sum(len(e.documents) for e in oit.evidence.values()) if oit else 0
        assert sum(1 for r in rows if r["kind"] == opendata.EVIDENCE_KINDS["document"]) == documents
        assert {int(r["ita_year"]) for r in rows} == {year}


def test_open_data_page_links_every_file(example):
    result, out = example
    page = (out / "opendata" / "index.md").read_text(encoding="utf-8")
    for path in sorted((out / "opendata").glob("*.*")):
        if path.suffix in (".csv", ".json"):
            assert f"]({path.name})" in page, f"the open-data page does not link {path.name}"
    assert "](../feed.xml)" in page


def test_addresses_without_site_url_are_relative_and_resolve(tmp_path):
    data = mini_without_site_url(tmp_path)
    out = tmp_path / "out"
    result = _generate(data, out)
    assert result.model.site.site_url is None
    checked = 0
    for name in ("plan-projects.csv", "measures.csv"):
        for row in _csv_rows(out / "opendata" / name):
            link = row["page"]
            assert not link.startswith(("http:", "https:", "/")), link
            target = posixpath.normpath(posixpath.join("opendata", link))
            assert (out / target / "index.md").is_file() or (out / f"{target}.md").is_file(), link
            checked += 1
    assert checked
