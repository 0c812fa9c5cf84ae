"""联合行文 and 签发人 read back from the .docx: the joint mark's table, the 署名 placed by
indents and tab stops (never runs of spaces), the 签发人 rows' tab stops; and the layout rules
on names too long to stand side by side."""

from __future__ import annotations

from plangen.core.project import Project
from plangen.document import layout, masthead, signatures
from plangen.document.produce import render_plan_documents
from plangen.plan.validate import validate_paths

from .conftest import CASES
from .docxread import NS, paragraphs, q, xml

NAMES = ["中共天水市企业工作委员会", "天水市工业和信息化局", "天水市总工会"]


def _full(case: str) -> bytes:
    folder = CASES / "valid" / case
    plans = validate_paths([folder / "plan.yaml"], folder).plans
    return render_plan_documents(plans[0], Project(folder))["full"]


def _tabs(paragraph: object) -> list[tuple[str, int]]:
    found = paragraph.element.findall("w:pPr/w:tabs/w:tab", NS)  # type: ignore[attr-defined]
    return [(t.get(q("w:val")), int(t.get(q("w:pos")))) for t in found]


def test_the_joint_mark_is_a_table_of_the_names_beside_wenjian() -> None:
    body = xml(_full("joint"), "word/document.xml").find("w:body", NS)
    table = body.find("w:tbl", NS)  # the first table of the document: the mark
    first, second = table.findall("w:tr/w:tc", NS)
    names = ["".join(p.itertext()) for p in first.findall("w:p", NS)]
    assert names == NAMES
    assert {p.find("w:pPr/w:jc", NS).get(q("w:val")) for p in first.findall("w:p", NS)} == {
        "distribute"
    }
    assert "".join(second.itertext()) == "文件"
    assert second.find("w:tcPr/w:vAlign", NS).get(q("w:val")) == "center"
    spacer = table.getprevious()
    assert spacer.find("w:pPr/w:pStyle", NS).get(q("w:val")) == "MarkSpacer"
    # red 小标宋 at one size for every name and 文件
    sizes = {sz.get(q("w:val")) for sz in table.iter(q("w:sz"))}
    colours = {c.get(q("w:val")) for c in table.iter(q("w:color"))}
    assert len(sizes) == 1 and colours == {"FF0000"}


def test_joint_unsealed_signatures_are_placed_by_indents() -> None:
    paras = [p for p in paragraphs(_full("joint")) if p.style in ("SignatureKeep", "Signature")]
    assert [p.text for p in paras] == [*NAMES, "2014年2月24日"]
    lefts = [int(p.element.find("w:pPr/w:ind", NS).get(q("w:left"))) for p in paras]
    widths = [layout.text_width(p.text) * layout.CHAR_ADVANCE for p in paras[:-1]]
    ends = {round(left + w) for left, w in zip(lefts, widths, strict=False)}
    assert len(ends) == 1  # the names end where the last one ends
    assert lefts[-1] == lefts[-2] + 2 * layout.CHAR_ADVANCE  # the date 2 字 right of the last
    assert all("\u3000" not in p.text for p in paras)


def test_joint_sealed_rows_use_centre_tab_stops() -> None:
    rows = [p for p in paragraphs(_full("joint-sealed")) if p.style == "SealRow"]
    assert [p.text for p in rows] == [NAMES[0] + NAMES[1], NAMES[2]]
    (kind_a, left), (kind_b, right) = _tabs(rows[0])
    assert kind_a == kind_b == "center" and right - left >= signatures.SEAL_PITCH
    assert _tabs(rows[1]) == [("center", right)]  # the last name over the date


def test_names_too_long_to_stand_side_by_side_stand_one_a_row() -> None:
    long = ["中共天水市企业工作委员会办公室", "天水市工业和信息化局机关党委"]
    blocks = list(signatures.signature(long, "2014年2月24日", sealed=True))
    rows = [b for b in blocks if b.style == "SealRow"]
    assert [b.text for b in rows] == [f"\t{name}" for name in long]
    assert rows[0].tabs == rows[1].tabs  # both over the date
    gap = blocks.index(rows[1]) - blocks.index(rows[0]) - 1
    assert gap == signatures.SEAL_ROW_BLANKS


def test_signer_rows_tab_stops() -> None:
    paras = paragraphs(_full("signers"))
    first = next(p for p in paras if p.style == "SignerLine")
    last = next(p for p in paras if p.style == "DocumentNumberSigned")
    assert (first.text, last.text) == ("签发人：张三李四民", "天企工委发〔2014〕5号王五")
    advance = layout.CHAR_ADVANCE
    label_at = (28 - 1 - 7 - 4) * advance  # two names of 3 字 and a 字 between, 签发人：
    assert _tabs(first) == [("left", label_at), ("left", (28 - 1 - 3) * advance)]
    assert _tabs(last) == [("left", advance), ("left", label_at + 4 * advance)]
    assert not any(p.style == "DocumentNumber" for p in paras)


def test_joint_mark_size_keeps_page_1_for_the_body() -> None:
    size = masthead.joint_mark_size(NAMES, "文件")
    assert size <= layout.SIZE_MARK_MAX
    assert masthead.names_width(NAMES, size) + 2.5 * size * 10 <= layout.TEXT_WIDTH
    seven = [f"天水市第{n}局" for n in "一二三四五六七"]
    assert masthead.joint_mark_size(seven, "文件") * masthead.MARK_LINE * 7 / 2 <= 5 * 28.95


def test_the_preview_shows_the_joint_mark_and_the_signers() -> None:
    from plangen.document.compose import compose
    from plangen.site.preview import document_html

    def html(case: str) -> str:
        folder = CASES / "valid" / case
        return document_html(compose(validate_paths([folder / "plan.yaml"], folder).plans[0]))

    assert '<span class="mark-names">' + "<br>".join(NAMES) + "</span> 文件" in html("joint")
    assert '<span class="signers">签发人：张三\u3000李四民<br>王五</span>' in html("signers")
    assert f"<p>{NAMES[0]}\u3000\u3000{NAMES[1]}</p>" in html("joint-sealed")
