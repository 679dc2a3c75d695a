"""A document's heading, the day it was signed, and the time it is about.

The date is the signing or announcement date ("ประกาศ ณ วันที่ …", "สั่ง ณ วันที่ …",
"ลงวันที่ …", a memo's "วันที่ …"), not a date quoted in the text. The fiscal year and
the period covered are read from the heading with the same reader that judges the
evidence (generator/timewindow.py), so that what is proposed is what readiness will see.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import thai
from ..model import Document, Period
from ..timewindow import document_time, title_time

# lines that start the body of a document, after its heading
_BODY_START = re.compile(r"^\s*(?:ด้วย|ตามที่|โดยที่|อาศัย|เพื่อให้|ตาม(?:ระเบียบ|พระราชบัญญัติ|หนังสือ)|เรียน\s|"
                         r"สิ่งที่ส่งมาด้วย|อ้างถึง|ความเป็นมา|บทนำ|คำนำ|วันที่\s|(?:ประกาศ|สั่ง)\s*ณ\s|ข้อมูล\s*ณ|ส่วนที่\s*[1-9๑-๙]|ลำดับ|ที่\s|\d+\.\s|[๑-๙]\.\s)")
_CUT_BODY = re.compile(r"\s(?:ด้วย|ตามที่|โดยที่|อาศัยอำนาจ)\S")
_HEADING_KIND = re.compile(r"^\s*(?:ประกาศ|คำสั่ง|บันทึกข้อความ|ระเบียบ|ข้อบัญญัติ|เทศบัญญัติ)")
# "เรื่อง", also as OCR reads it without its marks ("เรอง")
_SUBJECT = re.compile(r"^\s*เร(?:ื่|่ื|ื|่)?อง\s*(.*)$")
_KIND_AND_SUBJECT = re.compile(r"^\s*((?:ประกาศ|คำสั่ง)\S*(?:\s+\S+){0,3}?)\s+เรื่อง\s+(.+)$")
_FURNITURE = re.compile(r"^\s*\(?(?:สำเนา|สำเนาคู่ฉบับ|ด่วนที่สุด|ด่วนมาก|ด่วน|ลับ|ครุฑ|ตราครุฑ|-\s*\d+\s*-)\)?\s*$")
_MAX_HEADING_LINES = 4
_RULE = re.compile(r"^\s*[-–_=.]{5,}")
# the organisation's name under a report's title ends the title
_ORG = r"(?:องค์การบริหารส่วน(?:ตำบล|จังหวัด)|เทศบาล(?:ตำบล|เมือง|นคร)|อบต\.|อบจ\.)"
# the organisation's name or address on a line of its own (a spreadsheet's second row): never title
_ORG_OR_ADDRESS = re.compile(r"^\s*(?:" + _ORG + r"|(?:หมู่ที่|ตำบล|อำเภอ|จังหวัด|ที่อยู่|ที่ตั้ง|โทร)\s*\S)")
# a report's title line that ran into the organisation's name under it (as a PDF's text may read)
_ORG_AFTER = re.compile(r"(?<=\S)\s*(?<!ประกาศ)(?<!คำสั่ง)(?<!ของ)" + _ORG + r"\S*(?:\s|$)")

_MONTH_NAMES = sorted({*thai.MONTHS_FULL, *thai.MONTHS_ABBR, *(a.replace(".", "") for a in thai.MONTHS_ABBR)},
                      key=len, reverse=True)
_MONTH = "(" + "|".join(re.escape(name) for name in _MONTH_NAMES) + ")"
_DATE = r"(\d{1,2})\s*(?:เดือน\s*)?" + _MONTH + r"\s*(?:พ\.\s?ศ\.?\s*|ปี\s*)?(\d{4}|\d{2})(?!\d)"
_NUMERIC_DATE = r"(\d{1,2})/(\d{1,2})/(25\d\d|\d{2})(?!\d)"
# the signing date, strongest label first
_SIGNED = [re.compile(label + r"\s*" + _DATE) for label in (
    r"(?:ประกาศ|สั่ง|ให้ไว้)\s*ณ\s*วันที่", r"ลงวันที่", r"(?:^|\n)\s*วันที่",
)]
_ANY_DATE = re.compile(_DATE)
# a row that says which month, quarter or year a form reports ("ประจำเดือน ตุลาคม 2568")
_TIME_ROW = re.compile(r"^(?:(?:ประจำ|ในรอบ|รอบ)\s*)?(?:เดือน|ไตรมาส|ปีงบประมาณ|งวด)|^" + _MONTH)
_AS_OF = re.compile(r"(?:ข้อมูล\s*)?ณ\s*วันที่\s*$|ถึงวันที่\s*$|ตั้งแต่วันที่\s*$|สัญญา.{0,20}$|ระหว่างวันที่\s*$")


@dataclass
class When:
    date: dt.date | None
    date_text: str            # the words the date was read from
    fiscal_year: int | None   # stated by the heading
    period: tuple[dt.date, dt.date] | None   # months, a quarter, a half year or years the heading names
    document: Document        # as readiness will see it (title, date, fiscal_year, period)

    @property
    def effective_fiscal_year(self) -> int | None:
        time = document_time(self.document)
        return max(time.years) if time.years and not time.conflict else None


def heading_of(lines: list[str]) -> str:
    """The document's own heading: "ประกาศ… เรื่อง …" or the first title lines, never the body."""
    lines = [line.strip() for line in lines if line.strip() and not _is_furniture(line)]
    for index, line in enumerate(lines[:12]):
        same_line = _KIND_AND_SUBJECT.match(line)
        if same_line:   # "ประกาศองค์การบริหารส่วนตำบล… เรื่อง …" on one line
            return f"{same_line.group(1).strip()} เรื่อง {_cut(same_line.group(2))}"
        subject = _SUBJECT.match(line)
        if subject:
            rest, later = subject.group(1).strip(), lines[index + 1:]
            if not rest:    # "เรื่อง" alone on its line (a heading cut at its space): the subject is the next line
                if not later or _BODY_START.match(later[0]):
                    continue
                rest, later = later[0], later[1:]
            issuer = lines[index - 1] if index and _HEADING_KIND.match(lines[index - 1]) else ""
            issuer = _cut(issuer)
            text = _cut(rest)
            follow = later[0] if later else ""
            if follow and not _BODY_START.match(follow) and len(text) + len(follow) < 160 and _continues(follow):
                text = f"{text} {_cut(follow)}"
            return f"{issuer} เรื่อง {text}".strip() if issuer else text
    heading: list[str] = []
    for line in lines[:12]:
        if heading and (_BODY_START.match(line) or _RULE.match(line) or _ORG_OR_ADDRESS.match(line)
                        or len(" ".join(heading)) > 150):
            break
        if _is_furniture(line):
            continue
        issuer = _ORG_AFTER.search(line)
        heading.append(_cut(line[:issuer.start()] if issuer else line))
        if issuer or len(heading) == _MAX_HEADING_LINES or _CUT_BODY.search(line):
            break
    return " ".join(heading).strip()


def with_time_row(heading: str, lines: list[str]) -> str:
    """A heading that names no time ("แบบ สขร.1") with the row under it that does ("ประจำเดือน
    ตุลาคม 2568"), so that two monthly forms get two titles and each its month as period."""
    if not heading or title_time(heading).says_anything or re.search(_MONTH, heading):
        return heading   # a month already named (an OCR'd year may be unreadable: leave it to staff)
    for line in [line.strip() for line in lines[:10]]:
        if line and line not in heading and "\t" not in line and len(line) <= 90 and _TIME_ROW.match(line) \
                and title_time(line).spans:
            return f"{heading} {line}"
    return heading


def _continues(line: str) -> bool:
    """A second heading line: a year, a period or a short phrase, not a table or a signature."""
    return "\t" not in line and not _BODY_START.match(line) and not line.startswith(("(", "ลงชื่อ")) and len(line) < 90


def _cut(line: str) -> str:
    match = _CUT_BODY.search(line)
    line = line[:match.start()] if match else line
    return _RULE.split(line)[0].strip()


def _is_furniture(line: str) -> bool:
    """Page numbers, form codes and stray marks above a heading."""
    text = thai.to_arabic_digits(line).strip(" -–()")
    return bool(_FURNITURE.match(line)) or not text or text.isdigit() or text.lower().startswith(("หน้า", "page")) or len(text) < 3


def _date_of(match: re.Match) -> dt.date | None:
    day, month, year = match.group(1), match.group(2), match.group(3)
    try:
        found = thai.parse_date(f"{day} {month} {year}")
    except thai.ParseError:
        return None
    return found if 2400 <= thai.be_year(found.year) <= 2700 else None


def signing_date(text: str) -> tuple[dt.date | None, str]:
    """The date the document was signed or announced, and the words it was read from."""
    text = thai.to_arabic_digits(text)
    for pattern in _SIGNED:
        found = [(m, _date_of(m)) for m in pattern.finditer(text)]
        found = [(m, d) for m, d in found if d and not _AS_OF.search(text[max(0, m.start() - 25):m.start()])]
        if found:
            match, day = found[-1] if pattern is not _SIGNED[2] else found[0]
            return day, " ".join(match.group(0).split())
    dates = [(m, _date_of(m)) for m in _ANY_DATE.finditer(text)]
    dates = [(m, d) for m, d in dates if d and not _AS_OF.search(text[max(0, m.start() - 25):m.start()])]
    if dates:
        match, day = dates[-1]
        return day, " ".join(match.group(0).split())
    numeric = list(re.finditer(_NUMERIC_DATE, text))
    for match in reversed(numeric):
        try:
            return thai.parse_date(match.group(0)), match.group(0)
        except thai.ParseError:
            continue
    return None, ""


def time_of(heading: str, text: str) -> When:
    day, date_text = signing_date(text)
    hint = thai.fiscal_year_of(day) if day else None
    named = title_time(heading, hint)
    period = None
    fiscal_year = None
    if named.spans:
        period = (min(s for s, _ in named.spans), max(e for _, e in named.spans))
    elif len(named.years) > 1:
        first, last = min(named.years), max(named.years)
        period = (thai.fiscal_year_bounds(first)[0], thai.fiscal_year_bounds(last)[1])
    elif len(named.years) == 1:
        fiscal_year = next(iter(named.years))
    document = Document(title=heading, date=day, fiscal_year=fiscal_year,
                        period=Period(start=period[0], end=period[1]) if period else None)
    return When(day, date_text, fiscal_year, period, document)


def covered(when: When) -> tuple[dt.date, dt.date] | None:
    """What the document covers as readiness reads it: its period, else its whole fiscal year."""
    if when.period:
        return when.period
    year = when.effective_fiscal_year
    time = document_time(when.document)
    if year and time.source in ("fiscal_year", "title"):
        return thai.fiscal_year_bounds(year)
    return None
