"""The document model: what one .docx shows, in order, as plain data.

``compose`` makes it from a plan and an edition; ``render`` turns it into OOXML through the
template; the page's preview turns it into HTML; ``pagination`` counts its lines. It knows the
official parts (版头, 标题, 主送, 正文 blocks with their styles, 版记) and nothing of OOXML.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """Text in one font role (``body``, ``heading1``, ``heading2``, ``title``…), maybe bold."""

    text: str
    role: str = "body"
    bold: bool = False


@dataclass(frozen=True)
class TableCell:
    """One cell: its text, and how many rows and columns it spans."""

    text: str
    rows: int = 1
    columns: int = 1


@dataclass(frozen=True)
class Table:
    """A ruled table: column titles and widths (in 字, ``None``: share what is left), rows of
    cells as the plan writes them (a cell spanning rows is written once, in its first row)."""

    title: str | None
    columns: tuple[str, ...]
    widths: tuple[float | None, ...]
    rows: tuple[tuple[TableCell, ...], ...]


@dataclass(frozen=True)
class Block:
    """One paragraph of the document: a template style and its spans (or a table)."""

    style: str
    spans: tuple[Span, ...] = ()
    table: Table | None = None
    #: a left indent of its own (twips), where a position depends on the text (a 署名)
    indent: int | None = None
    #: tab stops of its own (twips from the text block's left), for texts set side by side
    #: (the 署名 of several issuers under their seals, 签发人 and 发文字号): ``\t`` in a span
    #: moves to the next one; ``tab_align`` is ``left`` or ``center``
    tabs: tuple[int, ...] = ()
    tab_align: str = "left"

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Colophon:
    """版记: 抄送 and 印发机关/印发日期."""

    cc: str | None
    printer: str
    print_date: str


@dataclass(frozen=True)
class Document:
    """Everything one .docx shows, in order."""

    key: str
    edition_name: str
    file_stem: str
    front_lines: tuple[Span, ...]
    mark: str
    mark_size: int
    number: str
    title_lines: tuple[str, ...]
    subtitle: str | None
    recipients: str
    blocks: tuple[Block, ...]
    colophon: Colophon
    #: a draft's status line under the title, as （征求意见稿）; ``None`` for the issued text
    status: str | None = None
    #: ``file`` (版头 and 版记), ``plain`` (an internal plan: neither) or ``letter`` (信函格式:
    #: the mark and double rules on page 1, a 版记 of 抄送 only)
    format: str = "file"
    properties: dict[str, str] = field(default_factory=dict)
    #: 联合行文 (file format): the issuers' names, host first, stacked to the left of 文件
    #: (``mark`` holds them one a line too, for counting and previews)
    mark_names: tuple[str, ...] = ()
    #: 签发人 (upward documents): the rows of the 签发人 area, the last one holding the 发文字号
    #: flush left (``number`` is then not shown on a line of its own)
    signers: tuple[Block, ...] = ()
