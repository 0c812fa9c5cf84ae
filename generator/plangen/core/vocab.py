"""The shared vocabulary of Chinese official documents, in one place.

Chinese numerals for headings and stages, dates as documents print them (2014年2月24日), and the
name of the edition that holds the whole plan. Every stage speaks these the same way: the
document, the diff report and the page all show a date as the document does.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

#: the edition that holds the whole plan (the others are named by enterprise type id)
FULL = "full"
FULL_NAME = "全文"

_DIGITS = "零一二三四五六七八九"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 23 → 二十三 (enough for headings and stages)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def parse_date(value: Any) -> dt.date | None:
    """A ``YYYY-MM-DD`` string as a date; ``None`` when it is not one (or not a real day)."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def format_date(value: str | None, *, with_year: bool = True) -> str:
    """``2014-02-24`` → ``2014年2月24日`` (Arabic numerals, no leading zeros); anything that
    is not a date comes back as it is."""
    day = parse_date(value)
    if day is None:
        return value or ""
    return (f"{day.year}年" if with_year else "") + f"{day.month}月{day.day}日"


def date_range(start: str, end: str) -> str:
    """``2014年2月24日至4月30日``: the year once when both days are in it."""
    first, last = parse_date(start), parse_date(end)
    same_year = first is not None and last is not None and first.year == last.year
    return f"{format_date(start)}至{format_date(end, with_year=not same_year)}"
