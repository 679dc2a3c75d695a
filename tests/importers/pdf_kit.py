"""Make PDFs of text documents the way LAO staff make them, for the PDF import tests.

A text document in the importers' shape (paragraphs one per line, table rows as
tab-separated lines, a cell's paragraphs as <p>…</p>) becomes an HTML page with
the Sarabun font and ruled tables, printed by headless Chromium ("browser
printing"), or a .docx printed by LibreOffice ("Word-like printing") where
LibreOffice is installed. Imported as `pdf_kit`.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import html
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from testkit import REPO, shared_chromium

FONTS = REPO / "generator" / "theme" / "assets" / "fonts"
CHROMIUM = "/usr/bin/chromium"

_PAGE_STYLE = """
@font-face {{ font-family: Sarabun; src: url('{fonts}/sarabun-thai-400-normal.woff2'); font-weight: 400; }}
@font-face {{ font-family: Sarabun; src: url('{fonts}/sarabun-latin-400-normal.woff2'); font-weight: 400;
             unicode-range: U+0000-00FF; }}
@font-face {{ font-family: Sarabun; src: url('{fonts}/sarabun-thai-700-normal.woff2'); font-weight: 700; }}
@page {{ size: A4 {orientation}; margin: 18mm 15mm; }}
body {{ font-family: Sarabun; font-size: 14px; line-height: 1.5; }}
p {{ margin: 0; }}
p.blank {{ height: 1.5em; }}
table {{ border-collapse: collapse; width: 100%; margin: 8px 0; }}
td {{ border: 1px solid #000; vertical-align: top; padding: 3px 4px; }}
td p {{ margin: 0; }}
"""


def _inline(text: str) -> str:
    """Text with its <b> bold kept as bold; anything else that looks like markup shown as text."""
    return re.sub(r"&lt;(/?)b&gt;", r"<\1b>", html.escape(text.strip()))


def _cell_html(cell: str) -> str:
    """A cell's text: its <p> paragraphs kept as paragraphs."""
    pieces = [p for p in re.split(r"</?p>", cell) if p.strip()]
    if len(pieces) <= 1:
        return _inline(cell.replace("<p>", "").replace("</p>", ""))
    return "".join(f"<p>{_inline(p)}</p>" for p in pieces)


def text_to_html(text: str, landscape: bool = True) -> str:
    """The document as one HTML page: paragraphs, and each run of tab lines as a ruled table."""
    body: list[str] = []
    rows: list[list[str]] = []

    def close_table() -> None:
        if rows:
            width = max(len(r) for r in rows)
            body.append("<table>" + "".join(
                "<tr>" + "".join(f"<td>{_cell_html(c)}</td>" for c in r + [""] * (width - len(r))) + "</tr>"
                for r in rows) + "</table>")
            rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        close_table()
        # one paragraph a line and an empty paragraph for a blank line, as in a Word document
        body.append(f"<p>{_inline(line)}</p>" if line.strip() else '<p class="blank"></p>')
    close_table()
    style = _PAGE_STYLE.format(fonts=FONTS.as_uri(), orientation="landscape" if landscape else "portrait")
    return f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><style>{style}</style></head>' \
           f'<body>{"".join(body)}</body></html>'


def require_chromium() -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is missing (apt-get install chromium)")
    return CHROMIUM


# The PDFs printed by this test process, by printer and text: several tests print the same
# document (the test documents by both printers, the seeds), and printing is the slow part.
_printed: dict[tuple[str, str], bytes] = {}


def _key(printer: str, text: str) -> tuple[str, str]:
    return printer, hashlib.sha256(text.encode("utf-8")).hexdigest()


def _once(printer: str, text: str, pdf: Path, print_it) -> Path:
    """`pdf` holds `text` as `printer` prints it: printed by `print_it(pdf)` the first time,
    a copy of that PDF after."""
    key = _key(printer, text)
    if key in _printed:
        pdf.write_bytes(_printed[key])
    else:
        print_it(pdf)
        _printed[key] = pdf.read_bytes()
    return pdf


def print_with_chromium(text: str, pdf: Path, page_furniture: bool = False) -> Path:
    """`text` printed to `pdf` by headless Chromium; with `page_furniture`, Chromium's own
    running header (date, title) and footer (address, page N/M) are printed on every page."""
    printer = "chromium with header and footer" if page_furniture else "chromium"
    return _once(printer, text, pdf, lambda target: _chromium_print(text, target, page_furniture))


def _chromium_print(text: str, pdf: Path, page_furniture: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="pdfkit-") as tmp:
        page = Path(tmp) / "document.html"
        page.write_text(text_to_html(text), encoding="utf-8")
        if page_furniture:  # the command line's own header and footer
            args = [require_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", f"--user-data-dir={tmp}/profile",
                    f"--print-to-pdf={pdf}", "--virtual-time-budget=5000"]
            subprocess.run(args + [page.as_uri()], check=True, capture_output=True, timeout=300)
        else:
            _print_in_shared_chromium(page, pdf)


def _print_in_shared_chromium(page: Path, pdf: Path) -> None:
    """The page printed by the test process's Chromium (testkit), as `chromium --headless
    --print-to-pdf --no-pdf-header-footer` prints it (the page's own @page size and margins;
    the same glyphs at the same places, checked on every test document) without starting a
    browser per document."""
    require_chromium()
    browser = shared_chromium()
    tab = browser.new_page()
    try:
        tab.navigate(page.as_uri())
        tab.eval("document.fonts.ready.then(() => true)", await_promise=True)
        pdf.write_bytes(base64.b64decode(tab.send("Page.printToPDF", preferCSSPageSize=True)["data"]))
    finally:
        browser.close_page(tab)


# --- Word-like printing: a .docx of the text, converted by LibreOffice -----------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _run(text: str) -> str:
    return f'<w:r><w:rPr><w:rFonts w:ascii="TH Sarabun New" w:hAnsi="TH Sarabun New" w:cs="TH Sarabun New"/>' \
           f'<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr><w:t xml:space="preserve">{html.escape(text)}</w:t></w:r>'


def _paragraph(text: str) -> str:
    return f"<w:p>{_run(text) if text else ''}</w:p>"


def text_to_docx(text: str, docx: Path) -> Path:
    """The document as a Word file: paragraphs, and each run of tab lines as a table with borders."""
    body: list[str] = []
    rows: list[list[str]] = []
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))

    def close_table() -> None:
        if rows:
            width = max(len(r) for r in rows)
            xml_rows = []
            for r in rows:
                cells = []
                for cell in r + [""] * (width - len(r)):
                    paragraphs = [p.strip() for p in re.split(r"</?p>", cell) if p.strip()] or [""]
                    cells.append("<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr>"
                                 + "".join(_paragraph(p) for p in paragraphs) + "</w:tc>")
                xml_rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
            body.append(f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>{borders}</w:tblBorders>'
                        f'</w:tblPr>{"".join(xml_rows)}</w:tbl><w:p/>')
            rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        close_table()
        body.append(_paragraph(line.strip()))
    close_table()
    section = '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' \
              '<w:pgMar w:top="1000" w:right="1000" w:bottom="1000" w:left="1000"/></w:sectPr>'
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}">' \
               f'<w:body>{"".join(body)}{section}</w:body></w:document>'
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml",
                         '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                         'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
                         '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("_rels/.rels",
                         '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
                         'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
                         'formats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                         '</Relationships>')
        archive.writestr("word/document.xml", document)
    return docx


def libreoffice() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


_office_profile: list[str] = []


def _libreoffice_profile() -> str:
    """One LibreOffice profile for the test process: making a new one takes seconds."""
    if not _office_profile:
        _office_profile.append(tempfile.mkdtemp(prefix="pdfkit-lo-profile-"))
        atexit.register(shutil.rmtree, _office_profile[0], ignore_errors=True)
    return _office_profile[0]


def print_with_libreoffice(text: str, pdf: Path, together_with: list[str] = ()) -> Path:
    """`text` as a Word file converted to PDF by LibreOffice (skips where it is not installed).
    `together_with`: other texts the test process will print, converted in the same run of
    LibreOffice (starting it takes a second; converting a document a tenth of that)."""
    office = libreoffice()
    if not office:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui fonts-tlwg-laksaman)")
    batch = [other for other in dict.fromkeys(together_with)
             if other != text and _key("libreoffice", other) not in _printed]
    return _once("libreoffice", text, pdf, lambda target: _libreoffice_print(office, [text, *batch], target))


def _libreoffice_print(office: str, texts: list[str], pdf: Path) -> None:
    """texts[0] printed to `pdf`; the others kept for later (_printed)."""
    with tempfile.TemporaryDirectory(prefix="pdfkit-lo-") as tmp:
        documents = [text_to_docx(text, Path(tmp) / f"document{n}.docx") for n, text in enumerate(texts)]
        subprocess.run([office, f"-env:UserInstallation={Path(_libreoffice_profile()).as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, *map(str, documents)],
                       check=True, capture_output=True, timeout=600)
        for text, document in zip(texts[1:], documents[1:]):
            _printed[_key("libreoffice", text)] = document.with_suffix(".pdf").read_bytes()
        shutil.move(str(documents[0].with_suffix(".pdf")), pdf)


# --- what a printed PDF looks like, line by line ----------------------------------------------

def printed_lines(pdf: Path) -> list:
    """The lines of text of every page of `pdf` as the PDF reader sees them (with their glyphs'
    positions: x0, x1, size, text), top to bottom, page after page."""
    from generator.importers import pdf as reader
    from generator.problems import Problems

    pages = reader._read_pages(pdf.read_bytes(), pdf.name, Problems())
    return [line for page in pages for line in reader._lines(reader._clusters(page.glyphs))]


# --- PDF libraries: lines cut only at spaces ---------------------------------------------------

def print_with_fpdf2(paragraphs: list[tuple[str, str]], pdf: Path) -> Path:
    """Paragraphs as a PDF library writes them (fpdf2: it has no Thai dictionary and cuts lines
    only at spaces; it names no producer), on the page of the filing tests' documents
    (tests/filing/thai_documents.py): each (align, text) with align "C" centred (18 pt, as a
    heading), "L" flush left or "J" justified (16 pt), or "" a blank line. Skips where fpdf2
    or the TLWG Laksaman font (TH Sarabun New under another name) is missing."""
    pytest.importorskip("fpdf")
    filing_kit = str(REPO / "tests" / "filing")
    if filing_kit not in sys.path:
        sys.path.insert(0, filing_kit)
    from thai_documents import blank_pdf, font_files

    if font_files() is None:
        pytest.skip("the Laksaman font is not installed (apt-get install fonts-thai-tlwg)")
    document = blank_pdf()
    for align, text in paragraphs:
        if not align:
            document.ln(9)
            continue
        document.set_font("sarabun", "", 18 if align == "C" else 16)
        document.multi_cell(0, 9, text, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.write_bytes(bytes(document.output()))
    return pdf
