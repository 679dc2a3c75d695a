"""Excel workbooks with Thai headers for the tables LAO staff maintain.

Three workbooks, one per kind of data:

- plan.xlsx      แผนปฏิบัติการ: sheets แผน (key/value), มิติและภารกิจ, โครงการ, ความเสี่ยง, ผลการดำเนินงาน
                 (xlsx_plan.py)
- measures.xlsx  รายงานมาตรการ: sheets รายงาน (key/value), มาตรการ
- oit.xlsx       หลักฐาน OIT: sheets ข้อมูลทั่วไป (key/value), หลักฐาน, เอกสาร, ลิงก์

`write_workbook(kind, data, path)` fills a workbook from data (empty data gives
a template); `import_xlsx(path)` reads one back. Reading a workbook written
from data gives the same data again (YAML → Excel → YAML loses nothing): every
field of the data format has a cell, lists of paragraphs are separated by a
blank line inside the cell, periods keep their text and their dates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import thai
from ..problems import Problems
from ..schema import REPORT_ROUND_ALIASES
from . import xlsx_plan
from .measures_files import ROUNDS
from .xlsx_sheet import Col, SheetReader, key_value_sheet, ordered, period_from, put_value, table_sheet, with_period

PLAN, MEASURES, OIT = "plan", "measures", "oit"
KIND_NAMES = {PLAN: "แผนปฏิบัติการ", MEASURES: "รายงานมาตรการ", OIT: "หลักฐาน OIT"}


# --- sheet layouts (the plan's are in xlsx_plan.py) ----------------------------------------------

MEASURES_INFO = [
    Col("ชื่อรายงาน", "title"),
    Col("ปีงบประมาณที่รายงาน", "fiscal_year", "year", "ปี พ.ศ. เช่น 2568"),
    Col("รอบการรายงาน", "round", "enum", "6 เดือน (ต.ค.–มี.ค.) หรือ 12 เดือน (ทั้งปีงบประมาณ)", choices=ROUNDS,
        aliases=tuple(REPORT_ROUND_ALIASES.items())),
    Col("ผลการประเมิน ITA ปีที่นำมาวิเคราะห์", "based_on_ita_year", "year"),
    Col("วันที่รายงาน", "report_date", "date"),
    Col("ช่วงเวลาที่รายงาน (ข้อความ)", "coverage.text", desc="เช่น ต.ค. 67 - มี.ค. 68"),
    Col("ช่วงเวลาที่รายงาน: วันเริ่ม", "coverage.start", "date"),
    Col("ช่วงเวลาที่รายงาน: วันสิ้นสุด", "coverage.end", "date"),
    Col("คำนำ", "introduction", "paragraphs"),
    Col("สรุปผลการดำเนินงาน", "conclusion", "paragraphs"),
    Col("ผู้รายงาน", "prepared_by.name"),
    Col("ตำแหน่งผู้รายงาน", "prepared_by.position"),
    Col("ไฟล์รายงานฉบับลงนาม", "file", desc="ไฟล์ PDF ในโฟลเดอร์ข้อมูล"),
]
MEASURE_COLS = [
    Col("ลำดับที่", "no", "int", width=8),
    Col("แบบวัด", "instrument", "enum", "ตอบจุดอ่อนจากแบบวัดใด (IIT EIT หรือ OIT)", 8, ("IIT", "EIT", "OIT")),
    Col("มาตรการ/แนวทาง", "title", width=36),
    Col("วิธีการดำเนินการ", "method", "paragraphs", width=50),
    Col("ผู้รับผิดชอบ", "responsible", width=18),
    Col("ระยะเวลาดำเนินการ", "period.text", desc="เช่น ต.ค. 67 - มี.ค. 68", width=20),
    Col("วันเริ่ม", "period.start", "date", width=14),
    Col("วันสิ้นสุด", "period.end", "date", width=14),
    Col("ผลการดำเนินการ", "results", "paragraphs", width=50),
    Col("ผลลัพธ์", "outcomes", "paragraphs", "ผลลัพธ์หรือความสำเร็จของการดำเนินการ (ไม่บังคับ)", 40),
    Col("ข้อเสนอแนะ/ผลลัพธ์", "suggestions", "paragraphs", width=40),
]

OIT_INFO = [
    Col("ปีการประเมิน ITA", "ita_year", "year", "ปี พ.ศ. เช่น 2569"),
    Col("ข้อมูล ณ วันที่", "as_of", "date"),
]
EVIDENCE_COLS = [
    Col("รหัสข้อ", "key", desc="ชื่อข้อในบัญชีรายการ OIT (ภาษาอังกฤษตัวเล็ก) ห้ามแก้", width=22),
    Col("ข้อ", "number", desc="เลขข้อ (แสดงให้ดูเท่านั้น)", width=6),
    Col("ชื่อข้อ", "item_title", desc="จากบัญชีรายการ OIT (แสดงให้ดูเท่านั้น)", width=40),
    Col("คำอธิบาย", "note", "paragraphs", "คำอธิบายสำหรับผู้ประเมินและประชาชน", 40),
    Col("หน้าในเว็บไซต์", "pages", "lines", "หน้าที่สร้างจากข้อมูล หนึ่งหน้าต่อหนึ่งบรรทัด เช่น plan", 24),
    Col("ไม่มีข้อมูลที่ต้องรายงาน: คำชี้แจง", "nothing_to_report.reason", desc="เช่น ไม่มีเรื่องร้องเรียนการทุจริตในปีงบประมาณ พ.ศ. 2568", width=36),
    Col("ไม่มีข้อมูลที่ต้องรายงาน: วันที่", "nothing_to_report.date", "date", width=14),
    Col("มีในข้อมูลเดิม", "_listed", desc="ใช่ = ข้อนี้มีอยู่ในไฟล์ข้อมูลแล้ว (คอลัมน์ซ่อน ห้ามแก้)", width=8),
]
DOCUMENT_COLS = [
    Col("รหัสข้อ", "key", width=22),
    Col("ชื่อเอกสาร", "title", width=40),
    Col("วันที่ของเอกสาร", "date", "date", width=14),
    Col("ปีงบประมาณ", "fiscal_year", "year", width=10),
    Col("ช่วงเวลาที่ครอบคลุม (ข้อความ)", "period.text", width=20),
    Col("ช่วงเวลา: วันเริ่ม", "period.start", "date", width=14),
    Col("ช่วงเวลา: วันสิ้นสุด", "period.end", "date", width=14),
    Col("ไฟล์", "file", desc="ไฟล์ในโฟลเดอร์ข้อมูล เช่น files/รายงาน.pdf (กรอกไฟล์หรือลิงก์อย่างใดอย่างหนึ่ง)", width=28),
    Col("ลิงก์", "url", desc="https://… (กรอกไฟล์หรือลิงก์อย่างใดอย่างหนึ่ง)", width=28),
    Col("สรุปสาระสำคัญ", "summary", "paragraphs", width=40),
]
LINK_COLS = [
    Col("รหัสข้อ", "key", width=22),
    Col("ข้อความที่แสดง", "title", width=36),
    Col("ลิงก์", "url", desc="http, https, mailto หรือ tel เท่านั้น", width=40),
    Col("คำอธิบาย", "description", width=36),
]

SHEETS = {
    PLAN: xlsx_plan.REQUIRED_SHEETS,
    MEASURES: ("รายงาน", "มาตรการ"),
    OIT: ("ข้อมูลทั่วไป", "หลักฐาน", "เอกสาร", "ลิงก์"),
}
HELP_SHEET = "คำอธิบาย"
HELP = {
    PLAN: [
        "แผ่นงาน แผน: ข้อมูลทั่วไปของแผน กรอกในคอลัมน์ ค่า",
        "แผ่นงาน มิติและภารกิจ: หนึ่งแถวต่อหนึ่งมิติ ภารกิจ หรือภารกิจย่อย เรียงตามลำดับในแผน",
        "แผ่นงาน โครงการ: หนึ่งแถวต่อหนึ่งโครงการ/กิจกรรม/มาตรการ ระบุเลขมิติ ภารกิจ และภารกิจย่อยที่สังกัด",
        "งบประมาณแต่ละปีกรอกเป็นตัวเลข (บาท) เว้นว่างหรือใส่ - ถ้าไม่ใช้งบประมาณ",
        "แผ่นงาน ความเสี่ยง: แต่ละความเสี่ยงใช้ได้หลายแถว แถวที่มีขั้นตอนการดำเนินงานคือความเสี่ยงใหม่",
        "แผ่นงาน ผลการดำเนินงาน: หนึ่งแถวต่อหนึ่งโครงการต่อหนึ่งปีงบประมาณ กรอกสถานะ จ่ายจริง ผลผลิต วันที่ และหลักฐาน"
        " แถวที่ไม่ได้กรอกจะไม่ถูกนำเข้า",
    ],
    MEASURES: [
        "แผ่นงาน รายงาน: ข้อมูลทั่วไปของรายงาน กรอกในคอลัมน์ ค่า",
        "รอบการรายงาน: รายงานรอบ 6 เดือนและรอบ 12 เดือนของปีเดียวกันเก็บแยกไฟล์กัน (measures/<ปี>-6m.yaml และ measures/<ปี>.yaml)",
        "แผ่นงาน มาตรการ: หนึ่งแถวต่อหนึ่งมาตรการ",
        "ระยะเวลาดำเนินการ เขียนเป็นข้อความได้ เช่น ต.ค. 67 - มี.ค. 68 และกรอกวันเริ่ม/วันสิ้นสุดถ้าทราบ",
    ],
    OIT: [
        "แผ่นงาน หลักฐาน: หนึ่งแถวต่อหนึ่งข้อในบัญชีรายการ OIT ห้ามแก้รหัสข้อ",
        "แผ่นงาน เอกสาร และ ลิงก์: หนึ่งแถวต่อหนึ่งเอกสาร/ลิงก์ ระบุรหัสข้อที่เอกสารนั้นเป็นหลักฐาน",
        "ถ้าไม่มีข้อมูลที่ต้องรายงาน (เช่น ไม่มีเรื่องร้องเรียน) ให้เขียนคำชี้แจงในช่อง ไม่มีข้อมูลที่ต้องรายงาน",
    ],
}
COMMON_HELP = [
    "ข้อความหลายย่อหน้าในช่องเดียว ให้เว้นบรรทัดว่างระหว่างย่อหน้า (กด Alt+Enter สองครั้ง)",
    "ตัวเลขใช้เลขไทยหรือเลขอารบิกก็ได้ ปีใช้ พ.ศ.",
    "ห้ามเปลี่ยนชื่อแผ่นงานหรือหัวคอลัมน์ แล้วนำเข้าด้วยคำสั่ง prongsai import ไฟล์.xlsx",
]



MEASURES_KEYS = ("title", "fiscal_year", "based_on_ita_year", "report_date", "round", "coverage", "introduction",
                 "conclusion", "prepared_by", "file")
MEASURE_KEYS = ("no", "title", "instrument", "method", "responsible", "period", "results", "outcomes", "suggestions")
EVIDENCE_KEYS = ("note", "pages", "documents", "links", "nothing_to_report")


# --- writing -----------------------------------------------------------------------------------

def _help_sheet(wb, kind: str) -> None:
    from openpyxl.styles import Font

    ws = wb.active
    ws.title = HELP_SHEET
    ws.column_dimensions["A"].width = 110
    ws.cell(row=1, column=1, value=f"แบบฟอร์ม{KIND_NAMES[kind]} สำหรับ prongsai").font = Font(bold=True, size=14)
    for r, line in enumerate(HELP[kind] + COMMON_HELP, start=3):
        ws.cell(row=r, column=1, value=f"• {line}")


def _write_measures(wb, report: dict, _catalogue=None) -> None:
    key_value_sheet(wb, "รายงาน", MEASURES_INFO, with_period(report, "coverage"))
    table_sheet(wb, "มาตรการ", MEASURE_COLS, [with_period(m, "period") for m in report.get("measures") or []])


def _evidence_rows(oit: dict, catalogue: list[dict] | None) -> tuple[list[dict], list[dict], list[dict]]:
    """(one row per item: the data's items, then the catalogue's others), its documents, its links."""
    items = oit.get("items") or {}
    info = {entry["key"]: entry for entry in catalogue or []}
    rows, documents, links = [], [], []
    for key in list(items) + [k for k in info if k not in items]:
        evidence = items.get(key) or {}
        row = {**evidence, "key": key}
        if key in items:
            row["_listed"] = "ใช่"
        if key in info:
            row.update(number=info[key].get("number"), item_title=info[key].get("title"))
        rows.append(row)
        documents.extend({"key": key, **with_period(document, "period")} for document in evidence.get("documents") or [])
        links.extend({"key": key, **link} for link in evidence.get("links") or [])
    return rows, documents, links


def _write_oit(wb, oit: dict, catalogue: list[dict] | None = None) -> None:
    key_value_sheet(wb, "ข้อมูลทั่วไป", OIT_INFO, oit)
    rows, documents, links = _evidence_rows(oit, catalogue)
    table_sheet(wb, "หลักฐาน", EVIDENCE_COLS, rows).column_dimensions["H"].hidden = True
    table_sheet(wb, "เอกสาร", DOCUMENT_COLS, documents)
    table_sheet(wb, "ลิงก์", LINK_COLS, links)


_WRITERS = {PLAN: lambda wb, data, _catalogue: xlsx_plan.write_plan(wb, data), MEASURES: _write_measures,
            OIT: _write_oit}


def write_workbook(kind: str, data: dict | None, path: Path, catalogue: list[dict] | None = None) -> Path:
    """Write one workbook of `kind` filled with `data` (None: an empty template)."""
    from openpyxl import Workbook

    if kind not in _WRITERS:
        raise ValueError(kind)
    wb = Workbook()
    _help_sheet(wb, kind)
    _WRITERS[kind](wb, data or {}, catalogue)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    try:
        wb.save(temp)
        temp.replace(path)
    finally:
        if temp.exists():
            temp.unlink()
    return path


def load_catalogue(year: int) -> list[dict]:
    """The OIT items of an ITA year's catalogue (key, number, title), empty when there is none."""
    from ..catalogue import load_catalogues

    catalogue = load_catalogues(Problems()).get(int(year))
    if catalogue is None:
        return []
    return [{"key": item.key, "number": item.number, "title": item.title} for item in catalogue.items]


def _jobs(directory: Path, data: dict, ita_year: int | None) -> list[tuple[str, dict | None, Path, list | None]]:
    """(kind, data, workbook, catalogue) for every workbook to write: one per measures report and
    OIT year of the data, or one empty workbook of each kind."""
    jobs: list[tuple[str, dict | None, Path, list | None]] = [(PLAN, data.get("plan"), directory / "plan.xlsx", None)]
    reports = data.get("measures") or {}
    jobs += [(MEASURES, report, directory / f"measures-{name}.xlsx", None) for name, report in reports.items()]
    if not reports:
        jobs.append((MEASURES, None, directory / "measures.xlsx", None))
    oits = data.get("oit") or {}
    for year, oit in oits.items():
        jobs.append((OIT, oit, directory / f"oit-{year}.xlsx", load_catalogue(int(oit.get("ita_year") or year))))
    if not oits:
        year = ita_year or thai.fiscal_year_of(dt.date.today())
        jobs.append((OIT, {"ita_year": year}, directory / "oit.xlsx", load_catalogue(year)))
    return jobs


def write_template_xlsx(directory: Path, data: dict | None = None, force: bool = False,
                        ita_year: int | None = None) -> list[Path]:
    """Write plan.xlsx, measures.xlsx and oit.xlsx into `directory`.

    `data` may hold {'plan': …, 'measures': {name: report}, 'oit': {year: oit}}
    to fill the workbooks with a data folder's content (one measures/oit
    workbook per file, named measures-<name>.xlsx / oit-<year>.xlsx).
    """
    from .write_yaml import TargetExists

    jobs = _jobs(Path(directory), data or {}, ita_year)
    existing = [path for _, _, path, _ in jobs if path.exists()]
    if existing and not force:
        raise TargetExists(existing[0])
    return [write_workbook(kind, content, path, catalogue) for kind, content, path, catalogue in jobs]


# --- reading -----------------------------------------------------------------------------------

def _read_measures(r: SheetReader) -> dict:
    info = r.key_values("รายงาน", MEASURES_INFO)
    coverage = period_from(info, "coverage")
    if coverage:
        info["coverage"] = coverage
    measures = []
    if r.has("มาตรการ"):
        for _, rec in r.table("มาตรการ", MEASURE_COLS):
            period = period_from(rec, "period")
            if period:
                rec["period"] = period
            measures.append(ordered(rec, MEASURE_KEYS))
    report = ordered(info, MEASURES_KEYS)
    report["measures"] = measures
    return report


def _read_evidence(r: SheetReader, items: dict[str, dict]) -> None:
    """The หลักฐาน sheet: one row per item (rows of the catalogue left empty are not items)."""
    for number, rec in r.table("หลักฐาน", EVIDENCE_COLS):
        key = rec.pop("key", None)
        rec.pop("number", None)
        rec.pop("item_title", None)
        listed = rec.pop("_listed", None) == "ใช่"
        if key is None:
            if rec:
                r.error("หลักฐาน", number, f"A{number}", "ไม่มีรหัสข้อ")
            continue
        if rec or listed:
            evidence = items.setdefault(str(key), {})
            for k, v in rec.items():
                put_value(evidence, k, v)


def _read_entries(r: SheetReader, items: dict[str, dict], sheet: str, cols: list[Col], field: str) -> None:
    """The เอกสาร or ลิงก์ sheet: one row per document or link, under the item its key names."""
    keys = list(dict.fromkeys(c.key.split(".")[0] for c in cols if c.key != "key"))
    for number, rec in r.table(sheet, cols):
        key = rec.pop("key", None)
        if key is None:
            r.error(sheet, number, f"A{number}", "ไม่มีรหัสข้อ")
            continue
        period = period_from(rec, "period")
        if period:
            rec["period"] = period
        items.setdefault(str(key), {}).setdefault(field, []).append(ordered(rec, keys))


def _read_oit(r: SheetReader) -> dict:
    info = r.key_values("ข้อมูลทั่วไป", OIT_INFO)
    items: dict[str, dict] = {}
    if r.has("หลักฐาน"):
        _read_evidence(r, items)
    for sheet, cols, field in (("เอกสาร", DOCUMENT_COLS, "documents"), ("ลิงก์", LINK_COLS, "links")):
        if r.has(sheet):
            _read_entries(r, items, sheet, cols, field)
    out = ordered(info, ("ita_year", "as_of"))
    out["items"] = {key: ordered(value, EVIDENCE_KEYS) for key, value in items.items()}
    return out


def _is_empty(kind: str, data: dict) -> bool:
    """An untouched template: nothing to import from this part of the workbook."""
    if kind == PLAN:
        return not data.get("dimensions") and not data.get("title")
    if kind == MEASURES:
        return not data.get("measures") and not data.get("title")
    return not data.get("items") and "ita_year" not in data


def _open_workbook(path: Path, shown: str, problems: Problems):
    """The workbook, or None with the reason recorded."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from ..extract import workbook_problem

    # bounded before loading: the library builds every cell (and walks the rectangle they span)
    # in memory, so a small file with millions of empty cells would take minutes and gigabytes
    too_big = workbook_problem(Path(path))
    if too_big:
        problems.error(shown, None, "-", f"ไม่นำเข้าไฟล์นี้: {too_big}")
        return None
    try:
        return load_workbook(Path(path), data_only=True, read_only=False)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        reason = getattr(exc, "strerror", None) or "ไฟล์เสียหรือไม่ใช่ .xlsx"
        problems.error(shown, None, "-", f"เปิดไฟล์ Excel ไม่ได้ ({reason}) ให้เปิดใน Excel แล้วบันทึกเป็น .xlsx")
        return None


def _missing_sheets(wb, kind: str, shown: str, problems: Problems) -> bool:
    """A renamed sheet would silently lose its rows: say which one, and what is there instead."""
    missing = [name for name in SHEETS[kind] if name not in wb.sheetnames]
    if not missing:
        return False
    known = set(SHEETS[kind]) | {HELP_SHEET} | (set(xlsx_plan.SHEETS) if kind == PLAN else set())
    others = [name for name in wb.sheetnames if name not in known]
    problems.error(shown, None, "-", f"ไม่พบแผ่นงาน {', '.join(missing)}"
                   + (f" (มีแผ่นงานที่ไม่รู้จัก: {', '.join(others)})" if others else "")
                   + " ให้ตั้งชื่อแผ่นงานตามแบบฟอร์มจาก prongsai template xlsx แล้วนำเข้าใหม่")
    return True


_READERS = ((PLAN, "โครงการ", xlsx_plan.read_plan), (MEASURES, "มาตรการ", _read_measures), (OIT, "หลักฐาน", _read_oit))


def import_xlsx(path: Path, shown_as: str | None = None) -> list[tuple[str, dict, Problems]]:
    """Read a workbook written by `write_workbook` (or filled from the template).

    Returns one (kind, data, problems) per kind found in the workbook; a
    workbook that cannot be opened gives [('unknown', {}, problems)].
    """
    shown = shown_as or str(path)
    problems = Problems()
    wb = _open_workbook(path, shown, problems)
    if wb is None:
        return [("unknown", {}, problems)]
    found = []
    for kind, marker, read in _READERS:
        if marker not in wb.sheetnames:
            continue
        kind_problems = Problems()
        if _missing_sheets(wb, kind, shown, kind_problems):
            found.append((kind, {}, kind_problems))
            continue
        data = read(SheetReader(wb, shown, kind_problems))
        if not _is_empty(kind, data):
            found.append((kind, data, kind_problems))
    if not found:
        problems.error(shown, None, "-", f"ไม่พบข้อมูลที่รู้จักในไฟล์นี้ (แผ่นงาน: {', '.join(wb.sheetnames)}) ให้ใช้แบบฟอร์มจาก "
                                         "prongsai template xlsx และห้ามเปลี่ยนชื่อแผ่นงาน")
        return [("unknown", {}, problems)]
    return found
