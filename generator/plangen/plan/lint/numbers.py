"""Rules on numbers typed in text: cited 发文字号 and heading numbers typed by hand."""

from __future__ import annotations

import re
from collections.abc import Iterator

from plangen.plan.lint.findings import CJK, Finding

#: a cited 发文字号 whose year is in the wrong brackets: 甘发[2014]3号, 市委发（2014）5号
_CITED = re.compile(f"(?<=[{CJK}])(\\[|（|\\(|【|〈)((?:19|20)\\d\\d)(\\]|）|\\)|】|〉)(?=\\d+号)")
#: a heading number typed at the start of a name: 一、 （一） (一) 1、 1. 1． （1） (1)
_NUMBER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)][、.．]?"
    r"|\d+\s*[、.．](?!\d))\s*"
)


def cited_number(text: str) -> Iterator[Finding]:
    """``[2014]`` ``（2014）`` ``【2014】`` in a cited 发文字号 → ``〔2014〕`` (safe fix)."""
    for match in _CITED.finditer(text):
        fixed = f"〔{match.group(2)}〕"
        args = {"found": match.group(), "fix": fixed}
        yield Finding(
            match.start(),
            match.end(),
            "docno.cited",
            "lint.docno-cited",
            args,
            fix=fixed,
            safe=True,
        )


def manual_number(text: str) -> Iterator[Finding]:
    """``1、`` typed at the start of a heading or item name: the numbering is automatic."""
    match = _NUMBER.match(text)
    if match and match.end() < len(text):
        args = {"found": match.group().strip(), "fix": text[match.end() :]}
        yield Finding(match.start(), match.end(), "number.manual", "lint.manual-number", args)
