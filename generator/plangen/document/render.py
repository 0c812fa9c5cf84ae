"""Document model → .docx bytes, through a docxtpl template.

The template (``templates/official.docx``) holds every style, the page set-up, the footers and the
order of the official parts; this module only builds the context: one RichText per paragraph, each
run naming its East Asian font (``w:eastAsia``; its Latin fonts are the same Chinese font, so “”—…
are drawn in it too). Autoescaping is on, so text from a plan can never become markup.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import jinja2
from docxtpl import RichText
from lxml import etree

from plangen.core import cache
from plangen.core.errors import RenderError
from plangen.core.messages import Localized
from plangen.document import layout, letter, pagination
from plangen.document.model import Block, Document, Span
from plangen.document.ooxml import mark
from plangen.document.ooxml.ns import qn
from plangen.document.ooxml.sections import join_last_section
from plangen.document.prepared import Rendered, prepare

#: the text of a table's place in the rendered body (``ooxml.table.MARKER``)
TABLE_MARKER = "\ue000plangen-table-{}\ue000"


@dataclass(frozen=True)
class Template:
    """A template read once per build (made ready for rendering once: ``prepared.prepare``)."""

    name: str
    data: bytes


def _font(role: str, fonts: layout.Layout) -> str:
    return {
        "body": fonts.body,
        "heading1": fonts.heading1,
        "heading2": fonts.heading2,
        "title": fonts.title,
    }.get(role, fonts.body)


class Fields(SimpleNamespace):
    """A template variable with fields (a block, the 版记), read in the template as
    ``b.style`` (or ``b["style"]``: Jinja falls back to the attribute). Not a dict: Jinja asks
    for an attribute first, and a dict answers with an exception before the key is looked up."""


def rich(spans: tuple[Span, ...], fonts: layout.Layout, **extra: Any) -> RichText:
    """The runs of ``spans`` as the template inserts them (docxtpl's RichText)."""
    return _rich(spans, fonts, tuple(sorted(extra.items())))


#: what a run may carry besides its font and weight: its size (half-points) and colour
_OPTIONS = frozenset({"size", "color"})


@lru_cache(maxsize=4096)
def _rich(spans: tuple[Span, ...], fonts: layout.Layout, extra: tuple[Any, ...]) -> RichText:
    """``rich``, remembered: a plan's editions share most of their paragraphs, and building
    the runs is a fifth of a document's rendering. A RichText is only read once made.

    The runs are those ``RichText.add(text, font="eastAsia:…", bold=…, size=…, color=…)``
    makes, with two differences that leave nothing for ``runprops.tidy_tree`` to do: the run
    properties in the schema's order (rFonts, b, color, sz, szCs; docxtpl 0.20 writes rFonts
    last, which Word drops), and no run for a span without text (an empty run, which tidying
    would drop)."""
    options = dict(extra)
    if not options.keys() <= _OPTIONS:
        raise TypeError(f"run options {sorted(options.keys() - _OPTIONS)}")
    color, size = options.get("color"), options.get("size")
    shown = (f'<w:color w:val="{_attr(color)}"/>' if color else "") + (
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else ""
    )
    runs = []
    for span in spans:
        if not span.text:
            continue
        font = _attr(_font(span.role, fonts))
        props = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:eastAsia="{font}"/>'
        bold = "<w:b/>" if span.bold else ""
        text = html.escape(span.text)
        runs.append(
            f'<w:r><w:rPr>{props}{bold}{shown}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'
        )
    made = RichText()
    made.xml = "".join(runs)
    return made


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def context(
    document: Document, fonts: layout.Layout, placement: pagination.ColophonPlacement
) -> dict[str, Any]:
    """The template's variables for one document, its 版记 placed as ``placement`` says."""
    colophon = document.colophon
    size = layout.SIZE_COLOPHON

    tables = iter(range(len(document.blocks)))

    def block(b: Block) -> Fields:
        if b.table is not None:  # a marker, replaced by the table after rendering (ooxml.table)
            marker = rich((Span(TABLE_MARKER.format(next(tables))),), fonts)
            return Fields(style="Body", rich=marker)
        return Fields(style=b.style, rich=rich(b.spans, fonts))

    return {
        "head": document.format == "file",  # 版头 and 版记; a plain plan has neither
        "letter": document.format == "letter",  # the letter's 版头 is in the first-page header
        "letter_lines": _letter_lines(document, fonts),
        "letter_cc": document.format == "letter" and bool(colophon.cc),
        "front_lines": [rich((s,), fonts) for s in document.front_lines],
        "mark": rich(
            (Span(document.mark, "title"),), fonts, size=document.mark_size, color="FF0000"
        ),
        "number": rich((Span(document.number),), fonts),
        "signed": bool(document.signers),  # 签发人 rows; the last one holds the 发文字号
        "signer_lines": [rich(b.spans, fonts) for b in document.signers[:-1]],
        "signed_number": rich(document.signers[-1].spans, fonts) if document.signers else None,
        "title_lines": [rich((Span(line, "title"),), fonts) for line in document.title_lines],
        "subtitle": rich((Span(document.subtitle, "heading2"),), fonts)
        if document.subtitle
        else None,
        "status": rich((Span(document.status, "heading2"),), fonts) if document.status else None,
        "recipients": rich((Span(document.recipients),), fonts),
        "has_recipients": bool(document.recipients),
        "blocks": [block(b) for b in document.blocks],
        # Blank body lines above the 版记 so that its last rule sits on the bottom of the text block.
        "colophon_padding": list(range(placement.padding)),
        "colophon": Fields(
            cc=rich((Span(colophon.cc),), fonts, size=size) if colophon and colophon.cc else None,
            printer=rich((Span(colophon.printer or ""),), fonts, size=size),
            print_date=rich((Span(colophon.print_date or ""),), fonts, size=size),
        ),
    }


def _letter_lines(document: Document, fonts: layout.Layout) -> list[Fields]:
    """A letter's lines under the upper rule: 份号, 密级, 紧急程度 flush left, one a line, the
    发文字号 flush right on the first line (one line even when there is neither)."""
    if document.format != "letter":
        return []
    left = list(document.front_lines) or [Span("")]
    right = [Span(document.number), *(Span("") for _ in left[1:])]
    return [
        Fields(left=rich((a,), fonts), right=rich((b,), fonts))
        for a, b in zip(left, right, strict=True)
    ]


def _set_geometry(root: Any, document: Document) -> None:
    """Give the paragraphs of blocks with a position of their own (署名, 签发人 rows) their
    left indent and tab stops. Every paragraph of such a style has one, and the template's
    paragraph of such a style holds only its style, so they are matched in order, and
    ``w:tabs`` then ``w:ind`` follow ``w:pStyle`` in schema order."""
    wanted = [b for b in (*document.signers, *document.blocks) if b.indent is not None or b.tabs]
    if not wanted:  # most documents: no need to look at every paragraph's style
        return
    styles = {b.style for b in wanted}
    found = [
        style
        for style in root.iter(qn("w:pStyle"))
        if style.get(qn("w:val")) in styles and style.getparent().tag == qn("w:pPr")
    ]
    for block, style in zip(wanted, found, strict=True):
        if block.indent is not None:
            ind = etree.Element(qn("w:ind"))
            ind.set(qn("w:left"), str(block.indent))
            style.addnext(ind)
        if block.tabs:
            tabs = etree.Element(qn("w:tabs"))
            for position in block.tabs:
                tab = etree.SubElement(tabs, qn("w:tab"))
                tab.set(qn("w:val"), block.tab_align)
                tab.set(qn("w:pos"), str(position))
            style.addnext(tabs)


class _CompileOnce(jinja2.Environment):
    """docxtpl turns each part of the template into Jinja source and compiles it for every
    document; that source is the same for every document of a build, so compile it once."""

    def __init__(self) -> None:
        # StrictUndefined: a name the template uses and the context lacks is an error, not an
        # empty title.
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(
        self, source: Any, globals: Any = None, template_class: Any = None
    ) -> jinja2.Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            # compiled by an earlier run, when it was (``core.cache``): a third of rebuilding
            # one plan otherwise
            code = cache.code("template", self._identity(source), lambda: self.compile(source))
            globals_ = self.make_globals(None)
            self._compiled[source] = self.template_class.from_code(self, code, globals_, None)
        return self._compiled[source]

    def _identity(self, source: str) -> str:
        """What Jinja's code for ``source`` is made from: its version, every setting of this
        environment that the lexer, the parser or the code generator reads, and the source."""
        settings = (
            self.block_start_string, self.block_end_string, self.variable_start_string,
            self.variable_end_string, self.comment_start_string, self.comment_end_string,
            self.line_statement_prefix, self.line_comment_prefix, self.trim_blocks,
            self.lstrip_blocks, self.newline_sequence, self.keep_trailing_newline,
            sorted(self.extensions), self.optimized, self.autoescape,
        )  # fmt: skip
        return f"jinja2 {jinja2.__version__} {settings!r}\n{source}"


_ENV = _CompileOnce()


def _quoted_name(message: str) -> str:
    """The name in jinja's ``'x' is undefined`` (or the whole message when it has none)."""
    found = re.search(r"'([^']+)'", message)
    return found[1] if found else message


def render_docx(document: Document, template: Template, fonts: layout.Layout) -> Rendered:
    """The rendered document's own parts (not yet packed: see ``build.finalise``)."""
    ready = prepare(template)
    if document.format == "plain" or (document.format == "letter" and not document.colophon.cc):
        # no 版记: the body's section is the document's last
        placement = pagination.ColophonPlacement(same_page=True, padding=0)
    else:
        placement = pagination.colophon_placement(document)
    try:
        rendered = ready.render(context(document, fonts, placement), _ENV)
    except jinja2.UndefinedError as err:  # a misspelt name would silently leave a part empty
        detail = Localized(_quoted_name(str(err)), str(err))
        raise RenderError("render.template-name", template=template.name, detail=detail) from None
    except jinja2.TemplateSyntaxError as err:
        detail = Localized("", f": {err.message}")
        raise RenderError("render.template-syntax", template=template.name, detail=detail) from None
    except jinja2.TemplateError as err:
        raise RenderError("render.template", template=template.name, detail=str(err)) from err
    _set_geometry(rendered.document, document)
    if document.mark_names:  # a joint mark of the file format (a letter's is in its header)
        mark.apply_joint(rendered.document, document.mark_names, document.mark_size)
    if document.format == "letter":
        header = rendered.part(ready.rids["rId7"])
        lines = document.mark.count("\n") + 1
        cc_lines = pagination.colophon_lines(document)
        letter.apply(rendered.document, header, document.mark_size, lines, cc_lines)
    if placement.same_page:  # the 版记 shares the last body page: one section, numbered
        join_last_section(rendered.document, {"ColophonSpacer": "ColophonSpacerJoined"})
    return rendered
