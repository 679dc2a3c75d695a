"""Thai display options and the live preview."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
import urllib.request

import pytest

from testkit import REPO, free_port
from generator.pipeline import Options, generate


def test_site_wide_thai_digits(copy_fixture, tmp_path):
    data = copy_fixture("mini")
    site_yaml = data / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "thai_digits: true\n", encoding="utf-8")
    out = tmp_path / "out"
    generate(Options(data_dir=data, out_dir=out, today=dt.date(2026, 4, 20)))
    plan = (out / "plan" / "index.md").read_text(encoding="utf-8")
    assert "๕๐,๐๐๐" in plan and "50,000" not in plan
    assert "๒๙ กันยายน ๒๕๖๕" in plan
    item = (out / "ita" / "2569" / "o2.md").read_text(encoding="utf-8")
    assert "๒๐ เมษายน ๒๕๖๙" in item
    assert item.splitlines()[2].startswith("ITA ๒๕๖๙ · ")  # the line under the title
    years = (out / "ita" / "index.md").read_text(encoding="utf-8")
    assert "๒๕๖๙ (๑ ต.ค. ๖๘ – ๓๐ ก.ย. ๖๙)" in years
    assert "(2569/index.md)" in years  # addresses keep Arabic digits


def test_arabic_digits_by_default(tmp_path):
    out = tmp_path / "out"
    generate(Options(data_dir=REPO / "tests" / "fixtures" / "mini", out_dir=out, today=dt.date(2026, 4, 20)))
    plan = (out / "plan" / "index.md").read_text(encoding="utf-8")
    assert "50,000" in plan and "29 กันยายน 2565" in plan


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page and text in page:
            return True
        time.sleep(0.5)
    return False


@pytest.mark.slow
def test_serve_regenerates_when_data_changes(copy_fixture):
    data = copy_fixture("mini")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--data", str(data), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        assert _wait_for(url, "ตำบลทดสอบมีพื้นที่", 60), "the preview did not start"
        organisation = data / "organisation.yaml"
        organisation.write_text(organisation.read_text(encoding="utf-8").replace(
            "ตำบลทดสอบมีพื้นที่", "ตำบลที่แก้ไขแล้วมีพื้นที่"), encoding="utf-8")
        assert _wait_for(url, "ตำบลที่แก้ไขแล้วมีพื้นที่", 60), "the preview did not pick up the change"
    finally:
        server.terminate()
        server.wait(timeout=20)
