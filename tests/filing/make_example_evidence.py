"""The example organisation's evidence documents (data/files/2568, 2569, 2570) as it would
publish them: Thai announcements, orders and reports with their headings, BE dates and
signatures, written from the entries of data/oit/<year>.yaml (title, date, fiscal year,
period, summary) so that the documents and the data say the same thing.
Run through make_documents.py --example. The organisation and its people are fictional."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator import thai  # noqa: E402
from thai_documents import announcement, order, report, write  # noqa: E402

DATA = ROOT / "data"
ORG = "องค์การบริหารส่วนตำบลตัวอย่าง"
CHIEF = ("นายสมชาย รักษ์ตัวอย่าง", "นายกองค์การบริหารส่วนตำบลตัวอย่าง")
CLERK = ("นางสาวพรทิพย์ สุจริตธรรม", "ปลัดองค์การบริหารส่วนตำบลตัวอย่าง")
YEARS = ("2568", "2569", "2570")


def _thai_day(value) -> str:
    day = thai.parse_date(value if not isinstance(value, dt.date) else value)
    return f"{day.day} {thai.MONTHS_FULL[day.month - 1]} พ.ศ. {thai.be_year(day.year)}"


def _lines(value) -> list[str]:
    if not value:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _split_title(title: str) -> list[str]:
    """A long heading on two lines, broken before its year or period as LAOs set it."""
    for marker in (" ประจำปีงบประมาณ", " ปีงบประมาณ", " ประจำปี", " รอบ", " ไตรมาส", " ("):
        at = title.find(marker)
        if at > 20:
            return [title[:at].strip(), title[at:].strip()]
    return [title]


def blocks_for(document: dict, note: list[str]) -> list:
    title = str(document["title"]).strip()
    signed = _thai_day(document["date"]) if document.get("date") else None
    body = _lines(document.get("summary")) or note[:1]
    if title.startswith("No Gift Policy Declaration"):
        return [("heading", title.replace(" (English)", "")), ("heading", "Tuayang Subdistrict Administrative Organization"),
                ("gap", ""), ("text", "The executives and all staff of the organization will not accept gifts or any "
                                      "other benefit in the performance of their duties, in the fiscal year 2026."),
                ("gap", ""), ("sign", "Announced on 15 October 2025"), ("sign", "Chief Executive")]
    if title.startswith("ประกาศ"):
        subject = title.removeprefix("ประกาศ").strip()
        subject = subject.removeprefix(ORG).strip().removeprefix("เรื่อง").strip()
        return announcement(ORG, _split_title(subject),
                            [f"ด้วย{ORG}ได้ดำเนินการตามหลักเกณฑ์ที่เกี่ยวข้อง จึงประกาศให้ทราบโดยทั่วกัน"] + body,
                            signed or "", CHIEF)
    if title.startswith("คำสั่ง"):
        subject = title.removeprefix("คำสั่ง").strip()
        number = f"{100 + len(subject) % 300}/{thai.be_year(thai.parse_date(document['date']).year)}"
        return order(ORG, number, _split_title(subject),
                     ["เพื่อให้การดำเนินงานเป็นไปอย่างมีประสิทธิภาพ จึงแต่งตั้งคณะทำงาน ประกอบด้วยปลัดองค์การบริหารส่วนตำบล "
                      "เป็นประธาน หัวหน้าสำนักปลัด ผู้อำนวยการกองคลัง และผู้อำนวยการกองช่าง เป็นคณะทำงาน"] + body,
                     signed or "", CHIEF)
    return report(_split_title(title), ORG, body, closing=note[1:2], signed=signed, signer=CLERK)


def write_example() -> int:
    count = 0
    for year in YEARS:
        data = yaml.safe_load((DATA / "oit" / f"{year}.yaml").read_text(encoding="utf-8"))
        for item in (data.get("items") or {}).values():
            if not isinstance(item, dict):
                continue
            note = _lines(item.get("note"))
            for document in item.get("documents") or []:
                file = str(document.get("file") or "")
                if not file.endswith(".pdf") or not any(file.startswith(f"files/{y}/") for y in YEARS):
                    continue
                write(DATA / file, blocks_for(document, note))
                count += 1
    return count
