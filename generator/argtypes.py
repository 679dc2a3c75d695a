"""argparse value types shared by the sub-commands: years and dates as Thai users write them."""

from __future__ import annotations

import argparse
import datetime as dt

from . import thai


def year(text: str) -> int:
    """'2569', '๒๕๖๙' or '2026' → 2569."""
    try:
        return thai.normalise_be_year(thai.parse_int(text))
    except thai.ParseError:
        raise argparse.ArgumentTypeError(f"'{text}' ไม่ใช่ปี พ.ศ. เช่น 2569") from None


def date(text: str) -> dt.date:
    try:
        return thai.parse_date(text)
    except thai.ParseError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
