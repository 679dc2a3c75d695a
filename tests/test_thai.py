import datetime as dt

import pytest

from generator import thai
from generator.fields import parse_period_text


@pytest.mark.parametrize("text, expected", [
    ("2568-10-01", dt.date(2025, 10, 1)),
    ("2025-10-01", dt.date(2025, 10, 1)),
    ("๑ ตุลาคม ๒๕๖๘", dt.date(2025, 10, 1)),
    ("1 ต.ค. 68", dt.date(2025, 10, 1)),
    ("วันที่ ๒๙ เดือน กันยายน พ.ศ. ๒๕๖๕", dt.date(2022, 9, 29)),
    ("1/10/2568", dt.date(2025, 10, 1)),
    (dt.date(2568, 10, 1), dt.date(2025, 10, 1)),
])
def test_parse_date_accepts_thai_ways_of_writing(text, expected):
    assert thai.parse_date(text) == expected


@pytest.mark.parametrize("bad", ["31 กุมภาพันธ์ 2568", "พรุ่งนี้", "2568-13-01", 12])
def test_parse_date_rejects_with_thai_message(bad):
    with pytest.raises(thai.ParseError) as info:
        thai.parse_date(bad)
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in str(info.value))


@pytest.mark.parametrize("value, expected", [
    ("๕๐,๐๐๐", 50000), ("50,000 บาท", 50000), (20000, 20000),
    ("-", None), ("ไม่ใช้งบประมาณ", None), ("", None), (None, None),
])
def test_parse_baht(value, expected):
    assert thai.parse_baht(value) == expected


def test_fiscal_year_runs_october_to_september():
    assert thai.fiscal_year_of(dt.date(2024, 10, 1)) == 2568
    assert thai.fiscal_year_of(dt.date(2025, 9, 30)) == 2568
    assert thai.fiscal_year_bounds(2568) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    assert thai.first_half_bounds(2569) == (dt.date(2025, 10, 1), dt.date(2026, 3, 31))


def test_display_in_thai_style():
    day = dt.date(2025, 10, 1)
    assert thai.thai_date(day) == "1 ตุลาคม 2568"
    assert thai.thai_date(day, thai_digits=True) == "๑ ตุลาคม ๒๕๖๘"
    assert thai.thai_date_short(day) == "1 ต.ค. 68"
    assert thai.format_baht(1234567) == "1,234,567"
    assert thai.format_baht(None) == "-"


@pytest.mark.parametrize("text, start, end", [
    ("ม.ค.๒๕๖๔ - มี.ค.๒๕๖๔", dt.date(2021, 1, 1), dt.date(2021, 3, 31)),
    ("ต.ค.๖๕ - ก.ย. ๖๖", dt.date(2022, 10, 1), dt.date(2023, 9, 30)),
])
def test_period_text_parsed_into_dates(text, start, end):
    period = parse_period_text(text)
    assert (period["start"], period["end"]) == (start, end)
    assert period["text"] == text


def test_unreadable_period_kept_as_text():
    assert parse_period_text("ตลอดปีงบประมาณ") == {"text": "ตลอดปีงบประมาณ"}


def test_one_table_of_invisible_characters_holds_every_part_in_use():
    table = thai.invisible_table()
    for ch in thai.ZERO_WIDTH + thai.BIDI_CONTROLS + "\u3164\u2800\U000e0041\ufe0f":
        assert ord(ch) in table, f"U+{ord(ch):04X}"
    for ch in "กข่้ัี 0๙a-\n":  # Thai letters, vowel and tone marks, digits, spaces stay
        assert ord(ch) not in table, f"U+{ord(ch):04X}"
    assert "1\u200b2\u00ad3\ufeff".translate(thai.ZERO_WIDTH_TABLE) == "123"
    assert thai.BIDI_CONTROL.search("อบต.\u202eทดสอบ") and not thai.BIDI_CONTROL.search("อบต.\u200fทดสอบ")
