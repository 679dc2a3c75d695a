"""The build-time half of the search: HTML -> index entries, and the MkDocs plugin that writes them."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.search.indexer import ZWSP, clean_text, mark_thai_words, page_entry

REPO = Path(__file__).resolve().parents[2]

HTML = """
<h1 id="x">ชื่อหน้า</h1>
<p>การป้องกันการทุจริต ปีงบประมาณ พ.ศ. ๒๕๖๘<a class="headerlink" href="#x">¶</a></p>
<script>var secret = "ห้ามค้น";</script>
<h2 id="budget">งบประมาณ<a class="headerlink" href="#budget">¶</a></h2>
<table><tr><th>ปี</th><th>บาท</th></tr><tr><td>๒๕๖๘</td><td>๕๐,๐๐๐</td></tr></table>
<h3 id="e-service">E-Service</h3>
<ul><li>No Gift Policy</li><li>o12</li></ul>
"""


def plain(s: str) -> str:
    return s.replace(ZWSP, "")


@pytest.mark.slow
def test_sections_split_at_headings_with_ids():
    entry = page_entry("plan/", "แผนปฏิบัติการ", HTML)
    assert entry["u"] == "plan/"
    assert plain(entry["t"]) == "แผนปฏิบัติการ"
    anchors = [s[0] for s in entry["s"]]
    assert anchors == ["", "budget", "e-service"]
    heads = [plain(s[1]) for s in entry["s"]]
    assert heads == ["", "งบประมาณ", "E-Service"]


def test_text_keeps_what_the_reader_sees_and_drops_the_rest():
    entry = page_entry("plan/", "แผน", HTML)
    intro, budget, eserv = (plain(s[2]) for s in entry["s"])
    assert "การป้องกันการทุจริต" in intro
    assert "๒๕๖๘" in intro, "Thai digits are kept for display; the browser normalises them"
    assert "¶" not in intro and "ห้ามค้น" not in json.dumps(entry, ensure_ascii=False)
    # table cells are separate lines, so a phrase never spans two cells
    assert budget.split("\n") == ["ปี", "บาท", "๒๕๖๘", "๕๐,๐๐๐"]
    assert eserv.split("\n") == ["No Gift Policy", "o12"]


def test_thai_words_are_marked_for_ranking():
    marked = mark_thai_words("การป้องกันการทุจริต และความโปร่งใส 2568 E-Service")
    assert plain(marked) == "การป้องกันการทุจริต และความโปร่งใส 2568 E-Service"
    words = marked.replace(" ", ZWSP).split(ZWSP)
    assert "ทุจริต" in words and "โปร่งใส" in words
    assert "E-Service" in words and "2568" in words


def test_clean_text_normalises_spaces_and_invisible_characters():
    assert clean_text("ก\u200bข\u00a0\u00a0ค\tง\u00adจ") == "กข ค งจ"


def test_boost_is_recorded_only_when_set():
    assert "b" not in page_entry("a/", "a", "<p>x</p>")
    assert page_entry("a/", "a", "<p>x</p>", boost=2)["b"] == 2


MKDOCS_YML = """\
site_name: ทดสอบ
theme:
  name: material
  language: th
  custom_dir: {theme}
  font: false
{search}
markdown_extensions:
  - toc:
      permalink: true
"""
# Prongsai's Thai search on a hand-written site, beside Material's own search plugin (switched off)
WITH_PLUGIN = "plugins:\n  - search\n  - prongsai:\n      generate: false"
# the same as an older hand-written site wrote it: the search hook file (generator/search_hook.py)
WITH_OLDER_HOOK = "plugins:\n  - search\nhooks:\n  - {hook}".format(hook=REPO / "generator" / "search_hook.py")


def build_tiny_site(root: Path, search: str) -> tuple[Path, str]:
    """(site folder, MkDocs' log) of three hand-written pages, one excluded from search."""
    docs = root / "docs"
    (docs / "plan").mkdir(parents=True)
    with open(docs / "index.md", "w", encoding="utf-8") as fh:
        fh.write("# หน้าแรก\n\nยินดีต้อนรับสู่องค์การบริหารส่วนตำบลตัวอย่าง\n")
    with open(docs / "plan" / "index.md", "w", encoding="utf-8") as fh:
        fh.write("---\ntitle: 'แผน \"ป้องกัน\" การทุจริต &amp; ความโปร่งใส'\n---\n"
                 "# แผนป้องกันการทุจริต\n\n## งบประมาณ\n\nปีงบประมาณ ๒๕๖๘ ใช้งบประมาณ ๕๐,๐๐๐ บาท\n")
    with open(docs / "hidden.md", "w", encoding="utf-8") as fh:
        fh.write("---\nsearch:\n  exclude: true\n---\n# ลับ\n\nไม่ควรค้นพบ\n")
    with open(root / "mkdocs.yml", "w", encoding="utf-8") as fh:
        fh.write(MKDOCS_YML.format(theme=REPO / "generator" / "theme", search=search))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml")],
                          cwd=root, capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stderr
    return root / "site", proc.stderr


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory):
    return build_tiny_site(tmp_path_factory.mktemp("tiny"), WITH_PLUGIN)


def assert_thai_search_replaced_materials(site: Path, log: str) -> None:
    with open(site / "assets" / "search" / "index.json", encoding="utf-8") as fh:
        index = json.load(fh)
    urls = [p["u"] for p in index["pages"]]
    assert urls == ["", "plan/"]  # hidden.md is excluded
    assert (site / "assets" / "search" / "search.js").is_file()
    # Material's own search plugin (listed in mkdocs.yml) was switched off, with a warning
    assert not (site / "search" / "search_index.json").exists()
    assert "Prongsai's own Thai search replaces it" in log


@pytest.mark.slow
def test_plugin_writes_index_and_replaces_materials_search(tiny_site):
    assert_thai_search_replaced_materials(*tiny_site)


@pytest.mark.slow
def test_older_search_hook_line_still_gives_the_thai_search(tmp_path):
    assert_thai_search_replaced_materials(*build_tiny_site(tmp_path, WITH_OLDER_HOOK))


def test_header_has_materials_search_box_driven_by_prongsai(tiny_site):
    site, _ = tiny_site
    with open(site / "plan" / "index.html", encoding="utf-8") as fh:
        html = fh.read()
    assert 'class="md-search"' in html and "data-prongsai-search" in html
    assert 'class="md-search__input"' in html
    assert 'label class="md-header__button md-icon" for="__search"' in html
    # Material's bundle must not mount its own search on this box
    assert 'data-md-component="search"' not in html
    assert 'name="search"' not in html
    # nothing search-related is loaded by the page itself
    assert '<script src="../assets/search/search.js"' not in html
    assert "search_index.json" not in html


def test_table_rows_are_recorded_with_a_label():
    html = ("<h2 id='m'>มาตรการ</h2><table><tr><th>มาตรการ</th><th>วิธีการ</th><th>ผล</th></tr>"
            "<tr><td>1</td><td>มาตรการป้องกันการรับสินบน</td><td>ประกาศแล้ว</td></tr>"
            "<tr><td>ช่องทาง</td><td>โทร</td></tr></table><p>หลังตาราง</p>")
    sec = page_entry("m/", "รายงาน", html)["s"][-1]
    lines = plain(sec[2]).split("\n")
    rows = sec[3]
    # the header row and the measure row (3 cells); a two-cell row names itself
    assert [r[2] for r in rows] == ["มาตรการ", "1 มาตรการป้องกันการรับสินบน"]
    first, last, _ = rows[1]
    assert lines[first:last + 1] == ["1", "มาตรการป้องกันการรับสินบน", "ประกาศแล้ว"]
    assert lines[-1] == "หลังตาราง"


def test_part_of_site_is_recorded():
    assert page_entry("a/", "a", "<p>x</p>", part="แผนป้องกันการทุจริต › มิติที่ 1")["p"] == \
        "แผนป้องกันการทุจริต › มิติที่ 1"
    assert "p" not in page_entry("a/", "a", "<p>x</p>")


def test_titles_are_indexed_as_plain_text(tiny_site):
    """MkDocs titles are HTML; the index holds them unescaped, the browser escapes once."""
    site, _ = tiny_site
    with open(site / "assets" / "search" / "index.json", encoding="utf-8") as fh:
        index = json.load(fh)
    titles = {p["u"]: plain(p["t"]) for p in index["pages"]}
    assert titles["plan/"] == 'แผน "ป้องกัน" การทุจริต & ความโปร่งใส'
    assert index["th"] and all(len(e) == 3 for e in index["th"])
