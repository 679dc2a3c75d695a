"""Import the text of an integrity-measure implementation report (seed 000 shape).

The report is a title, an introduction, then a table of measures: measure /
method / responsible unit / period / results / suggestions. LAOs title these
columns differently ("ผลลัพธ์" for suggestions, "แนวทาง/มาตรการ" for the measure,
"ระยะเวลา" for the period …), number the measures with Thai or Arabic digits,
and some split the report into IIT, EIT and OIT sections. PDF extraction adds
its own damage: the header repeated at every page break, a row continued on the
next page (its first cell empty, or holding the rest of the measure's title),
text that lost its tab stops, HTML leftovers.

Columns are found by the meaning of their header words. A layout that cannot
be read gets an error naming the line.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .. import thai
from ..fields import parse_period_text
from ..problems import Problems
from .common import (
    SourceText, arabic, cells_of, classify_columns, clean_html, is_page_number, join_text,
    leading_number, one_line, read_source, split_paragraphs, squash,
)

MEASURE_ROLES = [
    ("no", ("=ลำดับ", "=ลำดับที่", "=ที่", "=ข้อ", "=no")),
    ("instrument", ("แบบวัด", "แบบสำรวจ", "เครื่องมือ")),
    ("results", ("ผลการดำเนิน", "ผลดำเนิน", "ผลการปฏิบัติ", "ผลการขับเคลื่อน", "ผลงาน", "ผลที่ได้", "ผลการนำ")),
    ("suggestions", ("ข้อเสนอแนะ", "ผลลัพธ์", "ปัญหา", "อุปสรรค", "ข้อสังเกต", "ผลสัมฤทธิ์", "ข้อคิดเห็น")),
    ("responsible", ("รับผิดชอบ", "ผู้ดำเนินการ", "หน่วยงานที่", "ผู้ปฏิบัติ")),
    ("period", ("ระยะเวลา", "ช่วงเวลา", "ห้วงเวลา", "กำหนดเวลา", "ไตรมาส", "=เวลา", "วันที่", "ปีงบประมาณ")),
    ("method", ("วิธีการ", "วิธีดำเนิน", "ขั้นตอน", "การดำเนินการ", "แนวทางการดำเนิน", "รายละเอียด",
                "แนวทางปฏิบัติ", "การขับเคลื่อน")),
    ("title", ("มาตรการ", "แนวทาง", "ประเด็น", "หัวข้อ", "จุดอ่อน", "ตัวชี้วัด", "เรื่อง", "ข้อบกพร่อง")),
    ("activity", ("กิจกรรม", "โครงการ")),
]
ROLE_NAMES = {
    "no": "ลำดับ", "instrument": "แบบวัด", "title": "มาตรการ/แนวทาง", "method": "วิธีการดำเนินการ",
    "responsible": "ผู้รับผิดชอบ", "period": "ระยะเวลาดำเนินการ", "results": "ผลการดำเนินการ",
    "suggestions": "ข้อเสนอแนะ/ผลลัพธ์",
}
TEXT_ROLES = ("title", "method", "responsible", "period", "results", "suggestions")

_INSTRUMENT = re.compile(r"(?<![A-Za-z])(IIT|EIT|OIT)(?![A-Za-z])", re.I)
_SIGNATURE = re.compile(r"^\s*(?:ลงชื่อ|ลงนาม|\(.+\)\s*$)|ผู้รายงาน|ผู้จัดทำ|ผู้ตรวจสอบ|ผู้รับรอง|ผู้อนุมัติ|ผู้เสนอ")


def instruments_in(text: str) -> set[str]:
    """Which ITA instruments a heading names (IIT/EIT/OIT or their Thai names)."""
    found = {m.upper() for m in _INSTRUMENT.findall(text)}
    key = squash(text)
    if "แบบ" in key or "การประเมิน" in key or "ตอบ" in key:
        if "ส่วนได้ส่วนเสียภายใน" in key:
            found.add("IIT")
        if "ส่วนได้ส่วนเสียภายนอก" in key:
            found.add("EIT")
        if "เปิดเผยข้อมูลสาธารณะ" in key:
            found.add("OIT")
    return found


def _header_roles(cells: list[str]) -> dict[int, str]:
    roles = classify_columns(cells, MEASURE_ROLES)
    assigned = set(roles.values())
    for col, role in list(roles.items()):
        if role == "activity":
            roles[col] = "title" if "title" not in assigned else "method"
            assigned.add(roles[col])
    return roles


def _is_header(cells: list[str]) -> dict[int, str] | None:
    filled = [c for c in cells if one_line(c)]
    if len(filled) < 3:
        return None
    if any(len(one_line(c)) > 60 for c in filled):
        return None
    roles = _header_roles(cells)
    distinct = set(roles.values())
    if len(distinct) >= 3 and distinct & {"title", "method"} and len(roles) >= len(filled) - 1:
        return roles
    return None


class Measure:
    def __init__(self, line: int, number: int | None, instrument: str | None):
        self.line = line
        self.no = number
        self.instrument = instrument
        self.text: dict[str, str] = {}
        self.instrument_cell = ""

    def add(self, role: str, raw: str) -> None:
        cleaned = clean_html(raw)
        if not cleaned:
            return
        existing = self.text.get(role, "")
        new_paragraph = raw.lstrip().lower().startswith("<p")
        if existing and not new_paragraph and role not in ("title", "responsible", "period"):
            self.text[role] = join_text(existing, cleaned)
        elif existing and role in ("title", "responsible", "period"):
            self.text[role] = join_text(existing, cleaned.replace("\n", " "))
        else:
            self.text[role] = f"{existing}\n{cleaned}" if existing else cleaned


class MeasuresParser:
    def __init__(self, source: SourceText, problems: Problems):
        self.src = source
        self.p = problems
        self.preamble: list[tuple[int, str]] = []
        self.measures: list[Measure] = []
        self.instrument: str | None = None
        self.roles: dict[int, str] | None = None
        self.header_line: int | None = None
        self.orphans: list[tuple[int, str]] = []
        self.signature: list[tuple[int, str]] = []
        self.numbered: bool | None = None
        self.first_table_line: int | None = None
        self.extra_warned = False

    def warn(self, line, where, message):
        self.p.warning(self.src.name, line, where, message)

    def error(self, line, where, message):
        self.p.error(self.src.name, line, where, message)

    def parse(self) -> None:
        lines = self.src.lines
        ended = False
        for index, raw in enumerate(lines):
            line_no = index + 1
            cells = cells_of(raw)
            if cells is None:
                text = one_line(raw)
                if not text:
                    continue
                self._flush_orphans_if_break(line_no)
                found = instruments_in(text)
                if len(found) == 1 and len(text) <= 150 and (self.roles is not None or not self._is_intro(text)):
                    self._flush_orphans()
                    self.instrument = found.pop()
                    continue
                if self.roles is None:
                    self.preamble.append((line_no, text))
                elif is_page_number(text):
                    continue
                elif _SIGNATURE.search(text) or re.match(r"^\s*(?:รายงาน\s*)?ณ\s*วันที่", text) or ended:
                    self._flush_orphans()
                    ended = True
                    self.signature.append((line_no, text))
                elif self.measures:
                    self.orphans.append((line_no, raw))
                continue
            if not any(c.strip() for c in cells):
                continue
            if self.first_table_line is None:
                self.first_table_line = line_no
            header = _is_header(cells)
            if header is not None:
                self._flush_orphans()
                self._use_header(header, line_no)
                continue
            filled = [(i, one_line(c)) for i, c in enumerate(cells) if one_line(c)]
            if len(filled) == 1:
                found = instruments_in(filled[0][1])
                if len(found) == 1 and len(filled[0][1]) <= 150:
                    self._flush_orphans()
                    self.instrument = found.pop()
                    continue
            if self.roles is None:
                continue
            if ended:
                self.warn(line_no, "ตาราง", "แถวตารางหลังส่วนลงนาม ไม่ได้นำมาใช้")
                continue
            self._flush_orphans()
            self._row(cells, line_no)
        self._flush_orphans()

    def _is_intro(self, text: str) -> bool:
        return len(text) > 150

    def _use_header(self, roles: dict[int, str], line_no: int) -> None:
        if self.roles is None:
            self.header_line = line_no
            missing = [ROLE_NAMES[r] for r in ("title", "method", "responsible", "period", "results", "suggestions")
                       if r not in roles.values()]
            if "title" not in roles.values():
                self.error(line_no, "หัวตาราง", "หัวตารางไม่มีคอลัมน์มาตรการ/แนวทาง จึงอ่านตารางนี้ไม่ได้ "
                                               "ให้ตั้งชื่อคอลัมน์แรกเป็น มาตรการ/แนวทาง")
                return
            if missing:
                self.warn(line_no, "หัวตาราง", f"ไม่พบคอลัมน์ {', '.join(missing)} ช่องเหล่านี้จะว่าง")
            counts = Counter(roles.values())
            for role, count in counts.items():
                if count > 1 and role in TEXT_ROLES:
                    self.warn(line_no, "หัวตาราง", f"มี {count} คอลัมน์ที่เป็น {ROLE_NAMES[role]} จะรวมไว้ในช่องเดียวกัน")
        elif set(roles.values()) != set(self.roles.values()) or len(roles) != len(self.roles):
            self.warn(line_no, "หัวตาราง", "หัวตารางบรรทัดนี้ต่างจากหัวตารางแรก ใช้หัวตารางใหม่ตั้งแต่บรรทัดนี้")
        self.roles = roles

    def _row(self, cells: list[str], line_no: int) -> None:
        roles = self.roles
        width = max(roles) + 1
        if len(cells) > width and any(one_line(c) for c in cells[width:]):
            if not self.extra_warned:
                self.warn(line_no, "ตาราง", f"แถวนี้มีช่องมากกว่าหัวตาราง ({len(cells)} > {width}) ข้อความส่วนเกินถูกรวมไว้ในคอลัมน์สุดท้าย")
                self.extra_warned = True
            cells = cells[: width - 1] + [" ".join(cells[width - 1:])]
        values: dict[str, list[str]] = {}
        for col, role in sorted(roles.items()):
            if col < len(cells) and one_line(cells[col]):
                values.setdefault(role, []).append(cells[col])
        number = None
        title_raw = values.get("title", [""])[0]
        if "no" in values:
            number, _ = leading_number(values["no"][0])
            if number is None and re.fullmatch(r"\s*\d{1,3}\s*", arabic(one_line(values["no"][0]))):
                number = int(arabic(one_line(values["no"][0])))
        elif title_raw:
            number, rest = leading_number(one_line(title_raw))
            if number is not None:
                values["title"][0] = rest
        if self.numbered is None and (number is not None or title_raw):
            self.numbered = number is not None
        current = self.measures[-1] if self.measures else None
        starts = number is not None or current is None
        if not starts and title_raw and not self.numbered:
            starts = bool(values.get("period") or values.get("responsible"))
        if not starts and title_raw and self.numbered and current is not None and \
                values.get("period") and current.text.get("period") and values.get("responsible") and current.text.get("responsible"):
            starts = True
            self.warn(line_no, "มาตรการ", "แถวนี้ไม่มีเลขข้อแต่มีผู้รับผิดชอบและระยะเวลาของตัวเอง จึงถือเป็นมาตรการใหม่")
        if starts:
            current = Measure(line_no, number, self.instrument)
            self.measures.append(current)
        for role, pieces in values.items():
            if role == "no":
                continue
            if role == "instrument":
                current.instrument_cell = join_text(current.instrument_cell, one_line(" ".join(pieces)))
                continue
            prefix_needed = len([c for c, r in roles.items() if r == role]) > 1
            for col, r in sorted(roles.items()):
                if r != role or col >= len(cells) or not one_line(cells[col]):
                    continue
                raw = cells[col]
                if role == "title" and col == min(c for c, rr in roles.items() if rr == "title"):
                    raw = values["title"][0]
                if prefix_needed and role not in ("title", "responsible", "period"):
                    label = one_line(self._header_label(col))
                    raw = f"<p>{label}: {clean_html(raw)}</p>" if label else raw
                current.add(role, raw)

    def _header_label(self, col: int) -> str:
        if self.header_line is None:
            return ""
        cells = cells_of(self.src.lines[self.header_line - 1]) or []
        return cells[col] if col < len(cells) else ""

    # text that lost its tab stops: attach it to the column whose list it continues
    def _flush_orphans_if_break(self, line_no: int) -> None:
        if self.orphans and line_no - self.orphans[-1][0] > 3:
            self._flush_orphans()

    def _flush_orphans(self) -> None:
        if not self.orphans or not self.measures:
            self.orphans = []
            return
        measure = self.measures[-1]
        text = ""
        for _, raw in self.orphans:
            text = join_text(text, one_line(raw))
        role = self._orphan_role(measure, text)
        measure.add(role, text)
        first, last = self.orphans[0][0], self.orphans[-1][0]
        span = f"{first}–{last}" if last != first else f"{first}"
        label = f"ข้อ {measure.no}" if measure.no is not None else f"บรรทัด {measure.line}"
        self.warn(first, f"มาตรการ{label}",
                  f"บรรทัด {span} ไม่อยู่ในช่องตาราง (ไม่มี Tab) จึงนำไปต่อท้ายช่อง '{ROLE_NAMES[role]}' ของมาตรการ{label} "
                  "ตรวจว่าถูกช่อง")
        self.orphans = []

    @staticmethod
    def _orphan_role(measure: Measure, text: str) -> str:
        plain = arabic(text)
        numbers_in_text = {int(n) for n in re.findall(r"(?:^|\s)(\d{1,2})\s*[.)]", plain)}
        for role in ("method", "results", "suggestions"):
            existing = arabic(measure.text.get(role, ""))
            found = [int(n) for n in re.findall(r"(?:^|\s|\n)(\d{1,2})\s*[.)]", existing)]
            if found and max(found) + 1 in numbers_in_text:
                return role
        if "method" in measure.text:
            return "method"
        for role in reversed(TEXT_ROLES):
            if role in measure.text:
                return role
        return "method"


def _period(text: str) -> dict | str:
    """Period text → {'text', 'start', 'end'} with Thai dates, or the bare text."""
    period = parse_period_text(text)
    if "start" not in period:
        fixed = _period_fallback(text)
        if fixed:
            period = fixed
    if "start" in period and "end" in period:
        return {"text": text, "start": thai.thai_date(period["start"]), "end": thai.thai_date(period["end"])}
    return text


def _period_fallback(text: str) -> dict | None:
    """'มกราคม - มีนาคม 2564' (year only at the end); 'ปีงบประมาณ 2564' (a whole fiscal year)."""
    import calendar
    import datetime as dt

    plain = arabic(text).strip()
    m = re.fullmatch(r"(?:ตลอด)?ปีงบประมาณ\s*(?:พ\.ศ\.?)?\s*(\d{4})", plain)
    if m:
        start, end = thai.fiscal_year_bounds(thai.normalise_be_year(int(m[1])))
        return {"text": text, "start": start, "end": end}
    m = re.fullmatch(r"([ก-๙.\s]+?)\s*(?:-|–|—|ถึง)\s*([ก-๙.\s]+?)\s*(?:พ\.ศ\.?)?\s*(\d{2}|\d{4})", plain)
    if m:
        try:
            end = thai.parse_month_start(f"{m[2]} {m[3]}")
            start = thai.parse_month_start(f"{m[1]} {m[3]}")
        except thai.ParseError:
            return None
        if start > end:
            start = start.replace(year=start.year - 1)
        end = dt.date(end.year, end.month, calendar.monthrange(end.year, end.month)[1])
        return {"text": text, "start": start, "end": end}
    return None


def _assemble(parser: MeasuresParser) -> dict:
    if parser.roles is None and parser.header_line is None:
        if parser.first_table_line is None:
            parser.error(1, "ตาราง", "ไม่พบตารางมาตรการ (ไม่มีช่องที่คั่นด้วย Tab) ให้คัดลอกตารางจาก Word หรือ PDF "
                                     "โดยให้แต่ละช่องคั่นด้วย Tab หรือบันทึกเอกสารเป็น .docx แล้วนำเข้าไฟล์นั้น")
        else:
            parser.error(parser.first_table_line, "หัวตาราง",
                         "อ่านหัวตารางไม่ได้: ไม่พบแถวหัวตารางที่มีคอลัมน์อย่างน้อย 3 อย่างจาก มาตรการ/แนวทาง, "
                         "วิธีการดำเนินการ, ผู้รับผิดชอบ, ระยะเวลา, ผลการดำเนินการ, ข้อเสนอแนะ/ผลลัพธ์")
        return {}
    if parser.roles is None:
        return {}
    report: dict = {}
    preamble = [t for _, t in parser.preamble]
    title_index = next((i for i, t in enumerate(preamble) if "รายงาน" in t and len(t) <= 200), None)
    title = ""
    intro_start = 0
    if title_index is not None:
        title = preamble[title_index]
        intro_start = title_index + 1
        if intro_start < len(preamble) and len(preamble[intro_start]) <= 150 and re.search(
                r"ปีงบประมาณ|ประจำปี|องค์การ|เทศบาล|อบต|ทต\.|รอบ", preamble[intro_start]):
            title = f"{title} {preamble[intro_start]}"
            intro_start += 1
    elif preamble and len(preamble[0]) <= 200:
        title, intro_start = preamble[0], 1
    if not title:
        title = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
        parser.warn(1, "title", "ไม่พบชื่อรายงาน ใช้ชื่อมาตรฐานแทน ให้แก้ไขในไฟล์ที่ได้")
    report["title"] = title[:500]
    fiscal_year = _year_after(r"ปีงบประมาณ|ประจำปี", title)
    intro = preamble[intro_start:]
    if fiscal_year is None:
        for text in intro:
            fiscal_year = _year_after(r"ปีงบประมาณ|ประจำปี", text)
            if fiscal_year:
                break
    measures = [m for m in parser.measures if m.text.get("title") or m.text.get("method")]
    if fiscal_year is None:
        ends = []
        for m in measures:
            period = parse_period_text(one_line(m.text.get("period", ""))) if m.text.get("period") else {}
            if "end" in period:
                ends.append(thai.fiscal_year_of(period["end"]))
        if ends:
            fiscal_year = Counter(ends).most_common(1)[0][0]
            parser.warn(1, "fiscal_year", f"ไม่พบปีงบประมาณในชื่อรายงาน ใช้ปี {fiscal_year} จากระยะเวลาดำเนินการ ตรวจสอบให้ถูกต้อง")
    if fiscal_year is None:
        parser.error(1, "fiscal_year", "ไม่พบปีงบประมาณของรายงาน (เช่น ประจำปีงบประมาณ พ.ศ. 2568) ให้เพิ่มไว้ในชื่อรายงาน")
    else:
        report["fiscal_year"] = fiscal_year
    for text in intro:
        m = re.search(r"(?:ผลการประเมิน|การประเมิน)[^\n]{0,80}?(?:ITA|คุณธรรมและความโปร่งใส)[^\n]{0,120}?"
                      r"ปี(?:งบประมาณ)?\s*(?:พ\.ศ\.?)?\s*(\d{4})", arabic(text))
        if m:
            report["based_on_ita_year"] = thai.normalise_be_year(int(m[1]))
            break
    if intro:
        report["introduction"] = intro
    # signature block: (name) + position; a report date
    sig = [t for _, t in parser.signature]
    for i, text in enumerate(sig):
        m = re.fullmatch(r"\((.+)\)", text.strip())
        if m and "prepared_by" not in report:
            person = {"name": m[1].strip()}
            if i + 1 < len(sig) and len(sig[i + 1]) <= 150 and not sig[i + 1].startswith("("):
                person["position"] = re.sub(r"^ตำแหน่ง\s*", "", sig[i + 1]).strip()
            report["prepared_by"] = person
        m = re.search(r"ณ\s*วันที่\s*(.+)$", text)
        if m and "report_date" not in report:
            try:
                report["report_date"] = thai.thai_date(thai.parse_date(m[1].strip()))
            except thai.ParseError:
                parser.warn(parser.signature[i][0], "report_date", f"อ่านวันที่ '{m[1].strip()}' ไม่ได้")
    out = []
    seen: dict[tuple, int] = {}
    for measure in measures:
        item: dict = {}
        if measure.no is not None:
            key = (measure.instrument, measure.no)
            if key in seen:
                parser.warn(measure.line, f"มาตรการข้อ {measure.no}", f"เลขข้อ {measure.no} ซ้ำกับบรรทัด {seen[key]}")
            seen[key] = measure.line
            item["no"] = measure.no
        title_text = one_line(measure.text.get("title", ""))
        if not title_text:
            parser.warn(measure.line, "มาตรการ", "ไม่มีชื่อมาตรการ ใช้ข้อความแรกของวิธีการดำเนินการแทน")
            title_text = one_line(measure.text.get("method", ""))[:200]
        item["title"] = title_text[:1000]
        instrument = measure.instrument
        if measure.instrument_cell:
            found = instruments_in(measure.instrument_cell)
            if len(found) == 1:
                instrument = found.pop()
            else:
                parser.warn(measure.line, "instrument", f"อ่านแบบวัด '{measure.instrument_cell}' ไม่ได้ (ต้องเป็น IIT EIT หรือ OIT)")
        if instrument:
            item["instrument"] = instrument
        for role in ("method", "results", "suggestions"):
            paragraphs = split_paragraphs(measure.text.get(role, ""))
            if paragraphs:
                item[role] = paragraphs
        if measure.text.get("responsible"):
            item["responsible"] = one_line(measure.text["responsible"])
        if measure.text.get("period"):
            text = one_line(measure.text["period"])
            period = _period(text)
            if isinstance(period, str):
                parser.warn(measure.line, "period", f"อ่านช่วงเวลา '{text}' เป็นวันที่ไม่ได้ เก็บไว้เป็นข้อความ")
            item["period"] = period
        out.append({k: item[k] for k in ("no", "title", "instrument", "method", "responsible", "period", "results",
                                          "suggestions") if k in item})
    _check_numbers(parser, measures)
    if not out:
        parser.error(parser.header_line or 1, "measures", "ไม่พบมาตรการในตาราง (มีแต่หัวตาราง)")
        return {}
    report["measures"] = out
    order = ("title", "fiscal_year", "based_on_ita_year", "report_date", "coverage", "introduction", "prepared_by",
             "measures")
    return {k: report[k] for k in order if k in report}


def _check_numbers(parser: MeasuresParser, measures: list[Measure]) -> None:
    by_section: dict = {}
    for m in measures:
        if m.no is not None:
            by_section.setdefault(m.instrument, []).append(m)
    for items in by_section.values():
        previous = None
        for m in items:
            if previous is not None and m.no > previous.no + 1:
                missing = ", ".join(str(n) for n in range(previous.no + 1, m.no))
                parser.warn(m.line, f"มาตรการข้อ {m.no}", f"เลขข้อข้ามไป (ไม่มีข้อ {missing})")
            previous = m


def _year_after(words: str, text: str) -> int | None:
    m = re.search(rf"(?:{words})\s*(?:พ\.ศ\.?)?\s*(\d{{4}})", arabic(text))
    return thai.normalise_be_year(int(m[1])) if m else None


def import_measures_text(path: Path, shown_as: str | None = None) -> tuple[dict, Problems]:
    """Read a measures report's text (or .docx); return (report data, problems met)."""
    problems = Problems()
    source = read_source(Path(path), problems, shown_as)
    if source is None:
        return {}, problems
    parser = MeasuresParser(source, problems)
    parser.parse()
    return _assemble(parser), problems
