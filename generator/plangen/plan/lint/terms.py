"""Wording rules: fixed political and official terms, and Traditional characters (OpenCC)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

from plangen.plan.lint.findings import Finding


@cache
def default_terms() -> dict[str, str]:
    """The shipped list: each common mistyping → the fixed term (``data/terms.txt``)."""
    source = resources.files("plangen.plan.lint").joinpath("data/terms.txt")
    wrong: dict[str, str] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            right, variants = line.split("\t", 1)
            wrong.update(dict.fromkeys(variants.split(), right))
    return wrong


def fixed_terms(text: str, terms: Mapping[str, str]) -> Iterator[Finding]:
    """A mistyped fixed term (checked as the whole term), with the right one as suggestion."""
    taken: list[tuple[int, int]] = []
    for variant in sorted(terms, key=len, reverse=True):  # the longest term first
        start = text.find(variant)
        while start >= 0:
            end = start + len(variant)
            if not any(a < end and start < b for a, b in taken):
                taken.append((start, end))
                args = {"found": variant, "fix": terms[variant]}
                yield Finding(start, end, "text.fixed-term", "lint.fixed-term", args)
            start = text.find(variant, end)


@cache
def _converter() -> Any:
    import opencc  # the C library with its own dictionaries: imported only when linting

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` in Simplified characters, as OpenCC converts it (phrases first)."""
    return str(_converter().convert(text))


def traditional(text: str, exceptions: tuple[str, ...] = ()) -> Iterator[Finding]:
    """Traditional characters, one finding per run of them, with OpenCC's Simplified as the
    suggestion. The fix is safe only when every character converts the same alone as in its
    phrase (OpenCC had no choice to make) and the value keeps its length."""
    simple = to_simplified(text)
    if simple == text:
        return
    if len(simple) != len(text):
        args = {"found": text, "fix": simple}
        yield Finding(0, len(text), "text.traditional", "lint.traditional", args)
        return
    kept = _excepted(text, exceptions)
    changed = [i for i, (a, b) in enumerate(zip(text, simple, strict=True)) if a != b]
    changed = [i for i in changed if i not in kept]
    safe = all(to_simplified(text[i]) == simple[i] for i in changed)
    for start, end in _runs(changed):
        args = {"found": text[start:end], "fix": simple[start:end]}
        fix = simple[start:end]
        yield Finding(start, end, "text.traditional", "lint.traditional", args, fix=fix, safe=safe)


def _excepted(text: str, exceptions: tuple[str, ...]) -> set[int]:
    kept: set[int] = set()
    for word in exceptions:
        start = text.find(word)
        while start >= 0:
            kept.update(range(start, start + len(word)))
            start = text.find(word, start + 1)
    return kept


def _runs(indices: list[int]) -> Iterator[tuple[int, int]]:
    """Consecutive indices as ``[start, end)`` spans."""
    start = previous = -2
    for index in indices:
        if index != previous + 1:
            if start >= 0:
                yield start, previous + 1
            start = index
        previous = index
    if start >= 0:
        yield start, previous + 1
