"""The search thesaurus: its data (generator/search/thesaurus.yaml) and what the
browser makes of it (every variant, typed into the real search script, searches for
the entry's terms)."""
from __future__ import annotations

import json

import pytest

from cdp_harness import ProngsaiEngine
from generator.search.thesaurus import KINDS, load_thesaurus


def test_thesaurus_is_valid_and_large_enough():
    entries, problems = load_thesaurus()
    assert problems == []
    assert len(entries) >= 150
    for e in entries:
        assert e.kind in KINDS and e.source and e.terms and e.variants, e


def test_the_issue_examples_are_in_the_thesaurus():
    entries, _ = load_thesaurus()
    groups = [set(e.terms) | set(e.variants) for e in entries]

    def together(*words):
        return any(set(words) <= g for g in groups)

    assert together("ทุจริต", "โกง", "คอร์รัปชัน", "คอรัปชั่น", "คอรัปชัน")
    assert together("สินบน", "เงินใต้โต๊ะ", "ส่วย")
    assert together("เรื่องร้องเรียน", "ร้องทุกข์", "แจ้งเบาะแส")
    assert together("จัดซื้อจัดจ้าง", "e-GP")
    for abbreviation in ("อบต.", "อบจ.", "ทต.", "ทม.", "ทน.", "สขร.", "ป.ป.ช", "ป.ป.ท", "สตง.", "ITA", "OIT", "IIT", "EIT"):
        assert any(abbreviation in g for g in groups), abbreviation


def test_problems_name_file_line_and_field(tmp_path):
    bad = tmp_path / "thesaurus.yaml"
    with open(bad, "w", encoding="utf-8") as fh:
        fh.write("entries:\n"
                 "  - {terms: [ทุจริต], variants: [โกง], kind: colloquial, source: ภาษาพูด}\n"
                 "  - {terms: [], variants: [ส่วย], kind: slang, source: '', colour: red}\n")
    entries, problems = load_thesaurus(bad)
    assert len(entries) == 1
    assert "thesaurus.yaml:3: terms: " in "\n".join(problems)
    assert "thesaurus.yaml:3: kind: " in "\n".join(problems)
    assert "thesaurus.yaml:3: source: " in "\n".join(problems)
    assert "thesaurus.yaml:3: colour: " in "\n".join(problems)


@pytest.mark.slow
@pytest.mark.browser
def test_every_variant_searches_for_its_terms(browser, served):
    """Through the real search script: each variant typed alone is also searched as
    every term of its entry (and, for two-way entries, each term as every variant)."""
    entries, _ = load_thesaurus()
    page = browser.new_page()
    try:
        page.navigate(served("example"))
        page.pump(0.5)
        ProngsaiEngine().focus(page)
        page.wait_for("document.querySelector('[data-prongsai-search]').getAttribute('data-state') === 'ready'")
        api = "document.querySelector('[data-prongsai-search]').prongsai"
        misses, checked = [], 0
        for e in entries:
            triggers = list(e.variants) + (list(e.terms) if e.both_ways else [])
            for word in triggers:
                got = page.eval(f"{api}.thesaurusOf({json.dumps(word)})")
                wanted = [t for t in e.terms if t != word]
                normal = [page.eval(f"{api}.norm({json.dumps(t)}).s") for t in wanted]
                if page.eval(f"{api}.norm({json.dumps(word)}).s").__len__() < 2:
                    continue
                checked += 1
                if not all(n in got or n == page.eval(f"{api}.norm({json.dumps(word)}).s") for n in normal):
                    misses.append((word, wanted, got))
        assert checked >= 300
        assert not misses, misses[:10]
    finally:
        browser.close_page(page)
