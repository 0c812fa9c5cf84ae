"""Formats read back from the .docx: a plain internal plan has no 版头 and no 版记, and its body
is the document's one numbered section."""

from __future__ import annotations

from plangen.core.project import Project
from plangen.document.produce import render_plan_documents
from plangen.plan.validate import validate_paths

from .conftest import CASES
from .docxread import NS, paragraphs, q, xml


def _documents(case: str) -> dict[str, bytes]:
    folder = CASES / "valid" / case
    plans = validate_paths([folder / "plan.yaml"], folder).plans
    return render_plan_documents(plans[0], Project(folder))


def test_a_plain_plan_has_no_head_and_no_colophon() -> None:
    for data in _documents("plain").values():
        paras = paragraphs(data)
        styles = [p.style for p in paras]
        for absent in ("IssuerMark", "DocumentNumber", "FrontMatter", "Colophon"):
            assert absent not in styles
        assert next(p for p in paras if p.text).style == "Title"  # the title comes first
        assert "SignatureKeep" in styles
        body = xml(data, "word/document.xml").find("w:body", NS)
        sections = list(body.iter(q("w:sectPr")))
        assert len(sections) == 1 and sections[0].find("w:type", NS) is None
        assert body.find("w:tbl", NS) is None


def test_the_file_format_keeps_its_head_and_colophon() -> None:
    styles = [p.style for p in paragraphs(_documents("minimal")["full"])]
    assert "IssuerMark" in styles and "Colophon" in styles
