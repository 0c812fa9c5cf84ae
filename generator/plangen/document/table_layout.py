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
- a cell's line holds what fits its width less the margins (2 × 85 twips) and the last
  character's spacing: 字 of 275 twips (4号 less the −0.25 pt character spacing), Latin letters
  and digits as wide as the stand-in faces set them, and where Latin text meets the rest 5 twips
  (the spacing not applied) and between a 字 and a Latin letter or digit 56 more (autospace, a
  fifth of 4号). The width is the one LibreOffice gives the cell, to the twip (:func:`_edges`):
  eleven 字 fit a column of 10 字 of 3号 after a column of 2.5 字, not after one of 6;
- lines break between 字, never before a closing mark (the 字 before it goes down with it: a
  cell has no margin to hang it in), after an opening mark, inside a Latin word or number, or
  between a closing mark and the Latin word after it (“，2024”). A piece longer than a line is
  cut before a closing mark after a 字 or after an opening mark (a quotation mark's aside), and
  what is still too long anywhere; when that splits a Latin word, LibreOffice's choice is not
  known for sure, and the table's height is marked an estimate (:attr:`Heights.exact`), as it
  is when a row is taller than a page.

The paragraph after a table would start off the grid; a spacer paragraph after the table takes the
rest of its last line (:func:`place`), so what follows a table is on the grid and counted in lines.
"""

from __future__ import annotations

import math
import unicodedata
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
AUTOSPACE = 56  # between a 字 and a Latin letter or digit: a fifth of 4号, in either face
BOUNDARY = 5  # the character spacing not applied where Latin text meets the rest
#: advances (twips, the character spacing included) of "!" to "~" in the stand-in faces at 4号:
#: Noto Serif CJK SC for 仿宋 (the cells), Noto Sans CJK SC for 黑体 (the header row); measured
#: in the PDF as runs of ten between two 字
_LATIN = {
    "body": (
        81.1, 100.3, 155.7, 148.9, 253.5, 213.1, 49.7, 96.9, 96.9, 128.7, 157.3, 86.5, 91.7, 86.5,
        93.5, 150.9, 126.7, 151.1, 150.9, 150.3, 151.1, 151.1, 148.7, 151.1, 152.3, 86.5, 86.5,
        157.3, 157.3, 157.3, 115.9, 250.3, 195.9, 182.7, 188.5, 210.7, 177.5, 171.1, 202.5, 233.7,
        108.3, 107.5, 199.7, 169.9, 267.9, 217.7, 209.7, 174.5, 209.7, 195.1, 153.7, 179.5, 218.1,
        194.9, 289.7, 190.9, 187.3, 164.3, 91.3, 93.5, 91.3, 157.3, 152.7, 116.7, 150.9, 173.7,
        145.7, 171.1, 147.7, 98.7, 153.5, 180.7, 87.9, 81.9, 164.9, 88.5, 267.7, 179.9, 161.7,
        173.7, 164.9, 124.3, 127.5, 97.7, 177.7, 148.5, 229.7, 152.9, 149.5, 134.5, 99.7, 83.5,
        99.7, 157.3,
    ),
    "head": (
        85.5, 127.7, 150.3, 150.3, 252.7, 185.3, 72.7, 89.7, 89.7, 125.9, 150.3, 72.7, 92.3, 72.7,
        104.7, 150.3, 150.3, 150.3, 150.3, 150.3, 150.3, 150.3, 150.3, 150.3, 150.3, 72.7, 72.7,
        150.3, 150.3, 150.3, 127.7, 259.9, 165.1, 179.1, 173.7, 187.7, 159.9, 149.5, 187.9, 198.7,
        77.1, 144.7, 175.9, 147.1, 222.3, 197.5, 202.7, 172.3, 202.7, 172.7, 161.9, 162.7, 196.7,
        155.9, 240.7, 155.5, 143.7, 163.9, 89.7, 104.7, 89.7, 150.3, 151.5, 164.7, 152.7, 167.9,
        137.9, 168.7, 150.3, 87.5, 153.1, 165.1, 71.9, 71.9, 149.5, 74.5, 254.3, 165.9, 164.7,
        168.7, 168.7, 103.7, 125.9, 100.5, 165.1, 140.7, 219.5, 134.5, 140.7, 127.9, 89.7, 70.7,
        89.7, 150.3,
    ),
}  # fmt: skip
_SPACE = 60  # a space (rare in a cell), about as wide as the stand-ins set it
CLOSING = frozenset("，。、；：？！”’）》〕】…—)]},;:!?")
OPENING = frozenset("“‘《（〔【([{")
QUOTES = frozenset("“‘")
WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.%-+/&_'")


@dataclass(frozen=True)
class Heights:
    """A table's heights in twips: its title line (0 without a title), header row and rows;
    ``exact`` unless a Latin word had to be split across a cell's lines (a column of a few 字)
    or a row is taller than a page (LibreOffice splits it): their counts are estimates."""

    title: int
    header: int
    rows: tuple[int, ...]
    exact: bool = True

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
    exact = True
    for index, slots in enumerate(table_rows(table)):
        face = "body" if index else "head"
        edges = _edges(widths, [slot.span for slot in slots])
        tallest = 1
        for slot, left, right in zip(slots, edges, edges[1:], strict=False):
            n, sure = _cell(slot.cell.text, right - left, face)
            exact = exact and sure
            if slot.merge == "restart":
                spans.append((index, index + slot.cell.rows - 1, n))
            else:
                tallest = max(tallest, n)
        lines.append(tallest)
    rows = [n * CELL_LINE + RULE for n in lines]
    for first, last, n in spans:  # the last row of a span takes what its lines need more
        last = min(last, len(rows) - 1)
        rows[last] += max(0, n * CELL_LINE + RULE - sum(rows[first : last + 1]))
    exact = exact and rows[0] + max(rows[1:], default=0) + RULE <= PAGE
    return Heights(GRID if table.title else 0, rows[0], tuple(rows[1:]), exact)


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


def cell_lines(text: str, width: int, face: str = "body") -> int:
    """Lines of ``text`` in a cell ``width`` twips wide (a line break the plan wrote starts a
    line), in the body face or the header row's (``head``)."""
    return _cell(text, width, face)[0]


@lru_cache(maxsize=4096)
def _cell(text: str, width: int, face: str) -> tuple[int, bool]:
    """:func:`cell_lines`, and whether no Latin word had to be split across lines (where
    LibreOffice's way of cutting it is not known for sure)."""
    total, sure = 0, True
    for part in text.split("\n"):
        line = _Line(width - CELL_PAD, face)
        for piece in _pieces(part):
            line.add(piece)
        total, sure = total + line.count, sure and line.sure
    return total, sure


class _Line:
    """Lines filled piece by piece. A piece longer than a line is cut where LibreOffice cuts it:
    before a closing mark after a 字, after an opening mark but a quotation mark, a Latin word
    kept whole; what is still too long, between any two characters."""

    def __init__(self, room: float, face: str) -> None:
        self.room, self.face = room, face
        self.count, self.used, self.last = 1, 0.0, ""
        self.sure = True

    def add(self, piece: str, depth: int = 0) -> None:
        width = sum(_advance(ch, self.face) for ch in piece)
        width += sum(_gap(a, b) for a, b in pairwise(piece))
        if self.used and self.used + _gap(self.last, piece[0]) + width > self.room:
            self.count, self.used, self.last = self.count + 1, 0.0, ""
        if not self.used and width > self.room and len(piece) > 1:
            parts = _pieces(piece, relaxed=True) if depth == 0 else []
            if len(parts) < 2:  # cut anywhere: a Latin word too
                parts = list(piece)
                self.sure = self.sure and not any(ch in WORD for ch in piece)
            for part in parts:
                self.add(part, depth + 1)
            return
        self.used += _gap(self.last, piece[0]) + width
        self.last = piece[-1]


def _pieces(text: str, relaxed: bool = False) -> list[str]:
    """``text`` cut where a line may break: a Latin word or number stays whole and with a closing
    mark before it, an opening mark stays with what follows it, a closing mark with what comes
    before it. ``relaxed``: cut too before a closing mark after a 字 and after an opening mark
    that is not a quotation mark, as LibreOffice does in a piece longer than a line."""
    pieces: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        glued = bool(pieces) and (
            (ch in CLOSING and not (relaxed and ch > "~" and pieces[-1][-1] > "~"))
            or (ch in WORD and pieces[-1][-1] in CLOSING and pieces[-1][-1] > "~")
        )
        j = i + 1
        if ch in WORD:
            while j < len(text) and text[j] in WORD:
                j += 1
        elif ch in OPENING and (not relaxed or ch in QUOTES) and j < len(text):
            j = i + len(_pieces(text[i + 1 :], relaxed)[0]) + 1
        if glued:
            pieces[-1] += text[i:j]
        else:
            pieces.append(text[i:j])
        i = j
    return pieces


def _advance(ch: str, face: str) -> float:
    code = ord(ch)
    if 33 <= code <= 126:
        return _LATIN[face][code - 33]
    if ch == " ":
        return _SPACE
    # other narrow characters (rare): as wide as a digit
    return CELL_CHAR if layout.char_width(ch) == 1.0 else _LATIN[face][ord("0") - 33]


def _gap(before: str, after: str) -> float:
    """What LibreOffice adds between two characters: where Latin text (ASCII) meets the rest
    the character spacing of the one before is not applied (5 twips), and between a 字 and a
    Latin letter or digit it puts the autospace too."""
    if not before or (before <= "~") == (after <= "~"):
        return 0.0
    latin, other = (before, after) if before <= "~" else (after, before)
    wide = unicodedata.category(other).startswith("L")  # 字, not punctuation
    return BOUNDARY + (AUTOSPACE if latin.isalnum() and wide else 0.0)


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
