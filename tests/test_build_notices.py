"""What `prongsai build` and `prongsai validate` tell staff in one line: the current year's
catalogue is provisional, and how ready the current year is (the same verdicts as `prongsai check`)."""

from __future__ import annotations

import json
import re

from testkit import run_prongsai


def test_build_prints_a_one_line_readiness_summary_that_agrees_with_check(copy_fixture, tmp_path):
    data = copy_fixture("mini")
    result = run_prongsai("build", "--data", str(data), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("ความพร้อม ITA 2569")]
    assert len(lines) == 1, result.stdout
    summary = lines[0]
    match = re.search(r"ครบ (\d+) จาก (\d+) ข้อ ต้องแก้ (\d+) ข้อ", summary)
    assert match, summary
    check = run_prongsai("check", "--data", str(data), "--year", "2569", "--today", "2026-04-20", "--format", "json")
    report = json.loads(check.stdout)
    statuses = [item["status"] for item in report["items"]]
    assert int(match.group(1)) == statuses.count("complete")
    assert int(match.group(2)) == len(statuses)
    assert int(match.group(3)) == len(statuses) - statuses.count("complete") > 0
    failing = [item["id"] for item in report["items"] if item["status"] != "complete"]
    assert failing[0] in summary
    assert f"prongsai check --data {data} --year 2569" in summary


def test_validate_and_build_say_in_one_line_that_the_catalogue_is_provisional(copy_fixture, tmp_path):
    data = copy_fixture("mini")
    for args in (("validate",), ("build", "--site-dir", str(tmp_path / "site"))):
        result = run_prongsai(*args, "--data", str(data), "--year", "2570")
        assert result.returncode == 0, result.stdout + result.stderr
        notices = [line for line in result.stderr.splitlines() if "ชั่วคราว" in line]
        assert len(notices) == 1 and "2570" in notices[0], result.stderr
    html = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))
    assert "ชั่วคราว" not in html  # nothing of it on the public site
