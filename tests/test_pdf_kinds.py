"""The layouts of the document kinds measured in LibreOffice's PDF: a draft's status line under
the title; the sealed signature (GB/T 9704 §7.3.5.1); the cover notice with the plan after it; a plain internal plan. Needs LibreOffice and poppler-utils."""

from __future__ import annotations

import shutil

import pytest

from plangen.core.project import Project
from plangen.document.build import add_pdfs, build

from .conftest import CASES
from .pdfmeasure import (
    LINE_PITCH,
    NEEDS_PDF_TOOLS,
    TEXT_BOTTOM,
    TEXT_LEFT,
    TEXT_RIGHT,
    TEXT_TOP,
    Line,
    page_number,
    pages,
)

pytestmark = NEEDS_PDF_TOOLS
CENTRE = (TEXT_LEFT + TEXT_RIGHT) / 2
#: one 3号 character with the body's −0.25 pt character spacing
ADVANCE = 15.75


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[Line]]]:
    """The kinds' case folders built with PDFs in one LibreOffice run: case/edition → pages."""
    root = tmp_path_factory.mktemp("kinds")
    (root / "plans").mkdir()
    (root / ".git").mkdir()
    shutil.copy(CASES / "enterprise-types.yaml", root / "plans")
    for case in ("draft", "sealed", "minimal", "notice", "notice-attachment", "plain"):
        shutil.copy(CASES / "valid" / case / "plan.yaml", root / "plans" / f"{case}.yaml")
    # in one process, whose results keep the composed models
    result = build([root / "plans"], root / "dist", Project(root), workers=1)
    add_pdfs(result)
    measured = {}
    for b in result.documents:  # by case and edition: draft/full, draft/city-owned…
        measured[f"{b.path.parent.name}/{b.document.key}"] = pages(
            root / "dist" / b.path.with_suffix(".pdf")
        )
    return measured


def test_a_draft_s_status_line_is_centred_3_hao_under_the_title(
    measured: dict[str, list[list[Line]]],
) -> None:
    drafts = {name: doc for name, doc in measured.items() if name.startswith("draft/")}
    assert len(drafts) == 2
    for name, doc in drafts.items():
        first = doc[0]
        index = next(i for i, ln in enumerate(first) if ln.text == "（征求意见稿）")
        status, above = first[index], first[index - 1]
        assert abs((status.x_min + status.x_max) / 2 - CENTRE) < 0.5, name
        assert abs((status.x_max - status.x_min) / 7 - ADVANCE) < 0.1, name  # 3号
        assert above.text.endswith(("实施方案", "（市属企业）")), name
        recipients = first[index + 1]
        assert recipients.text.endswith("："), name
        # one blank line between the status and the 主送机关, as under any title
        assert abs(recipients.y_min - status.y_min - 2 * LINE_PITCH) < 0.5, name


def _closing(doc: list[list[Line]]) -> tuple[Line, Line, Line]:
    """The body's last line, the 署名 and the 成文日期 (the two lines above the 版记)."""
    page = [ln for ln in doc[-1] if ln.y_max < TEXT_BOTTOM - 60]  # above the 版记
    date = next(i for i, ln in enumerate(page) if ln.text == "2014年2月24日")
    return page[date - 2], page[date - 1], page[date]


def test_sealed_date_four_characters_from_the_right_issuer_centred_over_it(
    measured: dict[str, list[list[Line]]],
) -> None:
    """加盖印章: 成文日期右空四字, 署名以成文日期为准居中, two blank lines for the seal."""
    body, signature, date = _closing(measured["sealed/full"])
    assert signature.text == "中共天水市企业工作委员会"
    assert abs((TEXT_RIGHT - date.x_max) - 4 * ADVANCE) < 0.5  # 右空四字
    centre = (date.x_min + date.x_max) / 2
    assert abs((signature.x_min + signature.x_max) / 2 - centre) < 0.5
    assert abs(signature.y_min - body.y_min - 3 * LINE_PITCH) < 0.5  # two blank lines
    assert abs(date.y_min - signature.y_min - LINE_PITCH) < 0.5


def test_unsealed_issuer_two_characters_from_the_right(
    measured: dict[str, list[list[Line]]],
) -> None:
    """Without a seal (§7.3.5.2): 署名右空二字, one blank line, the date on the next line."""
    body, signature, date = _closing(measured["minimal/full"])
    # spaces on the 28-字 grid, which is 1.2 pt narrower than the text block
    assert abs((TEXT_RIGHT - signature.x_max) - 2 * ADVANCE) < 1.5
    assert abs(signature.y_min - body.y_min - 2 * LINE_PITCH) < 0.5
    assert abs(date.y_min - signature.y_min - LINE_PITCH) < 0.5


def test_the_notice_on_page_1_the_plan_on_a_new_page_under_its_2_hao_title(
    measured: dict[str, list[list[Line]]],
) -> None:
    for key in ("notice/full", "notice/city-owned"):
        doc = measured[key]
        first = [ln.text for ln in doc[0]]
        assert first[2].startswith("关于印发《"), key  # the notice's title under the 版头
        assert any(t.startswith("现将《") for t in first), key  # page 1 shows the notice's text
        assert "2014年2月24日" in first, key  # its 署名 and 成文日期 on page 1 too
        title = doc[1][0]
        assert title.text == "中共天水市企业工委关于", key
        assert abs(title.y_min - TEXT_TOP) < 4, key  # at the top of a new page
        assert abs((title.x_max - title.x_min) / len(title.text) - 22) < 0.1, (
            key
        )  # 2号: 22 pt a character
        assert abs((title.x_min + title.x_max) / 2 - CENTRE) < 0.5, key


def test_the_plan_as_the_attachment_of_its_notice(measured: dict[str, list[list[Line]]]) -> None:
    doc = measured["notice-attachment/full"]
    label = next(i for i, page in enumerate(doc) if page and page[0].text == "附件")
    assert label >= 1
    assert doc[label][1].text == "中共天水市企业工委关于"  # the plan's 2号 title on line 3
    assert abs(doc[label][1].y_min - doc[label][0].y_min - 2 * LINE_PITCH) < 4
    notes = [ln.text for page in doc[:label] for ln in page]
    assert "附件：中共天水市企业工委关于开展测试活动的实施方案" in notes


def test_a_plain_plan_has_no_head_or_colophon(measured: dict[str, list[list[Line]]]) -> None:
    """format: plain: the title opens page 1 at the top of the text block, no 版记, every page
    numbered and no blank page added to make the count even."""
    for key in ("plain/full", "plain/city-owned"):
        doc = measured[key]
        title = doc[0][0]
        assert title.text == "中共天水市企业工委关于", key
        assert abs(title.y_min - TEXT_TOP) < 4, key
        texts = [ln.text for page in doc for ln in page]
        assert not any("印发" in t or "文件" in t for t in texts), key
        assert all(page for page in doc), key  # no blank page
        assert all(page_number(page) is not None for page in doc), key
