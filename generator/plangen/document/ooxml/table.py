"""Tables in the document: the composed :class:`Table` as a ruled WordprocessingML ``w:tbl``.

The template renders paragraphs only, so a table is rendered first as a marker paragraph and
replaced here, after rendering, by the table itself. An official table: the width of the text
block (156 mm) at most, fixed column widths, single rules all round and between cells, 4号
仿宋 (the header row in 黑体, repeated on every page), exact line spacing, cells that span rows
(``vMerge``) or columns (``gridSpan``). Elements are written in the order Office's schema wants.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from plangen.document import layout
from plangen.document.model import Table, TableCell
from plangen.document.ooxml.ns import qn
from plangen.document.render import TABLE_MARKER

#: the text a table's marker paragraph holds before the table replaces it
MARKER = TABLE_MARKER

_SIZE = 28  # 4号, in half-points
_CHAR = layout.SIZE_BODY * 10  # one 字 of 3号 in twips, the unit of column widths in a plan
_LINE = 400  # 20 pt, exact
_RULE = {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"}


def _el(name: str, parent: Any = None, **attrs: str) -> Any:
    element = etree.Element(qn(name)) if parent is None else etree.SubElement(parent, qn(name))
    for key, value in attrs.items():
        element.set(qn(key.replace("_", ":", 1)), value)
    return element


def column_widths(table: Table) -> list[int]:
    """Twips of every column: the widths the plan gives (in 字), the rest of the text block
    shared by the columns without one; scaled down together when the plan asks for more."""
    total = layout.TEXT_WIDTH
    given = [w * _CHAR if w else None for w in table.widths]
    fixed = sum(w for w in given if w)
    free = sum(1 for w in given if not w)
    rest = max(total - fixed, 0)
    share = rest / free if free else 0
    widths = [w if w else max(share, _CHAR * 2) for w in given]
    scale = min(1.0, total / sum(widths)) if widths else 1.0
    out = [int(w * scale) for w in widths]
    if out:
        out[-1] += max(0, total - sum(out)) if not free and fixed < total else 0
    return out


def table_element(table: Table, fonts: layout.Layout) -> Any:
    """The ``w:tbl`` for ``table``."""
    widths = column_widths(table)
    tbl = _el("w:tbl")
    props = _el("w:tblPr", tbl)
    _el("w:tblW", props, w_w=str(sum(widths)), w_type="dxa")
    _el("w:jc", props, w_val="center")
    borders = _el("w:tblBorders", props)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _el(f"w:{side}", borders, **{k.replace(":", "_"): v for k, v in _RULE.items()})
    _el("w:tblLayout", props, w_type="fixed")
    margins = _el("w:tblCellMar", props)
    _el("w:left", margins, w_w="85", w_type="dxa")
    _el("w:right", margins, w_w="85", w_type="dxa")
    grid = _el("w:tblGrid", tbl)
    for width in widths:
        _el("w:gridCol", grid, w_w=str(width))
    for index, slots in enumerate(table_rows(table)):
        _row(tbl, slots, widths, fonts, header=index == 0)
    return tbl


@dataclass(frozen=True)
class Slot:
    """A ``w:tc`` of a row: its cell, first column, number of columns and vertical merge
    (``restart``, ``continue`` or ``None``)."""

    cell: TableCell
    start: int
    span: int
    merge: str | None


def table_rows(table: Table) -> list[list[Slot]]:
    """The cells written for each row, the header row first: a continuation for each column a
    cell from above covers, an empty cell for each column the plan leaves out (``table_layout``
    measures the same cells)."""
    count = len(column_widths(table))
    rows = [[Slot(TableCell(title), i, 1, None) for i, title in enumerate(table.columns)]]
    below = [0] * count
    for cells in table.rows:
        after = [max(0, n - 1) for n in below]
        queue = list(cells)
        slots: list[Slot] = []
        column = 0
        while column < count:
            if below[column] > 0 or not queue:
                merge = "continue" if below[column] > 0 else None
                slots.append(Slot(TableCell(""), column, 1, merge))
                column += 1
                continue
            cell = queue.pop(0)
            span = max(1, min(cell.columns, count - column))
            slots.append(Slot(cell, column, span, "restart" if cell.rows > 1 else None))
            for c in range(column, column + span):
                after[c] = max(after[c], cell.rows - 1)
            column += span
        rows.append(slots)
        below = after
    return rows


def _row(
    tbl: Any, slots: list[Slot], widths: list[int], fonts: layout.Layout, *, header: bool
) -> None:
    """One ``w:tr``, never split across pages."""
    tr = _el("w:tr", tbl)
    row_props = _el("w:trPr", tr)
    _el("w:cantSplit", row_props)
    if header:
        _el("w:tblHeader", row_props)
    for slot in slots:
        span = widths[slot.start : slot.start + slot.span]
        _cell(tr, slot.cell, span, fonts, merge=slot.merge, header=header)


def _cell(
    tr: Any,
    cell: TableCell,
    widths: list[int],
    fonts: layout.Layout,
    *,
    merge: str | None,
    header: bool,
) -> None:
    tc = _el("w:tc", tr)
    props = _el("w:tcPr", tc)
    _el("w:tcW", props, w_w=str(sum(widths)), w_type="dxa")
    if len(widths) > 1:
        _el("w:gridSpan", props, w_val=str(len(widths)))
    if merge == "restart":
        _el("w:vMerge", props, w_val="restart")
    elif merge == "continue":
        _el("w:vMerge", props)
    _el("w:vAlign", props, w_val="center")
    text = "" if merge == "continue" else cell.text
    centred = header or (len(text) <= 6 and "\n" not in text)
    _paragraph(tc, text, fonts.heading1 if header else fonts.body, centred)


def _paragraph(parent: Any, text: str, font: str, centred: bool) -> None:
    p = _el("w:p", parent)
    props = _el("w:pPr", p)
    _el("w:snapToGrid", props, w_val="0")
    _el("w:spacing", props, w_before="0", w_after="0", w_line=str(_LINE), w_lineRule="exact")
    _el("w:ind", props, w_firstLine="0", w_firstLineChars="0")
    _el("w:jc", props, w_val="center" if centred else "both")
    if not text:
        return
    run = _el("w:r", p)
    run_props = _el("w:rPr", run)
    _el("w:rFonts", run_props, w_ascii=font, w_hAnsi=font, w_eastAsia=font)
    _el("w:sz", run_props, w_val=str(_SIZE))
    _el("w:szCs", run_props, w_val=str(_SIZE))
    for index, line in enumerate(text.split("\n")):  # a line break the plan wrote in a cell
        if index:
            _el("w:br", run)
        t = _el("w:t", run)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line


def insert_tables(
    xml: bytes, tables: list[Table], fonts: layout.Layout, spacers: Sequence[int] = ()
) -> bytes:
    """``word/document.xml`` with each marker paragraph replaced by its table (and a centred
    title above it when the table has one, a spacer below it when ``spacers`` gives it one)."""
    if not tables:
        return xml
    root = etree.fromstring(xml)
    insert_tables_into(root, tables, fonts, spacers)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def insert_tables_into(
    root: Any, tables: list[Table], fonts: layout.Layout, spacers: Sequence[int] = ()
) -> None:
    """:func:`insert_tables` on a parsed ``word/document.xml``, in place."""
    markers = {MARKER.format(i): i for i in range(len(tables))}
    for p in list(root.iter(qn("w:p"))):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        index = markers.get(text)
        if index is None:
            continue
        table = tables[index]
        parent: Any = p.getparent()
        position = parent.index(p)
        parent.remove(p)
        parts = [table_element(table, fonts)]
        if table.title:
            title = _el("w:p")
            props = _el("w:pPr", title)
            _el("w:keepNext", props)
            _el("w:jc", props, w_val="center")
            run = _el("w:r", title)
            run_props = _el("w:rPr", run)
            _el(
                "w:rFonts",
                run_props,
                w_ascii=fonts.heading1,
                w_hAnsi=fonts.heading1,
                w_eastAsia=fonts.heading1,
            )
            _el("w:t", run).text = table.title
            parts.insert(0, title)
        if index < len(spacers) and spacers[index] > 0:
            parts.append(spacer(spacers[index]))
        for offset, element in enumerate(parts):
            parent.insert(position + offset, element)


def spacer(height: int) -> Any:
    """An empty paragraph exactly ``height`` twips high, off the grid: after a table, it takes
    the rest of the table's last line so that the next paragraph starts on the grid (its height
    is ``pagination.table_spacers``')."""
    p = _el("w:p")
    props = _el("w:pPr", p)
    _el("w:snapToGrid", props, w_val="0")
    _el("w:spacing", props, w_before="0", w_after="0", w_line=str(height), w_lineRule="exact")
    run_props = _el("w:rPr", props)
    _el("w:sz", run_props, w_val="2")
    _el("w:szCs", run_props, w_val="2")
    return p
