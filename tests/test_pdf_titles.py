"""Long titles and a long issuer mark as LibreOffice sets them: every line inside the text block,
none of one or two characters, no line wrapped by the word processor on its own. One plan per
title, converted in one LibreOffice run. Needs LibreOffice and poppler-utils."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plangen.core.project import Project
from plangen.document.build import add_pdfs, build

from .conftest import CASES
from .pdfmeasure import MM, NEEDS_PDF_TOOLS, TEXT_LEFT, TEXT_RIGHT, TEXT_TOP, Line, ink_rows, pages
from .test_titles import LONG_TITLES

pytestmark = NEEDS_PDF_TOOLS

LONG_ISSUER = "中共甘肃省天水市人民政府国有资产监督管理委员会"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[list[str], list[Line], Path]]:
    """(the title's lines as composed, page 1 of the PDF, the PDF) of one plan per long title;
    the last plan has the long issuer too."""
    root = tmp_path_factory.mktemp("titles")
    (root / "plans").mkdir()
    (root / ".git").mkdir()
    shutil.copy(CASES / "enterprise-types.yaml", root / "plans" / "enterprise-types.yaml")
    source = (CASES / "valid" / "minimal" / "plan.yaml").read_text(encoding="utf-8")
    for index, title in enumerate(LONG_TITLES):
        text = source.replace("中共天水市企业工委关于开展测试活动的实施方案", title)
        if index == len(LONG_TITLES) - 1:
            text = text.replace("issuer: 中共天水市企业工作委员会", f"issuer: {LONG_ISSUER}")
        (root / "plans" / f"t{index}.yaml").write_text(text, encoding="utf-8")
    # in one process, whose results keep the composed models
    result = build([root / "plans"], root / "dist", Project(root), workers=1)
    result.documents = sorted(
        (b for b in result.documents if b.document.key == "full"), key=lambda b: str(b.path)
    )
    add_pdfs(result)
    pdfs = [root / "dist" / b.path.with_suffix(".pdf") for b in result.documents]
    return [
        (list(b.document.title_lines), pages(pdf)[0], pdf)
        for b, pdf in zip(result.documents, pdfs, strict=True)
    ]


def inside_the_text_block(line: Line) -> bool:
    return line.x_min >= TEXT_LEFT - 0.5 and line.x_max <= TEXT_RIGHT + 0.5


def test_every_title_line_fits_and_none_is_an_orphan(
    rendered: list[tuple[list[str], list[Line], Path]],
) -> None:
    assert len(rendered) == len(LONG_TITLES)
    for title_lines, page, _pdf in rendered:
        texts = [ln.text for ln in page]
        first = texts.index(title_lines[0])
        shown = page[first : first + len(title_lines)]
        # the PDF has exactly the composed lines: the word processor wrapped none of its own
        assert [ln.text for ln in shown] == title_lines
        for line in shown:
            assert inside_the_text_block(line), (line.text, line.x_min, line.x_max)
            assert len(line.text) > 2, line.text
            centre = (line.x_min + line.x_max) / 2
            assert abs(centre - (TEXT_LEFT + TEXT_RIGHT) / 2) < 2, line.text  # centred


def test_a_long_issuer_mark_breaks_into_lines_inside_the_block(
    rendered: list[tuple[list[str], list[Line], Path]],
) -> None:
    _, page, pdf = rendered[-1]
    number = next(i for i, ln in enumerate(page) if "〔2014〕" in ln.text)
    mark = page[:number]  # the 发文字号 comes next
    assert [ln.text for ln in mark] == ["中共甘肃省天水市人民政府", "国有资产监督管理委员会文件"]
    for line in mark:
        assert inside_the_text_block(line)
    top, _ = ink_rows(pdf, 1, (mark[0].x_min, mark[0].y_min - 10, mark[0].x_max, mark[0].y_max))
    assert abs((top - TEXT_TOP) / MM - 35) < 0.5  # its top 35 mm below the text block's
