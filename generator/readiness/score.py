"""The NACC arithmetic (reference/oit.md §2, checked on the published ITA 2564 results):

    item           100 or 0
    sub-indicator  mean of its items
    indicator      mean of its sub-indicators
    OIT            mean of the indicators (9 and 10)

Computed with exact fractions; scores are shown, banded and compared with
--fail-under after rounding half up to 2 decimals, as the NACC publishes them
(so 94.996 is shown as 95.00 and is AA).
Bands (ITA 2565): AA ≥ 95, A ≥ 85, B ≥ 75, C ≥ 65, D ≥ 55, E ≥ 50, F below.

The bands and the pass mark 85 belong to the whole ITA score (IIT + EIT + OIT), not to the
OIT alone: the band shown beside an OIT score is the band the whole ITA would get if every
indicator scored like this (BAND_MEANING).

Where a year's sub-indicator grouping is not confirmed against the NACC manual, the grouping
decides each item's weight without a source (one failing item costs 1.43 to 8.33 points); the
OIT score is then also given as the plain mean of the items (`item_mean`), and the two are
shown side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ..catalogue import Catalogue

BANDS = [(95, "AA"), (85, "A"), (75, "B"), (65, "C"), (55, "D"), (50, "E"), (0, "F")]
PASS_MARK = 85  # the national target for the whole ITA score: every agency ≥ 85 by 2570
BAND_MEANING = "ระดับที่คะแนน ITA รวม (IIT EIT OIT) จะได้ ถ้าทุกตัวชี้วัดได้คะแนนเท่านี้"


def round2(value) -> float:
    fraction = Fraction(value)
    decimal = Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return float(decimal.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def band(score) -> str:
    shown = round2(score)
    return next(name for limit, name in BANDS if shown >= limit)


def mean(values) -> Fraction:
    values = [Fraction(v) for v in values]
    if not values:
        raise ValueError("mean of nothing")
    return sum(values, Fraction(0)) / len(values)


def oit_score(indicator_scores) -> float:
    """OIT from indicator scores, e.g. [93.50, 100] → 96.75."""
    return round2(mean(Fraction(str(v)) if isinstance(v, float) else v for v in indicator_scores))


@dataclass
class Scores:
    oit: float
    band: str
    indicators: dict[str, float] = field(default_factory=dict)
    sub_indicators: dict[str, float] = field(default_factory=dict)
    sub_counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # sub id → (complete, items)
    exact_oit: Fraction = Fraction(0)
    item_mean: float = 0.0             # the OIT as the plain mean of the items
    item_mean_band: str = "F"
    grouping_confirmed: bool = True    # the sub-indicator grouping (the items' weights) is the NACC's

    @property
    def passed(self) -> bool:
        return self.oit >= PASS_MARK


def compute(catalogue: Catalogue, item_scores: dict[str, int]) -> Scores:
    """Scores of one catalogue from {item key: 100 or 0}; an item without a score counts 0."""
    indicators: dict[str, Fraction] = {}
    subs: dict[str, Fraction] = {}
    counts: dict[str, tuple[int, int]] = {}
    for indicator in catalogue.indicators:
        sub_values = []
        for sub in indicator.sub_indicators:
            if not sub.items:
                continue
            values = [item_scores.get(item.key, 0) for item in sub.items]
            subs[sub.id] = mean(values)
            counts[sub.id] = (sum(1 for v in values if v == 100), len(values))
            sub_values.append(subs[sub.id])
        if sub_values:
            indicators[indicator.id] = mean(sub_values)
    total = mean(indicators.values()) if indicators else Fraction(0)
    all_items = [item_scores.get(item.key, 0) for item in catalogue.items]
    plain = mean(all_items) if all_items else Fraction(0)
    return Scores(
        oit=round2(total), band=band(total),
        indicators={k: round2(v) for k, v in indicators.items()},
        sub_indicators={k: round2(v) for k, v in subs.items()},
        sub_counts=counts, exact_oit=total,
        item_mean=round2(plain), item_mean_band=band(plain), grouping_confirmed=catalogue.grouping_confirmed,
    )
