"""Reading .docx files back in tests: parts, paragraphs with their styles, runs and fonts."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(name: str) -> str:
    prefix, local = name.split(":")
    assert prefix == "w"
    return f"{{{W}}}{local}"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xml(data: bytes, part: str) -> etree._Element:
    return etree.fromstring(parts(data)[part])


@dataclass
class Para:
    style: str
    text: str
    element: etree._Element


def paragraphs(data: bytes) -> list[Para]:
    body = xml(data, "word/document.xml").find("w:body", NS)
    assert body is not None
    out = []
    for p in body.iter(q("w:p")):
        style = p.find("w:pPr/w:pStyle", NS)
        text = "".join(t.text or "" for t in p.iter(q("w:t")))
        out.append(Para(style.get(q("w:val")) if style is not None else "", text, p))
    return out


def styled(data: bytes, style: str) -> list[str]:
    return [p.text for p in paragraphs(data) if p.style == style]
