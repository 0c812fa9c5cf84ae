"""No page with only the 署名 and 成文日期 (GB/T 9704 §7.3.5), when the text before them must stay.

The body's last paragraph keeps with the 署名 (``…Keep`` styles), so the two move to a new page
together. A cover notice of one paragraph cannot: moved whole, it would leave page 1 without body
text. When the 署名 would then open a page of its own, the paragraph's last line goes to that page
with it, as a paragraph continuing it (``BodyContinued``: no first-line indent, kept with the
next), so that every page shows body text. The lines are counted on the grid (``pagination``),
the same count that places the 版记.
"""

from __future__ import annotations

from dataclasses import replace

from plangen.document import pagination
from plangen.document.model import Block, Document, Span

#: the blank lines above a 署名 (a page that also shows the 附件说明 is not the 署名's alone)
_LEADING = frozenset({"BlankKeep"})
_SIGNED = frozenset({"SignatureKeep", "SealSignature", "SealRow"})
_DATED = frozenset({"Signature", "SealDate"})
CONTINUED = "BodyContinued"


def keep_company(document: Document) -> Document:
    """``document``, its first 署名 no longer alone on a page (see the module)."""
    blocks = list(document.blocks)
    signed = next((i for i, b in enumerate(blocks) if b.style in _SIGNED), None)
    if signed is None:
        return document
    start = signed
    while start > 0 and blocks[start - 1].style in _LEADING:
        start -= 1
    dated = next((i for i in range(signed, len(blocks)) if blocks[i].style in _DATED), None)
    last = start - 1
    if dated is None or last < 0 or blocks[last].style != "Body":
        return document
    body_end = _end(document, blocks[: last + 1])
    chain_end = _end(document, blocks[: dated + 1])
    alone = chain_end.page > body_end.page and chain_end.lines == dated - start + 1
    lines = pagination.block_lines(blocks[last])
    if not alone or lines < 2:
        return document
    head, tail = _split(blocks[last], _last_line_start(blocks[last], lines))
    blocks[last : last + 1] = [head, tail]
    return replace(document, blocks=tuple(blocks))


def _end(document: Document, blocks: list[Block]) -> pagination.Position:
    return pagination.body_end(replace(document, blocks=tuple(blocks)))


def _last_line_start(block: Block, lines: int) -> int:
    """Where the paragraph's last line starts: the shortest beginning that already takes
    ``lines`` lines, less its last character (line counts only grow with the text)."""
    low, high = 1, len(block.text)
    while low < high:
        middle = (low + high) // 2
        if pagination.block_lines(_split(block, middle)[0]) >= lines:
            high = middle
        else:
            low = middle + 1
    return low - 1


def _split(block: Block, at: int) -> tuple[Block, Block]:
    """The paragraph's text before ``at`` and from it, each keeping its spans' fonts."""
    before: list[Span] = []
    after: list[Span] = []
    seen = 0
    for span in block.spans:
        cut = min(max(at - seen, 0), len(span.text))
        if cut:
            before.append(replace(span, text=span.text[:cut]))
        if cut < len(span.text):
            after.append(replace(span, text=span.text[cut:]))
        seen += len(span.text)
    return replace(block, spans=tuple(before)), Block(CONTINUED, tuple(after))
