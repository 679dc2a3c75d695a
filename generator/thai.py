"""Thai conventions: digits, Buddhist Era years, fiscal years, dates and baht.

Input may use Thai (๐–๙) or Arabic digits anywhere; everything is normalised to
Arabic digits internally and shown in Thai style on the site.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from decimal import Decimal

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

# --- characters a reader does not see: the one table, and the parts each use takes ------------

# Every character that is invisible or only splits text visually (the personal-data guard drops
# them all before it looks for numbers, so that "1\u200b234…" cannot hide one; docs/safety.md):
# * every format character (Unicode category Cf: zero-width spaces and joiners, direction marks
#   and overrides, the soft hyphen, the BOM, tag characters U+E0000–E007F …);
# * every combining mark (Mn, Me: U+034F, variation selectors U+FE00–FE0F and U+E0100–E01EF,
#   accents stacked on a digit …) except Thai vowels and tone marks, which are letters' parts;
# * blank letters that browsers draw as nothing (Hangul fillers U+3164, U+115F, U+1160, U+FFA0,
#   the blank Braille pattern U+2800, the Mongolian vowel separator U+180E).
_FILLERS = "\u3164\u115f\u1160\uffa0\u2800\u180e"
_PLANES = [range(0x10000), range(0x11000, 0x11100), range(0x13430, 0x13440), range(0x1BC00, 0x1BCB0),
           range(0x1D100, 0x1D250), range(0xE0000, 0xE1000)]
# The zero-width characters that word processors and PDF text layers put inside Thai text (word
# breaks, joiners, the BOM, soft hyphens): removed from imported text and from the search index.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
ZERO_WIDTH_TABLE = dict.fromkeys(map(ord, ZERO_WIDTH), None)
# Direction overrides and isolates: they show text reversed, so data holding them is refused.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")


@functools.cache
def invisible_table() -> dict[int, None]:
    """str.translate table removing every invisible character (above); built on first use by a
    walk over the planes that hold such characters."""
    def hidden(cp: int) -> bool:
        category = unicodedata.category(chr(cp))
        return category == "Cf" or (category in ("Mn", "Me") and not 0x0E00 <= cp <= 0x0E7F)

    table = dict.fromkeys((cp for plane in _PLANES for cp in plane if hidden(cp)), None)
    table.update(dict.fromkeys(map(ord, _FILLERS), None))
    return table


BE_OFFSET = 543
# A year at or above this is taken as Buddhist Era: no LAO document is dated
# before CE 2400, and no BE year below it is in use.
BE_THRESHOLD = 2400

MONTHS_FULL = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]
MONTHS_ABBR = [
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
]


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(year: int) -> int:
    """A year as written by a user (BE or CE) → CE."""
    return year - BE_OFFSET if year >= BE_THRESHOLD else year


def normalise_be_year(year: int) -> int:
    """A year as written by a user (BE or CE) → BE."""
    return year if year >= BE_THRESHOLD else year + BE_OFFSET


def fiscal_year_of(day: dt.date) -> int:
    """BE fiscal year containing a date: FY 2568 = 1 Oct 2567 – 30 Sep 2568 (BE)."""
    year = day.year + 1 if day.month >= 10 else day.year
    return be_year(year)


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    end_ce = fiscal_year_be - BE_OFFSET
    return dt.date(end_ce - 1, 10, 1), dt.date(end_ce, 9, 30)


def first_half_bounds(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    """October–March of a fiscal year: the window of 6-month reports."""
    start, _ = fiscal_year_bounds(fiscal_year_be)
    return start, dt.date(start.year + 1, 3, 31)


# --- parsing -----------------------------------------------------------------

class ParseError(ValueError):
    """Raised with a Thai message that tells the user what is expected."""


_MONTH_LOOKUP: dict[str, int] = {}
for _i, (_full, _abbr) in enumerate(zip(MONTHS_FULL, MONTHS_ABBR), start=1):
    _MONTH_LOOKUP[_full] = _i
    _MONTH_LOOKUP[_abbr] = _i
    _MONTH_LOOKUP[_abbr.replace(".", "")] = _i
    _MONTH_LOOKUP[_abbr.replace(" ", "")] = _i

_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_SLASH_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\s*$")
_THAI_RE = re.compile(
    r"^\s*(?:วันที่\s*)?(\d{1,2})\s*(?:เดือน\s*)?([ก-๙.\s]+?)\s*(?:พ\.ศ\.|พ\.ศ|ปี)?\s*(\d{2}|\d{4})\s*$"
)
_MONTH_YEAR_RE = re.compile(r"^\s*([ก-๙.\s]+?)\s*(?:พ\.ศ\.|พ\.ศ)?\s*(\d{2}|\d{4})\s*$")


def year_from_text(text: str) -> int:
    """'68' → 2568, '2568' → 2568, '2025' → 2568 (returns BE)."""
    year = int(text)
    if len(text) == 2:
        return 2500 + year
    return normalise_be_year(year)


def _month_from_text(text: str) -> int:
    key = re.sub(r"\s+", "", text)
    if key in _MONTH_LOOKUP:
        return _MONTH_LOOKUP[key]
    if key.rstrip(".") + "." in _MONTH_LOOKUP:
        return _MONTH_LOOKUP[key.rstrip(".") + "."]
    raise ParseError(f"ไม่รู้จักชื่อเดือน '{text.strip()}'")


def _make_date(year_be: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(ce_year(year_be), month, day)
    except ValueError:
        raise ParseError(f"ไม่มีวันที่ {day}/{month}/{year_be} ในปฏิทิน") from None


def parse_date(value: object) -> dt.date:
    """Parse a date written the way Thai users write it.

    Accepts YAML dates and strings such as '2568-10-01' (BE or CE year),
    '1/10/2568', '๑ ตุลาคม ๒๕๖๘', '1 ต.ค. 68'. Raises ParseError otherwise.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if value.year >= BE_THRESHOLD:
            return _make_date(value.year, value.month, value.day)
        return value
    if not isinstance(value, str):
        raise ParseError("ต้องเป็นวันที่ เช่น 2568-10-01 หรือ 1 ตุลาคม 2568")
    text = to_arabic_digits(value).strip()
    if m := _ISO_RE.match(text):
        return _make_date(normalise_be_year(int(m[1])), int(m[2]), int(m[3]))
    if m := _SLASH_RE.match(text):
        return _make_date(year_from_text(m[3]), int(m[2]), int(m[1]))
    if m := _THAI_RE.match(text):
        return _make_date(year_from_text(m[3]), _month_from_text(m[2]), int(m[1]))
    raise ParseError(
        f"อ่านวันที่ '{value}' ไม่ได้ ให้เขียนเช่น 2568-10-01 หรือ 1 ตุลาคม 2568"
    )


def parse_month_start(text: str) -> dt.date:
    """'ต.ค. 65' or 'มกราคม 2564' → first day of that month."""
    m = _MONTH_YEAR_RE.match(to_arabic_digits(text))
    if not m:
        raise ParseError(f"อ่านเดือนและปี '{text}' ไม่ได้")
    return _make_date(year_from_text(m[2]), _month_from_text(m[1]), 1)


# No count, year or amount in an organisation's data comes near this many digits:
# a longer number is a typing mistake. Reading it would fail anyway (Python refuses
# to convert more than 4,300 digits, and a float overflows past 308).
MAX_DIGITS = 30


def _check_length(digits: str, what: str) -> None:
    if len(digits) > MAX_DIGITS:
        raise ParseError(f"{what}ยาว {len(digits):,} หลัก เกิน {MAX_DIGITS} หลัก ตรวจจำนวนหลัก")


def parse_int(value: object) -> int:
    """An integer written with Thai or Arabic digits, optionally with separators."""
    if isinstance(value, bool):
        raise ParseError("ต้องเป็นตัวเลข")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = to_arabic_digits(value).strip().replace(",", "")
        if re.fullmatch(r"[+-]?\d+", text):
            _check_length(text.lstrip("+-"), "ตัวเลข")
            return int(text)
    raise ParseError(f"'{value}' ไม่ใช่จำนวนเต็ม")


NO_BUDGET_WORDS = {"-", "–", "—", "ไม่ใช้งบประมาณ", "ไม่ใช้งบ", "ไม่มี", "0"}


def parse_baht(value: object) -> int | None:
    """Baht amount → whole baht, or None for 'no budget' ('-', ไม่ใช้งบประมาณ, empty)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ParseError("ต้องเป็นจำนวนเงิน (บาท)")
    if isinstance(value, float) and not math.isfinite(value):  # YAML .nan / .inf
        raise ParseError(f"อ่านจำนวนเงิน '{value}' ไม่ได้ ให้เขียนเช่น 50,000 หรือ - ถ้าไม่ใช้งบประมาณ")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ParseError("จำนวนเงินต้องไม่ติดลบ")
        return round(value) if value else None
    if isinstance(value, str):
        text = to_arabic_digits(value).strip()
        if text == "" or text in NO_BUDGET_WORDS:
            return None
        text = re.sub(r"\s*บาท\s*$", "", text).replace(",", "").strip()
        if re.fullmatch(r"\d+(\.\d+)?", text):
            _check_length(text.partition(".")[0], "จำนวนเงิน")
            amount = round(Decimal(text))  # exact, where a float would round 17 digits on
            return amount or None
    raise ParseError(f"อ่านจำนวนเงิน '{value}' ไม่ได้ ให้เขียนเช่น 50,000 หรือ - ถ้าไม่ใช้งบประมาณ")


# --- display -------------------------------------------------------------------

def thai_date(day: dt.date, thai_digits: bool = False) -> str:
    """'1 ตุลาคม 2568' (or with Thai digits)."""
    text = f"{day.day} {MONTHS_FULL[day.month - 1]} {be_year(day.year)}"
    return to_thai_digits(text) if thai_digits else text


def thai_date_short(day: dt.date, thai_digits: bool = False) -> str:
    """'1 ต.ค. 68'."""
    text = f"{day.day} {MONTHS_ABBR[day.month - 1]} {be_year(day.year) % 100:02d}"
    return to_thai_digits(text) if thai_digits else text


def format_baht(amount: int | None, thai_digits: bool = False) -> str:
    """50000 → '50,000'; None → '-'."""
    if not amount:
        return "-"
    text = f"{amount:,}"
    return to_thai_digits(text) if thai_digits else text


def format_number(value: object, thai_digits: bool = False) -> str:
    text = str(value)
    return to_thai_digits(text) if thai_digits else text
