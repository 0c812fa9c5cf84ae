"""Plan text without markup is split into paragraphs without Markdown (``plan.text``); what it
makes must be what Markdown's way makes of the same text, which stays the way for any other."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from plangen.plan import text

from .conftest import ROOT

#: text as drafters type and paste it: Chinese, punctuation of both widths, every kind of space
#: and line break, list and number starts, Markdown's and HTML's characters, entities
_PIECES = st.sampled_from(
    list("中文（）。、，；：“”《》a1Z")
    + list("\\`*_{}[]()#+-.!<>&|~=\"'")
    + [" ", "  ", "    ", "\u3000", "\u2002", "\xa0", "\t", "\n", "\n\n", "\n \n", "\r\n"]
    + ["- ", "1. ", "12. ", "* ", "&#12288;", "&amp;", "**", "---", "===", "> ", "# "]
)
_TEXT = st.lists(_PIECES, max_size=16).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_TEXT)
@example("为深入贯彻落实党的十八大精神，\n结合实际，制定本方案。\n\n一是学习；\n二是调研。")
@example("  Word\n文件\n\n\n  \n末段  ")
@example("第一段\n\u3000\n第二段")
def test_plain_text_is_split_as_markdown_splits_it(source: str) -> None:
    plain = text._plain_paragraphs(source)
    if plain is not None:
        assert plain == text._converted(source)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_the_plans_texts_are_split_without_markdown() -> None:
    """Nearly every text of the shipped plans and the examples takes the direct way."""
    files = [*(ROOT / "plans").glob("*.yaml"), *(ROOT / "examples").glob("*/plans/*.yaml")]
    texts = {s for f in files for s in _strings(yaml.safe_load(Path(f).read_text("utf-8")))}
    direct = [t for t in texts if text._plain_paragraphs(t) is not None]
    assert len(direct) > 0.95 * len(texts) > 200
    assert all(text._plain_paragraphs(t) == text._converted(t) for t in direct)
