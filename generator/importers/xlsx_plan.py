"""The plan's workbook (plan.xlsx): one writer and one reader per sheet.

- แผน                 the plan's own fields (key/value) and the totals printed in the plan
- มิติและภารกิจ         one row per dimension, mission or sub-mission, in the plan's order
- โครงการ              one row per project, placed by the numbers of its dimension/mission/sub-mission
- ความเสี่ยง            the risk assessment, a risk over several rows
- ผลการดำเนินงาน        a project's progress in a fiscal year, one row per project and year
                       (optional when reading: workbooks made before it existed still import)
"""

from __future__ import annotations

import datetime as dt

from .. import thai
from .xlsx_sheet import Col, SheetReader, amount_cell, by_year, get, key_value_sheet, ordered, put_value, table_sheet

INFO_SHEET, STRUCTURE_SHEET, PROJECT_SHEET, RISK_SHEET = "แผน", "มิติและภารกิจ", "โครงการ", "ความเสี่ยง"
PROGRESS_SHEET = "ผลการดำเนินงาน"
SHEETS = (INFO_SHEET, STRUCTURE_SHEET, PROJECT_SHEET, RISK_SHEET, PROGRESS_SHEET)
REQUIRED_SHEETS = SHEETS[:4]

PLAN_INFO = [
    Col("ชื่อแผน", "title", desc="เช่น แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส (พ.ศ. 2566-2570)"),
    Col("ปีงบประมาณแรกของแผน", "start_year", "year", "ปี พ.ศ. เช่น 2566"),
    Col("ปีงบประมาณสุดท้ายของแผน", "end_year", "year", "ปี พ.ศ. เช่น 2570"),
    Col("ไฟล์แผนฉบับเต็ม", "file", desc="ไฟล์ในโฟลเดอร์ข้อมูล เช่น files/แผน.pdf"),
    Col("คำนำ", "introduction", "paragraphs", "แต่ละย่อหน้าคั่นด้วยบรรทัดว่าง (Alt+Enter สองครั้ง)"),
    Col("หลักการและเหตุผล", "rationale", "paragraphs", "ส่วนที่ 1 ของแผน แต่ละย่อหน้าคั่นด้วยบรรทัดว่าง"),
    Col("วัตถุประสงค์ของแผน", "objectives", "paragraphs", "ส่วนที่ 1 ของแผน"),
    Col("เป้าหมาย", "targets", "paragraphs", "ส่วนที่ 1 ของแผน"),
    Col("ประโยชน์ที่จะได้รับ", "benefits", "paragraphs", "ส่วนที่ 1 ของแผน"),
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
PROJECT_HEAD_KEYS = ("no", "id", "kind", "title", "summary_title", "summary_no")

RISK_COLS = [
    Col("ลำดับที่", "no", "int", "เว้นว่างในแถวต่อ ๆ ไปของความเสี่ยงเดียวกัน", 8),
    Col("ขั้นตอนการดำเนินงาน", "step", desc="กรอกเฉพาะแถวแรกของแต่ละความเสี่ยง แถวที่ช่องนี้มีข้อความคือความเสี่ยงใหม่", width=36),
    Col("ระดับความเสี่ยง (รวม)", "level", width=14),
    Col("ประเด็นความเสี่ยง", "issue", desc="หนึ่งประเด็นต่อหนึ่งแถว", width=50),
    Col("ระดับของประเด็น", "issue_level", desc="เช่น สูง ปานกลาง ต่ำ", width=12),
    Col("มาตรการควบคุม", "control", desc="หนึ่งมาตรการต่อหนึ่งแถว", width=50),
    Col("โครงการลำดับที่", "control_project", "int", "ลำดับที่ของโครงการในแผนที่ใช้ควบคุมความเสี่ยงนี้", 10),
]

PROGRESS_STATUSES = ("ยังไม่เริ่ม", "กำลังดำเนินการ", "เสร็จ", "ยกเลิก")
PROGRESS_COLS = [
    Col("ลำดับที่", "project_no", "int", "ลำดับที่ของโครงการ ตามแผ่นงาน โครงการ", 8),
    Col("รหัส", "project_id", desc="รหัสของโครงการ ถ้าโครงการนั้นมีรหัส (เลขลำดับซ้ำกัน)", width=8),
    Col("ชื่อโครงการ", "_title", desc="จากแผ่นงาน โครงการ (แสดงให้ดูเท่านั้น ไม่ถูกนำเข้า)", width=44),
    Col("ปีงบประมาณ", "year", "year", "ปี พ.ศ. ที่บันทึกผล เช่น 2567", 10),
    Col("งบประมาณตามแผน (บาท)", "_planned", desc="จากแผ่นงาน โครงการ (แสดงให้ดูเท่านั้น ไม่ถูกนำเข้า)", width=14),
    Col("สถานะ", "status", "enum", "ยังไม่เริ่ม กำลังดำเนินการ เสร็จ หรือ ยกเลิก (ต้องกรอกเมื่อบันทึกผลของปีนั้น)",
        16, PROGRESS_STATUSES),
    Col("จ่ายจริง (บาท)", "spent", "money", "จำนวนเงินที่จ่ายจริงในปีนั้น", 14),
    Col("ผลผลิตที่ได้เทียบกับตัวชี้วัด", "outputs", "paragraphs", "แต่ละย่อหน้าคั่นด้วยบรรทัดว่าง", 44),
    Col("วันที่บันทึกผล", "date", "date", "เช่น 30 กันยายน 2567", 14),
    Col("หลักฐานผลการดำเนินงาน", "evidence", desc="ไฟล์ในโฟลเดอร์ข้อมูล เช่น files/ผลโครงการ.pdf", width=28),
    Col("หมายเหตุ", "note", width=24),
]
PROGRESS_KEYS = ("status", "spent", "outputs", "date", "evidence", "note")

PLAN_KEYS = ("title", "start_year", "end_year", "announcement", "introduction", "rationale", "objectives",
             "targets", "benefits", "file")
DIMENSION_KEYS = ("no", "title", "stated_totals", "stated_project_count", "missions")
LEVELS = ("มิติ", "ภารกิจ", "ภารกิจย่อย")


# --- which years get columns -----------------------------------------------------------------

def plan_projects(plan: dict):
    """(dimension, mission, sub-mission or None, project) for every project, in the plan's order."""
    for dim in plan.get("dimensions") or []:
        for mission in dim.get("missions") or []:
            for sub in mission.get("sub_missions") or []:
                for project in sub.get("projects") or []:
                    yield dim, mission, sub, project
            for project in mission.get("projects") or []:
                yield dim, mission, None, project


def _span(plan: dict) -> set[int]:
    start, end = plan.get("start_year"), plan.get("end_year")
    try:
        if start and end and 0 <= int(end) - int(start) <= 20:
            return set(range(int(start), int(end) + 1))
    except (TypeError, ValueError):
        pass
    return set()


def plan_years(plan: dict) -> list[int]:
    """The plan's fiscal years (its span, and any year with an amount); five years from now when none."""
    years = _span(plan) | {int(y) for y in plan.get("stated_totals") or {}}
    for dim in plan.get("dimensions") or []:
        years.update(int(y) for y in dim.get("stated_totals") or {})
    for *_, project in plan_projects(plan):
        years.update(int(y) for y in project.get("budget") or {})
    if not years:
        first = thai.fiscal_year_of(dt.date.today())
        years = set(range(first, first + 5))
    return sorted(years)


# --- writing -----------------------------------------------------------------------------------

def _structure_rows(plan: dict) -> list[dict]:
    rows = []
    for dim in plan.get("dimensions") or []:
        row = {"level": "มิติ", "no": dim.get("no"), "title": dim.get("title"),
               "stated_project_count": dim.get("stated_project_count")}
        row.update({f"total@{int(y)}": amount for y, amount in (dim.get("stated_totals") or {}).items()})
        rows.append(row)
        for mission in dim.get("missions") or []:
            rows.append({"level": "ภารกิจ", "no": mission.get("no"), "title": mission.get("title")})
            rows.extend({"level": "ภารกิจย่อย", "no": sub.get("no"), "title": sub.get("title")}
                        for sub in mission.get("sub_missions") or [])
    return rows


def _project_row(dim: dict, mission: dict, sub: dict | None, project: dict) -> dict:
    row = dict(project)
    row["dimension"] = dim.get("no")
    row["mission"] = mission.get("no")
    row["sub_mission"] = sub.get("no") if sub else None
    row.update({f"budget@{int(y)}": amount for y, amount in (project.get("budget") or {}).items()})
    return row


def _risk_rows(plan: dict) -> list[dict]:
    rows = []
    for risk in (plan.get("risk_assessment") or {}).get("risks") or []:
        issues = risk.get("issues") or []
        controls = risk.get("controls") or []
        for i in range(max(len(issues), len(controls), 1)):
            row = {"no": risk.get("no"), "step": risk.get("step"), "level": risk.get("level")} if i == 0 else {}
            if i < len(issues):
                row.update(issue=issues[i].get("text"), issue_level=issues[i].get("level"))
            if i < len(controls):
                row.update(control=controls[i].get("text"), control_project=controls[i].get("project"))
            rows.append(row)
    return rows


def _progress_rows(plan: dict, years: list[int]) -> list[dict]:
    """One row per fiscal year and project: the recorded progress, or an empty row to fill in.
    Years come first because staff record a whole year's results at once."""
    projects = [project for *_, project in plan_projects(plan)]
    recorded = {int(y) for project in projects for y in project.get("progress") or {}}
    rows = []
    for year in sorted(set(years) | recorded):
        for project in projects:
            progress = {int(y): value for y, value in (project.get("progress") or {}).items()}
            row = {"project_no": project.get("no"), "project_id": project.get("id"), "_title": project.get("title"),
                   "year": year, "_planned": {int(y): v for y, v in (project.get("budget") or {}).items()}.get(year)}
            row.update(progress.get(year) or {})
            rows.append(row)
    return rows


def write_plan(wb, plan: dict) -> None:
    years = plan_years(plan)
    totals = plan.get("stated_totals") or {}
    key_value_sheet(wb, INFO_SHEET, PLAN_INFO, plan,
                    [(f"{PLAN_TOTAL_LABEL} {y}", amount_cell(totals[y]) if y in totals else None) for y in years])
    total_cols = [Col(f"{STRUCTURE_TOTAL_LABEL} {y}", f"total@{y}", "money", width=14) for y in years]
    table_sheet(wb, STRUCTURE_SHEET, STRUCTURE_COLS + total_cols, _structure_rows(plan))
    budget_cols = [Col(f"{BUDGET_LABEL} {y}", f"budget@{y}", "money", width=12) for y in years]
    table_sheet(wb, PROJECT_SHEET, PROJECT_COLS_HEAD + budget_cols + PROJECT_COLS_TAIL,
                [_project_row(*placed) for placed in plan_projects(plan)])
    table_sheet(wb, RISK_SHEET, RISK_COLS, _risk_rows(plan))
    table_sheet(wb, PROGRESS_SHEET, PROGRESS_COLS, _progress_rows(plan, years))


# --- reading -----------------------------------------------------------------------------------

def _read_info(r: SheetReader) -> tuple[dict, dict]:
    """The แผน sheet → (the plan's own fields, the printed totals by year)."""
    info = r.key_values(INFO_SHEET, PLAN_INFO, [(PLAN_TOTAL_LABEL, "total@", "money")])
    plan: dict = {}
    for col in PLAN_INFO:
        value = get(info, col.key)
        if value is not None:
            put_value(plan, col.key, value)
    return plan, by_year(info, "total@")


def _level_of(rec: dict) -> str | None:
    """The row's level, or the one its number implies (1 → มิติ, 1.1 → ภารกิจ, 1.1.1 → ภารกิจย่อย)."""
    if rec.get("level") is not None:
        return rec["level"]
    no = rec.get("no")
    if no is None:
        return None
    depth = str(no).count(".")
    return LEVELS[depth] if depth < len(LEVELS) else None


class _Structure:
    """The dimensions, missions and sub-missions read from the มิติและภารกิจ sheet, and an index
    by their numbers for placing the projects."""

    def __init__(self, r: SheetReader):
        self.r = r
        self.dims: list[dict] = []
        self.index: dict[str, dict] = {}
        self.dim: dict | None = None
        self.mission: dict | None = None

    def read(self) -> None:
        if not self.r.has(STRUCTURE_SHEET):
            return
        adders = {"มิติ": self._dimension, "ภารกิจ": self._mission, "ภารกิจย่อย": self._sub_mission}
        for number, rec in self.r.table(STRUCTURE_SHEET, STRUCTURE_COLS, [(STRUCTURE_TOTAL_LABEL, "total@", "money")]):
            level = _level_of(rec)
            if level is None or rec.get("no") is None:
                self.r.error(STRUCTURE_SHEET, number, f"A{number}", "ต้องมีระดับและเลขข้อ")
                continue
            adders[level](number, rec)

    def _dimension(self, number: int, rec: dict) -> None:
        try:
            dim_no = thai.parse_int(rec["no"])
        except thai.ParseError:
            self.r.error(STRUCTURE_SHEET, number, f"B{number}", f"เลขมิติ '{rec['no']}' ต้องเป็นตัวเลข")
            return
        self.dim = {"no": dim_no, "title": rec.get("title")}
        stated = by_year(rec, "total@")
        if stated:
            self.dim["stated_totals"] = stated
        if "stated_project_count" in rec:
            self.dim["stated_project_count"] = rec["stated_project_count"]
        self.dims.append(self.dim)
        self.mission = None

    def _mission(self, number: int, rec: dict) -> None:
        if self.dim is None:
            self.r.error(STRUCTURE_SHEET, number, f"A{number}", "ภารกิจต้องอยู่หลังแถวมิติ")
            return
        self.mission = {"no": str(rec["no"]), "title": rec.get("title")}
        self.dim.setdefault("missions", []).append(self.mission)
        self.index[f"m{self.dim['no']}|{rec['no']}"] = self.mission

    def _sub_mission(self, number: int, rec: dict) -> None:
        if self.mission is None:
            self.r.error(STRUCTURE_SHEET, number, f"A{number}", "ภารกิจย่อยต้องอยู่หลังแถวภารกิจ")
            return
        sub = {"no": str(rec["no"]), "title": rec.get("title")}
        self.mission.setdefault("sub_missions", []).append(sub)
        self.index[f"s{self.dim['no']}|{self.mission['no']}|{rec['no']}"] = sub

    def place(self, number: int, rec: dict) -> dict | None:
        """The mission or sub-mission a project row names, or None (with the error said)."""
        dim_no, mission_no, sub_no = rec.pop("dimension", None), rec.pop("mission", None), rec.pop("sub_mission", None)
        mission = self.index.get(f"m{dim_no}|{mission_no}")
        if mission is None:
            self.r.error(PROJECT_SHEET, number, f"B{number}", f"ไม่พบภารกิจ {mission_no} ของมิติ {dim_no} ในแผ่นงาน มิติและภารกิจ")
            return None
        if sub_no is None:
            return mission
        sub = self.index.get(f"s{dim_no}|{mission_no}|{sub_no}")
        if sub is None:
            self.r.error(PROJECT_SHEET, number, f"C{number}", f"ไม่พบภารกิจย่อย {sub_no} ในแผ่นงาน มิติและภารกิจ")
        return sub

    def finish(self) -> list[dict]:
        """The dimensions in the data format's order of keys (a mission's projects after its sub-missions)."""
        for dim in self.dims:
            for mission in dim.get("missions", []):
                if "projects" in mission and "sub_missions" in mission:
                    mission["projects"] = mission.pop("projects")
            kept = ordered(dim, DIMENSION_KEYS)
            dim.clear()
            dim.update(kept)
        return self.dims


def _project(rec: dict) -> dict:
    project = ordered(rec, PROJECT_HEAD_KEYS)
    budget = by_year(rec, "budget@")
    if budget:
        project["budget"] = budget
    project.update(ordered(rec, [col.key for col in PROJECT_COLS_TAIL]))
    return project


def _read_projects(r: SheetReader, structure: _Structure) -> None:
    if not r.has(PROJECT_SHEET):
        return
    for number, rec in r.table(PROJECT_SHEET, PROJECT_COLS_HEAD + PROJECT_COLS_TAIL, [(BUDGET_LABEL, "budget@", "money")]):
        parent = structure.place(number, rec)
        if parent is not None:
            parent.setdefault("projects", []).append(_project(rec))


class _Risks:
    """The ความเสี่ยง sheet: a row with a step starts a risk, the rows below add issues and controls."""

    def __init__(self, r: SheetReader):
        self.r = r
        self.risks: list[dict] = []

    def read(self) -> list[dict]:
        if self.r.has(RISK_SHEET):
            for number, rec in self.r.table(RISK_SHEET, RISK_COLS):
                if self._start(number, rec):
                    self._add(self.risks[-1], rec)
        return self.risks

    def _start(self, number: int, rec: dict) -> bool:
        """Start a risk when the row has a step; False when the row cannot belong to any risk."""
        if "step" in rec:
            self.risks.append(ordered(rec, ("no", "step", "level")))
        elif not self.risks:
            self.r.error(RISK_SHEET, number, f"B{number}", "ความเสี่ยงแรกต้องมีขั้นตอนการดำเนินงาน")
            return False
        elif "no" in rec or "level" in rec:
            self.r.warn(RISK_SHEET, number, f"A{number}", "ลำดับที่/ระดับรวมในแถวที่ไม่มีขั้นตอน ไม่ได้นำมาใช้")
        return True

    @staticmethod
    def _add(risk: dict, rec: dict) -> None:
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


class _Progress:
    """The ผลการดำเนินงาน sheet → each project's `progress` (fiscal year → record)."""

    def __init__(self, r: SheetReader, dims: list[dict]):
        self.r = r
        plan = {"dimensions": dims}
        self.projects = {(p.get("no"), p.get("id")): p for *_, p in plan_projects(plan)}
        self.seen: dict[tuple, int] = {}

    def read(self) -> None:
        if not self.r.has(PROGRESS_SHEET):
            return
        for number, rec in self.r.table(PROGRESS_SHEET, PROGRESS_COLS):
            for shown_only in ("_title", "_planned"):
                rec.pop(shown_only, None)
            if not any(key in rec for key in PROGRESS_KEYS):
                continue      # a row of the template left empty
            project = self._project(number, rec)
            if project is not None and self._year_is_new(number, rec, project) and self._has_status(number, rec):
                self._record(project, rec)

    def _project(self, number: int, rec: dict) -> dict | None:
        key = (rec.get("project_no"), rec.get("project_id"))
        project = self.projects.get(key)
        if project is None:
            which = f"ลำดับที่ {key[0]}" + (f" รหัส {key[1]}" if key[1] else "") if key[0] is not None else "ที่ไม่ระบุลำดับที่"
            self.r.error(PROGRESS_SHEET, number, f"A{number}",
                         f"ไม่พบโครงการ{which} ในแผ่นงาน โครงการ ให้กรอกลำดับที่ (และรหัส ถ้ามี) ตามแผ่นงาน โครงการ")
        return project

    def _year_is_new(self, number: int, rec: dict, project: dict) -> bool:
        year = rec.get("year")
        if year is None:
            self.r.error(PROGRESS_SHEET, number, f"D{number}", "ต้องกรอกปีงบประมาณของผลการดำเนินงาน")
            return False
        key = (id(project), year)
        if key in self.seen:
            self.r.error(PROGRESS_SHEET, number, f"D{number}",
                         f"ผลการดำเนินงานปี {year} ของโครงการนี้มีแล้วในแถว {self.seen[key]} (หนึ่งแถวต่อโครงการต่อปี)")
            return False
        self.seen[key] = number
        return True

    def _has_status(self, number: int, rec: dict) -> bool:
        if "status" in rec:
            return True
        from openpyxl.utils import get_column_letter

        column = get_column_letter(next(i for i, col in enumerate(PROGRESS_COLS, start=1) if col.key == "status"))
        cell = f"{PROGRESS_SHEET}!{column}{number}"
        if not any(p.field == cell for p in self.r.p.errors):     # an unknown status is said already
            self.r.error(PROGRESS_SHEET, number, f"{column}{number}",
                         f"ต้องกรอกสถานะ ({' '.join(PROGRESS_STATUSES)}) เมื่อบันทึกผลการดำเนินงานของปีนั้น")
        return False

    @staticmethod
    def _record(project: dict, rec: dict) -> None:
        progress = project.setdefault("progress", {})
        progress[rec["year"]] = ordered(rec, PROGRESS_KEYS)
        project["progress"] = dict(sorted(progress.items()))


def read_plan(r: SheetReader) -> dict:
    plan, totals = _read_info(r)
    structure = _Structure(r)
    structure.read()
    _read_projects(r, structure)
    dims = structure.finish()
    _Progress(r, dims).read()
    out = ordered(plan, PLAN_KEYS)
    risks = _Risks(r).read()
    if risks or "risk_assessment" in plan:
        assessment = dict(plan.get("risk_assessment") or {})
        if risks:
            assessment["risks"] = risks
        out["risk_assessment"] = ordered(assessment, ("title", "fiscal_year", "risks"))
    out["dimensions"] = dims
    if totals:
        out["stated_totals"] = totals
    if "stated_project_count" in plan:
        out["stated_project_count"] = plan["stated_project_count"]
    return out
