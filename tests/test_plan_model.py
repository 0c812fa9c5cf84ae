"""The plan model as documents show it: sections in order with their own titles, a plan's own
heading sequence, times as offices write them, tables, and editions that differ where ``only``
says so. Each case folder under tests/cases/valid is built and its documents read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from plangen.core.project import Project
from plangen.core.vocab import time_text
from plangen.document.produce import render_plan_documents
from plangen.plan.validate import validate_paths

from .conftest import CASES
from .docxread import NS, paragraphs, q, xml


def documents(case: str) -> dict[str, bytes]:
    folder = CASES / "valid" / case
    result = validate_paths([folder / "plan.yaml"], folder)
    assert not result.errors, [d.format_text("zh") for d in result.errors]
    return render_plan_documents(result.plans[0], Project(folder))


def headings(data: bytes) -> list[str]:
    return [p.text for p in paragraphs(data) if p.style.startswith("Heading")]


def body_texts(data: bytes) -> list[str]:
    return [p.text for p in paragraphs(data)]


def test_a_plan_without_types_is_one_document_with_its_own_numbering() -> None:
    built = documents("no-types-own-numbering")
    assert list(built) == ["full"]
    assert headings(built["full"]) == [
        "一、指导思想",
        "二、学习内容",
        "1.理论学习",
        "（1）原原本本学。",
        "2.专题研讨。一是集中研讨；二是个人自学。",
    ]
    texts = body_texts(built["full"])
    assert "1. 这一行的编号照原样保留" in texts  # a number the drafter typed is kept


def test_stage_times_as_a_clerk_writes_them() -> None:
    built = documents("month-parts-and-durations")
    assert headings(built["full"]) == [
        "一、实施步骤",
        "（一）动员部署阶段（3月上旬至中旬）",
        "（二）组织实施阶段（3月下旬至2024年10月31日，7个月左右）",
        "（三）总结提升阶段（年底前）",
        "（四）贯穿始终的工作",
    ]


@pytest.mark.parametrize(
    ("start", "end", "duration", "shown"),
    [
        ("2014-02-24", "2014-04-30", None, "2014年2月24日至4月30日"),
        ("2014-12-01", "2015-01-31", None, "2014年12月1日至2015年1月31日"),
        ("3月中旬", "4月中旬", None, "3月中旬至4月中旬"),
        ("3月上旬", "3月下旬", None, "3月上旬至下旬"),
        (None, "6月底", None, "6月底前"),
        ("3月", None, None, "3月起"),
        (None, None, "45天左右", "45天左右"),
        (None, None, None, ""),
    ],
)
def test_time_text(start: str | None, end: str | None, duration: str | None, shown: str) -> None:
    assert time_text(start, end, duration) == shown


def test_a_task_table_is_a_ruled_table_with_its_header_on_every_page() -> None:
    data = documents("task-table")["full"]
    every = xml(data, "word/document.xml").findall(".//w:tbl", NS)
    tables = [t for t in every if t.find("w:tr/w:trPr/w:tblHeader", NS) is not None]
    assert len(tables) == 1  # (the other table is the 版记's)
    rows = tables[0].findall("w:tr", NS)
    cells = [["".join(c.itertext()) for c in row.findall("w:tc", NS)] for row in rows]
    assert cells[0] == ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"]
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None  # repeated on every page
    assert cells[1] == ["1", "推进一网通办", "区政务服务局区大数据中心", "各部门", "6月底"]
    lead = rows[1].findall("w:tc", NS)[2]
    assert lead.find(".//w:br", NS) is not None  # the line break written in the cell
    assert cells[2] == ["2", "压缩审批时限", "区发展改革委", "区市场监管局", "9月底"]
    assert cells[3] == ["3", "", "区住建局", "各街道", "年底"]  # covered by the cell above
    merges = [tc.find("w:tcPr/w:vMerge", NS) for tc in rows[2].findall("w:tc", NS)]
    assert merges[1] is not None and merges[1].get(q("w:val")) == "restart"
    below = rows[3].findall("w:tc", NS)[1].find("w:tcPr/w:vMerge", NS)
    assert below is not None and below.get(q("w:val")) is None  # continues the merge
    spanning = rows[4].findall("w:tc", NS)[1]
    assert spanning.find("w:tcPr/w:gridSpan", NS).get(q("w:val")) == "3"
    widths = [int(c.get(q("w:w"))) for c in tables[0].findall("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) <= 8844  # never wider than the text block (156 mm)
    assert "重点任务分解表" in body_texts(data)


def test_editions_carry_exactly_what_applies_to_them() -> None:
    built = documents("only-and-own-catalogue")
    assert list(built) == ["full", "state-owned", "private"]  # the plan's own catalogue
    assert headings(built["full"]) == [
        "一、指导思想",
        "二、国有企业的特别要求",
        "（一）发挥领导作用。内容。",
        "三、主要任务",
        "（一）共同的任务。内容。",
        "（二）只给民营企业的任务。内容。",
    ]
    assert headings(built["state-owned"]) == [
        "一、指导思想",
        "二、国有企业的特别要求",
        "（一）发挥领导作用。内容。",
        "三、主要任务",
        "（一）共同的任务。内容。",
    ]
    assert headings(built["private"]) == [  # renumbered: the state-owned section is not there
        "一、指导思想",
        "二、主要任务",
        "（一）共同的任务。内容。",
        "（二）只给民营企业的任务。内容。",
    ]
    limited = "国有企业要把学习同深化改革结合起来。"
    assert limited in body_texts(built["full"]) and limited in body_texts(built["state-owned"])
    assert limited not in body_texts(built["private"])  # a paragraph for one type only
    assert "各企业都要抓好落实。" in body_texts(built["private"])
    assert "民营企业联络表" in body_texts(built["private"])
    assert "民营企业联络表" not in "".join(body_texts(built["state-owned"]))
    recipients = [p.text for p in paragraphs(built["private"]) if p.style == "Recipients"]
    assert recipients == ["各民营企业党组织："]


def test_the_signatory_signs(tmp_path: Path) -> None:
    source = (CASES / "valid" / "no-types-own-numbering" / "plan.yaml").read_text("utf-8")
    signed = source.replace("  date: 2024-03-05\n", "  date: 2024-03-05\n  signatory: 某某局\n")
    (tmp_path / "plan.yaml").write_text(signed, encoding="utf-8")
    result = validate_paths([tmp_path / "plan.yaml"], tmp_path)
    data = render_plan_documents(result.plans[0], Project(tmp_path))["full"]
    signature = [p.text.strip("\u3000\u2002 ") for p in paragraphs(data) if "Signature" in p.style]
    assert signature[:2] == ["某某局", "2024年3月5日"]


def test_the_page_s_preview_shows_the_table() -> None:
    from plangen.document.compose import compose
    from plangen.site.preview import document_html

    folder = CASES / "valid" / "task-table"
    plan = validate_paths([folder / "plan.yaml"], folder).plans[0]
    shown = document_html(compose(plan, "full"))
    assert "<caption>重点任务分解表</caption>" in shown
    assert '<th scope="col">完成时限</th>' in shown
    assert '<td rowspan="2">压缩审批时限</td>' in shown
    assert '<td colspan="3">长期坚持的工作</td>' in shown


def test_heading_forms() -> None:
    from plangen.document.compose import heading_number

    shown = [heading_number(form, 3) for form in ("一、", "（一）", "1.", "1、", "（1）")]
    assert shown == ["三、", "（三）", "3.", "3、", "（3）"]


EMPTY_EDITION = """\
document: {issuer: 中共天水市企业工作委员会, title: 关于开展学习的实施方案, date: 2014-02-24}
enterprise_types:
  - {id: state-owned, name: 国有企业, recipients: [各国有企业党委]}
  - {id: private, name: 民营企业, recipients: [各民营企业党组织]}
body:
  sections:
    - title: 指导思想
      only: [state-owned]
      text:
        - 各企业都要学习。
        - {text: 民营企业要结合实际。, only: [private]}
"""


def test_an_edition_with_nothing_in_its_body(tmp_path: Path) -> None:
    """A type named only by a paragraph of a section limited to another type has an edition with
    no body: composing it took the body's last block (IndexError, exit 3). Found by the property
    test that builds generated plans."""
    (tmp_path / "plan.yaml").write_text(EMPTY_EDITION, encoding="utf-8")
    result = validate_paths([tmp_path / "plan.yaml"], tmp_path)
    assert not result.errors
    built = render_plan_documents(result.plans[0], Project(tmp_path))
    assert list(built) == ["full", "state-owned", "private"]
    assert headings(built["private"]) == []
    texts = body_texts(built["private"])
    assert "各民营企业党组织：" in texts
    assert "中共天水市企业工作委员会" in [t.strip("\u3000\u2002 ") for t in texts]
