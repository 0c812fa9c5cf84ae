"""A document model as plain HTML, for checking a document's text before downloading it.

Pure: :class:`~plangen.document.compose.Document` in, an HTML fragment out. The blocks become
Markdown — headings for the numbered parts, ``**bold**`` where the document is bold — and that
becomes the HTML the ``markdown`` library would make of it: written directly for the plain forms
every plan's text takes, by the library for anything else. Every piece of plan text is escaped
twice over before Markdown sees it (HTML's ``& < >`` as entities, Markdown's own punctuation with
backslashes), so nothing a drafter types can become markup: ``<script>`` or ``[x](y)`` in a plan
is shown as typed.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

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
    """Blocks shown together: each paragraph's blocks (the first, then the lines that continue
    it), or a table's HTML."""

    css: str
    paragraphs: tuple[tuple[Block, ...], ...] = ()
    table: str = ""

    @property
    def lines(self) -> tuple[str, ...]:
        """The paragraphs as Markdown, one line each."""
        return tuple(
            block_markdown(first) + "".join(_inline(b.spans) for b in rest)
            for first, *rest in self.paragraphs
        )


def escape(text: str) -> str:
    """Plan text made inert for Markdown and HTML: it renders as exactly these characters."""
    flat = _text_html(text)
    return flat.translate(_MARKDOWN_PUNCTUATION) if _ANY_PUNCTUATION.search(flat) else flat


def _indent(text: str, escaped: Callable[[str], str] = escape) -> str:
    """Keep the clerk's leading ideographic spaces (member lists) that Markdown would strip."""
    lead = _LEADING_SPACES.match(text)
    if not lead:
        return escaped(text)
    spaces = "".join(f"&#{ord(c)};" for c in lead.group() if c != " ")
    return spaces + escaped(text[lead.end() :])


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


def _inline(
    spans: Iterable[Span], escaped: Callable[[str], str] = escape, strong: str = "**{}**"
) -> str:
    parts = []
    for n, (text, bold) in enumerate(_merged(spans)):
        if bold and text.strip():
            parts.append(strong.format(escaped(text.strip())))
        else:
            parts.append(_indent(text, escaped) if n == 0 else escaped(text))
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
    paragraphs: list[tuple[Block, ...]] = []
    for block in blocks:
        if block.table is not None:  # a table is a region of its own, already HTML
            if paragraphs:
                yield _Region(css, tuple(paragraphs))
            yield _Region("table", table=table_html(block.table))
            css, paragraphs = "", []
            continue
        style = _style(block)
        if style == "BodyContinued" and paragraphs:  # a paragraph's last line, set apart in print
            paragraphs[-1] += (block,)
            continue
        kind = "" if style == "Blank" else _REGIONS.get(style, "text")
        if kind != css or kind == "attachment-label":
            if paragraphs:
                yield _Region(css, tuple(paragraphs))
            css, paragraphs = kind, []
        if kind:
            paragraphs.append((block,))
    if paragraphs:
        yield _Region(css, tuple(paragraphs))


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


#: what Markdown would not leave as it is in a paragraph's HTML: a tab (spaces, as many as its
#: column says) and its own placeholder characters
_NOT_AS_IS = re.compile("[\t\x02\x03]")


def _region_html(region: _Region) -> str:
    """What Markdown makes of the region's lines (``_Region.lines``), written directly from its
    blocks: Markdown's HTML of the forms ``block_markdown`` writes is known (``_text_html``
    with ``<strong>`` for the ``**``), and a page of a thousand documents spent a tenth of its
    build making Markdown and reading it back. A paragraph whose HTML would not be as written
    (``_paragraph_html``) has the region made by Markdown; ``test_preview_html`` checks that
    both make the same."""
    out = []
    for paragraph in region.paragraphs:
        made = _paragraph_html(paragraph)
        if made is None:
            return _render("\n\n".join(region.lines))
        if made:
            out.append(made)
    return "\n".join(out)


def _paragraph_html(blocks: tuple[Block, ...]) -> str | None:
    """A paragraph's HTML as Markdown writes its line: ``<h2>`` for a heading, ``<p>`` for
    text, nothing for white space; ``None`` where Markdown would change more than that (a tab, a
    heading with nothing in it, text that starts with a space it would strip or make code of)."""
    first, rest = blocks[0], blocks[1:]
    style = _style(first)
    tag = "p"
    if style in _HEADINGS and len(first.spans) == 1:
        tag, inner = f"h{len(_HEADINGS[style]) - 1}", _text_html(first.text)
    elif style == "Signature":
        inner = _text_html(first.text.strip("\u3000\u2002 "))
    elif style == "SealRow":
        inner = "\u3000\u3000".join(_text_html(n) for n in first.text.split("\t") if n)
    else:
        inner = _inline_html(first.spans)
    inner += "".join(_inline_html(b.spans) for b in rest)
    if _NOT_AS_IS.search(inner):
        return None
    if tag != "p":  # Markdown strips a heading's text
        inner = inner.strip()
        return f"<{tag}>{inner}</{tag}>" if inner else None
    if not inner.strip():
        return ""
    return None if inner[0].isspace() else f"<p>{inner}</p>"


def _text_html(text: str) -> str:
    """Plan text as HTML, on one line: ``escape``'s text before its backslashes for Markdown,
    and so as Markdown gives it back."""
    return html.escape(text.replace("\r", " ").replace("\n", " "), quote=False)


def _inline_html(spans: Iterable[Span]) -> str:
    """``_inline``'s text as Markdown gives it back: ``**…**`` as ``<strong>``."""
    return _inline(spans, _text_html, "<strong>{}</strong>")


def _title_html(title: str) -> str:
    """The title as Markdown makes ``# …`` of it (``_paragraph_html``'s heading)."""
    inner = _text_html(title).strip()
    if not inner or _NOT_AS_IS.search(inner):
        return _render("# " + escape(title))
    return f"<h1>{inner}</h1>"


_CONVERTERS = threading.local()


@lru_cache(maxsize=4096)  # a plan's editions share most of their text: converted once
def _render(source: str) -> str:
    """Markdown → HTML through one converter per thread, reset between texts: building a
    ``Markdown`` (its extensions and patterns) for each of a page's texts took most of the
    site's time."""
    converter = getattr(_CONVERTERS, "markdown", None)
    if converter is None:  # imported here: most previews never need it (``_region_html``)
        import markdown

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
    out.append(_title_html("".join(document.title_lines)))
    if document.subtitle:
        out.append(f'<p class="subtitle">{html.escape(document.subtitle)}</p>')
    if document.status:
        out.append(f'<p class="subtitle">{html.escape(document.status)}</p>')
    out.append("</header>")
    if document.recipients:
        out.append(f'<p class="recipients">{html.escape(document.recipients)}</p>')
    for region in _regions(document.blocks):
        body = region.table or _region_html(region)
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
