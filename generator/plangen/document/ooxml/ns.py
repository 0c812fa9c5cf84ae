"""The one home of the OOXML namespaces plangen reads and writes.

``qn("w:t")`` gives lxml's Clark name ``{http://…/wordprocessingml/2006/main}t``, so code names
elements by the prefixes Word's documents use, and no module spells a namespace URI itself.
"""

from __future__ import annotations

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "custom": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}

W = NAMESPACES["w"]


def qn(name: str) -> str:
    """``"w:t"`` → ``"{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"``."""
    prefix, _, local = name.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"
