"""What a catalogue prints on public pages is only what the item requires, in the NACC's voice.

Research notes (which agency attached what, what was inferred, what is unknown) belong in the
items' `notes:`, which templates never print. The ITA 2570 list is provisional: built from 2569
with the same keys, every item unconfirmed, and staff are told so in one line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from testkit import REPO
from generator.catalogue import CATALOGUE, build_catalogue, load_catalogues, provisional_notice
from generator.fields import Ctx
from generator.load import parse_yaml_text
from generator.pipeline import Options, generate
from generator.problems import Problems

CATALOGUE_DIR = REPO / "generator" / "catalogues"

# Wording that only a maintainer writes: sources, inference, doubt, what an example agency did.
MAINTAINER_TELLTALES = (
    "หน่วยงานตัวอย่าง", "ตัวอย่างที่พบ", "ตัวอย่าง อปท.", "องค์ประกอบมาจาก", "อนุมาน", "ไม่ทราบ",
    "ไม่พบ", "ยังไม่พบ", "แหล่งปีนี้", "แหล่งข้อมูล", "เทียบเคียง", "สอศ.", "สพฐ.", "ความเชื่อมั่น",
    "ผู้รวบรวม", "รวมข้อ o", "ของปี 2568 เข้าด้วยกัน", "[S", "[INF]", "[REC]", "README", "catalogue-findings",
    "ขัดกัน", "หายไปในปีนี้",
)


def maintainer_wording(catalogue) -> list[str]:
    """Every public text of a catalogue (titles, descriptions, components) that reads like a note."""
    found = []
    for item in catalogue.items:
        texts = [("title", item.title)] + [("description", t) for t in item.description]
        texts += [(f"components.{c.id}", c.title) for c in item.components]
        for field, text in texts:
            for phrase in MAINTAINER_TELLTALES:
                if phrase in text:
                    found.append(f"ita-{catalogue.ita_year} {item.code} {field}: '{phrase}' in {text!r}")
    return found


def catalogue_from_text(text: str, name: str = "test.yaml"):
    problems = Problems()
    record = CATALOGUE.check(parse_yaml_text(text), Ctx(name, "", 1, problems, None))
    assert not problems.items, problems.items
    return build_catalogue(record, name)


@pytest.fixture(scope="module")
def catalogues():
    problems = Problems()
    loaded = load_catalogues(problems)
    assert not problems.items, problems.items
    return loaded


def test_no_public_catalogue_text_reads_like_a_maintainer_note(catalogues):
    assert {2566, 2568, 2569, 2570} <= set(catalogues)
    found = [line for catalogue in catalogues.values() for line in maintainer_wording(catalogue)]
    assert found == []


@pytest.mark.parametrize("phrase", ["หน่วยงานตัวอย่างแนบไตรมาส 1", "องค์ประกอบมาจากเกณฑ์ของ สอศ.",
                                    "ชื่อข้อนี้เป็นการอนุมาน", "ไม่ทราบช่วงเวลาที่กำหนด"])
def test_a_note_written_into_a_description_is_caught(phrase):
    text = (CATALOGUE_DIR / "ita-2569.yaml").read_text(encoding="utf-8")
    broken = text.replace("              - ข่าวสารเกี่ยวกับ", f"              - {phrase}\n              - ข่าวสารเกี่ยวกับ", 1)
    if broken == text:  # the news item's wording changed: put the note into the first description
        broken = text.replace("            description:\n", f"            description:\n              - {phrase}\n", 1)
    found = maintainer_wording(catalogue_from_text(broken))
    assert found and phrase.split()[0][:8] in found[0]


def test_research_notes_are_kept_for_maintainers(catalogues):
    # the notes moved out of the descriptions are still in the catalogue
    o11 = catalogues[2569].item("proc_monthly")
    assert any("ไตรมาส 1 และ 2" in note for note in o11.notes)
    assert any("สอศ." in note for note in catalogues[2569].item("complaint_procedure").notes)


def test_item_notes_never_reach_the_generated_pages(catalogues, tmp_path):
    out = tmp_path / "generated"
    generate(Options(data_dir=REPO / "data", out_dir=out, year=2569, today=dt.date(2026, 4, 20)))
    pages = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.md"))
    notes = [note for item in catalogues[2569].items for note in item.notes]
    assert notes, "2569 must carry maintainer notes for this test to mean anything"
    assert [note for note in notes if note in pages] == []
    assert "ฉบับชั่วคราว" not in pages and "ยังไม่ได้ตรวจกับคู่มือ" not in pages


# --- ITA 2570, provisional ----------------------------------------------------------------------

def test_2570_is_2569_with_every_item_unconfirmed(catalogues):
    c2569, c2570 = catalogues[2569], catalogues[2570]
    assert [(i.number, i.key) for i in c2570.items] == [(i.number, i.key) for i in c2569.items]
    assert not c2570.confirmed and c2570.provisional_from == 2569
    assert [i.code for i in c2570.items if i.confirmed] == []
    assert all(not sub.confirmed for ind in c2570.indicators for sub in ind.sub_indicators)
    assert c2570.notes, "what is known to change in 2570 is written in the file"


def test_provisional_notice_names_the_year_and_where_it_came_from(catalogues):
    notice = provisional_notice(catalogues[2570])
    assert notice and "\n" not in notice
    assert "2570" in notice and "2569" in notice and "ชั่วคราว" in notice and "ป.ป.ช." in notice


def test_unconfirmed_catalogue_gets_a_notice_and_a_confirmed_one_none(catalogues):
    notice = provisional_notice(catalogues[2568])
    assert notice and "2568" in notice and "คู่มือ" in notice
    text = (CATALOGUE_DIR / "ita-2569.yaml").read_text(encoding="utf-8")
    confirmed = text.replace("\nconfirmed: false\n", "\nconfirmed: true\n", 1)
    assert confirmed != text
    assert provisional_notice(catalogue_from_text(confirmed)) is None


def test_nothing_to_report_is_allowed_only_where_the_catalogue_says_so(catalogues):
    allowed = {year: sorted(i.key for i in c.items if i.allows_nothing_to_report) for year, c in catalogues.items()}
    assert allowed[2569] == ["complaint_stats"]
    assert allowed[2568] == ["complaint_stats", "gift_receipt_report"]
    assert allowed[2566] == ["complaint_stats", "nogift_report"]
    assert not catalogues[2569].item("news").allows_nothing_to_report
    assert not catalogues[2569].item("participation").allows_nothing_to_report


def test_evidence_deadline_is_read_as_a_date():
    text = (CATALOGUE_DIR / "ita-2569.yaml").read_text(encoding="utf-8")
    with_deadline = text.replace("\nconfirmed: false\n", "\nconfirmed: false\nevidence_deadline: 30 เมษายน 2569\n", 1)
    assert catalogue_from_text(with_deadline).evidence_deadline == dt.date(2026, 4, 30)
    assert catalogue_from_text(text).evidence_deadline is None


def test_a_provisional_catalogue_with_a_confirmed_item_is_refused(tmp_path):
    from generator.catalogue import load_catalogues as load
    for name in ("ita-2570.yaml", "vocabulary.yaml"):
        (tmp_path / name).write_text((CATALOGUE_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "ita-2570.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("            confirmed: false\n", "            confirmed: true\n", 1), encoding="utf-8")
    problems = Problems()
    load(problems, tmp_path)
    assert any("provisional_from: 2569" in p.message and p.file.endswith("ita-2570.yaml") for p in problems.items)
