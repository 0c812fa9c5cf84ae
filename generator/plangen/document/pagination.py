"""Where the body ends, counted on the fixed grid: page and line of the document's last line.

GB/T 9704's page is a grid of 22 lines of 28.95 pt; every body paragraph is set on it, so the
body's length is a count of lines. Each paragraph's lines are found by setting its characters as
the word processor does — widths per character class, the first-line or hanging indent of its
style, closing marks hung at the line's end, opening marks and Latin words never split from what
follows — and the pages by filling 22 lines a page (page 1 less its 版头), paragraphs kept with the
next one moved whole to the next page when they and the next one's first line do not fit.

A table leaves the grid: ``table_layout`` gives its rows' heights in twips as LibreOffice sets
them and where they go across pages, and a spacer after it (:func:`table_spacers`) takes the rest
of its last line, so the paragraph after it is back on the grid and a table counts as lines too.

The count decides where the 版记 goes (:func:`colophon_placement`): on the last body page when that
page is even and has room, so a blank page appears only when it cannot be avoided. The estimate
is proven line for line against LibreOffice's PDF in ``tests/test_pdf_pagination.py``; page 1's
版头 height is calibrated there (:data:`HEAD_ROWS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache, partial

from plangen.document import layout, letter, table_layout
from plangen.document.model import Block, Document, Span

LINES = layout.LINES_PER_PAGE
GRID = table_layout.GRID  # a line, in twips
LINE_PT = layout.TEXT_WIDTH / 20  # 442.2 pt, the text block's width
ADVANCE = layout.SIZE_BODY / 2 - 0.25  # one 字 of 3号 with the −0.25 pt character spacing
#: a digit or Latin letter of each face, in 字 of 16 pt (measured in the PDF, stand-in faces:
#: 仿宋 → Noto Serif CJK SC 11.2 pt, 楷体 → AR PL UKai 13.8 pt)
NARROW = {"body": 0.70, "heading1": 0.70, "heading2": 0.86}
CLOSING = frozenset("，。、；：？！”’）》〕…—")
OPENING = frozenset("“‘《（〔")
WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.%-")
#: rows of page 1 above the 主送机关, without the mark and the title: the blank lines and the
#: 发文字号 (calibrated against the PDF); the mark adds its line height, each title line one row.
#: Exact to a few twips for marks of 61 and 72 half-points, as a table on page 1 needs: where its
#: rows end is counted in twips from the first line, which starts that far down the page
HEAD_ROWS = 9.51
MARK_LINE = 1.4475  # the mark's line height, in ems of its size (single spacing of the stand-in)

# style → (first-line start, other lines' start), in pt from the left of the text block
_INDENTS = {
    "Body": (32.0, 0.0),
    "BodyKeep": (32.0, 0.0),
    "BodyContinued": (0.0, 0.0),
    "Note": (32.0, 0.0),
    "AttachmentNote": (31.5, 78.75),
    **{f"H{n}": (32.0, 0.0) for n in range(1, 5)},
    **{f"H{n}Keep": (32.0, 0.0) for n in range(2, 5)},
}
_KEEP_WITH_NEXT = frozenset(
    {
        "H1",
        "BodyKeep",
        "BodyContinued",
        "H2Keep",
        "H3Keep",
        "H4Keep",
        "BlankKeep",
        "SignatureKeep",
        "SealSignature",
        "SealRow",
        "AttachmentNote",
    }
)


@dataclass(frozen=True)
class Position:
    """The last line of the body: its page (from 1) and how many lines of that page are used."""

    page: int
    lines: int


@dataclass(frozen=True)
class ColophonPlacement:
    """Where the 版记 goes: on the body's last page (``same_page``) or at the foot of a page of
    its own; ``padding`` blank lines above it put its last rule on the text block's bottom."""

    same_page: bool
    padding: int


@lru_cache(maxsize=8192)  # the same paragraphs recur in every edition of a plan
def wrapped_lines(
    text: str, first: float = 0.0, rest: float = 0.0, roles: str | None = None
) -> int:
    """How many lines ``text`` takes, its first line starting ``first`` pt and the others
    ``rest`` pt into the text block; ``roles`` gives each character's font role (b: body,
    h: 黑体, k: 楷体), body when not given."""
    if not text:
        return 1
    # Every character's advance looked up at C speed, the text cut into what stays on one line
    # by one regular expression: the sums and comparisons below are the same, in the same order.
    if roles is None or roles.count(roles[0]) == len(roles):  # one face: one table's look-ups
        advances = list(map(_ADVANCES[roles[0] if roles else "b"].__getitem__, text))
    else:
        advances = list(map(_advance, text, roles))
    lines, used, start = 1, 0.0, first
    i = 0
    for piece in _UNBREAKABLE.findall(text):
        n = len(piece)
        width = advances[i] if n == 1 else sum(advances[i : i + n])
        i += n
        if used and start + used + width > _FULL:
            if piece[0] in CLOSING and start + used + width <= _HUNG:
                used += width  # a closing mark hangs in the margin
                continue
            lines, used, start = lines + 1, 0.0, rest
        used += width
    return lines


def _class(chars: frozenset[str]) -> str:
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


#: what stays on one line: a Latin word or number, or opening marks with the character after them
_UNBREAKABLE = re.compile(f"{_class(WORD)}+|{_class(OPENING)}+.?|.", re.DOTALL)
_FULL = LINE_PT + 0.5  # a line is full past this (half a point of tolerance)…
_HUNG = LINE_PT + ADVANCE  # …but a closing mark may hang in the margin up to this


_FACE = {"b": "body", "h": "heading1", "k": "heading2"}
_ROLE_CODE = {"heading1": "h", "heading2": "k"}


@lru_cache(maxsize=16384)
def _advance(ch: str, face: str = "b") -> float:
    return layout.char_width(ch, NARROW[_FACE[face]]) * (layout.SIZE_BODY / 2) - 0.25


#: each face's advances by a dictionary's look-up (a cached function of two arguments costs three
#: times as much a character)
_ADVANCES = {face: layout.CharTable(partial(_advance, face=face)) for face in _FACE}


def block_lines(block: Block) -> int:
    """Lines of one block on the grid (attachment titles are one 2号 line each)."""
    return _lines(block.style, block.spans)


@lru_cache(maxsize=8192)  # a block is counted again in a chain kept with the next, and per edition
def _lines(style: str, spans: tuple[Span, ...]) -> int:
    first, rest = _INDENTS.get(style, (0.0, 0.0))
    roles = "".join(_ROLE_CODE.get(span.role, "b") * len(span.text) for span in spans)
    return wrapped_lines("".join(s.text for s in spans), first, rest, roles)


def first_page_lines(document: Document) -> int:
    """Lines of page 1 left for the 主送机关 and the body, below the 版头 and the title."""
    return int(LINES - first_page_rows(document) + 1e-6)


def first_page_rows(document: Document) -> float:
    """Rows of page 1 above the 主送机关: the 版头 and the title."""
    mark_lines = document.mark.count("\n") + 1
    below = (1 if document.subtitle else 0) + (1 if document.status else 0)
    if document.format == "plain":  # no 版头: the title opens the text block
        return len(document.title_lines) + below + 1  # a blank line above the 主送机关
    if document.format == "letter":  # the spacer under the header, the 份号/发文字号 lines
        head = letter.head_rows(document.mark_size, mark_lines, len(document.front_lines))
        return head + len(document.title_lines) + below + 1
    mark_rows = MARK_LINE * document.mark_size / 2 / 28.95 * mark_lines
    signer_rows = max(len(document.signers) - 1, 0)  # 签发人 rows above the 发文字号's line
    return HEAD_ROWS + mark_rows + signer_rows + len(document.title_lines) + below


def body_end(document: Document) -> Position:
    """Where the last block ends (the 主送机关 is page 1's first line)."""
    return _layout(document)[0]


def table_spacers(document: Document) -> tuple[int, ...]:
    """Twips of the spacer after each table (0: none) that brings what follows back on the
    grid (see ``table_layout``)."""
    if all(block.table is None for block in document.blocks):
        return ()
    return _layout(document)[1]


def _layout(document: Document) -> tuple[Position, tuple[int, ...]]:
    """Where the last block ends, and the spacer after each table."""
    page, capacity = 1, first_page_lines(document)
    # page 1's lines start off the grid, below the 版头: what its last line leaves (under a line)
    band = round((LINES - first_page_rows(document) - capacity) * GRID)
    used = 1 if document.recipients else 0  # the 主送机关
    spacers: list[int] = []
    blocks = list(document.blocks)
    for index, block in enumerate(blocks):
        if block.table is not None:
            if used >= capacity:
                page, used, capacity = page + 1, 0, LINES
            limit = capacity * GRID + (band if page == 1 else 0)
            turned, end = table_layout.place(block.table, used * GRID, limit)
            if turned:
                page, capacity = page + turned, LINES
            used = min(capacity, -(-end // GRID))  # ending below page 1's last line: page full
            spacers.append(max(0, used * GRID - end))
            continue
        lines = block_lines(block)
        if block.style in ("AttachmentLabel", "PlanTitle") or used >= capacity:
            page, used, capacity = page + 1, 0, LINES
        if block.style in _KEEP_WITH_NEXT and (
            index == 0 or blocks[index - 1].style not in _KEEP_WITH_NEXT
        ):
            chain = _kept_together(blocks[index:])
            spare = band / GRID if page == 1 else 0.0  # a table may end in page 1's last band
            if used + chain > capacity + spare and chain <= LINES:
                page, used, capacity = page + 1, 0, LINES
        used += lines
        while used > capacity:
            page, used, capacity = page + 1, used - capacity, LINES
    return Position(page, used), tuple(spacers)


def _kept_together(blocks: Iterable[Block]) -> float:
    """Lines of a chain of keep-with-next blocks and the first line of the block after it (of a
    table: its title, header row and first row)."""
    total = 0
    for block in blocks:
        if block.table is not None:
            return total + table_layout.heights(block.table).first / GRID
        if block.style not in _KEEP_WITH_NEXT:
            return total + 1
        total += block_lines(block)
    return total


def colophon_lines(document: Document) -> int:
    """How many lines the 版记 takes: 抄送 may wrap; 印发 is one line."""
    per_line = (layout.TEXT_WIDTH - 2 * 280) // (layout.SIZE_COLOPHON * 10)
    lines = 0 if document.format == "letter" else 1  # a letter's 版记 has no 印发 line
    if document.colophon.cc:
        lines += -(-int(layout.text_width(document.colophon.cc) + 0.5) // per_line)
    return lines


def colophon_placement(document: Document) -> ColophonPlacement:
    """The 版记 (its lines, and a spacer of under one line above them) at the foot of the last
    body page when that page is even and has room for it below a blank line; else at the foot
    of a page of its own, which the template starts on an even page."""
    lines = colophon_lines(document)
    tables = (block.table for block in document.blocks if block.table is not None)
    if not all(table_layout.heights(table).exact for table in tables):
        # a Latin word split across a cell's lines, or a row taller than a page, leaves the count
        # an estimate: the 版记 takes a page of its own, in its place whatever the table's height
        return ColophonPlacement(False, LINES - lines - 1)
    end = body_end(document)
    room = LINES - end.lines - lines - 1
    if end.page % 2 == 0 and room >= 1:
        return ColophonPlacement(True, room)
    return ColophonPlacement(False, LINES - lines - 1)
