"""PyYAML's errors as plangen reports them: in Chinese (English when asked), at the line and
column PyYAML names, with the full-width characters typed into a file's structure named
first (``yamltyping``): PyYAML would blame a later line for them."""

from __future__ import annotations

from typing import Any

import yaml

from plangen.core.diagnostics import Diagnostic
from plangen.core.messages import Localized
from plangen.plan.yamltyping import fullwidth_mistakes

# PyYAML's problems in Chinese; anything not listed is shown as PyYAML says it.
_PROBLEMS_ZH = {
    "mapping values are not allowed": "这里不能出现“键: 值”（冒号后需要空格的值里若含“: ”，请给整段文字加引号）",
    "could not find expected ':'": "缺少冒号“:”",
    "did not find expected key": "缩进不对齐，或者缺少“键:”",
    "did not find expected '-' indicator": "列表项缩进不对齐，或者缺少“- ”",
    "did not find expected ',' or ']'": "列表缺少逗号“,”或右方括号“]”",
    "did not find expected ',' or '}'": "映射缺少逗号“,”或右花括号“}”",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合？）",
    "found undefined alias": "引用了未定义的别名",
    "found duplicate anchor": "锚点名称重复",
    "found unknown escape character": "双引号文字中有无效的反斜杠转义（想写“\\”请改用单引号，或写成“\\\\”）",
    "found a tab character that violates indentation": "用了 Tab 键缩进",
    "expected <block end>, but found '<block mapping start>'": "缩进不对齐",
    "expected <block end>, but found '-'": "列表项的缩进不对齐",
    "found character that cannot start any token": "这个字符不能出现在值的开头（以 @ ` % 等开头的文字请加引号）",
    "found unhashable key": "键只能是文字，不能是列表或映射（如“? [a, b]”“{a: 1}: 值”）",
    "exceeded maximum nesting depth": "列表和映射套得太深",
    "found unexpected ':'": "这里不能出现冒号“:”（含冒号的文字请加引号）",
}
#: what to say in Chinese when PyYAML's problem is not one of the above
_PROBLEM_ZH_OTHER = "这里的写法不是有效的 YAML"


def _tab_at(source: str, mark: Any) -> bool:
    """Whether the error sits in the leading white space of a line indented with a tab."""
    if mark is None or not source:
        return False
    lines = source.splitlines()
    if mark.line >= len(lines):
        return False
    text = lines[mark.line]
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    return "\t" in indent and mark.column <= len(indent)


def syntax_diagnostics(err: yaml.YAMLError, path: str, source: str) -> list[Diagnostic]:
    """The full-width characters typed into the YAML's structure, where they are, when there
    are any (PyYAML would blame a later line and suggest quotes); else PyYAML's problem."""
    typed = [
        Diagnostic(path, line, col, "load.syntax", key)
        for line, col, key in fullwidth_mistakes(source)
    ]
    return typed or [syntax_diagnostic(err, path, source)]


def syntax_diagnostic(err: yaml.YAMLError, path: str, source: str = "") -> Diagnostic:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(err, "problem", None) or str(err)
    if _tab_at(source, mark) or "tab character" in problem:
        return Diagnostic(path, line, col, "load.syntax", "load.tab-indent")
    problem = problem.split(" (")[0] if problem.startswith("could not determine") else problem
    shown = _PROBLEM_ZH_OTHER
    for english, chinese in _PROBLEMS_ZH.items():
        if problem.startswith(english):
            shown = chinese
            break
    context = ""
    ctx_mark = getattr(err, "context_mark", None)
    if ctx_mark is not None and ctx_mark is not mark and getattr(err, "context", None):
        context = f"（相关位置：第 {ctx_mark.line + 1} 行第 {ctx_mark.column + 1} 列）"
    context_en = ""
    if context and ctx_mark is not None:
        context_en = f" (see line {ctx_mark.line + 1}, column {ctx_mark.column + 1})"
    return Diagnostic(
        path,
        line,
        col,
        "load.syntax",
        "load.syntax",
        {"problem": Localized(shown, problem), "context": Localized(context, context_en)},
    )
