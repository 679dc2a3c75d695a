#!/usr/bin/env python3
"""How well `prongsai file` files documents: the test set of tests/filing/documents/ against
tests/filing/expected.yaml (written before the documents and the code).

The held-out documents (expected.yaml `2569-holdout`) were written after the recognition
words were tuned on the others and were not tuned on: their figures are the honest guess
of how the command does on documents it has not seen.

Prints, per ITA year and overall: precision of filed documents (every item proposed is an
expected one), share filed (of the documents that answer an item), the second item of
documents that answer two, documents that must stay unplaced and did, and the accuracy of
dates, fiscal years and periods over the filed documents (scans separately: without OCR
only their file name can be read).

    .venv/bin/python benchmarks/filing.py [--verbose]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import thai  # noqa: E402
from generator.catalogue import load_catalogues  # noqa: E402
from generator.filing.propose import file_one  # noqa: E402
from generator.filing.when import covered  # noqa: E402
from generator.problems import Problems  # noqa: E402

TESTS = ROOT / "tests" / "filing"


def be_date(value) -> dt.date | None:
    return None if value is None else thai.parse_date(str(value))


def be_period(value) -> tuple[dt.date, dt.date] | None:
    if not value:
        return None
    start, end = str(value).split("..")
    return thai.parse_date(start), thai.parse_date(end)


@dataclass
class Tally:
    documents: int = 0
    answerable: int = 0
    filed: int = 0
    right: int = 0
    two: int = 0
    both: int = 0
    none_expected: int = 0
    none_kept: int = 0
    checked: dict = field(default_factory=lambda: {"date": [0, 0], "fiscal_year": [0, 0], "period": [0, 0]})
    scans: dict = field(default_factory=lambda: {"date": [0, 0], "fiscal_year": [0, 0], "period": [0, 0]})
    misses: list = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name in ("documents", "answerable", "filed", "right", "two", "both", "none_expected", "none_kept"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for group in ("checked", "scans"):
            for key, (hit, total) in getattr(other, group).items():
                getattr(self, group)[key][0] += hit
                getattr(self, group)[key][1] += total
        self.misses += other.misses


def measure(folder: str, expected: list[dict], catalogue) -> Tally:
    tally = Tally()
    year = folder
    for case in expected:
        path = TESTS / "documents" / folder / case["file"]
        filing = file_one(path, catalogue)
        items = [item.key for item in filing.items]
        wanted = case["items"]
        tally.documents += 1
        if not wanted:
            tally.none_expected += 1
            tally.none_kept += not items
            if items:
                tally.misses.append(f"{year}/{case['file']}: ควรจัดไม่ได้ แต่ได้ {items}")
            continue
        tally.answerable += 1
        if not items:
            tally.misses.append(f"{year}/{case['file']}: จัดไม่ได้ (ควรเป็น {wanted}) ใกล้สุด "
                                f"{[s.item.key for s in filing.choice.closest]}")
            continue
        tally.filed += 1
        good = set(items) <= set(wanted)
        tally.right += good
        if not good:
            tally.misses.append(f"{year}/{case['file']}: ได้ {items} ควรเป็น {wanted} เพราะ {filing.why}")
        if len(wanted) > 1:
            tally.two += 1
            tally.both += set(items) == set(wanted)
        year_from = filing.items[0].year_from
        got = {"date": filing.when.date,
               "fiscal_year": None if case["fiscal_year"] is None and filing.when.period else
               filing.when.effective_fiscal_year if year_from != "date" or not filing.when.date else
               thai.fiscal_year_of(filing.when.date),
               "period": None if year_from == "date" else covered(filing.when)}
        want = {"date": be_date(case["date"]), "fiscal_year": case["fiscal_year"], "period": be_period(case["period"])}
        group = tally.scans if case.get("scanned") else tally.checked
        for key in got:
            group[key][1] += 1
            if got[key] == want[key]:
                group[key][0] += 1
            else:
                tally.misses.append(f"{year}/{case['file']}: {key} ได้ {got[key]} ควรเป็น {want[key]}")
    return tally


def share(hit: int, total: int) -> str:
    return f"{100 * hit / total:5.1f}% ({hit}/{total})" if total else "   -"


def print_tally(name: str, t: Tally) -> None:
    print(f"{name}: {t.documents} documents")
    print(f"  precision of filed documents  {share(t.right, t.filed)}")
    print(f"  share filed                   {share(t.filed, t.answerable)}")
    print(f"  both items of two-item docs   {share(t.both, t.two)}")
    print(f"  no-item documents left out    {share(t.none_kept, t.none_expected)}")
    for key in ("date", "fiscal_year", "period"):
        text, scans = t.checked[key], t.scans[key]
        together = [text[0] + scans[0], text[1] + scans[1]]
        print(f"  {key:<12} text {share(*text)}  scans {share(*scans)}  all {share(*together)}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    expected = yaml.safe_load((TESTS / "expected.yaml").read_text(encoding="utf-8"))
    catalogues = load_catalogues(Problems())
    total = Tally()
    tuned = Tally()
    for folder, cases in expected.items():
        tally = measure(str(folder), cases, catalogues[int(str(folder).split("-")[0])])
        print_tally(f"ITA {folder}", tally)
        total.add(tally)
        if "holdout" not in str(folder):
            tuned.add(tally)
    print_tally("tuned set (2569 + 2570)", tuned)
    print_tally("all, held-out included", total)
    if args.verbose:
        print("\n".join(total.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
