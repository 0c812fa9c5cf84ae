"""The imported plan as YAML text: the schema line, the canonical layout (``plan.yamlfmt``, one
sentence a line) and a ``# 导入时无法归类：…`` comment over each text that holds a paragraph the
importer could not place, naming the paragraph it came from."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from plangen.core.vocab import parse_date
from plangen.plan.yamlfmt import format_yaml

Path = tuple[str | int, ...]
COMMENT_TEXT_LONGEST = 40


def to_yaml(
    data: dict[str, Any], comments: dict[Path, list[tuple[int, str]]], schema_line: str
) -> str:
    """``data`` as plan YAML with ``schema_line`` first and the comments in place."""
    tree = _commented(data)
    for path, entries in comments.items():
        _comment(tree, path, entries)
    yaml = YAML(typ="rt")
    yaml.width = 100_000
    out = io.StringIO()
    yaml.dump(tree, out)
    return f"{schema_line}\n" + format_yaml(out.getvalue())


_DATE_KEYS = ("date", "print_date", "start", "end")


def _commented(value: Any) -> Any:
    """Plain data as ruamel's nodes; exact days as dates, so they are written unquoted."""
    if isinstance(value, dict):
        return CommentedMap(
            (k, _day(v) if k in _DATE_KEYS else _commented(v)) for k, v in value.items()
        )
    if isinstance(value, list):
        return CommentedSeq(_commented(v) for v in value)
    return value


def _day(value: Any) -> Any:
    day = parse_date(value)
    return value if day is None else day


def shorten(text: str) -> str:
    text = text.replace("\n", "")
    return text if len(text) <= COMMENT_TEXT_LONGEST else text[:COMMENT_TEXT_LONGEST] + "……"


def _comment(tree: CommentedMap, path: Path, entries: list[tuple[int, str]]) -> None:
    node: Any = tree
    column = 0
    for n, part in enumerate(path):
        node = node[part]
        if isinstance(part, str):
            column += 4 if n + 1 < len(path) and isinstance(path[n + 1], int) else 2
    if not isinstance(node, CommentedMap) or not node:
        return
    key = next((k for k in ("lead", "text", "table") if k in node), next(iter(node)))
    lines = [f"导入时无法归类：第{index}段「{shorten(text)}」" for index, text in entries]
    node.yaml_set_comment_before_after_key(key, before="\n".join(lines), indent=column)
