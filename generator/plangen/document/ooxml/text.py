"""The text of a Word document, paragraph by paragraph: for ``plangen textconv`` and redlines.

Reads ``word/document.xml`` straight from the zip with lxml. Paragraphs come in document order,
those inside tables included; text in tracked deletions is left out and tracked insertions are
read, and a paragraph whose mark is deleted joins the next, so a redline reads as its new
version; a tab is ``\\t``, a line break inside a paragraph a
space; the fallback copy of alternate content (text boxes drawn twice) is skipped.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from lxml import etree

from plangen.core.errors import PlangenError
from plangen.document.ooxml.ns import W, qn

NS = {"w": W}
DOCUMENT = "word/document.xml"


class NotADocx(PlangenError):
    """The bytes are not a Word (.docx) document."""


def w(local: str) -> str:
    """The Clark name of a WordprocessingML element: ``w("t")`` is ``qn("w:t")``."""
    return qn(f"w:{local}")


def read_part(data: bytes, name: str = DOCUMENT) -> bytes:
    """One part of a .docx package; :class:`NotADocx` when the bytes are no such package."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(name)
    except (zipfile.BadZipFile, KeyError) as err:
        raise NotADocx("render.bad-package", detail=str(err)) from err


def parse(xml: bytes) -> Any:
    try:
        return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as err:
        raise NotADocx("render.bad-package", detail=str(err)) from err


def body_paragraphs(root: Any) -> list[Any]:
    """The ``w:p`` elements of the body in document order, skipping ``mc:Fallback`` copies."""
    body = root.find("w:body", NS)
    if body is None:
        return []
    fallback = qn("mc:Fallback")
    return [p for p in body.iter(w("p")) if not any(a.tag == fallback for a in p.iterancestors())]


def paragraph_text(paragraph: Any) -> str:
    """The text of one paragraph as it reads with its tracked changes accepted."""
    pieces: list[str] = []
    for node in paragraph.iter(w("t"), w("tab"), w("br"), w("cr"), w("noBreakHyphen")):
        if any(a.tag == w("del") for a in node.iterancestors()):
            continue
        if node.tag == w("t"):
            pieces.append(node.text or "")
        elif node.tag == w("tab"):
            if node.getparent() is not None and node.getparent().tag == w("r"):
                pieces.append("\t")
        elif node.tag == w("noBreakHyphen"):
            pieces.append("-")
        elif node.get(w("type")) in (None, "textWrapping"):
            pieces.append(" ")
    return "".join(pieces)


def mark_deleted(paragraph: Any) -> bool:
    """Whether the paragraph mark is a tracked deletion (the paragraph joins the next one)."""
    return paragraph.find("w:pPr/w:rPr/w:del", NS) is not None


def document_lines(data: bytes) -> list[str]:
    """Every paragraph of the document body's text, in order, tracked changes accepted."""
    root = parse(read_part(data))
    lines: list[str] = []
    carried: str | None = None
    for paragraph in body_paragraphs(root):
        text = (carried or "") + paragraph_text(paragraph)
        carried = text if mark_deleted(paragraph) else None
        if carried is None:
            lines.append(text)
    if carried:  # a last paragraph whose mark is deleted: only its text remains
        lines.append(carried)
    return lines
