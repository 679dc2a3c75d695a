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
from generator.importers.pdf import normalise_thai, pdf_lines, pdf_text
from generator.importers.plan_text import import_plan_text
from generator.problems import Problems
from importer_kit import SEED_MEASURES, all_projects, messages
from pdf_kit import print_with_chromium, print_with_fpdf2, print_with_libreoffice, printed_lines, require_chromium
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


# --- where a line was wrapped ----------------------------------------------------------------

# A long paragraph without spaces (it wraps between Thai words), made longer step by step so that
# its last line ends ever nearer the right margin, each followed by a paragraph that starts with
# one Thai word and then runs on without a space: up to the first space it would never fit. (The
# long paragraphs start with different names: the same first line at the top of most pages would
# be a running header.)
_NAMES = ["เทศบาลตำบลท่าช้าง", "เทศบาลเมืองจันทบุรี", "องค์การบริหารส่วนตำบลห้วยทราย", "เทศบาลนครเชียงใหม่",
          "องค์การบริหารส่วนจังหวัดหนองคาย", "เทศบาลตำบลบ้านใหม่", "องค์การบริหารส่วนตำบลเมืองพะไล",
          "เทศบาลเมืองลำพูน", "องค์การบริหารส่วนตำบลหนองบัว", "เทศบาลตำบลนาดี", "องค์การบริหารส่วนตำบลทุ่งสง"]
_LONG = ("ได้ดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสครบทุกมาตรการและได้รายงาน"
         "ผลการดำเนินการต่อผู้บริหารท้องถิ่นเพื่อทราบและพิจารณาสั่งการต่อไปตามระเบียบที่กำหนดไว้ทุกประการ")
_NEXT_WORD = "ข้อเสนอแนะ"
_NEXT = _NEXT_WORD + "ควรจัดสรรงบประมาณเพิ่มเติมสำหรับการพัฒนาเว็บไซต์ในปีงบประมาณถัดไป"


def _long(n: int) -> str:
    return _NAMES[n % len(_NAMES)] + _LONG + "ด" * n + f" #{n}"


def _paragraphs_ending_nearer_the_margin(count: int = 110) -> list[str]:
    paragraphs = [_NEXT_WORD]       # alone on its line: its printed width is measured
    for n in range(count):
        paragraphs += [_long(n), _NEXT]
    return paragraphs


@pytest.mark.slow
@pytest.mark.parametrize("printer", [print_with_chromium, print_with_libreoffice], ids=["chromium", "libreoffice"])
def test_a_paragraph_is_ended_where_the_next_lines_first_thai_word_would_have_fitted(printer, tmp_path):
    """The next paragraph starts on a line of its own when its first word (PyThaiNLP's dictionary)
    would have fitted after the last line of the paragraph above; a line whose first word would
    not have fitted is read as the wrapped rest of the line above, and the lines of one paragraph
    wrapped between Thai words come back as one."""
    paragraphs = _paragraphs_ending_nearer_the_margin()
    pdf = printer("\n".join(paragraphs), tmp_path / "paragraphs.pdf")
    read = [line for line in pdf_lines(pdf.read_bytes(), pdf.name, Problems()) if line.strip()]
    printed = printed_lines(pdf)
    margin = max(line.x1 for line in printed)
    word = next(line for line in printed if line.text == _NEXT_WORD)
    next_width = max(line.x1 - line.x0 for line in printed if line.text == _NEXT)
    room = {int(m.group(1)): margin - line.x1 for line in printed if (m := re.search(r"#(\d+)$", line.text))}
    own_line = {int(m.group(1)) for line in read if (m := re.search(r"#(\d+)$", line))}
    fitted = {n for n, left in room.items() if left >= word.x1 - word.x0 + 0.6 * word.size}
    not_fitted = {n for n, left in room.items() if left < word.x1 - word.x0}
    assert fitted and not_fitted
    # the first word fitted where the whole line up to its first space would not have
    assert any(room[n] < next_width for n in fitted)
    assert fitted <= own_line, sorted(fitted - own_line)
    assert not own_line & not_fitted, sorted(own_line & not_fitted)
    whole = {_key(p) for p in paragraphs}
    for n in fitted:
        assert _key(_long(n)) in {_key(line) for line in read}
    assert sum(_key(line) in whole for line in read) >= len(fitted) * 2


@pytest.mark.slow
def test_an_amount_cut_by_a_narrow_cell_is_joined_without_a_space(tmp_path):
    """A word processor cuts an amount too wide for its column inside the number, where there is
    no space: the space it draws where it wraps a line at one is missing, so the pieces are one."""
    amount = "๑,๒๓๔,๕๖๗,๘๙๐.๕๐"
    text = "\n".join(["ตารางงบประมาณ", "", "\t".join("กขคงจฉชซฌ"),
                      "\t".join(["ค่าใช้จ่าย", amount, "๓๐,๐๐๐ บาท", "-", "ก", "ข", "ค", "ง", "จ"])])
    pdf = print_with_libreoffice(text, tmp_path / "narrow.pdf")
    lines = pdf_lines(pdf.read_bytes(), pdf.name, Problems())
    assert not [line for line in printed_lines(pdf) if amount in line.text]     # it is cut in the PDF
    [row] = [line for line in lines if line.startswith("ค่าใช้จ่าย")]
    assert row.split("\t")[1:4] == [amount, "๓๐,๐๐๐ บาท", "-"]


@pytest.mark.slow
@pytest.mark.parametrize("printer", [print_with_chromium, print_with_libreoffice], ids=["chromium", "libreoffice"])
def test_a_row_cut_by_a_page_break_inside_its_first_cell_is_one_row(printer, tmp_path):
    """A row too tall for the rest of the page goes on at the top of the next: word processors draw
    its rule again and the rest of its first cell's paragraph is there; the amounts, one paragraph
    each, stay paragraphs of their cell."""
    long_cell = "การส่งเสริมคุณธรรมและความโปร่งใสในการบริหารงานของหน่วยงาน" * 60
    text = "\n".join(["ตารางงบประมาณ", "", "หัวข้อ\tงบประมาณ\tหมายเหตุ",
                      f"{long_cell}\t<p>๑๐,๐๐๐</p><p>-</p><p>๕,๐๐๐</p>\tร่วมกับโรงเรียน", "รวม\t๑๕,๐๐๐\t-"])
    pdf = printer(text, tmp_path / "cut.pdf")
    lines, page_starts = pdf_text(pdf.read_bytes(), pdf.name, Problems())
    assert len(page_starts) >= 2
    rows = [line.split("\t") for line in lines if "\t" in line]
    assert [_key(cells[0]) for cells in rows] == [_key("หัวข้อ"), _key(long_cell), _key("รวม")]
    assert rows[1][1:] == ["<p>๑๐,๐๐๐</p> <p>-</p> <p>๕,๐๐๐</p>", "ร่วมกับโรงเรียน"]


# A PDF library (fpdf2 here) cuts lines only at spaces: a Thai run too long for the room left goes
# whole to the next line, and a centred heading's lines are set in the middle of the column.
_ISSUER = "ประกาศองค์การบริหารส่วนตำบลท่าช้าง"
_RUN = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงานรัฐ"     # a line's width, nearly
_SUBJECT = "เรื่อง " + _RUN                                           # too long for one line
_WORD = "มาตรการ"                                                    # the run's first dictionary word
_SHORT_THEN_RUN = "องค์การบริหารส่วนตำบลท่าช้าง ได้ประชุม ทบทวน " + _RUN
_TOO_LONG = "เรื่อง " + _RUN + "วิสาหกิจ"                          # a run wider than the column


def test_a_pdf_library_cutting_lines_only_at_spaces_is_read_by_whole_runs(tmp_path):
    """fpdf2 has no Thai dictionary: a line whose whole first run up to a space would not have
    fitted on the line above is its wrapped rest, although its first Thai word would have (a
    word processor would have put that word there); a centred heading's room is the column's
    width less the line's (not what is left of the right margin), so its wrapped subject is one
    line again and a centred line whose first word fits is a line of its own; the pieces are
    joined at the space they were cut at, and a run cut inside where it was wider than the
    column is joined without one."""
    paragraphs = [("C", _ISSUER), ("C", _SUBJECT), ("", ""), ("L", _SHORT_THEN_RUN), ("", ""), ("L", _WORD),
                  ("", ""), ("C", _TOO_LONG)]
    pdf = print_with_fpdf2(paragraphs, tmp_path / "fpdf2.pdf")
    printed = printed_lines(pdf)
    margin = max(line.x1 for line in printed)
    texts = [line.text for line in printed]
    # as printed: the subject cut at its space; the run after the short words went whole to the
    # next line, though its first word would have fitted; the too long run cut inside
    assert texts[1:3] == _SUBJECT.split(" ")
    short = next(line for line in printed if _SHORT_THEN_RUN.startswith(line.text + " "))
    word = next(line for line in printed if line.text == _WORD)
    assert margin - short.x1 >= word.x1 - word.x0 + 0.6 * word.size
    assert _RUN in texts and not any(_TOO_LONG.endswith(" " + text) for text in texts)

    read = [line for line in pdf_lines(pdf.read_bytes(), pdf.name, Problems()) if line.strip()]
    assert read == [text for align, text in paragraphs if align]


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
