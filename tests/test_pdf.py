"""The PDFs measured: 22 lines × 28 characters, page numbers where GB/T 9704 puts them, body text
on page 1, the 版记 at the bottom of an even last page. Needs LibreOffice and poppler-utils."""

from __future__ import annotations

import itertools
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli
from .pdfmeasure import (
    LINE_PITCH,
    MM,
    NEEDS_PDF_TOOLS,
    TEXT_BOTTOM,
    TEXT_LEFT,
    TEXT_RIGHT,
    TEXT_TOP,
    Line,
    body_lines,
    dash_top,
    ink_rows,
    page_number,
    pages,
    width,
)

pytestmark = NEEDS_PDF_TOOLS

HANGING = set("，。、；：？！”’）》")
#: the build's output, and each PDF (by name) with its pages' lines
Built = tuple[str, dict[str, tuple[Path, list[list[Line]]]]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The seed plan built with --pdf once; every PDF with its pages, measured."""
    project = tmp_path_factory.mktemp("project")
    for folder in ("plans", "templates"):
        shutil.copytree(ROOT / folder, project / folder)
    (project / ".git").mkdir()
    cwd = Path.cwd()
    os.chdir(project)
    try:
        result = run_cli("build", "--pdf")
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    pdfs = sorted((project / "dist").rglob("*.pdf"))
    assert len(pdfs) == 5
    os.chdir(project)
    try:  # a second build, later: the PDFs must not change
        again = run_cli("build", "--pdf", "-o", "again")
    finally:
        os.chdir(cwd)
    assert again.exit_code == 0, again.output
    for pdf in pdfs:
        twin = project / "again" / pdf.relative_to(project / "dist")
        assert twin.read_bytes() == pdf.read_bytes(), f"{pdf.name} differs between two builds"
    return result.output, {pdf.stem: (pdf, pages(pdf)) for pdf in pdfs}


def test_stand_ins_are_reported(built: Built) -> None:
    output, _ = built
    assert "PDF 字体替代：仿宋_GB2312 → " in output
    # the face, not only the family: 小标宋's stand-in is the Black weight of Noto Serif CJK
    assert "PDF 字体替代：方正小标宋简体 → Noto Serif CJK SC Black" in output
    assert "和 5 个 PDF 文件" in output


def test_page_one_shows_body_text(built: Built) -> None:
    for name, (_pdf, doc) in built[1].items():
        first = [ln.text for ln in body_lines(doc[0])]
        assert "天企工委发〔2014〕3号" in first, name
        lead = [t for t in first if t.startswith("为深入贯彻落实")]
        assert lead, name
        assert len(first) - first.index(lead[0]) >= 3, "at least three lines of body text on page 1"


def test_22_lines_per_full_page(built: Built) -> None:
    full_pages = 0
    for name, (_pdf, doc) in built[1].items():
        for number, page in enumerate(doc[1:-1], start=2):
            lines = body_lines(page)
            assert len(lines) <= 22, (name, number)
            if len(lines) == 22:
                full_pages += 1
                gaps = [b.y_min - a.y_min for a, b in itertools.pairwise(lines)]
                assert all(abs(g - LINE_PITCH) < 0.3 for g in gaps), (name, number, gaps)
    assert full_pages >= 20


def test_28_characters_per_line(built: Built) -> None:
    counts: Counter[float] = Counter()
    for name, (_pdf, doc) in built[1].items():
        for page in doc[1:-1]:
            for line in body_lines(page):
                text = (
                    line.text[:-1]
                    if line.text[-1:] in HANGING and line.x_max > TEXT_RIGHT + 2
                    else line.text
                )
                assert width(text) <= 28, (name, line.text)
                assert line.x_min >= TEXT_LEFT - 1, (name, line.text)
                assert line.x_max <= TEXT_RIGHT + 16.5, (name, line.text)  # one hanging punctuation
                counts[width(text)] += 1
    assert counts.most_common(1)[0][0] == 28


def test_page_numbers_odd_right_even_left(built: Built) -> None:
    """GB/T 9704 §7.5: the 一字线 itself 7 mm below the text block (measured on the rendered
    page, not the line box); odd pages right, even pages left, 1 字 (14 pt) in; none on the
    版记 page or a blank page before it."""
    for name, (pdf, doc) in built[1].items():
        for index, page in enumerate(doc[:-1], start=1):
            number = page_number(page)
            if not page:  # the blank page before an even-page 版记 carries nothing
                continue
            assert number is not None, (name, index)
            assert number.text == f"—{index}—", (name, index, number.text)
            if index <= 2:  # the pixels of two pages a document: every page has the same footer
                below = (dash_top(pdf, index, number) - TEXT_BOTTOM) / MM
                assert abs(below - 7) < 0.3, (name, index, below)
            if index % 2:
                assert abs(number.x_max - (TEXT_RIGHT - 14)) < 2, "odd pages: right, 1 字 in"
            else:
                assert abs(number.x_min - (TEXT_LEFT + 14)) < 2, "even pages: left, 1 字 in"
        assert page_number(doc[-1]) is None, "no page number on the 版记 page"


def test_colophon_at_the_bottom_of_an_even_last_page(
    built: Built,
) -> None:
    for name, (_pdf, doc) in built[1].items():
        assert len(doc) % 2 == 0, name
        last = doc[-1]
        assert page_number(last) is None, "no page number on the 版记 page"
        texts = [ln.text for ln in last]
        assert texts[0].startswith("抄送：") and texts[-1].endswith("印发"), name
        assert TEXT_BOTTOM - 30 < last[-1].y_max <= TEXT_BOTTOM, "the 版记 ends on the last line"


def test_issuer_mark_35_mm_below_the_top_of_the_text_block(built: Built) -> None:
    """GB/T 9704 §7.2.4: the top edge of the 发文机关标志's characters (ink, not line box)."""
    for name, (pdf, doc) in built[1].items():
        mark = doc[0][0]
        top, _ = ink_rows(pdf, 1, (mark.x_min, mark.y_min - 10, mark.x_max, mark.y_max + 10))
        assert abs((top - TEXT_TOP) / MM - 35) < 0.5, (name, (top - TEXT_TOP) / MM)


def test_no_page_holds_only_the_signature_and_date(built: Built) -> None:
    """GB/T 9704 §7.3.5: the 署名 and 成文日期 never stand alone on a page."""
    closing = {"中共天水市企业工作委员会", "2014年2月24日"}
    for name, (_pdf, doc) in built[1].items():
        pages_with_date = 0
        for index, page in enumerate(doc, start=1):
            texts = {ln.text.strip() for ln in body_lines(page)}
            if "2014年2月24日" in texts:
                pages_with_date += 1
                assert texts - closing, (name, index, "only the 署名 and date")
        assert pages_with_date >= 1, name


def test_colophon_last_rule_on_the_bottom_of_the_text_block(built: Built) -> None:
    """GB/T 9704 §7.4: the 版记's last rule coincides with the text block's bottom edge (the
    rules' ink, in a strip left of the 版记's text, which is 1 字 in)."""
    for name, (pdf, doc) in built[1].items():
        strip = (TEXT_LEFT + 2, TEXT_BOTTOM - 100, TEXT_LEFT + 10, TEXT_BOTTOM + 20)
        _, bottom = ink_rows(pdf, len(doc), strip)
        assert -0.5 < (bottom - TEXT_BOTTOM) / MM <= 0.2, (name, (bottom - TEXT_BOTTOM) / MM)


def test_the_line_count_matches_the_pdf(built: Built) -> None:
    """The body's estimated end (``pagination``) is where LibreOffice ends it, and the 版记 is
    on a page of its own only when the body's last page is odd, or even and full."""
    from plangen.document.compose import compose, editions
    from plangen.document.pagination import body_end, colophon_placement
    from plangen.plan.validate import validate_paths

    from .test_pdf_pagination import pdf_body_end

    plan = validate_paths([ROOT / "plans"], ROOT).plans[0]
    documents = {d.file_stem: d for d in (compose(plan, key) for key, _ in editions(plan))}
    for name, (_pdf, doc) in built[1].items():
        document = documents[name]
        end = body_end(document)
        assert end == pdf_body_end(doc, document), name
        assert not colophon_placement(document).same_page  # the shipped plan fills its last page
        assert len(doc) == end.page + (1 if end.page % 2 else 2), name
