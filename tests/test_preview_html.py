"""The preview's HTML is written directly from the blocks where Markdown's HTML of their text
is known (``site.preview._region_html``); it must be exactly what Markdown makes of the text the
preview writes for them, and Markdown stays the way for any other."""

from __future__ import annotations

import markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st

from plangen.document.compose import compose
from plangen.document.model import Block, Span
from plangen.plan.validate import validate_paths
from plangen.site import preview

from .conftest import ROOT

#: plan text as drafters type and paste it: Chinese, full-width and ASCII punctuation, every
#: kind of space, Markdown's and HTML's own characters, entities
_CHARACTERS = st.sampled_from(
    list("中文（）。、，；：“”《》a1Z")
    + list("\\`*_{}[]()#+-.!<>&|~^=\"';")
    + [" ", "  ", "\u3000", "\u2002", "\xa0", "\t", "\n", "&#12288;", "&amp;", "****", "1. "]
)
_TEXT = st.lists(_CHARACTERS, max_size=12).map("".join)
_STYLES = st.sampled_from(
    ["Body", "BodyKeep", "H1", "H2", "H3", "Signature", "SealRow", "BodyContinued", "Note",
     "Blank", "AttachmentLabel", "AttachmentTitle", "PlanTitle"]
)  # fmt: skip
_SPANS = st.lists(
    st.builds(
        Span,
        _TEXT,
        st.sampled_from(["body", "heading1", "heading2", "title"]),
        st.booleans(),
    ),
    min_size=1,
    max_size=4,
).map(tuple)
_BLOCKS = st.lists(st.builds(Block, _STYLES, _SPANS), min_size=1, max_size=6)


def _markdown(lines: tuple[str, ...]) -> str:
    return markdown.markdown("\n\n".join(lines), output_format="html")


@settings(max_examples=1500, deadline=None)
@given(_BLOCKS)
@example([Block("Body", (Span("一是", bold=True), Span("坚持“四个”原则。")))])
@example([Block("H1", (Span("  一、总体要求  "),)), Block("Body", (Span("\u3000正文"),))])
@example([Block("SealRow", (Span("    甲单位\t乙单位"),))])
def test_a_preview_is_what_markdown_makes_of_its_text(blocks: list[Block]) -> None:
    for region in preview._regions(blocks):
        if region.css != "table":
            assert preview._region_html(region) == _markdown(region.lines)


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_a_title_is_what_markdown_makes_of_it(title: str) -> None:
    assert preview._title_html(title) == _markdown(("# " + preview.escape(title),))


def test_the_plans_previews_are_written_without_markdown() -> None:
    """The shipped plans and the examples: every paragraph is written directly (none is one
    Markdown has to be asked about), as Markdown makes it."""
    plans = [ROOT / "plans", *sorted((ROOT / "examples").glob("*/plans"))]
    regions = [
        region
        for folder in plans
        for plan in validate_paths([folder], ROOT).plans
        for region in preview._regions(compose(plan, "full").blocks)
        if region.css != "table"
    ]
    assert len(regions) > 30
    for region in regions:
        assert all(preview._paragraph_html(p) is not None for p in region.paragraphs), region
        assert preview._region_html(region) == _markdown(region.lines)
