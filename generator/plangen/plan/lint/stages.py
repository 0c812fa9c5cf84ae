"""A stage's text against its own time: the text names a day or a part of a month the stage
does not reach (“3月上旬召开动员大会” in a stage of 4月至6月), or the campaign's text does.

Only what cannot be right in any reading is reported: a month part stands for its span of days
(``core.vocab.when_range``), and a date is compared with the earliest start and the latest end
the stage's own times allow.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from plangen.core.diagnostics import Diagnostic
from plangen.core.vocab import parse_date, when_range
from plangen.plan import model
from plangen.plan.lint.config import LintConfig, disabled_lines
from plangen.plan.lint.textmap import Lines, text_values
from plangen.plan.loader import LoadedFile, PathKey

RULE = "text.stage-date"
#: a day or part of a month in running text: 2014年3月5日, 3月5日, 3月上旬, 3月底
_WHEN = re.compile(r"(?:(\d{4})年)?(1[0-2]|[1-9])月(?:([1-3]?\d)日|(上旬|中旬|下旬|初|中|底))")

Span = tuple[dt.date, dt.date]


def stage_dates(loaded: LoadedFile, config: LintConfig) -> Iterator[Diagnostic]:
    """A warning at each time a stage's text (or its steps') names outside the stage."""
    if RULE in config.disable:
        return
    year = _year(loaded.data)
    spans = dict(_stage_spans(loaded.data, year))
    if not spans:
        return
    lines = Lines(loaded.text)
    off = disabled_lines(loaded.text)
    for value in text_values(loaded.text):
        owner = next((p for p in spans if value.path[: len(p)] == p), None)
        if owner is None or value.path[-1] == "name":
            continue
        first, last = spans[owner]
        for match in _WHEN.finditer(value.value):
            when = _range(match, year)
            if when is None or (when[1] >= first and when[0] <= last):
                continue
            line, col = lines.position(value.index(match.start()))
            if RULE in off.get(line, ()):
                continue
            args = {"found": match.group(), "first": first.isoformat(), "last": last.isoformat()}
            yield Diagnostic(loaded.path, line, col, RULE, "lint.stage-date", args, "warning")


def _year(data: dict[str, Any]) -> int:
    for path in (("campaign", "start"), ("document", "date")):
        day = parse_date(model.value_at(data, path))
        if day is not None:
            return day.year
    return dt.date.today().year


def _stage_spans(data: dict[str, Any], year: int) -> Iterator[tuple[PathKey, Span]]:
    for i, section in enumerate(model.sections(data)):
        if not isinstance(section, dict) or section.get("kind") != "stages":
            continue
        for j, stage in enumerate(section.get("items") or []):
            if not isinstance(stage, dict):
                continue
            start = when_range(stage.get("start"), year)
            end = when_range(stage.get("end"), year)
            if start and end:
                yield ("body", "sections", i, "items", j), (start[0], end[1])


def _range(match: re.Match[str], year: int) -> Span | None:
    written_year, month, day, part = match.groups()
    if day:
        try:
            single = dt.date(int(written_year or year), int(month), int(day))
        except ValueError:
            return None
        return single, single
    text = f"{written_year}年" if written_year else ""
    return when_range(f"{text}{month}月{part}", year)
