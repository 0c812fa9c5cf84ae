"""The web-scraping artifact ``業(yè)``: a character followed by its pinyin in brackets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from plangen.plan.lint.findings import CJK, Finding
from plangen.plan.lint.terms import to_simplified

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
_SYLLABLE = f"[a-z{_TONED}]*[aeiouv{_TONED}][a-z{_TONED}]*[1-5]?"
_ARTIFACT = re.compile(
    f"(?<=[{CJK}])(?:\\(({_SYLLABLE})\\)|（({_SYLLABLE})）|\\[({_SYLLABLE})\\]|【({_SYLLABLE})】)"
)


def artifact_spans(text: str) -> list[tuple[int, int]]:
    """Where the bracketed pinyin after a character is (to be removed, not made full-width)."""
    return [m.span() for m in _ARTIFACT.finditer(text) if len(m.group()) <= 10]


def pinyin_artifact(text: str) -> Iterator[Finding]:
    """``業(yè)``, ``业（ye4）``, ``业[yè]`` → the character alone (safe fix: drop the bracket)."""
    for start, end in artifact_spans(text):
        found = text[start - 1 : end]
        args = {"found": found, "fix": to_simplified(text[start - 1])}
        yield Finding(start, end, "text.pinyin-artifact", "lint.pinyin", args, fix="", safe=True)
