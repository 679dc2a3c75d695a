"""Writers of Thai official documents as LAOs publish them: PDF (Thai text layer), Word,
Excel, and scans (an image, or a PDF holding only an image).

A document is a list of blocks: ("heading", text) centred and bold, ("text", text) a
paragraph, ("right", text) right-aligned (dates, references), ("sign", text) a signature
block line, ("table", rows) a ruled table. Used by make_documents.py for the filing test
set and for the example organisation's evidence (data/files/2568–2570).

PDFs need fpdf2 and a Thai TrueType font of the Sarabun family: the TLWG "Laksaman"
(Debian package fonts-thai-tlwg) is TH Sarabun New under another name.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

FONT_DIRS = [Path("/usr/share/fonts/truetype/tlwg"), Path("/usr/share/fonts/opentype/tlwg")]
FIXED = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)

Block = tuple[str, object]


def font_files() -> tuple[Path, Path] | None:
    for folder in FONT_DIRS:
        regular, bold = folder / "Laksaman.ttf", folder / "Laksaman-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


def blank_pdf():
    """An A4 fpdf2 document with the Thai font (regular and bold as 'sarabun') and one page."""
    from fpdf import FPDF

    fonts = font_files()
    if fonts is None:
        raise SystemExit("ต้องมีฟอนต์ Laksaman (apt-get install fonts-thai-tlwg)")
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED)
    pdf.set_margins(25, 20, 20)
    pdf.add_font("sarabun", "", str(fonts[0]))
    pdf.add_font("sarabun", "B", str(fonts[1]))
    pdf.set_auto_page_break(True, 20)
    pdf.add_page()
    return pdf


def pdf_bytes(blocks: list[Block]) -> bytes:
    pdf = blank_pdf()
    for kind, value in blocks:
        if kind == "heading":
            pdf.set_font("sarabun", "B", 18)
            pdf.multi_cell(0, 9, str(value), align="C", new_x="LMARGIN", new_y="NEXT")
        elif kind == "gap":
            pdf.ln(6)
        elif kind == "table":
            pdf.set_font("sarabun", "", 13)
            rows = list(value)
            with pdf.table(text_align="LEFT", line_height=6.5) as table:
                for row in rows:
                    cells = table.row()
                    for cell in row:
                        cells.cell(str(cell))
            pdf.ln(3)
        else:
            pdf.set_font("sarabun", "", 16)
            align = {"right": "R", "sign": "C"}.get(kind, "J")
            indent = "        " if kind == "text" else ""
            pdf.multi_cell(0, 8, indent + str(value), align=align, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def png_bytes(blocks: list[Block], width: int = 1240) -> bytes:
    """A page photographed or scanned: the text is pixels only (slightly grey paper)."""
    from PIL import Image, ImageDraw, ImageFont

    fonts = font_files()
    height = 1754
    image = Image.new("L", (width, height), 238)
    draw = ImageDraw.Draw(image)
    bold = ImageFont.truetype(str(fonts[1]), 44)
    regular = ImageFont.truetype(str(fonts[0]), 36)
    y = 90
    for kind, value in blocks:
        if kind == "table":
            for row in value:
                draw.text((110, y), "   ".join(str(c) for c in row)[:90], fill=30, font=regular)
                y += 44
            continue
        font = bold if kind == "heading" else regular
        text = str(value)
        for start in range(0, len(text), 60):
            draw.text((110, y), text[start:start + 60], fill=20, font=font)
            y += 52
        if y > height - 100:
            break
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def scanned_pdf_bytes(blocks: list[Block]) -> bytes:
    """A PDF that holds only the scanned page: no text layer at all."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED)
    pdf.add_page()
    pdf.image(io.BytesIO(png_bytes(blocks, width=1000)), x=0, y=0, w=210)
    return bytes(pdf.output())


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _run(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _paragraph(text: str, align: str | None = None, bold: bool = False) -> str:
    props = f'<w:pPr><w:jc w:val="{align}"/></w:pPr>' if align else ""
    return f"<w:p>{props}{_run(text, bold)}</w:p>"


def docx_bytes(blocks: list[Block]) -> bytes:
    body = []
    for kind, value in blocks:
        if kind == "heading":
            body.append(_paragraph(str(value), "center", True))
        elif kind == "gap":
            body.append("<w:p/>")
        elif kind == "table":
            rows = "".join("<w:tr>" + "".join(f"<w:tc>{_paragraph(str(c))}</w:tc>" for c in row) + "</w:tr>"
                           for row in value)
            body.append(f"<w:tbl>{rows}</w:tbl>")
        else:
            body.append(_paragraph(str(value), {"right": "right", "sign": "center"}.get(kind)))
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{_W_NS}"><w:body>{"".join(body)}</w:body></w:document>')
    return _zip({
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": document,
    })


def xlsx_bytes(blocks: list[Block]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "ข้อมูล"
    book.properties.created = book.properties.modified = FIXED.replace(tzinfo=None)
    for kind, value in blocks:
        if kind == "table":
            for row in value:
                sheet.append(list(row))
        elif kind == "gap":
            sheet.append([])
        else:
            sheet.append([str(value)])
            if kind == "heading":
                sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(path: Path, blocks: list[Block], scanned: bool = False) -> None:
    suffix = path.suffix.lower()
    if suffix == ".png":
        data = png_bytes(blocks)
    elif suffix == ".pdf":
        data = scanned_pdf_bytes(blocks) if scanned else pdf_bytes(blocks)
    elif suffix == ".docx":
        data = docx_bytes(blocks)
    elif suffix == ".xlsx":
        data = xlsx_bytes(blocks)
    else:
        raise ValueError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# --- the shapes of Thai official documents ---------------------------------------------------

def announcement(org: str, subject: list[str], body: list[str], signed: str, signer: tuple[str, str],
                 table=None, label: str = "ประกาศ ณ วันที่") -> list[Block]:
    """ประกาศ<org> / เรื่อง … / body / ประกาศ ณ วันที่ … / signature."""
    blocks: list[Block] = [("heading", f"ประกาศ{org}"), ("heading", f"เรื่อง {subject[0]}")]
    blocks += [("heading", line) for line in subject[1:]]
    blocks += [("heading", "-------------------------"), ("gap", "")]
    blocks += [("text", p) for p in body]
    if table:
        blocks.append(("table", table))
    blocks += [("gap", ""), ("sign", f"{label} {signed}"), ("gap", ""), ("sign", "(ลงชื่อ)"),
               ("sign", f"({signer[0]})"), ("sign", signer[1])]
    return blocks


def order(org: str, number: str, subject: list[str], body: list[str], signed: str, signer: tuple[str, str]) -> list[Block]:
    blocks: list[Block] = [("heading", f"คำสั่ง{org}"), ("heading", f"ที่ {number}"), ("heading", f"เรื่อง {subject[0]}")]
    blocks += [("heading", line) for line in subject[1:]]
    blocks += [("heading", "-------------------------"), ("gap", "")]
    blocks += [("text", p) for p in body]
    blocks += [("gap", ""), ("sign", f"สั่ง ณ วันที่ {signed}"), ("gap", ""), ("sign", "(ลงชื่อ)"),
               ("sign", f"({signer[0]})"), ("sign", signer[1])]
    return blocks


def memo(office: str, number: str, signed: str, subject: str, to: str, body: list[str], signer: tuple[str, str],
         table=None) -> list[Block]:
    blocks: list[Block] = [("heading", "บันทึกข้อความ"), ("text", f"ส่วนราชการ {office}"),
                           ("text", f"ที่ {number}    วันที่ {signed}"), ("text", f"เรื่อง {subject}"),
                           ("text", f"เรียน {to}")]
    blocks += [("text", p) for p in body]
    if table:
        blocks.append(("table", table))
    blocks += [("gap", ""), ("sign", "(ลงชื่อ)"), ("sign", f"({signer[0]})"), ("sign", signer[1])]
    return blocks


def report(title: list[str], org: str, body: list[str], table=None, closing: list[str] = (),
           signed: str | None = None, signer: tuple[str, str] | None = None) -> list[Block]:
    """A report: cover lines, the organisation, body, table, and the reporter's signature and date."""
    blocks: list[Block] = [("heading", line) for line in title]
    blocks += [("heading", org), ("gap", "")]
    blocks += [("text", p) for p in body]
    if table:
        blocks.append(("table", table))
    blocks += [("text", p) for p in closing]
    if signer:
        blocks += [("gap", ""), ("sign", "(ลงชื่อ)"), ("sign", f"({signer[0]})"), ("sign", signer[1])]
    if signed:
        blocks.append(("sign", f"วันที่ {signed}"))
    return blocks
