"""The body's structure from its heading numbers as written: 一、（一）1.（1）1、.

Real files are often styled by hand, so the numbers decide, not the styles: a heading whose form
has been seen higher up closes the levels below it; a new form opens a level under the last
heading. ``（一）名称。正文`` is a run-in heading: the bold runs say where the name ends, else the
first 。 does when what precedes it reads as a name. Paragraphs belong to the last heading; a
centred line just before a table is its title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from plangen.document import layout
from plangen.document.importer.reader import Block, Para, Table
from plangen.document.model import TableCell
from plangen.plan.model import DEFAULT_NUMBERING

_NUMERALS = "一二三四五六七八九十"
FORMS = (
    ("一、", re.compile(rf"^[{_NUMERALS}]+、(?!\s)")),
    ("（一）", re.compile(rf"^[（(][{_NUMERALS}]+[）)](?!\s)")),
    ("1.", re.compile(r"^\d{1,2}[.．](?![\s\d])")),
    ("1、", re.compile(r"^\d{1,2}、(?!\s)")),
    ("（1）", re.compile(r"^[（(]\d{1,2}[）)](?!\s)")),
)
_RESPONSIBLE = ("责任单位", "牵头单位", "责任部门", "牵头部门", "配合单位", "责任人")
_DEADLINE = ("完成时限", "完成时间", "时间节点", "时限")
NAME_LONGEST = 30


@dataclass
class Node:
    """A heading and what follows it until the next heading of its level or higher."""

    form: str = ""
    name: str = ""
    index: int = 0  # the paragraph it came from
    paras: list[str] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)
    table: dict[str, Any] | None = None
    comments: list[tuple[int, str]] = field(default_factory=list)  # (paragraph, text) unplaced


def heading_form(para: Para) -> tuple[str, str] | None:
    """The heading form the paragraph starts with and the text after the number."""
    for form, pattern in FORMS:
        match = pattern.match(para.text)
        if match:
            return form, para.text[match.end() :]
    return None


def run_in(rest: str, bold: str) -> tuple[str, str]:
    """Name and text of a heading's words: ``名称。正文`` → (名称, 正文); text only when
    nothing after the first 。 or what precedes it is too long or has a comma to be a name."""
    if bold and rest.startswith(bold) and len(bold) < len(rest):
        return bold.rstrip("。：:"), rest[len(bold) :]
    cut = rest.find("。")
    if cut == -1:
        return rest, ""
    head, tail = rest[:cut], rest[cut + 1 :]
    if tail and len(head) <= NAME_LONGEST and not any(c in head for c in "，；：,;"):
        return head, tail
    return "", rest


def parse_body(blocks: list[Block]) -> tuple[Node, list[str]]:
    """The tree under a root node (its paragraphs are the lead) and the heading forms by level."""
    root = Node()
    stack = [root]
    forms: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if isinstance(block, Table):
            _add_table(stack[-1], block, previous)
        else:
            _add_para(stack, forms, block)
        previous = block
    return root, forms


def _add_para(stack: list[Node], forms: list[str], para: Para) -> None:
    found = heading_form(para)
    if found is None:
        node = stack[-1]
        text = with_bold(para)
        if node.table is not None or para.unplaced:
            node.comments.append((para.index, text))
        node.paras.append(text)
        return
    form, rest = found
    levels = [n.form for n in stack]
    if form in levels:
        del stack[levels.index(form) :]
    depth = len(stack) - 1
    if depth == len(forms):
        forms.append(form)  # the first form seen at a level is the level's form
    number = para.text[: len(para.text) - len(rest)]
    bold = para.bold[len(number) :] if para.bold.startswith(number) else ""
    name, text = run_in(rest, bold)
    node = Node(form, name, para.index, [text] if text else [])
    stack[-1].items.append(node)
    stack.append(node)


def with_bold(para: Para) -> str:
    """A paragraph that opens with bold words keeps them as ``**…**``, as drafters write."""
    bold = para.bold
    if bold and para.text.startswith(bold) and len(bold) < len(para.text) and "*" not in bold:
        return f"**{bold}**{para.text[len(bold) :]}"
    return para.text


def _add_table(node: Node, table: Table, previous: Block | None) -> None:
    title = None
    centred = isinstance(previous, Para) and previous.align == "center"
    if centred and node.paras and isinstance(previous, Para) and node.paras[-1] == previous.text:
        title = node.paras.pop()
    model = table_model(table, title)
    if node.table is None and not node.items:
        node.table = model
        return
    for row in table.rows:  # a second table: kept as lines of text
        line = "\u3000".join(cell.text.replace("\n", "\u3000") for cell in row)
        node.paras.append(line)
        node.comments.append((table.index, line))


def table_model(table: Table, title: str | None) -> dict[str, Any]:
    """A table block: the first row gives the columns; a first column 序号 counting 1, 2, 3 …
    becomes ``numbered``; a breakdown with units and deadlines becomes ``kind: tasks``."""
    header, *rows = table.rows or [[]]
    columns = [cell.text.replace("\n", "") for cell in header]
    cells = [[_cell(cell) for cell in row] for row in rows]
    numbered = (
        bool(columns)
        and columns[0] == "序号"
        and all(row and row[0] == str(n) for n, row in enumerate(cells, start=1))
    )
    widths = _widths(table.widths, len(columns))
    if numbered:
        columns, widths = columns[1:], widths[1:]
        cells = [row[1:] for row in cells]
    model: dict[str, Any] = {}
    if any(c in _RESPONSIBLE for c in columns) and any(c in _DEADLINE for c in columns):
        model["kind"] = "tasks"
    if title:
        model["title"] = title
    if numbered:
        model["numbered"] = True
    model["columns"] = [
        {"title": c, "width": width} if width else {"title": c}
        for c, width in zip(columns, widths, strict=True)
    ]
    model["rows"] = cells
    return model


def _widths(twips: list[int], count: int) -> list[float | None]:
    """Each column's width in 字 of 3号 where the grid gives it in whole or half 字, as a plan
    writes it (the widths ``ooxml.table`` shares out are left to be shared again): the same
    widths give the same lines in the cells, and the 版记 its place."""
    if len(twips) != count:
        return [None] * count
    out: list[float | None] = []
    for t in twips:
        halves, rest = divmod(2 * t, layout.SIZE_BODY * 10)  # half 字 of 3号
        if not t or rest:
            out.append(None)
        else:
            out.append(halves // 2 if halves % 2 == 0 else halves / 2)
    return out


def _cell(cell: TableCell) -> Any:
    if cell.rows == 1 and cell.columns == 1:
        return cell.text
    spans: dict[str, Any] = {"text": cell.text}
    if cell.rows > 1:
        spans["rows"] = cell.rows
    if cell.columns > 1:
        spans["columns"] = cell.columns
    return spans


def numbering(forms: list[str]) -> list[str] | None:
    """The plan's ``numbering`` when the document's forms are not the default ones."""
    if forms == list(DEFAULT_NUMBERING[: len(forms)]):
        return None
    return forms[:4]
