"""Times written in a heading, back into the model's forms.

``学习教育（2014年2月24日至4月30日）`` → name ``学习教育``, start ``2014-02-24``, end
``2014-04-30``; ``（3月中旬至4月中旬）``, ``（6月底前）``, ``（3月起）``, ``（45天左右）`` and
``（3月上旬至中旬）`` as ``vocab.time_text`` writes them. A bracket that does not read as a time
stays in the name.
"""

from __future__ import annotations

import re
from typing import Any

_POINT = r"(?:\d{4}年)?(?:1[0-2]|[1-9])月(?:[1-3]?\d日|上旬|中旬|下旬|初|中|底)?|年初|年中|年底"
_RANGE = re.compile(rf"^(?P<start>{_POINT})至(?P<end>{_POINT}|上旬|中旬|下旬|底)$")
_ONE = re.compile(rf"^(?P<point>{_POINT})(?P<how>前|起)$")
_DURATION = re.compile(r"^([0-9]+|[一二三四五六七八九十两半]+)(天|周|个星期|个月|年)(左右)?$")
_DAY = re.compile(r"^(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日$")
_TAIL = re.compile(r"^(?P<name>.*?)（(?P<time>[^（）]+)）$")


def split_time(name: str, year: int) -> tuple[str, dict[str, Any]]:
    """The name without its time, and the time as ``start``/``end``/``duration`` (empty when
    the name has none); exact days without a year take the start's year, else ``year``."""
    match = _TAIL.match(name)
    if match is None:
        return name, {}
    time = parse_time(match["time"], year)
    if not time:
        return name, {}
    return match["name"], time


def parse_time(text: str, year: int) -> dict[str, Any]:
    parts = text.split("，")
    found: dict[str, Any] = {}
    if len(parts) > 2:
        return {}
    if _DURATION.match(parts[-1]):
        found["duration"] = parts.pop()
    if not parts:
        return found
    point = parts[0]
    if (match := _RANGE.match(point)) is not None:
        start = _value(match["start"], year)
        end = match["end"]
        if end in ("上旬", "中旬", "下旬", "底"):
            end = match["start"].split("月")[0] + "月" + end
        found["start"] = start
        found["end"] = _value(end, int(start[:4]) if _DAY.match(match["start"]) else year)
    elif (one := _ONE.match(point)) is not None:
        found["end" if one["how"] == "前" else "start"] = _value(one["point"], year)
    else:
        return {}
    return found


def _value(point: str, year: int) -> str:
    """An exact day as ``YYYY-MM-DD``; a month part as written."""
    day = _DAY.match(point)
    if day is None:
        return point
    return f"{int(day['year'] or year):04d}-{int(day['month']):02d}-{int(day['day']):02d}"
