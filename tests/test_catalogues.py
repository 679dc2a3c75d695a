"""บัญชีรายการ OIT (generator/catalogues/ita-<ปี>.yaml) ตรงตามกติกาใน generator/catalogues/README.md

นอกจาก schema แล้ว ตรวจสิ่งที่ schema บอกไม่ได้: เลขข้อต่อเนื่อง คีย์ไม่ซ้ำ คำใน check/pages
มาจาก vocabulary.yaml และทุกคีย์ประกาศไว้ในตารางคีย์ถาวรของ README พร้อมปีและเลขข้อที่ใช้
(ตารางนั้นคือคำยืนยันว่าคีย์เดียวกันในสองปีหมายถึงเรื่องเดียวกัน)

ตัวตรวจทำงานกับไฟล์ทุกไฟล์ที่ชื่อ ita-*.yaml ปีใหม่จึงถูกตรวจเองโดยไม่ต้องแก้ test
กรณีเสีย (ท้ายไฟล์) ใช้ไฟล์จริงที่แก้ข้อความหนึ่งจุด เพื่อให้แน่ใจว่าตัวตรวจจับได้จริง
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import schema
from generator.catalogue import load_catalogues
from generator.fields import Ctx
from generator.load import parse_yaml_text
from generator.problems import Problems

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE_DIR = ROOT / "generator" / "catalogues"
CATALOGUE_FILES = sorted(CATALOGUE_DIR.glob("ita-*.yaml"))
README = CATALOGUE_DIR / "README.md"
REQUIRED_INDICATORS = ("9", "10")
REQUIRED_ITEM_FIELDS = ("period", "confirmed", "source", "components")


# --- อ่านไฟล์ ---------------------------------------------------------------------------------

def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load_vocabulary() -> dict:
    return parse_yaml_text(read_text(CATALOGUE_DIR / "vocabulary.yaml"))


def year_of(path: Path) -> int:
    return int(path.stem.removeprefix("ita-"))


def items_of(data) -> list:
    return [item for ind in data["indicators"] for sub in ind["sub_indicators"] for item in sub["items"]]


# --- ตาราง README --------------------------------------------------------------------------------

def readme_section(heading_prefix: str) -> list[str]:
    """บรรทัดใต้หัวข้อระดับ ## ที่ขึ้นต้นด้วย heading_prefix จนถึงหัวข้อ ## ถัดไป"""
    lines = read_text(README).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"## {heading_prefix}"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start + 1:end]


def table_rows(lines: list[str]) -> list[list[str]]:
    """แถวข้อมูลของตาราง Markdown (ไม่รวมหัวตารางและเส้นคั่น)"""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines if line.startswith("|")]
    return [row for row in rows[1:] if not set("".join(row)) <= set("-: ")]


def first_code(cell: str) -> str:
    match = re.fullmatch(r"`([^`]+)`", cell)
    assert match, f"ช่องแรกของแถวต้องเป็นชื่อใน `...` ได้ {cell!r}"
    return match.group(1)


def readme_key_table() -> dict[str, dict]:
    """คีย์ → ปีและเลขข้อที่ README ประกาศว่าใช้ และคีย์เดิมที่แทนหรือรวม"""
    table = {}
    for row in table_rows(readme_section("คีย์ถาวร")):
        key = first_code(row[0])
        assert key not in table, f"คีย์ {key} มีสองแถวในตาราง README"
        uses = {(int(year), int(number)) for year, number in re.findall(r"(\d{4})\s+[oO](\d+)", row[2])}
        covers = set(re.findall(r"`([a-z0-9_]+)`", row[3])) if len(row) > 3 else set()
        table[key] = {"uses": uses, "covers": covers}
    return table


def readme_names(heading_prefix: str) -> set[str]:
    return {first_code(row[0]) for row in table_rows(readme_section(heading_prefix))}


# --- กติกาของบัญชีรายการหนึ่งปี ---------------------------------------------------------------------

def schema_problems(data, name: str) -> list[str]:
    problems = Problems()
    schema.CATALOGUE.check(data, Ctx(name, "", 1, problems, None))
    return [problem.format() for problem in problems.errors]


def catalogue_problems(data, name: str, vocabulary, year_from_name: int | None = None) -> list[str]:
    """ทุกข้อที่ผิดกติกา (schema ก่อน ถ้า schema ผิดไม่ตรวจต่อ เพราะโครงสร้างอาจไม่ครบ)"""
    found = schema_problems(data, name)
    if found:
        return found
    if year_from_name is not None and int(data["ita_year"]) != year_from_name:
        found.append(f"{name}: ita_year {data['ita_year']} ไม่ตรงกับชื่อไฟล์ (ปี {year_from_name})")
    indicator_ids = [str(ind["id"]) for ind in data["indicators"]]
    for required in REQUIRED_INDICATORS:
        if required not in indicator_ids:
            found.append(f"{name}: ไม่มีตัวชี้วัดที่ {required}")
    for ind in data["indicators"]:
        for sub in ind["sub_indicators"]:
            if not str(sub["id"]).startswith(f"{ind['id']}."):
                found.append(f"{name}: ตัวชี้วัดย่อย {sub['id']} ไม่ขึ้นต้นด้วย {ind['id']}.")
    items = items_of(data)
    numbers = [int(item["number"]) for item in items]
    if numbers != list(range(1, len(items) + 1)):
        found.append(f"{name}: เลขข้อต้องเรียง 1..{len(items)} ต่อเนื่อง ได้ {numbers}")
    keys = [item["key"] for item in items]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        found.append(f"{name}: คีย์ {key} ซ้ำ")
    for item in items:
        found += item_problems(item, name, vocabulary)
    return found


def item_problems(item, name: str, vocabulary) -> list[str]:
    where = f"{name}: ข้อ {item['number']} ({item['key']})"
    found = [f"{where}: ไม่ได้ระบุ {field}" for field in REQUIRED_ITEM_FIELDS if field not in item]
    for page in item.get("pages") or []:
        if page not in vocabulary["pages"]:
            found.append(f"{where}: ไม่รู้จักหน้า {page}")
    components = item.get("components") or []
    if not components:
        found.append(f"{where}: ไม่มีองค์ประกอบ")
    ids = [component["id"] for component in components]
    for component_id in sorted({c for c in ids if ids.count(c) > 1}):
        found.append(f"{where}: องค์ประกอบ {component_id} ซ้ำ")
    for component in components:
        check = component.get("check")
        if check is not None and check not in vocabulary["checks"]:
            found.append(f"{where}: ไม่รู้จักกฎ {check}")
    return found


def key_usage(catalogues: dict[int, object]) -> dict[str, set[tuple[int, int]]]:
    usage: dict[str, set[tuple[int, int]]] = {}
    for year, data in catalogues.items():
        for item in items_of(data):
            usage.setdefault(item["key"], set()).add((year, int(item["number"])))
    return usage


def key_table_problems(catalogues: dict[int, object], table: dict[str, dict]) -> list[str]:
    """คีย์ที่ใช้จริงกับที่ README ประกาศต้องตรงกันทั้งสองทาง"""
    usage = key_usage(catalogues)
    found = []
    for key, uses in sorted(usage.items()):
        if key not in table:
            found.append(f"คีย์ {key} ไม่อยู่ในตารางคีย์ถาวรของ README")
        elif table[key]["uses"] != uses:
            found.append(f"คีย์ {key}: README ประกาศ {sorted(table[key]['uses'])} แต่ไฟล์ใช้ {sorted(uses)}")
    for key in sorted(set(table) - set(usage)):
        found.append(f"คีย์ {key} อยู่ใน README แต่ไม่มีปีใดใช้")
    for key, row in sorted(table.items()):
        for covered in sorted(row["covers"] - set(table)):
            found.append(f"คีย์ {key} อ้างคีย์เดิม {covered} ที่ไม่มีในตาราง")
    return found


def load_all() -> dict[int, object]:
    return {year_of(path): parse_yaml_text(read_text(path)) for path in CATALOGUE_FILES}


# --- บัญชีรายการที่ส่งมอบ ---------------------------------------------------------------------------

def test_required_years_are_shipped():
    assert {2566, 2568, 2569} <= {year_of(path) for path in CATALOGUE_FILES}


@pytest.mark.parametrize("path", CATALOGUE_FILES, ids=lambda path: path.name)
def test_catalogue_follows_the_rules(path):
    data = parse_yaml_text(read_text(path))
    assert catalogue_problems(data, path.name, load_vocabulary(), year_of(path)) == []


def test_2566_has_43_items():
    # จำนวนที่ทุกแหล่งของปี 2566 ตรงกัน (oit.md หัวข้อ 4)
    assert len(items_of(parse_yaml_text(read_text(CATALOGUE_DIR / "ita-2566.yaml")))) == 43


def test_every_key_is_declared_in_the_readme_with_its_years():
    assert key_table_problems(load_all(), readme_key_table()) == []


def test_readme_check_table_matches_vocabulary():
    assert readme_names("กฎตรวจอัตโนมัติ") == set(load_vocabulary()["checks"])


def test_readme_pages_table_matches_vocabulary():
    assert readme_names("หน้าที่ใช้เป็นหลักฐาน") == set(load_vocabulary()["pages"])


def test_every_check_in_vocabulary_says_what_it_reads():
    for name, rule in load_vocabulary()["checks"].items():
        assert {"reads", "passes_when", "why"} <= set(rule), name


def test_project_loader_accepts_every_catalogue():
    problems = Problems()
    catalogues = load_catalogues(problems)
    assert [p.format() for p in problems.items] == []
    assert set(catalogues) == {year_of(path) for path in CATALOGUE_FILES}


# --- กรณีเสีย: ตัวตรวจต้องจับได้ ------------------------------------------------------------------------

def broken_2569(old: str, new: str):
    """บัญชีรายการปี 2569 ที่แทนข้อความ old จุดแรกด้วย new"""
    text = read_text(CATALOGUE_DIR / "ita-2569.yaml")
    assert old in text, f"ไม่พบข้อความ {old!r} ในไฟล์ ให้แก้กรณีทดสอบ"
    return parse_yaml_text(text.replace(old, new, 1))


def problems_of_broken(old: str, new: str) -> list[str]:
    return catalogue_problems(broken_2569(old, new), "ita-2569.yaml", load_vocabulary(), 2569)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("number: 26\n", "number: 27\n", "ต่อเนื่อง"),
        ("key: ac_report\n", "key: ac_plan\n", "คีย์ ac_plan ซ้ำ"),
        ("check: evidence.link}", "check: evidence.links}", "ไม่รู้จักกฎ evidence.links"),
        ("pages: [measures]", "pages: [measure]", "ไม่รู้จักหน้า measure"),
        ("period: previous_fy\n", "period: last_year\n", "last_year"),
        ("            period: none\n", "", "ไม่ได้ระบุ period"),
        ('  - id: "10"\n', '  - id: "11"\n', "ไม่มีตัวชี้วัดที่ 10"),
        ("ita_year: 2569", "ita_year: 2568", "ไม่ตรงกับชื่อไฟล์"),
        ("{id: participants,", "{id: topic,", "องค์ประกอบ topic ซ้ำ"),
    ],
)
def test_broken_catalogue_is_reported(old, new, expected):
    found = problems_of_broken(old, new)
    assert any(expected in problem for problem in found), found


def test_undeclared_key_is_reported():
    catalogues = load_all()
    catalogues[2569] = broken_2569("key: ita_improvement\n", "key: ita_results\n")
    del catalogues[2570]  # ita-2570.yaml also uses ita_improvement: without it no year does
    found = key_table_problems(catalogues, readme_key_table())
    assert "คีย์ ita_results ไม่อยู่ในตารางคีย์ถาวรของ README" in found
    assert "คีย์ ita_improvement อยู่ใน README แต่ไม่มีปีใดใช้" in found


def test_key_reused_in_a_year_the_readme_does_not_declare_is_reported():
    # ใช้คีย์เดิมในปีใหม่โดยไม่ได้ประกาศใน README = ยังไม่มีใครยืนยันว่าเป็นเรื่องเดียวกัน
    catalogues = load_all()
    catalogues[2569] = broken_2569("key: ita_improvement\n", "key: integrity_measures\n")
    found = key_table_problems(catalogues, readme_key_table())
    assert any(problem.startswith("คีย์ integrity_measures: README ประกาศ") for problem in found), found


def test_every_item_of_2569_and_2570_says_how_its_documents_are_recognised():
    """`prongsai file` files documents by these words: an item without them is never proposed."""
    from generator.catalogue import load_catalogues
    from generator.problems import Problems

    catalogues = load_catalogues(Problems())
    for year in (2569, 2570):
        for item in catalogues[year].items:
            assert item.recognition.phrases, f"ita-{year}.yaml {item.key}: recognise.phrases ว่าง"
            assert not set(item.recognition.phrases) & set(item.recognition.not_), f"{year} {item.key}"
