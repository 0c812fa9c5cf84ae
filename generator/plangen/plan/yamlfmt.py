"""The canonical layout of plan YAML, so that diffs stay small and show only real changes.

Round-trip through ruamel.yaml (comments and key order kept): two-space indentation, list items
indented under their key, quotes only where a value needs them, ``|`` blocks for text of several
lines, and in the plan's text fields a long line of several sentences broken after each 。！？；
— which changes nothing, as the lines of a paragraph join without a space (``textmodel``).

Quoting follows YAML 1.1, the rules plans are read by: ``'yes'``, ``'on'`` and ``'000001'`` stay
quoted. :func:`same_meaning` is what guarantees a layout change is only that; ``plangen fmt``
checks it before it writes anything.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

import yaml as yaml11
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
)

from plangen.plan import schemas, textmodel
from plangen.plan.textmodel import PathKey

#: a line longer than this, of more than one sentence, is broken after each sentence
SPLIT_LONGER_THAN = 50

_SENTENCE_END = re.compile(r"[。！？；][”’」』）》)\]]*")
# A line must not start with something Markdown or YAML would read as a mark.
_UNSAFE_START = re.compile(r"\s|[-*+#>|=`~_\[!<]|\d+[.)]")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}\.)\s")
_COMMENT = re.compile(r"#[^\n]*")
#: line breaks of YAML 1.1 besides \n: ruamel writes them raw in plain, quoted or ``|`` values,
#: where PyYAML reads them back as a break (or a space) — only escapes keep them
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")


class _Yaml11Resolver(VersionedResolver):
    """Decide quoting by YAML 1.1, as PyYAML reads plans (ruamel's default is 1.2)."""

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 1)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = _Yaml11Resolver
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100_000  # never fold a long line: Chinese has no spaces to fold at anyway
    yaml.preserve_quotes = False
    return yaml


def schema_for(filename: str) -> str:
    return schemas.CATALOG if filename == schemas.CATALOG_FILENAME else schemas.PLAN


def format_yaml(source: str, schema_name: str = schemas.PLAN) -> str:
    """``source`` in canonical layout (the text must load: check it with ``loader`` first)."""
    yaml = _yaml()
    text = source.lstrip("\ufeff").replace("\r\n", "\n")
    yaml.explicit_start = text.startswith("---")
    try:
        data = yaml.load(text)
    except YAMLError as err:  # ruamel.yaml reads a few things PyYAML accepts differently
        raise Unformattable(str(err)) from err
    _normalise(data, (), schema_name)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


class Unformattable(ValueError):
    """The round-trip reader cannot take this text (an impossible date, a line separator inside
    a block): ``plangen fmt`` reports the file and leaves it alone."""


def comments(text: str) -> list[tuple[str, int, int]]:
    """Every comment in ``text`` (which must load) with its line and column (1-based): whatever
    lies between the scanner's tokens that starts with ``#`` — never a ``#`` inside a value."""
    found: list[tuple[str, int, int]] = []
    offset = 0
    gaps: list[tuple[int, int]] = []
    for token in yaml11.scan(text, Loader=yaml11.SafeLoader):
        gaps.append((offset, token.start_mark.index))
        offset = max(offset, token.end_mark.index)
    gaps.append((offset, len(text)))
    for start, end in gaps:
        for match in _COMMENT.finditer(text, start, end):
            line = text.count("\n", 0, match.start()) + 1
            col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            found.append((match.group(0).rstrip(), line, col))
    return found


def lost_comments(source: str, formatted: str) -> list[tuple[str, int, int]]:
    """The comments of ``source`` that ``formatted`` no longer has (in source order)."""
    left = Counter(text for text, _line, _col in comments(formatted))
    lost = []
    for comment in comments(source):
        if left[comment[0]] > 0:
            left[comment[0]] -= 1
        else:
            lost.append(comment)
    return lost


def _normalise(node: Any, path: PathKey, schema_name: str) -> None:
    if isinstance(node, CommentedMap):
        children: list[tuple[Any, Any]] = list(node.items())
    elif isinstance(node, CommentedSeq):
        children = list(enumerate(node))
    else:
        return
    for key, value in children:
        where = (*path, key)
        if isinstance(value, str):
            is_text = textmodel.kind_of(where, schema_name) == "text"
            laid_out = _layout(value, is_text)
            if laid_out is not value:
                node[key] = None  # else CommentedMap keeps the old style (">", quotes) for a str
                node[key] = laid_out
        else:
            _normalise(value, where, schema_name)


def _layout(value: str, is_text: bool) -> str:
    """A string as a ``|`` block when it has several lines (sentences split in text fields, which
    end in one newline)."""
    if _OTHER_BREAKS.search(value):
        quoted: str = DoubleQuotedScalarString(value)  # written as \N, \L, \P
        return quoted
    if isinstance(value, FoldedScalarString):  # ">" joins lines with spaces: say it plainly
        value = str(value)
    lines = value.split("\n")
    if is_text:
        lines = [piece for line in lines for piece in split_sentences(line)]
        while lines and not lines[-1]:
            lines.pop()
        lines.append("")
    text = "\n".join(lines)
    if isinstance(value, LiteralScalarString) and text == value:
        return value  # keep the very object: comments may hang on it
    content = [line for line in lines if line]
    if is_text and len(content) == 1 and not isinstance(value, LiteralScalarString):
        return content[0]  # one line of text: plain (same meaning: the final newline is nothing)
    if len(content) < 2 or not _block_safe(lines):
        return value
    block: str = LiteralScalarString(text)
    return block


def _block_safe(lines: list[str]) -> bool:
    """Whether a ``|`` block holds these lines exactly (no edge spaces, no tabs, at most one
    trailing newline: chomping indicators are not worth a drafter's puzzlement)."""
    if lines[0] == "" or (len(lines) > 1 and lines[-1] == "" and lines[-2] == ""):
        return False
    return all(line == line.strip() and "\t" not in line for line in lines)


def split_sentences(line: str) -> list[str]:
    """A long line of several sentences as one line per sentence; other lines unchanged."""
    if len(line) <= SPLIT_LONGER_THAN or line != line.strip() or _LIST_ITEM.match(line):
        return [line]
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        end = match.end()
        rest = line[end:]
        if not rest or _UNSAFE_START.match(rest) or line[:end].count("**") % 2:
            continue
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return pieces


def same_meaning(old: Any, new: Any, schema_name: str = schemas.PLAN, path: PathKey = ()) -> bool:
    """Whether two loaded documents mean the same: equal, except that text fields need only
    give the same paragraphs."""
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(
            same_meaning(old[k], new[k], schema_name, (*path, k)) for k in old
        )
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(
            same_meaning(a, b, schema_name, (*path, i))
            for i, (a, b) in enumerate(zip(old, new, strict=True))
        )
    if isinstance(old, str) and isinstance(new, str) and old != new:
        if textmodel.kind_of(path, schema_name) == "text":
            return textmodel.paragraphs(old) == textmodel.paragraphs(new)
        return False
    return type(old) is type(new) and bool(old == new)
