"""Where each character of a YAML text value stands in the file.

PyYAML gives a scalar's start and end, not where the characters of its value are: a block scalar
(``|``) drops each line's indentation, a plain scalar folds its lines, a quoted one its escapes.
:func:`text_values` walks the composed nodes and aligns every value with its source text, so a
finding inside a value is reported at the line and column of the offending character and a fix
can rewrite exactly those characters of the file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from plangen.plan.textmodel import PathKey

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
#: what YAML may put between two characters of a value: indentation, line breaks, escapes, quotes
_SKIPPABLE = frozenset(" \t\r\n\\'\"")


@dataclass(frozen=True)
class TextValue:
    """A string value of the file: its path in the data, its text and, for each character, its
    index in the file's text (``-1`` where it has none, as for an escape such as ``\\u4e2d``)."""

    path: PathKey
    value: str
    style: str | None
    start: int  # index of the scalar (its indicator or quote) in the file's text
    offsets: tuple[int, ...]

    def index(self, position: int) -> int:
        """The file index of the value's character at ``position`` (the scalar's start when
        that character has no place of its own)."""
        if 0 <= position < len(self.offsets) and self.offsets[position] >= 0:
            return self.offsets[position]
        return self.start

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The file's ``[start, end)`` holding exactly the value's ``[start, end)``, or ``None``
        when those characters are not written one for one in the file (escapes, folded lines)."""
        if end <= start or end > len(self.offsets):
            return None
        first, last = self.offsets[start], self.offsets[end - 1]
        if first < 0 or last - first != end - start - 1:
            return None
        return first, last + 1


class Lines:
    """Line and column (1-based, in characters) of an index into a text."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts += [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def index(self, line: int, column: int) -> int:
        """The index of 0-based ``line`` and ``column`` (a YAML mark)."""
        return self.starts[min(line, len(self.starts) - 1)] + column

    def position(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index) - 1
        return line + 1, index - self.starts[line] + 1


def text_values(text: str) -> Iterator[TextValue]:
    """Every string value (not key) of the YAML ``text``, in document order; nothing when the
    text cannot be composed (the loader reports that)."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return
    if root is not None:
        yield from _walk(root, (), text, Lines(text), set())


def _walk(
    node: yaml.Node, path: PathKey, text: str, lines: Lines, seen: set[int]
) -> Iterator[TextValue]:
    if id(node) in seen:  # an alias: its characters were met where the anchor is
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            yield from _walk(value, path if name == "<<" else (*path, name), text, lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value):
            yield from _walk(item, (*path, number), text, lines, seen)
    elif isinstance(node, yaml.ScalarNode) and node.tag == _STR and node.value:
        yield _aligned(node, path, text, lines)


def _aligned(node: yaml.ScalarNode, path: PathKey, text: str, lines: Lines) -> TextValue:
    # The marks' character indexes, not their lines: YAML also breaks lines at NEL, LS and PS
    start, end = node.start_mark.index, node.end_mark.index
    style = node.style
    if style in ("|", ">"):  # the text starts on the line after the header (and its comment)
        header_end = _LINE_BREAK.search(text, start)
        begin = header_end.end() if header_end else end
    elif style in ("'", '"'):
        begin = start + 1
    else:
        begin = start
    offsets = _align(node.value, text, begin, end, escapes=style == '"')
    return TextValue(path, node.value, style, start, offsets)


#: a line break as YAML reads one
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")

#: the length of a double-quoted escape by its letter (others are two characters: ``\n``)
_ESCAPE_LENGTH = {"x": 4, "u": 6, "U": 10}


def _align(value: str, text: str, begin: int, end: int, *, escapes: bool) -> tuple[int, ...]:
    """Match the value's characters in order in ``text[begin:end]``, skipping only what YAML
    may put between them; a character written as an escape has no place of its own."""
    out: list[int] = []
    j = begin
    for ch in value:
        if escapes and text[j : j + 1] == "\\" and text[j + 1 : j + 2] not in ("", "\n", "\r"):
            length = _ESCAPE_LENGTH.get(text[j + 1], 2)
            out.append(j + 1 if length == 2 and text[j + 1] == ch else -1)
            j += length
            continue
        k = j
        while k < end and text[k] != ch and text[k] in _SKIPPABLE:
            k += 1
        if k < end and text[k] == ch:
            out.append(k)
            j = k + 1
        else:
            out.append(-1)
    return tuple(out)
