"""The data format, declared once: validation, normalisation and the exported
JSON Schema (docs/schema/) all come from these definitions.

docs/data-format.md explains each file to LAO staff with examples.
"""

from __future__ import annotations

from .fields import (
    SAFE_LINK_SCHEMES, Bool, Colour, Date, Email, Enum, FileRef, Int, KeyMap, Lazy, List,
    Money, Obj, Paragraphs, Period, Phone, SiteUrl, Slug, Text, Url, Year, YearMap,
)
from .files import IMAGE_KINDS
from .catalogue import CATALOGUE

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
INSTRUMENTS = ["IIT", "EIT", "OIT"]

# --- shared pieces ------------------------------------------------------------------

PERSON = Obj(
    {
        "name": Text("ชื่อ-นามสกุล พร้อมคำนำหน้า เช่น นายสมชาย ใจดี (ตำแหน่งว่างให้เขียน ตำแหน่งว่าง)", single_line=True),
        "position": Text("ตำแหน่ง เช่น นายกองค์การบริหารส่วนตำบลตัวอย่าง", single_line=True),
        "photo": FileRef("รูปถ่าย (PNG/JPEG/WebP) ในโฟลเดอร์ข้อมูล", kinds=IMAGE_KINDS),
        "phone": Phone(),
        "email": Email(),
        "note": Text(),
    },
    required=("name", "position"),
)

SIGNATORY = Obj(
    {"name": Text(single_line=True), "position": Text(single_line=True)},
    required=("name",),
)

LINK = Obj(
    {
        "title": Text("ข้อความที่แสดง", single_line=True),
        "url": Url("ลิงก์ (http, https, mailto หรือ tel เท่านั้น)", schemes=SAFE_LINK_SCHEMES),
        "description": Text(),
    },
    required=("title", "url"),
)

UNIT = Obj(
    {
        "name": Text("ชื่อส่วนราชการ เช่น สำนักปลัด กองคลัง", single_line=True),
        "head": Text("ตำแหน่งหรือชื่อหัวหน้าหน่วยงาน", single_line=True),
        "duties": Paragraphs("หน้าที่ของหน่วยงาน"),
        "units": List(Lazy(lambda: UNIT, "unit"), "หน่วยงานย่อย (ฝ่าย งาน)"),
    },
    required=("name",),
)

# --- organisation.yaml --------------------------------------------------------------

ORGANISATION = Obj(
    {
        "name": Text("ชื่อเต็มของหน่วยงาน", single_line=True),
        "short_name": Text("ชื่อย่อ เช่น อบต.ตัวอย่าง", single_line=True),
        "name_en": Text(single_line=True),
        "type": Enum(LAO_TYPES, "ประเภทหน่วยงาน", aliases=LAO_TYPE_ALIASES),
        "logo": FileRef("ตราสัญลักษณ์", kinds=IMAGE_KINDS),
        "about": Paragraphs("ข้อมูลทั่วไปของพื้นที่และหน่วยงาน"),
        "vision": Text(),
        "address": Text("ที่อยู่สำนักงาน"),
        "contacts": Obj(
            {
                "phone": List(Phone()),
                "fax": List(Phone()),
                "email": List(Email()),
                "website": Url(),
                "facebook": Url(),
                "line": Text(single_line=True),
                "map_url": Url("ลิงก์แผนที่"),
                "office_hours": Text(),
                "complaint_url": Url("ลิงก์ช่องทางแจ้งเรื่องร้องเรียนการทุจริต"),
            },
        ),
        "qa_channels": List(LINK, "ช่องทางถาม-ตอบแบบสองทาง เช่น LINE Official Account, กระดานถาม-ตอบ"),
        "executives": Obj(
            {
                "political": List(PERSON, "ผู้บริหารฝ่ายการเมือง (นายก รองนายก เลขานุการนายก)"),
                "permanent": List(PERSON, "ผู้บริหารฝ่ายประจำ (ปลัด รองปลัด ผู้อำนวยการกอง)"),
                "council": List(PERSON, "สมาชิกสภาท้องถิ่น (ไม่บังคับ)"),
            },
        ),
        "structure": Obj(
            {
                "chart": FileRef("แผนผังโครงสร้าง (รูปหรือ PDF)"),
                "political": List(UNIT, "โครงสร้างฝ่ายการเมือง"),
                "permanent": List(UNIT, "โครงสร้างฝ่ายประจำ (ส่วนราชการ)"),
            },
        ),
        "powers_and_duties": Obj(
            {
                "summary": Paragraphs("สรุปหน้าที่และอำนาจด้วยถ้อยคำของหน่วยงาน (ไม่ใช่ตัวบทกฎหมายทั้งฉบับ)"),
                "items": Paragraphs("หน้าที่และอำนาจเป็นข้อ ๆ"),
                "laws": List(LINK, "กฎหมายที่ให้อำนาจ"),
            },
            required=("summary",),
        ),
    },
    required=("name", "type", "address"),
)

# --- site.yaml ----------------------------------------------------------------------

DIGIT_STYLES = ["thai", "arabic"]
DIGIT_STYLE_ALIASES = {"ไทย": "thai", "เลขไทย": "thai", "อารบิก": "arabic", "เลขอารบิก": "arabic"}


class _SiteObj(Obj):
    """site.yaml: `digits:` and the older `thai_digits:` must not say opposite things
    (the site would show one of them without a word about the other)."""

    def check(self, value, ctx):
        from .fields import INVALID, YMap  # kept here: only this block of the schema needs them

        result = super().check(value, ctx)
        if isinstance(value, YMap) and result is not INVALID and "digits" in result and "thai_digits" in result:
            if (result["digits"] == "thai") != result["thai_digits"]:
                ctx.child("digits", value).error(
                    f"ค่า {result['digits']} ขัดกับ thai_digits: {'true' if result['thai_digits'] else 'false'}"
                    " ให้ใช้ digits อย่างเดียว (ลบ thai_digits ออก)")
                return INVALID
        return result


SITE = _SiteObj(
    {
        "ita_year": Year("ปี ITA ที่แสดงเป็นค่าเริ่มต้น"),
        "digits": Enum(DIGIT_STYLES, "ตัวเลขที่เว็บไซต์เขียน (จำนวนเงิน วันที่ ปี ลำดับ): thai = เลขไทย ๐-๙, arabic = เลขอารบิก 0-9",
                       aliases=DIGIT_STYLE_ALIASES),
        "digits_in_text": Bool("เปลี่ยนตัวเลขในข้อความที่กรอกเองเป็นแบบเดียวกับ digits ด้วย (ค่าเริ่มต้น false: แสดงตามที่พิมพ์)"),
        "thai_digits": Bool("แบบเดิมของ digits: true = digits: thai, false = digits: arabic"),
        "readiness_dashboard": Bool("แสดงหน้าความพร้อม ITA บนเว็บไซต์"),
        "site_url": SiteUrl("ที่อยู่เว็บไซต์จริง เช่น https://www.example.go.th/"),
        "main_site_url": SiteUrl("ที่อยู่เว็บไซต์หลักของหน่วยงาน ถ้าต่างจาก site_url เช่น https://www.example.go.th/"),
        "primary_color": Colour("สีหลักของเว็บไซต์ (แถบด้านบน ลิงก์) แบบ #RRGGBB ค่าเริ่มต้นสีคราม #3f51b5"),
        "public_self_check": Bool("แสดงผลการตรวจแต่ละองค์ประกอบ (✔/✘) บนหน้าข้อ OIT ให้ประชาชนเห็น"),
        "allowed_personal_data": List(
            Obj({"value": Text(single_line=True), "reason": Text()}, required=("value", "reason")),
            "ข้อมูลส่วนบุคคลที่อนุญาตให้เผยแพร่ พร้อมเหตุผล",
        ),
        "unscanned_attachments": List(
            Obj({"file": Text(single_line=True), "reason": Text()}, required=("file", "reason")),
            "ไฟล์แนบที่ระบบตรวจข้อมูลส่วนบุคคลไม่ได้ (มีรหัสผ่าน เสีย รุ่นเก่า) แต่ตรวจด้วยตนเองแล้ว พร้อมเหตุผล",
        ),
    },
)

# --- plan.yaml: five-year anti-corruption action plan --------------------------------

PROJECT = Obj(
    {
        "no": Int("ลำดับที่ของโครงการตามแผน", minimum=0, maximum=100_000),
        "id": Slug("ชื่อเฉพาะสำหรับลิงก์ (ไม่บังคับ) ใช้เมื่อเลขลำดับซ้ำกัน", max_length=40),
        "kind": Enum(PROJECT_KINDS),
        "title": Text("๑. ชื่อโครงการ", single_line=True, max_length=500),
        "summary_title": Text("ชื่อตามที่พิมพ์ในตารางสรุป ถ้าต่างจากชื่อในรายละเอียด", single_line=True, max_length=500),
        "summary_no": Int("ลำดับที่ตามที่พิมพ์ในตารางสรุป ถ้าต่างจากรายละเอียดโครงการ (เก็บไว้ตรวจทาน)", minimum=0),
        "budget": YearMap(Money(), "งบประมาณแต่ละปีงบประมาณ เช่น 2568: 50000"),
        "rationale": Paragraphs("๒. หลักการและเหตุผล"),
        "objectives": Paragraphs("๓. วัตถุประสงค์"),
        "target_group": Paragraphs("๔. กลุ่มเป้าหมาย"),
        "method": Paragraphs("๕. วิธีดำเนินการ"),
        "period": Paragraphs("๖. ระยะเวลาดำเนินการ"),
        "budget_detail": Paragraphs("๗. งบประมาณดำเนินการ (ข้อความ)"),
        "responsible": Paragraphs("๘. ผู้รับผิดชอบ"),
        "outputs": Paragraphs("๙. ผลผลิต"),
        "outcomes": Paragraphs("๙. ผลลัพธ์"),
        "note": Text("หมายเหตุ"),
    },
    required=("no", "title"),
)

SUB_MISSION = Obj(
    {
        "no": Text("เลขข้อ เช่น 1.1.1", single_line=True),
        "title": Text(single_line=True, max_length=1000),
        "projects": List(PROJECT),
    },
    required=("no", "title"),
)

MISSION = Obj(
    {
        "no": Text("เลขข้อ เช่น 1.1", single_line=True),
        "title": Text(single_line=True, max_length=1000),
        "sub_missions": List(SUB_MISSION),
        "projects": List(PROJECT, "โครงการที่ไม่อยู่ภายใต้ภารกิจย่อย"),
    },
    required=("no", "title"),
)

DIMENSION = Obj(
    {
        "no": Int(minimum=1, maximum=99),
        "title": Text(single_line=True),
        "missions": List(MISSION),
        "stated_totals": YearMap(Money(), "ยอดรวมที่พิมพ์ไว้ในเอกสาร (ใช้ตรวจทาน)"),
        "stated_project_count": Int("จำนวนโครงการที่พิมพ์ไว้ในเอกสาร (ใช้ตรวจทาน)", minimum=0),
    },
    required=("no", "title"),
)

RISK = Obj(
    {
        "no": Int(minimum=0),
        "step": Text("ขั้นตอนการดำเนินงาน"),
        "issues": List(
            Obj({"text": Text(), "level": Text("ระดับความเสี่ยง เช่น สูง ปานกลาง ต่ำ", single_line=True)}, required=("text",)),
            "ประเด็นความเสี่ยงการทุจริต",
        ),
        "level": Text("ระดับความเสี่ยง (รวม)", single_line=True),
        "controls": List(
            Obj(
                {"text": Text("มาตรการควบคุม"), "project": Int("ลำดับที่ของโครงการในแผนที่ใช้ควบคุม", minimum=0)},
                required=("text",),
            ),
            "มาตรการควบคุมความเสี่ยง",
        ),
    },
    required=("step",),
)

PLAN = Obj(
    {
        "title": Text(single_line=True, max_length=500),
        "start_year": Year("ปีงบประมาณแรกของแผน"),
        "end_year": Year("ปีงบประมาณสุดท้ายของแผน"),
        "announcement": Obj(
            {
                "title": Text(single_line=True, max_length=500),
                "date": Date(),
                "signatory": SIGNATORY,
                "text": Paragraphs(),
                "file": FileRef("ประกาศฉบับลงนาม (PDF)"),
            },
            required=("date", "signatory"),
        ),
        "introduction": Paragraphs(),
        "file": FileRef("แผนฉบับเต็ม (PDF)"),
        "risk_assessment": Obj(
            {"title": Text(single_line=True), "fiscal_year": Year(), "risks": List(RISK, min_items=1)},
            required=("risks",),
        ),
        "dimensions": List(DIMENSION, min_items=1),
        "stated_totals": YearMap(Money(), "ยอดรวมทั้งแผนที่พิมพ์ไว้ (ใช้ตรวจทาน)"),
        "stated_project_count": Int(minimum=0),
    },
    required=("title", "start_year", "end_year", "dimensions"),
)

# --- measures/*.yaml: integrity-measure implementation report ----------------------

MEASURE = Obj(
    {
        "no": Int(minimum=0),
        "title": Text("มาตรการ/แนวทาง", max_length=1000),
        "instrument": Enum(INSTRUMENTS, "ตอบจุดอ่อนจากแบบวัดใด (IIT EIT หรือ OIT)"),
        "method": Paragraphs("วิธีการดำเนินการ"),
        "responsible": Text("ผู้รับผิดชอบ"),
        "period": Period(),
        "results": Paragraphs("ผลการดำเนินการ"),
        "outcomes": Paragraphs("ผลลัพธ์หรือความสำเร็จของการดำเนินการ"),
        "suggestions": Paragraphs("ข้อเสนอแนะ / ผลลัพธ์"),
    },
    required=("title",),
)

MEASURES_REPORT = Obj(
    {
        "title": Text(single_line=True, max_length=500),
        "fiscal_year": Year("ปีงบประมาณที่รายงาน"),
        "based_on_ita_year": Year("ผลการประเมิน ITA ปีที่นำมาวิเคราะห์"),
        "report_date": Date(),
        "coverage": Period("ช่วงเวลาที่รายงานครอบคลุม"),
        "introduction": Paragraphs(),
        "conclusion": Paragraphs("สรุปผลการดำเนินงานท้ายรายงาน"),
        "prepared_by": SIGNATORY,
        "file": FileRef("รายงานฉบับลงนาม (PDF)"),
        "measures": List(MEASURE, min_items=1),
    },
    required=("title", "fiscal_year", "measures"),
)

# --- oit/<year>.yaml: evidence for each OIT item -----------------------------------------

DOCUMENT = Obj(
    {
        "title": Text(single_line=True, max_length=500),
        "date": Date("วันที่ของเอกสาร"),
        "fiscal_year": Year("ปีงบประมาณที่เอกสารครอบคลุม"),
        "period": Period("ช่วงเวลาที่รายงานครอบคลุม เช่น ต.ค. 68 - มี.ค. 69"),
        "file": FileRef(),
        "url": Url(),
        "summary": Paragraphs("สรุปสาระสำคัญ"),
    },
    required=("title",),
    one_of=("file", "url"),
)

EVIDENCE = Obj(
    {
        "note": Paragraphs("คำอธิบายสำหรับผู้ประเมินและประชาชน"),
        "pages": List(Text(single_line=True), "หน้าที่สร้างจากข้อมูล เช่น organisation/structure, plan"),
        "documents": List(DOCUMENT),
        "links": List(LINK),
        "nothing_to_report": Obj(
            {"reason": Text("คำชี้แจง เช่น ไม่มีเรื่องร้องเรียนการทุจริตในปีงบประมาณ พ.ศ. 2568"), "date": Date()},
            required=("reason",),
        ),
    },
)

OIT = Obj(
    {
        "ita_year": Year("ปีการประเมิน ITA"),
        "as_of": Date("ข้อมูล ณ วันที่"),
        "items": KeyMap(EVIDENCE, "หลักฐานของแต่ละข้อ ตามชื่อข้อ (key) ในบัญชีรายการ OIT"),
    },
    required=("ita_year", "items"),
)

FILE_SCHEMAS = {
    "organisation": ORGANISATION,
    "site": SITE,
    "plan": PLAN,
    "measures": MEASURES_REPORT,
    "oit": OIT,
    "catalogue": CATALOGUE,
}


def json_schema(name: str) -> dict:
    schema = FILE_SCHEMAS[name].schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"prongsai-{name}.schema.json"
    if name == "organisation":
        schema["$defs"] = {"unit": UNIT.schema()}
    return schema
