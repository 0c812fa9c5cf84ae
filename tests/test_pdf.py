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
    Line,
    body_lines,
    page_number,
    pages,
    width,
)

pytestmark = NEEDS_PDF_TOOLS

HANGING = set("，。、；：？！”’）》")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, list[list[Line]]]]:
    """The seed plan built with --pdf once; every PDF's pages, measured."""
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
    return result.output, {pdf.stem: pages(pdf) for pdf in pdfs}


def test_stand_ins_are_reported(built: tuple[str, dict[str, list[list[Line]]]]) -> None:
    output, _ = built
    assert "PDF 字体替代：仿宋_GB2312 → " in output
    assert "和 5 个 PDF 文件" in output


def test_page_one_shows_body_text(built: tuple[str, dict[str, list[list[Line]]]]) -> None:
    for name, doc in built[1].items():
        first = [ln.text for ln in body_lines(doc[0])]
        assert "天企工委发〔2014〕3号" in first, name
        lead = [t for t in first if t.startswith("为深入贯彻落实")]
        assert lead, name
        assert len(first) - first.index(lead[0]) >= 3, "at least three lines of body text on page 1"


def test_22_lines_per_full_page(built: tuple[str, dict[str, list[list[Line]]]]) -> None:
    full_pages = 0
    for name, doc in built[1].items():
        for number, page in enumerate(doc[1:-1], start=2):
            lines = body_lines(page)
            assert len(lines) <= 22, (name, number)
            if len(lines) == 22:
                full_pages += 1
                gaps = [b.y_min - a.y_min for a, b in itertools.pairwise(lines)]
                assert all(abs(g - LINE_PITCH) < 0.3 for g in gaps), (name, number, gaps)
    assert full_pages >= 20


def test_28_characters_per_line(built: tuple[str, dict[str, list[list[Line]]]]) -> None:
    counts: Counter[float] = Counter()
    for name, doc in built[1].items():
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


def test_page_numbers_odd_right_even_left(built: tuple[str, dict[str, list[list[Line]]]]) -> None:
    for name, doc in built[1].items():
        for index, page in enumerate(doc[:-1], start=1):
            number = page_number(page)
            if not page:  # the blank page before an even-page 版记 carries nothing
                continue
            assert number is not None, (name, index)
            assert number.text == f"—{index}—", (name, index, number.text)
            assert abs(number.y_min - (TEXT_BOTTOM + 7 * MM)) < 3, "7 mm below the text block"
            if index % 2:
                assert abs(number.x_max - (TEXT_RIGHT - 14)) < 2, "odd pages: right, 1 字 in"
            else:
                assert abs(number.x_min - (TEXT_LEFT + 14)) < 2, "even pages: left, 1 字 in"


def test_colophon_at_the_bottom_of_an_even_last_page(
    built: tuple[str, dict[str, list[list[Line]]]],
) -> None:
    for name, doc in built[1].items():
        assert len(doc) % 2 == 0, name
        last = doc[-1]
        assert page_number(last) is None, "no page number on the 版记 page"
        texts = [ln.text for ln in last]
        assert texts[0].startswith("抄送：") and texts[-1].endswith("印发"), name
        assert TEXT_BOTTOM - 30 < last[-1].y_max <= TEXT_BOTTOM, "the 版记 ends on the last line"
