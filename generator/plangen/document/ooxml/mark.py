"""The 发文机关标志 of several issuers (联合行文, GB/T 9704 §7.2.4) as WordprocessingML.

The template renders the mark as one paragraph; for a joint mark that paragraph becomes a spacer
exactly as high as the space it left above a single name (so the first name's top stays 35 mm
below the text block's top) and a borderless two-column table follows it: the names one a
paragraph, distributed to the widest one's width, and 文件 in the right column, centred on them
top to bottom, as clerks set it in Word. The runs keep the rendered mark's properties (小标宋,
red, its size). Elements are written in the order Office's schema wants.
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from plangen.document import masthead
from plangen.document.ooxml.ns import qn

SUFFIX = "文件"


def _el(name: str, parent: Any = None, **attrs: str) -> Any:
    element = etree.Element(qn(name)) if parent is None else etree.SubElement(parent, qn(name))
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _mark_paragraph(root: Any) -> Any:
    for style in root.iter(qn("w:pStyle")):
        if style.get(qn("w:val")) == "IssuerMark":
            return style.getparent().getparent()
    raise LookupError("the template has no IssuerMark paragraph")  # checked by the tests


def _paragraph(text: str, rpr: Any, align: str) -> Any:
    para = _el("w:p")
    ppr = _el("w:pPr", para)
    _el("w:pStyle", ppr, val="IssuerMark")
    _el("w:jc", ppr, val=align)
    run = _el("w:r", para)
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    _el("w:t", run).text = text
    return para


def _cell(row: Any, width: int, paragraphs: list[Any]) -> None:
    cell = _el("w:tc", row)
    tcpr = _el("w:tcPr", cell)
    _el("w:tcW", tcpr, w=str(width), type="dxa")
    _el("w:vAlign", tcpr, val="center")
    cell.extend(paragraphs)


def apply_joint(root: Any, names: tuple[str, ...], size: int) -> None:
    """Turn the rendered mark paragraph of ``root`` (a ``w:document``) into the joint mark."""
    para = _mark_paragraph(root)
    ppr = para.find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    before = spacing.get(qn("w:before")) if spacing is not None else "0"
    texts = [t for t in para.iter(qn("w:t")) if t.text]  # the mark's run, not a tag's leftover
    rpr = texts[0].getparent().find(qn("w:rPr")) if texts else None
    names_w = masthead.names_width(list(names), size)
    suffix_w = round((len(SUFFIX) + masthead.JOINT_GAP) * size * 10)
    table = _el("w:tbl")
    tblpr = _el("w:tblPr", table)
    _el("w:tblW", tblpr, w=str(names_w + suffix_w), type="dxa")
    _el("w:jc", tblpr, val="center")
    _el("w:tblLayout", tblpr, type="fixed")
    margins = _el("w:tblCellMar", tblpr)
    for side in ("top", "left", "bottom", "right"):
        _el(f"w:{side}", margins, w="0", type="dxa")
    grid = _el("w:tblGrid", table)
    for width in (names_w, suffix_w):
        _el("w:gridCol", grid, w=str(width))
    row = _el("w:tr", table)
    _cell(row, names_w, [_paragraph(name, rpr, "distribute") for name in names])
    _cell(row, suffix_w, [_paragraph(SUFFIX, rpr, "right")])
    # the paragraph becomes the spacer above the table, as high as its space before was
    for child in list(para):
        para.remove(child)
    spacer = _el("w:pPr", para)
    _el("w:pStyle", spacer, val="MarkSpacer")
    _el(
        "w:spacing", spacer, before="0", after="0", line=str(max(int(before), 20)), lineRule="exact"
    )
    para.addnext(table)
