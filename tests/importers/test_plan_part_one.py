"""`prongsai import plan`: Part 1 of the plan (บทนำ, หลักการและเหตุผล, วัตถุประสงค์, เป้าหมาย,
ประโยชน์), web addresses in the text, section 7 against the summary year by year, and a
document without blank lines. The test plan is ours (tests/importers/plans); its expected
result (tests/importers/expected) was written before it was first imported."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from generator.importers.plan_part_one import heading_field
from generator.importers.plan_text import import_plan_text
from generator.render import md_paragraphs
from importer_kit import all_projects, messages, write
from testkit import SEED002_PLAN, require_seed

PLAN = Path(__file__).parent / "plans" / "abt_2567_part_one_links_budget_disagreement.txt"


@pytest.fixture(scope="module")
def ours():
    return import_plan_text(PLAN, PLAN.name)


def test_part_one_goes_to_the_plan_fields(ours):
    plan, problems = ours
    assert not problems.errors, messages(problems)
    # บทนำ opens the rationale (the data format has no field of its own for it)
    assert plan["rationale"][0].startswith("การทุจริตเป็นปัญหา") and len(plan["rationale"]) == 4
    assert [p[:2] for p in plan["objectives"]] == ["๑.", "๒."]
    assert [p[:2] for p in plan["targets"]] == ["๑.", "๒."]      # a page number between them is not text
    assert [p[:2] for p in plan["benefits"]] == ["๑.", "๒."]
    assert plan["introduction"][0].startswith("องค์การบริหารส่วนตำบลหนองน้ำใสจัดทำแผน")   # the foreword stays


def test_web_addresses_are_kept_not_taken_for_tags(ours):
    plan, _ = ours
    assert plan["announcement"]["text"][-1].endswith("http://www.nongnamsai.go.th/ita")
    assert "(http://www.nacc.go.th)" in plan["introduction"][0]
    assert "https://www.nacc.go.th/plan" in plan["rationale"][1]
    assert all_projects(plan)[2]["rationale"] == ["ประชาชนควรเข้าถึงข้อมูลของหน่วยงานได้ที่ http://www.nongnamsai.go.th"]


def _page_html(paragraphs) -> str:
    """The paragraphs as the site shows them: the generator's Markdown through Python-Markdown
    with the extensions of mkdocs.yml."""
    return markdown.markdown(str(md_paragraphs(paragraphs, links=True)), extensions=["tables", "toc"])


def test_web_addresses_in_part_one_are_links_on_the_page(ours):
    plan, _ = ours
    page = _page_html(plan["introduction"] + plan["rationale"])
    assert '(<a href="http://www.nacc.go.th">http://www.nacc.go.th</a>)' in page
    assert '<a href="https://www.nacc.go.th/plan">https://www.nacc.go.th/plan</a>' in page


@pytest.mark.parametrize("text, href, shown", [
    ("ดูได้ที่ https://www.example.go.th/a_b/*c*.", "https://www.example.go.th/a_b/*c*", "https://www.example.go.th/a_b/*c*"),
    ('ดู http://x.example/a"><script>alert(1)</script>', "http://x.example/a", "http://x.example/a"),
    ("http://x.example/?q=1&r=[2]", "http://x.example/?q=1&amp;r=", "http://x.example/?q=1&amp;r=</a>[2]"),  # a bracket ends it
    ("<https://pwned.example/x>", "https://pwned.example/x", "https://pwned.example/x"),
])
def test_a_web_address_becomes_a_link_and_nothing_else_does(text, href, shown):
    page = _page_html([text])
    assert f'<a href="{href}">{shown}' in page
    assert "<script" not in page and page.count("<a ") == 1


@pytest.mark.parametrize("text", ["javascript:alert(1)", "ftp://x.example/", "data:text/html,<b>x</b>",
                                  "[คลิก](javascript:alert(1))", "https:// x.example", "www.example.go.th"])
def test_only_http_and_https_addresses_become_links(text):
    assert "<a " not in _page_html([text])


def test_section_seven_against_the_summary_year_by_year(ours):
    """The summary is kept; each year where section 7 says otherwise gets a warning on the
    project proposing section 7's value, once."""
    plan, problems = ours
    first, _, third = all_projects(plan)
    assert 2567 not in first["budget"] and third["budget"] == {2567: 5000, 2568: 5000}
    on_first = [w.message for w in problems.warnings if w.field == "โครงการ (1)"]
    assert len(on_first) == 1 and "2567: 30000" in on_first[0] and "ไม่ได้เปลี่ยนให้" in on_first[0]
    on_third = [w.message for w in problems.warnings if w.field == "โครงการ (3)"]
    assert len(on_third) == 1 and "2568: 8000" in on_third[0] and "5,000" in on_third[0]


def test_without_blank_lines_the_same_plan_and_a_warning(ours, tmp_path):
    plan, problems = ours
    packed = "\n".join(line for line in PLAN.read_text(encoding="utf-8").split("\n") if line.strip())
    again, said = import_plan_text(write(tmp_path, "p.txt", packed), "p.txt")
    assert again == plan
    assert any("ไม่มีบรรทัดว่าง" in w.message for w in said.warnings)
    assert not any("ไม่มีบรรทัดว่าง" in w.message for w in problems.warnings)


@pytest.mark.parametrize("line, field", [
    ("๒. หลักการและเหตุผล", "rationale"), ("วัตถุประสงค์ของการจัดทำแผน", "objectives"),
    ("4. เป้าหมาย", "targets"), ("๕. ประโยชน์ของการจัดทำแผน", "benefits"), ("บทนำ", "intro"),
    ("- หลักการและเหตุผล ๕", None),                 # a line of the table of contents
    ("๑. เพื่อยกระดับเจตจำนงทางการเมืองในการต่อต้านการทุจริต", None),
])
def test_part_one_headings(line, field):
    assert heading_field(line) == field


def test_seed_part_one_is_kept():
    plan, problems = import_plan_text(require_seed(SEED002_PLAN), "002.txt")
    assert not problems.errors
    assert [len(plan[f]) for f in ("objectives", "targets", "benefits")] == [3, 4, 5]
    assert len(plan["rationale"]) >= 4
    # Part 1 is not taken into the foreword, nor the foreword into Part 1
    assert not set(plan["introduction"]) & set(plan["rationale"])


def test_foreword_followed_straight_by_part_one_headings(ours, tmp_path):
    """Without a table of contents or 'ส่วนที่ ๑ / บทนำ', the foreword ends at the first Part 1 heading."""
    plan, _ = ours
    text = PLAN.read_text(encoding="utf-8")
    start, end = text.index("สารบัญ"), text.index("๑. หลักการและเหตุผล")
    shorter, problems = import_plan_text(write(tmp_path, "p.txt", text[:start] + text[end:]), "p.txt")
    assert not problems.errors, messages(problems)
    assert shorter["introduction"] == plan["introduction"]
    assert shorter["rationale"] == plan["rationale"][2:]          # without the บทนำ paragraphs
    assert shorter["objectives"] == plan["objectives"] and shorter["benefits"] == plan["benefits"]
