import datetime as dt

import pytest

from generator.model import Document, Period
from generator.timewindow import item_window_problem

D = dt.date


def doc(fiscal_year=None, date=None, start=None, end=None):
    period = Period("", start, end) if start else None
    return Document("เอกสาร", date=date, fiscal_year=fiscal_year, period=period)


@pytest.mark.parametrize("documents, rule, ok", [
    ([doc(fiscal_year=2569)], "current_fy", True),
    ([doc(fiscal_year=2568)], "current_fy", False),
    ([doc(start=D(2022, 10, 1), end=D(2027, 9, 30))], "current_fy", True),   # five-year plan 2566–2570
    ([doc(start=D(2019, 10, 1), end=D(2022, 9, 30))], "current_fy", False),  # plan 2563–2565
    ([doc(date=D(2025, 11, 3))], "current_fy", True),
    ([doc(date=D(2025, 9, 30))], "current_fy", False),
    ([doc(fiscal_year=2563), doc(fiscal_year=2569)], "current_fy", True),    # standing code + current file
    ([doc(fiscal_year=2568)], "previous_fy", True),
    ([doc(date=D(2025, 10, 20))], "previous_fy", True),                       # FY2568 report published in FY2569
    ([doc(date=D(2026, 10, 20))], "previous_fy", False),
    ([doc(fiscal_year=2569)], "previous_fy", False),
    ([doc(start=D(2025, 10, 1), end=D(2026, 3, 31))], "first_half_current_fy", True),
    ([doc(start=D(2025, 10, 1), end=D(2025, 12, 31)),
      doc(start=D(2026, 1, 1), end=D(2026, 3, 31))], "first_half_current_fy", True),   # Q1 + Q2 together
    ([doc(start=D(2025, 10, 1), end=D(2025, 12, 31))], "first_half_current_fy", False),  # Q1 only
    ([doc(start=D(2025, 10, 1), end=D(2025, 11, 30)),
      doc(start=D(2026, 2, 1), end=D(2026, 3, 31))], "first_half_current_fy", False),  # gap in Dec–Jan
    ([doc(fiscal_year=2569, date=D(2026, 4, 10))], "first_half_current_fy", True),
    ([doc(fiscal_year=2569, date=D(2025, 12, 1))], "first_half_current_fy", False),
    ([doc()], "current_fy", False),
    ([doc(fiscal_year=2500)], "none", True),
])
def test_item_window(documents, rule, ok):
    problem = item_window_problem(documents, rule, 2569)
    assert (problem is None) == ok, problem
