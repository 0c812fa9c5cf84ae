"""Run properties in the order the OOXML schema requires.

docxtpl 0.20's RichText writes ``<w:rFonts>`` after ``<w:b>``, ``<w:color>`` and ``<w:sz>``
(its issue #625, fixed upstream but not yet released). Word silently drops run properties that
are out of the schema's sequence (ECMA-376 §17.3.2.28, EG_RPrBase), so the East Asian font of a
bold or sized run would be lost in Word while LibreOffice shows it. Every ``<w:rPr>`` of the
rendered body is therefore put in schema order before the document is packed.
"""

from __future__ import annotations

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


def in_schema_order(xml: bytes) -> bytes:
    """``xml`` (a WordprocessingML part) with the children of every ``<w:rPr>`` in schema order.
    Unknown elements keep their place after the known ones; the sort is stable."""
    root = etree.fromstring(xml)
    changed = False
    for rpr in root.iter(qn("w:rPr")):
        children = list(rpr)
        ordered = sorted(children, key=lambda el: _RANK.get(el.tag, len(_ORDER)))
        if ordered != children:
            changed = True
            for child in children:
                rpr.remove(child)
            rpr.extend(ordered)
    if not changed:
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
