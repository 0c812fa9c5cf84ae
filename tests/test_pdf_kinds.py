"""The layouts of the document kinds measured in LibreOffice's PDF: a draft's status line under
the title. Needs LibreOffice and poppler-utils."""

from __future__ import annotations

import shutil

import pytest

from plangen.core.project import Project
from plangen.document.build import add_pdfs, build

from .conftest import CASES
from .pdfmeasure import LINE_PITCH, NEEDS_PDF_TOOLS, TEXT_LEFT, TEXT_RIGHT, Line, pages

pytestmark = NEEDS_PDF_TOOLS
CENTRE = (TEXT_LEFT + TEXT_RIGHT) / 2
#: one 3号 character with the body's −0.25 pt character spacing
ADVANCE = 15.75


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[Line]]]:
    """The kinds' case folders built with PDFs in one LibreOffice run: file stem → pages."""
    root = tmp_path_factory.mktemp("kinds")
    (root / "plans").mkdir()
    (root / ".git").mkdir()
    shutil.copy(CASES / "enterprise-types.yaml", root / "plans")
    for case in ("draft",):
        shutil.copy(CASES / "valid" / case / "plan.yaml", root / "plans" / f"{case}.yaml")
    result = build([root / "plans"], root / "dist", Project(root))
    add_pdfs(result)
    return {
        b.document.file_stem: pages(root / "dist" / b.path.with_suffix(".pdf"))
        for b in result.documents
    }


def test_a_draft_s_status_line_is_centred_3_hao_under_the_title(
    measured: dict[str, list[list[Line]]],
) -> None:
    drafts = {name: doc for name, doc in measured.items() if name.endswith("（征求意见稿）")}
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
