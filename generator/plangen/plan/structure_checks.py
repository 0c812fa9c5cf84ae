"""The shape of a plan that the schema cannot state: headings, kinds and tables.

A section needs a title (its own, or its kind's); only a 分类指导 (``kind: types``) holds the
enterprise types' requirements; headings go no deeper than the plan's heading sequence (GB/T 9704
numbers four levels: a fifth would repeat （1） silently); a table's rows fill its columns; a task
breakdown table names who is responsible and a deadline inside the campaign.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from plangen.core.diagnostics import Diagnostic
from plangen.core.vocab import parse_date, when_range
from plangen.plan import model
from plangen.plan.loader import LoadedFile, PathKey

#: column titles of a task breakdown table: the responsible units, and the deadline
_RESPONSIBLE = (
    "责任单位", "牵头单位", "责任部门", "牵头部门", "主要责任单位", "配合单位", "协同配合单位",
    "责任领导", "责任人",
)  # fmt: skip
_DEADLINE = ("完成时限", "完成时间", "时间节点", "时限")


def check_structure(loaded: LoadedFile) -> Iterator[Diagnostic]:
    data = loaded.data
    yield from _sections(loaded)
    yield from _depth(loaded)
    for path, table in _tables(data):
        yield from _table(loaded, path, table)


def _sections(loaded: LoadedFile) -> Iterator[Diagnostic]:
    for i, section in enumerate(model.sections(loaded.data)):
        if not isinstance(section, dict):
            continue
        path: PathKey = ("body", "sections", i)
        if not section.get("title") and not section.get("kind"):
            yield loaded.diag(path, "section.title", "section.no-title")
        kind = section.get("kind")
        if section.get("requirements") and kind != "types":
            yield loaded.diag(
                (*path, "requirements"), "section.kind", "section.requirements-not-types"
            )
        if kind == "types" and not section.get("requirements"):
            yield loaded.diag(path, "section.kind", "section.types-without-requirements")


def _depth(loaded: LoadedFile) -> Iterator[Diagnostic]:
    forms = model.numbering(loaded.data)
    for path, items, level, _kind in model.item_lists(loaded.data):
        if level > len(forms) and items:
            yield loaded.diag(
                (*path, 0),
                "heading.depth",
                "heading.too-deep",
                level=level,
                levels=len(forms),
                forms="".join(forms),
            )


def _tables(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, dict[str, Any]]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "table" and isinstance(value, dict):
                yield (*path, key), value
            elif isinstance(value, dict | list):
                yield from _tables(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _tables(value, (*path, index))


def _table(loaded: LoadedFile, path: PathKey, table: dict[str, Any]) -> Iterator[Diagnostic]:
    columns = table.get("columns")
    rows = table.get("rows")
    if not isinstance(columns, list) or not isinstance(rows, list):
        return
    below: list[int] = [0] * len(columns)  # rows still covered by a cell spanning from above
    for r, row in enumerate(rows):
        if not isinstance(row, list):
            continue
        filled = sum(1 for left in below if left > 0)
        for cell in row:
            width = int(cell.get("columns", 1)) if isinstance(cell, dict) else 1
            filled += width
        if filled != len(columns):
            yield loaded.diag(
                (*path, "rows", r),
                "table.cells",
                "table.cells",
                row=r + 1,
                cells=filled,
                columns=len(columns),
            )
        below = _covered(below, row)
    if table.get("kind") == "tasks":
        yield from _task_table(loaded, path, columns, rows)


def _covered(below: list[int], row: list[Any]) -> list[int]:
    """Which columns the next row finds taken by cells spanning down from this one."""
    after = [max(0, left - 1) for left in below]
    column = 0
    for cell in row:
        while column < len(after) and below[column] > 0:
            column += 1
        span = int(cell.get("columns", 1)) if isinstance(cell, dict) else 1
        down = int(cell.get("rows", 1)) if isinstance(cell, dict) else 1
        for c in range(column, min(column + span, len(after))):
            after[c] = max(after[c], down - 1)
        column += span
    return after


def _task_table(
    loaded: LoadedFile, path: PathKey, columns: list[Any], rows: list[Any]
) -> Iterator[Diagnostic]:
    titles = [str(c.get("title", "")) if isinstance(c, dict) else "" for c in columns]
    responsible = [i for i, t in enumerate(titles) if t in _RESPONSIBLE]
    deadline = next((i for i, t in enumerate(titles) if t in _DEADLINE), None)
    if not responsible:
        yield loaded.diag((*path, "columns"), "table.tasks", "table.tasks-columns")
        return
    campaign = [parse_date(model.value_at(loaded.data, ("campaign", k))) for k in ("start", "end")]
    year = campaign[0].year if campaign[0] else None
    for r, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != len(titles):
            continue  # rows with spanning cells are checked for their count only
        texts = [str(c.get("text", "")) if isinstance(c, dict) else str(c) for c in row]
        if not any(texts[i].strip() for i in responsible):
            yield loaded.diag(
                (*path, "rows", r), "table.tasks", "table.tasks-responsible", row=r + 1
            )
        if deadline is None:  # a breakdown without deadlines: who is responsible is enough
            continue
        when = texts[deadline].strip().removesuffix("前")
        span = when_range(when, year) if year else None
        if span and campaign[0] and campaign[1] and (span[0] > campaign[1]):
            yield loaded.diag(
                (*path, "rows", r, deadline),
                "table.tasks",
                "table.tasks-deadline",
                row=r + 1,
                deadline=texts[deadline],
                end=campaign[1].isoformat(),
            )
