"""What `prongsai build` and `prongsai validate` tell staff in one line: the current year's
catalogue is provisional, and how ready the current year is (the same verdicts as `prongsai check`)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from testkit import REPO, run_prongsai


@pytest.mark.slow
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


@pytest.mark.slow
def test_validate_and_build_say_in_one_line_that_the_catalogue_is_provisional(copy_fixture, tmp_path):
    data = copy_fixture("mini")
    for args in (("validate",), ("build", "--site-dir", str(tmp_path / "site"))):
        result = run_prongsai(*args, "--data", str(data), "--year", "2570")
        assert result.returncode == 0, result.stdout + result.stderr
        notices = [line for line in result.stderr.splitlines() if "ชั่วคราว" in line]
        assert len(notices) == 1 and "2570" in notices[0], result.stderr
    html = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))
    assert "ชั่วคราว" not in html  # nothing of it on the public site


def _project(copy_fixture, tmp_path, plugins: str = "  - prongsai") -> Path:
    """A project folder: the fixture's data and a mkdocs.yml (the repository's, with absolute
    paths) that runs the given plugins."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.move(copy_fixture("mini"), project / "data")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^docs_dir: .*$", f"docs_dir: {REPO / 'content'}", config)
    config = re.sub(r"(?m)^(\s+custom_dir: ).*$", lambda m: f"{m.group(1)}{REPO / 'generator/theme'}", config)
    config = re.sub(r"(?m)^plugins:\n(?:  .*\n)+", f"plugins:\n{plugins}\n", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


@pytest.mark.slow
def test_the_site_folder_of_a_plain_mkdocs_build_is_refused_with_another_folder_to_use(copy_fixture, tmp_path):
    """site/ of a `mkdocs build` without the plugin has no mark of ours: prongsai build will not
    replace it, and the folder it suggests instead is another one, free, that works."""
    project = _project(copy_fixture, tmp_path, plugins="  - search")
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project,
                           capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert plain.returncode == 0, plain.stderr
    assert (project / "site" / "about" / "index.html").is_file()
    with_prongsai = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("  - search", "  - prongsai")
    (project / "mkdocs.yml").write_text(with_prongsai, encoding="utf-8")

    refused = run_prongsai("build", cwd=project)
    assert refused.returncode == 2, refused.stderr
    suggested = re.search(r"--site-dir เป็นโฟลเดอร์ใหม่หรือโฟลเดอร์ว่าง เช่น (\S+) ", refused.stderr)
    assert suggested, refused.stderr
    folder = suggested.group(1)
    assert folder != "site" and not (project / folder).exists()
    assert f"หรือสร้างที่ {folder} แล้ว" in refused.stderr
    built = run_prongsai("build", "--site-dir", folder, cwd=project)
    assert built.returncode == 0, built.stderr
    assert (project / folder / "index.html").is_file()


def test_the_message_saying_what_to_add_ends_its_line(copy_fixture, tmp_path):
    project = _project(copy_fixture, tmp_path, plugins="  - search")
    result = run_prongsai("build", cwd=project)
    assert result.returncode == 2, result.stderr
    assert result.stderr.endswith("plugins:\n  - prongsai\n(ถ้ามีบรรทัด plugins: อยู่แล้ว ให้เพิ่ม - prongsai ในรายการนั้น)\n")
    assert result.stdout == ""  # said before the data is validated
