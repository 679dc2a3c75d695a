"""`prongsai import measures`: the real seed 000 and other LAOs' layouts."""

from __future__ import annotations

import pytest

from generator.importers import validate_data
from generator.importers.measures_text import import_measures_text
from importer_kit import messages, write


def test_seed_seven_measures_with_all_six_columns(seed_measures):
    report, problems = import_measures_text(seed_measures, "000.txt")
    assert not problems.errors, messages(problems)
    assert report["fiscal_year"] == 2564
    assert report["based_on_ita_year"] == 2563
    assert report["title"].startswith("รายงานการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    measures = report["measures"]
    assert [m["no"] for m in measures] == [1, 2, 3, 4, 5, 6, 7]
    for measure in measures[:6]:
        for key in ("title", "method", "responsible", "period", "results", "suggestions"):
            assert measure.get(key), (measure["no"], key)
    assert measures[6]["title"] == "การตรวจสอบการใช้ดุลยพินิจ"
    assert measures[4]["title"] == "การป้องกันการรับสินบน"          # <p>5. …</p> in the first cell
    assert measures[0]["period"] == {"text": "ม.ค.2564 - มี.ค.2564", "start": "1 มกราคม 2564", "end": "31 มีนาคม 2564"}
    assert measures[0]["responsible"] == "สำนักปลัด"
    # a row continued on the next page: the method and the results go on
    assert measures[0]["method"][-1].startswith("4.ให้ความสำคัญกับการคุ้มครองข้อมูลส่วนบุคคล")
    assert measures[0]["results"][-1] == "มีการจัดทำรายงานการเผยแพร่ข้อมูลข่าวสารเป็นประจำทุกเดือน"
    assert len(measures[1]["method"]) == 6
    # no HTML leftovers anywhere
    flat = str(report)
    assert "<p>" not in flat and "<b>" not in flat and "<input" not in flat
    # lines that lost their tabs (46-50) continue measure 7's numbered method, and are reported
    assert measures[6]["method"][-1].startswith("5.เจ้าหน้าที่ในสังกัด")
    assert any(p.line == 46 and "46–50" in p.message for p in problems.warnings)
    problems, normalised = validate_data("measures", report, "measures/2564.yaml")
    assert not problems.errors, messages(problems)
    assert normalised["measures"][0]["period"]["start"].isoformat() == "2021-01-01"


OTHER_LAYOUT = """รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน
เทศบาลตำบลตัวอย่าง ประจำปีงบประมาณ พ.ศ. ๒๕๖๖

ตามที่เทศบาลได้วิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปีงบประมาณ พ.ศ. ๒๕๖๕ แล้ว

ส่วนที่ ๑ มาตรการที่ตอบจุดอ่อนจากแบบวัด IIT
ที่\tแนวทาง/มาตรการ\tขั้นตอนการดำเนินการ\tหน่วยงานที่รับผิดชอบ\tระยะเวลา\tผลการดำเนินงาน\tผลลัพธ์
๑\tการใช้ทรัพย์สินของราชการ\tจัดทำคู่มือ\tกองคลัง\tต.ค.๖๕ - ก.ย. ๖๖\tมีคู่มือ ๑ ฉบับ\tไม่มีการร้องเรียน
๒\tการใช้งบประมาณ\t<b>ประชุม</b> &amp; ชี้แจง\tกองคลัง\tมกราคม - มีนาคม 2566\t<p>ประชุม ๒ ครั้ง</p><p>แจ้งเวียน</p>\t-
\tอย่างคุ้มค่า\tติดตามผล\t\t\tรายงานผู้บริหาร\t
- ๓ -
แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)\t\t\t\t\t\t
ที่\tแนวทาง/มาตรการ\tขั้นตอนการดำเนินการ\tหน่วยงานที่รับผิดชอบ\tระยะเวลา\tผลการดำเนินงาน\tผลลัพธ์
1\tการให้บริการ\tลดขั้นตอน\tสำนักปลัด\tตลอดปีงบประมาณ 2566\tให้บริการ 120 ราย\tพึงพอใจร้อยละ 90
2\tการสื่อสาร\tเพิ่มช่องทาง\tสำนักปลัด\tเป็นประจำ\tเพิ่ม LINE\t-
ส่วนที่ ๓ มาตรการที่ตอบจุดอ่อนจาก OIT
ที่\tแนวทาง/มาตรการ\tขั้นตอนการดำเนินการ\tหน่วยงานที่รับผิดชอบ\tระยะเวลา\tผลการดำเนินงาน\tผลลัพธ์
1\tการเปิดเผยข้อมูล\tปรับปรุงเว็บไซต์\tสำนักปลัด\t1 ต.ค. 65 - 31 มี.ค. 66\tครบ 33 ข้อ\t-

ลงชื่อ ผู้รายงาน
(นายรายงาน ตัวอย่าง)
ปลัดเทศบาลตำบลตัวอย่าง
รายงาน ณ วันที่ 31 มีนาคม 2566
"""


def test_other_column_titles_and_instrument_sections(tmp_path):
    report, problems = import_measures_text(write(tmp_path, "r.txt", OTHER_LAYOUT), "r.txt")
    assert not problems.errors, messages(problems)
    assert report["fiscal_year"] == 2566
    assert report["based_on_ita_year"] == 2565
    assert report["prepared_by"] == {"name": "นายรายงาน ตัวอย่าง", "position": "ปลัดเทศบาลตำบลตัวอย่าง"}
    assert report["report_date"] == "31 มีนาคม 2566"
    measures = report["measures"]
    assert [(m["instrument"], m["no"]) for m in measures] == [("IIT", 1), ("IIT", 2), ("EIT", 1), ("EIT", 2), ("OIT", 1)]
    first, second = measures[0], measures[1]
    assert first["suggestions"] == ["ไม่มีการร้องเรียน"]                # column titled ผลลัพธ์
    assert first["responsible"] == "กองคลัง"                            # หน่วยงานที่รับผิดชอบ
    assert first["period"] == {"text": "ต.ค.๖๕ - ก.ย. ๖๖", "start": "1 ตุลาคม 2565", "end": "30 กันยายน 2566"}
    assert second["title"] == "การใช้งบประมาณอย่างคุ้มค่า"               # title continued, first cell empty
    assert second["method"] == ["ประชุม & ชี้แจงติดตามผล"]
    assert second["results"] == ["ประชุม ๒ ครั้ง", "แจ้งเวียนรายงานผู้บริหาร"]
    assert second["period"]["start"] == "1 มกราคม 2566" and second["period"]["end"] == "31 มีนาคม 2566"
    assert measures[2]["period"]["start"] == "1 ตุลาคม 2565"             # ตลอดปีงบประมาณ 2566
    assert measures[3]["period"] == "เป็นประจำ"                          # kept as text, with a warning
    assert any("เป็นประจำ" in m for m in messages(problems, "warning"))
    assert measures[4]["period"]["end"] == "31 มีนาคม 2566"
    problems, _ = validate_data("measures", report, "m.yaml")
    assert not problems.errors, messages(problems)


def test_unnumbered_rows_and_extra_cells(tmp_path):
    text = (
        "รายงานมาตรการ ประจำปีงบประมาณ 2567\n"
        "มาตรการ\tวิธีการ\tผู้รับผิดชอบ\tระยะเวลา\tผลการดำเนินการ\tข้อเสนอแนะ\n"
        "การเผยแพร่ข้อมูล\tลงเว็บไซต์\tสำนักปลัด\tต.ค. 66 - มี.ค. 67\tครบ\t-\n"
        "การรับเรื่องร้องเรียน\tเปิดช่องทาง\tสำนักปลัด\tต.ค. 66 - มี.ค. 67\tไม่มีเรื่อง\t-\tเกิน\n"
        "ที่ต่อเนื่อง\tเพิ่มเติม\t\t\t\t\n"
    )
    report, problems = import_measures_text(write(tmp_path, "r.txt", text), "r.txt")
    assert not problems.errors, messages(problems)
    titles = [m["title"] for m in report["measures"]]
    assert titles == ["การเผยแพร่ข้อมูล", "การรับเรื่องร้องเรียนที่ต่อเนื่อง"]
    assert "suggestions" not in report["measures"][0]                   # '-' means nothing to say
    assert report["measures"][1]["suggestions"] == ["เกิน"]
    assert any("ช่องมากกว่าหัวตาราง" in m for m in messages(problems))


def test_fiscal_year_from_periods_when_the_title_has_none(tmp_path):
    text = ("รายงานมาตรการส่งเสริมคุณธรรม\n"
            "มาตรการ\tวิธีการ\tผู้รับผิดชอบ\tระยะเวลา\n"
            "1. ก\tข\tค\tต.ค. 66 - มี.ค. 67\n")
    report, problems = import_measures_text(write(tmp_path, "r.txt", text), "r.txt")
    assert report["fiscal_year"] == 2567
    assert any(p.field == "fiscal_year" for p in problems.warnings)


@pytest.mark.parametrize("text, line, words", [
    ("รายงาน\nไม่มีตาราง\n", 1, "ไม่พบตารางมาตรการ"),
    ("รายงาน ปีงบประมาณ 2566\n\nก\tข\tค\n1\t2\t3\n", 3, "อ่านหัวตารางไม่ได้"),
    ("รายงาน ปีงบประมาณ 2566\nวิธีการ\tผู้รับผิดชอบ\tระยะเวลา\tผลการดำเนินการ\nก\tข\tค\tง\n", 2, "มาตรการ/แนวทาง"),
    ("รายงาน ปีงบประมาณ 2566\nมาตรการ\tวิธีการ\tผู้รับผิดชอบ\tระยะเวลา\n", 2, "ไม่พบมาตรการ"),
])
def test_unreadable_layouts_name_the_line(tmp_path, text, line, words):
    report, problems = import_measures_text(write(tmp_path, "bad.txt", text), "bad.txt")
    assert problems.errors, report
    error = problems.errors[0]
    assert error.file == "bad.txt" and error.line == line and words in error.message, error.format()


def test_docx_input(tmp_path):
    """A Word document is read as paragraphs and tab-separated table rows."""
    import zipfile

    def cell(*paragraphs):
        inner = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
        return f"<w:tc>{inner}</w:tc>"

    rows = [
        ["มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินการ", "ข้อเสนอแนะ"],
        ["1. การเผยแพร่ข้อมูล", ("เผยแพร่ทางเว็บไซต์", "เผยแพร่ทาง Facebook"), "สำนักปลัด", "ต.ค. 66 - มี.ค. 67", "ครบถ้วน", "-"],
    ]
    table = "".join("<w:tr>" + "".join(cell(*(c if isinstance(c, tuple) else (c,))) for c in row) + "</w:tr>"
                    for row in rows)
    body = ('<w:p><w:r><w:t>รายงานการดำเนินการมาตรการ ประจำปีงบประมาณ พ.ศ. 2567</w:t></w:r></w:p>'
            f"<w:tbl>{table}</w:tbl>")
    xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml)
    report, problems = import_measures_text(path, "report.docx")
    assert not problems.errors, messages(problems)
    assert report["fiscal_year"] == 2567
    assert report["measures"][0]["method"] == ["เผยแพร่ทางเว็บไซต์", "เผยแพร่ทาง Facebook"]
