"""Numbers too long to be real (a key held down, a pasted column) are data errors
reported at file:line like any other, never an internal error: Python cannot read
more than 4,300 digits as an integer, and a float overflows past 308 digits."""

from __future__ import annotations

import pytest

from testkit import run_prongsai
from generator import thai


@pytest.mark.parametrize("parse", [thai.parse_int, thai.parse_baht])
def test_the_longest_accepted_number_and_one_digit_more(parse):
    longest = "๙" * thai.MAX_DIGITS
    assert parse(longest) == int("9" * thai.MAX_DIGITS)
    with pytest.raises(thai.ParseError, match=f"{thai.MAX_DIGITS + 1} หลัก"):
        parse(longest + "๙")


@pytest.mark.parametrize("text", ["๙" * 400, "9" * 5000, "9" * 5000 + ".5", "1," + "000," * 2000 + "000 บาท"])
def test_oversized_amount_is_a_parse_error(text):
    with pytest.raises(thai.ParseError, match="ตรวจจำนวนหลัก"):
        thai.parse_baht(text)


@pytest.mark.parametrize("text", ["๙" * 5000, "-" + "9" * 5000, "+" + "1" * 400])
def test_oversized_integer_is_a_parse_error(text):
    with pytest.raises(thai.ParseError, match="ตรวจจำนวนหลัก"):
        thai.parse_int(text)


def _line_of(path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


@pytest.mark.slow
def test_validate_reports_oversized_numbers_at_file_and_line(copy_fixture):
    data = copy_fixture("mini")
    plan = data / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    budget = "2568: ๕๐๐๐๐}"
    assert budget in text and "start_year: 2566\n" in text
    text = text.replace(budget, f'2568: "{"๙" * 400}"}}')                      # a budget (Money)
    text = text.replace("start_year: 2566\n", f"start_year: 2566\nstated_project_count: {'9' * 5000}\n")  # an Int
    plan.write_text(text, encoding="utf-8")

    result = run_prongsai("validate", "--data", str(data))

    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert "Traceback" not in output and "ภายในโปรแกรม" not in output, output[-2000:]
    budget_line, count_line = _line_of(plan, "๙" * 400), _line_of(plan, "stated_project_count")
    assert f"plan.yaml:{budget_line}: dimensions[0]" in result.stderr and "budget[2568]: จำนวนเงินยาว 400 หลัก" in result.stderr
    assert f"plan.yaml:{count_line}: stated_project_count: ตัวเลขยาว 5,000 หลัก" in result.stderr
