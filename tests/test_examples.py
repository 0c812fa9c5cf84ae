"""The examples in examples/: real 实施方案 transcribed from public sources, each folder a plans
repository of its own. Every one validates, builds and is canonically formatted, and the documents
read back with the original's headings, numbers and tables. Every kind of document plangen makes
(a cover notice, the letter format, a plain internal plan, a sealed 落款, joint issuers, a draft)
has an example, and each example's document shows exactly its kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, run_cli
from .docxread import NS, Para, paragraphs, q, xml

EXAMPLES = ROOT / "examples"

#: the kinds of document plangen makes (schemas/plan.schema.json: ``document`` and ``notice``)
KINDS = ("notice", "letter", "plain", "sealed", "joint", "signers", "draft")
#: kinds without a real example: upward documents showing 签发人 are not published (the search
#: is told in examples/README.md); tests/cases/valid/signers covers the kind
NO_EXAMPLE = {"signers"}


@dataclass(frozen=True)
class Expected:
    """What the built document shows, as the original has it."""

    title: str  # the file name, 标题.docx
    headings: list[str]  # every 一级标题 with its number, in order
    numbered: list[str] = field(default_factory=list)  # paragraphs that start so (numbered items)
    texts: list[str] = field(default_factory=list)  # whole paragraphs found as they are
    styled: dict[str, list[str]] = field(default_factory=dict)  # style → its paragraphs, in order
    table: list[list[str]] | None = None  # header row, then the rows, cell by cell
    kinds: tuple[str, ...] = ()  # of KINDS: what kind of document the original is
    notice: str | None = None  # the cover notice's title
    issuers: list[str] = field(default_factory=list)  # joint: every issuer, the host first
    status: str | None = None  # a draft's 文稿状态


EXPECTED = {
    "yueyang-zhengwu": Expected(
        title="关于全面推进政务公开工作的实施意见",
        headings=["一、把握总体要求，明确工作目标"],
        numbered=["（一）总体要求。坚持以公开为常态、不公开为例外"],
        styled={
            "IssuerMark": ["中共岳阳市委办公室", "岳阳市人民政府办公室", "文件"],
            "DocumentNumber": ["岳办发〔2017〕2号"],
            "Recipients": [
                "各县市区委、人民政府，岳阳经济技术开发区、城陵矶新港区、南湖新区、屈原管理区，"
                "市直各单位，中央、省驻岳单位："
            ],
        },
        kinds=("notice", "sealed", "joint"),
        notice="中共岳阳市委办公室岳阳市人民政府办公室印发《关于全面推进政务公开工作的实施意见》的通知",
        issuers=["中共岳阳市委办公室", "岳阳市人民政府办公室"],
    ),
    "zijin-buduanban": Expected(
        title="紫金县紫城镇居住社区建设补短板行动实施方案",
        headings=["一、指导思想"],
        texts=[
            # the original's mismatched bracket, kept as it is
            "根据广东省住房和城乡建设厅等部门《关于结合城镇老旧小区改造等工作系统推动城市居住社区"
            "建设补短板行动的函》（粤建节函〔2022]48号）的部署，在紫城镇开展城镇居住社区建设补短板"
            "行动，制定如下方案。",
        ],
        kinds=("plain", "draft"),
        status="征求意见稿",
    ),
    "zhengfu-wangzhan": Expected(
        title="政府网站集约化试点工作方案",
        headings=["一、总体要求", "二、试点范围", "三、试点任务", "四、工作进度", "五、保障措施"],
        numbered=[
            "（一）指导思想。以习近平新时代中国特色社会主义思想为指导",
            "（二）基本原则",
            "1.问题导向。针对政府网站存在的建设分散",
            "4.平稳有序。积极稳妥组织本地区政府网站集约化建设",
            "（五）强化安全保障。严格落实网络安全法",
            "（三）总结经验做法。试点地区要于2019年12月底前",
            "（三）开展考核评估。试点地区要制定本地区政府网站集约化工作考核评估办法",
        ],
        texts=[
            # the original's closing paragraph, after the last item
            "未纳入试点范围的其他省（区、市）和国务院部门，可参照本方案推进本地区本部门政府网站集约化工作。",
        ],
        styled={
            "LetterFront": ["国办函〔2018〕71号"],  # a 函: the letter format's 发文字号
            "Recipients": ["各省、自治区、直辖市人民政府，国务院各部委、各直属机构："],
            "Note": ["（此件公开发布）"],
        },
        kinds=("notice", "letter", "sealed"),
        notice="国务院办公厅关于印发《政府网站集约化试点工作方案》的通知",
        issuers=["国务院办公厅"],
    ),
    "henan-yingshang": Expected(
        title="河南省优化营商环境创新示范实施方案",
        headings=[
            "一、指导思想",
            "二、示范任务和范围",
            "三、主要目标",
            "四、加强组织领导和统筹协调",
            "五、做好滚动示范和评估推广",
        ],
        styled={
            "DocumentNumber": ["豫政〔2022〕20号"],
            "Recipients": ["各省辖市人民政府，济源示范区、航空港区管委会，省人民政府有关部门："],
            "AttachmentTitle": [
                "可开展的国家营商环境改革创新事项清单",
                "国内先进地区营商环境改革创新事项清单",
            ],
        },
    ),
    "lishan-fengong": Expected(
        title="立山区政府2023年重点工作任务分解和责任分工方案",
        headings=["一、经济社会发展的主要预期目标"],
        # numbering: ["一、", "1."] — straight from 一、 to 1.
        numbered=[
            "1.努力实现地区生产总值增长6.2%左右。",
            "2.规模上工业增加值增长5%左右。",
            "6.居民收入增长与经济增长基本同步。",
        ],
        texts=["牵头单位：区发改局", "责任单位：立山经济开发区，全区经济运行各专班"],
        styled={
            "IssuerMark": ["鞍山市立山区人民政府文件"],
            "DocumentNumber": ["鞍立政发〔2023〕2号"],
        },
    ),
    "linyi-jieri": Expected(
        title="临沂市统计局“我们的节日·中秋节、重阳节”活动方案",
        headings=["一、活动主题", "二、活动安排", "三、活动要求"],
        numbered=[
            "1、开展“体验生活、共度佳节”为主题",
            "3、开展“互助友爱、帮困济贫”为主题的志愿服务活动。",
            "1、把握节目主题，精心组织。各单位要把开展中秋节、重阳节主题文化活动",
        ],
        styled={"Recipients": ["市局各科室及所属各单位："]},
        kinds=("notice", "plain"),
        notice="关于印发《临沂市统计局“我们的节日·中秋节、重阳节”活动方案》的通知",
        issuers=["临沂市统计局"],
    ),
    "qiaocheng-fenjie": Expected(
        title="谯城区2025年政府工作报告重点工作任务分解表",
        headings=["一、2025年经济社会发展的主要预期目标"],
        table=[
            ["序号", "重点工作任务", "主要责任单位", "协同配合单位"],
            [
                "1",
                "地区生产总值增长6.5%左右。",
                "区发改委",
                "区政府各部门，各乡镇人民政府、街道办事处，谯城经开区管委会，魏武国控集团。",
            ],
            [
                "2",
                "一般公共预算收入增长5%左右。",
                "区财政局\n区税务局",
                "区政府有关部门，各乡镇人民政府、街道办事处，谯城经开区管委会，魏武国控集团。",
            ],
            [
                "3",
                "固定资产投资增长7.5%左右。",
                "区发改委",
                "区工信局、区住建局、区交通局、区水利局、区农业农村局、区教育局、区卫健委，"
                "各乡镇人民政府、街道办事处，谯城经开区管委会，魏武国控集团。",
            ],
            ["4", "社会消费品零售总额增长8.2%左右。", "区商务局", "区发改委、区市场监管局。"],
            [
                "5",
                "规模以上工业增加值增长10%左右。",
                "区工信局",
                "区农业农村局、区商务局、区药发中心，各乡镇人民政府、街道办事处，谯城经开区管委会。",
            ],
        ],
    ),
}

FOLDERS = sorted(p.name for p in EXAMPLES.iterdir() if (p / "plans").is_dir())


def test_every_example_has_expectations() -> None:
    assert sorted(EXPECTED) == FOLDERS


@pytest.fixture(params=FOLDERS)
def example(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run plangen inside the example's folder, as a drafter would (it is a plans repository)."""
    monkeypatch.chdir(EXAMPLES / request.param)
    return str(request.param)


@pytest.fixture
def built(example: str, tmp_path: Path) -> tuple[Expected, list[Path]]:
    result = run_cli("build", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    return EXPECTED[example], sorted(tmp_path.rglob("*.docx"))


def test_example_validates(example: str) -> None:
    result = run_cli("validate")
    assert result.exit_code == 0, result.output
    assert "没有发现问题" in result.output


def test_example_is_canonically_formatted(example: str) -> None:
    result = run_cli("fmt", "--check")
    assert result.exit_code == 0, result.output


def test_example_lints_clean(example: str) -> None:
    """Transcribed text in official Chinese form: full-width punctuation, no pasted artifacts."""
    result = run_cli("lint")
    assert (result.exit_code, result.output) == (0, "检查了 1 个文件，没有发现问题。\n")


def test_example_builds_one_document(built: tuple[Expected, list[Path]]) -> None:
    """None of the examples has enterprise types: one document, no editions, named by the plan's
    title (a draft's name says it is one)."""
    expected, docs = built
    status = f"（{expected.status}）" if expected.status else ""
    assert [d.name for d in docs] == [f"{expected.title}{status}.docx"]


def _paragraphs(docs: list[Path]) -> list[Para]:
    return paragraphs(docs[0].read_bytes())


def test_example_headings_in_order(built: tuple[Expected, list[Path]]) -> None:
    expected, docs = built
    headings = [p.text for p in _paragraphs(docs) if p.style.startswith("Heading1")]
    assert headings == expected.headings


def test_example_numbered_items(built: tuple[Expected, list[Path]]) -> None:
    expected, docs = built
    body = [p for p in _paragraphs(docs) if p.style.startswith("Heading")]
    for start in expected.numbered:
        assert any(p.text.startswith(start) for p in body), start


def test_example_paragraphs_as_written(built: tuple[Expected, list[Path]]) -> None:
    expected, docs = built
    paras = _paragraphs(docs)
    texts = [p.text for p in paras]
    for text in expected.texts:
        assert text in texts, text
    for style, wanted in expected.styled.items():
        assert [p.text.strip() for p in paras if p.style == style] == wanted, style


def _cell_text(tc: Any) -> str:
    """A cell's text, a line break in it as ``\\n`` (as the plan writes it)."""
    parts = []
    for element in tc.iter(q("w:t"), q("w:br")):
        parts.append("\n" if element.tag == q("w:br") else element.text or "")
    return "".join(parts)


def _is_mark(tbl: Any) -> bool:
    """The joint 发文机关标志: the issuers' names beside 文件, laid out as a table."""
    return any(s.get(q("w:val")) == "IssuerMark" for s in tbl.iter(q("w:pStyle")))


def _tables(data: bytes) -> list[list[list[str]]]:
    """The body's ruled tables (not the 版记, not a joint mark), each as rows of cell texts."""
    root = xml(data, "word/document.xml")
    tables = []
    for tbl in root.iter(q("w:tbl")):
        style = tbl.find("w:tblPr/w:tblStyle", NS)
        if style is not None and style.get(q("w:val")) == "ColophonTable":
            continue
        if _is_mark(tbl):
            continue
        rows = [[_cell_text(tc) for tc in tr.findall("w:tc", NS)] for tr in tbl.findall("w:tr", NS)]
        tables.append(rows)
    return tables


def test_example_without_table_has_none(built: tuple[Expected, list[Path]]) -> None:
    expected, docs = built
    if expected.table is None:
        assert _tables(docs[0].read_bytes()) == []


def test_qiaocheng_table_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES / "qiaocheng-fenjie")
    assert run_cli("build", "-o", str(tmp_path)).exit_code == 0
    data = next(tmp_path.rglob("*.docx")).read_bytes()
    expected = EXPECTED["qiaocheng-fenjie"].table
    assert _tables(data) == [expected]
    header = xml(data, "word/document.xml").find(".//w:tbl/w:tr/w:trPr/w:tblHeader", NS)
    assert header is not None  # the header row repeats on every page


# -- the kinds of document ---------------------------------------------------------------------

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
#: what only a 版头 or a 版记 holds
HEAD_AND_FOOT = {"IssuerMark", "DocumentNumber", "DocumentNumberSigned", "LetterFront", "Colophon"}


def _titles(paras: list[Para], style: str) -> str:
    """The first run of ``style`` paragraphs (a title's lines), and the lines under it in the
    style of a title's later lines, joined."""
    start = next(i for i, p in enumerate(paras) if p.style == style)
    lines = [paras[start].text]
    for p in paras[start + 1 :]:
        if p.style not in (style, "AttachmentTitle"):
            break
        lines.append(p.text)
    return "".join(lines)


def _letter_head(body: Any) -> bool:
    """Whether page 1 has a header of its own: the letter format's mark and rules."""
    return any(ref.get(q("w:type")) == "first" for ref in body.iter(q("w:headerReference")))


def _shows(kind: str, expected: Expected, data: bytes) -> bool:
    """Whether the built document is of ``kind``, by what only that kind shows."""
    paras = paragraphs(data)
    styles = {p.style for p in paras}
    body = xml(data, "word/document.xml")
    if kind == "notice":  # the document opens with another title than the plan's: the notice's
        return _titles(paras, "Title") != expected.title
    if kind == "letter":
        return _letter_head(body)
    if kind == "plain":
        return not styles & HEAD_AND_FOOT and not _letter_head(body)
    if kind == "sealed":
        return bool(styles & {"SealSignature", "SealRow"})
    if kind == "joint":
        return any(_is_mark(tbl) for tbl in body.iter(q("w:tbl")))
    if kind == "signers":
        return "SignerLine" in styles
    assert kind == "draft"
    return any(p.style == "Subtitle" and re.fullmatch(r"（\S+稿）", p.text) for p in paras)


def of_kind(kind: str) -> list[str]:
    """The examples of ``kind``."""
    return [folder for folder, expected in sorted(EXPECTED.items()) if kind in expected.kinds]


def test_every_kind_has_an_example() -> None:
    shown = {kind for expected in EXPECTED.values() for kind in expected.kinds}
    assert shown <= set(KINDS)
    assert shown == set(KINDS) - NO_EXAMPLE


def test_example_shows_exactly_its_kinds(built: tuple[Expected, list[Path]]) -> None:
    expected, docs = built
    data = docs[0].read_bytes()
    assert [k for k in KINDS if _shows(k, expected, data)] == list(expected.kinds)


@pytest.mark.parametrize("example", of_kind("notice"), indirect=True)
def test_example_notice_comes_first(built: tuple[Expected, list[Path]]) -> None:
    """The notice's title, 主送, text and 署名 first, then the plan under its own title, unsigned."""
    expected, docs = built
    paras = paragraphs(docs[0].read_bytes())
    styles = [p.style for p in paras]
    assert _titles(paras, "Title") == expected.notice
    assert _titles(paras, "PlanTitle") == expected.title
    plan = styles.index("PlanTitle")
    signatures = [
        i for i, s in enumerate(styles) if s in ("SignatureKeep", "SealSignature", "SealRow")
    ]
    assert signatures and max(signatures) < plan  # the notice is signed; the plan is not


@pytest.mark.parametrize("example", of_kind("letter"), indirect=True)
def test_example_letter_head(built: tuple[Expected, list[Path]]) -> None:
    """The letter format: the mark (the issuer, no 文件) and red rules in page 1's own header."""
    expected, docs = built
    data = docs[0].read_bytes()
    header = xml(data, "word/headerLetter.xml")
    marks = [p for p in header.iter(q("w:p")) if p.find("w:pPr/w:pStyle", NS) is not None]
    styles = [p.find("w:pPr/w:pStyle", NS).get(q("w:val")) for p in marks]
    assert styles[:3] == ["LetterMark", "LetterRuleTop", "LetterRuleBottom"]
    assert "".join(marks[0].itertext()).strip() == expected.issuers[0]
    section = xml(data, "word/document.xml").find("w:body/w:sectPr", NS)
    assert section.find("w:titlePg", NS) is not None  # a first page of its own
    first = [r for r in section.findall("w:headerReference", NS) if r.get(q("w:type")) == "first"]
    rels = xml(data, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    assert [targets[r.get(R_ID)] for r in first] == ["headerLetter.xml"]
    assert "IssuerMark" not in {p.style for p in paragraphs(data)}


@pytest.mark.parametrize("example", of_kind("plain"), indirect=True)
def test_example_plain_has_no_head(built: tuple[Expected, list[Path]]) -> None:
    """An internal plan: no 版头 and no 版记; its first words are the title."""
    _, docs = built
    paras = paragraphs(docs[0].read_bytes())
    assert next(p for p in paras if p.text).style == "Title"
    assert not {p.style for p in paras} & (HEAD_AND_FOOT | {"ColophonSpacer", "FrontMatter"})


@pytest.mark.parametrize("example", of_kind("sealed"), indirect=True)
def test_example_sealed_signature(built: tuple[Expected, list[Path]]) -> None:
    """Room for the seal (two blank lines), the 署名 placed by an indent or centred tab stops over
    the date, never by spaces."""
    expected, docs = built
    paras = paragraphs(docs[0].read_bytes())
    first = next(i for i, p in enumerate(paras) if p.style in ("SealSignature", "SealRow"))
    assert [p.text for p in paras[first - 2 : first]] == ["", ""]
    names = [p for p in paras if p.style in ("SealSignature", "SealRow")]
    for p in names:
        if p.style == "SealSignature":
            assert int(p.element.find("w:pPr/w:ind", NS).get(q("w:left"))) > 0
        else:
            tabs = p.element.findall("w:pPr/w:tabs/w:tab", NS)
            assert tabs and {t.get(q("w:val")) for t in tabs} == {"center"}
    assert "".join(p.text for p in names) == "".join(expected.issuers)
    assert all("\u3000" not in p.text for p in names)
    assert paras[paras.index(names[-1]) + 1].style == "SealDate"


@pytest.mark.parametrize("example", of_kind("joint"), indirect=True)
def test_example_joint_mark_and_signatures(built: tuple[Expected, list[Path]]) -> None:
    """联合行文: every issuer's name beside 文件 in the mark, and every one signs."""
    expected, docs = built
    data = docs[0].read_bytes()
    mark = next(t for t in xml(data, "word/document.xml").iter(q("w:tbl")) if _is_mark(t))
    first, second = mark.findall("w:tr/w:tc", NS)[:2]
    assert ["".join(p.itertext()) for p in first.findall("w:p", NS)] == expected.issuers
    assert "".join(second.itertext()) == "文件"
    rows = [p.text for p in paragraphs(data) if p.style in ("SealRow", "SignatureKeep")]
    assert "".join(rows) == "".join(expected.issuers)


@pytest.mark.parametrize("example", of_kind("draft"), indirect=True)
def test_example_draft_says_so(built: tuple[Expected, list[Path]]) -> None:
    """A draft: （征求意见稿） under the title, and no 发文字号 yet."""
    expected, docs = built
    paras = paragraphs(docs[0].read_bytes())
    last_title = max(i for i, p in enumerate(paras) if p.style == "Title")
    assert (paras[last_title + 1].style, paras[last_title + 1].text) == (
        "Subtitle",
        f"（{expected.status}）",
    )
    assert not {p.style for p in paras} & {"DocumentNumber", "DocumentNumberSigned", "LetterFront"}
