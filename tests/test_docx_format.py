"""The documents read back as OOXML: page, grid, fonts, sizes, headings, footers, 版记, escaping."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from plangen.core.project import Project
from plangen.document import layout
from plangen.document.produce import render_plan_documents
from plangen.plan import text
from plangen.plan.validate import validate_paths

from .conftest import CASES, ROOT
from .docxread import NS, paragraphs, q, styled, xml


@pytest.fixture(scope="module")
def seed() -> dict[str, bytes]:
    """The seed plan's documents, rendered once for all tests here."""
    result = validate_paths([ROOT / "plans"], ROOT)
    assert not result.errors
    return render_plan_documents(result.plans[0], Project(ROOT))


def attr(element: object, path: str, name: str) -> str | None:
    found = element.find(path, NS)  # type: ignore[attr-defined]
    return None if found is None else found.get(q(f"w:{name}"))


def test_page_setup_and_grid(seed: dict[str, bytes]) -> None:
    for data in seed.values():
        body = xml(data, "word/document.xml").find("w:body", NS)
        sections = list(body.iter(q("w:sectPr")))
        assert len(sections) == 2
        for sect in sections:
            assert attr(sect, "w:pgSz", "w") == "11906" and attr(sect, "w:pgSz", "h") == "16838"
            margins = {k: attr(sect, "w:pgMar", k) for k in ("top", "bottom", "left", "right")}
            assert margins == {"top": "2098", "bottom": "1984", "left": "1588", "right": "1474"}
            # the template and the layout profile the composer measures with agree
            assert (
                layout.MARGIN_TOP,
                layout.MARGIN_BOTTOM,
                layout.MARGIN_LEFT,
                layout.MARGIN_RIGHT,
            ) == (2098, 1984, 1588, 1474)
            assert attr(sect, "w:pgMar", "footer") == str(layout.FOOTER_DISTANCE)
            assert attr(sect, "w:pgSz", "w") == str(layout.PAGE_WIDTH)
            assert attr(sect, "w:pgSz", "h") == str(layout.PAGE_HEIGHT)
            assert attr(sect, "w:docGrid", "linePitch") == str(layout.LINE_PITCH)
            assert attr(sect, "w:docGrid", "type") == "lines"
            assert attr(sect, "w:docGrid", "linePitch") == "579"
        assert attr(sections[1], "w:type", "val") == "evenPage"  # the 版记 page is even


def test_styles_give_22_lines_of_28_characters(seed: dict[str, bytes]) -> None:
    styles = xml(seed["full"], "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    assert attr(normal, "w:pPr/w:spacing", "line") == "579"
    assert attr(normal, "w:pPr/w:spacing", "lineRule") == "exact"
    assert attr(normal, "w:pPr/w:widowControl", "val") == "0"
    assert attr(normal, "w:rPr/w:spacing", "val") == "-5"
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults is not None
    assert defaults.find("w:sz", NS).get(q("w:val")) == "32"  # 3号
    assert defaults.find("w:rFonts", NS).get(q("w:eastAsia")) == "仿宋_GB2312"
    assert styles.find("w:docDefaults//w:ind", NS) is None  # indents would leak into titles
    title = styles.find("w:style[@w:styleId='Title']", NS)
    assert attr(title, "w:rPr/w:sz", "val") == "44"  # 2号
    assert attr(title, "w:pPr/w:snapToGrid", "val") == "0"
    fonts = {
        sid: attr(styles.find(f"w:style[@w:styleId='{sid}']", NS), "w:rPr/w:rFonts", "eastAsia")
        for sid in ("Heading1", "Heading2", "Title", "IssuerMark")
    }
    assert fonts == {
        "Heading1": "黑体",
        "Heading2": "楷体_GB2312",
        "Title": "方正小标宋简体",
        "IssuerMark": "方正小标宋简体",
    }
    assert styles.find("w:style[@w:styleId='Heading1']/w:name", NS).get(q("w:val")) == "heading 1"


def test_every_run_names_its_east_asian_font(seed: dict[str, bytes]) -> None:
    for data in seed.values():
        runs = [r for r in xml(data, "word/document.xml").iter(q("w:r")) if "".join(r.itertext())]
        assert runs
        for run in runs:
            fonts = run.find("w:rPr/w:rFonts", NS)
            assert fonts is not None, "".join(run.itertext())
            east = fonts.get(q("w:eastAsia"))
            assert east in {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"}
            assert fonts.get(q("w:ascii")) == east  # so “”—… are drawn in the Chinese font too


def test_run_properties_in_schema_order(seed: dict[str, bytes]) -> None:
    """Word drops run properties out of the schema's order (the font of a bold run, say)."""
    from plangen.document.ooxml.runprops import _RANK

    for data in seed.values():
        for rpr in xml(data, "word/document.xml").iter(q("w:rPr")):
            ranks = [_RANK.get(child.tag, 99) for child in rpr]
            assert ranks == sorted(ranks), [child.tag.split("}")[1] for child in rpr]


def test_header_parts(seed: dict[str, bytes]) -> None:
    data = seed["full"]
    [mark] = styled(data, "IssuerMark")
    assert mark == "中共天水市企业工作委员会文件"
    mark_para = next(p for p in paragraphs(data) if p.style == "IssuerMark").element
    run = next(r for r in mark_para.iter(q("w:r")) if "".join(r.itertext()))
    assert attr(run, "w:rPr/w:color", "val") == "FF0000"
    assert styled(data, "DocumentNumber") == ["天企工委发〔2014〕3号"]
    styles = xml(data, "word/styles.xml")
    border = styles.find("w:style[@w:styleId='DocumentNumber']/w:pPr/w:pBdr/w:bottom", NS)
    assert border.get(q("w:color")) == "FF0000"
    assert styled(data, "Title") == [
        "中共天水市企业工委关于在企业深入开展",
        "党的群众路线教育实践活动的实施方案",
    ]
    assert styled(data, "Recipients") == ["各企业党委（党总支、党支部）、工委各部室："]


def test_headings_are_numbered_by_level(seed: dict[str, bytes]) -> None:
    data = seed["full"]
    assert styled(data, "Heading1")[:8] == [
        "一、指导思想",
        "二、目标要求",
        "三、基本原则",
        "四、方法步骤",
        "五、分类指导",
        "六、加强流动党员教育管理",
        "七、组织领导",
        "八、工作要求",
    ]
    h2 = styled(data, "Heading2")
    assert h2[0].startswith("（一）思想认识进一步提高。")
    assert "（一）学习教育、听取意见（2014年2月24日至4月30日）" in h2
    assert "（四）非公企业" in h2
    h3 = styled(data, "Heading3")
    assert h3[0].startswith("1.搞好动员部署。")
    assert any(t.startswith("（1）") for t in styled(data, "Heading4"))
    run_in = next(p for p in paragraphs(data) if p.text.startswith("（一）坚持正面教育为主。"))
    fonts = [
        r.find("w:rPr/w:rFonts", NS).get(q("w:eastAsia"))
        for r in run_in.element.iter(q("w:r"))
        if "".join(r.itertext())
    ]
    assert fonts[0] == "楷体_GB2312" and fonts[-1] == "仿宋_GB2312"


def test_editions_carry_only_their_own_requirements(seed: dict[str, bytes]) -> None:
    city = seed["city-owned"]
    text = "\n".join(p.text for p in paragraphs(city))
    assert "（市属企业）" in styled(city, "Subtitle")
    assert styled(city, "Recipients") == ["各市属企业党委（党总支、党支部）："]
    assert "五、目标任务和督导安排" in styled(city, "Heading1")
    assert "市委派出的督导组" in text
    assert "业务主管部门督导" not in text
    full = "\n".join(p.text for p in paragraphs(seed["full"]))
    assert "业务主管部门督导" in full and "市委派出的督导组" in full


def test_closing_parts_and_colophon(seed: dict[str, bytes]) -> None:
    data = seed["full"]
    notes = styled(data, "AttachmentNote")
    assert notes[0].startswith("附件：1. 中共天水市企业工委")
    [signature] = [p for p in paragraphs(data) if p.style == "SignatureKeep"]
    date = next(p for p in paragraphs(data) if p.style == "Signature")
    assert (signature.text, date.text) == ("中共天水市企业工作委员会", "2014年2月24日")
    # placed by indents, not spaces: the name ends 2 字 from the right of the 28-字 line, the
    # date starts 2 字 right of the name
    name_at, date_at = (
        int(p.element.find("w:pPr/w:ind", NS).get(q("w:left"))) for p in (signature, date)
    )
    assert name_at == (28 - 2 - 12) * 315 and date_at == name_at + 2 * 315
    labels = styled(data, "AttachmentLabel")
    assert labels == ["附件1", "附件2", "附件3"]
    colophon = styled(data, "Colophon")
    assert colophon == [
        "抄送：市委党的群众路线教育实践活动领导小组办公室，市委组织部。",
        "中共天水市企业工委办公室2014年2月24日印发",
    ]
    table = xml(data, "word/styles.xml").find(
        "w:style[@w:styleId='ColophonTable']/w:tblPr/w:tblBorders", NS
    )
    assert {b.tag.split("}")[1]: b.get(q("w:sz")) for b in table} == {
        "top": "8",
        "bottom": "8",
        "insideH": "6",
    }


def test_signature_never_stands_alone_on_a_page(seed: dict[str, bytes]) -> None:
    paras = [p for p in paragraphs(seed["full"]) if p.style]
    first_note = next(i for i, p in enumerate(paras) if p.style == "AttachmentNote")
    last_body = paras[first_note - 2]  # then the blank line, then the 附件说明
    assert last_body.style in {"BodyTextKeep", "Heading2Keep", "Heading3Keep", "Heading4Keep"}
    chain = paras[first_note - 2 : next(i for i, p in enumerate(paras) if p.style == "Signature")]
    styles = xml(seed["full"], "word/styles.xml")
    for para in chain:
        style = styles.find(f"w:style[@w:styleId='{para.style}']", NS)
        assert style.find("w:pPr/w:keepNext", NS) is not None, para.style


def test_footers_place_page_numbers(seed: dict[str, bytes]) -> None:
    data = seed["full"]
    settings = xml(data, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    odd, even, empty = (xml(data, f"word/footer{n}.xml") for n in ("Odd", "Even", "Empty"))
    assert (
        attr(odd, "w:p/w:pPr/w:jc", "val") == "right"
        and attr(odd, "w:p/w:pPr/w:ind", "right") == "280"
    )
    assert (
        attr(even, "w:p/w:pPr/w:jc", "val") == "left"
        and attr(even, "w:p/w:pPr/w:ind", "left") == "280"
    )
    for footer in (odd, even):
        assert footer.find(".//w:fldSimple", NS).get(q("w:instr")).strip() == "PAGE"
        assert "".join(footer.itertext()).replace("1", "N") == "— N —"
    assert "".join(empty.itertext()) == ""
    body = xml(data, "word/document.xml").find("w:body", NS)
    last = body.find("w:sectPr", NS)
    assert {r.get(q("w:type")) for r in last.findall("w:footerReference", NS)} == {
        "default",
        "even",
    }


#: what Markdown would act on, but a drafter's rules do not: plain text, kept as typed
MARKDOWN_MARKS = r"`代码`、*强调*、_强调_、a\*b、C:\文件、[附件](http://x)、<http://x>、&copy;"


@pytest.fixture
def tricky_plan(tmp_path: Path) -> Iterator[Path]:
    """A plan whose text has everything that breaks naive templating."""
    shutil.copy(CASES / "enterprise-types.yaml", tmp_path / "enterprise-types.yaml")
    (tmp_path / ".git").mkdir()
    source = (CASES / "valid" / "minimal" / "plan.yaml").read_text(encoding="utf-8")
    long = "长" * 12000
    tricky = (
        "      text: |\n"
        "        A & B < C > D \"引号\" 'single' {{ context }} {% if x %} {#c#} 𠀀𠀁 **加粗** <b>标签</b>\n"
        "\n"
        f"        {MARKDOWN_MARKS}\n"
        "\n"
        f"        {long}\n"
    )
    source = source.replace("      text: 以测试为指导。\n", tricky)
    (tmp_path / "plan.yaml").write_text(source, encoding="utf-8")
    yield tmp_path


def test_text_comes_out_verbatim(tricky_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = validate_paths([tricky_plan / "plan.yaml"], tricky_plan)
    assert not result.errors, [d.format_text("zh") for d in result.errors]
    data = render_plan_documents(result.plans[0], Project(tricky_plan))["full"]
    texts = [p.text for p in paragraphs(data)]
    expected = (
        "A & B < C > D \"引号\" 'single' {{ context }} {% if x %} {#c#} 𠀀𠀁 加粗 <b>标签</b>"
    )
    assert expected in texts
    assert MARKDOWN_MARKS in texts
    assert "长" * 12000 in texts
    assert not any("**" in t for t in texts)
    bold = [
        r
        for r in xml(data, "word/document.xml").iter(q("w:r"))
        if r.find("w:rPr/w:b", NS) is not None
    ]
    assert ["".join(r.itertext()) for r in bold] == ["加粗"]


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("甲`乙`丙", ["甲`乙`丙"]),
        ("*强调*与_强调_", ["*强调*与_强调_"]),
        ("a\\*b 与 C:\\文件\\", ["a\\*b 与 C:\\文件\\"]),
        ("见[附件1](fujian.docx)", ["见[附件1](fujian.docx)"]),
        ("[1]: 见附件", ["[1]: 见附件"]),
        ("# 不是标题", ["# 不是标题"]),
        ("第一段\n===", ["第一段==="]),
        ("---", ["---"]),
        ("2014. 年度总结", ["2014. 年度总结"]),
        ("1. 编号照原样\n2. 第二项", ["1. 编号照原样", "2. 第二项"]),
        ("**加粗**其余", ["加粗其余"]),
        ("要求：\n- 一项\n- 二项", ["要求：", "一项", "二项"]),
    ],
)
def test_only_the_drafter_s_markdown_is_markup(source: str, shown: list[str]) -> None:
    """README: **bold**, bulleted lines and typed numbers are the only marks. Python-Markdown's
    others took characters out of the text — `code`, *em*, _em_, backslashes, link targets,
    a reference line, # and === headings, a --- line, the number of 2014. — found by the property
    test that builds generated plans."""
    assert [p.text for p in text.paragraphs(source)] == shown


def test_one_converter_serves_every_text_without_carrying_anything_over() -> None:
    """Making a Markdown converter cost more than converting most texts, and a plan has dozens:
    the thread's one is reset between texts, and what one text sets up (a list, a reference
    line, bold) does not reach the next."""
    assert text._markdown() is text._markdown()
    sources = ["要求：\n- 一项\n- 二项", "[1]: 见附件", "**加粗**其余", "见[1]与一项", "- 一项"]
    alone = []
    for source in sources:
        text.paragraphs.cache_clear()
        text._CONVERTERS.markdown = None  # a converter of its own
        alone.append(text.paragraphs(source))
    text.paragraphs.cache_clear()
    assert [text.paragraphs(source) for source in sources] == alone


def test_optional_header_parts_and_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(CASES / "enterprise-types.yaml", tmp_path / "enterprise-types.yaml")
    (tmp_path / ".git").mkdir()
    source = (CASES / "valid" / "minimal" / "plan.yaml").read_text(encoding="utf-8")
    extra = '  copy_number: "000123"\n  classification: 秘密★1年\n  urgency: 特急\n  note: 此件发至企业党组织\n'
    source = source.replace(
        "  date: 2014-02-24\ncampaign", "  date: 2014-02-24\n" + extra + "campaign"
    )
    (tmp_path / "plan.yaml").write_text(source, encoding="utf-8")
    result = validate_paths([tmp_path / "plan.yaml"], tmp_path)
    assert not result.errors, [d.format_text("zh") for d in result.errors]
    data = render_plan_documents(result.plans[0], Project(tmp_path))["full"]
    front = [p for p in paragraphs(data) if p.style == "FrontMatter"]
    assert [p.text for p in front] == ["000123", "秘密★1年", "特急"]  # 份号 → 密级 → 紧急程度
    fonts = [
        next(r for r in p.element.iter(q("w:r")) if "".join(r.itertext()))
        .find("w:rPr/w:rFonts", NS)
        .get(q("w:eastAsia"))
        for p in front
    ]
    assert fonts == ["仿宋_GB2312", "黑体", "黑体"]
    mark = next(p for p in paragraphs(data) if p.style == "IssuerMark")
    # three lines above the mark: its top edge still 35 mm below the text block's top
    assert attr(mark.element, "w:pPr/w:spacing", "before") == "62"
    assert styled(data, "Note") == ["（此件发至企业党组织）"]


def test_template_is_compiled_once_per_build(monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2

    from plangen.document import render

    monkeypatch.setattr(render, "_ENV", render._CompileOnce())
    compiled: list[int] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, *args: object, **kwargs: object) -> object:
        compiled.append(1)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    plan = validate_paths([ROOT / "plans"], ROOT).plans[0]
    documents = render_plan_documents(plan, Project(ROOT))
    assert len(documents) == 5
    parts_per_document = len(compiled)
    render_plan_documents(plan, Project(ROOT))
    assert len(compiled) == parts_per_document  # the second build compiles nothing
    assert parts_per_document < 10  # body, header, three footers: once, not once per document


def test_no_empty_runs_are_left(seed: dict[str, bytes]) -> None:
    """docxtpl leaves the runs of the template's tags behind, emptied; finalise drops them and
    keeps the runs that carry a tab (the 版记's 印发 line) or a break."""
    for data in seed.values():
        document = xml(data, "word/document.xml")
        empty = [
            r
            for r in document.iter(q("w:r"))
            if all(c.tag == q("w:rPr") or (c.tag == q("w:t") and not c.text) for c in r)
        ]
        assert empty == []
        assert len(document.findall(".//w:r/w:tab", NS)) == 1
