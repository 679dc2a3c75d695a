"""`prongsai export itas`: the answers of one ITA year for the ITAS form, one row per OIT item.

    prongsai export itas [--data DIR] [--year Y] [--out FILE.csv|FILE.xlsx]

Each row: the item's code as the year writes it (O1 …), its name, whether the organisation
has the data (มี/ไม่มี: a "nothing to report" statement counts only where the item accepts
one), the URL of the item's page on this site (the URL ITAS asks for), the
URLs of its documents (for the questions that ask for them) and the explanation text (the
item's `note` in oit/<year>.yaml). CSV is UTF-8 with a BOM, so that Excel shows the Thai.

URLs must be absolute for the evaluators to open them, so the export needs site.yaml's
`site_url`: without it the command stops with a message saying so, rather than writing
addresses that an evaluator could not open. The warnings `prongsai validate` prints (documents
outside an item's time window, statements an item does not accept) are printed here too.

Picked up by generator/cli.py (_register_extensions). Exit codes: 0 written, 1 the data has
errors or no site_url, 2 wrong usage (unknown year, a file type other than .csv/.xlsx).
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from . import argtypes

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

HEADERS = ("ข้อ", "ชื่อข้อ", "มีข้อมูล", "URL หน้าข้อ (กรอกในระบบ ITAS)", "URL เอกสาร", "คำอธิบาย")


@dataclass
class Row:
    code: str
    title: str
    has_data: bool
    page_url: str
    document_urls: list[str]
    explanation: str

    def cells(self) -> list[str]:
        return [self.code, self.title, "มี" if self.has_data else "ไม่มี", self.page_url,
                "\n".join(self.document_urls), self.explanation]


def register(commands) -> None:
    parser = commands.add_parser("export", help="ส่งออกข้อมูลไปใช้ที่อื่น เช่น คำตอบแต่ละข้อ OIT สำหรับระบบ ITAS")
    kinds = parser.add_subparsers(dest="export_kind", required=True, metavar="ชนิด")
    itas = kinds.add_parser(
        "itas", help="ตาราง URL และคำอธิบายของทุกข้อ OIT สำหรับกรอกในระบบ ITAS (CSV หรือ Excel)",
        description="เขียนตารางหนึ่งแถวต่อหนึ่งข้อ OIT: เลขข้อ ชื่อข้อ มี/ไม่มีข้อมูล URL ของหน้าข้อ URL ของเอกสาร "
                    "และคำอธิบาย (จาก note ในไฟล์ oit/<ปี>.yaml) ต้องระบุ site_url ใน site.yaml",
    )
    itas.add_argument("--data", type=Path, default=Path("data"), help="โฟลเดอร์ข้อมูล (ค่าเริ่มต้น data/)")
    itas.add_argument("--year", type=argtypes.year, help="ปีการประเมิน ITA (ค่าเริ่มต้นตาม site.yaml)")
    itas.add_argument("--out", type=Path, help="ไฟล์ผลลัพธ์ .csv หรือ .xlsx (ค่าเริ่มต้น itas-<ปี>.csv)")
    itas.set_defaults(func=cmd_export_itas)


def cmd_export_itas(args) -> int:
    from .load import display_path
    from .pipeline import Options, validate_data

    out = args.out
    if out is not None and out.suffix.lower() not in (".csv", ".xlsx"):
        print(f"--out: {out} ต้องเป็นไฟล์ .csv หรือ .xlsx", file=sys.stderr)
        return EXIT_USAGE
    # the same checks and messages as `prongsai validate`: documents outside an item's time
    # window, statements an item does not accept … are printed before the table is written
    checked = validate_data(Options(data_dir=args.data, year=args.year))
    model, problems, catalogues = checked.model, checked.problems, checked.catalogues
    problems.report(sys.stderr)
    if model is None or model.catalogue is None:
        return EXIT_USAGE if args.year and args.year not in catalogues else EXIT_DATA
    page_ids = {page.id for page in checked.pages}
    if problems.has_errors():
        print("ส่งออกไม่ได้: ข้อมูลมีข้อผิดพลาด ให้แก้ตามรายการด้านบนก่อน", file=sys.stderr)
        return EXIT_DATA
    if not model.site.site_url:
        shown = display_path(args.data, args.data / "site.yaml")
        print(f"{shown}: site_url: ยังไม่ได้ระบุที่อยู่ของเว็บไซต์ ระบบ ITAS ต้องใช้ URL เต็มที่ผู้ประเมินเปิดได้ "
              "ให้เพิ่มบรรทัด เช่น site_url: https://www.ชื่อหน่วยงาน.go.th/ แล้วสั่งใหม่", file=sys.stderr)
        return EXIT_DATA
    rows = itas_rows(model, page_ids)
    out = out or Path(f"itas-{model.year}.csv")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.suffix.lower() == ".xlsx":
            out.write_bytes(xlsx_bytes(rows, model.year))
        else:
            out.write_bytes(csv_bytes(rows))
    except OSError as exc:
        print(f"--out: เขียนไฟล์ {out} ไม่ได้ ({exc.strerror or exc})", file=sys.stderr)
        return EXIT_USAGE
    missing = sum(1 for row in rows if not row.has_data)
    print(f"เขียน {out} แล้ว: ITA {model.year} {len(rows)} ข้อ" + (f" (ยังไม่มีข้อมูล {missing} ข้อ)" if missing else ""))
    return EXIT_OK


def itas_rows(model, page_ids: set[str]) -> list[Row]:
    """One row per item of the model's (current) year, in the catalogue's order."""
    from .readiness.assess import page_has_data
    from .pages import item_pages

    base = model.site.site_url.rstrip("/")
    rows = []
    for item in model.catalogue.items:
        evidence = model.oit.evidence.get(item.key) if model.oit else None
        pages = [p for p in item_pages(item, evidence, page_ids) if page_has_data(model, p, page_ids)]
        documents = evidence.documents if evidence else []
        # a "nothing to report" statement answers only the items that accept one (validate warns)
        statement = bool(evidence and evidence.nothing_to_report and item.allows_nothing_to_report)
        has_data = bool(pages or statement or (evidence and (documents or evidence.links)))
        rows.append(Row(
            code=item.code, title=item.title, has_data=has_data,
            page_url=f"{base}/ita/{model.year}/{item.slug}/",
            document_urls=[_document_url(base, d) for d in documents if d.file or d.url],
            explanation=_explanation(evidence),
        ))
    return rows


def _document_url(base: str, document) -> str:
    """Attachments are published at the same path under the site (files/...)."""
    if document.file:
        return f"{base}/{quote(document.file)}"
    return document.url


def _explanation(evidence) -> str:
    if evidence is None:
        return ""
    parts = [" ".join(str(p).split()) for p in evidence.note if str(p).strip()]
    if not parts and evidence.nothing_to_report:
        parts.append(f"ไม่มีข้อมูลที่ต้องรายงาน: {evidence.nothing_to_report.reason}")
    return "\n".join(parts)


def csv_bytes(rows: list[Row]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(row.cells())
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def xlsx_bytes(rows: list[Row], year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"ITAS {year}"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row.cells())
    for column, width in zip("ABCDEF", (8, 50, 10, 48, 60, 70)):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
