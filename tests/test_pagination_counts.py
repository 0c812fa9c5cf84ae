"""The line count of a paragraph is the same as the plain character-by-character count it was
first written as (kept here as the reference): made faster, it may not move a single 版记."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.document import pagination
from plangen.document.pagination import ADVANCE, CLOSING, LINE_PT, OPENING, WORD


def reference(text: str, first: float = 0.0, rest: float = 0.0, roles: str | None = None) -> int:
    if not text:
        return 1
    faces = roles or "b" * len(text)
    lines, used, start = 1, 0.0, first
    i = 0
    while i < len(text):
        j = i + 1
        if text[i] in WORD:
            while j < len(text) and text[j] in WORD:
                j += 1
        elif text[i] in OPENING:
            while j < len(text) and text[j - 1] in OPENING:
                j += 1
        width = sum(pagination._advance(ch, faces[i + k]) for k, ch in enumerate(text[i:j]))
        if used and start + used + width > LINE_PT + 0.5:
            if text[i] in CLOSING and start + used + width <= LINE_PT + ADVANCE:
                used += width
                i = j
                continue
            lines, used, start = lines + 1, 0.0, rest
            continue
        used += width
        i = j
    return lines


characters = st.sampled_from(
    [*"一二三四五六七八九十" * 4, *CLOSING, *OPENING, *"0123456789abcXYZ.%-", " ", "\n", "×", "é"]
)
texts = st.lists(characters, max_size=400).map("".join)
indents = st.sampled_from([0.0, 31.5, 32.0, 78.75])


@settings(max_examples=300, deadline=None)
@given(texts, indents, indents, st.data())
def test_the_same_count_as_character_by_character(
    text: str, first: float, rest: float, data: st.DataObject
) -> None:
    roles = data.draw(st.one_of(st.none(), st.text("bhk", min_size=len(text), max_size=len(text))))
    assert pagination.wrapped_lines(text, first, rest, roles) == reference(text, first, rest, roles)


def test_the_same_count_for_thousands_of_long_paragraphs() -> None:
    """Long paragraphs wrap over many lines, so a break moved by one character anywhere shows in
    the count sooner or later (a margin off by 0.3 pt, an opening mark parted from its
    character, a closing mark that no longer hangs: each changes some of these counts)."""
    pool = [*"一二三四五六七八九十" * 4, *CLOSING, *OPENING, *"0123456789abcXYZ.%-", " ", "×", "é"]
    chosen = random.Random(13)
    for _ in range(3000):
        text = "".join(chosen.choice(pool) for _ in range(chosen.randint(100, 400)))
        roles = None if chosen.random() < 0.5 else "".join(chosen.choice("bhk") for _ in text)
        first, rest = chosen.choice([0.0, 31.5, 32.0, 78.75]), chosen.choice([0.0, 78.75])
        got = pagination.wrapped_lines(text, first, rest, roles)
        assert got == reference(text, first, rest, roles), (text, first, rest, roles)
