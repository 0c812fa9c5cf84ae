"""A template prepared once renders every document byte for byte as docxtpl's own
``DocxTemplate.render`` and ``save`` did (the way plangen rendered before, kept here as the
reference), also for templates that use what the shipped one does not: a tag in a footer, a
footnotes part with a tag, a tab in a text of the body."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from docxtpl import DocxTemplate
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from plangen.core.project import Project
from plangen.document import layout, letter, pagination, prepared, render
from plangen.document import template_source as templates
from plangen.document.compose import compose, editions
from plangen.document.model import Document
from plangen.document.ooxml import mark, package, runprops
from plangen.document.ooxml.runprops import tidy_runs, tidy_tree
from plangen.document.ooxml.sections import join_last_section
from plangen.document.ooxml.table import insert_tables_into
from plangen.document.produce import finalise, load_template, properties
from plangen.plan.validate import Plan, validate_paths

from .conftest import CASES, ROOT

MOMENT = dt.datetime(2014, 2, 24, tzinfo=dt.UTC)
FONTS = layout.Layout()


def by_docxtpl(plan: Plan, document: Document, template: render.Template) -> bytes:
    """The document as plangen made it with a ``DocxTemplate`` per document, saved through
    python-docx, then unpacked, tidied and packed again."""
    tpl = DocxTemplate(io.BytesIO(template.data))
    if document.format == "plain" or (document.format == "letter" and not document.colophon.cc):
        placement = pagination.ColophonPlacement(same_page=True, padding=0)
    else:
        placement = pagination.colophon_placement(document)
    tpl.render(render.context(document, FONTS, placement), render._ENV, autoescape=True)
    render._set_geometry(tpl.docx.element, document)
    if document.mark_names and document.format == "file":
        mark.apply_joint(tpl.docx.element, document.mark_names, document.mark_size)
    if document.format == "letter":
        header = tpl.docx.part.rels["rId7"].target_part
        lines = document.mark.count("\n") + 1
        cc = pagination.colophon_lines(document)
        letter.apply(tpl.docx.element, header._element, document.mark_size, lines, cc)
    if placement.same_page:
        join_last_section(tpl.docx.element, {"ColophonSpacer": "ColophonSpacerJoined"})
    saved = io.BytesIO()
    tpl.save(saved)
    parts = package.read_parts(saved.getvalue())
    root = etree.fromstring(parts["word/document.xml"])
    tables = [b.table for b in document.blocks if b.table is not None]
    if tables:
        insert_tables_into(root, tables, FONTS, pagination.table_spacers(document))
    if tidy_tree(root) or tables:
        parts["word/document.xml"] = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        )
    for name in [n for n in parts if n.startswith("word/header")]:
        parts[name] = tidy_runs(parts[name])
    parts.update(properties(plan, document, "h", MOMENT))
    return package.repack(parts, MOMENT, package.COMPRESSION)


def prepared_once(plan: Plan, document: Document, template: render.Template) -> bytes:
    rendered = render.render_docx(document, template, FONTS)
    return finalise(rendered, plan, document, "h", MOMENT, FONTS)


def _with_parts(edit: dict[str, tuple[str, str]], add: dict[str, bytes]) -> bytes:
    """The packaged template with ``old → new`` replaced once in the parts of ``edit`` and the
    parts of ``add`` added."""
    parts = package.read_parts(templates.packaged().docx.read_bytes())
    for name, (old, new) in edit.items():
        text = parts[name].decode()
        assert old in text, (name, old)
        parts[name] = text.replace(old, new, 1).encode()
    parts.update(add)
    return package.repack(parts, MOMENT)


FOOTNOTES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b'<w:footnote w:id="0"><w:p><w:r><w:t>{{ head }} {{ letter }}</w:t></w:r></w:p></w:footnote>'
    b"</w:footnotes>"
)
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"

TEMPLATES = {
    "packaged": lambda: templates.packaged().docx.read_bytes(),
    "tags in a footer and in footnotes, a tab in a text": lambda: _with_parts(
        {
            "word/footerOdd.xml": (
                "<w:t>1</w:t>",
                "<w:t>1</w:t></w:r><w:r><w:t>{{r number }}</w:t>",
            ),
            "word/_rels/document.xml.rels": (
                "</Relationships>",
                f'<Relationship Id="rId99" Type="{FOOTNOTES_REL}" Target="footnotes.xml"/>'
                "</Relationships>",
            ),
            "[Content_Types].xml": (
                "</Types>",
                f'<Override PartName="/word/footnotes.xml" ContentType="{FOOTNOTES_TYPE}"/></Types>',
            ),
            "word/document.xml": ("<w:body>", "<w:body><w:p><w:r><w:t>一\t二</w:t></w:r></w:p>"),
        },
        {"word/footnotes.xml": FOOTNOTES},
    ),
    # what a template made by hand may hold, which the body's runs are tidied for
    "run properties out of schema order": lambda: _with_parts(
        {
            "word/document.xml": (
                "<w:body>",
                '<w:body><w:p><w:r><w:rPr><w:sz w:val="32"/><w:b/></w:rPr><w:t>三</w:t></w:r></w:p>',
            )
        },
        {},
    ),
    "an empty run with properties": lambda: _with_parts(
        {
            "word/document.xml": (
                "<w:body>",
                "<w:body><w:p><w:r><w:rPr><w:b/></w:rPr><w:t></w:t></w:r></w:p>",
            )
        },
        {},
    ),
}
PLANS = [
    ROOT / "plans",
    *(CASES / "valid" / c for c in ("letter", "plain", "task-table", "joint", "signers")),
    ROOT / "tests" / "data" / "tables",  # tables of every shape, their 版记 placed by their height
]


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_the_same_bytes_as_docxtpl_per_document(name: str, tmp_path: Path) -> None:
    template = render.Template(name, TEMPLATES[name]())
    plans = [plan for path in PLANS for plan in validate_paths([path], ROOT).plans]
    checked = 0
    for plan in plans:
        for key, _name in editions(plan):
            document = compose(plan, key)
            assert prepared_once(plan, document, template) == by_docxtpl(plan, document, template)
            checked += 1
    assert checked >= 8


def test_only_a_template_with_run_properties_out_of_order_has_them_sorted() -> None:
    """The body's runs are tidied only where they may need it (``Rendered.untidy``): what plangen
    inserts is made in order, without empty runs; a template's own runs are looked at once."""
    ordered = prepared.prepare(render.Template("packaged", TEMPLATES["packaged"]()))
    assert ordered.ordered
    name = "run properties out of schema order"
    assert not prepared.prepare(render.Template(name, TEMPLATES[name]())).ordered
    xml = '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">一</w:t><w:tab/></w:r></w:p>'
    assert not runprops.may_leave_empty_runs(xml)
    for empty in ("<w:t/>", '<w:t xml:space="preserve"></w:t>', "<w:r/>", "<w:r></w:r>"):
        assert runprops.may_leave_empty_runs(xml.replace("<w:tab/>", empty))
    assert runprops.may_leave_empty_runs("<w:r><w:rPr><w:b/></w:rPr></w:r>")
    assert not runprops.ordered_source('<w:rPr xmlns:w="x"><w:b/></w:rPr>')  # another prefix


def test_headers_and_footers_as_rendered_are_packed_once() -> None:
    """Only a part changed after rendering (a letter's header) is parsed for its document; the
    others, the same for most documents, are packed once."""
    import plangen.document.produce as produce

    template = render.Template("packaged", TEMPLATES["packaged"]())
    plan = validate_paths([ROOT / "plans"], ROOT).plans[0]
    produce._packed.cache_clear()
    for key, _name in editions(plan):
        document = compose(plan, key)
        rendered = render.render_docx(document, template, FONTS)
        assert rendered.parsed == {}  # nothing parsed but the body
        finalise(rendered, plan, document, "h", MOMENT, FONTS)
    info = produce._packed.cache_info()
    assert info.hits >= info.misses > 0
    letter_plan = validate_paths([CASES / "valid" / "letter"], ROOT).plans[0]
    rendered = render.render_docx(compose(letter_plan, "full"), template, FONTS)
    assert len(rendered.parsed) == 1  # the header with the letter's mark


def test_a_template_is_prepared_once(tmp_path: Path) -> None:
    template = load_template(Project(tmp_path))
    assert prepared.prepare(template) is prepared.prepare(load_template(Project(tmp_path)))


_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
xmlish = st.lists(
    st.sampled_from(
        [
            *("<w:p>", "<w:p ", "</w:p>", "<w:pPr>", "<w:p", ">", " ", "x", "</w:p", "<w:r>"),
            *("</w:r>", "<w:t>", '<w:t xml:space="preserve"/>', "</w:t>", "<w:rPr><w:b/></w:rPr>"),
            *("\n", "\t", "\a", "\f", 'a="', "中"),
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(xmlish)
def test_paragraphs_are_found_as_docxtpl_finds_them(xml: str) -> None:
    assert list(prepared.paragraphs_from(xml)) == [m.span() for m in _PARAGRAPH.finditer(xml)]
    ready = prepared.prepare(render.Template("packaged", TEMPLATES["packaged"]()))
    assert ready._listing(xml) == ready.engine.resolve_listing(xml)


def test_the_zip_holds_what_python_docx_saved() -> None:
    data = templates.packaged().docx.read_bytes()
    ready = prepared.prepare(render.Template("packaged", data))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    own = {"word/document.xml", "docProps/core.xml", "docProps/custom.xml"}
    assert set(ready.static) | own | {p.name for p in ready.headers_footers} == names


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(["\n", "\n\n", "<w:p", "<w:p>", "<w:p ", "<w:pPr>", "x", "中"]), max_size=30
    ).map("".join)
)
def test_the_newline_before_each_paragraph_goes_as_docxtpl_takes_it_out(xml: str) -> None:
    assert prepared._without_paragraph_newlines(xml) == re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)


def test_a_part_without_braces_is_rendered_once_and_escapes_still_go() -> None:
    """A header or footer with no brace is the same for every document, made once; where a
    text brings docxtpl's escape of Jinja's marks (``{_{``), it still becomes ``{{``, as
    docxtpl makes it."""
    ready = prepared.prepare(render.Template("packaged", TEMPLATES["packaged"]()))
    env = render._ENV
    static = next(p for p in ready.headers_footers if "{" not in p.source)
    first = ready._part_text(static.source, {}, env)
    assert ready.unchanging[env, static.source] is first
    assert ready._part_text(static.source, {"x": 1}, env) is first
    assert ready._text("<w:t>{{ x }}</w:t>", {"x": "a {_{ b %_}"}, env) == "<w:t>a {{ b %}</w:t>"


@settings(max_examples=2000, deadline=None)
@given(xmlish)
@example('<w:p a="</w:p>x\nq</w:p>')  # the first </w:p> is the start tag's, not the end
@example("<w:p>a</w:p>\n<w:p>b\tc</w:p><w:p x>d</w:p>\f")
def test_the_paragraphs_holding_a_mark_are_those_docxtpl_would_find(xml: str) -> None:
    """Searched for from just before each mark, they are the paragraphs of the search from the
    start (``paragraphs``, docxtpl's) that hold one — a start tag swallowing a ``</w:p>``
    included."""
    marks = sorted(i for i, ch in enumerate(xml) if ch in "\t\a\n\f")
    whole = [
        (s, e) for s, e in list(prepared.paragraphs_from(xml)) if any(s <= m < e for m in marks)
    ]
    assert prepared.paragraphs_holding(xml, marks) == whole
