"""Punctuation rules: half-width marks in Chinese, straight quotes, ``...``, unbalanced pairs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from plangen.plan.lint.findings import CHINESE, CJK, Finding, chinese_at
from plangen.plan.lint.pinyin import artifact_spans

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF = re.compile(r"[,;:?!()] *")
_DOUBLE = re.compile(r'"([^"\n]*)"')
_SINGLE = re.compile(r"'([^'\n]*)'")
_ELLIPSIS = re.compile(r"\.{3,}|。{3,}|(?<!…)…(?!…)")
PAIRS = {"“": "”", "（": "）", "《": "》"}
_DOUBLED = re.compile(r"([，。、；：！？])\1+")
_SPACE = re.compile(f"(?<=[{CJK}]) +(?=[{CJK}])")


def halfwidth(text: str) -> Iterator[Finding]:
    """``,`` ``;`` ``:`` ``?`` ``!`` ``(`` ``)`` beside Chinese → full width (with the spaces
    typed after them)."""
    pinyin = artifact_spans(text)
    for match in _HALF.finditer(text):
        at = match.start()
        mark = text[at]
        if any(a <= at < b for a, b in pinyin):
            continue
        after = match.end()
        if not (chinese_at(text, _before(text, at)) or chinese_at(text, _after(text, after))):
            continue
        if mark == ":" and text[at + 1 : at + 3] == "//":  # a web address
            continue
        end = after if chinese_at(text, after) else at + 1
        yield Finding(
            at,
            end,
            "punct.halfwidth",
            "lint.halfwidth",
            {"found": mark, "fix": FULL_WIDTH[mark]},
            fix=FULL_WIDTH[mark],
            safe=True,
        )


def _before(text: str, at: int) -> int:
    """The index of the character before ``at``, looking through closing marks: ``(二)!``."""
    at -= 1
    while at >= 0 and text[at] in ")\"'":
        at -= 1
    return at


def _after(text: str, at: int) -> int:
    while at < len(text) and text[at] in "(\"'":
        at += 1
    return at


def quotes(text: str) -> Iterator[Finding]:
    """Straight quotes around Chinese → “” and ‘’; ``...`` → ……."""
    for pattern, left, right in ((_DOUBLE, "“", "”"), (_SINGLE, "‘", "’")):
        for match in pattern.finditer(text):
            inner = match.group(1)
            if not CHINESE.search(inner):
                continue
            fixed = left + inner + right
            args = {"found": match.group(), "fix": fixed}
            yield Finding(
                match.start(),
                match.end(),
                "punct.quotes",
                "lint.quotes",
                args,
                fix=fixed,
                safe=True,
            )
    for match in _ELLIPSIS.finditer(text):
        before = text[match.start() - 1 : match.start()]
        if (
            before in ('"', "'")
            or chinese_at(text, match.start() - 1)
            or chinese_at(text, match.end())
        ):
            args = {"found": match.group(), "fix": "……"}
            yield Finding(
                match.start(),
                match.end(),
                "punct.quotes",
                "lint.ellipsis",
                args,
                fix="……",
                safe=True,
            )


def unbalanced(text: str) -> Iterator[Finding]:
    """“” （） 《》 that do not pair up: each unmatched mark, as an error without a fix."""
    closing = {right: left for left, right in PAIRS.items()}
    open_at: dict[str, list[int]] = {left: [] for left in PAIRS}
    for at, mark in enumerate(text):
        if mark in PAIRS:
            open_at[mark].append(at)
        elif mark in closing:
            if open_at[closing[mark]]:
                open_at[closing[mark]].pop()
            else:
                yield _unmatched(at, mark, closing[mark])
    for left, places in open_at.items():
        for at in places:
            yield _unmatched(at, left, PAIRS[left])


def _unmatched(at: int, mark: str, pair: str) -> Finding:
    return Finding(
        at,
        at + 1,
        "punct.unbalanced",
        "lint.unbalanced",
        {"found": mark, "pair": pair},
        severity="error",
    )


def doubled(text: str) -> Iterator[Finding]:
    """The same mark typed twice: ``，，`` ``。。`` → one (safe fix)."""
    for match in _DOUBLED.finditer(text):
        args = {"found": match.group(), "fix": match.group(1)}
        yield Finding(
            match.start(),
            match.end(),
            "punct.doubled",
            "lint.doubled",
            args,
            fix=match.group(1),
            safe=True,
        )


def spaces(text: str) -> Iterator[Finding]:
    """Half-width spaces between two Chinese characters (text copied from a PDF): suggested
    only, since a list of names may pad a two-character name on purpose."""
    for match in _SPACE.finditer(text):
        found = text[match.start() - 1 : match.end() + 1]
        args = {"found": found, "fix": found[0] + found[-1]}
        yield Finding(match.start(), match.end(), "text.space", "lint.space", args, fix="")
