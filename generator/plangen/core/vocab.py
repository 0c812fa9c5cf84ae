"""The shared vocabulary of Chinese official documents, in one place.

Chinese numerals for headings and stages, dates as documents print them (2014年2月24日), and the
name of the edition that holds the whole plan. Every stage speaks these the same way: the
document, the diff report and the page all show a date as the document does.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

#: the edition that holds the whole plan (the others are named by enterprise type id)
FULL = "full"
FULL_NAME = "全文"

_DIGITS = "零一二三四五六七八九"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 1010 → 一千零一十; numbers from
    10,000 on (more items than any level of a plan has) in Arabic digits."""
    if n < 0 or n >= 10_000:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:  # 十, 十二: no 一 in front of the tens, as in headings
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out, pending_zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if pending_zero else "") + _DIGITS[digit] + unit
            pending_zero = False
        elif out:
            pending_zero = True
    return out


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


# --- times as offices write them ---------------------------------------------------------------

_MONTH_PART = re.compile(
    r"^(?:(?P<year>[1-9]\d{3})年)?(?P<month>1[0-2]|[1-9])月(?P<part>上旬|中旬|下旬|初|中|底)?$"
)
_YEAR_PART = {"年初": (1, 1, 1, 31), "年中": (6, 1, 7, 31), "年底": (12, 1, 12, 31)}
#: the days of a month a part covers (初 and 上旬 the first ten, 底 the last ten)
_PARTS = {
    "上旬": (1, 10),
    "初": (1, 10),
    "中旬": (11, 20),
    "中": (11, 20),
    "下旬": (21, 31),
    "底": (21, 31),
}


def when_text(value: str, *, with_year: bool = True) -> str:
    """A stage's time as documents print it: an exact date as 2014年2月24日, a month part
    (3月中旬, 6月底, 年底) as written."""
    if parse_date(value) is not None:
        return format_date(value, with_year=with_year)
    return value


def time_text(start: Any, end: Any, duration: Any) -> str:
    """A stage's whole time: 2014年2月24日至4月30日, 3月中旬至4月中旬, 6月底前, 3月起,
    45天左右 — the year once when both ends are exact days of one year."""
    first, last = parse_date(start), parse_date(end)
    same_year = first is not None and last is not None and first.year == last.year
    parts = []
    if isinstance(start, str) and isinstance(end, str):
        until = when_text(end, with_year=not same_year)
        begins, ends = _MONTH_PART.match(start), _MONTH_PART.match(end)
        one_month = begins and ends and begins["month"] == ends["month"] and not ends["year"]
        if one_month and ends and ends["part"]:
            until = ends["part"]  # 3月上旬至中旬: the month once, as a clerk writes it
        parts.append(f"{when_text(start)}至{until}")
    elif isinstance(end, str):
        parts.append(f"{when_text(end)}前")
    elif isinstance(start, str):
        parts.append(f"{when_text(start)}起")
    if isinstance(duration, str):
        parts.append(duration)
    return "，".join(parts)


def when_range(value: Any, year: int) -> tuple[dt.date, dt.date] | None:
    """The first and the last day a time may mean (3月中旬 → 11 to 20 March of ``year`` unless
    it names its own year); ``None`` when it is not a time."""
    day = parse_date(value)
    if day is not None:
        return day, day
    if not isinstance(value, str):
        return None
    if value in _YEAR_PART:
        m1, d1, m2, d2 = _YEAR_PART[value]
        return dt.date(year, m1, d1), dt.date(year, m2, d2)
    match = _MONTH_PART.match(value)
    if match is None:
        return None
    year = int(match["year"] or year)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None  # 0000年3月 is no time a calendar has
    month = int(match["month"])
    first, last = _PARTS.get(match["part"] or "", (1, 31))
    return dt.date(year, month, first), dt.date(year, month, min(last, _month_days(year, month)))


def _month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]  # also for December 9999
