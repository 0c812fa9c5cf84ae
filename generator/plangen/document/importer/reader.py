"""Read a .docx into plain blocks: paragraphs (text, style, how they are set) and tables.

Whatever made the file — plangen, Word, WPS, LibreOffice — the importer only needs what a reader
sees: the words, how a paragraph is set (centred, right, indented, bold, large, on a new page) and
the tables' cells; and, for a letter, the header of page 1 alone (its 发文机关标志). A paragraph's
setting comes from the paragraph, else from its style (``package``), as Word shows it. Text boxes'
fallback copies and tracked deletions are skipped as ``ooxml.text`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from plangen.document import layout
from plangen.document.importer.package import (
    Style,
    align_of,
    first_header,
    indent_of,
    inherited,
    page_break_before,
    plangen_issuer,
    section_breaks_page,
    styles_of,
)
from plangen.document.model import TableCell
from plangen.document.ooxml.text import NS, paragraph_text, parse, read_part, w


@dataclass(frozen=True)
class Para:
    """One paragraph as the reader sees it; ``index`` counts the body's paragraphs from 1."""

    index: int
    text: str
    style: str = ""  # the style's id and name, lower case: "heading1 heading 1"
    align: str = ""  # left/both (""), "center", "right"
    bold: str = ""  # the text of the bold runs the paragraph starts with (a run-in heading)
    size: float = 0.0  # the largest font size in points, 0 when the runs do not say
    new_page: bool = False  # starts a page: a page break before it, or a section break
    indent: int = 0  # left indent in twips (a sealed 署名 is placed by one)
    unplaced: bool = False  # set by classify: kept where it lands, and listed in the report


@dataclass(frozen=True)
class Table:
    """A table: its rows of cells, a cell merged down shown once (``rows``) and left out below."""

    index: int
    rows: list[list[TableCell]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)  # the grid's columns, in twips


Block = Para | Table


@dataclass(frozen=True)
class Source:
    """What the importer reads of a file: the body, the paragraphs of page 1's own header (a
    letter's 发文机关标志 is there) and the issuer plangen wrote as the file's author."""

    blocks: list[Block]
    header: list[Para] = field(default_factory=list)
    issuer: str = ""  # from plangen's files only: others' author is a person or an account


def read(data: bytes) -> Source:
    """The body, the first page's header and plangen's author of the .docx ``data``."""
    root = parse(read_part(data))
    styles = styles_of(data)
    body = root.find("w:body", NS)
    header = [_para(p, 0, styles)[0] for p in first_header(data, body)]
    return Source(
        _blocks(body, styles),
        [p for p in header if p.text.strip("\u3000")],
        plangen_issuer(data),
    )


#: the style (lower case) of a paragraph's last line set apart to keep a 署名 company
CONTINUED = "bodycontinued "


def _blocks(body: Any, styles: dict[str, Style]) -> list[Block]:
    """The body's paragraphs and tables, in order; a page or section break at the end of a
    paragraph marks the next block as starting a page."""
    blocks: list[Block] = []
    broken = False
    seen = 0  # paragraphs and tables so far: a report names a paragraph by its place
    for child in body if body is not None else []:
        if child.tag == w("tbl"):
            seen += 1
            blocks.append(Table(seen, _rows(child), _grid(child)))
            broken = False
        elif _table_spacer(child, blocks):
            seen += 1  # not a line of the text: it brings the text after a table on the grid
        elif child.tag in (w("p"), w("sdt")):
            for p in [child] if child.tag == w("p") else child.iter(w("p")):
                seen += 1
                para, broken_after = _para(p, seen, styles)
                if para.style.startswith(CONTINUED) and blocks and isinstance(blocks[-1], Para):
                    # plangen moved the paragraph's last line to the 署名's page: one paragraph
                    blocks[-1] = replace(blocks[-1], text=blocks[-1].text + para.text)
                else:
                    blocks.append(replace(para, new_page=True) if broken else para)
                broken = broken_after
    return blocks


def _table_spacer(p: Any, blocks: list[Block]) -> bool:
    """The empty paragraph plangen sets right after a table, exactly as high as the rest of the
    table's last grid line (``ooxml.table.spacer``): less than a line, so never a blank line a
    clerk typed (which would read as room for a seal above a 署名)."""
    if p.tag != w("p") or not blocks or not isinstance(blocks[-1], Table) or paragraph_text(p):
        return False
    spacing = p.find("w:pPr/w:spacing", NS)
    line = spacing.get(w("line"), "") if spacing is not None else ""
    exact = spacing is not None and spacing.get(w("lineRule")) == "exact"
    return exact and line.isdigit() and int(line) < layout.LINE_PITCH


def _para(p: Any, index: int, styles: dict[str, Style]) -> tuple[Para, bool]:
    """The paragraph, and whether a break at its end puts the next block on a new page."""
    ppr = p.find("w:pPr", NS)
    node = p.find("w:pPr/w:pStyle", NS)
    style_id = (node.get(w("val")) or "") if node is not None else ""

    def setting(own: Any, attribute: str, default: Any) -> Any:
        found = own if own is not None else inherited(styles, style_id, attribute)
        return default if found is None else found

    before, after = _page_breaks(p)
    name = styles[style_id].name if style_id in styles else ""
    para = Para(
        index,
        paragraph_text(p).replace("\t", "\u3000").strip(" "),
        f"{style_id} {name}".lower().strip(),
        setting(align_of(ppr), "align", ""),
        _bold_lead(p),
        _size(p),
        before or setting(page_break_before(ppr), "new_page", False),
        setting(indent_of(ppr), "indent", 0),
    )
    return para, after or section_breaks_page(ppr)


def _page_breaks(p: Any) -> tuple[bool, bool]:
    """A typed page break (Ctrl+Enter) before the paragraph's text puts the paragraph on a new
    page; one after its text, or alone in its paragraph (Word's way), puts the next there."""
    seen = before = after = False
    for node in p.iter(w("t"), w("br")):
        if node.tag == w("t"):
            seen = seen or bool((node.text or "").strip())
        elif node.get(w("type")) == "page":
            before, after = (before, True) if seen else (True, after)
    if before and not seen:
        return False, True
    return before, after


def _on(rpr: Any, tag: str) -> bool:
    node = rpr.find(f"w:{tag}", NS) if rpr is not None else None
    return node is not None and node.get(w("val")) not in ("0", "false", "off")


def _bold_lead(p: Any) -> str:
    lead = []
    for run in p.iter(w("r")):
        text = "".join(t.text or "" for t in run.iter(w("t")))
        if not text.strip():
            continue
        if not _on(run.find("w:rPr", NS), "b"):
            break
        lead.append(text)
    return "".join(lead).strip()


def _size(p: Any) -> float:
    sizes = [int(s.get(w("val")) or 0) for s in p.iter(w("sz")) if s.get(w("val"), "").isdigit()]
    return max(sizes, default=0) / 2


def _cell_text(tc: Any) -> str:
    lines = []
    for p in tc.iter(w("p")):
        pieces = []
        for node in p.iter(w("t"), w("br"), w("tab")):
            if node.tag == w("t"):
                pieces.append(node.text or "")
            else:
                pieces.append("\n" if node.tag == w("br") else "\u3000")
        lines.append("".join(pieces))
    return "\n".join(lines).strip()


def _grid(tbl: Any) -> list[int]:
    widths = [col.get(w("w"), "") for col in tbl.findall("w:tblGrid/w:gridCol", NS)]
    return [int(width) if width.isdigit() else 0 for width in widths]


def _rows(tbl: Any) -> list[list[TableCell]]:
    """Cells with their spans; a cell continuing a vertical merge adds a row to the one above."""
    rows: list[list[TableCell]] = []
    opened: dict[int, tuple[int, int]] = {}  # grid column → (row, position) of the merge's start
    for r, tr in enumerate(tbl.findall("w:tr", NS)):
        row: list[TableCell] = []
        column = 0
        for tc in tr.findall("w:tc", NS):
            span_node = tc.find("w:tcPr/w:gridSpan", NS)
            span = int(span_node.get(w("val"))) if span_node is not None else 1
            merge = tc.find("w:tcPr/w:vMerge", NS)
            if merge is not None and merge.get(w("val")) in (None, "continue") and column in opened:
                at_row, at = opened[column]
                above = rows[at_row][at]
                rows[at_row][at] = TableCell(above.text, above.rows + 1, above.columns)
            else:
                if merge is not None:
                    opened[column] = (r, len(row))
                else:
                    opened.pop(column, None)
                row.append(TableCell(_cell_text(tc), 1, span))
            column += span
        rows.append(row)
    return rows
