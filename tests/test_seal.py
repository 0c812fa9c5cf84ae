"""The sealed signature read back from the .docx: paragraph indents, not runs of spaces."""

from __future__ import annotations

from plangen.core.project import Project
from plangen.document import layout
from plangen.document.produce import render_plan_documents
from plangen.plan.validate import validate_paths

from .conftest import CASES
from .docxread import NS, paragraphs, q


def _documents(case: str) -> dict[str, bytes]:
    folder = CASES / "valid" / case
    plans = validate_paths([folder / "plan.yaml"], folder).plans
    return render_plan_documents(plans[0], Project(folder))


def test_the_sealed_signature_is_placed_by_indents() -> None:
    for data in _documents("sealed").values():
        paras = paragraphs(data)
        signature = next(p for p in paras if p.style == "SealSignature")
        date = next(p for p in paras if p.style == "SealDate")
        assert (signature.text, date.text) == ("中共天水市企业工作委员会", "2014年2月24日")
        ind = signature.element.find("w:pPr/w:ind", NS)
        assert ind is not None
        expected = layout.sealed_signature_indent(signature.text, date.text)
        assert ind.get(q("w:left")) == str(expected)
        assert "\u3000" not in signature.text + date.text
        index = paras.index(signature)  # two blank lines above: the seal's room
        assert [p.text for p in paras[index - 2 : index]] == ["", ""]


def test_the_indent_centres_the_issuer_over_the_date() -> None:
    date = "2014年2月24日"
    left = layout.sealed_signature_indent("中共天水市企业工作委员会", date)
    date_width = layout.text_width(date, layout.BODY_DIGIT) * layout.CHAR_ADVANCE
    date_centre = layout.TEXT_WIDTH - 4 * layout.CHAR_ADVANCE - date_width / 2
    assert abs((left + layout.TEXT_WIDTH) / 2 - date_centre) <= 1
    # a 署名 longer than the box ends at the right edge instead of wrapping
    assert layout.sealed_signature_indent("中" * 27, date) == layout.TEXT_WIDTH - 27 * 315


def test_unsealed_documents_are_unchanged() -> None:
    for data in _documents("minimal").values():
        styles = [p.style for p in paragraphs(data)]
        assert "SealSignature" not in styles and "SignatureKeep" in styles
