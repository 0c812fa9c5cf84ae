"""Read a .docx into plain blocks: paragraphs (text, style, alignment, bold lead, size) and tables.

Whatever made the file — plangen, Word, WPS, LibreOffice — the importer only needs what a reader
sees: the words, how a paragraph is set (centred, right, bold, large) and the tables' cells. Text
boxes' fallback copies and tracked deletions are skipped as ``ooxml.text`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plangen.document.model import TableCell
from plangen.document.ooxml.text import NS, paragraph_text, parse, read_part, w

STYLES = "word/styles.xml"


@dataclass(frozen=True)
class Para:
    """One paragraph as the reader sees it; ``index`` counts the body's paragraphs from 1."""

    index: int
    text: str
    style: str = ""  # the style's id and name, lower case: "heading1 heading 1"
    align: str = ""  # left/both (""), "center", "right"
    bold: str = ""  # the text of the bold runs the paragraph starts with (a run-in heading)
    size: float = 0.0  # the largest font size in points, 0 when the runs do not say


@dataclass(frozen=True)
class Table:
    """A table: its rows of cells, a cell merged down shown once (``rows``) and left out below."""

    index: int
    rows: list[list[TableCell]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)  # the grid's columns, in twips


Block = Para | Table


def read_blocks(data: bytes) -> list[Block]:
    """The body of a .docx as paragraphs and tables, in order."""
    root = parse(read_part(data))
    names = _style_names(data)
    body = root.find("w:body", NS)
    blocks: list[Block] = []
    counter = [0]
    for child in body if body is not None else []:
        if child.tag == w("p"):
            counter[0] += 1
            blocks.append(_para(child, counter[0], names))
        elif child.tag == w("tbl"):
            counter[0] += 1
            blocks.append(Table(counter[0], _rows(child), _grid(child)))
        elif child.tag == w("sdt"):
            for p in child.iter(w("p")):
                counter[0] += 1
                blocks.append(_para(p, counter[0], names))
    return blocks


def _style_names(data: bytes) -> dict[str, str]:
    try:
        root = parse(read_part(data, STYLES))
    except Exception:
        return {}
    names = {}
    for style in root.iter(w("style")):
        name = style.find("w:name", NS)
        names[style.get(w("styleId")) or ""] = name.get(w("val")) if name is not None else ""
    return names


def _para(p: Any, index: int, names: dict[str, str]) -> Para:
    style = p.find("w:pPr/w:pStyle", NS)
    style_id = style.get(w("val")) if style is not None else ""
    jc = p.find("w:pPr/w:jc", NS)
    align = jc.get(w("val")) if jc is not None else ""
    align = {"start": "", "left": "", "both": "", "end": "right"}.get(align, align)
    text = paragraph_text(p).replace("\t", "\u3000")
    return Para(
        index,
        text.strip(" "),
        f"{style_id} {names.get(style_id, '')}".lower().strip(),
        align,
        _bold_lead(p),
        _size(p),
    )


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
