"""`prongsai export itas`: one row per OIT item with the URLs to submit in ITAS, run as a user
would (the real command in a subprocess) on the example data and on copies of the mini fixture."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from openpyxl import load_workbook

from testkit import REPO, run_prongsai
from generator.catalogue import load_catalogues
from generator.problems import Problems

HEADERS = ["ข้อ", "ชื่อข้อ", "มีข้อมูล", "URL หน้าข้อ (กรอกในระบบ ITAS)", "URL เอกสาร", "คำอธิบาย"]


def site_url(data: Path) -> str:
    return yaml.safe_load((data / "site.yaml").read_text(encoding="utf-8"))["site_url"].rstrip("/")


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM so that Excel reads Thai"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def site_file(site: Path, url: str, base: str) -> Path:
    assert url.startswith(base + "/"), url
    path = unquote(urlsplit(url).path)
    return site / path.lstrip("/") / ("index.html" if path.endswith("/") else "")


@pytest.mark.slow
def test_itas_csv_has_a_row_per_item_with_urls_that_exist_on_the_built_site(example_site, tmp_path):
    out = tmp_path / "itas.csv"
    result = run_prongsai("export", "itas", "--data", str(REPO / "data"), "--year", "2569", "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = read_csv(out)
    catalogue = load_catalogues(Problems())[2569]
    assert rows[0] == HEADERS
    assert [row[0] for row in rows[1:]] == [item.code for item in catalogue.items]
    assert [row[1] for row in rows[1:]] == [item.title for item in catalogue.items]
    base = site_url(REPO / "data")
    oit = yaml.safe_load((REPO / "data" / "oit" / "2569.yaml").read_text(encoding="utf-8"))["items"]
    for item, row in zip(catalogue.items, rows[1:]):
        assert row[3] == f"{base}/ita/2569/{item.slug}/"
        assert site_file(example_site, row[3], base).is_file(), row[3]
        for url in filter(None, row[4].split("\n")):
            if url.startswith(base):
                assert site_file(example_site, url, base).is_file(), f"{item.code}: {url}"
        declared = oit.get(item.key, {})
        assert len(list(filter(None, row[4].split("\n")))) == len(declared.get("documents") or [])
        note = declared.get("note") or []
        first_note = note if isinstance(note, str) else (note[0] if note else "")
        assert " ".join(first_note.split()) in row[5]
    assert {row[2] for row in rows[1:]} == {"มี"}
    assert f"26 ข้อ" in result.stdout


@pytest.mark.slow
def test_itas_xlsx_has_thai_headers_and_the_same_rows(tmp_path):
    csv_out, xlsx_out = tmp_path / "itas.csv", tmp_path / "itas.xlsx"
    for out in (csv_out, xlsx_out):
        result = run_prongsai("export", "itas", "--data", str(REPO / "data"), "--year", "2570", "--out", str(out))
        assert result.returncode == 0, result.stderr
    sheet = load_workbook(xlsx_out).active
    values = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert values == read_csv(csv_out)
    assert values[0] == HEADERS and len(values) == 1 + len(load_catalogues(Problems())[2570].items)
    assert all(row[3].endswith(f"/ita/2570/o{n}/") for n, row in enumerate(values[1:], 1))


@pytest.mark.slow
def test_items_without_evidence_say_so(copy_fixture, tmp_path):
    data = copy_fixture("mini")
    out = tmp_path / "mini.csv"
    result = run_prongsai("export", "itas", "--data", str(data), "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = {row[0]: row for row in read_csv(out)[1:]}
    oit = yaml.safe_load((data / "oit" / "2569.yaml").read_text(encoding="utf-8"))["items"]
    assert rows["O4"][2] == "ไม่มี" and "news" not in oit  # no evidence, no generated page
    assert rows["O2"][2] == "มี"  # the executives page is the evidence
    missing = sum(1 for row in rows.values() if row[2] == "ไม่มี")
    assert missing and f"ยังไม่มีข้อมูล {missing} ข้อ" in result.stdout


def test_default_output_file_is_named_after_the_year(copy_fixture, tmp_path):
    data = copy_fixture("mini")
    result = run_prongsai("export", "itas", "--data", str(data), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(read_csv(tmp_path / "itas-2569.csv")) > 1


def test_without_site_url_the_export_stops_with_a_thai_message(copy_fixture, tmp_path):
    data = copy_fixture("mini")
    site_yaml = data / "site.yaml"
    site_yaml.write_text(re.sub(r"(?m)^site_url:.*\n", "", site_yaml.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "itas.csv"
    result = run_prongsai("export", "itas", "--data", str(data), "--out", str(out))
    assert result.returncode == 1
    assert "site.yaml: site_url:" in result.stderr and "URL เต็ม" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


@pytest.mark.slow
def test_wrong_year_and_wrong_file_type_are_usage_errors(tmp_path):
    year = run_prongsai("export", "itas", "--data", str(REPO / "data"), "--year", "2599", "--out", str(tmp_path / "a.csv"))
    assert year.returncode == 2 and "2599" in year.stderr and "Traceback" not in year.stderr
    kind = run_prongsai("export", "itas", "--data", str(REPO / "data"), "--out", str(tmp_path / "a.pdf"))
    assert kind.returncode == 2 and ".csv" in kind.stderr
    assert not any(tmp_path.iterdir())


def _example_with(tmp_path: Path, items: dict) -> Path:
    """A copy of the example data with some items of oit/2569.yaml replaced."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    oit_file = data / "oit" / "2569.yaml"
    oit = yaml.safe_load(oit_file.read_text(encoding="utf-8"))
    oit["items"].update(items)
    oit_file.write_text(yaml.safe_dump(oit, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


@pytest.mark.slow
def test_export_prints_the_warnings_validate_prints(tmp_path):
    # this year's 6-month report given for last year's annual report: an evaluator gives 0
    data = _example_with(tmp_path, {"annual_report": {"documents": [{
        "title": "รายงานผลการดำเนินงาน รอบ 6 เดือน ปีงบประมาณ พ.ศ. 2569", "date": "2569-04-08",
        "period": "ต.ค. 68 - มี.ค. 69", "file": "files/2569/o7-annual-report-2568.pdf"}]}})
    validated = run_prongsai("validate", "--data", str(data))
    warnings = [line for line in validated.stderr.splitlines() if "annual_report" in line]
    assert warnings, validated.stderr
    result = run_prongsai("export", "itas", "--data", str(data), "--year", "2569", "--out", str(tmp_path / "i.csv"))
    assert result.returncode == 0, result.stderr
    for line in warnings:
        assert line in result.stderr


@pytest.mark.slow
def test_a_statement_the_item_does_not_accept_is_not_written_as_having_data(tmp_path):
    # news answered only by "nothing to report": the item asks for news, the evaluator gives 0
    data = _example_with(tmp_path, {"news": {"nothing_to_report": {
        "reason": "ไม่มีข่าวประชาสัมพันธ์ในปีนี้", "date": "2568-10-07"}}})
    out = tmp_path / "itas.csv"
    result = run_prongsai("export", "itas", "--data", str(data), "--year", "2569", "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = {row[0]: row for row in read_csv(out)[1:]}
    assert rows["O4"][2] == "ไม่มี"
    assert "items.news.nothing_to_report" in result.stderr and "ไม่รับคำชี้แจง" in result.stderr
    assert rows["O18"][2] == "มี"  # complaint statistics accept "there were none"
