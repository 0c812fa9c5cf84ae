"""Every example and the shipped plan in LibreOffice's PDF, checked as a clerk looks at a page
(GB/T 9704): page 1 shows body text, and no page holds only the 署名 and 成文日期 — however
the 版头 (a joint mark, a notice's long title) fills page 1. Needs LibreOffice and poppler-utils."""

from __future__ import annotations

import shutil

import pytest

from plangen.core.project import Project
from plangen.core.vocab import format_date
from plangen.document.build import add_pdfs, build
from plangen.document.built import Built
from plangen.document.compose import signatories

from .conftest import ROOT
from .pdfmeasure import NEEDS_PDF_TOOLS, Line, body_lines, pages

pytestmark = NEEDS_PDF_TOOLS


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Built, list[list[Line]]]]:
    """The shipped plan's full text and every example's documents, with their PDF pages."""
    out: list[tuple[Built, list[list[Line]]]] = []
    roots = [ROOT, *sorted(p for p in (ROOT / "examples").iterdir() if (p / "plans").is_dir())]
    for root in roots:
        work = tmp_path_factory.mktemp(root.name)
        shutil.copytree(root / "plans", work / "plans")
        (work / ".git").mkdir()
        # in one process, whose results keep the composed models
        result = build([work / "plans"], work / "dist", Project(work), workers=1)
        result.documents = [b for b in result.documents if b.document.key == "full"]
        add_pdfs(result)
        out += [(b, pages(work / "dist" / b.path.with_suffix(".pdf"))) for b in result.documents]
    return out


def _plain(text: str) -> str:
    return "".join(text.split())


def test_page_one_shows_body_text(documents: list[tuple[Built, list[list[Line]]]]) -> None:
    assert len(documents) >= 8
    for built, doc in documents:
        texts = [_plain(ln.text) for ln in body_lines(doc[0])]
        first_body = _plain(built.document.blocks[0].text)[:6]
        assert any(t.startswith(first_body) for t in texts), (built.path.name, texts[-3:])


def test_no_page_holds_only_the_signature_and_date(
    documents: list[tuple[Built, list[list[Line]]]],
) -> None:
    for built, doc in documents:
        data = built.plan.data["document"]
        date = _plain(format_date(data["date"]))
        names = {_plain(name) for name in signatories(data)}
        page = next((p for p in doc if any(_plain(ln.text) == date for ln in p)), None)
        assert page is not None, built.path.name
        others = [
            t
            for ln in body_lines(page)
            if (t := _plain(ln.text)) != date and t not in names and not _only_names(t, names)
        ]
        assert others, (built.path.name, "only the 署名 and date on the page")


def _only_names(text: str, names: set[str]) -> bool:
    """A line of several 署名 side by side (联合行文 under seals)."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    return not text


def test_a_moved_last_line_reads_back_as_one_paragraph(
    documents: list[tuple[Built, list[list[Line]]]],
) -> None:
    """The yueyang notice's last line moved to the 署名's page is one paragraph again in the
    preview and in an import; in the document it is set apart."""
    from plangen.document.importer import import_docx

    moved = [
        (b, doc)
        for b, doc in documents
        if any(x.style == "BodyContinued" for x in b.document.blocks)
    ]
    assert [b.path.parent.name for b, _ in moved] == ["2017-yueyang-zhengwu-gongkai"]
    built, _doc = moved[0]
    imported = import_docx(built.data, {}, "# yaml-language-server: $schema=x").text
    assert "已经市委、市人民政府同意，现印发给你们，请结合实际认真贯彻执行。" in imported
