"""The data format, declared once (see declare.py): each field's rule, its type in the
typed model, its description. Validation (validate.py), the typed objects (model.py),
the exported JSON Schema (docs/schema/, `prongsai schema`) and the field tables of
docs/data-format.md (`python -m generator.datadocs`) all come from these classes.

Values the site computes from the data (totals, counts, groupings) are properties
here, never fields: the documents' own figures are only compared with them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import field
from typing import Annotated

from .catalogue import CATALOGUE
from .declare import DERIVED, SOURCE_LINE, At, Group, Nested, declaration, declared, spec
from .fields import (
    INVALID, SAFE_LINK_SCHEMES, Bool, Colour, Date, Email, Enum, FileRef, Int, KeyMap, List,
    Money, Obj, Paragraphs, Period as PeriodField, Phone, SiteUrl, Slug, Text, Url, Year, YearMap, YMap,
)
from .files import IMAGE_KINDS

LAO_TYPES = [
    "องค์การบริหารส่วนตำบล", "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร",
    "องค์การบริหารส่วนจังหวัด", "เมืองพัทยา", "กรุงเทพมหานคร",
]
LAO_TYPE_ALIASES = {
    "อบต.": "องค์การบริหารส่วนตำบล", "อบต": "องค์การบริหารส่วนตำบล",
    "ทต.": "เทศบาลตำบล", "ทม.": "เทศบาลเมือง", "ทน.": "เทศบาลนคร",
    "อบจ.": "องค์การบริหารส่วนจังหวัด", "อบจ": "องค์การบริหารส่วนจังหวัด",
    "กทม.": "กรุงเทพมหานคร",
}
PROJECT_KINDS = ["โครงการ", "กิจกรรม", "มาตรการ"]
PROGRESS_STATUSES = ["ยังไม่เริ่ม", "กำลังดำเนินการ", "เสร็จ", "ยกเลิก"]
REPORT_ROUNDS = ["6 เดือน", "12 เดือน"]
REPORT_ROUND_ALIASES = {
    "รอบ 6 เดือน": "6 เดือน", "ครึ่งปี": "6 เดือน", "6": "6 เดือน", "๖": "6 เดือน", "๖ เดือน": "6 เดือน",
    "รอบ 12 เดือน": "12 เดือน", "รอบปี": "12 เดือน", "ประจำปี": "12 เดือน", "12": "12 เดือน", "๑๒": "12 เดือน",
    "๑๒ เดือน": "12 เดือน",
}
INSTRUMENTS = ["IIT", "EIT", "OIT"]
DIGIT_STYLES = ["thai", "arabic"]
DIGIT_STYLE_ALIASES = {"ไทย": "thai", "เลขไทย": "thai", "อารบิก": "arabic", "เลขอารบิก": "arabic"}

# --- shared pieces ------------------------------------------------------------------

@declared(required=("title", "url"))
class Link:
    title: Annotated[str, Text("ข้อความที่แสดง", single_line=True)]
    url: Annotated[str, Url("ลิงก์ (http, https, mailto หรือ tel เท่านั้น)", schemes=SAFE_LINK_SCHEMES)]
    description: Annotated[str, Text("คำอธิบายเพิ่มเติม")] = ""


@declared(required=("name", "position"))
class Person:
    name: Annotated[str, Text("ชื่อ-นามสกุล พร้อมคำนำหน้า เช่น นายสมชาย ใจดี (ตำแหน่งว่างให้เขียน ตำแหน่งว่าง)",
                              single_line=True)]
    position: Annotated[str, Text("ตำแหน่ง เช่น นายกองค์การบริหารส่วนตำบลตัวอย่าง", single_line=True)]
    photo: Annotated[str | None, FileRef("รูปถ่าย (PNG/JPEG/WebP) ในโฟลเดอร์ข้อมูล", kinds=IMAGE_KINDS)] = None
    phone: Annotated[str | None, Phone()] = None
    email: Annotated[str | None, Email("อีเมลที่ใช้ติดต่อราชการ")] = None
    note: Annotated[str, Text("หมายเหตุ")] = ""


@declared(required=("name",), ref="unit")
class Unit:
    name: Annotated[str, Text("ชื่อส่วนราชการ เช่น สำนักปลัด กองคลัง", single_line=True)]
    head: Annotated[str, Text("ตำแหน่งหรือชื่อหัวหน้าหน่วยงาน", single_line=True)] = ""
    duties: Annotated[list[str], Paragraphs("หน้าที่ของหน่วยงาน")] = field(default_factory=list)
    units: Annotated[list[Unit], List(Unit, "หน่วยงานย่อย (ฝ่าย งาน)")] = field(default_factory=list)


@dataclasses.dataclass
class Period:
    """A time span as fields.Period reads it (text and/or start and end)."""

    text: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


# --- organisation.yaml --------------------------------------------------------------

@declared(description="ช่องทางติดต่อราชการของหน่วยงาน (เผยแพร่บนเว็บไซต์)")
class Contacts:
    phone: Annotated[list[str], List(Phone(), "หมายเลขโทรศัพท์")] = field(default_factory=list)
    fax: Annotated[list[str], List(Phone(), "หมายเลขโทรสาร")] = field(default_factory=list)
    email: Annotated[list[str], List(Email(), "อีเมลของหน่วยงาน")] = field(default_factory=list)
    website: Annotated[str | None, Url("เว็บไซต์หลักของหน่วยงาน")] = None
    facebook: Annotated[str | None, Url("เพจ Facebook")] = None
    line: Annotated[str | None, Text("LINE ID เช่น @example", single_line=True)] = None
    map_url: Annotated[str | None, Url("ลิงก์แผนที่")] = None
    office_hours: Annotated[str, Text("วันและเวลาทำการ")] = ""
    complaint_url: Annotated[str | None, Url("ลิงก์ช่องทางแจ้งเรื่องร้องเรียนการทุจริต")] = None


@declared(required=("name", "type", "address"),
          groups={"executives": Group("ผู้บริหาร"), "structure": Group("โครงสร้างหน่วยงาน"),
                  "powers_and_duties": Group("หน้าที่และอำนาจ", required=("summary",))})
class Organisation:
    name: Annotated[str, Text("ชื่อเต็มของหน่วยงาน", single_line=True)]
    short_name: Annotated[str, Text("ชื่อย่อ เช่น อบต.ตัวอย่าง", single_line=True)] = ""
    name_en: Annotated[str, Text("ชื่อภาษาอังกฤษ", single_line=True)] = ""
    type: Annotated[str, Enum(LAO_TYPES, "ประเภทหน่วยงาน", aliases=LAO_TYPE_ALIASES)]
    logo: Annotated[str | None, FileRef("ตราสัญลักษณ์", kinds=IMAGE_KINDS)] = None
    about: Annotated[list[str], Paragraphs("ข้อมูลทั่วไปของพื้นที่และหน่วยงาน")] = field(default_factory=list)
    vision: Annotated[str, Text("วิสัยทัศน์")] = ""
    address: Annotated[str, Text("ที่อยู่สำนักงาน")]
    contacts: Contacts = field(default_factory=Contacts)
    qa_channels: Annotated[list[Link], List(
        Link, "ช่องทางถาม-ตอบแบบสองทาง เช่น LINE Official Account, กระดานถาม-ตอบ")] = field(default_factory=list)
    political: Annotated[list[Person], At("executives.political"), List(
        Person, "ผู้บริหารฝ่ายการเมือง (นายก รองนายก เลขานุการนายก)")] = field(default_factory=list)
    permanent: Annotated[list[Person], At("executives.permanent"), List(
        Person, "ผู้บริหารฝ่ายประจำ (ปลัด รองปลัด ผู้อำนวยการกอง)")] = field(default_factory=list)
    council: Annotated[list[Person], At("executives.council"), List(
        Person, "สมาชิกสภาท้องถิ่น (ไม่บังคับ)")] = field(default_factory=list)
    structure_chart: Annotated[str | None, At("structure.chart"), FileRef("แผนผังโครงสร้าง (รูปหรือ PDF)")] = None
    structure_political: Annotated[list[Unit], At("structure.political"), List(
        Unit, "โครงสร้างฝ่ายการเมือง")] = field(default_factory=list)
    structure_permanent: Annotated[list[Unit], At("structure.permanent"), List(
        Unit, "โครงสร้างฝ่ายประจำ (ส่วนราชการ)")] = field(default_factory=list)
    powers_summary: Annotated[list[str], At("powers_and_duties.summary"), Paragraphs(
        "สรุปหน้าที่และอำนาจด้วยถ้อยคำของหน่วยงาน (ไม่ใช่ตัวบทกฎหมายทั้งฉบับ)")] = field(default_factory=list)
    powers_items: Annotated[list[str], At("powers_and_duties.items"), Paragraphs(
        "หน้าที่และอำนาจเป็นข้อ ๆ")] = field(default_factory=list)
    laws: Annotated[list[Link], At("powers_and_duties.laws"), List(
        Link, "กฎหมายที่ให้อำนาจ")] = field(default_factory=list)

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name


# --- site.yaml ----------------------------------------------------------------------

class _SiteObj(Obj):
    """site.yaml: `digits:` and the older `thai_digits:` must not say opposite things
    (the site would show one of them without a word about the other)."""

    def check(self, value, ctx):
        result = super().check(value, ctx)
        if isinstance(value, YMap) and result is not INVALID and "digits" in result and "thai_digits" in result:
            if (result["digits"] == "thai") != result["thai_digits"]:
                ctx.child("digits", value).error(
                    f"ค่า {result['digits']} ขัดกับ thai_digits: {'true' if result['thai_digits'] else 'false'}"
                    " ให้ใช้ digits อย่างเดียว (ลบ thai_digits ออก)")
                return INVALID
        return result


@declared(obj_class=_SiteObj)
class Site:
    ita_year: Annotated[int | None, Year("ปี ITA ที่แสดงเป็นค่าเริ่มต้น")] = None
    # `digits` and `thai_digits` always agree once built (model.build_site)
    digits: Annotated[str, Enum(
        DIGIT_STYLES, "ตัวเลขที่เว็บไซต์เขียน (จำนวนเงิน วันที่ ปี ลำดับ): thai = เลขไทย ๐-๙, arabic = เลขอารบิก 0-9",
        aliases=DIGIT_STYLE_ALIASES)] = "arabic"
    digits_in_text: Annotated[bool, Bool(
        "เปลี่ยนตัวเลขในข้อความที่กรอกเองเป็นแบบเดียวกับ digits ด้วย (ค่าเริ่มต้น false: แสดงตามที่พิมพ์)")] = False
    thai_digits: Annotated[bool, Bool("แบบเดิมของ digits: true = digits: thai, false = digits: arabic")] = False
    readiness_dashboard: Annotated[bool, Bool("แสดงหน้าความพร้อม ITA บนเว็บไซต์")] = False
    site_url: Annotated[str | None, SiteUrl("ที่อยู่เว็บไซต์จริง เช่น https://www.example.go.th/")] = None
    main_site_url: Annotated[str | None, SiteUrl(
        "ที่อยู่เว็บไซต์หลักของหน่วยงาน ถ้าต่างจาก site_url เช่น https://www.example.go.th/")] = None
    primary_color: Annotated[str | None, Colour(
        "สีหลักของเว็บไซต์ (แถบด้านบน ลิงก์) แบบ #RRGGBB ค่าเริ่มต้นสีคราม #3f51b5")] = None  # "#rrggbb"
    public_self_check: Annotated[bool, Bool(
        "แสดงผลการตรวจแต่ละองค์ประกอบ (✔/✘) บนหน้าข้อ OIT ให้ประชาชนเห็น")] = False
    licence: Annotated[str | None, Text(
        "สัญญาอนุญาตของข้อมูลเปิด (/opendata/) เป็นรหัส SPDX เช่น CC-BY-4.0 (ค่าเริ่มต้น) หรือ CC0-1.0",
        single_line=True, max_length=60)] = None
    allowed_personal_data: Annotated[list[dict], List(
        Obj({"value": Text(single_line=True), "reason": Text()}, required=("value", "reason")),
        "ข้อมูลส่วนบุคคลที่อนุญาตให้เผยแพร่ พร้อมเหตุผล")] = field(default_factory=list)
    unscanned_attachments: Annotated[list[dict], List(
        Obj({"file": Text(single_line=True), "reason": Text()}, required=("file", "reason")),
        "ไฟล์แนบที่ระบบตรวจข้อมูลส่วนบุคคลไม่ได้ (มีรหัสผ่าน เสีย รุ่นเก่า) แต่ตรวจด้วยตนเองแล้ว พร้อมเหตุผล",
    )] = field(default_factory=list)  # [{file, reason}] checked by eye


# --- plan.yaml: five-year anti-corruption action plan --------------------------------

@declared(required=("status",))
class Progress:
    """What a project achieved in one fiscal year."""

    status: Annotated[str, Enum(PROGRESS_STATUSES, "สถานะการดำเนินงาน")]
    spent: Annotated[int | None, Money("จ่ายจริง (บาท)")] = None
    outputs: Annotated[list[str], Paragraphs("ผลผลิตที่ได้เทียบกับตัวชี้วัด")] = field(default_factory=list)
    date: Annotated[dt.date | None, Date("วันที่บันทึกผล")] = None
    evidence: Annotated[str | None, FileRef("หลักฐานผลการดำเนินงาน")] = None
    note: Annotated[str, Text("หมายเหตุ")] = ""


@declared(required=("no", "title"))
class Project:
    no: Annotated[int, Int("ลำดับที่ของโครงการตามแผน", minimum=0, maximum=100_000)]
    id: Annotated[str | None, Slug("ชื่อเฉพาะสำหรับลิงก์ (ไม่บังคับ) ใช้เมื่อเลขลำดับซ้ำกัน", max_length=40)] = None
    # absent: model.build_plan takes the title's first word
    kind: Annotated[str, Enum(PROJECT_KINDS, "ประเภท (ถ้าไม่ใส่ ดูจากคำแรกของชื่อ)")] = ""
    title: Annotated[str, Text("๑. ชื่อโครงการ", single_line=True, max_length=500)]
    summary_title: Annotated[str, Text("ชื่อตามที่พิมพ์ในตารางสรุป ถ้าต่างจากชื่อในรายละเอียด",
                                       single_line=True, max_length=500)] = ""
    summary_no: Annotated[int | None, Int(
        "ลำดับที่ตามที่พิมพ์ในตารางสรุป ถ้าต่างจากรายละเอียดโครงการ (เก็บไว้ตรวจทาน)", minimum=0)] = None
    budget: Annotated[dict[int, int | None], YearMap(
        Money(), "งบประมาณแต่ละปีงบประมาณ เช่น 2568: 50000")] = field(default_factory=dict)
    rationale: Annotated[list[str], Paragraphs("๒. หลักการและเหตุผล")] = field(default_factory=list)
    objectives: Annotated[list[str], Paragraphs("๓. วัตถุประสงค์")] = field(default_factory=list)
    target_group: Annotated[list[str], Paragraphs("๔. กลุ่มเป้าหมาย")] = field(default_factory=list)
    method: Annotated[list[str], Paragraphs("๕. วิธีดำเนินการ")] = field(default_factory=list)
    period: Annotated[list[str], Paragraphs("๖. ระยะเวลาดำเนินการ")] = field(default_factory=list)
    budget_detail: Annotated[list[str], Paragraphs("๗. งบประมาณดำเนินการ (ข้อความ)")] = field(default_factory=list)
    responsible: Annotated[list[str], Paragraphs("๘. ผู้รับผิดชอบ")] = field(default_factory=list)
    outputs: Annotated[list[str], Paragraphs("๙. ผลผลิต")] = field(default_factory=list)
    outcomes: Annotated[list[str], Paragraphs("๙. ผลลัพธ์")] = field(default_factory=list)
    note: Annotated[str, Text("หมายเหตุ")] = ""
    progress: Annotated[dict[int, Progress], YearMap(
        Progress, "ผลการดำเนินงานแต่ละปีงบประมาณ เช่น 2568: {status: เสร็จ, spent: 48000}")] = \
        field(default_factory=dict)
    # where the project sits (model.build_plan)
    slug: str = ""
    dimension_no: int = 0
    mission_no: str = ""
    sub_mission_no: str = ""
    line: Annotated[int | None, SOURCE_LINE] = None

    @property
    def total_budget(self) -> int:
        return sum(amount or 0 for amount in self.budget.values())

    @property
    def page_id(self) -> str:
        return f"plan/projects/{self.slug}"


@declared(required=("no", "title"))
class SubMission:
    no: Annotated[str, Text("เลขข้อ เช่น 1.1.1", single_line=True)]
    title: Annotated[str, Text(single_line=True, max_length=1000)]
    projects: Annotated[list[Project], List(Project, "โครงการ")] = field(default_factory=list)


@declared(required=("no", "title"))
class Mission:
    no: Annotated[str, Text("เลขข้อ เช่น 1.1", single_line=True)]
    title: Annotated[str, Text(single_line=True, max_length=1000)]
    sub_missions: Annotated[list[SubMission], List(SubMission, "ภารกิจย่อย")] = field(default_factory=list)
    projects: Annotated[list[Project], List(Project, "โครงการที่ไม่อยู่ภายใต้ภารกิจย่อย")] = \
        field(default_factory=list)  # directly under the mission

    @property
    def all_projects(self) -> list[Project]:
        return self.projects + [p for sub in self.sub_missions for p in sub.projects]


@declared(required=("no", "title"))
class Dimension:
    no: Annotated[int, Int(minimum=1, maximum=99)]
    title: Annotated[str, Text(single_line=True)]
    missions: Annotated[list[Mission], List(Mission, "ภารกิจ")] = field(default_factory=list)
    stated_totals: Annotated[dict[int, int | None], YearMap(
        Money(), "ยอดรวมที่พิมพ์ไว้ในเอกสาร (ใช้ตรวจทาน)")] = field(default_factory=dict)
    stated_project_count: Annotated[int | None, Int("จำนวนโครงการที่พิมพ์ไว้ในเอกสาร (ใช้ตรวจทาน)", minimum=0)] = None
    line: Annotated[int | None, SOURCE_LINE] = None

    @property
    def projects(self) -> list[Project]:
        return [p for mission in self.missions for p in mission.all_projects]

    def budget_in(self, year: int) -> int:
        return sum(p.budget.get(year) or 0 for p in self.projects)


@declared(required=("text",))
class Control:
    text: Annotated[str, Text("มาตรการควบคุม")]
    project_no: Annotated[int | None, At("project"), Int("ลำดับที่ของโครงการในแผนที่ใช้ควบคุม", minimum=0)] = None
    project: Annotated[Project | None, DERIVED] = None  # the project it names (model.build_plan)


@declared(required=("text",))
class RiskIssue:
    text: Annotated[str, Text()]
    level: Annotated[str, Text("ระดับความเสี่ยง เช่น สูง ปานกลาง ต่ำ", single_line=True)] = ""


@declared(required=("step",))
class Risk:
    no: Annotated[int | None, Int("ลำดับที่", minimum=0)] = None
    step: Annotated[str, Text("ขั้นตอนการดำเนินงาน")]
    issues: Annotated[list[RiskIssue], List(RiskIssue, "ประเด็นความเสี่ยงการทุจริต")] = field(default_factory=list)
    level: Annotated[str, Text("ระดับความเสี่ยง (รวม)", single_line=True)] = ""
    controls: Annotated[list[Control], List(Control, "มาตรการควบคุมความเสี่ยง")] = field(default_factory=list)


@declared(required=("date", "signatory"), groups={"signatory": Group(required=("name",))},
          description="ประกาศใช้แผน")
class Announcement:
    title: Annotated[str, Text("ชื่อประกาศ (ถ้าไม่ใส่ ใช้ ประกาศใช้ ตามด้วยชื่อแผน)",
                               single_line=True, max_length=500)] = ""  # model.build_plan: else from the plan's
    date: Annotated[dt.date, Date()]
    signatory_name: Annotated[str, At("signatory.name"), Text(single_line=True)]
    signatory_position: Annotated[str, At("signatory.position"), Text("ตำแหน่งผู้ลงนาม", single_line=True)] = ""
    text: Annotated[list[str], Paragraphs("ข้อความประกาศ")] = field(default_factory=list)
    file: Annotated[str | None, FileRef("ประกาศฉบับลงนาม (PDF)")] = None


@declared(required=("title", "start_year", "end_year", "dimensions"),
          groups={"risk_assessment": Group("การประเมินความเสี่ยงการทุจริต", required=("risks",))})
class Plan:
    title: Annotated[str, Text(single_line=True, max_length=500)]
    start_year: Annotated[int, Year("ปีงบประมาณแรกของแผน")]
    end_year: Annotated[int, Year("ปีงบประมาณสุดท้ายของแผน")]
    announcement: Announcement | None = None
    introduction: Annotated[list[str], Paragraphs("บทนำ")] = field(default_factory=list)
    rationale: Annotated[list[str], Paragraphs("หลักการและเหตุผล")] = field(default_factory=list)
    objectives: Annotated[list[str], Paragraphs("วัตถุประสงค์ของแผน")] = field(default_factory=list)
    targets: Annotated[list[str], Paragraphs("เป้าหมาย")] = field(default_factory=list)
    benefits: Annotated[list[str], Paragraphs("ประโยชน์ที่จะได้รับ")] = field(default_factory=list)
    file: Annotated[str | None, FileRef("แผนฉบับเต็ม (PDF)")] = None
    risk_title: Annotated[str, At("risk_assessment.title"), Text(
        "ชื่อหัวข้อ (ค่าเริ่มต้น การประเมินความเสี่ยงการทุจริต)", single_line=True)] = "การประเมินความเสี่ยงการทุจริต"
    risk_fiscal_year: Annotated[int | None, At("risk_assessment.fiscal_year"), Year()] = None
    risks: Annotated[list[Risk], At("risk_assessment.risks"), List(Risk, min_items=1)] = field(default_factory=list)
    dimensions: Annotated[list[Dimension], List(Dimension, min_items=1)]
    stated_totals: Annotated[dict[int, int | None], YearMap(
        Money(), "ยอดรวมทั้งแผนที่พิมพ์ไว้ (ใช้ตรวจทาน)")] = field(default_factory=dict)
    stated_project_count: Annotated[int | None, Int("จำนวนโครงการทั้งแผนที่พิมพ์ไว้ (ใช้ตรวจทาน)", minimum=0)] = None

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def projects(self) -> list[Project]:
        return [p for d in self.dimensions for p in d.projects]

    @property
    def funded_projects(self) -> list[Project]:
        return [p for p in self.projects if p.total_budget]

    def total_in(self, year: int) -> int:
        return sum(d.budget_in(year) for d in self.dimensions)

    @property
    def grand_total(self) -> int:
        return sum(self.total_in(year) for year in self.years)

    def covers(self, fiscal_year: int) -> bool:
        return self.start_year <= fiscal_year <= self.end_year


# --- measures/*.yaml: integrity-measure implementation report ----------------------

@declared(required=("title",))
class Measure:
    no: Annotated[int | None, Int("ลำดับที่", minimum=0)] = None
    title: Annotated[str, Text("มาตรการ/แนวทาง", max_length=1000)]
    instrument: Annotated[str | None, Enum(INSTRUMENTS, "ตอบจุดอ่อนจากแบบวัดใด (IIT EIT หรือ OIT)")] = None
    method: Annotated[list[str], Paragraphs("วิธีการดำเนินการ")] = field(default_factory=list)
    responsible: Annotated[str, Text("ผู้รับผิดชอบ")] = ""
    period: Annotated[Period, PeriodField()] = field(default_factory=Period)
    results: Annotated[list[str], Paragraphs("ผลการดำเนินการ")] = field(default_factory=list)
    outcomes: Annotated[list[str], Paragraphs("ผลลัพธ์หรือความสำเร็จของการดำเนินการ")] = field(default_factory=list)
    suggestions: Annotated[list[str], Paragraphs("ข้อเสนอแนะ / ผลลัพธ์")] = field(default_factory=list)


@declared(required=("title", "fiscal_year", "measures"),
          groups={"prepared_by": Group("ผู้จัดทำรายงาน", required=("name",))})
class MeasuresReport:
    title: Annotated[str, Text(single_line=True, max_length=500)]
    fiscal_year: Annotated[int, Year("ปีงบประมาณที่รายงาน")]
    based_on_ita_year: Annotated[int | None, Year("ผลการประเมิน ITA ปีที่นำมาวิเคราะห์")] = None
    report_date: Annotated[dt.date | None, Date()] = None
    round: Annotated[str | None, Enum(REPORT_ROUNDS, "รอบการรายงาน: 6 เดือน หรือ 12 เดือน",
                                      aliases=REPORT_ROUND_ALIASES)] = None  # "6 เดือน" or "12 เดือน"
    coverage: Annotated[Period | None, PeriodField("ช่วงเวลาที่รายงานครอบคลุม")] = None
    introduction: Annotated[list[str], Paragraphs("คำนำ")] = field(default_factory=list)
    conclusion: Annotated[list[str], Paragraphs("สรุปผลการดำเนินงานท้ายรายงาน")] = field(default_factory=list)
    prepared_by_name: Annotated[str, At("prepared_by.name"), Text(single_line=True)] = ""
    prepared_by_position: Annotated[str, At("prepared_by.position"), Text("ตำแหน่ง", single_line=True)] = ""
    file: Annotated[str | None, FileRef("รายงานฉบับลงนาม (PDF)")] = None
    measures: Annotated[list[Measure], List(Measure, min_items=1)]
    slug: str = ""  # the file's name: the report's page address
    source_file: str = ""

    @property
    def page_id(self) -> str:
        return f"measures/{self.slug}"

    @property
    def report_round(self) -> str | None:
        """The round: `round` when given, else the file's name (<fy>-6m.yaml is the six-month
        round), else a coverage from October to March (6 เดือน) or to September (12 เดือน)."""
        if self.round:
            return self.round
        if self.slug.endswith("-6m"):
            return "6 เดือน"
        coverage = self.coverage
        if coverage and coverage.start and coverage.end and coverage.start.month == 10:
            return {3: "6 เดือน", 9: "12 เดือน"}.get(coverage.end.month)
        return None

    @property
    def newest_first_key(self) -> tuple[int, int]:
        """Sorts a year's annual report above its six-month report when listed newest first."""
        return (self.fiscal_year, 0 if self.report_round == "6 เดือน" else 1)

    @property
    def has_outcomes(self) -> bool:
        """A report with an outcomes column (ผลลัพธ์) shows it; the others keep six columns."""
        return any(measure.outcomes for measure in self.measures)

    @property
    def groups(self) -> list[tuple[str | None, list[Measure]]]:
        """Measures grouped by instrument (IIT/EIT/OIT) in first-seen order; one group if none."""
        order: list[str | None] = []
        grouped: dict[str | None, list[Measure]] = {}
        for measure in self.measures:
            if measure.instrument not in grouped:
                order.append(measure.instrument)
                grouped[measure.instrument] = []
            grouped[measure.instrument].append(measure)
        return [(key, grouped[key]) for key in order]


# --- oit/<year>.yaml: evidence for each OIT item -----------------------------------------

@declared(required=("title",), one_of=("file", "url"))
class Document:
    title: Annotated[str, Text(single_line=True, max_length=500)] = field(kw_only=False)
    date: Annotated[dt.date | None, Date("วันที่ของเอกสาร")] = None
    fiscal_year: Annotated[int | None, Year("ปีงบประมาณที่เอกสารครอบคลุม")] = None
    period: Annotated[Period | None, PeriodField("ช่วงเวลาที่รายงานครอบคลุม เช่น ต.ค. 68 - มี.ค. 69")] = None
    file: Annotated[str | None, FileRef()] = None
    url: Annotated[str | None, Url("ลิงก์ของเอกสาร (ใช้แทน file)")] = None
    summary: Annotated[list[str], Paragraphs("สรุปสาระสำคัญ")] = field(default_factory=list)
    line: Annotated[int | None, SOURCE_LINE] = None


@declared(required=("reason",), description="คำชี้แจงว่าไม่มีข้อมูลที่ต้องรายงาน")
class NothingToReport:
    reason: Annotated[str, Text("คำชี้แจง เช่น ไม่มีเรื่องร้องเรียนการทุจริตในปีงบประมาณ พ.ศ. 2568")]
    date: Annotated[dt.date | None, Date()] = None


@declared
class Evidence:
    note: Annotated[list[str], Paragraphs("คำอธิบายสำหรับผู้ประเมินและประชาชน")] = field(default_factory=list)
    pages: Annotated[list[str], List(Text(single_line=True), "หน้าที่สร้างจากข้อมูล เช่น organisation/structure, plan")] = \
        field(default_factory=list)
    documents: Annotated[list[Document], List(Document, "เอกสารหลักฐาน")] = field(default_factory=list)
    links: Annotated[list[Link], List(Link, "ลิงก์ไปยังหลักฐานบนเว็บไซต์อื่น")] = field(default_factory=list)
    nothing_to_report: NothingToReport | None = None
    source_file: str = ""  # the YAML file it came from
    line: Annotated[int | None, SOURCE_LINE] = None

    @property
    def is_empty(self) -> bool:
        return not (self.pages or self.documents or self.links or self.nothing_to_report)


@declared(required=("ita_year", "items"))
class OitYear:
    ita_year: Annotated[int, Year("ปีการประเมิน ITA")]
    as_of: Annotated[dt.date | None, Date("ข้อมูล ณ วันที่")] = None
    evidence: Annotated[dict[str, Evidence], At("items"), KeyMap(
        Evidence, "หลักฐานของแต่ละข้อ ตามชื่อข้อ (key) ในบัญชีรายการ OIT")]
    source_file: str = ""  # the YAML file it came from


# --- the files ---------------------------------------------------------------------------

FILE_CLASSES = {
    "organisation": Organisation,
    "site": Site,
    "plan": Plan,
    "measures": MeasuresReport,
    "oit": OitYear,
}

ORGANISATION, SITE, PLAN, MEASURES_REPORT, OIT = (spec(cls) for cls in FILE_CLASSES.values())
FILE_SCHEMAS = {**{name: spec(cls) for name, cls in FILE_CLASSES.items()}, "catalogue": CATALOGUE}


def json_schema(name: str) -> dict:
    schema = FILE_SCHEMAS[name].schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"prongsai-{name}.schema.json"
    if name == "organisation":
        schema["$defs"] = {"unit": Nested(declaration(Unit)).schema()}
    return schema
