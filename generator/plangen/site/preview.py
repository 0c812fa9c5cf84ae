"""A document model as plain HTML, for checking a document's text before downloading it.

Pure: :class:`~plangen.document.compose.Document` in, an HTML fragment out. The blocks become Markdown —
headings for the numbered parts, ``**bold**`` where the document is bold — and the ``markdown``
library turns that into HTML. Every piece of plan text is escaped twice over before Markdown sees
it (HTML's ``& < >`` as entities, Markdown's own punctuation with backslashes), so nothing a
drafter types can become markup: ``<script>`` or ``[x](y)`` in a plan is shown as typed.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import markdown

from plangen.document.model import Block, Document, Span, Table

#: Python-Markdown's backslash escapes (``Markdown.ESCAPED_CHARS``), ``>`` being an entity by then
_PUNCTUATION = "\\`*_{}[]()#+-.!"
#: each made literal with a backslash (one table look-up a character, not a regular expression's
#: match and template a character) — in a text that has any: most texts of a plan have none, and
#: a regular expression finds that out four times faster than the table looks at every
#: character of a Chinese text
_MARKDOWN_PUNCTUATION = str.maketrans({c: f"\\{c}" for c in _PUNCTUATION})
_ANY_PUNCTUATION = re.compile(f"[{re.escape(_PUNCTUATION)}]")
_LEADING_SPACES = re.compile(r"^[\u3000\u2002 ]+")

#: template style → the part of the page it belongs to (a ``<div class=…>``)
_REGIONS = {
    "Signature": "signature",
    "SealSignature": "signature",
    "SealDate": "signature",
    "SealRow": "signature",
    "PlanTitle": "attachment-title",
    "PlanSubtitle": "attachment-title",
    "AttachmentLabel": "attachment-label",
    "AttachmentTitle": "attachment-title",
    "AttachmentNote": "attachment-note",
    "Note": "note",
}
_HEADINGS = {"H1": "## ", "H2": "### "}


@dataclass(frozen=True)
class _Region:
    css: str
    lines: tuple[str, ...]


def escape(text: str) -> str:
    """Plan text made inert for Markdown and HTML: it renders as exactly these characters."""
    flat = html.escape(text.replace("\r", " ").replace("\n", " "), quote=False)
    return flat.translate(_MARKDOWN_PUNCTUATION) if _ANY_PUNCTUATION.search(flat) else flat


def _indent(text: str) -> str:
    """Keep the clerk's leading ideographic spaces (member lists) that Markdown would strip."""
    lead = _LEADING_SPACES.match(text)
    if not lead:
        return escape(text)
    spaces = "".join(f"&#{ord(c)};" for c in lead.group() if c != " ")
    return spaces + escape(text[lead.end() :])


def _merged(spans: Iterable[Span]) -> list[tuple[str, bool]]:
    """Spans as (text, bold), neighbours of the same weight joined (so ``**a****b**`` never
    happens). Headings in 黑体/楷体 read as bold in a preview."""
    out: list[tuple[str, bool]] = []
    for span in spans:
        bold = span.bold or span.role in ("heading1", "heading2")
        if out and out[-1][1] == bold:
            out[-1] = (out[-1][0] + span.text, bold)
        elif span.text:
            out.append((span.text, bold))
    return out


def _inline(spans: Iterable[Span]) -> str:
    parts = []
    for n, (text, bold) in enumerate(_merged(spans)):
        if bold and text.strip():
            parts.append(f"**{escape(text.strip())}**")
        else:
            parts.append(_indent(text) if n == 0 else escape(text))
    return "".join(parts)


def _style(block: Block) -> str:
    """The template style without its pagination variant (``SignatureKeep`` → ``Signature``)."""
    return block.style.removesuffix("Keep")


def block_markdown(block: Block) -> str:
    """One block as one Markdown paragraph or heading: a 一、 or （一） heading on its own line
    is a heading; one with its text run in is a paragraph that starts in bold."""
    style = _style(block)
    if style in _HEADINGS and len(block.spans) == 1:
        return _HEADINGS[style] + escape(block.text)
    if style == "Signature":
        return escape(block.text.strip("\u3000\u2002 "))
    if style == "SealRow":  # names side by side under their seals
        return "\u3000\u3000".join(escape(name) for name in block.text.split("\t") if name)
    return _inline(block.spans)


def _regions(blocks: Iterable[Block]) -> Iterator[_Region]:
    """Consecutive blocks of one kind together; a blank line of the document ends a region."""
    css = ""
    lines: list[str] = []
    for block in blocks:
        if block.table is not None:  # a table is a region of its own, already HTML
            if lines:
                yield _Region(css, tuple(lines))
            yield _Region("table", (table_html(block.table),))
            css, lines = "", []
            continue
        style = _style(block)
        if style == "BodyContinued" and lines:  # a paragraph's last line, set apart in print
            lines[-1] += _inline(block.spans)
            continue
        kind = "" if style == "Blank" else _REGIONS.get(style, "text")
        if kind != css or kind == "attachment-label":
            if lines:
                yield _Region(css, tuple(lines))
            css, lines = kind, []
        if kind:
            lines.append(block_markdown(block))
    if lines:
        yield _Region(css, tuple(lines))


def table_html(table: Table) -> str:
    """A table as HTML: its title, a header row, and cells with their spans (text escaped)."""
    out = ['<table class="plan-table">']
    if table.title:
        out.append(f"<caption>{html.escape(table.title)}</caption>")
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in table.columns)
    out.append(f"<thead><tr>{head}</tr></thead><tbody>")
    for row in table.rows:
        cells = []
        for cell in row:
            spans = (f' rowspan="{cell.rows}"' if cell.rows > 1 else "") + (
                f' colspan="{cell.columns}"' if cell.columns > 1 else ""
            )
            cells.append(f"<td{spans}>{html.escape(cell.text)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


_CONVERTERS = threading.local()


@lru_cache(maxsize=4096)  # a plan's editions share most of their text: converted once
def _render(source: str) -> str:
    """Markdown → HTML through one converter per thread, reset between texts: building a
    ``Markdown`` (its extensions and patterns) for each of a page's texts took most of the
    site's time."""
    converter = getattr(_CONVERTERS, "markdown", None)
    if converter is None:
        converter = _CONVERTERS.markdown = markdown.Markdown(output_format="html")
    return str(converter.reset().convert(source))


def _number_html(document: Document) -> str:
    """The 发文字号's line; with 签发人, the number on the left and the rows on the right."""
    if not document.signers:
        return f'<p class="number">{html.escape(document.number)}</p>'
    rows = "<br>".join(
        html.escape("\u3000".join(p for p in b.text.split("\t") if p and p != document.number))
        for b in document.signers
    )
    number = html.escape(document.number)
    return f'<p class="number signed"><span>{number}</span><span class="signers">{rows}</span></p>'


def document_html(document: Document) -> str:
    """The preview of one document: 版头, title, 主送, body, 署名, attachments and 版记."""
    out = ['<article class="document">', '<header class="document-head">']
    for span in document.front_lines:
        out.append(f'<p class="front">{html.escape(span.text)}</p>')
    mark = "<br>".join(html.escape(line) for line in document.mark.split("\n"))  # a long name
    if document.mark_names:  # 联合行文: the names stacked, 文件 beside them
        mark = f'<span class="mark-names">{mark}</span> 文件'
    out.append(f'<p class="mark">{mark}</p>')
    out.append(_number_html(document))
    out.append(_render("# " + escape("".join(document.title_lines))))
    if document.subtitle:
        out.append(f'<p class="subtitle">{html.escape(document.subtitle)}</p>')
    if document.status:
        out.append(f'<p class="subtitle">{html.escape(document.status)}</p>')
    out.append("</header>")
    if document.recipients:
        out.append(f'<p class="recipients">{html.escape(document.recipients)}</p>')
    for region in _regions(document.blocks):
        body = region.lines[0] if region.css == "table" else _render("\n\n".join(region.lines))
        out.append(f'<div class="{region.css}">\n{body}\n</div>')
    colophon = document.colophon
    out.append('<footer class="colophon">')
    if colophon.cc:
        out.append(f'<p class="cc">{html.escape(colophon.cc)}</p>')
    out.append(
        f'<p class="printer"><span>{html.escape(colophon.printer)}</span>'
        f"<span>{html.escape(colophon.print_date)}</span></p>"
    )
    out.append("</footer>")
    out.append("</article>")
    return "\n".join(out)
