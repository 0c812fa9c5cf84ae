"""Titles and long issuer marks broken as a clerk breaks them (``document/titles.py``); the same
titles are measured in LibreOffice's PDF in ``test_pdf_titles.py``."""

from __future__ import annotations

import pytest

from plangen.document import layout
from plangen.document.titles import break_mark, break_title, width

#: real titles of the kind offices issue, the long ones that break badly
LONG_TITLES = (
    "关于在全市开展“学党章党规、学系列讲话，做合格党员”学习教育的实施方案",
    "中共××市委关于在全市党员中开展“不忘初心、牢记使命”主题教育的实施方案",
    "关于在全体党员中开展“学党章党规、学系列讲话，做合格党员”学习教育方案",
    "中共天水市企业工委关于在企业深入开展党的群众路线教育实践活动的实施方案",
    "中共××省委关于在全省县处级以上领导干部中开展“三严三实”专题教育的实施方案",
    "关于认真学习贯彻《中国共产党廉洁自律准则》和《中国共产党纪律处分条例》的实施方案",
    "中共××市委办公室关于印发《××市深化“放管服”改革优化营商环境实施方案（2019—2020年）》的通知",
    "关于推进“两学一做”学习教育常态化制度化的实施方案",
)


def test_widths_by_character_class() -> None:
    assert layout.text_width("“”‘’《》（）—…、，。：；！？") == 17  # Chinese punctuation: 1 字 each
    assert layout.text_width("学党章") == 3
    assert layout.text_width("2014AB") == 3  # digits and Latin: ½
    assert layout.text_width("××市") == 3
    assert width("2014") == pytest.approx(4 * layout.TITLE_NARROW)  # as the title face draws them


@pytest.mark.parametrize("title", LONG_TITLES)
def test_long_titles_obey_the_rules(title: str) -> None:
    lines = break_title(title, layout.TITLE_CHARS_PER_LINE)
    assert "".join(lines) == title
    assert len(lines) > 1
    for line in lines:
        assert width(line) <= layout.TITLE_CHARS_PER_LINE, line
        assert len(line) > 2, line
        assert not line.startswith(tuple("，。、；：！？”’》）")), line
        assert not line.endswith(tuple("“‘《（")), line


def test_quoted_phrases_and_book_titles_stay_whole() -> None:
    assert break_title(LONG_TITLES[0], 20) == [
        "关于在全市开展",
        "“学党章党规、学系列讲话，做合格党员”",
        "学习教育的实施方案",
    ]  # a diamond; before, “ ” counted ½ and 员” stood alone on a line
    assert break_title(LONG_TITLES[1], 20) == [
        "中共××市委关于在全市党员中开展",
        "“不忘初心、牢记使命”主题教育的实施方案",
    ]
    assert break_title(LONG_TITLES[5], 20) == [
        "关于认真学习贯彻",
        "《中国共产党廉洁自律准则》和",
        "《中国共产党纪律处分条例》的实施方案",
    ]
    # a 《》 title longer than a line must break inside, but not inside the quote within it
    lines = break_title(LONG_TITLES[6], 20)
    assert any("“放管服”" in line for line in lines)
    assert any(line.endswith("《××市") for line in lines)  # ××市 is one word


def test_the_campaign_name_stays_whole() -> None:
    title = "中共天水市企业工委关于在企业深入开展党的群众路线教育实践活动的实施方案"
    lines = break_title(title, 20, keep=("党的群众路线教育实践活动",))
    assert any("党的群众路线教育实践活动" in line for line in lines)


def test_a_line_never_holds_one_or_two_characters() -> None:
    # 21 字: the natural break would leave 案 or 方案 alone
    title = "关于进一步加强和改进企业党建工作的实施方案"
    lines = break_title(title, 20)
    assert all(len(line) > 2 for line in lines), lines


def test_short_titles_stay_on_one_line() -> None:
    assert break_title("关于开展测试活动的实施方案", 20) == ["关于开展测试活动的实施方案"]


def test_the_issuer_mark_shrinks_then_breaks() -> None:
    assert break_mark("天水市人民政府办公室文件") == (72, ["天水市人民政府办公室文件"])  # 小初
    size, lines = break_mark("中共天水市企业工作委员会文件")
    assert lines == ["中共天水市企业工作委员会文件"] and layout.SIZE_MARK_MIN <= size < 72
    size, lines = break_mark("中共甘肃省天水市人民政府国有资产监督管理委员会文件")
    assert lines == ["中共甘肃省天水市人民政府", "国有资产监督管理委员会文件"]
    assert layout.SIZE_MARK_MIN <= size <= 72
    assert all(width(line) <= layout.mark_chars_per_line(size) for line in lines)
