"""The pure core of ``plangen diff``: character diffs, item matching, the plan's terms, reports."""

from __future__ import annotations

import copy
import random
from typing import Any

import click
import pytest

from plangen.core.messages import Words
from plangen.core.vocab import chinese_number
from plangen.plan import textmodel
from plangen.plan.loader import load_file
from plangen.review import itemmatch, textdiff
from plangen.review import report as diffreport
from plangen.review.plandiff import compare, diff_plans

from .conftest import ROOT

NAMES = {
    "central-provincial": "中央和省属企业",
    "city-owned": "市属企业",
    "city-equity": "市属国有参股企业",
    "non-public": "非公企业",
}


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    data = load_file(ROOT / "plans" / "2014-qunzhong-luxian.yaml").data
    assert isinstance(data, dict)
    return data


def lines(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Each change as ``where: summary [editions]``."""
    return [
        f"{diffreport.where(c)}: {diffreport.summary(c, Words('zh'))} {list(c.editions)}"
        for c in diff_plans(old, new, NAMES).changes
    ]


# --- text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "以测试为指导。",
            "以测试为根本指导。",
            [("=", "以测试为"), ("+", "根本"), ("=", "指导。")],
        ),
        (
            "要加强管理。",
            "要强化管理。",
            [("=", "要"), ("-", "加强"), ("+", "强化"), ("=", "管理。")],
        ),
        (
            "引导自我学习、自我教育。",
            "引导自我教育。",
            [("=", "引导"), ("-", "自我学习、"), ("=", "自我教育。")],
        ),
        ("甲\n乙", "甲\n丙", [("=", "甲\n"), ("-", "乙"), ("+", "丙")]),
        ("同样", "同样", [("=", "同样")]),
    ],
)
def test_character_segments(old: str, new: str, expected: list[textdiff.Segment]) -> None:
    assert textdiff.segments(old, new) == expected


def test_segments_always_give_both_texts_back() -> None:
    rng = random.Random(20140224)
    alphabet = "自我学习教育，。、的和党员干部\n"
    for _ in range(500):
        old = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        new = list(old)
        for _ in range(rng.randrange(1, 6)):
            at = rng.randrange(0, len(new) + 1)
            if new and rng.random() < 0.5:
                del new[min(at, len(new) - 1)]
            else:
                new.insert(at, rng.choice(alphabet))
        parts = textdiff.segments(old, "".join(new))
        assert textdiff.old_text(parts) == old
        assert textdiff.new_text(parts) == "".join(new)
        assert all(text for _, text in parts)
        ops = "".join(op for op, _ in parts)
        assert "==" not in ops and "--" not in ops and "++" not in ops and "+-" not in ops


def test_the_text_model_joins_lines_and_keeps_paragraphs() -> None:
    assert textmodel.paragraphs("第一句，\n第二句。\n\n另一段。\n") == [
        "第一句，第二句。",
        "另一段。",
    ]
    assert textmodel.paragraphs("要求如下：\n- 一项\n- 二项\n续写") == [
        "要求如下：",
        "- 一项",
        "- 二项续写",
    ]
    assert textmodel.paragraphs("Word\nfile 2014\n年") == ["Word file 2014年"]


def test_field_kinds_come_from_the_schema() -> None:
    assert textmodel.kind_of(("body", "lead")) == "text"
    assert textmodel.kind_of(("body", "sections", 3, "items", 2, "end")) == "date"
    assert textmodel.kind_of(("document", "recipients")) == "names"
    assert textmodel.kind_of(("body", "sections", 4, "requirements", 0, "tasks")) == "list"
    assert textmodel.kind_of(("document",)) == "mapping"
    assert textmodel.kind_of(("document", "number")) == "value"
    assert textmodel.kind_of(("nowhere",)) == "unknown"
    assert textmodel.title_of(("body", "sections", 4, "requirements", 0, "goals")) == "目标要求"


# --- items ---------------------------------------------------------------------------------


def test_items_match_by_id_then_name_then_content() -> None:
    old = [{"id": "a", "name": "甲"}, {"name": "乙"}, {"text": "无名"}, {"name": "丙", "text": "x"}]
    new = [
        {"text": "无名"},
        {"id": "a", "name": "甲改"},
        {"name": "乙", "id": "b"},
        {"name": "丁", "text": "x"},
    ]
    assert itemmatch.match(old, new) == {0: 1, 1: 2, 2: 0, 3: 3}


def test_different_ids_are_never_the_same_item() -> None:
    assert itemmatch.match([{"id": "a", "text": "x"}], [{"id": "b", "text": "x"}]) == {}
    assert itemmatch.match([{"type": "a", "goals": "x"}], [{"type": "b", "goals": "x"}]) == {}


def test_shared_names_fall_back_to_content_and_position() -> None:
    old = [{"role": "组长", "name": "×××"}, {"role": "成员", "name": "×××"}]
    new = [
        {"role": "顾问", "name": "×××"},
        {"role": "组长", "name": "×××"},
        {"role": "成员", "name": "×××"},
    ]
    assert itemmatch.match(old, new) == {0: 1, 1: 2}


def test_moved_items_are_those_out_of_order() -> None:
    assert itemmatch.moved({0: 1, 1: 2, 2: 3, 3: 0}) == {3}
    assert itemmatch.moved({0: 0, 1: 1}) == set()
    assert itemmatch.moved({}) == set()


# --- the plan's terms ----------------------------------------------------------------------


def test_chinese_numbers() -> None:
    assert [chinese_number(n) for n in (1, 2, 10, 12, 20, 35)] == [
        "一",
        "二",
        "十",
        "十二",
        "二十",
        "三十五",
    ]


def test_changes_are_named_in_the_plan_s_terms(seed: dict[str, Any]) -> None:
    new = copy.deepcopy(seed)
    body = new["body"]
    new["document"]["recipients"].append("市委组织部")
    new["document"]["note"] = "此件公开发布"
    sections = body["sections"]
    sections[1]["title"] = "总体目标"
    sections[3]["items"][0]["items"][1]["text"] += "\n\n新增一段。"
    del sections[3]["items"][0]["items"][3]
    sections[4]["requirements"][3]["supervision"] = "由市企业工委指导小组指导。"
    sections[4]["requirements"][1]["tasks"][0]["name"] = "整治班子作风"
    sections[7]["items"].append({"text": "没有小标题的一条要求，写得比较长的一句话。"})
    sections[3]["items"][2]["end"] = "9月底"
    new["attachments"][0]["members"].insert(0, {"role": "顾问", "name": "×××"})
    new["attachments"][0]["members"][3]["post"] = "市企业工委纪委书记"
    new["attachments"][2]["only"] = ["non-public"]
    new["attachments"][2]["items"][0]["name"] = "填表人情况"
    every = ["full", "central-provincial", "city-owned", "city-equity", "non-public"]
    assert lines(seed, new) == [
        "公文要素: 主送机关 各企业党委（党总支、党支部）、工委各部室 → "
        f"各企业党委（党总支、党支部）、工委各部室、市委组织部 {every}",
        f"公文要素: 新增附注「此件公开发布」 {every}",
        f"总体目标: 标题 目标要求 → 总体目标 {every}",
        f"第一环节「学习教育、听取意见」 › 步骤: 删除一条「立说立行、边学边改」 {every}",
        f"第一环节「学习教育、听取意见」 › 步骤「深入学习教育」: 文字修改 {every}",
        f"第三环节「整改落实、建章立制」: 结束时间 2014年9月30日 → 9月底 {every}",
        "市属企业要求 › 主要任务「整治班子作风」: 小标题 整治领导班子作风 → 整治班子作风 "
        "['full', 'city-owned']",
        "非公企业要求 › 督导安排: 文字修改 ['full', 'non-public']",
        f"工作要求: 新增一条「没有小标题的一条要求，写得比较长的一句话…」 {every}",
        f"附件「中共天水市企业工委党的群众路线教育实践活动指导小组成员名单」 › 成员名单: 新增一条「×××」 {every}",
        "附件「中共天水市企业工委党的群众路线教育实践活动指导小组成员名单」 › 成员名单第4条: "
        f"单位职务 市企业工委纪工委书记 → 市企业工委纪委书记 {every}",
        f"附件「党的群众路线教育实践活动征求意见表」「填表人情况」: 小标题 填表人基本情况 → 填表人情况 {every}",
        f"附件「党的群众路线教育实践活动征求意见表」: 新增适用企业类型「非公企业」 {every}",
    ]


def test_an_attachment_for_some_editions_touches_only_those(seed: dict[str, Any]) -> None:
    old = copy.deepcopy(seed)
    old["attachments"][1]["only"] = ["city-owned", "non-public"]
    new = copy.deepcopy(old)
    new["attachments"][1]["closing"][1] = "2014年2月25日"
    assert lines(old, new) == [
        "附件「致企业工委系统流动党员的一封信」: 落款 中共天水市企业工作委员会、2014年2月24日 → "
        "中共天水市企业工作委员会、2014年2月25日 ['full', 'city-owned', 'non-public']"
    ]


def test_moving_a_requirement_touches_the_full_plan_only(seed: dict[str, Any]) -> None:
    new = copy.deepcopy(seed)
    items = new["body"]["sections"][4]["requirements"]
    items.append(items.pop(0))
    assert lines(seed, new) == ["中央和省属企业要求: 从第1条移到第4条 ['full']"]


def test_sections_added_and_removed(seed: dict[str, Any]) -> None:
    new = copy.deepcopy(seed)
    sections = new["body"]["sections"]
    del sections[5]  # 加强流动党员教育管理
    del sections[2]  # 基本原则
    sections[0]["title"] = "指导思想和目标"
    every = ["full", "central-provincial", "city-owned", "city-equity", "non-public"]
    assert lines(seed, new) == [
        f"基本原则: 删除 {every}",
        f"加强流动党员教育管理: 删除 {every}",
        f"指导思想和目标: 新增标题「指导思想和目标」 {every}",
    ]


def test_the_same_plan_has_no_changes(seed: dict[str, Any]) -> None:
    comparison = compare("a", "b", seed, copy.deepcopy(seed), NAMES)
    assert not comparison.differs
    assert diffreport.format_text([comparison], "zh") == "没有差异。"


# --- reports -------------------------------------------------------------------------------


def test_long_unchanged_text_is_shortened_around_the_change() -> None:
    parts = textdiff.segments(
        "一" * 40 + "甲" + "二" * 40 + "\n不变的段落\n" + "三" * 5,
        "一" * 40 + "乙" + "二" * 40 + "\n不变的段落\n" + "三" * 6,
    )
    shown = [diffreport._line(p, diffreport.plain_marks) for p in diffreport.changed_lines(parts)]
    assert shown == ["…" + "一" * 15 + "[-甲-]{+乙+}" + "二" * 15 + "…", "三三三三三{+三+}"]


def test_colour_on_a_terminal() -> None:
    assert diffreport.colour_marks("-", "删") == click.style("删", fg="red")
    assert diffreport.colour_marks("+", "增") == click.style("增", fg="green")
    assert diffreport.colour_marks("=", "同") == "同"


def test_markdown_escapes_the_plan_s_marks() -> None:
    assert diffreport.md_marks("+", "**加粗** <b>") == r"<ins>\*\*加粗\*\* \<b\></ins>"


def test_english_frames_keep_the_plan_s_terms(seed: dict[str, Any]) -> None:
    new = copy.deepcopy(seed)
    new["body"]["sections"][2]["items"].pop(2)
    text = diffreport.format_text([compare("old.yaml", "new.yaml", seed, new, NAMES)], "en")
    assert text.splitlines()[1] == (
        "  基本原则: item removed: 「坚持开门搞活动」 (affects: the full plan and every edition)"
    )
