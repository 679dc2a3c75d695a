"""`prongsai import measures`: the real seed 000 and other LAOs' layouts."""

from __future__ import annotations

import pytest

from generator.importers import validate_data
from generator.importers.measures_text import import_measures_text
from importer_kit import REPO, messages, write


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
    assert first["outcomes"] == ["ไม่มีการร้องเรียน"] and "suggestions" not in first   # column titled ผลลัพธ์
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


UNKNOWN_COLUMNS = (
    "รายงานผลการดำเนินการตามมาตรการ ประจำปีงบประมาณ พ.ศ. 2569\n"
    "ลำดับ\tมาตรการ\tวิธีการดำเนินการ\tงบประมาณ (บาท)\tผู้รับผิดชอบ\tระยะเวลา\tผลการดำเนินการ\tแบบวัด\tสถานะ\tหมายเหตุ\n"
    "1\tมาตรการ ก\tทำ ก\t50,000\tกองคลัง\tต.ค. 68 - มี.ค. 69\tเสร็จ\tIIT\tเสร็จสิ้น\tดำเนินการแล้ว\n"
    "2\tมาตรการ ข\tทำ ข\t-\tกองคลัง\tต.ค. 68 - มี.ค. 69\tเสร็จ\tEIT\t\t\n"
    "ลำดับ\tมาตรการ\tวิธีการดำเนินการ\tงบประมาณ (บาท)\tผู้รับผิดชอบ\tระยะเวลา\tผลการดำเนินการ\tแบบวัด\tสถานะ\tหมายเหตุ\n"
    "3\tมาตรการ ค\tทำ ค\tไม่ใช้งบประมาณ\tกองคลัง\tต.ค. 68 - มี.ค. 69\tเสร็จ\tOIT\t\tรอผลการ\n"
    "\n"
    "\t\tทำต่อ\t\t\t\t\t\t\tตรวจสอบ\n"
)


def test_columns_without_a_field_are_kept_under_their_title(tmp_path):
    """'หมายเหตุ', 'งบประมาณ (บาท)' and an unknown title are columns: their text goes to suggestions."""
    report, problems = import_measures_text(write(tmp_path, "r.txt", UNKNOWN_COLUMNS), "r.txt")
    assert not problems.errors, messages(problems)
    first, second, third = report["measures"]
    assert first["instrument"] == "IIT" and third["instrument"] == "OIT"      # not glued to the next column
    assert first["suggestions"] == ["งบประมาณ (บาท): 50,000", "สถานะ: เสร็จสิ้น", "หมายเหตุ: ดำเนินการแล้ว"]
    assert "suggestions" not in second                                        # '-' says nothing
    # a row continued on the next page goes on in the same paragraph
    assert third["suggestions"] == ["งบประมาณ (บาท): ไม่ใช้งบประมาณ", "หมายเหตุ: รอผลการตรวจสอบ"]
    assert third["method"] == ["ทำ คทำต่อ"]
    warnings = messages(problems, "warning")
    assert not any("ช่องมากกว่าหัวตาราง" in m for m in warnings)
    for title in ("งบประมาณ (บาท)", "สถานะ", "หมายเหตุ"):   # one warning per column, at the first header
        found = [p for p in problems.warnings if f"'{title}'" in p.message]
        assert len(found) == 1 and found[0].line == 2 and "suggestions" in found[0].message, warnings
    problems, _ = validate_data("measures", report, "m.yaml")
    assert not problems.errors, messages(problems)


def test_kho_numbering_is_the_measure_number(tmp_path):
    text = ("รายงานมาตรการ ประจำปีงบประมาณ 2567\n"
            "แนวทาง/มาตรการ\tขั้นตอนการดำเนินการ\tหน่วยงานที่รับผิดชอบ\tช่วงเวลา\n"
            "ข้อ 1 การเปิดเผยข้อมูลข่าวสาร\t1) แต่งตั้ง\tสำนักปลัด\t1 ต.ค. 66 - 31 มี.ค. 67\n"
            "\t2) ตรวจสอบ\t\t\n"
            "ข้อ ๒ การส่งเสริมความโปร่งใสในการจัดซื้อ\t1) จัดทำแผน\tกองคลัง\t1 ต.ค. 66 - 31 มี.ค. 67\n"
            "จัดจ้าง\t2) เผยแพร่\t\t\n")
    report, problems = import_measures_text(write(tmp_path, "r.txt", text), "r.txt")
    assert not problems.errors, messages(problems)
    assert [(m["no"], m["title"]) for m in report["measures"]] == [
        (1, "การเปิดเผยข้อมูลข่าวสาร"), (2, "การส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง")]


@pytest.mark.parametrize("heading, title_end, coverage", [
    ("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส\nเทศบาลตำบลหนองบัวแดง จังหวัดชัยภูมิ\n"
     "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ (รอบ ๖ เดือน ตุลาคม ๒๕๖๖ – มีนาคม ๒๕๖๗)\n",
     "(รอบ ๖ เดือน ตุลาคม ๒๕๖๖ – มีนาคม ๒๕๖๗)",
     {"text": "รอบ ๖ เดือน ตุลาคม ๒๕๖๖ – มีนาคม ๒๕๖๗", "start": "1 ตุลาคม 2566", "end": "31 มีนาคม 2567"}),
    # 'รอบ 6 เดือน' alone: the first six months of the fiscal year
    ("รายงานผลการดำเนินการตามมาตรการ รอบ 6 เดือน\nเทศบาลเมืองบ้านฉาง\nประจำปีงบประมาณ พ.ศ. 2567\n",
     "ประจำปีงบประมาณ พ.ศ. 2567",
     {"text": "รอบ 6 เดือน", "start": "1 ตุลาคม 2566", "end": "31 มีนาคม 2567"}),
    ("รายงานผลการดำเนินการตามมาตรการ\nประจำปีงบประมาณ พ.ศ. 2567\n", "ประจำปีงบประมาณ พ.ศ. 2567", None),
], ids=["round-with-months", "round-only", "no-round"])
def test_heading_over_several_lines_and_the_round_it_covers(tmp_path, heading, title_end, coverage):
    text = (heading + "\nตามที่เทศบาลได้วิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 แล้ว ขอรายงานดังนี้\n"
            "มาตรการ\tวิธีการ\tผู้รับผิดชอบ\tระยะเวลา\n1. ก\tข\tค\tต.ค. 66 - มี.ค. 67\n")
    report, problems = import_measures_text(write(tmp_path, "r.txt", text), "r.txt")
    assert not problems.errors, messages(problems)
    assert report["title"].startswith("รายงานผลการดำเนินการตามมาตรการ") and report["title"].endswith(title_end)
    assert report["fiscal_year"] == 2567 and report["based_on_ita_year"] == 2566
    assert [p[:6] for p in report["introduction"]] == ["ตามที่"]              # the year line is not introduction
    assert report.get("coverage") == coverage
    problems, normalised = validate_data("measures", report, "m.yaml")
    assert not problems.errors, messages(problems)


MEMO = """บันทึกข้อความ
ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลหนองแวง
ที่ ขก ๗๖๔๐๑/๒๑๗ วันที่ ๒๘ เมษายน ๒๕๖๕
เรื่อง รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๕ (รอบ ๖ เดือน)
เรียน นายกองค์การบริหารส่วนตำบลหนองแวง
ตามที่องค์การบริหารส่วนตำบลหนองแวงได้กำหนดมาตรการ จากการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๔ จึงขอรายงาน
จึงเรียนมาเพื่อโปรดทราบ

รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส
องค์การบริหารส่วนตำบลหนองแวง
ประจำปีงบประมาณ พ.ศ. ๒๕๖๕

มาตรการ\tวิธีการดำเนินการ\tผู้รับผิดชอบ\tระยะเวลาดำเนินการ\tผลการดำเนินการ
(๑) มาตรการเสริมสร้างวัฒนธรรมองค์กร\tจัดกิจกรรม\tสำนักปลัด\tต.ค.๖๔ - มี.ค.๖๕\tจัดแล้ว ๒ ครั้ง
(๒) มาตรการเปิดเผยข้อมูล\tเผยแพร่บนเว็บไซต์\tกองคลัง\tต.ค.๖๔ - มี.ค.๖๕\tครบ

ความเห็นของปลัดองค์การบริหารส่วนตำบล
ทราบ เห็นควรเผยแพร่บนเว็บไซต์
(นายประเสริฐ วงศ์ใหญ่)
ปลัดองค์การบริหารส่วนตำบลหนองแวง
"""


def test_covering_memo_and_a_superiors_comment_are_set_aside(tmp_path):
    report, problems = import_measures_text(write(tmp_path, "r.txt", MEMO), "r.txt")
    assert not problems.errors, messages(problems)
    assert report["title"] == ("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
                               "องค์การบริหารส่วนตำบลหนองแวง ประจำปีงบประมาณ พ.ศ. ๒๕๖๕")
    assert report["report_date"] == "28 เมษายน 2565"                          # the memo's date
    assert report["based_on_ita_year"] == 2564                                 # read from the memo's text
    assert report["coverage"]["end"] == "31 มีนาคม 2565"                       # '(รอบ ๖ เดือน)' in its subject
    assert "introduction" not in report
    assert report["measures"][-1]["method"] == ["เผยแพร่บนเว็บไซต์"]           # the comment is not a method
    assert "prepared_by" not in report                                        # its signer did not report
    warnings = {p.line: p for p in problems.warnings}
    assert "1–7" in warnings[1].message and "28 เมษายน 2565" in warnings[1].message
    assert warnings[17].field == "ส่วนลงนาม" and "17–20" in warnings[17].message


def test_reporter_and_a_bare_date_line_before_a_comment(tmp_path):
    text = ("รายงานมาตรการ ประจำปีงบประมาณ 2569\n"
            "มาตรการ\tวิธีการ\tผู้รับผิดชอบ\tระยะเวลา\n"
            "1. ก\tทำ ก\tกองคลัง\tต.ค. 68 - มี.ค. 69\n"
            "ทราบ และเผยแพร่ให้ประชาชน\n"                 # text that lost its tabs: no signature follows
            "2. ข\tทำ ข\tกองคลัง\tต.ค. 68 - มี.ค. 69\n"
            "\nผู้รายงาน\n(นายวีระพงษ์ ทองคำ)\nหัวหน้าสำนักปลัดเทศบาล\nวันที่ 10 เมษายน 2569\n"
            "ความเห็นของนายกเทศมนตรี\nทราบ\n(นายใหญ่ ใจดี)\nนายกเทศมนตรี\n")
    report, problems = import_measures_text(write(tmp_path, "r.txt", text), "r.txt")
    assert not problems.errors, messages(problems)
    assert report["prepared_by"] == {"name": "นายวีระพงษ์ ทองคำ", "position": "หัวหน้าสำนักปลัดเทศบาล"}
    assert report["report_date"] == "10 เมษายน 2569"
    assert report["measures"][0]["method"][0].endswith("ทราบ และเผยแพร่ให้ประชาชน")
    assert any(p.line == 11 and p.field == "ส่วนลงนาม" for p in problems.warnings), messages(problems)


@pytest.mark.parametrize("signature", ["(ลงชื่อ) สมชาย", "(ลงชื่อ)", "ลงชื่อ ............"])
def test_signature_line_is_not_a_method_nor_the_reporters_name(tmp_path, signature):
    text = ("รายงานมาตรการ ประจำปีงบประมาณ 2568\n"
            "มาตรการ\tวิธีการ\tผู้รับผิดชอบ\tระยะเวลา\n"
            "1. ก\tทำ ก\tกองคลัง\tต.ค. 67 - มี.ค. 68\n"
            f"{signature}\n(นายสมชาย ใจดี)\nปลัด อบต.\n")
    report, problems = import_measures_text(write(tmp_path, "r.txt", text), "r.txt")
    assert not problems.errors, messages(problems)
    assert report["measures"][0]["method"] == ["ทำ ก"]
    assert report["prepared_by"] == {"name": "นายสมชาย ใจดี", "position": "ปลัด อบต."}


PERIODS = [   # (as written, start, end) in a report for fiscal year 2568
    ("ตลอดปีงบประมาณ", "1 ตุลาคม 2567", "30 กันยายน 2568"),
    ("ตลอดปี", "1 ตุลาคม 2567", "30 กันยายน 2568"),
    ("ไตรมาสที่ 1-2", "1 ตุลาคม 2567", "31 มีนาคม 2568"),
    ("ไตรมาส 3", "1 เมษายน 2568", "30 มิถุนายน 2568"),
    ("ไตรมาสที่ ๔", "1 กรกฎาคม 2568", "30 กันยายน 2568"),
    ("พ.ย. 67", "1 พฤศจิกายน 2567", "30 พฤศจิกายน 2567"),
    ("มีนาคม 2568", "1 มีนาคม 2568", "31 มีนาคม 2568"),
    ("ม.ค.68", "1 มกราคม 2568", "31 มกราคม 2568"),
    ("ธันวาคม ๒๕๖๗", "1 ธันวาคม 2567", "31 ธันวาคม 2567"),
    ("ธันวาคม", "1 ธันวาคม 2567", "31 ธันวาคม 2567"),             # no year: its month in the fiscal year
    ("กุมภาพันธ์", "1 กุมภาพันธ์ 2568", "28 กุมภาพันธ์ 2568"),
    ("1-31 ธ.ค. 2567", "1 ธันวาคม 2567", "31 ธันวาคม 2567"),
    ("9 ธ.ค. 2567", "9 ธันวาคม 2567", "9 ธันวาคม 2567"),
    ("ต.ค. - ธ.ค.", "1 ตุลาคม 2567", "31 ธันวาคม 2567"),
    ("มกราคม - มีนาคม 2568", "1 มกราคม 2568", "31 มีนาคม 2568"),
]


def test_periods_read_in_the_reports_fiscal_year(tmp_path):
    rows = "".join(f"{i}. มาตรการ {i}\tทำ\tกอง\t{text}\n" for i, (text, _, _) in enumerate(PERIODS, start=1))
    text = ("รายงานมาตรการ ประจำปีงบประมาณ พ.ศ. 2568\nมาตรการ\tวิธีการ\tผู้รับผิดชอบ\tระยะเวลา\n" + rows
            + "99. มาตรการอื่น\tทำ\tกอง\tไตรมาส 1 และ 3\n")
    report, problems = import_measures_text(write(tmp_path, "r.txt", text), "r.txt")
    assert not problems.errors, messages(problems)
    got = [m["period"] for m in report["measures"]]
    assert got[:-1] == [{"text": t, "start": s, "end": e} for t, s, e in PERIODS]
    assert got[-1] == "ไตรมาส 1 และ 3"                                         # not one span: kept as text
    assert [p.line for p in problems.warnings if p.field == "period"] == [len(PERIODS) + 3]
    problems, _ = validate_data("measures", report, "m.yaml")
    assert not problems.errors, messages(problems)


REPORTS = REPO / "tests" / "importers" / "reports"


def _import_report(name: str):
    report, problems = import_measures_text(REPORTS / name, name)
    assert not problems.errors, messages(problems)
    problems_after, _ = validate_data("measures", report, "measures/x.yaml")
    assert not problems_after.errors, messages(problems_after)
    return report, problems


def test_report_by_indicator_with_an_issue_column_and_a_closing_summary():
    """Sections 'ตัวชี้วัดที่ ๑…๑๐' (rows with tabs and lines without), ประเด็นที่ต้องพัฒนา beside มาตรการ,
    and 'สรุปผลการดำเนินงาน' after the table."""
    report, _ = _import_report("abt_2567_by_indicator_issue_column_summary.txt")
    measures = report["measures"]
    assert [m["no"] for m in measures] == list(range(1, 9))
    assert [m["instrument"] for m in measures] == ["IIT"] * 4 + ["EIT"] * 2 + ["OIT"] * 2
    assert measures[0]["title"] == "มาตรการให้บริการตามลำดับก่อน-หลัง"
    assert measures[0]["suggestions"] == ["ประเด็นที่ต้องพัฒนา: เจ้าหน้าที่ให้บริการไม่เท่าเทียมกัน"]
    assert not any("ตัวชี้วัดที่" in str(m) for m in measures)              # headings are not text
    assert measures[-1]["method"] == ["ประเมินความเสี่ยงการทุจริตประจำปี"]
    assert report["conclusion"][0].startswith("ในรอบ ๖ เดือน")
    assert report["coverage"]["start"] == "1 ตุลาคม 2566"


def test_report_with_a_wrapped_header_and_merged_rows():
    """Header cells wrapped over two rows (repeated on each page, after 'หน้า ๒ จาก ๓'), and a measure
    whose cells span three rows, each with its own period and result."""
    report, problems = _import_report("tessaban_2568_header_wrapped_merged_rows.txt")
    measures = report["measures"]
    assert [m["no"] for m in measures] == list(range(1, 8))
    assert not problems.warnings, messages(problems)
    second = measures[1]
    assert second["results"] == ["จัดทำคู่มือแล้วเสร็จ", "อบรม 1 ครั้ง ผู้เข้าร่วม 60 คน", "ตรวจสอบรายไตรมาส 4 ครั้ง"]
    assert (second["period"]["start"], second["period"]["end"]) == ("1 ตุลาคม 2567", "30 กันยายน 2568")
    assert second["suggestions"] == ["บุคลากรบางส่วนยังไม่เข้าใจ"]
    assert measures[5]["period"]["start"] == "1 เมษายน 2568"            # period column before responsible
    assert not any("หน้า" in str(m) and "จาก" in str(m) for m in measures)
    assert report["prepared_by"] == {"name": "นายธนากร แก้วมณี", "position": "หัวหน้าฝ่ายบริหารงานทั่วไป"}


def test_report_with_section_numbers_as_of_date_and_a_named_reporter():
    report, _ = _import_report("abj_2569_section_numbers_named_reporter.txt")
    assert [(m["instrument"], m["no"]) for m in report["measures"]] == [
        ("IIT", 1), ("IIT", 2), ("EIT", 1), ("EIT", 2), ("OIT", 1), ("OIT", 2)]
    assert report["report_date"] == "31 มีนาคม 2569"                    # 'ข้อมูล ณ วันที่' under the heading
    assert not any("ณ วันที่" in p for p in report.get("introduction", []))
    assert report["prepared_by"]["name"] == "นางวราภรณ์ ทองดี"
    assert report["prepared_by"]["position"].startswith("ผู้อำนวยการสำนักปลัด")


def test_report_numbered_by_measure_with_a_bare_signature_date():
    report, _ = _import_report("tessaban_2566_measure_numbers_bare_date.txt")
    measures = report["measures"]
    assert [m["no"] for m in measures] == list(range(1, 8))
    assert measures[0]["title"] == "การเปิดเผยข้อมูลข่าวสาร"              # 'มาตรการที่ ๑' is its number
    assert report["report_date"] == "29 กันยายน 2566"
    assert report["conclusion"][-1].startswith("ข้อเสนอแนะ")
    assert "เทศบาลตำบลท่าช้าง" in report["title"] and "introduction" not in report


def test_report_with_status_tick_columns():
    report, problems = _import_report("abt_2567_status_ticks.txt")
    results = [m["results"][0] for m in report["measures"]]
    assert results == ["ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ", "ดำเนินการแล้ว", "ยังไม่ดำเนินการ", "ดำเนินการแล้ว"]
    assert not any("ผลการดำเนินการ" in p.message and "ไม่พบคอลัมน์" in p.message for p in problems.warnings)
    assert report["prepared_by"]["name"] == "จ่าเอกสมพงษ์ ใจกล้า"      # not the certifier below


def test_report_with_a_title_over_two_cells_and_a_two_digit_fiscal_year():
    """An untitled column right after the title column holds the rest of the title; 'ปีงบประมาณ ๖๘'."""
    report, problems = _import_report("tessaban_2568_title_over_two_cells_short_year.txt")
    assert report["fiscal_year"] == 2568
    assert not any(p.field == "fiscal_year" for p in problems.warnings), messages(problems)
    titles = [m["title"] for m in report["measures"]]
    assert titles[:2] == ["มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "มาตรการป้องกันการรับสินบน"]


def test_a_total_row_is_not_a_measure():
    report, problems = _import_report("tessaban_2567_total_row.txt")
    last = report["measures"][-1]
    assert last["title"] == "มาตรการจัดการเรื่องร้องเรียน"
    assert not any("๓๕,๐๐๐" in s for s in last.get("suggestions", []))
    assert any("แถวรวม" in p.message for p in problems.warnings)
