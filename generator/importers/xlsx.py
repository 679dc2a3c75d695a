"""Excel workbooks with Thai headers for the tables LAO staff maintain.

Three workbooks, one per kind of data:

- plan.xlsx      แผนปฏิบัติการ: sheets แผน (key/value), มิติและภารกิจ, โครงการ, ความเสี่ยง
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
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .. import thai
from ..problems import Problems
from .common import squash

PLAN, MEASURES, OIT = "plan", "measures", "oit"
KIND_NAMES = {PLAN: "แผนปฏิบัติการ", MEASURES: "รายงานมาตรการ", OIT: "หลักฐาน OIT"}

MAX_CELL = 32_000          # Excel keeps at most 32,767 characters in a cell


@dataclass(frozen=True)
class Col:
    label: str
    key: str
    kind: str = "text"     # text | int | year | money | paragraphs | lines | date | enum
    desc: str = ""
    width: int = 24
    choices: tuple = ()


# --- sheet layouts ------------------------------------------------------------------------

PLAN_INFO = [
    Col("ชื่อแผน", "title", desc="เช่น แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส (พ.ศ. 2566-2570)"),
    Col("ปีงบประมาณแรกของแผน", "start_year", "year", "ปี พ.ศ. เช่น 2566"),
    Col("ปีงบประมาณสุดท้ายของแผน", "end_year", "year", "ปี พ.ศ. เช่น 2570"),
    Col("ไฟล์แผนฉบับเต็ม", "file", desc="ไฟล์ในโฟลเดอร์ข้อมูล เช่น files/แผน.pdf"),
    Col("คำนำ", "introduction", "paragraphs", "แต่ละย่อหน้าคั่นด้วยบรรทัดว่าง (Alt+Enter สองครั้ง)"),
    Col("ประกาศ: เรื่อง", "announcement.title"),
    Col("ประกาศ: วันที่", "announcement.date", "date", "เช่น 29 กันยายน 2565"),
    Col("ประกาศ: ผู้ลงนาม", "announcement.signatory.name", desc="เช่น นายสมชาย ใจดี"),
    Col("ประกาศ: ตำแหน่งผู้ลงนาม", "announcement.signatory.position"),
    Col("ประกาศ: ข้อความ", "announcement.text", "paragraphs"),
    Col("ประกาศ: ไฟล์ฉบับลงนาม", "announcement.file", desc="ไฟล์ PDF ในโฟลเดอร์ข้อมูล"),
    Col("การประเมินความเสี่ยง: ชื่อ", "risk_assessment.title"),
    Col("การประเมินความเสี่ยง: ปีงบประมาณ", "risk_assessment.fiscal_year", "year"),
    Col("จำนวนโครงการที่พิมพ์ไว้ในแผน", "stated_project_count", "int", "ใช้ตรวจทานกับจำนวนที่นับได้"),
]
PLAN_TOTAL_LABEL = "ยอดรวมทั้งแผนที่พิมพ์ไว้ ปี"

STRUCTURE_COLS = [
    Col("ระดับ", "level", "enum", "มิติ ภารกิจ หรือ ภารกิจย่อย", 12, ("มิติ", "ภารกิจ", "ภารกิจย่อย")),
    Col("เลขข้อ", "no", desc="มิติ: 1  ภารกิจ: 1.1  ภารกิจย่อย: 1.1.1", width=10),
    Col("ชื่อ", "title", width=60),
    Col("จำนวนโครงการที่พิมพ์ไว้", "stated_project_count", "int", "เฉพาะแถวมิติ (ใช้ตรวจทาน)", 14),
]
STRUCTURE_TOTAL_LABEL = "ยอดรวมที่พิมพ์ไว้ ปี"

PROJECT_COLS_HEAD = [
    Col("มิติ", "dimension", "int", "เลขมิติ เช่น 1", 8),
    Col("ภารกิจ", "mission", desc="เลขภารกิจ เช่น 1.1 (ต้องมีในแผ่นงาน มิติและภารกิจ)", width=10),
    Col("ภารกิจย่อย", "sub_mission", desc="เลขภารกิจย่อย เช่น 1.1.1 เว้นว่างถ้าโครงการอยู่ใต้ภารกิจโดยตรง", width=10),
    Col("ลำดับที่", "no", "int", "ลำดับที่ของโครงการตามแผน", 8),
    Col("รหัส", "id", desc="ใช้เมื่อเลขลำดับซ้ำกัน (ไม่บังคับ)", width=8),
    Col("ประเภท", "kind", "enum", "โครงการ กิจกรรม หรือ มาตรการ", 10, ("โครงการ", "กิจกรรม", "มาตรการ")),
    Col("ชื่อโครงการ", "title", desc="๑. ชื่อโครงการ ตามรายละเอียดโครงการ", width=50),
    Col("ชื่อในตารางสรุป", "summary_title", desc="ถ้าต่างจากชื่อโครงการ", width=30),
    Col("ลำดับที่ในตารางสรุป", "summary_no", "int", "ถ้าต่างจากลำดับที่ในรายละเอียดโครงการ", 8),
]
BUDGET_LABEL = "งบประมาณ ปี"
PROJECT_COLS_TAIL = [
    Col("หลักการและเหตุผล", "rationale", "paragraphs", width=50),
    Col("วัตถุประสงค์", "objectives", "paragraphs", width=40),
    Col("กลุ่มเป้าหมาย", "target_group", "paragraphs", width=30),
    Col("วิธีดำเนินการ", "method", "paragraphs", width=40),
    Col("ระยะเวลาดำเนินการ", "period", "paragraphs", width=20),
    Col("งบประมาณ (ข้อความ)", "budget_detail", "paragraphs", "ข้อ ๗ ตามที่เขียนในรายละเอียด เช่น 50,000 บาท", 18),
    Col("ผู้รับผิดชอบ", "responsible", "paragraphs", width=24),
    Col("ผลผลิต", "outputs", "paragraphs", width=36),
    Col("ผลลัพธ์", "outcomes", "paragraphs", width=36),
    Col("หมายเหตุ", "note", width=20),
]

RISK_COLS = [
    Col("ลำดับที่", "no", "int", "เว้นว่างในแถวต่อ ๆ ไปของความเสี่ยงเดียวกัน", 8),
    Col("ขั้นตอนการดำเนินงาน", "step", desc="กรอกเฉพาะแถวแรกของแต่ละความเสี่ยง แถวที่ช่องนี้มีข้อความคือความเสี่ยงใหม่", width=36),
    Col("ระดับความเสี่ยง (รวม)", "level", width=14),
    Col("ประเด็นความเสี่ยง", "issue", desc="หนึ่งประเด็นต่อหนึ่งแถว", width=50),
    Col("ระดับของประเด็น", "issue_level", desc="เช่น สูง ปานกลาง ต่ำ", width=12),
    Col("มาตรการควบคุม", "control", desc="หนึ่งมาตรการต่อหนึ่งแถว", width=50),
    Col("โครงการลำดับที่", "control_project", "int", "ลำดับที่ของโครงการในแผนที่ใช้ควบคุมความเสี่ยงนี้", 10),
]

MEASURES_INFO = [
    Col("ชื่อรายงาน", "title"),
    Col("ปีงบประมาณที่รายงาน", "fiscal_year", "year", "ปี พ.ศ. เช่น 2568"),
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
    PLAN: ("แผน", "มิติและภารกิจ", "โครงการ", "ความเสี่ยง"),
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
    ],
    MEASURES: [
        "แผ่นงาน รายงาน: ข้อมูลทั่วไปของรายงาน กรอกในคอลัมน์ ค่า",
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


# --- values ----------------------------------------------------------------------------------

def _get(data: dict, key: str):
    value = data
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _set(data: dict, key: str, value) -> None:
    parts = key.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def _date_text(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return thai.thai_date(thai.parse_date(value))
    return str(value)


def _to_cell(col: Col, value):
    if value is None:
        return None
    if col.kind == "paragraphs":
        if isinstance(value, list):
            return "\n\n".join(str(v) for v in value)
        return str(value)
    if col.kind == "lines":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if col.kind == "date":
        return _date_text(value)
    return value


class CellError(Exception):
    pass


_EXCEL_ERRORS = {"#REF!", "#VALUE!", "#N/A", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!", "#GETTING_DATA"}


def _from_cell(col: Col, value):
    """A cell's value → the data value (None = empty). Raises CellError with a Thai message."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if not value.strip():
            return None
        if value.strip() in _EXCEL_ERRORS:
            raise CellError(f"เป็นค่าผิดพลาดของ Excel ({value.strip()}) ให้แก้สูตรหรือพิมพ์ค่าลงในเซลล์")
    if isinstance(value, bool):
        raise CellError("เป็นค่า TRUE/FALSE ของ Excel ให้พิมพ์ข้อความหรือตัวเลขแทน")
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError("ไม่ใช่ตัวเลขที่ใช้ได้")
    kind = col.kind
    try:
        if kind in ("text", "enum"):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, (dt.date, dt.datetime)):
                return _date_text(value)
            text = str(value).strip()
            if kind == "enum" and col.choices and text not in col.choices:
                raise CellError(f"ต้องเป็นค่าใดค่าหนึ่ง: {', '.join(col.choices)}")
            return text
        if kind == "int":
            return thai.parse_int(value)
        if kind == "year":
            return thai.normalise_be_year(thai.parse_int(value))
        if kind == "money":
            return thai.parse_baht(value)
        if kind == "paragraphs":
            text = str(value).strip()
            parts = [p.strip() for p in re.split(r"\n[ \t]*\n", text)]
            return [p for p in parts if p]
        if kind == "lines":
            return [line.strip() for line in str(value).split("\n") if line.strip()]
        if kind == "date":
            return thai.thai_date(thai.parse_date(value if not isinstance(value, str) else value.strip()))
    except thai.ParseError as exc:
        raise CellError(str(exc)) from None
    raise CellError("ค่าไม่ถูกต้อง")  # pragma: no cover


# --- writing -----------------------------------------------------------------------------------

def _safe(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > MAX_CELL:
            raise ValueError(f"ข้อความยาวเกิน {MAX_CELL:,} ตัวอักษร ซึ่ง Excel เก็บไม่ได้")
    return value


def _put(ws, row: int, column: int, value) -> None:
    from openpyxl.styles import Alignment

    cell = ws.cell(row=row, column=column)
    cell.value = _safe(value)
    if isinstance(value, str):
        cell.data_type = "s"          # never a formula, even if it starts with '='
        cell.number_format = "@"
        if "\n" in value or len(value) > 40:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _header(ws, cols: list[Col]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for index, col in enumerate(cols, start=1):
        cell = ws.cell(row=1, column=index, value=col.label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if col.desc:
            cell.comment = Comment(col.desc, "prongsai")
        ws.column_dimensions[get_column_letter(index)].width = col.width
        if col.kind == "enum" and col.choices:
            validation = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"', allow_blank=True)
            validation.error = f"ต้องเป็น {', '.join(col.choices)}"
            ws.add_data_validation(validation)
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}5000")
    ws.freeze_panes = "A2"


def _key_value_sheet(wb, title: str, cols: list[Col], data: dict, extra: list[tuple[str, object]] = ()) -> None:
    ws = wb.create_sheet(title)
    _header(ws, [Col("หัวข้อ", "label", width=40), Col("ค่า", "value", width=90)])
    row = 2
    for col in cols:
        from openpyxl.comments import Comment

        ws.cell(row=row, column=1, value=col.label)
        if col.desc:
            ws.cell(row=row, column=1).comment = Comment(col.desc, "prongsai")
        _put(ws, row, 2, _to_cell(col, _get(data, col.key)))
        row += 1
    for label, value in extra:
        ws.cell(row=row, column=1, value=label)
        _put(ws, row, 2, value)
        row += 1


def _table_sheet(wb, title: str, cols: list[Col], rows: list[dict]) -> None:
    ws = wb.create_sheet(title)
    _header(ws, cols)
    for r, record in enumerate(rows, start=2):
        for c, col in enumerate(cols, start=1):
            _put(ws, r, c, _to_cell(col, _get(record, col.key)))


def _help_sheet(wb, kind: str) -> None:
    ws = wb.active
    ws.title = HELP_SHEET
    ws.column_dimensions["A"].width = 110
    ws.cell(row=1, column=1, value=f"แบบฟอร์ม{KIND_NAMES[kind]} สำหรับ prongsai").font = _bold()
    for r, line in enumerate(HELP[kind] + COMMON_HELP, start=3):
        ws.cell(row=r, column=1, value=f"• {line}")


def _bold():
    from openpyxl.styles import Font

    return Font(bold=True, size=14)


def _plan_years(plan: dict) -> list[int]:
    years = set()
    start, end = plan.get("start_year"), plan.get("end_year")
    try:
        if start and end and 0 <= int(end) - int(start) <= 20:
            years.update(range(int(start), int(end) + 1))
    except (TypeError, ValueError):
        pass
    for dim in plan.get("dimensions") or []:
        years.update(int(y) for y in (dim.get("stated_totals") or {}))
        for mission in dim.get("missions") or []:
            for project in _mission_projects(mission):
                years.update(int(y) for y in (project.get("budget") or {}))
    years.update(int(y) for y in (plan.get("stated_totals") or {}))
    if not years:
        first = thai.fiscal_year_of(dt.date.today())
        years = set(range(first, first + 5))
    return sorted(years)


def _mission_projects(mission: dict):
    for sub in mission.get("sub_missions") or []:
        yield from sub.get("projects") or []
    yield from mission.get("projects") or []


def _write_plan(wb, plan: dict) -> None:
    years = _plan_years(plan)
    totals = plan.get("stated_totals") or {}
    _key_value_sheet(wb, "แผน", PLAN_INFO, plan,
                     [(f"{PLAN_TOTAL_LABEL} {y}", totals.get(y)) for y in years])
    total_cols = [Col(f"{STRUCTURE_TOTAL_LABEL} {y}", f"total@{y}", "money", width=14) for y in years]
    rows = []
    project_rows = []
    for dim in plan.get("dimensions") or []:
        row = {"level": "มิติ", "no": dim.get("no"), "title": dim.get("title"),
               "stated_project_count": dim.get("stated_project_count")}
        for y, amount in (dim.get("stated_totals") or {}).items():
            row[f"total@{int(y)}"] = amount
        rows.append(row)
        for mission in dim.get("missions") or []:
            rows.append({"level": "ภารกิจ", "no": mission.get("no"), "title": mission.get("title")})
            for sub in mission.get("sub_missions") or []:
                rows.append({"level": "ภารกิจย่อย", "no": sub.get("no"), "title": sub.get("title")})
                for project in sub.get("projects") or []:
                    project_rows.append(_project_row(project, dim, mission, sub))
            for project in mission.get("projects") or []:
                project_rows.append(_project_row(project, dim, mission, None))
    _table_sheet(wb, "มิติและภารกิจ", STRUCTURE_COLS + total_cols, rows)
    budget_cols = [Col(f"{BUDGET_LABEL} {y}", f"budget@{y}", "money", width=12) for y in years]
    _table_sheet(wb, "โครงการ", PROJECT_COLS_HEAD + budget_cols + PROJECT_COLS_TAIL, project_rows)
    risk_rows = []
    for risk in (plan.get("risk_assessment") or {}).get("risks") or []:
        issues = risk.get("issues") or []
        controls = risk.get("controls") or []
        for i in range(max(len(issues), len(controls), 1)):
            row = {}
            if i == 0:
                row.update(no=risk.get("no"), step=risk.get("step"), level=risk.get("level"))
            if i < len(issues):
                row.update(issue=issues[i].get("text"), issue_level=issues[i].get("level"))
            if i < len(controls):
                row.update(control=controls[i].get("text"), control_project=controls[i].get("project"))
            risk_rows.append(row)
    _table_sheet(wb, "ความเสี่ยง", RISK_COLS, risk_rows)


def _project_row(project: dict, dim: dict, mission: dict, sub: dict | None) -> dict:
    row = dict(project)
    row["dimension"] = dim.get("no")
    row["mission"] = mission.get("no")
    row["sub_mission"] = sub.get("no") if sub else None
    for y, amount in (project.get("budget") or {}).items():
        row[f"budget@{int(y)}"] = amount
    return row


def _write_measures(wb, report: dict) -> None:
    _key_value_sheet(wb, "รายงาน", MEASURES_INFO, _with_period(report, "coverage"))
    rows = [_with_period(m, "period") for m in report.get("measures") or []]
    _table_sheet(wb, "มาตรการ", MEASURE_COLS, rows)


def _with_period(record: dict, key: str) -> dict:
    """A period written as plain text becomes {'text': …} so that it fits the columns."""
    value = record.get(key)
    if isinstance(value, str):
        record = dict(record)
        record[key] = {"text": value}
    return record


def _write_oit(wb, oit: dict, catalogue: list[dict] | None = None) -> None:
    _key_value_sheet(wb, "ข้อมูลทั่วไป", OIT_INFO, oit)
    items = oit.get("items") or {}
    info = {entry["key"]: entry for entry in catalogue or []}
    keys = list(items) + [k for k in info if k not in items]
    rows, documents, links = [], [], []
    for key in keys:
        evidence = items.get(key) or {}
        row = dict(evidence)
        row["key"] = key
        if key in items:
            row["_listed"] = "ใช่"
        if key in info:
            row["number"] = info[key].get("number")
            row["item_title"] = info[key].get("title")
        rows.append(row)
        for document in evidence.get("documents") or []:
            documents.append({"key": key, **_with_period(document, "period")})
        for link in evidence.get("links") or []:
            links.append({"key": key, **link})
    _table_sheet(wb, "หลักฐาน", EVIDENCE_COLS, rows)
    wb["หลักฐาน"].column_dimensions["H"].hidden = True
    _table_sheet(wb, "เอกสาร", DOCUMENT_COLS, documents)
    _table_sheet(wb, "ลิงก์", LINK_COLS, links)


def write_workbook(kind: str, data: dict | None, path: Path, catalogue: list[dict] | None = None) -> Path:
    """Write one workbook of `kind` filled with `data` (None: an empty template)."""
    from openpyxl import Workbook

    wb = Workbook()
    _help_sheet(wb, kind)
    data = data or {}
    if kind == PLAN:
        _write_plan(wb, data)
    elif kind == MEASURES:
        _write_measures(wb, data)
    elif kind == OIT:
        _write_oit(wb, data, catalogue)
    else:
        raise ValueError(kind)
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
    """The OIT items of an ITA year's catalogue (key, number, title), if the catalogue exists."""
    import yaml

    from ..catalogue import CATALOGUE_DIR

    path = CATALOGUE_DIR / f"ita-{year}.yaml"
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return []
    items = []
    for indicator in data.get("indicators") or []:
        for sub in indicator.get("sub_indicators") or []:
            for item in sub.get("items") or []:
                if isinstance(item, dict) and item.get("key"):
                    items.append({"key": item["key"], "number": item.get("number"), "title": item.get("title")})
    return items


def write_template_xlsx(directory: Path, data: dict | None = None, force: bool = False,
                        ita_year: int | None = None) -> list[Path]:
    """Write plan.xlsx, measures.xlsx and oit.xlsx into `directory`.

    `data` may hold {'plan': …, 'measures': {name: report}, 'oit': {year: oit}}
    to fill the workbooks with a data folder's content (one measures/oit
    workbook per file, named measures-<name>.xlsx / oit-<year>.xlsx).
    """
    from .write_yaml import TargetExists

    directory = Path(directory)
    data = data or {}
    jobs: list[tuple[str, dict | None, Path, list | None]] = []
    jobs.append((PLAN, data.get("plan"), directory / "plan.xlsx", None))
    reports = data.get("measures") or {}
    if reports:
        for name, report in reports.items():
            jobs.append((MEASURES, report, directory / f"measures-{name}.xlsx", None))
    else:
        jobs.append((MEASURES, None, directory / "measures.xlsx", None))
    oits = data.get("oit") or {}
    if oits:
        for year, oit in oits.items():
            jobs.append((OIT, oit, directory / f"oit-{year}.xlsx", load_catalogue(int(oit.get("ita_year") or year))))
    else:
        year = ita_year or thai.fiscal_year_of(dt.date.today())
        jobs.append((OIT, {"ita_year": year}, directory / "oit.xlsx", load_catalogue(year)))
    existing = [path for _, _, path, _ in jobs if path.exists()]
    if existing and not force:
        raise TargetExists(existing[0])
    return [write_workbook(kind, content, path, catalogue) for kind, content, path, catalogue in jobs]


# --- reading -----------------------------------------------------------------------------------

class _Reader:
    def __init__(self, wb, shown: str, problems: Problems):
        self.wb = wb
        self.shown = shown
        self.p = problems

    def error(self, sheet: str, row: int | None, where: str, message: str) -> None:
        self.p.error(self.shown, row, f"{sheet}!{where}", message)

    def warn(self, sheet: str, row: int | None, where: str, message: str) -> None:
        self.p.warning(self.shown, row, f"{sheet}!{where}", message)

    def rows(self, title: str):
        ws = self.wb[title]
        for index, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if index > 20_000:
                self.error(title, index, "-", "แผ่นงานมีแถวมากเกินไป อ่านถึงแถวที่ 20,000")
                return
            yield index, list(row)

    def table(self, title: str, cols: list[Col], dynamic: list[tuple[str, str, str]] = ()):
        """Rows of a table sheet as {key: value}, with the row number; bad cells are problems."""
        from openpyxl.utils import get_column_letter

        rows = self.rows(title)
        try:
            _, header = next(rows)
        except StopIteration:
            return
        by_label = {squash(c.label): c for c in cols}
        columns: dict[int, Col] = {}
        for index, label in enumerate(header):
            if label is None or str(label).strip() == "":
                continue
            key = squash(str(label))
            col = by_label.get(key)
            if col is None:
                for prefix, key_prefix, kind in dynamic:
                    m = re.fullmatch(re.escape(squash(prefix)) + r"(\d{4})", key)
                    if m:
                        year = thai.normalise_be_year(int(m[1]))
                        col = Col(str(label), f"{key_prefix}{year}", kind)
                        break
            if col is None:
                self.warn(title, 1, get_column_letter(index + 1), f"ไม่รู้จักคอลัมน์ '{label}' ไม่ได้นำมาใช้")
                continue
            columns[index] = col
        for number, row in rows:
            record = {}
            for index, col in columns.items():
                value = row[index] if index < len(row) else None
                try:
                    parsed = _from_cell(col, value)
                except CellError as exc:
                    self.error(title, number, f"{get_column_letter(index + 1)}{number}", f"{col.label}: {exc}")
                    continue
                if parsed is not None and parsed != []:
                    _set(record, col.key, parsed)
            if record:
                yield number, record

    def key_values(self, title: str, cols: list[Col], dynamic: list[tuple[str, str, str]] = ()) -> dict:
        by_label = {squash(c.label): c for c in cols}
        out: dict = {}
        for number, row in self.rows(title):
            if number == 1 or not row or row[0] is None:
                continue
            label = str(row[0]).strip()
            value = row[1] if len(row) > 1 else None
            col = by_label.get(squash(label))
            if col is None:
                for prefix, key_prefix, kind in dynamic:
                    m = re.fullmatch(re.escape(squash(prefix)) + r"(\d{4})", squash(label))
                    if m:
                        col = Col(label, f"{key_prefix}{thai.normalise_be_year(int(m[1]))}", kind)
                        break
            if col is None:
                self.warn(title, number, f"A{number}", f"ไม่รู้จักหัวข้อ '{label}' ไม่ได้นำมาใช้")
                continue
            try:
                parsed = _from_cell(col, value)
            except CellError as exc:
                self.error(title, number, f"B{number}", f"{label}: {exc}")
                continue
            if parsed is not None and parsed != []:
                _set(out, col.key, parsed)
        return out


def _period_from(record: dict, key: str):
    """Columns text/start/end → a period: plain text, or {text, start, end}."""
    value = record.pop(key, None)
    if not value:
        return None
    if set(value) == {"text"}:
        return value["text"]
    return {k: value[k] for k in ("text", "start", "end") if k in value}


def _read_plan(r: _Reader) -> dict:
    info = r.key_values("แผน", PLAN_INFO, [(PLAN_TOTAL_LABEL, "total@", "money")])
    plan: dict = {}
    totals = {int(k[6:]): v for k, v in info.items() if k.startswith("total@") and v}
    for col in PLAN_INFO:
        value = _get(info, col.key)
        if value is not None:
            _set(plan, col.key, value)
    # keep the data format's order
    ordered = {k: plan[k] for k in ("title", "start_year", "end_year", "announcement", "introduction", "file")
               if k in plan}
    dims: list[dict] = []
    index: dict[str, dict] = {}
    current_dim = current_mission = None
    if "มิติและภารกิจ" in r.wb.sheetnames:
        for number, rec in r.table("มิติและภารกิจ", STRUCTURE_COLS, [(STRUCTURE_TOTAL_LABEL, "total@", "money")]):
            level = rec.get("level")
            no = rec.get("no")
            title = rec.get("title")
            if level is None:
                level = {1: "มิติ", 2: "ภารกิจ", 3: "ภารกิจย่อย"}.get(str(no).count(".") + 1 if no is not None else 0)
            if level is None or no is None:
                r.error("มิติและภารกิจ", number, f"A{number}", "ต้องมีระดับและเลขข้อ")
                continue
            if level == "มิติ":
                try:
                    dim_no = thai.parse_int(no)
                except thai.ParseError:
                    r.error("มิติและภารกิจ", number, f"B{number}", f"เลขมิติ '{no}' ต้องเป็นตัวเลข")
                    continue
                current_dim = {"no": dim_no, "title": title}
                stated = {int(k[6:]): v for k, v in rec.items() if k.startswith("total@") and v}
                if stated:
                    current_dim["stated_totals"] = dict(sorted(stated.items()))
                if "stated_project_count" in rec:
                    current_dim["stated_project_count"] = rec["stated_project_count"]
                dims.append(current_dim)
                index[f"d{dim_no}"] = current_dim
                current_mission = None
            elif level == "ภารกิจ":
                if current_dim is None:
                    r.error("มิติและภารกิจ", number, f"A{number}", "ภารกิจต้องอยู่หลังแถวมิติ")
                    continue
                current_mission = {"no": str(no), "title": title}
                current_dim.setdefault("missions", []).append(current_mission)
                index[f"m{current_dim['no']}|{no}"] = current_mission
            else:
                if current_mission is None:
                    r.error("มิติและภารกิจ", number, f"A{number}", "ภารกิจย่อยต้องอยู่หลังแถวภารกิจ")
                    continue
                sub = {"no": str(no), "title": title}
                current_mission.setdefault("sub_missions", []).append(sub)
                index[f"s{current_dim['no']}|{current_mission['no']}|{no}"] = sub
    if "โครงการ" in r.wb.sheetnames:
        cols = PROJECT_COLS_HEAD + PROJECT_COLS_TAIL
        for number, rec in r.table("โครงการ", cols, [(BUDGET_LABEL, "budget@", "money")]):
            dim_no, mission_no, sub_no = rec.pop("dimension", None), rec.pop("mission", None), rec.pop("sub_mission", None)
            mission = index.get(f"m{dim_no}|{mission_no}")
            if mission is None:
                r.error("โครงการ", number, f"B{number}",
                        f"ไม่พบภารกิจ {mission_no} ของมิติ {dim_no} ในแผ่นงาน มิติและภารกิจ")
                continue
            budget = {int(k[7:]): v for k, v in rec.items() if k.startswith("budget@") and v}
            project = {k: rec[k] for k in ("no", "id", "kind", "title", "summary_title", "summary_no") if k in rec}
            if budget:
                project["budget"] = dict(sorted(budget.items()))
            for col in PROJECT_COLS_TAIL:
                if col.key in rec:
                    project[col.key] = rec[col.key]
            if sub_no is not None:
                sub = index.get(f"s{dim_no}|{mission_no}|{sub_no}")
                if sub is None:
                    r.error("โครงการ", number, f"C{number}", f"ไม่พบภารกิจย่อย {sub_no} ในแผ่นงาน มิติและภารกิจ")
                    continue
                sub.setdefault("projects", []).append(project)
            else:
                mission.setdefault("projects", []).append(project)
    for dim in dims:            # data format order: missions after the totals
        for mission in dim.get("missions", []):
            if "projects" in mission and "sub_missions" in mission:
                mission["projects"] = mission.pop("projects")
    risks = []
    if "ความเสี่ยง" in r.wb.sheetnames:
        for number, rec in r.table("ความเสี่ยง", RISK_COLS):
            if "step" in rec or not risks:
                if "step" not in rec:
                    r.error("ความเสี่ยง", number, f"B{number}", "ความเสี่ยงแรกต้องมีขั้นตอนการดำเนินงาน")
                    continue
                risk = {k: rec[k] for k in ("no", "step", "level") if k in rec}
                risks.append(risk)
            elif "no" in rec or "level" in rec:
                r.warn("ความเสี่ยง", number, f"A{number}", "ลำดับที่/ระดับรวมในแถวที่ไม่มีขั้นตอน ไม่ได้นำมาใช้")
            risk = risks[-1]
            if "issue" in rec:
                issue = {"text": rec["issue"]}
                if "issue_level" in rec:
                    issue["level"] = rec["issue_level"]
                risk.setdefault("issues", []).append(issue)
            if "control" in rec:
                control = {"text": rec["control"]}
                if "control_project" in rec:
                    control["project"] = rec["control_project"]
                risk.setdefault("controls", []).append(control)
    if risks or "risk_assessment" in plan:
        assessment = dict(plan.get("risk_assessment") or {})
        if risks:
            assessment["risks"] = risks
        ordered["risk_assessment"] = {k: assessment[k] for k in ("title", "fiscal_year", "risks") if k in assessment}
    for dim in dims:
        order = ("no", "title", "stated_totals", "stated_project_count", "missions")
        dim_ordered = {k: dim[k] for k in order if k in dim}
        dim.clear()
        dim.update(dim_ordered)
    ordered["dimensions"] = dims
    if totals:
        ordered["stated_totals"] = dict(sorted(totals.items()))
    if "stated_project_count" in plan:
        ordered["stated_project_count"] = plan["stated_project_count"]
    return ordered


def _read_measures(r: _Reader) -> dict:
    info = r.key_values("รายงาน", MEASURES_INFO)
    coverage = _period_from(info, "coverage")
    if coverage:
        info["coverage"] = coverage
    measures = []
    if "มาตรการ" in r.wb.sheetnames:
        for _, rec in r.table("มาตรการ", MEASURE_COLS):
            period = _period_from(rec, "period")
            if period:
                rec["period"] = period
            order = ("no", "title", "instrument", "method", "responsible", "period", "results", "outcomes",
                     "suggestions")
            measures.append({k: rec[k] for k in order if k in rec})
    order = ("title", "fiscal_year", "based_on_ita_year", "report_date", "coverage", "introduction", "conclusion",
             "prepared_by", "file")
    report = {k: info[k] for k in order if k in info}
    report["measures"] = measures
    return report


def _read_oit(r: _Reader) -> dict:
    info = r.key_values("ข้อมูลทั่วไป", OIT_INFO)
    items: dict[str, dict] = {}
    order = ("note", "pages", "documents", "links", "nothing_to_report")

    def item(key: str) -> dict:
        return items.setdefault(key, {})

    if "หลักฐาน" in r.wb.sheetnames:
        for number, rec in r.table("หลักฐาน", EVIDENCE_COLS):
            key = rec.pop("key", None)
            rec.pop("number", None)
            rec.pop("item_title", None)
            listed = rec.pop("_listed", None) == "ใช่"
            if key is not None and not rec and not listed:
                continue      # a catalogue row of the template left empty
            if key is None:
                if rec:
                    r.error("หลักฐาน", number, f"A{number}", "ไม่มีรหัสข้อ")
                continue
            evidence = item(str(key))
            for k, v in rec.items():
                _set(evidence, k, v)
    for sheet, cols, field in (("เอกสาร", DOCUMENT_COLS, "documents"), ("ลิงก์", LINK_COLS, "links")):
        if sheet not in r.wb.sheetnames:
            continue
        for number, rec in r.table(sheet, cols):
            key = rec.pop("key", None)
            if key is None:
                r.error(sheet, number, f"A{number}", "ไม่มีรหัสข้อ")
                continue
            period = _period_from(rec, "period")
            if period:
                rec["period"] = period
            keys = [c.key.split(".")[0] for c in cols if c.key != "key"]
            entry = {k: rec[k] for k in dict.fromkeys(keys) if k in rec}
            item(str(key)).setdefault(field, []).append(entry)
    out = {k: info[k] for k in ("ita_year", "as_of") if k in info}
    out["items"] = {key: {k: value[k] for k in order if k in value} for key, value in items.items()}
    return out


def import_xlsx(path: Path, shown_as: str | None = None) -> list[tuple[str, dict, Problems]]:
    """Read a workbook written by `write_workbook` (or filled from the template).

    Returns one (kind, data, problems) per kind found in the workbook; a
    workbook that cannot be opened gives [('unknown', {}, problems)].
    """
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from ..extract import workbook_problem

    shown = shown_as or str(path)
    problems = Problems()
    # bounded before loading: the library builds every cell (and walks the rectangle they span)
    # in memory, so a small file with millions of empty cells would take minutes and gigabytes
    too_big = workbook_problem(Path(path))
    if too_big:
        problems.error(shown, None, "-", f"ไม่นำเข้าไฟล์นี้: {too_big}")
        return [("unknown", {}, problems)]
    try:
        wb = load_workbook(Path(path), data_only=True, read_only=False)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        reason = getattr(exc, "strerror", None) or "ไฟล์เสียหรือไม่ใช่ .xlsx"
        problems.error(shown, None, "-", f"เปิดไฟล์ Excel ไม่ได้ ({reason}) ให้เปิดใน Excel แล้วบันทึกเป็น .xlsx")
        return [("unknown", {}, problems)]
    found = []
    readers = ((PLAN, "โครงการ", _read_plan), (MEASURES, "มาตรการ", _read_measures), (OIT, "หลักฐาน", _read_oit))
    for kind, marker, read in readers:
        if marker not in wb.sheetnames:
            continue
        kind_problems = Problems()
        missing = [name for name in SHEETS[kind] if name not in wb.sheetnames]
        if missing:
            # a renamed sheet would silently lose its rows: say which one, and what is there instead
            others = [name for name in wb.sheetnames if name not in SHEETS[kind] and name != HELP_SHEET]
            kind_problems.error(shown, None, "-", f"ไม่พบแผ่นงาน {', '.join(missing)}"
                                + (f" (มีแผ่นงานที่ไม่รู้จัก: {', '.join(others)})" if others else "")
                                + " ให้ตั้งชื่อแผ่นงานตามแบบฟอร์มจาก prongsai template xlsx แล้วนำเข้าใหม่")
            found.append((kind, {}, kind_problems))
            continue
        data = read(_Reader(wb, shown, kind_problems))
        if kind == PLAN and not data.get("dimensions") and not data.get("title"):
            continue          # an empty plan template
        if kind == MEASURES and not data.get("measures") and not data.get("title"):
            continue
        if kind == OIT and not data.get("items") and "ita_year" not in data:
            continue
        found.append((kind, data, kind_problems))
    if not found:
        names = ", ".join(wb.sheetnames)
        problems.error(shown, None, "-", f"ไม่พบข้อมูลที่รู้จักในไฟล์นี้ (แผ่นงาน: {names}) ให้ใช้แบบฟอร์มจาก "
                                         "prongsai template xlsx และห้ามเปลี่ยนชื่อแผ่นงาน")
        return [("unknown", {}, problems)]
    return found
