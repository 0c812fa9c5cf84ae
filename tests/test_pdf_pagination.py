"""The body's line count (``document/pagination.py``) proven against LibreOffice's PDF, and the
版记 where a clerk puts it: on the last body page when that page is even and has room, so a blank
page appears only when it cannot be avoided. Every example plan, with and without 抄送, one
LibreOffice run (the shipped plan's documents are checked in ``test_pdf.py``).
Needs LibreOffice and poppler-utils."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plangen.core.project import Project
from plangen.document.build import Built, add_pdfs, build
from plangen.document.model import Document
from plangen.document.pagination import Position, body_end, colophon_placement

from .conftest import CASES
from .docxread import NS, q, xml
from .pdfmeasure import (
    LINE_PITCH,
    MM,
    NEEDS_PDF_TOOLS,
    TEXT_BOTTOM,
    TEXT_LEFT,
    TEXT_TOP,
    Line,
    body_lines,
    ink_rows,
    page_number,
    pages,
)

pytestmark = NEEDS_PDF_TOOLS
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

CC = {
    "": "",
    "-cc": "  cc: [市委组织部]\n",
    "-cc-long": "  cc: [市委党的群众路线教育实践活动领导小组办公室, 市委组织部, 市委宣传部]\n",
}


def pdf_body_end(doc: list[list[Line]], document: Document) -> Position:
    """Page and line of the body's last line in the PDF: the last line above the 版记."""
    last = doc[-1]
    # the 版记 starts with 抄送, else with the 印发 line (whose 印发机关 may be the 署名's words)
    printed = next(ln for ln in last if document.colophon.print_date in ln.text)
    start = next(
        i
        for i, ln in enumerate(last)
        if ln.text.startswith("抄送：") or abs(ln.y_min - printed.y_min) < 3
    )
    candidates = [(len(doc), body_lines(last[:start]))] + [
        (index, body_lines(page)) for index, page in reversed(list(enumerate(doc[:-1], start=1)))
    ]
    page, lines = next((p, ls) for p, ls in candidates if ls)
    offset = 0.26 if page == 1 else 0.23  # a line's text box starts that far into its row
    return Position(page, round((lines[-1].y_min - TEXT_TOP) / LINE_PITCH - offset) + 1)


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Built, Path]]:
    root = tmp_path_factory.mktemp("pagination")
    (root / "plans").mkdir()
    (root / ".git").mkdir()
    shutil.copy(CASES / "enterprise-types.yaml", root / "plans" / "enterprise-types.yaml")
    for case in sorted(p.name for p in (CASES / "valid").iterdir()):
        source = (CASES / "valid" / case / "plan.yaml").read_text(encoding="utf-8-sig")
        if "format: plain" in source:
            continue  # no 版记 to place (its layout is measured in test_pdf_kinds.py)
        if "format: letter" in source:
            continue  # a 版记 of 抄送 only, without rules: measured in test_pdf_letter.py
        for suffix, cc in CC.items():
            text = source.replace("\r\n", "\n").replace(
                "  date: 2014-02-24\n", f"  date: 2014-02-24\n{cc}", 1
            )
            (root / "plans" / f"{case}{suffix}.yaml").write_text(text, encoding="utf-8")
    result = build([root / "plans"], root / "dist", Project(root))
    add_pdfs(result)
    return [(b, root / "dist" / b.path.with_suffix(".pdf")) for b in result.documents]


def test_the_line_count_matches_the_pdf(examples: list[tuple[Built, Path]]) -> None:
    assert len(examples) >= 12
    wrong = []
    for built, pdf in examples:
        if any(b.table is not None for b in built.document.blocks):
            continue  # tables are not counted: their 版记 takes a page of its own (see below)
        doc = pages(pdf)
        if body_end(built.document) != pdf_body_end(doc, built.document):
            wrong.append((pdf.name, body_end(built.document), pdf_body_end(doc, built.document)))
    assert not wrong, "\n".join(map(str, wrong))


def test_the_colophon_shares_the_last_body_page_when_it_fits(
    examples: list[tuple[Built, Path]],
) -> None:
    shared = 0
    for built, pdf in examples:
        doc = pages(pdf)
        assert len(doc) % 2 == 0, pdf.name
        placement = colophon_placement(built.document)
        end = body_end(built.document)
        if placement.same_page:
            shared += 1
            assert len(doc) == end.page, pdf.name  # no page of its own
            assert page_number(doc[-1]) is not None, "a body page keeps its number"
        else:
            assert page_number(doc[-1]) is None, "no page number on a 版记 page of its own"
        blank = [i for i, page in enumerate(doc, start=1) if not page]
        has_table = any(b.table is not None for b in built.document.blocks)
        if blank and not has_table:  # only when the body ends on an even page with no room left
            assert end.page % 2 == 0 and not placement.same_page, (pdf.name, blank)
        strip = (TEXT_LEFT + 2, TEXT_BOTTOM - 100, TEXT_LEFT + 10, TEXT_BOTTOM + 20)
        _, bottom = ink_rows(pdf, len(doc), strip)
        assert -1.1 < (bottom - TEXT_BOTTOM) / MM <= 0.2, (pdf.name, (bottom - TEXT_BOTTOM) / MM)
    assert shared >= 6  # the short examples all end on page 2, with room


def test_a_shared_page_is_one_numbered_section(examples: list[tuple[Built, Path]]) -> None:
    built = next(b for b, _ in examples if colophon_placement(b.document).same_page)
    body = xml(built.data, "word/document.xml").find("w:body", NS)
    sections = list(body.iter(q("w:sectPr")))
    assert len(sections) == 1 and sections[0].getparent() is body
    assert sections[0].find("w:type", NS) is None  # not started on a new even page
    footers = {r.get(R_ID) for r in sections[0].findall("w:footerReference", NS)}
    assert footers == {"rId4", "rId5"}  # the odd and even page numbers
