"""信函格式 (``format: letter``, GB/T 9704 §10.1): the first page's geometry and its OOXML.

The template's first-page header (``headerLetter.xml``) holds the 发文机关标志 and the two red
double rules in frames positioned from the page; the body opens with a spacer whose height puts the
份号/发文字号 line just under the upper rule. Here: where the upper rule and that line go for a
mark of a given size and number of lines, and the changes to the rendered tree (the section's
first-page header and footer, ``w:titlePg``, the frame's and the spacer's places).

The faces' metrics (the stand-in 小标宋 and 仿宋 in LibreOffice's PDF) are measured in
``tests/test_pdf_letter.py``.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from plangen.document import layout
from plangen.document.ooxml.ns import qn

MM = 72 / 25.4
TWIPS_PER_PT = 20
#: the top of the mark's characters, from the page's top edge (§10.1)
MARK_TOP = 30 * MM
#: from the top of a line of the mark (single spacing) to the top of its characters, and the
#: characters' height, in ems of the mark's size (小标宋 stand-in, measured in the PDF)
MARK_INK_TOP = 0.29
MARK_INK_HEIGHT = 0.96
MARK_LINE = 1.44  # a line of the mark (single spacing), in ems of its size (measured)
#: the upper double rule: 4 mm below the mark; thick 2.25 pt, gap 2 pt, thin 0.75 pt
RULE_GAP = 4 * MM
RULE_HEIGHT = 5.0
#: the 份号/发文字号 line's characters 7/8 of a 3号 character below the rule (§10.1)
BELOW_RULE = 16 * 7 / 8
#: from the top of a body line (28.95 pt) to the top of its 3号 characters (measured)
BODY_INK_TOP = 8.3
#: the lower double rule's bottom edge, 20 mm above the page's bottom edge
PAGE_HEIGHT = 841.89
LOWER_RULE_BOTTOM = PAGE_HEIGHT - 20 * MM
#: the top of the text block (pt from the page's top)
TEXT_TOP = 37 * MM


def mark_frame_top(size: int) -> float:
    """The top of the mark's frame (pt from the page's top) for a mark of ``size`` half-points."""
    return MARK_TOP - MARK_INK_TOP * size / 2


def upper_rule_top(size: int, lines: int) -> float:
    """The top of the upper double rule (pt from the page's top): 4 mm below the mark."""
    em = size / 2
    ink_bottom = MARK_TOP + (lines - 1) * MARK_LINE * em + MARK_INK_HEIGHT * em
    return ink_bottom + RULE_GAP


def spacer_height(size: int, lines: int) -> float:
    """The body's opening spacer (pt): from the text block's top to the top of the line of the
    份号/发文字号, whose characters stand 7/8 of a 3号 character below the upper rule."""
    first_ink = upper_rule_top(size, lines) + RULE_HEIGHT + BELOW_RULE
    return first_ink - BODY_INK_TOP - TEXT_TOP


#: a line of a letter's 抄送 (4号, off the grid), and the room the 版记's section leaves below it
CC_LINE = 20.0
CC_SLACK = 0.5


def cc_spacer_height(cc_lines: int) -> float:
    """The spacer above a letter's 抄送 (pt): the blank lines above it leave ``cc_lines`` + 1 rows
    (see ``pagination.colophon_placement``); the spacer takes what ``cc_lines`` lines of 20 pt
    and the closing paragraph of the section (1 pt) leave of them."""
    pitch = layout.LINE_PITCH / TWIPS_PER_PT
    return (cc_lines + 1) * pitch - cc_lines * CC_LINE - 1 - CC_SLACK


def head_rows(size: int, lines: int, front: int) -> float:
    """Rows of page 1 above the title: the spacer, the 份号/发文字号 lines and two blank lines."""
    return spacer_height(size, lines) / (layout.LINE_PITCH / TWIPS_PER_PT) + max(front, 1) + 2


def _twips(points: float) -> str:
    return str(round(points * TWIPS_PER_PT))


def apply(document: Any, header: Any, size: int, lines: int, cc_lines: int) -> None:
    """Make the rendered ``w:document`` a letter: its first section gets the letter's header and
    the empty footer on page 1 (``w:titlePg``), the spacers under the header and above the 抄送
    their heights; ``header`` (the rendered ``w:hdr``) the frames' places."""
    section = next(document.iter(qn("w:sectPr")))
    first = section[0]
    for tag, rid in (("w:headerReference", "rId7"), ("w:footerReference", "rId6")):
        ref = etree.Element(qn(tag))
        ref.set(qn("w:type"), "first")
        ref.set(qn("r:id"), rid)
        first.addprevious(ref)
    title_pg = etree.Element(qn("w:titlePg"))
    section.find(qn("w:docGrid")).addprevious(title_pg)
    heights = {
        "LetterSpacer": spacer_height(size, lines),
        "LetterCcSpacer": cc_spacer_height(cc_lines),
    }
    for style in document.iter(qn("w:pStyle")):
        if style.get(qn("w:val")) in heights:
            spacing = etree.Element(qn("w:spacing"))
            spacing.set(qn("w:line"), _twips(heights[style.get(qn("w:val"))]))
            spacing.set(qn("w:lineRule"), "exact")
            style.addnext(spacing)
    frames = {
        "LetterMark": mark_frame_top(size),
        "LetterRuleTop": upper_rule_top(size, lines),
        "LetterRuleBottom": LOWER_RULE_BOTTOM - RULE_HEIGHT,
    }
    for style in header.iter(qn("w:pStyle")):
        name = style.get(qn("w:val"))
        if name in frames:
            frame = style.getparent().find(qn("w:framePr"))
            frame.set(qn("w:y"), _twips(frames[name]))
