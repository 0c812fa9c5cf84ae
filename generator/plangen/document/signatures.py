"""署名 and 成文日期 (GB/T 9704 §7.3.5): one issuer or several (联合行文), with or without seals.

Every position is computed on the body's grid — one 字 of 3号 is ``layout.CHAR_ADVANCE`` twips
with the body's −0.25 pt character spacing — and written as a paragraph's left indent or its tab
stops, never as runs of spaces, so Word and LibreOffice put each name exactly where the standard
says whatever the face:

- without seals (§7.3.5.2): the 署名 右空二字 one blank line below the body, the 成文日期 on the
  next line, its first 字 two 字 right of the 署名's (the 署名 moves left when the date is the
  longer); several issuers stack their 署名, host first, ending where the last one ends;
- with seals (§7.3.5.1): room for the seal above, the 成文日期 右空四字 and the 署名 centred over
  it; several issuers stand two to a row under their seals, in order, the last one centred over
  the date, rows far enough apart that no two seals touch; names too long to stand side by side
  stand one to a row, each over the date.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from plangen.document import layout
from plangen.document.model import Block, Span

_ZI = layout.CHAR_ADVANCE
_MM = 56.7  # twips
#: a seal is at most 42 mm across; two side by side stand this far apart, centre to centre
#: (50 mm: 8 mm between them), and a seal's edge stays inside the text block
SEAL_PITCH = round(50 * _MM)
SEAL_RADIUS = round(21 * _MM)
#: blank lines between two rows of seals: rows five lines (51 mm) apart, seals 42 mm high
SEAL_ROW_BLANKS = 4


def signature(names: list[str], date: str, sealed: bool) -> Iterator[Block]:
    """The 署名 of ``names`` (the host first) and the 成文日期, after the body."""
    if sealed:
        yield from _sealed(names, date)
    else:
        yield Block("BlankKeep")
        yield from _unsealed(names, date)


def aligned(upper: str, lower: str) -> tuple[Block, Block]:
    """A 署名 and the line below it, placed as an unsealed signature (an attachment's 落款)."""
    name, date = _unsealed([upper], lower)
    return replace(name, style="Signature"), date


def _unsealed(names: list[str], date: str) -> list[Block]:
    """Positions in 字 from the left: the last 署名 and the date as §7.3.5.2 says, the other
    署名 ending where the last one ends."""
    width = layout.CHARS_PER_LINE
    # the date's digits as wide as the body face draws them, so that a date longer than a short
    # 署名 still ends 2 字 from the right
    last_w, date_w = layout.text_width(names[-1]), layout.text_width(date, layout.BODY_DIGIT)
    date_right = max(2.0, last_w - date_w)
    names_right = date_right + date_w + 2 - last_w  # the last 署名 starts 2 字 left of the date
    blocks = [
        Block("SignatureKeep", (Span(name),), indent=_twips(width - names_right - _w(name)))
        for name in names
    ]
    return [*blocks, Block("Signature", (Span(date),), indent=_twips(width - date_right - date_w))]


def _sealed(names: list[str], date: str) -> Iterator[Block]:
    for _ in range(layout.SEAL_BLANK_LINES):  # the first seal's top within a line of the body
        yield Block("BlankKeep")
    if len(names) == 1:
        indent = layout.sealed_signature_indent(names[0], date)
        yield Block("SealSignature", (Span(names[0]),), indent=indent)
    else:
        for n, row in enumerate(_seal_rows(names, date)):
            if n:
                yield from (Block("BlankKeep") for _ in range(SEAL_ROW_BLANKS))
            yield row
    yield Block("SealDate", (Span(date),))


def _seal_rows(names: list[str], date: str) -> list[Block]:
    """Rows of 署名 under their seals: two a row in order, the last row's last name over the
    date; one a row when two names or their seals cannot stand side by side."""
    date_w = layout.text_width(date, layout.BODY_DIGIT) * _ZI
    right = round(layout.TEXT_WIDTH - layout.SEAL_DATE_RIGHT * _ZI - date_w / 2)
    rows = [names[i : i + 2] for i in range(0, len(names), 2)]
    pitch = max(SEAL_PITCH, *(round((_w(a) + _w(b)) / 2 * _ZI + _ZI) for a, b in _pairs(rows)))
    left = right - pitch

    def fits(row: list[str]) -> bool:
        if len(row) == 2 and (left < SEAL_RADIUS or left < _w(row[0]) / 2 * _ZI):
            return False  # the left seal or name would leave the text block
        return right + _w(row[-1]) / 2 * _ZI <= layout.TEXT_WIDTH

    if not all(fits(row) for row in rows):
        rows = [[name] for name in names]
    return [
        Block(
            "SealRow",
            (Span("".join("\t" + name for name in row)),),
            tabs=(left, right) if len(row) == 2 else (right,),
            tab_align="center",
        )
        for row in rows
    ]


def _pairs(rows: list[list[str]]) -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in rows if len(row) == 2] or [("", "")]


def _w(text: str) -> float:
    return layout.text_width(text)


def _twips(zi: float) -> int:
    return max(0, round(zi * _ZI))
