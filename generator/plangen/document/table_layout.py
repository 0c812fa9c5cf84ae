"""How tall a table is when LibreOffice sets it, and where its rows go across pages.

A table leaves the grid of 28.95 pt lines: its cells are 4号 on exact lines of 20 pt
(``ooxml/table.py``). LibreOffice lays out in twips, so the heights are exact in twips (measured
in the PDF, ``tests/test_pdf_tables.py``):

- a row is 400 twips a line of its tallest cell and 10 for the 0.5 pt rule above it; a cell
  spanning rows makes the last of them taller when its lines need more than they give;
- the part of a table on a page is its rows, the header row first on every page, and 10 twips
  for the rule below them. Rows never split (``w:cantSplit``); a page takes rows while they end
  above the grid's last line (LibreOffice's text grid ends the page 22 × 579 twips below the text
  block's top), and never the header row alone: then the table, and the paragraphs kept with it,
  start the next page;
- a cell's line holds what fits its width less the margins (2 × 85 twips) and one character's
  spacing: 字 of 275 twips (4号 less the −0.25 pt character spacing), Latin letters and digits
  as wide as the stand-in faces set them, 3 pt between a 字 and a Latin character (LibreOffice's
  autospace). The width is the one LibreOffice gives the cell, to the twip (:func:`_edges`): a
  line of eleven 字 fits a column of 10 字 of 3号 after a column of 2.5 字, not after one of 6.
  Lines break between 字 but never before a closing mark (the 字 before it goes down with it: a
  cell has no margin to hang it in), after an opening mark, or inside a Latin word or number.

The paragraph after a table would start off the grid; a spacer paragraph after the table takes the
rest of its last line (:func:`place`), so what follows a table is on the grid and counted in lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from plangen.document import layout
from plangen.document.model import Table

GRID = layout.LINE_PITCH  # a body line: 579 twips
PAGE = layout.LINES_PER_PAGE * GRID  # where LibreOffice's text grid ends a page
RULE = 10  # a 0.5 pt rule
CELL_LINE = 400  # 4号 at exact 20 pt
CELL_CHAR = 275  # a 字 of 4号 with the −0.25 pt character spacing
CELL_PAD = 175  # the cell's margins (2 × 85) and the spacing after its last character
AUTOSPACE = 60  # between a 字 and a Latin character, in either face
#: advances (twips, the character spacing included) of "!" to "~" in the stand-in faces at 4号:
#: Noto Serif CJK SC for 仿宋 (the cells), Noto Sans CJK SC for 黑体 (the header row); measured
#: in the PDF as runs of ten between two 字
_LATIN = {
    "body": (
        70, 89, 145, 138, 242, 202, 39, 86, 86, 118, 146, 75, 81, 75, 82, 151, 127, 151, 151,
        150, 151, 151, 149, 151, 152, 75, 75, 146, 146, 146, 105, 239, 196, 183, 189, 211, 178,
        171, 203, 234, 108, 108, 200, 170, 268, 218, 210, 175, 210, 195, 154, 180, 218, 195, 290,
        191, 187, 164, 80, 82, 80, 146, 142, 106, 151, 174, 146, 171, 148, 99, 154, 181, 88, 82,
        165, 89, 268, 180, 162, 174, 165, 124, 128, 98, 178, 149, 230, 153, 150, 135, 89, 72, 89,
        146,
    ),
    "head": (
        74, 117, 139, 139, 242, 174, 62, 79, 79, 115, 139, 62, 81, 62, 94, 150, 150, 150, 150,
        150, 150, 150, 150, 150, 150, 62, 62, 139, 139, 139, 117, 249, 165, 179, 174, 188, 160,
        150, 188, 199, 77, 145, 176, 147, 222, 198, 203, 172, 203, 173, 162, 163, 197, 156, 241,
        156, 144, 164, 79, 94, 79, 139, 140, 154, 153, 168, 138, 169, 150, 88, 153, 165, 72, 72,
        150, 75, 254, 166, 165, 169, 169, 104, 126, 101, 165, 141, 220, 135, 141, 128, 79, 60, 79,
        139,
    ),
}  # fmt: skip
_SPACE = 60
CLOSING = frozenset("，。、；：？！”’）》〕】…—)]},;:!?")
OPENING = frozenset("“‘《（〔【([{")
WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.%-+/&_'")


@dataclass(frozen=True)
class Heights:
    """A table's heights in twips: its title line (0 without a title), header row and rows."""

    title: int
    header: int
    rows: tuple[int, ...]

    @property
    def first(self) -> int:
        """What the table needs where it starts: its title, the header row, the first row and
        the rule below them."""
        return self.title + self.header + (self.rows[0] if self.rows else 0) + RULE


@lru_cache(maxsize=256)
def heights(table: Table) -> Heights:
    """The heights of ``table``'s title, header row and rows."""
    from plangen.document.ooxml.table import column_widths, table_rows  # it imports render

    widths = column_widths(table)
    lines: list[int] = []
    spans: list[tuple[int, int, int]] = []  # (first row, last row, lines) of cells spanning rows
    for index, slots in enumerate(table_rows(table)):
        face = "body" if index else "head"
        edges = _edges(widths, [slot.span for slot in slots])
        tallest = 1
        for slot, left, right in zip(slots, edges, edges[1:], strict=False):
            n = cell_lines(slot.cell.text, right - left, face)
            if slot.merge == "restart":
                spans.append((index, index + slot.cell.rows - 1, n))
            else:
                tallest = max(tallest, n)
        lines.append(tallest)
    rows = [n * CELL_LINE + RULE for n in lines]
    for first, last, n in spans:  # the last row of a span takes what its lines need more
        last = min(last, len(rows) - 1)
        rows[last] += max(0, n * CELL_LINE + RULE - sum(rows[first : last + 1]))
    return Heights(GRID if table.title else 0, rows[0], tuple(rows[1:]))


def _edges(widths: list[int], spans: list[int]) -> list[int]:
    """Where LibreOffice puts the borders of a row's cells (twips from the table's left): it
    reads each cell's width as a share of the table in ten-thousandths, rounded, and sets each
    border at the whole twip below its sum; the last border is the table's edge."""
    total = sum(widths)
    edges, share, column = [0], 0, 0
    for span in spans[:-1]:
        share += math.floor(sum(widths[column : column + span]) * 10000 / total + 0.5)
        edges.append(share * total // 10000)
        column += span
    return [*edges, total]


@lru_cache(maxsize=4096)
def cell_lines(text: str, width: int, face: str = "body") -> int:
    """Lines of ``text`` in a cell ``width`` twips wide (a line break the plan wrote starts a
    line), in the body face or the header row's (``head``)."""
    room = width - CELL_PAD
    return sum(_lines(part, room, face) for part in text.split("\n"))


def _lines(text: str, room: float, face: str) -> int:
    lines, used, last = 1, 0.0, ""
    for piece in _pieces(text):
        width = sum(_advance(ch, face) for ch in piece) + _gaps(piece)
        if used and used + _gap(last, piece[0]) + width > room:
            lines, used, last = lines + 1, 0.0, ""
        if not used and width > room:  # longer than a line: broken anywhere
            for ch in piece:
                step = _advance(ch, face) + _gap(last, ch)
                if used and used + step > room:
                    lines, used, step = lines + 1, 0.0, _advance(ch, face)
                used, last = used + step, ch
            continue
        used += _gap(last, piece[0]) + width
        last = piece[-1]
    return lines


def _pieces(text: str) -> list[str]:
    """``text`` cut where a line may break: a Latin word or number stays whole, an opening mark
    stays with what follows it, a closing mark with what comes before it."""
    pieces: list[str] = []
    i = 0
    while i < len(text):
        if text[i] in CLOSING and pieces:
            pieces[-1] += text[i]
            i += 1
            continue
        j = i
        while j < len(text) - 1 and text[j] in OPENING:
            j += 1
        j += 1
        if text[j - 1] in WORD:
            while j < len(text) and text[j] in WORD:
                j += 1
        pieces.append(text[i:j])
        i = j
    return pieces


def _advance(ch: str, face: str) -> float:
    code = ord(ch)
    if 33 <= code <= 126:
        return _LATIN[face][code - 33]
    if ch == " ":
        return _SPACE
    return CELL_CHAR if layout.char_width(ch) == 1.0 else _LATIN[face][ord("0") - 33]


def _gap(before: str, after: str) -> float:
    """LibreOffice's autospace between a 字 and a Latin character (none at a space)."""
    latin = ("!" <= before <= "~", "!" <= after <= "~")
    wide = (
        before > "~" and layout.char_width(before) == 1.0,
        after > "~" and layout.char_width(after) == 1.0,
    )
    return AUTOSPACE if (latin[0] and wide[1]) or (wide[0] and latin[1]) else 0.0


def _gaps(piece: str) -> float:
    return sum(_gap(a, b) for a, b in pairwise(piece))


def place(table: Table, top: int, limit: int) -> tuple[int, int]:
    """Lay ``table`` out from ``top`` twips below the top of a page whose rows may end ``limit``
    twips below it (the next pages' at :data:`PAGE`): the pages it turns, and where it ends on
    the last one."""
    sizes = heights(table)
    turned = 0
    if top and top + sizes.first > limit:  # never the header row alone: the next page
        turned, top, limit = 1, 0, PAGE
    end = top + sizes.title + sizes.header + RULE
    placed = 0
    for row in sizes.rows:
        if placed and end + row > limit:  # the header row repeats on the next page
            turned, limit, end, placed = turned + 1, PAGE, sizes.header + RULE, 0
        end += row
        placed += 1
    return turned, end
