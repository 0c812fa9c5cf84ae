"""The parts of a .docx the importer reads besides the body: the styles (how a paragraph that
only names its style is set), the header page 1 shows, and the properties plangen writes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from posixpath import join, normpath
from typing import Any

from plangen.document.ooxml.ns import qn
from plangen.document.ooxml.text import NS, NotADocx, parse, read_part, w

STYLES = "word/styles.xml"
RELATIONSHIPS = "word/_rels/document.xml.rels"
CORE = "docProps/core.xml"
CUSTOM = "docProps/custom.xml"
_OFF = ("0", "false", "off")


@dataclass(frozen=True)
class Style:
    """What a paragraph style sets itself (None: what it is based on decides)."""

    name: str = ""
    based_on: str = ""
    align: str | None = None
    new_page: bool | None = None
    indent: int | None = None


def styles_of(data: bytes) -> dict[str, Style]:
    """The styles by id; a file without styles (or with broken ones) has none."""
    root = _part(data, STYLES)
    if root is None:
        return {}
    styles = {}
    for style in root.iter(w("style")):
        ppr = style.find("w:pPr", NS)
        styles[style.get(w("styleId")) or ""] = Style(
            _val(style.find("w:name", NS)),
            _val(style.find("w:basedOn", NS)),
            align_of(ppr),
            page_break_before(ppr),
            indent_of(ppr),
        )
    return styles


def inherited(styles: dict[str, Style], style_id: str, attribute: str) -> Any:
    """A setting as the style sets it or inherits it through ``basedOn`` (a loop ends it)."""
    seen: set[str] = set()
    while style_id in styles and style_id not in seen:
        seen.add(style_id)
        value = getattr(styles[style_id], attribute)
        if value is not None:
            return value
        style_id = styles[style_id].based_on
    return None


def align_of(ppr: Any) -> str | None:
    """``center``, ``right`` or "" (left, justified, distributed), None when not set here."""
    jc = ppr.find("w:jc", NS) if ppr is not None else None
    if jc is None:
        return None
    value = jc.get(w("val")) or ""
    return {"start": "", "left": "", "both": "", "distribute": "", "end": "right"}.get(value, value)


def page_break_before(ppr: Any) -> bool | None:
    node = ppr.find("w:pageBreakBefore", NS) if ppr is not None else None
    return None if node is None else node.get(w("val")) not in _OFF


def indent_of(ppr: Any) -> int | None:
    """The left indent (``w:left``, or ``w:start`` as newer files write it) in twips."""
    ind = ppr.find("w:ind", NS) if ppr is not None else None
    if ind is None:
        return None
    value = ind.get(w("left")) or ind.get(w("start")) or "0"
    return int(value) if value.lstrip("-").isdigit() else 0


def section_breaks_page(ppr: Any) -> bool:
    """Whether a section ends with this paragraph and the next starts on a new page."""
    section = ppr.find("w:sectPr", NS) if ppr is not None else None
    if section is None:
        return False
    kind = section.find("w:type", NS)
    return kind is None or kind.get(w("val")) != "continuous"


def first_header(data: bytes, body: Any) -> Iterator[Any]:
    """The ``w:p`` of the first section's first-page header (``w:titlePg``): a letter's mark is
    on page 1 only (§10.1). A header every page shows is a running head, not a mark."""
    section = next(body.iter(w("sectPr")), None) if body is not None else None
    if section is None:
        return
    title_page = section.find("w:titlePg", NS)
    if title_page is None or title_page.get(w("val")) in _OFF:
        return
    refs = {
        ref.get(w("type")): ref.get(qn("r:id")) or ""
        for ref in section.findall("w:headerReference", NS)
    }
    name = _relationships(data).get(refs.get("first") or "")
    header = _part(data, name) if name else None
    if header is not None:
        yield from header.iter(w("p"))


def plangen_issuer(data: bytes) -> str:
    """The author plangen writes (the plan's issuer), when plangen made the file: its custom
    properties name plangen's version. Other files' author is whoever typed them."""
    custom, core = _part(data, CUSTOM), _part(data, CORE)
    if custom is None or core is None:
        return ""
    names = {prop.get("name") for prop in custom.iter(qn("custom:property"))}
    creator = core.find(qn("dc:creator"))
    if "plangen.version" not in names or creator is None:
        return ""
    return (creator.text or "").strip()


def _relationships(data: bytes) -> dict[str, str]:
    """The body's relationships: id → the part's name in the package."""
    root = _part(data, RELATIONSHIPS)
    out: dict[str, str] = {}
    for rel in root if root is not None else []:
        target = rel.get("Target") or ""
        out[rel.get("Id") or ""] = (
            target.lstrip("/") if target.startswith("/") else normpath(join("word", target))
        )
    return out


def _part(data: bytes, name: str) -> Any:
    """A part parsed, or None when the package lacks it or it is not XML: these parts only
    help, so a file without them still imports."""
    try:
        return parse(read_part(data, name))
    except NotADocx:
        return None


def _val(node: Any) -> str:
    return (node.get(w("val")) or "") if node is not None else ""
