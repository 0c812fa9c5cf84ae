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


#: a date written with dots, dashes or slashes inside a text: 2014.2.20, 2014-02-20, 2014/2/20
_DATE = re.compile(
    r"(?<![\d.\-/])((?:19|20)\d\d)([.\-/．])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?![\d.\-/])"
)


def text_date(text: str) -> Iterator[Finding]:
    """A date in running text as ``2014.2.20`` → ``2014年2月20日`` (safe fix); a value that is
    only a date (a date field) is left to ``validate``."""
    if _DATE.fullmatch(text.strip()):
        return
    for match in _DATE.finditer(text):
        year, _, month, day = match.groups()
        fixed = f"{year}年{int(month)}月{int(day)}日"
        args = {"found": match.group(), "fix": fixed}
        yield Finding(
            match.start(), match.end(), "text.date", "lint.date", args, fix=fixed, safe=True
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


#: 〔〕 around something that is not the year of a 发文字号 (〔2014〕3号)
_HEXAGONAL = re.compile(r"〔([^〔〕]*)〕(?!\d+号)")


def hexagonal_brackets(text: str) -> Iterator[Finding]:
    """``〔〕`` belong to the year of a 发文字号 only; elsewhere they are （） (safe fix)."""
    for match in _HEXAGONAL.finditer(text):
        fixed = f"（{match.group(1)}）"
        args = {"found": match.group(), "fix": fixed}
        yield Finding(
            match.start(),
            match.end(),
            "punct.hexagonal",
            "lint.hexagonal",
            args,
            fix=fixed,
            safe=True,
        )
