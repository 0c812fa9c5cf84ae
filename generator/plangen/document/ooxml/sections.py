"""Sections of the rendered body: joining the 版记's section to the body's.

The template ends with two sections: the body (odd/even page-number footers) and the 版记 (no
page number, starting on an even page). When the 版记 fits at the foot of the body's last page,
which is even, it needs no section of its own: the paragraph that closes the body's section is
removed and its section properties become the document's last, so the 版记 follows the body on
the same page and that page keeps its number. Done on the lxml tree docxtpl renders into.
"""

from __future__ import annotations

from typing import Any

from plangen.document.ooxml.ns import qn


def join_last_section(document: Any, restyle: dict[str, str]) -> None:
    """Make the last two sections of ``document`` (a ``w:document`` element) one, with the
    first one's properties; paragraphs of the second section whose style is a key of
    ``restyle`` take the style it names."""
    body = document.find(qn("w:body"))
    breaks = [
        p
        for p in body.iterchildren(qn("w:p"))
        if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    ]
    last = body.find(qn("w:sectPr"))
    if not breaks or last is None:
        raise ValueError("the template has no section for the 版记")
    paragraph = breaks[-1]
    properties = paragraph.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    for later in paragraph.itersiblings(qn("w:p")):
        style = later.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")) in restyle:
            style.set(qn("w:val"), restyle[style.get(qn("w:val"))])
    body.remove(paragraph)
    last.addprevious(properties)
    body.remove(last)
