"""The 版头 of several issuers (联合行文) and of an upward document (签发人), as plain data.

联合行文 (GB/T 9704 §7.2.4): the names of all issuers, the host first, one a line and all as
wide as the longest (distributed), with 文件 to their right, centred on them top to bottom; the
size is the largest (小初 at most) at which the widest name and 文件 fit the text block and the
names stay within five body lines, so page 1 still shows the body. ``ooxml.mark`` writes it.

签发人 (§7.2.5–7.2.6): 签发人：(3号仿宋) and the names (3号楷体) 居右空一字, two names a row, a
second row starting under the first name; the 发文字号 居左空一字 on the line of the last name.
Positions are tab stops computed from the names' widths.
"""

from __future__ import annotations

from plangen.document import layout
from plangen.document.model import Block, Span

#: the gap between the names and 文件, in 字 of the mark
JOINT_GAP = 0.5
#: the names' block stays within this height (pt): five body lines
JOINT_HEIGHT = 5 * layout.LINE_PITCH / 20
#: a line of the mark (single spacing), in ems of its size (measured in the PDF)
MARK_LINE = 1.30

_ZI = layout.CHAR_ADVANCE
SIGNER_LABEL = "签发人："
NAMES_A_ROW = 2


def joint_mark_size(names: list[str], suffix: str) -> int:
    """Half-point size of a joint mark: the widest name, the gap and ``suffix`` on one line, the
    names' lines within :data:`JOINT_HEIGHT`."""
    widest = max(layout.text_width(name, layout.TITLE_NARROW) for name in names)
    width = widest + (layout.text_width(suffix) + JOINT_GAP if suffix else 0)
    fitting = int(layout.TEXT_WIDTH / 10 / width * 0.98)
    tall = int(JOINT_HEIGHT * 2 / (MARK_LINE * len(names)))
    return min(layout.SIZE_MARK_MAX, fitting, tall)


def names_width(names: list[str], size: int) -> int:
    """Twips of the names' column: the widest name at ``size`` half-points, and a tenth of a
    字 to spare, so that rounding never wraps it."""
    widest = max(layout.text_width(name, layout.TITLE_NARROW) for name in names)
    return round((widest + 0.1) * size * 10)


def signer_rows(names: list[str], number: str) -> tuple[Block, ...]:
    """The rows of the 签发人 area: ``SignerLine`` rows, then the ``DocumentNumberSigned`` line
    with the 发文字号 flush left and the last row's names."""
    widest = max(layout.text_width(name) for name in names)
    many = len(names) > 1
    right = layout.CHARS_PER_LINE - 1  # 居右空一字
    first = right - (2 * widest + 1 if many else widest)  # the first name's column
    columns = (first, first + widest + 1)
    rows = [names[i : i + NAMES_A_ROW] for i in range(0, len(names), NAMES_A_ROW)]
    blocks = []
    for n, row in enumerate(rows):
        last = n == len(rows) - 1
        spans = [Span(f"\t{number}")] if last else []
        tabs = [_ZI] if last else []
        if n == 0:
            spans.append(Span(f"\t{SIGNER_LABEL}"))
            spans += [
                Span(row[0], "heading2"),
                *(Span(f"\t{name}", "heading2") for name in row[1:]),
            ]
            tabs += [_twips(first - layout.text_width(SIGNER_LABEL)), _twips(columns[1])]
        else:
            spans += [Span(f"\t{name}", "heading2") for name in row]
            tabs += [_twips(c) for c in columns[: len(row)]]
        style = "DocumentNumberSigned" if last else "SignerLine"
        blocks.append(Block(style, tuple(spans), tabs=tuple(tabs[: _tab_count(spans)])))
    return tuple(blocks)


def _tab_count(spans: list[Span]) -> int:
    return sum(span.text.count("\t") for span in spans)


def _twips(zi: float) -> int:
    return round(zi * _ZI)
