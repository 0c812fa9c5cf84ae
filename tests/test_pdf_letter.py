"""信函格式 (``format: letter``, GB/T 9704 §10.1) measured in LibreOffice's PDF, in mm from the
page's edges (±0.5): the organ mark's top 30 mm from the top edge; a red double rule (thick above
thin) 4 mm below it and one (thin above thick) 20 mm above the bottom edge, both 170 mm and
centred, on page 1 only; 份号 and 紧急程度 flush left and 发文字号 flush right 7/8 of a 3号
character below the upper rule; the title two lines below; no page number on page 1; a 版记 of
抄送 only, without rules, at the foot of the last page. Needs LibreOffice and poppler-utils."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plangen.core.project import Project
from plangen.document.build import add_pdfs, build
from plangen.document.built import Built
from plangen.document.pagination import body_end

from .conftest import CASES
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
    ink_columns,
    ink_rows,
    ink_runs,
    page_number,
    pages,
)

pytestmark = NEEDS_PDF_TOOLS
PAGE_HEIGHT = 841.89
CENTRE = (TEXT_LEFT + TEXT_RIGHT) / 2
#: left of the text block, where only the 170 mm rules reach (they start 21 mm from the edge)
RULE_STRIP = (22 * MM, 26 * MM)
LONG_MARK = "  issuer_mark: 中共天水市委党的群众路线教育实践活动领导小组办公室\n"
VARIANTS = {
    "letter": lambda text: text,
    "letter-no-cc": lambda text: text.replace("  cc: [市委组织部]\n", ""),
    "letter-cc-long": lambda text: text.replace(
        "  cc: [市委组织部]\n",
        "  cc: [市委党的群众路线教育实践活动领导小组办公室, 市委组织部, 市委宣传部]\n",
    ),
    "letter-long-mark": lambda text: text.replace(
        "  format: letter\n", "  format: letter\n" + LONG_MARK
    ),
}


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Built, Path]]:
    """The letter case and its variants (no 抄送, a long 抄送, a mark on two lines), built with
    PDFs in one LibreOffice run: case/edition → (built, pdf)."""
    root = tmp_path_factory.mktemp("letter")
    (root / "plans").mkdir()
    (root / ".git").mkdir()
    shutil.copy(CASES / "enterprise-types.yaml", root / "plans")
    source = (CASES / "valid" / "letter" / "plan.yaml").read_text(encoding="utf-8")
    for name, change in VARIANTS.items():
        text = change(source)
        assert name == "letter" or text != source, name
        (root / "plans" / f"{name}.yaml").write_text(text, encoding="utf-8")
    # in one process, whose results keep the composed models
    result = build([root / "plans"], root / "dist", Project(root), workers=1)
    add_pdfs(result)
    return {
        f"{b.path.parent.name}/{b.document.key}": (b, root / "dist" / b.path.with_suffix(".pdf"))
        for b in result.documents
    }


def _mm(points: float) -> float:
    return points / MM


def _rules(pdf: Path) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """The bands of the upper and the lower double rule on page 1 (pt from the top)."""
    upper = ink_runs(pdf, 1, (RULE_STRIP[0], 0, RULE_STRIP[1], PAGE_HEIGHT / 2))
    lower = ink_runs(pdf, 1, (RULE_STRIP[0], PAGE_HEIGHT / 2, RULE_STRIP[1], PAGE_HEIGHT))
    return upper, lower


def test_the_mark_and_the_double_rules_of_page_1(
    letters: dict[str, tuple[Built, Path]],
) -> None:
    for key, (_built, pdf) in letters.items():
        upper, lower = _rules(pdf)
        assert len(upper) == 2 and len(lower) == 2, (key, upper, lower)
        (thick, thin), (thin2, thick2) = upper, lower
        assert thick[1] - thick[0] > 2 * (thin[1] - thin[0]), key  # thick above thin
        assert thick2[1] - thick2[0] > 2 * (thin2[1] - thin2[0]), key  # thin above thick
        # the mark: its top 30 mm from the top edge, the upper rule 4 mm below it
        mark_top, mark_bottom = ink_rows(pdf, 1, (TEXT_LEFT, 20 * MM, TEXT_RIGHT, thick[0] - 1))
        assert abs(_mm(mark_top) - 30) < 0.5, (key, _mm(mark_top))
        assert abs(_mm(thick[0] - mark_bottom) - 4) < 0.5, (key, _mm(thick[0] - mark_bottom))
        # the lower rule's bottom edge 20 mm above the page's bottom edge
        assert abs(_mm(PAGE_HEIGHT - thick2[1]) - 20) < 0.5, (key, _mm(PAGE_HEIGHT - thick2[1]))
        for band in (thick, thick2):  # 170 mm long, centred on the text block
            left, right = ink_columns(pdf, 1, (0, band[0] + 0.3, 595, band[1] - 0.3))
            assert abs(_mm(right - left) - 170) < 0.5, (key, _mm(right - left))
            assert abs(_mm((left + right) / 2 - CENTRE)) < 0.5, key
        texts = [ln.text for ln in pages(pdf)[0]]
        assert not any("文件" in t for t in texts), key  # a letter's mark has no 文件
        expected = "中共天水市委党的群众路线" if "long-mark" in key else "中共天水市企业工作委员会"
        assert texts[0] == expected, key
        centre = sum(ink_columns(pdf, 1, (0, mark_top + 2, 595, mark_top + 20))) / 2
        assert abs(_mm(centre - CENTRE)) < 1, key  # centred (glyphs' ink: within 1 mm)


def test_the_mark_and_rules_are_on_page_1_only(letters: dict[str, tuple[Built, Path]]) -> None:
    for key, (_built, pdf) in letters.items():
        for number in range(2, len(pages(pdf)) + 1):
            strip = (RULE_STRIP[0], 0, RULE_STRIP[1], PAGE_HEIGHT)
            assert not ink_runs(pdf, number, strip), (key, number)
            assert not pages(pdf)[number - 1][0].text.startswith("中共天水市企业工作委员会")


def _line(page: list[Line], start: str) -> Line:
    return next(ln for ln in page if ln.text.startswith(start))


def test_copy_number_urgency_and_document_number_under_the_upper_rule(
    letters: dict[str, tuple[Built, Path]],
) -> None:
    for key in ("letter/full", "letter/city-owned", "letter-long-mark/full"):
        _built, pdf = letters[key]
        (_thick, thin), _lower = _rules(pdf)
        first = pages(pdf)[0]
        copy, number, urgency = (
            _line(first, "000001"),
            _line(first, "天企工委函"),
            _line(first, "特急"),
        )
        assert abs(_mm(copy.x_min - TEXT_LEFT)) < 0.5, key  # flush left
        assert abs(_mm(TEXT_RIGHT - number.x_max)) < 0.5, key  # flush right
        assert abs(copy.y_min - number.y_min) < 0.5, key  # on one line
        assert abs(_mm(urgency.x_min - TEXT_LEFT)) < 0.5, key
        assert abs(urgency.y_min - copy.y_min - LINE_PITCH) < 0.5, key  # the next line
        # the characters (天企工委函) 7/8 of a 3号 character (14 pt) below the rule
        top, _ = ink_rows(pdf, 1, (number.x_min, thin[1] + 1, number.x_min + 70, number.y_max))
        assert abs(_mm(top - thin[1]) - _mm(14)) < 0.5, (key, _mm(top - thin[1]))
        # the title two lines below 紧急程度: its first line in the third row after it
        title = first[first.index(urgency) + 1]
        assert title.text.startswith("中共天水市企业工委关于"), key
        # (a 2号 line's text box starts 4 pt higher in its row than a 3号 one's)
        assert abs(title.y_min + 4 - urgency.y_min - 3 * LINE_PITCH) < 0.5, key
        if key.endswith("/full"):  # two title lines, a blank line, the 主送机关 on row 6
            recipients = first[first.index(urgency) + 3]
            assert recipients.text == "各企业党委：", key
            assert abs(recipients.y_min - urgency.y_min - 6 * LINE_PITCH) < 0.5, key
        assert abs((title.x_min + title.x_max) / 2 - CENTRE) < 0.5, key


def test_no_page_number_on_page_1(letters: dict[str, tuple[Built, Path]]) -> None:
    for key, (_built, pdf) in letters.items():
        doc = pages(pdf)
        assert page_number(doc[0]) is None, key
        assert len(doc) >= 2, key
        assert page_number(doc[1]) is not None, key  # page 2 is numbered “— 2 —”
        assert page_number(doc[1]).text.replace(" ", "") == "—2—", key  # type: ignore[union-attr]


def test_the_colophon_is_cc_only_at_the_foot_of_the_last_page(
    letters: dict[str, tuple[Built, Path]],
) -> None:
    for key, (built, pdf) in letters.items():
        doc = pages(pdf)
        texts = [ln.text for page in doc for ln in page]
        assert not any(t.endswith("印发") for t in texts), key  # no 印发机关, 印发日期
        cc = [ln for ln in doc[-1] if ln.text.startswith("抄送：")]
        if key.startswith("letter-no-cc/"):
            assert not cc, key
            assert all(body_lines(page) for page in doc), key  # no page without text
            continue
        assert len(cc) == 1, key
        # its last line at the foot of the text block (no rule reaches it: the characters end
        # within 2 mm of its bottom, as the glyphs' ink does), and no rules
        strip = (TEXT_LEFT + 6, cc[0].y_min - 20, TEXT_RIGHT, TEXT_BOTTOM + 3 * MM)
        _, bottom = ink_rows(pdf, len(doc), strip)
        assert -2.0 < _mm(bottom - TEXT_BOTTOM) <= 0.2, (key, _mm(bottom - TEXT_BOTTOM))
        rule_strip = (TEXT_LEFT, cc[0].y_min - 20, TEXT_LEFT + 4, TEXT_BOTTOM + 2)
        assert not ink_runs(pdf, len(doc), rule_strip), key
        assert len(doc) % 2 == 0, key  # the last page is an even one
        assert built.document.format == "letter"


def test_the_line_count_matches_the_pdf(letters: dict[str, tuple[Built, Path]]) -> None:
    """pagination.body_end places a letter's last body line where LibreOffice does."""
    for key, (built, pdf) in letters.items():
        doc = pages(pdf)
        end = body_end(built.document)
        page = doc[end.page - 1]
        cc = [ln.y_min for ln in page if ln.text.startswith("抄送：")]
        lines = [ln for ln in body_lines(page) if not cc or ln.y_min < cc[0] - 1]
        assert end.page > 1, key
        row = round((lines[-1].y_min - TEXT_TOP) / LINE_PITCH - 0.23) + 1
        assert row == end.lines, (key, row, end)
