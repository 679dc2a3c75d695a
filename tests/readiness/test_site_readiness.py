"""On the site: every item page says what the item requires and whether the evidence meets it,
judged as of the data's "as of" date (never the day of the build); the readiness dashboard
page exists only when site.yaml turns it on."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.pipeline import Options, generate
from readiness_kit import MINI, copy_data, edit_yaml, run_prongsai


def build_markdown(data, out, today=dt.date(2026, 4, 20)):
    result = generate(Options(data_dir=data, out_dir=out, today=today))
    pages = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")}
    return result, pages


def test_item_page_shows_each_component_and_the_period_rule(tmp_path):
    _, pages = build_markdown(MINI, tmp_path / "out")
    o2 = pages["ita/2569/o2.md"]
    assert "| รูปถ่ายของผู้บริหารทุกคน | ✘ ไม่มีรูปถ่าย: นางสาวตัวอย่าง ขยัน |" in o2
    assert "| ชื่อ-นามสกุลและตำแหน่งของผู้บริหารสูงสุดและรองผู้บริหาร ทั้งฝ่ายการเมืองและฝ่ายข้าราชการประจำ | ✔ เป็นไปตามเกณฑ์ |" in o2
    assert "ผลการตรวจจากข้อมูล ณ วันที่ 20 เมษายน 2569: **✘ ยังไม่ครบ**" in o2
    o18 = pages["ita/2569/o18.md"]
    assert "| ช่วงเวลา: ต้องเป็นข้อมูลของปีงบประมาณที่ผ่านมา (1 ตุลาคม 2567 – 30 กันยายน 2568) | ✔" in o18
    assert "**✔ ครบตามองค์ประกอบและช่วงเวลาที่ตรวจได้**" in o18


def test_human_components_are_marked_on_the_page(tmp_path):
    data = copy_data(MINI, tmp_path / "mini")

    def change(oit):
        oit["items"]["hr_report"] = {"documents": [
            {"title": "รายงานผลการบริหารทรัพยากรบุคคล 2568", "fiscal_year": 2568, "file": "files/plan.pdf"}]}
    edit_yaml(data / "oit" / "2569.yaml", change)
    _, pages = build_markdown(data, tmp_path / "out")
    assert "| รายงานผลการพัฒนาทรัพยากรบุคคลของปีงบประมาณที่ผ่านมา | ต้องตรวจโดยเจ้าหน้าที่ |" in pages["ita/2569/o14.md"]


def test_site_readiness_uses_as_of_not_the_build_date(tmp_path):
    _, first = build_markdown(MINI, tmp_path / "a", today=dt.date(2026, 4, 20))
    _, later = build_markdown(MINI, tmp_path / "b", today=dt.date(2031, 1, 1))
    assert {k: v for k, v in first.items() if k.startswith("ita/")} == \
        {k: v for k, v in later.items() if k.startswith("ita/")}


def test_as_of_decides_what_is_published(tmp_path):
    data = copy_data(MINI, tmp_path / "mini")

    def news(oit):
        oit["items"]["news"] = {"documents": [
            {"title": "ข่าวเดือนพฤษภาคม", "date": "2569-05-02", "url": "https://www.test.go.th/news/1"}]}
    edit_yaml(data / "oit" / "2569.yaml", news)
    _, pages = build_markdown(data, tmp_path / "a")
    assert "**✘ ข้อมูลอยู่นอกช่วงเวลาที่กำหนด**" in pages["ita/2569/o4.md"]
    assert "หลังวันที่ตรวจ (20 เมษายน 2569)" in pages["ita/2569/o4.md"]
    edit_yaml(data / "oit" / "2569.yaml", lambda oit: oit.update(as_of="2569-05-10"))
    _, pages = build_markdown(data, tmp_path / "b")
    assert "**✔ ครบตามองค์ประกอบและช่วงเวลาที่ตรวจได้**" in pages["ita/2569/o4.md"]


def test_dashboard_is_off_by_default(tmp_path):
    result, pages = build_markdown(MINI, tmp_path / "out")
    assert "ita/2569/readiness.md" not in pages
    assert "ita/2569/readiness" not in {p.id for p in result.pages}


def dashboard_data(tmp_path):
    data = copy_data(MINI, tmp_path / "mini")
    edit_yaml(data / "site.yaml", lambda site: site.update(readiness_dashboard=True))
    return data


def test_dashboard_when_turned_on(tmp_path):
    result, pages = build_markdown(dashboard_data(tmp_path), tmp_path / "out")
    page = pages["ita/2569/readiness.md"]
    assert page.startswith("# ความพร้อมการประเมิน ITA 2569")
    assert "| **คะแนน OIT** (ค่าเฉลี่ยของตัวชี้วัดย่อย) | **19.46** (ระดับ F) | |" in page
    assert "| คะแนน OIT (ค่าเฉลี่ยของทุกข้อ) | 19.23 (ระดับ F) | |" in page
    assert "| 9\\.1 ข้อมูลพื้นฐาน | 25.00 | 1 จาก 4 |" in page
    assert "| O2 | [ข้อมูลผู้บริหาร](o2.md) | ✘ ไม่ครบ | รูปถ่ายของผู้บริหารทุกคน: ไม่มีรูปถ่าย: นางสาวตัวอย่าง ขยัน |" in page
    assert "| O3 | [ข้อมูลการติดต่อและช่องทางการสอบถาม](o3.md) | ✔ ครบ | - |" in page
    assert '"ข้อมูล ณ วันที่" (20 เมษายน 2569) เป็นวันที่ตรวจ ไม่ใช่วันที่สร้างเว็บไซต์' in page
    assert "mini/" not in page  # no data-file locations on a public page
    years_nav = next(entry for entry in result.navigation([]) if "ITA" in entry)["ITA"]
    ita_nav = next(entry for entry in years_nav if isinstance(entry, dict) and "ITA 2569" in entry)["ITA 2569"]
    assert ita_nav[1] == {"ความพร้อมการประเมิน ITA 2569": "ita/2569/readiness.md"}


@pytest.mark.slow
def test_dashboard_site_builds_strict(tmp_path):
    data = dashboard_data(tmp_path)
    site = tmp_path / "site"
    result = run_prongsai("build", "--data", str(data), "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    html = (site / "ita" / "2569" / "readiness" / "index.html").read_text(encoding="utf-8")
    assert "ความพร้อมการประเมิน ITA 2569" in html and "19.46" in html
