"""A template made ready once per build, so that a document costs only its own rendering.

docxtpl's ``DocxTemplate.render`` opens the template through python-docx, turns the body and
every header and footer into Jinja source (``patch_xml``), compiles and renders them, parses the
result, and ``save`` writes every part of the package again; all of that for each document,
although only the rendering depends on the document. Here docxtpl does the template's part once:
:func:`prepare` opens it, keeps the patched Jinja source of the body, headers, footers and
footnotes, the ``w:document`` element they go into, and every other part as python-docx saves it,
already compressed. :meth:`Prepared.render` then does per document exactly what
``DocxTemplate.render`` does to those parts — Jinja, docxtpl's own clean-up of the result, its
``fix_tables`` and ``fix_docpr_ids``, the headers and footers parsed as python-docx parses them —
and nothing that a document does not change (nor its core properties, which docxtpl renders
too and ``build.finalise`` replaces). ``tests/test_prepared.py`` compares the result with
docxtpl's own render and save, byte for byte, on templates that use what ours does not.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import jinja2
from docx.opc.constants import CONTENT_TYPE
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate

from plangen.document.ooxml import package, runprops
from plangen.document.ooxml.ns import qn

if TYPE_CHECKING:
    from plangen.document.render import Template

#: the run docxtpl leaves where a tag was (``{{r x}}`` → ``</w:t></w:r>…<w:r><w:t …>``)
_EMPTY_RUN = '<w:r><w:t xml:space="preserve"></w:t></w:r>'
_COMMENT = re.compile(r"(<!--.*?-->)", re.DOTALL)
#: the parts every document gets its own of: the body, its properties (``build.finalise``)
_OWN = ("word/document.xml", "docProps/core.xml", "docProps/custom.xml")


@dataclass(frozen=True)
class Part:
    """A header, footer or footnotes part: its zip name, its relationship id in the body (a
    header or footer) and its Jinja source as docxtpl makes it."""

    name: str
    rid: str
    source: str
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Rendered:
    """One document's own parts: the ``w:document`` element, the headers' and footers' XML as
    rendered (parsed only for a part to be changed further: a letter's header, ``part``), and
    the footnotes' bytes."""

    document: Any
    headers_footers: dict[str, tuple[str, str]]  # zip name → (XML, encoding), docxtpl's order
    footnotes: dict[str, bytes]
    static: dict[str, package.Deflated]  # the template's other parts, compressed
    #: whether the body's runs may need tidying (``runprops.tidy_tree``): properties out of
    #: order in the template, or an empty run in what it rendered
    untidy: bool = True
    parsed: dict[str, Any] = field(default_factory=dict)  # the parts ``part`` gave out

    def part(self, name: str) -> Any:
        """The header or footer ``name`` parsed, as python-docx parses it, to be changed; its
        changes are what ``produce.finalise`` packs."""
        if name not in self.parsed:
            self.parsed[name] = parsed_part(*self.headers_footers[name])
        return self.parsed[name]


def parsed_part(text: str, encoding: str) -> Any:
    """A header's or footer's rendered XML parsed as python-docx parses it (and so as
    ``DocxTemplate.render`` left it)."""
    return parse_xml(text.encode(encoding))


@dataclass(frozen=True)
class Prepared:
    engine: DocxTemplate  # the template opened once: its body element and its clean-up steps
    body: str
    headers_footers: tuple[Part, ...]
    footnotes: tuple[Part, ...]
    rids: dict[str, str]  # relationship id → zip name of each header and footer
    static: dict[str, package.Deflated]  # every other part, as python-docx saves it
    shell: Any  # the document element with an empty body, for each document's to go in
    ordered: bool = False  # every run's properties of the body's source in schema order
    #: the body has drawings (none in plangen's documents; no value of plangen's makes one)
    drawings: bool = True
    #: each part without any of Jinja's marks as rendered, the same for every document
    unchanging: dict[tuple[jinja2.Environment, str], str] = field(
        default_factory=dict, compare=False, repr=False
    )

    def render(self, context: dict[str, Any], env: jinja2.Environment) -> Rendered:
        """The document's parts with ``context``, as ``DocxTemplate.render`` leaves them."""
        body = self._text(self.body, context, env)
        untidy = not self.ordered or runprops.may_leave_empty_runs(body)
        texts = [self._part_text(part.source, context, env) for part in self.headers_footers]
        tree = self.engine.fix_tables(body)
        if self.drawings and "docPr" in body:  # numbered from 1001, as docxtpl numbers them
            self.engine.docx_ids_index = 1000
            self.engine.fix_docpr_ids(tree)
        document = copy.deepcopy(self.shell)  # not the template's whole body, only to drop it
        document.replace(document.find(qn("w:body")), tree)
        parts = {
            part.name: (text, part.encoding)
            for part, text in zip(self.headers_footers, texts, strict=True)
        }
        notes = {part.name: part.source for part in self.footnotes}
        sections = document.sectPr_lst if notes else ()  # listed only when there are notes
        for _section in sections:  # docxtpl renders them again for every section
            for name, text in notes.items():
                notes[name] = self._text(self._patched(text), context, env)
        footnotes = {name: text.encode() for name, text in notes.items()}
        return Rendered(document, parts, footnotes, self.static, untidy)

    def _part_text(self, source: str, context: dict[str, Any], env: jinja2.Environment) -> str:
        """``_text`` of a header or footer: made once for one without a brace, which no context
        changes (most footers: a page number's field)."""
        if "{" in source:
            return self._text(source, context, env)
        made = self.unchanging.get((env, source))
        if made is None:
            made = self.unchanging[env, source] = self._text(source, context, env)
        return made

    def _text(self, source: str, context: dict[str, Any], env: jinja2.Environment) -> str:
        """``DocxTemplate.render_xml_part``: Jinja, then docxtpl's clean-up of what it made."""
        xml = _without_paragraph_newlines(env.from_string(source).render(context))
        # docxtpl's escapes of Jinja's marks, each with a brace: looked for only where there is
        # one (a search for a character is fast; one for a string in a Chinese text took 30 µs)
        if "{" in xml or "}" in xml:
            for escaped, tag in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
                xml = xml.replace(escaped, tag)
        return self._listing(xml)

    def _listing(self, xml: str) -> str:
        """docxtpl's ``resolve_listing`` (tabs, newlines… in a text become runs and breaks),
        given only the paragraphs that hold such a character: it leaves every other one as it
        is, and run over all of them it costs milliseconds a document (its regular expressions
        and a call per run); the template's own comments hold newlines, so every body has some."""
        marks = sorted(at for ch in "\t\a\n\f" for at in _found(xml, ch))
        if not marks:
            return xml
        pieces, done = [], 0
        for start, end in paragraphs_holding(xml, marks):
            pieces += [xml[done:start], self.engine.resolve_listing(xml[start:end])]
            done = end
        return "".join([*pieces, xml[done:]])

    def _patched(self, xml: str) -> str:
        return _for_render(self.engine.patch_xml(xml))


def _for_render(patched: str) -> str:
    """``render_xml_part``'s first step: a newline before every paragraph (Jinja's errors then
    name a line), taken out again after rendering."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)


def _without_paragraph_newlines(xml: str) -> str:
    """The newline put before every paragraph (``_for_render``) taken out again, as
    ``re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)`` does: each newline found and the next characters
    looked at (a character is found at memory speed; a string like ``"\n<w:p"`` in a Chinese
    text is not, and the two replaces this was took a tenth of a document's rendering)."""
    pieces, done = [], 0
    at = xml.find("\n")
    while at >= 0:
        if xml.startswith("<w:p", at + 1) and xml[at + 5 : at + 6] in (" ", ">"):
            pieces.append(xml[done:at])
            done = at + 1
        at = xml.find("\n", at + 1)
    if not pieces:
        return xml
    pieces.append(xml[done:])
    return "".join(pieces)


def _found(text: str, ch: str) -> list[int]:
    """Every index of ``ch`` in ``text`` (a few, where ``str.find`` is fastest)."""
    found, at = [], text.find(ch)
    while at >= 0:
        found.append(at)
        at = text.find(ch, at + 1)
    return found


def _without_empty_runs(source: str) -> str:
    """The body's source without the runs docxtpl leaves empty where its tags were (200 and more
    in every document), outside comments. ``build.finalise`` drops every empty run of the body
    (``runprops.tidy_tree``), and nothing before it looks at runs without text, so dropping
    these once from the source is the same as dropping them from every document."""
    pieces = _COMMENT.split(source)  # odd pieces are comments
    return "".join(p if n % 2 else p.replace(_EMPTY_RUN, "") for n, p in enumerate(pieces))


def paragraphs_from(xml: str, at: int = 0) -> Iterator[tuple[int, int]]:
    """Where the paragraphs are from ``at`` (a place between paragraphs), as docxtpl's
    ``resolve_listing`` finds them one after the other (``re.finditer(r"<w:p(?: [^>]*)?>.*?</w:p>",
    xml, re.DOTALL)``), by plain searches: that expression tries ``</w:p>`` after every
    character, which is most of its time."""
    while (start := xml.find("<w:p", at)) >= 0:
        follows = xml[start + 4 : start + 5]
        if follows == ">":
            opened = start + 5
        elif follows == " ":
            opened = xml.find(">", start) + 1
            if not opened:  # no ">" after it: no paragraph can start from here on
                return
        else:  # <w:pPr>, <w:pStyle …>: not a paragraph
            at = start + 1
            continue
        end = xml.find("</w:p>", opened)
        if end < 0:  # nothing closes this paragraph, nor any later one
            return
        yield start, end + 6
        at = end + 6


def paragraphs_holding(xml: str, marks: list[int]) -> list[tuple[int, int]]:
    """The paragraphs of ``paragraphs_from(xml)`` that hold one of ``marks`` (places, in order),
    each found by searching from just before its mark, not from the start: a search for a
    string in a Chinese text is slow, and the body's few marks are in a few of its hundreds of
    paragraphs. Where the search is between paragraphs is known after any ``</w:p>``: the
    first one after a paragraph's start ends it. (Unless it is inside a start tag that has no
    ``>`` of its own: then the search goes on from the last place known.)"""
    found: list[tuple[int, int]] = []
    known = 0  # the search is between paragraphs here, all before it looked at
    for mark in marks:
        if mark < known:
            continue
        closed = xml.rfind("</w:p>", known, mark)
        if closed >= 0:
            opening = xml.rfind("<w:p ", known, closed)
            if opening < 0 or xml.find(">", opening, closed) >= 0:
                known = closed + 6
        for start, end in paragraphs_from(xml, known):
            if start > mark:
                break
            known = end
            if mark < end:
                found.append((start, end))
                break
        else:  # no paragraph from here on
            break
    return found


@lru_cache(maxsize=2)  # a build uses one template; a diff two
def prepare(template: Template) -> Prepared:
    """``template`` opened by docxtpl and made ready (see the module's docstring)."""
    engine = DocxTemplate(io.BytesIO(template.data))
    engine.init_docx()
    headers_footers = [
        Part(part.partname.membername, rid, *_source(engine, part))
        for uri in (engine.HEADER_URI, engine.FOOTER_URI)
        for rid, part in engine.get_headers_footers(uri)
    ]
    footnotes = [
        Part(part.partname.membername, "", part.blob.decode("utf-8"))
        for part in engine.docx.part.package.parts
        if part.content_type == CONTENT_TYPE.WML_FOOTNOTES
    ]
    engine.docx.core_properties  # noqa: B018 - docxtpl's render adds them to a template without
    saved = io.BytesIO()
    engine.docx.save(saved)
    own = {*_OWN, *(p.name for p in headers_footers), *(p.name for p in footnotes)}
    static = {
        name: package.deflate(data, package.COMPRESSION)
        for name, data in package.read_parts(saved.getvalue()).items()
        if name not in own
    }
    shell = copy.deepcopy(engine.docx.element)
    body = shell.find(qn("w:body"))
    for child in list(body):
        body.remove(child)
    source = _without_empty_runs(_for_render(engine.patch_xml(engine.get_xml())))
    return Prepared(
        engine,
        source,
        tuple(headers_footers),
        tuple(footnotes),
        {p.rid: p.name for p in headers_footers},
        static,
        shell,
        runprops.ordered_source(source),
        "docPr" in source,
    )


def _source(engine: DocxTemplate, part: Any) -> tuple[str, str]:
    """A header's or footer's Jinja source and the encoding its result is stored in, as
    ``DocxTemplate.build_headers_footers_xml`` makes them."""
    xml = engine.get_part_xml(part)
    return _for_render(engine.patch_xml(xml)), engine.get_headers_footers_encoding(xml)
