"""`prongsai import plan|measures FILE.pdf`: PDFs printed here by a browser (headless
Chromium) and by LibreOffice from the same text import like the text itself.

The seeds are read from ../shared/seeds (skipped where absent); the other documents are
the test inputs of tests/importers/reports and plans, written for the tests.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.importers import ocr
from generator.importers.measures_text import import_measures_text
from generator.importers.pdf import normalise_thai, pdf_lines
from generator.importers.plan_text import import_plan_text
from generator.problems import Problems
from importer_kit import SEED_MEASURES, all_projects, messages
from pdf_kit import print_with_chromium, print_with_libreoffice, require_chromium
from testkit import REPO, SEED002_PLAN, require_seed

HERE = Path(__file__).parent


def _key(text) -> str:
    """Titles compared without spaces: a PDF does not say whether a Thai line was wrapped at a space."""
    return re.sub(r"\s+", "", str(text or ""))


def _measure_titles(report: dict) -> list[str]:
    return [_key(m["title"]) for m in report.get("measures") or []]


def _project_titles(plan: dict) -> list[str]:
    return [_key(p["title"]) for p in all_projects(plan)]


# --- Thai as typed ------------------------------------------------------------------------

@pytest.mark.parametrize("glyph_text, typed", [
    ("ดํา", "ดำ"),                      # SARA AM drawn as NIKHAHIT + SARA AA
    ("น\u0e49\u0e4d\u0e32", "น้ำ"),        # with the tone mark between them
    ("ดำา", "ดำ"),                       # SARA AM doubled by a glyph mapped twice
    ("ท\u0e48\u0e35", "ที่"),               # tone mark before the vowel above
    ("ส\uf70a", "ส่"),                   # a legacy font's shifted tone mark (private use)
    ("\uf700าน", "ฐาน"),                # a legacy font's ฐ without its tail
    ("ป\x00งบ", "ปงบ"),                  # a glyph without Unicode is dropped, not kept as NUL
])
def test_thai_is_put_back_as_typed(glyph_text, typed):
    assert normalise_thai(glyph_text) == typed


def test_correct_thai_is_left_alone():
    text = "ที่ดำเนินการส่งเสริมคุณธรรม น้ำใจ ผู้ใหญ่ ปี ๒๕๖๘ กี่ครั้ง"
    assert normalise_thai(text) == text


# --- PDFs that cannot be read -------------------------------------------------------------

def test_damaged_pdf_is_refused_in_thai(tmp_path):
    path = tmp_path / "เสีย.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nthis is not a pdf body\n")
    report, problems = import_measures_text(path, "เสีย.pdf")
    assert report == {}
    [error] = [p for p in problems.errors]
    assert error.format().startswith("เสีย.pdf: -: ")
    assert "PDF" in error.message and re.search("[ก-๙]", error.message)


@pytest.mark.slow
def test_scanned_pdf_without_text_gets_a_thai_message_with_ocr_advice(tmp_path):
    """A page drawn as a picture (a canvas, printed as an image) has no text layer; where OCR
    cannot run, the message says how to make one."""
    if ocr.available():
        pytest.skip("Tesseract with Thai is installed here: scanned PDFs are read by OCR (see the next test)")
    require_chromium()
    page = tmp_path / "scan.html"
    page.write_text(
        "<!DOCTYPE html><html><body><canvas id=c width=800 height=300></canvas><script>"
        "const g=document.getElementById('c').getContext('2d');g.font='40px sans-serif';"
        "g.fillText('รายงานผลการดำเนินการ', 20, 100);</script></body></html>", encoding="utf-8")
    pdf = tmp_path / "scan.pdf"
    subprocess.run([require_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", f"--user-data-dir={tmp_path}/profile",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    plan, problems = import_plan_text(pdf, "scan.pdf")
    assert plan == {}
    [error] = problems.errors
    assert "ไม่มีข้อความ" in error.message and "OCR" in error.message and "ocrmypdf -l tha" in error.message


def _scanned(pdf: Path, target: Path) -> Path:
    """`pdf` as a scanner gives it: every page a 300 dpi greyscale picture, no text layer."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(target.with_suffix(""))],
                   check=True, capture_output=True, timeout=300)
    pictures = [Image.open(p) for p in sorted(target.parent.glob(f"{target.stem}*.png"))]
    pictures[0].save(target, save_all=True, append_images=pictures[1:], resolution=300)
    return target


@pytest.mark.slow
def test_scanned_pdf_is_read_by_ocr_with_a_warning_where_tesseract_reads_thai(tmp_path):
    """Tables are found from the rules in the picture, text by Tesseract; what OCR misreads stays
    as read (Thai digits are its weak point), so the import says so and names the unsure words."""
    if not ocr.available():
        pytest.skip("OCR needs tesseract with Thai and pdftoppm: apt-get install tesseract-ocr-tha poppler-utils")
    source = HERE / "reports" / "tessaban_2567_total_row.txt"
    text, _ = import_measures_text(source, source.name)
    pdf = print_with_chromium(source.read_text(encoding="utf-8"), tmp_path / "printed.pdf")
    report, problems = import_measures_text(_scanned(pdf, tmp_path / "scan.pdf"), "scan.pdf")
    assert not problems.errors, messages(problems)
    [warning] = [w for w in problems.warnings if "OCR" in w.message]
    assert warning.line is None and "ตรวจทาน" in warning.message
    assert report["fiscal_year"] == text["fiscal_year"] and len(report["measures"]) == len(text["measures"])
    same = [a == b for a, b in zip(_measure_titles(report), _measure_titles(text))]
    assert sum(same) >= len(same) - 2, list(zip(_measure_titles(report), _measure_titles(text)))


# --- browser printing ---------------------------------------------------------------------

@pytest.mark.slow
def test_seed_report_printed_by_a_browser_imports_like_its_text(tmp_path):
    seed = require_seed(SEED_MEASURES)
    pdf = print_with_chromium(seed.read_text(encoding="utf-8"), tmp_path / "000.pdf")
    from_text, _ = import_measures_text(seed, "000.txt")
    from_pdf, problems = import_measures_text(pdf, "000.pdf")
    assert not problems.errors, messages(problems)
    assert _measure_titles(from_pdf) == _measure_titles(from_text)
    assert from_pdf["fiscal_year"] == from_text["fiscal_year"]
    # the text of the seed was itself extracted from a PDF: its 'ดําเนินการ' is decomposed
    assert "ดําเนินการ" not in str(from_pdf) and "ดำเนินการ" in str(from_pdf)


@pytest.mark.slow
def test_seed_plan_printed_by_a_browser_imports_like_its_text(tmp_path):
    seed = require_seed(SEED002_PLAN)
    pdf = print_with_chromium(seed.read_text(encoding="utf-8"), tmp_path / "002.pdf")
    from_text, _ = import_plan_text(seed, "002.txt")
    from_pdf, problems = import_plan_text(pdf, "002.pdf")
    assert not problems.errors, messages(problems)
    assert len(all_projects(from_pdf)) == len(all_projects(from_text)) == 44
    assert _project_titles(from_pdf) == _project_titles(from_text)
    assert [d["title"] for d in from_pdf["dimensions"]] == [d["title"] for d in from_text["dimensions"]]
    budgets = lambda plan: [p.get("budget") for p in all_projects(plan)]  # noqa: E731
    assert budgets(from_pdf) == budgets(from_text)


@pytest.mark.slow
def test_browser_page_header_and_footer_are_not_content(tmp_path):
    """Chromium's own running header (date, title) and footer (address, 'N/M') on every page."""
    source = HERE / "reports" / "tessaban_2568_header_wrapped_merged_rows.txt"
    text = source.read_text(encoding="utf-8")
    pdf = print_with_chromium(text, tmp_path / "report.pdf", page_furniture=True)
    lines = pdf_lines(pdf.read_bytes(), "report.pdf", Problems())
    assert not [line for line in lines if "file://" in line or re.search(r"^\d+/\d+$", line.strip())]
    from_text, _ = import_measures_text(source, "report.txt")
    from_pdf, problems = import_measures_text(pdf, "report.pdf")
    assert not problems.errors, messages(problems)
    assert _measure_titles(from_pdf) == _measure_titles(from_text)


REPORTS = sorted((HERE / "reports").glob("*.txt"))
PLANS = sorted((HERE / "plans").glob("*.txt"))


@pytest.mark.slow
@pytest.mark.parametrize("source", REPORTS, ids=lambda p: p.stem)
def test_test_reports_printed_by_a_browser_keep_their_measures(source, tmp_path):
    pdf = print_with_chromium(source.read_text(encoding="utf-8"), tmp_path / (source.stem + ".pdf"))
    from_text, _ = import_measures_text(source, source.name)
    from_pdf, problems = import_measures_text(pdf, pdf.name)
    assert not problems.errors, messages(problems)
    assert _measure_titles(from_pdf) == _measure_titles(from_text)


@pytest.mark.slow
@pytest.mark.parametrize("source", PLANS, ids=lambda p: p.stem)
def test_test_plans_printed_by_a_browser_keep_their_projects(source, tmp_path):
    pdf = print_with_chromium(source.read_text(encoding="utf-8"), tmp_path / (source.stem + ".pdf"))
    from_text, _ = import_plan_text(source, source.name)
    from_pdf, problems = import_plan_text(pdf, pdf.name)
    assert not problems.errors, messages(problems)
    assert _project_titles(from_pdf) == _project_titles(from_text)


# --- Word-like printing (LibreOffice) --------------------------------------------------------

@pytest.mark.slow
def test_seed_report_printed_by_libreoffice_imports_like_its_text(tmp_path):
    seed = require_seed(SEED_MEASURES)
    pdf = print_with_libreoffice(seed.read_text(encoding="utf-8"), tmp_path / "000.pdf")
    from_text, _ = import_measures_text(seed, "000.txt")
    from_pdf, problems = import_measures_text(pdf, "000.pdf")
    assert not problems.errors, messages(problems)
    assert _measure_titles(from_pdf) == _measure_titles(from_text)


@pytest.mark.slow
def test_seed_plan_printed_by_libreoffice_imports_like_its_text(tmp_path):
    seed = require_seed(SEED002_PLAN)
    pdf = print_with_libreoffice(seed.read_text(encoding="utf-8"), tmp_path / "002.pdf")
    from_text, _ = import_plan_text(seed, "002.txt")
    from_pdf, problems = import_plan_text(pdf, "002.pdf")
    assert not problems.errors, messages(problems)
    assert len(all_projects(from_pdf)) == len(all_projects(from_text))
    assert sorted(_project_titles(from_pdf)) == sorted(_project_titles(from_text))


# --- the command ------------------------------------------------------------------------

def test_import_command_reads_a_pdf(tmp_path):
    from testkit import run_prongsai

    source = HERE / "reports" / "tessaban_2567_total_row.txt"
    pdf = print_with_chromium(source.read_text(encoding="utf-8"), tmp_path / "รายงาน.pdf")
    data = tmp_path / "data"
    data.mkdir()
    result = run_prongsai("import", "measures", str(pdf), "--data", str(data), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    written = list((data / "measures").glob("*.yaml"))
    assert len(written) == 1 and "มาตรการ" in result.stdout
