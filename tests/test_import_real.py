"""``plangen import`` on files plangen did not make: typed as offices type them, with hand-made
styles (no heading styles: bold runs, 一、 and 1、 typed by hand, a table, the 版记 as plain
paragraphs), made here with python-docx, and compared with the exact YAML expected: a plan; a
notice that issues a plan after a page break (Word's break paragraph, or LibreOffice's "page
break before" on the plan's title), sealed, the plan repeating the 署名 and 成文日期; a letter
(份号 and 发文字号 on one line, separated by tabs); a plain plan without 版头 or 版记."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from ruamel.yaml import YAML

from plangen.document.importer import import_docx
from tests.conftest import ROOT, run_cli

DATA = ROOT / "tests" / "data"
EXPECTED = (DATA / "import-hand-typed.yaml").read_text(encoding="utf-8")
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/plan.schema.json"


def _para(document: docx.Document, text: str, *, bold: str = "", align: str = "") -> Paragraph:
    paragraph = document.add_paragraph()
    if bold:
        paragraph.add_run(bold).bold = True
    paragraph.add_run(text)
    if align:
        paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align)
    return paragraph


def _mark(document: docx.Document, text: str) -> None:
    mark = document.add_paragraph()
    mark.add_run(text).font.size = Pt(36)
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _typed_lines(document: docx.Document, lines: list[tuple[str, str, str]]) -> None:
    for text, bold, align in lines:
        _para(document, text, bold=bold, align=align)


#: the plan's title, its opening and its 署名 and 成文日期, as every typed file here has them
TITLE = [("某某县2023年秋冬季", "", "CENTER"), ("森林防火工作实施方案", "", "CENTER")]
OPENING = [
    ("为做好今年秋冬季森林防火工作，制定本方案。", "", ""),
    ("", "一、工作目标", ""),
    ("确保不发生重大森林火灾。", "", ""),
]
SIGNED = [("某某县人民政府办公室", "", "RIGHT"), ("2023年10月8日", "", "RIGHT")]


def _typed(path: Path) -> Path:
    document = docx.Document()
    _mark(document, "某某县人民政府办公室文件")
    # an upward document: the 发文字号 flush left, 签发人 on its line pushed right with tabs
    _para(document, "某政办〔2023〕12号\t\t\t\t签发人：张三")
    _typed_lines(document, TITLE)
    _para(document, "各乡镇人民政府、县直有关单位：")
    _typed_lines(document, OPENING)
    _para(document, "", bold="二、实施步骤")
    _para(document, "各乡镇召开动员会。", bold="1、宣传发动（10月上旬至中旬）。")
    _para(document, "清理林区可燃物。", bold="2、集中整治（11月底前）。")
    _para(document, "", bold="三、重点任务")
    _para(document, "任务分解表", align="CENTER")
    table = document.add_table(rows=3, cols=4)
    for r, row in enumerate(
        [
            ["序号", "任务", "责任单位", "完成时限"],
            ["1", "巡山护林", "县林业局", "12月底"],
            ["2", "隐患排查", "各乡镇", "11月底"],
        ]
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    _para(document, "", bold="四、工作要求")
    _para(document, "各单位主要负责人亲自抓。", bold="1、压实责任。")
    _para(document, "落实24小时值班制度。", bold="2、加强值守。")
    _para(document, "3、严禁野外用火。")
    _typed_lines(document, SIGNED)
    _para(document, "（此件公开发布）")
    _para(document, "抄送：县委办公室。")
    _para(document, "某某县人民政府办公室秘书科　　2023年10月9日印发")
    document.save(str(path))
    return path


def test_a_hand_typed_plan_imports_as_expected(tmp_path: Path) -> None:
    source = _typed(tmp_path / "old.docx")
    result = import_docx(source.read_bytes(), {}, SCHEMA_LINE)
    assert result.text == EXPECTED
    assert result.unplaced == 0


def test_the_command_writes_reports_and_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _typed(tmp_path / "old.docx")
    (tmp_path / "plans").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run_cli("import", "old.docx", "-o", "plans/old.yaml")
    assert result.exit_code == 0, result.output
    assert "导入报告：old.docx" in result.output
    assert "签发人" in result.output.split("每一段")[0]  # read as a 公文要素
    assert (tmp_path / "plans" / "old.yaml").read_text(encoding="utf-8") == EXPECTED
    again = run_cli("import", "old.docx", "-o", "plans/old.yaml")
    assert again.exit_code == 1
    assert "已存在" in again.output
    assert run_cli("import", "old.docx", "-o", "plans/old.yaml", "--force").exit_code == 0
    assert run_cli("import", "missing.docx").exit_code == 2


def _typed_notice(path: Path, page_break: str) -> Path:
    """A notice typed in Word or LibreOffice: sealed (two blank lines, the 署名 indented, the
    date typed 右空四字), the plan after a page break, its own 署名 and 成文日期 repeated. The
    break is Word's (a paragraph holding only the break, as Ctrl+Enter makes), LibreOffice's
    ("page break before" on the title), that with the title typed on one line, flush left, or
    the plan is the notice's 附件 (listed in a 附件说明, labelled on its page)."""
    document = docx.Document()
    _mark(document, "某某县人民政府办公室文件")
    _para(document, "某政办〔2023〕15号", align="CENTER")
    _para(document, "关于印发《某某县2023年秋冬季森林防火", align="CENTER")
    _para(document, "工作实施方案》的通知", align="CENTER")
    _para(document, "各乡镇人民政府，县直有关单位：")
    _para(document, "《某某县2023年秋冬季森林防火工作实施方案》已经县政府同意，现印发给你们，请认真贯彻执行。")  # fmt: skip
    document.add_paragraph()
    if page_break == "attachment":
        _para(document, "附件：" + "".join(text for text, _, _ in TITLE))
        document.add_paragraph()
    document.add_paragraph()
    _para(document, "某某县人民政府办公室").paragraph_format.left_indent = Cm(9)
    _para(document, "2023年10月8日\u3000\u3000\u3000\u3000", align="RIGHT")
    _para(document, "（此件公开发布）")
    if page_break in ("word", "attachment"):
        document.add_page_break()
    if page_break == "attachment":
        _para(document, "附件")
    if page_break == "flush-left":
        title = _para(document, "".join(text for text, _, _ in TITLE))
    else:
        title = _para(document, TITLE[0][0], align="CENTER")
        _typed_lines(document, TITLE[1:])
    title.paragraph_format.page_break_before = page_break in ("libreoffice", "flush-left")
    _typed_lines(document, OPENING)
    _para(document, "", bold="二、工作要求")
    _para(document, "各单位主要负责人亲自抓。", bold="（一）压实责任。")
    _para(document, "落实24小时值班制度。", bold="（二）加强值守。")
    _typed_lines(document, SIGNED)
    _para(document, "抄送：县委办公室，县人大常委会办公室。")
    _para(document, "某某县人民政府办公室秘书科　　2023年10月9日印发")
    document.save(str(path))
    return path


def test_a_typed_notice_and_the_plan_it_issues(tmp_path: Path) -> None:
    results = {
        kind: import_docx(_typed_notice(tmp_path / f"{kind}.docx", kind).read_bytes(), {}, "")
        for kind in ("word", "libreoffice", "flush-left", "attachment")
    }
    expected = (DATA / "import-hand-typed-notice.yaml").read_text(encoding="utf-8")
    assert import_docx((tmp_path / "word.docx").read_bytes(), {}, SCHEMA_LINE).text == expected
    word = results["word"].data
    assert results["libreoffice"].data == results["flush-left"].data == word
    assert results["attachment"].data == {
        **word,
        "notice": {**word["notice"], "plan_as": "attachment"},
    }
    assert [r.unplaced for r in results.values()] == [2, 2, 2, 2]  # the plan's 署名, 成文日期


#: a letter (its mark large and centred, without 文件, or in page 1's own header; 份号 and
#: 发文字号 on one line, apart by tabs) and a plain plan (no 版头, no 版记), typed
LETTER = [
    ("000003\t\t\t\t\t某政办函〔2023〕7号", "", ""), ("特急", "", ""),
    ("某某县森林防火宣传月活动方案", "", "CENTER"), ("各乡镇人民政府：", "", ""),
    ("为增强群众防火意识，制定本方案。", "", ""), ("", "一、活动内容", ""), ("发放宣传资料。", "", ""),
    ("某某县人民政府办公室", "", "RIGHT"), ("2023年9月20日", "", "RIGHT"), ("抄送：县林业局。", "", ""),
]  # fmt: skip
PLAIN = [
    ("县林业局2023年防火检查工作方案", "", "CENTER"), ("各股室：", "", ""),
    ("为查找防火隐患，制定本方案。", "", ""), ("", "一、检查范围", ""), ("全县重点林区。", "", ""),
    ("县林业局办公室", "", "RIGHT"), ("2023年9月1日", "", "RIGHT"),
]  # fmt: skip


LETTER_SENT = {"issuer": "某某县人民政府办公室", "format": "letter",
               "title": "某某县森林防火宣传月活动方案", "recipients": ["各乡镇人民政府"],
               "date": "2023-09-20", "cc": ["县林业局"]}  # fmt: skip
PLAIN_SENT = {"issuer": "县林业局办公室", "format": "plain", "title": "县林业局2023年防火检查工作方案",
              "recipients": ["各股室"], "date": "2023-09-01"}  # fmt: skip


@pytest.mark.parametrize(
    ("mark", "place", "lines", "expected"),
    [
        ("某某县人民政府办公室", "body", LETTER,
         {**LETTER_SENT, "number": "某政办函〔2023〕7号", "copy_number": "000003", "urgency": "特急"}),
        ("某某县人民政府办公室", "first-page-header", LETTER[2:], LETTER_SENT),
        ("", "body", PLAIN, PLAIN_SENT),
        ("县林业局", "every-page-header", PLAIN, PLAIN_SENT),  # a running head: no mark
    ],
    ids=["letter", "letter-mark-in-header", "plain", "plain-running-head"],
)  # fmt: skip
def test_a_typed_letter_and_a_plain_plan(
    tmp_path: Path,
    mark: str,
    place: str,
    lines: list[tuple[str, str, str]],
    expected: dict[str, object],
) -> None:
    document = docx.Document()
    section = document.sections[0]
    if place == "first-page-header":
        section.different_first_page_header_footer = True
    header = {"first-page-header": section.first_page_header, "every-page-header": section.header}
    if place in header:
        paragraph = header[place].paragraphs[0]
        paragraph.text = mark
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif mark:
        _mark(document, mark)
    _typed_lines(document, lines)
    document.save(str(tmp_path / "typed.docx"))
    result = import_docx((tmp_path / "typed.docx").read_bytes(), {}, SCHEMA_LINE)
    assert result.data["document"] == expected
    assert result.unplaced == 0


def _joint_mark(document: docx.Document, names: list[str]) -> None:
    """联合行文's mark as clerks make it in Word: a borderless table, the names stacked in the
    first cell and 文件 in the second."""
    table = document.add_table(rows=1, cols=2)
    first, second = table.rows[0].cells
    first.paragraphs[0].add_run(names[0]).font.size = Pt(30)
    for name in names[1:]:
        first.add_paragraph().add_run(name).font.size = Pt(30)
    second.paragraphs[0].add_run("文件").font.size = Pt(30)


def test_a_typed_joint_document_with_signers(tmp_path: Path) -> None:
    """Two issuers (their mark a table, their 署名 on one line), an upward 发文字号 line."""
    document = docx.Document()
    _joint_mark(document, ["某某县人民政府办公室", "某某县应急管理局"])
    _para(document, "某政办〔2023〕12号\t\t\t\t签发人：张三　李四")
    _typed_lines(document, [*TITLE, ("各乡镇人民政府：", "", ""), *OPENING])
    _para(document, "")
    _para(document, "某某县人民政府办公室　　某某县应急管理局", align="RIGHT")
    _para(document, "2023年10月8日", align="RIGHT")
    path = tmp_path / "joint.docx"
    document.save(str(path))
    result = import_docx(path.read_bytes(), {}, SCHEMA_LINE)
    data = YAML(typ="safe").load(result.text)["document"]
    assert data["issuer"] == "某某县人民政府办公室"
    assert data["joint_issuers"] == ["某某县应急管理局"]
    assert data["signers"] == ["张三", "李四"]
    assert data["number"] == "某政办〔2023〕12号"
    assert "issuer_mark" not in data and "seal" not in data  # the default joint mark, no seal
    assert result.unplaced == 0
