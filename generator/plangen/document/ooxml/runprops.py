"""Runs as Word wants them: run properties in schema order, and no empty runs.

docxtpl 0.20's RichText writes ``<w:rFonts>`` after ``<w:b>``, ``<w:color>`` and ``<w:sz>``
(its issue #625, fixed upstream but not yet released). Word silently drops run properties that
are out of the schema's sequence (ECMA-376 §17.3.2.28, EG_RPrBase), so the East Asian font of a
bold or sized run would be lost in Word while LibreOffice shows it. Every ``<w:rPr>`` of the
rendered body is therefore put in schema order before the document is packed.

docxtpl also leaves the runs that held the template's tags behind, emptied
(``<w:r><w:t xml:space="preserve"/></w:r>``): 200 and more a document. They show nothing, but a
clerk who opens the file meets them as stray cursor stops, and a redline diff reads them. They are
dropped in the same pass; runs that carry a tab, a break or anything else are kept.

plangen's own runs are made in order and never empty (``render.rich``, ``table``), so a body
needs the walk only when its template's runs are out of order (:func:`ordered_source`, looked at
once) or its XML holds one of the forms of an empty run (:func:`may_leave_empty_runs`).
"""

from __future__ import annotations

import re

from lxml import etree

from plangen.document.ooxml.ns import qn

_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
    "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
    "oMath", "rPrChange",
]  # fmt: skip
_RANK = {qn(f"w:{name}"): index for index, name in enumerate(_ORDER)}
_RPR, _TEXT = qn("w:rPr"), qn("w:t")


def tidy_runs(xml: bytes) -> bytes:
    """``xml`` (a WordprocessingML part) with the children of every ``<w:rPr>`` in schema order
    and without runs that hold nothing but properties and empty text. Unknown run properties
    keep their place after the known ones; the sort is stable."""
    root = etree.fromstring(xml)
    if not tidy_tree(root):
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def tidy_tree(root: etree._Element) -> bool:
    """:func:`tidy_runs` on a parsed part, in place; whether anything changed."""
    changed = False
    for run in list(root.iter(qn("w:r"))):
        if _is_empty(run):
            _remove_keeping_tail(run)
            changed = True
    for rpr in root.iter(_RPR):
        if len(rpr) < 2:  # most: a RichText run's font alone
            continue
        children = list(rpr)
        ordered = sorted(children, key=lambda el: _RANK.get(el.tag, len(_ORDER)))
        if ordered != children:
            changed = True
            for child in children:
                rpr.remove(child)
            rpr.extend(ordered)
    return changed


def in_order(rpr: etree._Element) -> bool:
    """Whether the children of ``rpr`` (a ``w:rPr``) are in schema order already."""
    ranks = [_RANK.get(child.tag, len(_ORDER)) for child in rpr]
    return ranks == sorted(ranks)


#: an element that leaves a run empty: a ``w:t`` without text (``<w:t/>``, ``<w:t …></w:t>``),
#: or a run that ends right after its properties or holds nothing (``<w:r/>``, ``<w:r></w:r>``)
_EMPTY = re.compile(
    r"<w:t(?:\s[^>]*)?(?:/>|>\s*</w:t>)"
    r"|(?:</w:rPr>|<w:rPr(?:\s[^>]*)?/>)\s*</w:r>"
    r"|<w:r(?:\s[^>]*)?(?:/>|>\s*</w:r>)"
)
#: a part's run properties, written out (``w:rPr`` of a run or of a paragraph's mark)
_PROPERTIES = re.compile(r"<w:rPr(?:\s[^>]*)?>.*?</w:rPr>", re.DOTALL)
_W = qn("w:r")[1 : qn("w:r").index("}")]


def ordered_source(source: str) -> bool:
    """Whether every run's properties in ``source`` (a template part's XML, Jinja tags and all)
    are in schema order, written with the ``w:`` prefix :func:`may_leave_empty_runs` reads:
    then what renders from it needs no sorting (what Jinja inserts is made in order, and escaped
    text cannot add markup). False when any cannot be read."""
    if f'xmlns:w="{_W}"' not in source:
        return False
    for found in _PROPERTIES.finditer(source):
        try:
            holder = etree.fromstring(f'<holder xmlns:w="{_W}">{found.group()}</holder>')
        except etree.XMLSyntaxError:  # a Jinja tag inside, say
            return False
        if not all(in_order(rpr) for rpr in holder.iter(_RPR)):
            return False
    return True


def may_leave_empty_runs(xml: str) -> bool:
    """Whether a part's XML as text may hold a run :func:`tidy_tree` would drop: false only when
    none of the forms of an empty run is there at all (a look at the text costs a fiftieth of
    walking every run of the parsed part)."""
    return _EMPTY.search(xml) is not None


def _is_empty(run: etree._Element) -> bool:
    """Nothing but run properties and empty ``w:t``: no text, tab, break, field or drawing."""
    return all(child.tag == _RPR or (child.tag == _TEXT and not child.text) for child in run)


def _remove_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    assert parent is not None
    if element.tail:  # not in WordprocessingML (no mixed content), but never lose text
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
