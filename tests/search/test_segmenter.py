"""The search index's Thai word boundaries: the fast word list cuts exactly as PyThaiNLP's own
``word_tokenize(engine="newmm")``, and the cuts kept in the build cache are the same cuts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator import buildcache
from generator.search import indexer
from generator.search.segmenter import SortedWords, thai_word_list, thai_words

REPO = Path(__file__).resolve().parents[2]
THAI_RUN = re.compile(r"[\u0e01-\u0e4e]{2,}")


def _thai_runs() -> list[str]:
    """Every run of Thai in the example data, the OIT catalogues and the templates."""
    texts = [p.read_text(encoding="utf-8") for folder in ("data", "generator/catalogues", "generator/templates")
             for p in sorted((REPO / folder).rglob("*")) if p.suffix in (".yaml", ".j2")]
    return sorted({m.group(0) for text in texts for m in THAI_RUN.finditer(text)})


def test_word_list_cuts_every_run_as_pythainlp_does():
    from pythainlp.tokenize import word_tokenize

    runs = _thai_runs()
    assert len(runs) > 1000  # the comparison covers real text, not a handful of words
    different = [(run, thai_word_list(run)) for run in runs
                 if thai_word_list(run) != [w for w in word_tokenize(run, engine="newmm", keep_whitespace=False) if w]]
    assert different == []


def test_word_list_answers_prefixes_like_the_trie():
    from pythainlp.tokenize import word_dict_trie

    trie, words = word_dict_trie(), thai_words()
    assert len(words) == len(trie)
    for text in ("การป้องกันการทุจริต", "องค์การบริหารส่วนตำบล", "ความโปร่งใสxyz", "ฯลฯ", "ก"):
        for start in range(len(text)):
            assert words.prefixes(text, start) == trie.prefixes(text, start), (text, start)


def test_sorted_words_stop_at_the_first_string_no_word_begins_with():
    words = SortedWords(["กา", "กาง", "การ", " การณ์ ", "ข", ""])
    assert words.prefixes("การณ์ไทย") == ["กา", "การ", "การณ์"]
    assert words.prefixes("กข", 1) == ["ข"]
    assert words.prefixes("คน") == []
    assert "การณ์" in words and "" not in words and len(words) == 5


def test_cached_cuts_give_the_same_index(tmp_path, monkeypatch):
    html = ("<h1>แผนป้องกันการทุจริต</h1><p>โครงการส่งเสริมคุณธรรมและความโปร่งใส ๒๕๖๘</p>"
            "<h2 id='a'>การประเมินความเสี่ยง</h2><p>มาตรการป้องกันผลประโยชน์ทับซ้อน</p>")
    without_cache = indexer.page_entry("/plan/", "", html)

    monkeypatch.setenv(buildcache.ENVIRONMENT, str(tmp_path))
    monkeypatch.setattr(indexer, "_segmented", indexer._SegmentedRuns())
    first = indexer.page_entry("/plan/", "", html)
    indexer.save_word_boundaries()
    stored = list((tmp_path / indexer._SegmentedRuns.KIND).glob("*.json"))
    assert len(stored) == 1

    monkeypatch.setattr(indexer, "_segmented", indexer._SegmentedRuns())  # a new process
    second = indexer.page_entry("/plan/", "", html)
    assert first == second == without_cache
    assert indexer._segmented.added == 0  # every run came from the cache


@pytest.mark.parametrize("content", ["not json", "[1, 2]", "{\"การทุจริต\": 5}"])
def test_a_broken_cache_file_is_ignored(tmp_path, monkeypatch, content):
    monkeypatch.setenv(buildcache.ENVIRONMENT, str(tmp_path))
    monkeypatch.setattr(indexer, "_segmented", indexer._SegmentedRuns())
    from generator.search.segmenter import segmenter_version

    folder = tmp_path / indexer._SegmentedRuns.KIND
    folder.mkdir()
    (folder / f"{segmenter_version()}.json").write_text(content, encoding="utf-8")
    assert indexer.mark_thai_words("การทุจริต") == indexer.ZWSP.join(thai_word_list("การทุจริต"))


def test_a_page_entry_read_back_is_the_entry_made_afresh(tmp_path, monkeypatch):
    html = "<h1>การจัดซื้อจัดจ้าง</h1><table><tr><td>1</td><td>โครงการก่อสร้างถนน</td><td>๑๐๐,๐๐๐</td></tr></table>"
    fresh = indexer.page_entry("/plan/", "แผน", html, boost=2, part="แผน › มิติที่ 1")
    monkeypatch.setenv(buildcache.ENVIRONMENT, str(tmp_path))
    assert indexer.page_entry("/plan/", "แผน", html, boost=2, part="แผน › มิติที่ 1") == fresh
    assert len(list((tmp_path / indexer.PAGES_KIND).glob("*.json"))) == 1
    assert indexer.page_entry("/plan/", "แผน", html, boost=2, part="แผน › มิติที่ 1") == fresh  # read back
    changed = indexer.page_entry("/plan/", "แผน", html.replace("ถนน", "สะพาน"), boost=2, part="แผน › มิติที่ 1")
    assert "สะพาน" in json.dumps(changed, ensure_ascii=False)
    assert indexer.page_entry("/plan/", "แผนใหม่", html, boost=2, part="แผน › มิติที่ 1")["t"] != fresh["t"]


def test_the_sites_of_a_portal_keep_their_own_page_entries(tmp_path, monkeypatch):
    """Two organisations' pages at the same address share one cache without replacing each
    other's entries: a repeated portal build reads both back."""
    monkeypatch.setenv(buildcache.ENVIRONMENT, str(tmp_path))
    pages = {"a": "<h1>อบต.หนึ่ง</h1><p>โครงการก่อสร้างถนน</p>", "b": "<h1>อบต.สอง</h1><p>โครงการขุดลอกคลอง</p>"}
    entries = {site: indexer.page_entry("/", "หน้าแรก", html, site=site) for site, html in pages.items()}
    stored = sorted((tmp_path / indexer.PAGES_KIND).glob("*.json"))
    assert len(stored) == 2
    times = [p.stat().st_mtime_ns for p in stored]
    for site, html in pages.items():
        assert indexer.page_entry("/", "หน้าแรก", html, site=site) == entries[site]
    assert [p.stat().st_mtime_ns for p in stored] == times  # read back, not written again
