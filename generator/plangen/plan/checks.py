"""Checks a JSON Schema cannot express: real dates in order, references, 发文字号, characters.

Each function takes a loaded file and returns diagnostics; none of them raises for bad data, and
each is careful about values of the wrong type (the schema reports those).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from typing import Any

from plangen.core.diagnostics import Diagnostic
from plangen.core.messages import Message
from plangen.core.vocab import parse_date
from plangen.plan import schemas
from plangen.plan.loader import LoadedFile, PathKey

# XML 1.0 cannot hold these even when YAML escapes ("\x01", "\uFFFE") produced them.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

_DATE_FIELDS: tuple[PathKey, ...] = (
    ("document", "date"),
    ("document", "print_date"),
    ("campaign", "start"),
    ("campaign", "end"),
)


def _get(data: Any, path: PathKey) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
        elif not isinstance(data, dict):
            return None
        data = data[part] if isinstance(part, int) else data.get(part)
    return data


def _list(data: Any, path: PathKey) -> list[Any]:
    value = _get(data, path)
    return value if isinstance(value, list) else []


def check_plan(
    loaded: LoadedFile, types: dict[str, Any] | None, catalog: str | None
) -> list[Diagnostic]:
    """All semantic checks on one plan. ``types`` is ``None`` when no usable catalogue exists;
    ``catalog`` names the catalogue file, or is ``None`` when there is none at all."""
    out: list[Diagnostic] = []
    out.extend(_check_dates(loaded))
    out.extend(check_document_number(loaded))
    out.extend(_check_references(loaded, types, catalog))
    out.extend(_check_ids(loaded))
    out.extend(check_characters(loaded))
    return out


def _check_dates(loaded: LoadedFile) -> Iterator[Diagnostic]:
    """Days that do not exist, and dates out of order: 印发 before 成文, an end before its
    start, a stage outside the campaign or before the stage it follows."""
    phases = ("body", "phases", "items")
    phase_paths: list[PathKey] = [(*phases, i) for i in range(len(_list(loaded.data, phases)))]
    yield from _impossible_dates(loaded, phase_paths)
    yield from _document_dates(loaded)
    campaign = _campaign_dates(loaded.data)
    if campaign[0] and campaign[1] and campaign[1] < campaign[0]:
        yield loaded.diag(
            ("campaign", "end"),
            "date.order",
            "date.end-before-start",
            what=Message("date.what-campaign"),
            start=campaign[0].isoformat(),
            end=campaign[1].isoformat(),
        )
    yield from _phase_dates(loaded, phase_paths, campaign)


def _impossible_dates(loaded: LoadedFile, phase_paths: list[PathKey]) -> Iterator[Diagnostic]:
    date_paths = list(_DATE_FIELDS)
    for phase in phase_paths:
        date_paths += [(*phase, "start"), (*phase, "end")]
    for path in date_paths:
        value = _get(loaded.data, path)
        if (
            isinstance(value, str)
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
            and parse_date(value) is None
        ):
            yield loaded.diag(path, "date.invalid", "date.invalid", value=value)


def _document_dates(loaded: LoadedFile) -> Iterator[Diagnostic]:
    doc_date = parse_date(_get(loaded.data, ("document", "date")))
    print_date = parse_date(_get(loaded.data, ("document", "print_date")))
    if doc_date and print_date and print_date < doc_date:
        yield loaded.diag(
            ("document", "print_date"),
            "date.order",
            "date.print-before-date",
            print_date=print_date.isoformat(),
            date=doc_date.isoformat(),
        )


_Span = tuple[dt.date | None, dt.date | None]


def _campaign_dates(data: Any) -> _Span:
    return parse_date(_get(data, ("campaign", "start"))), parse_date(
        _get(data, ("campaign", "end"))
    )


def _phase_dates(
    loaded: LoadedFile, phase_paths: list[PathKey], campaign: _Span
) -> Iterator[Diagnostic]:
    previous: tuple[str, dt.date] | None = None
    for number, path in enumerate(phase_paths, start=1):
        phase = _get(loaded.data, path)
        if not isinstance(phase, dict):
            continue
        name = phase.get("name") if isinstance(phase.get("name"), str) else f"第{number}环节"
        what = Message("date.what-phase", {"name": name})
        start, end = parse_date(phase.get("start")), parse_date(phase.get("end"))
        span: dict[str, Any] = {"what": what, "start": _iso(start), "end": _iso(end)}
        if start and end and end < start:
            yield loaded.diag((*path, "end"), "date.order", "date.end-before-start", **span)
        cstart, cend = campaign
        if start and end and cstart and cend and cstart <= cend and (start < cstart or end > cend):
            at = (*path, "start" if start < cstart else "end")
            rule = "date.outside-campaign"
            yield loaded.diag(at, rule, rule, **span, cstart=_iso(cstart), cend=_iso(cend))
        if start and previous and start < previous[1]:
            yield loaded.diag(
                (*path, "start"),
                "date.order",
                "date.phase-order",
                what=what,
                start=_iso(start),
                previous=previous[0],
                previous_end=_iso(previous[1]),
            )
        if end:
            previous = (str(name), end)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


_DOCNO = re.compile(
    r"(?P<code>[^〔〕\[\]【】()（）]+?)(?P<open>[〔\[【(（［])(?P<year>\d{4})(?P<close>[〕\]】)）］])"
    r"(?P<di>第?)(?P<seq>\d+)号"
)


def check_document_number(loaded: LoadedFile) -> Iterator[Diagnostic]:
    """发文字号: 〔〕 around the full year, no 第, no leading zeros, the document's year."""
    path: PathKey = ("document", "number")
    value = _get(loaded.data, path)
    if not isinstance(value, str):
        return
    match = _DOCNO.fullmatch(value.strip())
    if match is None:
        yield loaded.diag(path, "docno.shape", "docno.shape", value=value)
        return
    code, year, seq = match["code"], match["year"], match["seq"]
    suggestion = f"{code}〔{year}〕{int(seq)}号"
    if match["open"] != "〔" or match["close"] != "〕":
        yield loaded.diag(
            path,
            "docno.brackets",
            "docno.brackets",
            found=match["open"] + match["close"],
            suggestion=suggestion,
        )
    if match["di"]:
        yield loaded.diag(path, "docno.di", "docno.di", suggestion=suggestion)
    if seq.startswith("0"):
        yield loaded.diag(path, "docno.leading-zero", "docno.leading-zero", suggestion=suggestion)
    doc_date = parse_date(_get(loaded.data, ("document", "date")))
    if doc_date and int(year) != doc_date.year:
        yield loaded.diag(path, "docno.year", "docno.year", year=year, date_year=doc_date.year)


def _check_references(
    loaded: LoadedFile, types: dict[str, Any] | None, catalog: str | None
) -> Iterator[Diagnostic]:
    data = loaded.data
    refs: list[tuple[PathKey, Any]] = []
    req_path: PathKey = ("body", "enterprise_requirements", "items")
    seen: dict[str, int] = {}
    for index, item in enumerate(_list(data, req_path)):
        if isinstance(item, dict) and isinstance(item.get("type"), str):
            path = (*req_path, index, "type")
            refs.append((path, item["type"]))
            if item["type"] in seen:
                yield loaded.diag(
                    path,
                    "ref.duplicate",
                    "ref.duplicate-type",
                    ref=item["type"],
                    first_line=seen[item["type"]],
                )
            else:
                seen[item["type"]] = loaded.locate(path)[0]
    for index, attachment in enumerate(_list(data, ("attachments",))):
        editions = attachment.get("editions") if isinstance(attachment, dict) else None
        if isinstance(editions, list):
            refs += [(("attachments", index, "editions", i), ref) for i, ref in enumerate(editions)]
    if not refs:
        return
    if types is None:
        if catalog is None:
            yield loaded.diag(refs[0][0], "ref.no-catalog", "ref.no-catalog")
        return
    for path, ref in refs:
        if isinstance(ref, str) and ref not in types:
            close = difflib.get_close_matches(ref, list(types), n=1, cutoff=0.5)
            hint = (
                Message(
                    "schema.did-you-mean",
                    {"suggestion": close[0], "title": f"（{types[close[0]]['name']}）"},
                )
                if close
                else Message("ref.known-types", {"catalog": catalog, "ids": "、".join(types)})
            )
            yield loaded.diag(path, "ref.unknown-type", "ref.unknown-type", ref=ref, hint=hint)


def _check_ids(loaded: LoadedFile) -> Iterator[Diagnostic]:
    """``id``s identify items across versions; within one list they must differ."""

    def lists(node: Any, path: PathKey) -> Iterator[tuple[PathKey, list[Any]]]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield from lists(value, (*path, key))
        elif isinstance(node, list):
            yield path, node
            for index, value in enumerate(node):
                yield from lists(value, (*path, index))

    for path, items in lists(loaded.data, ()):
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            ident = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ident, str):
                continue
            where = (*path, index, "id")
            if ident in seen:
                yield loaded.diag(
                    where, "ref.duplicate-id", "ref.duplicate-id", ref=ident, first_line=seen[ident]
                )
            else:
                seen[ident] = loaded.locate(where)[0]


def check_characters(loaded: LoadedFile, schema: str = schemas.PLAN) -> Iterator[Diagnostic]:
    """Characters Word cannot hold that escapes in quoted strings (``"\\x01"``) let through."""

    def strings(node: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
        if isinstance(node, str):
            yield path, node
        elif isinstance(node, dict):
            for key, value in node.items():
                yield from strings(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from strings(value, (*path, index))

    root = schemas.load_schema(schema)
    for path, text in strings(loaded.data, ()):
        for match in _XML_BAD.finditer(text):
            code = f"U+{ord(match.group()):04X}"
            yield loaded.diag(
                path,
                "text.bad-char",
                "text.bad-char",
                where=schemas.describe(root, path),
                codepoint=code,
                index=match.start() + 1,
            )


def check_catalog(loaded: LoadedFile) -> list[Diagnostic]:
    """Enterprise type ids are unique; strings hold only characters Word can take."""
    out = list(_check_ids(loaded))
    out.extend(check_characters(loaded, schemas.CATALOG))
    return out
