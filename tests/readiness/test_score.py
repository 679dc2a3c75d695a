"""The NACC arithmetic: item 100/0 → sub-indicator mean → indicator mean → OIT mean of 9 and 10,
checked against hand-computed values from the published ITA 2564 results (reference/oit.md §2)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from generator.catalogue import Catalogue, CatalogueItem, Indicator, SubIndicator
from generator.readiness.score import band, compute, oit_score, round2


def catalogue(indicator_subs: dict[str, list[int]]) -> Catalogue:
    """A catalogue whose indicator `id` has sub-indicators of the given item counts."""
    indicators, number = [], 0
    for ind_id, sizes in indicator_subs.items():
        subs = []
        for s, size in enumerate(sizes, start=1):
            items = []
            for _ in range(size):
                number += 1
                items.append(CatalogueItem(number, f"k{number}", f"ข้อ {number}", f"{ind_id}.{s}", "กลุ่ม", ind_id))
            subs.append(SubIndicator(f"{ind_id}.{s}", "กลุ่ม", items))
        indicators.append(Indicator(ind_id, "ตัวชี้วัด", subs))
    return Catalogue(2569, "ทดสอบ", indicators)


def scores_with_failures(cat: Catalogue, failures: dict[str, int]) -> dict[str, int]:
    """Item scores where the first `n` items of each named sub-indicator score 0."""
    result = {}
    for ind in cat.indicators:
        for sub in ind.sub_indicators:
            for index, item in enumerate(sub.items):
                result[item.key] = 0 if index < failures.get(sub.id, 0) else 100
    return result


def test_hand_computed_oit_from_indicators():
    assert oit_score([93.50, 100]) == 96.75
    assert oit_score([97.78, 93.75]) == 95.77  # 0.4 × 95.77 = 38.31 in the published table


def test_hand_computed_case_from_items():
    # indicator 9: sub-indicators of 1, 1, 8, 5, 1 items; one item fails in the 8 (87.5) and one in the 5 (80)
    # → (100 + 100 + 87.5 + 80 + 100) / 5 = 93.50; indicator 10 all complete = 100; OIT = 96.75
    cat = catalogue({"9": [1, 1, 8, 5, 1], "10": [3, 4]})
    scores = compute(cat, scores_with_failures(cat, {"9.3": 1, "9.4": 1}))
    assert scores.sub_indicators["9.3"] == 87.5
    assert scores.sub_indicators["9.4"] == 80.0
    assert scores.indicators == {"9": 93.5, "10": 100.0}
    assert scores.oit == 96.75
    assert scores.band == "AA"


def test_sub_indicator_mean_case():
    # 97.78 = (88.89 + 4 × 100) / 5 with 88.89 = 8/9; 93.75 = (87.5 + 100) / 2 with 87.5 = 7/8
    cat = catalogue({"9": [9, 2, 3, 4, 5], "10": [8, 6]})
    scores = compute(cat, scores_with_failures(cat, {"9.1": 1, "10.1": 1}))
    assert scores.sub_indicators["9.1"] == 88.89
    assert scores.indicators["9"] == 97.78
    assert scores.sub_indicators["10.1"] == 87.5
    assert scores.indicators["10"] == 93.75
    assert scores.exact_oit == ((Fraction(800, 9) + 400) / 5 + Fraction(375, 4)) / 2  # exact, not rounded twice
    assert scores.oit == 95.76


def test_missing_item_scores_count_zero_and_everything_complete_is_100():
    cat = catalogue({"9": [2, 2], "10": [2]})
    assert compute(cat, {}).oit == 0.0
    full = compute(cat, {item.key: 100 for item in cat.items})
    assert (full.oit, full.band, full.passed) == (100.0, "AA", True)


@pytest.mark.parametrize("score, expected", [
    (100, "AA"), (95, "AA"), (94.99, "A"), (85, "A"), (84.99, "B"), (75, "B"), (74.99, "C"),
    (65, "C"), (64.99, "D"), (55, "D"), (54.99, "E"), (50, "E"), (49.99, "F"), (0, "F"),
])
def test_band_edges(score, expected):
    assert band(Fraction(str(score))) == expected


def test_band_uses_the_published_two_decimals():
    assert round2(Fraction(94995, 1000)) == 95.0  # half up, as published
    assert band(Fraction(94995, 1000)) == "AA"
    assert band(Fraction(94994, 1000)) == "A"


def test_mean_of_items_beside_the_mean_of_sub_indicator_means():
    # 9.1 has 2 items, 9.2 has 8: one failure in 9.1 costs 25 points of indicator 9, one in 9.2 only 6.25
    cat = catalogue({"9": [2, 8], "10": [2]})
    in_small = compute(cat, scores_with_failures(cat, {"9.1": 1}))
    in_large = compute(cat, scores_with_failures(cat, {"9.2": 1}))
    assert (in_small.oit, in_large.oit) == (87.5, 96.88)
    assert in_small.item_mean == in_large.item_mean == 91.67  # 11 of 12, whatever the group
    assert (in_small.band, in_small.item_mean_band) == ("A", "A")
    assert in_small.grouping_confirmed is False  # sub-indicators of this catalogue are not confirmed


def test_grouping_confirmed_only_when_every_sub_indicator_is():
    cat = catalogue({"9": [1, 1], "10": [1]})
    for indicator in cat.indicators:
        for sub in indicator.sub_indicators:
            sub.confirmed = True
    assert compute(cat, {}).grouping_confirmed is True
    cat.indicators[0].sub_indicators[1].confirmed = False
    assert compute(cat, {}).grouping_confirmed is False
