"""A table's rows as ``document/table_layout.py`` counts them, measured in LibreOffice's PDF: the
rules between the rows, 600 dpi ink in a strip inside the table's left edge (the cells' text
starts 85 twips further in). Rows of one to four lines, a header row of three, a cell spanning two
rows that needs more than they give, the same eleven 字 on one line or two as LibreOffice rounds
the column's width, Latin words and numbers kept whole, a closing mark never first on a line. Needs LibreOffice and poppler-utils."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from plangen.core.project import Project
from plangen.document.build import add_pdfs, build
from plangen.document.built import Built
from plangen.document.table_layout import heights

from .pdfmeasure import NEEDS_PDF_TOOLS, TEXT_BOTTOM, TEXT_LEFT, ink_runs, pages

pytestmark = NEEDS_PDF_TOOLS

PLAN = """\
document:
  issuer: 某某区人民政府办公室
  title: 某某区表格行高测试方案
  date: 2024-03-05
body:
  sections:
    - title: 窄列之后
      table:
        columns:
          - {title: 序, width: 2.5}
          - {title: 十字, width: 10}
          - {title: 内容}
        rows:
          - [一, 一二三四五六七八九十一, 丙]
    - title: 宽列之后
      table:
        columns:
          - {title: 序, width: 6}
          - {title: 十字, width: 10}
          - {title: 内容}
        rows:
          - [一, 一二三四五六七八九十一, 丙]
    - title: 数字
      table:
        columns:
          - {title: 序, width: 2.5}
          - {title: 任务, width: 9}
          - {title: 时限, width: 5}
          - {title: 单位}
        rows:
          - [一, 地区生产总值增长6.5%左右。, 2024年12月底, 区发改委]
          - [二, 推进“一网通办”, 6月底, 区政务服务局]
    - title: 断行
      table:
        columns:
          - {title: 序, width: 2.5}
          - {title: 任务, width: 4}
          - {title: 单位}
        rows:
          - [一, 持续推进，GDP增长6.5%左右。, 甲]
          - [二, 落实《条例》，开展“双随机”检查, 甲]
    - title: 跨行
      table:
        columns:
          - {title: 序, width: 4}
          - {title: 跨, width: 4}
          - {title: 内容}
        rows:
          - [一, {text: "跨\\n两\\n行\\n的\\n格", rows: 2}, 甲]
          - [二, 乙]
          - [三, 甲, 丙]
    - title: 行数
      table:
        columns:
          - {title: 序, width: 4}
          - {title: 主要责任单位, width: 3}
          - {title: 内容}
        rows:
          - [一, 甲, 甲]
          - [二, 甲, "甲\\n乙"]
          - [三, 甲, "甲\\n乙\\n丙"]
          - [四, 甲, "甲\\n乙\\n丙\\n丁"]
"""
#: each table's rows in pt, the header row first: 20 pt a line and the 0.5 pt rule above
ROWS = {
    "窄列之后": [20.5, 20.5],  # the column is 3200 twips to LibreOffice: eleven 字 fit
    "宽列之后": [20.5, 40.5],  # here 3199: they do not
    "数字": [20.5, 40.5, 20.5],  # 6.5% kept whole; 2024年12 / 月底
    "断行": [20.5, 120.5, 80.5],  # 持续推 / 进 / ，GDP / 增长 / 6.5%左 / 右。: no mark first
    "跨行": [20.5, 20.5, 80.0, 20.5],  # 5 lines over two rows: the second gets what they need
    "行数": [60.5, 20.5, 40.5, 60.5, 80.5],  # 主要责任单位 in 3 字: three lines of 黑体
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Path]:
    root = tmp_path_factory.mktemp("tables")
    (root / "plans").mkdir()
    (root / ".git").mkdir()
    (root / "plans" / "rows.yaml").write_text(PLAN, encoding="utf-8")
    # in one process, whose results keep the composed models
    result = build([root / "plans"], root / "dist", Project(root), workers=1)
    add_pdfs(result)
    (document,) = result.documents
    return document, root / "dist" / document.path.with_suffix(".pdf")


def test_rows_are_as_tall_as_counted(built: tuple[Built, Path]) -> None:
    """Each table sits on its heading's page, below it (and above the next heading, or at the
    page's foot): the rules' tops, one above each row and one below the last, are the counted
    heights apart (to the pixel, 0.12 pt)."""
    document, pdf = built
    tables = [b.table for b in document.document.blocks if b.table is not None]
    doc = pages(pdf)
    headings = [
        (index, line)
        for index, page in enumerate(doc, start=1)
        for line in page
        if "、" in line.text[:3] and line.text.split("、", 1)[1] in ROWS
    ]
    assert len(headings) == len(ROWS) == len(tables)
    for (page, heading), table, following in zip(
        headings, tables, [*headings[1:], None], strict=True
    ):
        name = heading.text.split("、", 1)[1]
        sizes = heights(table)
        assert [h / 20 for h in (sizes.header, *sizes.rows)] == ROWS[name], name
        below = TEXT_BOTTOM
        if following is not None and following[0] == page:
            below = following[1].y_min
        rules = ink_runs(pdf, page, (TEXT_LEFT + 0.6, heading.y_max, TEXT_LEFT + 2.5, below))
        measured = [b - a for (a, _), (b, _) in pairwise(rules)]
        assert len(measured) == len(ROWS[name]), (name, rules)
        assert all(abs(m - c) < 0.13 for m, c in zip(measured, ROWS[name], strict=True)), (
            name,
            measured,
        )
