"""Where an imported measures report is kept: one file per fiscal year and round.

A fiscal year may have two reports: the six-month round (October–March,
`measures/<fy>-6m.yaml`, page /measures/<fy>-6m/) and the annual round
(`measures/<fy>.yaml`, page /measures/<fy>/; a year with a single report keeps
this name too). Importing the other round of a year therefore never touches
the first one; importing the same round again is refused unless --force.

Data folders made before the rounds were told apart may hold a six-month
report under the annual name. When that year's annual report arrives, the
six-month file is moved to its own name first (nothing is overwritten), and
the OIT evidence that pointed at its old page is named so that staff can check it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .. import thai
from ..schema import REPORT_ROUND_ALIASES, REPORT_ROUNDS

ROUND_6, ROUND_12 = REPORT_ROUNDS
ROUNDS = tuple(REPORT_ROUNDS)
SIX_MONTH_SUFFIX = "-6m"

def _key(text) -> str:
    return re.sub(r"\s+", " ", thai.to_arabic_digits(str(text))).strip()


# Every way the data format accepts to name a round, Thai or Arabic digits, any spacing.
_ROUND_WORDS = {_key(word): value for word, value in {**{r: r for r in REPORT_ROUNDS}, **REPORT_ROUND_ALIASES}.items()}
_SIX_MONTHS_IN_TEXT = re.compile(r"รอบ\s*6\s*เดือน|\(\s*6\s*เดือน|ครึ่งปี|ครึ่งปีแรก")
_TWELVE_MONTHS_IN_TEXT = re.compile(r"รอบ\s*12\s*เดือน|\(\s*12\s*เดือน|รอบปี(?!งบ)")
_HALF_YEAR_DAYS = 200        # October to March is 182 days; a full year is 365


def normalise_round(value) -> str | None:
    """'รอบ ๖ เดือน' → '6 เดือน'; None for anything that is not a round."""
    return None if value is None else _ROUND_WORDS.get(_key(value))


def _as_date(value) -> dt.date | None:
    try:
        return thai.parse_date(value)
    except (thai.ParseError, ValueError, TypeError):
        return None


def _round_of_coverage(coverage) -> str | None:
    """From the dates the report covers: about half a year from October is the six-month round."""
    if not isinstance(coverage, dict):
        return None
    start, end = _as_date(coverage.get("start")), _as_date(coverage.get("end"))
    if start is None or end is None or end < start:
        return None
    days = (end - start).days
    if days <= _HALF_YEAR_DAYS and start.month in (9, 10, 11):
        return ROUND_6
    if days >= 330:
        return ROUND_12
    return None


def _round_in_text(text) -> str | None:
    if not isinstance(text, str):
        return None
    text = thai.to_arabic_digits(text)
    if _SIX_MONTHS_IN_TEXT.search(text):
        return ROUND_6
    if _TWELVE_MONTHS_IN_TEXT.search(text):
        return ROUND_12
    return None


def report_round(report: dict) -> str | None:
    """The round a report says it is: its `round`, else the dates or words of its coverage,
    else its title. None when it does not say (then it is kept as the year's report)."""
    coverage = report.get("coverage")
    found = (normalise_round(report.get("round")) or _round_of_coverage(coverage)
             or _round_in_text(coverage.get("text") if isinstance(coverage, dict) else coverage)
             or _round_in_text(report.get("title")))
    if found is None and isinstance(coverage, str):
        from ..fields import parse_period_text

        found = _round_of_coverage(parse_period_text(coverage))
    return found


def report_file_name(fiscal_year: int, round_: str | None) -> str:
    return f"{fiscal_year}{SIX_MONTH_SUFFIX if round_ == ROUND_6 else ''}.yaml"


def round_of_file(path: Path) -> str | None:
    """The round of a measures file already in the data folder (None when unreadable or unsaid)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return report_round(data) if isinstance(data, dict) else None


@dataclass
class Placement:
    """Where a report goes, and the earlier six-month file to move to its own name first."""

    target: Path
    round: str | None
    move_from: Path | None = None      # a six-month report kept under the annual name
    move_to: Path | None = None

    def same_round_exists(self) -> bool:
        """Whether the year already has a report of this round (after the move, if any)."""
        if self.move_to is not None and self.move_to == self.target:
            return True
        return self.target.exists() and self.target != self.move_from


def place_report(report: dict, fiscal_year: int, measures_dir: Path) -> Placement:
    """The file of `report` in the measures folder, moving an earlier six-month report that
    holds the annual name to its own name when that name is free."""
    round_ = report_round(report)
    annual = measures_dir / report_file_name(fiscal_year, ROUND_12)
    six_month = measures_dir / report_file_name(fiscal_year, ROUND_6)
    placement = Placement(six_month if round_ == ROUND_6 else annual, round_)
    if annual.is_file() and not six_month.exists() and round_of_file(annual) == ROUND_6:
        placement.move_from, placement.move_to = annual, six_month
    return placement


def move_aside(placement: Placement) -> None:
    """Move the earlier six-month report to its own name; never replaces a file."""
    import os

    if placement.move_from is None or placement.move_to is None:
        return
    try:
        os.link(placement.move_from, placement.move_to)      # fails if the name was taken meanwhile
    except FileExistsError:
        raise
    except OSError:                                          # file systems without hard links
        if placement.move_to.exists():
            raise FileExistsError(placement.move_to) from None
        os.replace(placement.move_from, placement.move_to)
        return
    placement.move_from.unlink()


def pages_pointing_at(data_dir: Path, page: str) -> list[tuple[Path, int]]:
    """(OIT file, line) of every mention of the page `page` (e.g. measures/2568) as evidence."""
    pattern = re.compile(rf"(?<![\w/-]){re.escape(page)}(?![\w-])")
    found = []
    for path in sorted((data_dir / "oit").glob("*.yaml")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        found.extend((path, number) for number, line in enumerate(lines, start=1)
                     if pattern.search(line) and not line.lstrip().startswith("#"))
    return found
