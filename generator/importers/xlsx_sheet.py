"""One sheet of a Prongsai workbook: its columns, its cells, writing it and reading it back.

The workbooks (xlsx.py) and the plan's sheets (xlsx_plan.py) are built from
these parts: a `Col` names a column (Thai label, data key, kind of value), a
cell's value goes to the data through `from_cell` and back through `to_cell`,
and `SheetReader` reads a table or a key/value sheet with every bad cell
recorded as `file:row: sheet!cell: message`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from .. import thai
from ..problems import Problems
from .common import squash

MAX_CELL = 32_000          # Excel keeps at most 32,767 characters in a cell
MAX_ROWS = 20_000          # rows read per sheet: a sheet past this was not filled by hand


@dataclass(frozen=True)
class Col:
    label: str
    key: str
    kind: str = "text"     # text | int | year | money | paragraphs | lines | date | enum
    desc: str = ""
    width: int = 24
    choices: tuple = ()
    aliases: tuple = ()    # (other spelling, choice) pairs an enum also accepts


# A column whose label ends in a year ("งบประมาณ ปี 2568"): (label prefix, key prefix, kind).
# The key of such a column is the key prefix followed by the year, e.g. "budget@2568".
Dynamic = tuple[str, str, str]


# --- values ----------------------------------------------------------------------------------

def get(data: dict, key: str):
    """The value at a dotted key ("announcement.signatory.name"), None when absent."""
    value = data
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def has(data: dict, key: str) -> bool:
    """Whether the dotted key is there (its value may be None)."""
    *parents, last = key.split(".")
    for part in parents:
        data = data.get(part) if isinstance(data, dict) else None
    return isinstance(data, dict) and last in data


def put_value(data: dict, key: str, value) -> None:
    """Set the value at a dotted key, making the mappings on the way."""
    parts = key.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def by_year(record: dict, prefix: str) -> dict[int, object]:
    """The dynamic-column values of a record ({"budget@2568": 5} → {2568: 5}), empty ones left out."""
    found = {int(key[len(prefix):]): value for key, value in record.items() if key.startswith(prefix) and value}
    return dict(sorted(found.items()))


def date_text(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return thai.thai_date(thai.parse_date(value))
    return str(value)


def to_cell(col: Col, value):
    """A data value → what the cell shows."""
    if value is None:
        return None
    if col.kind == "paragraphs":
        return "\n\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if col.kind == "lines":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if col.kind == "date":
        return date_text(value)
    return value


NO_AMOUNT = "-"     # an amount the data gives as "-" (no budget that year): kept, not left out


def amount_cell(value):
    """An amount for a cell: "-" stays "-" (None in normalised data), so the year is not lost."""
    return NO_AMOUNT if value is None else value


def cell_value(col: Col, record: dict):
    """What the cell of `col` shows for `record`."""
    value = get(record, col.key)
    if value is None and col.kind == "money" and has(record, col.key):
        return NO_AMOUNT
    return to_cell(col, value)


class CellError(Exception):
    pass


_EXCEL_ERRORS = {"#REF!", "#VALUE!", "#N/A", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!", "#GETTING_DATA"}


def _usable(value):
    """The cell's value with line ends made plain, None when empty; raises CellError for values
    no column can use (Excel's error values, TRUE/FALSE, infinities)."""
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
    return value


def _spelling(text: str) -> str:
    """A comparison key for the words of an enum: Arabic digits, single spaces."""
    return re.sub(r"\s+", " ", thai.to_arabic_digits(text)).strip()


def _text(col: Col, value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return date_text(value)
    text = str(value).strip()
    if col.kind == "enum" and col.choices and text not in col.choices:
        spelling = {_spelling(alias): choice for alias, choice in col.aliases}
        text = spelling.get(_spelling(text))
        if text is None:
            raise CellError(f"ต้องเป็นค่าใดค่าหนึ่ง: {', '.join(col.choices)}")
    return text


def _paragraphs(_col: Col, value) -> list[str]:
    parts = [p.strip() for p in re.split(r"\n[ \t]*\n", str(value).strip())]
    return [p for p in parts if p]


def _lines(_col: Col, value) -> list[str]:
    return [line.strip() for line in str(value).split("\n") if line.strip()]


def _money(_col: Col, value):
    if isinstance(value, str) and value.strip() in ("-", "–", "—"):
        return NO_AMOUNT
    return thai.parse_baht(value)


def _date(_col: Col, value) -> str:
    return thai.thai_date(thai.parse_date(value.strip() if isinstance(value, str) else value))


_READ = {
    "text": _text,
    "enum": _text,
    "int": lambda _col, value: thai.parse_int(value),
    "year": lambda _col, value: thai.normalise_be_year(thai.parse_int(value)),
    "money": _money,
    "paragraphs": _paragraphs,
    "lines": _lines,
    "date": _date,
}


def from_cell(col: Col, value):
    """A cell's value → the data value (None = empty). Raises CellError with a Thai message."""
    value = _usable(value)
    if value is None:
        return None
    try:
        return _READ[col.kind](col, value)
    except thai.ParseError as exc:
        raise CellError(str(exc)) from None


def period_from(record: dict, key: str):
    """Columns text/start/end → a period: plain text, or {text, start, end}."""
    value = record.pop(key, None)
    if not value:
        return None
    if set(value) == {"text"}:
        return value["text"]
    return {k: value[k] for k in ("text", "start", "end") if k in value}


def with_period(record: dict, key: str) -> dict:
    """A period written as plain text becomes {'text': …} so that it fits the columns."""
    value = record.get(key)
    if isinstance(value, str):
        record = dict(record)
        record[key] = {"text": value}
    return record


def ordered(record: dict, keys) -> dict:
    """The record's entries in the data format's order (absent keys left out)."""
    return {k: record[k] for k in keys if k in record}


# --- writing -----------------------------------------------------------------------------------

def _safe(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > MAX_CELL:
            raise ValueError(f"ข้อความยาวเกิน {MAX_CELL:,} ตัวอักษร ซึ่ง Excel เก็บไม่ได้")
    return value


def put(ws, row: int, column: int, value) -> None:
    """Write one cell; text stays text (never a formula, even if it starts with '=')."""
    from openpyxl.styles import Alignment

    cell = ws.cell(row=row, column=column)
    cell.value = _safe(value)
    if isinstance(value, str):
        cell.data_type = "s"
        cell.number_format = "@"
        if "\n" in value or len(value) > 40:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _choice_list(ws, index: int, col: Col) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"', allow_blank=True)
    validation.error = f"ต้องเป็น {', '.join(col.choices)}"
    ws.add_data_validation(validation)
    letter = get_column_letter(index)
    validation.add(f"{letter}2:{letter}5000")


def header(ws, cols: list[Col]) -> None:
    """The header row: Thai labels, their explanations as comments, drop-down lists for enums."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for index, col in enumerate(cols, start=1):
        cell = ws.cell(row=1, column=index, value=col.label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if col.desc:
            cell.comment = Comment(col.desc, "prongsai")
        ws.column_dimensions[get_column_letter(index)].width = col.width
        if col.kind == "enum" and col.choices:
            _choice_list(ws, index, col)
    ws.freeze_panes = "A2"


def key_value_sheet(wb, title: str, cols: list[Col], data: dict, extra: list[tuple[str, object]] = ()) -> None:
    """A sheet of two columns, หัวข้อ and ค่า: one row per field of `cols`, then the `extra` rows."""
    from openpyxl.comments import Comment

    ws = wb.create_sheet(title)
    header(ws, [Col("หัวข้อ", "label", width=40), Col("ค่า", "value", width=90)])
    row = 2
    for col in cols:
        ws.cell(row=row, column=1, value=col.label)
        if col.desc:
            ws.cell(row=row, column=1).comment = Comment(col.desc, "prongsai")
        put(ws, row, 2, cell_value(col, data))
        row += 1
    for label, value in extra:
        ws.cell(row=row, column=1, value=label)
        put(ws, row, 2, value)
        row += 1


def table_sheet(wb, title: str, cols: list[Col], rows: list[dict]):
    """A sheet with a header row and one row per record."""
    ws = wb.create_sheet(title)
    header(ws, cols)
    for r, record in enumerate(rows, start=2):
        for c, col in enumerate(cols, start=1):
            put(ws, r, c, cell_value(col, record))
    return ws


# --- reading -----------------------------------------------------------------------------------

def _dynamic_col(label: str, dynamic: list[Dynamic]) -> Col | None:
    key = squash(label)
    for prefix, key_prefix, kind in dynamic:
        m = re.fullmatch(re.escape(squash(prefix)) + r"(\d{4})", key)
        if m:
            return Col(label, f"{key_prefix}{thai.normalise_be_year(int(m[1]))}", kind)
    return None


class SheetReader:
    """Reads the sheets of one workbook, recording problems as `file:row: sheet!cell: message`."""

    def __init__(self, wb, shown: str, problems: Problems):
        self.wb = wb
        self.shown = shown
        self.p = problems

    def has(self, title: str) -> bool:
        return title in self.wb.sheetnames

    def error(self, sheet: str, row: int | None, where: str, message: str) -> None:
        self.p.error(self.shown, row, f"{sheet}!{where}", message)

    def warn(self, sheet: str, row: int | None, where: str, message: str) -> None:
        self.p.warning(self.shown, row, f"{sheet}!{where}", message)

    def rows(self, title: str):
        ws = self.wb[title]
        for index, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if index > MAX_ROWS:
                self.error(title, index, "-", f"แผ่นงานมีแถวมากเกินไป อ่านถึงแถวที่ {MAX_ROWS:,}")
                return
            yield index, list(row)

    def _col_for(self, label: str, by_label: dict[str, Col], dynamic: list[Dynamic]) -> Col | None:
        return by_label.get(squash(label)) or _dynamic_col(label, dynamic)

    def _columns(self, title: str, header_row: list, cols: list[Col], dynamic: list[Dynamic]) -> dict[int, Col]:
        """Column index → Col for every header the sheet's layout knows; unknown ones are warned about."""
        from openpyxl.utils import get_column_letter

        by_label = {squash(c.label): c for c in cols}
        columns: dict[int, Col] = {}
        for index, label in enumerate(header_row):
            if label is None or str(label).strip() == "":
                continue
            col = self._col_for(str(label), by_label, dynamic)
            if col is None:
                self.warn(title, 1, get_column_letter(index + 1), f"ไม่รู้จักคอลัมน์ '{label}' ไม่ได้นำมาใช้")
                continue
            columns[index] = col
        return columns

    def _record(self, title: str, number: int, row: list, columns: dict[int, Col]) -> dict:
        from openpyxl.utils import get_column_letter

        record: dict = {}
        for index, col in columns.items():
            value = row[index] if index < len(row) else None
            self._take(record, col, value, (title, number, f"{get_column_letter(index + 1)}{number}"), col.label)
        return record

    def _take(self, record: dict, col: Col, value, where: tuple[str, int, str], label: str) -> None:
        """A cell's value put into `record` under its column's key; a value that cannot be read
        is a problem at `where` (sheet, row, cell) and leaves the record as it was."""
        try:
            parsed = from_cell(col, value)
        except CellError as exc:
            self.error(*where, f"{label}: {exc}")
            return
        if parsed is not None and parsed != []:
            put_value(record, col.key, parsed)

    def table(self, title: str, cols: list[Col], dynamic: list[Dynamic] = ()):
        """Rows of a table sheet as (row number, {key: value}); empty rows are skipped, bad cells are problems."""
        rows = self.rows(title)
        first = next(rows, None)
        if first is None:
            return
        columns = self._columns(title, first[1], cols, list(dynamic))
        for number, row in rows:
            record = self._record(title, number, row, columns)
            if record:
                yield number, record

    def key_values(self, title: str, cols: list[Col], dynamic: list[Dynamic] = ()) -> dict:
        """A หัวข้อ/ค่า sheet → {key: value}."""
        by_label = {squash(c.label): c for c in cols}
        out: dict = {}
        for number, row in self.rows(title):
            if number == 1 or not row or row[0] is None:
                continue
            label = str(row[0]).strip()
            col = self._col_for(label, by_label, list(dynamic))
            if col is None:
                self.warn(title, number, f"A{number}", f"ไม่รู้จักหัวข้อ '{label}' ไม่ได้นำมาใช้")
                continue
            self._take(out, col, row[1] if len(row) > 1 else None, (title, number, f"B{number}"), label)
        return out
