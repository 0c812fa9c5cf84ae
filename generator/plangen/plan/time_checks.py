"""Times a plan gives: real days, in order, inside the campaign.

A time may be an exact day (2014-02-24) or a part of a month as offices write it (3月中旬, 6月底,
年底); a part stands for a span of days, so an order or a containment is an error only when no
reading of the two times could make it right (3月中旬 after 3月15日 is not certain, so it passes).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from plangen.core.diagnostics import Diagnostic
from plangen.core.messages import Message
from plangen.core.vocab import parse_date, when_range
from plangen.plan import model
from plangen.plan.loader import LoadedFile, PathKey

DATE_FIELDS: tuple[PathKey, ...] = (
    ("document", "date"),
    ("document", "print_date"),
    ("campaign", "start"),
    ("campaign", "end"),
)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")

Span = tuple[dt.date, dt.date]


def check_times(loaded: LoadedFile) -> Iterator[Diagnostic]:
    """Days that do not exist, and times out of order: 印发 before 成文, an end before its start,
    a stage outside the campaign or before the stage it follows."""
    data = loaded.data
    dated = [(path, item) for path, item in _dated_items(data)]
    yield from _impossible_dates(loaded, [p for p, _ in dated])
    yield from _document_dates(loaded)
    campaign = _campaign(data)
    if campaign is not None and campaign[1] < campaign[0]:
        args: dict[str, Any] = {"start": campaign[0].isoformat(), "end": campaign[1].isoformat()}
        what = Message("date.what-campaign")
        yield loaded.diag(
            ("campaign", "end"), "date.order", "date.end-before-start", what=what, **args
        )
        campaign = None
    year = _year(data, campaign)
    for path, item in dated:
        yield from _item_times(loaded, path, item, year, campaign)
    for path, stages in _stage_lists(data):
        yield from _stage_order(loaded, path, stages, year)


def _dated_items(data: dict[str, Any]) -> Iterator[tuple[PathKey, dict[str, Any]]]:
    for path, items, _level, _kind in model.item_lists(data):
        for index, item in enumerate(items):
            if isinstance(item, dict) and any(k in item for k in ("start", "end")):
                yield (*path, index), item


def _stage_lists(data: dict[str, Any]) -> Iterator[tuple[PathKey, list[Any]]]:
    for i, section in enumerate(model.sections(data)):
        if isinstance(section, dict) and section.get("kind") == "stages":
            items = section.get("items")
            if isinstance(items, list):
                yield ("body", "sections", i, "items"), items


def _impossible_dates(loaded: LoadedFile, item_paths: list[PathKey]) -> Iterator[Diagnostic]:
    paths = list(DATE_FIELDS) + [(*p, k) for p in item_paths for k in ("start", "end")]
    for path in paths:
        value = model.value_at(loaded.data, path)
        if isinstance(value, str) and _ISO.fullmatch(value) and parse_date(value) is None:
            yield loaded.diag(path, "date.invalid", "date.invalid", value=value)


def _document_dates(loaded: LoadedFile) -> Iterator[Diagnostic]:
    doc_date = parse_date(model.value_at(loaded.data, ("document", "date")))
    print_date = parse_date(model.value_at(loaded.data, ("document", "print_date")))
    if doc_date and print_date and print_date < doc_date:
        yield loaded.diag(
            ("document", "print_date"),
            "date.order",
            "date.print-before-date",
            print_date=print_date.isoformat(),
            date=doc_date.isoformat(),
        )


def _campaign(data: dict[str, Any]) -> Span | None:
    start = parse_date(model.value_at(data, ("campaign", "start")))
    end = parse_date(model.value_at(data, ("campaign", "end")))
    return (start, end) if start and end else None


def _year(data: dict[str, Any], campaign: Span | None) -> int:
    """The year a month part without one falls in: the campaign's, else the document's."""
    if campaign is not None:
        return campaign[0].year
    day = parse_date(model.value_at(data, ("document", "date")))
    return day.year if day else dt.date(2000, 1, 1).year


def _name(item: dict[str, Any], path: PathKey) -> Message:
    name = item.get("name")
    shown = name if isinstance(name, str) else f"第{int(path[-1]) + 1}项"
    return Message("date.what-phase", {"name": shown})


def _item_times(
    loaded: LoadedFile, path: PathKey, item: dict[str, Any], year: int, campaign: Span | None
) -> Iterator[Diagnostic]:
    start = when_range(item.get("start"), year)
    end = when_range(item.get("end"), year)
    what = _name(item, path)
    shown = {"what": what, "start": item.get("start", ""), "end": item.get("end", "")}
    if start and end and end[1] < start[0]:
        yield loaded.diag((*path, "end"), "date.order", "date.end-before-start", **shown)
        return  # whether it lies in the campaign means little until its ends are in order
    if campaign is None:
        return
    span: dict[str, Any] = {"cstart": campaign[0].isoformat(), "cend": campaign[1].isoformat()}
    for key, times in (("start", start), ("end", end)):
        if times and (times[1] < campaign[0] or times[0] > campaign[1]):
            rule = "date.outside-campaign"
            yield loaded.diag((*path, key), rule, rule, **shown, **span)
            return


def _stage_order(
    loaded: LoadedFile, path: PathKey, stages: list[Any], year: int
) -> Iterator[Diagnostic]:
    previous: tuple[str, Any, dt.date] | None = None
    for index, stage in enumerate(stages):
        if not isinstance(stage, dict):
            continue
        start = when_range(stage.get("start"), year)
        end = when_range(stage.get("end"), year)
        name = stage.get("name") if isinstance(stage.get("name"), str) else f"第{index + 1}环节"
        if start and previous and start[1] < previous[2]:
            yield loaded.diag(
                (*path, index, "start"),
                "date.order",
                "date.phase-order",
                what=_name(stage, (*path, index)),
                start=stage["start"],
                previous=previous[0],
                previous_end=previous[1],
            )
        if end:
            previous = (str(name), stage["end"], end[0])
