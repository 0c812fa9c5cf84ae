"""Plan text → paragraphs of runs, the plain data every output (Word, HTML preview, diff) shares.

The drafter's rules: a blank line starts a new paragraph; a line break inside a paragraph joins the
lines *without* a space (Chinese has none), except between two Latin letters or digits; ``**bold**``
and bulleted lists (``- ``) are the only Markdown; a line the drafter numbered (``1. ``) starts a
paragraph and keeps its number as written. Block parsing is done by the ``markdown``
library with everything else it knows switched off (:func:`_markdown`); we only read its HTML back
into runs. Characters that are special to HTML/XML are escaped before Markdown sees them, so
``<b>`` or ``&`` in a plan is text, never markup.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import markdown


@dataclass(frozen=True)
class Run:
    """A stretch of text with one look."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: its runs, and ``list_number`` (1, 2, …) for items of a numbered list,
    ``0`` for items of a bulleted list, ``None`` for an ordinary paragraph."""

    runs: tuple[Run, ...]
    list_number: int | None = None

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


LIST_LINE = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}\.)\s+\S")
_ASCII_WORD_END = re.compile(r"[A-Za-z0-9]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z0-9]")


_NUMBERED_LINE = re.compile(r"^(\s{0,3}\d{1,3})\.(\s)")


def _separate_lists(source: str) -> str:
    """Python-Markdown needs a blank line before a list; drafters do not type one. A line that
    starts with a number (``1. ``) is a paragraph of its own with its number kept as written
    (Markdown's numbered lists are off: they would renumber it or drop the number)."""
    out: list[str] = []
    for line in source.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _NUMBERED_LINE.match(line):
            if out and out[-1].strip():
                out.append("")
            out.append(line)
            continue
        if LIST_LINE.match(line) and out and out[-1].strip() and not LIST_LINE.match(out[-1]):
            out.append("")
        out.append(line)
    return "\n".join(out)


def join_lines(text: str) -> str:
    """Soft line breaks inside a paragraph: nothing between CJK, one space between Latin words.
    Only the white space around a line break goes; spaces elsewhere are the drafter's."""
    parts = text.split("\n")
    joined = parts[0]
    for part in parts[1:]:
        left, right = joined.rstrip(), part.lstrip()
        gap = " " if _ASCII_WORD_END.search(left) and _ASCII_WORD_START.match(right) else ""
        joined = left + gap + right
    return joined


class _Collector(HTMLParser):
    """Reads the few elements Markdown produces for our subset back into paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[Paragraph] = []
        self._runs: list[Run] = []
        self._bold = 0
        self._lists: list[list[int]] = []  # stack of [next number] or [-1] for bullets
        self._number: int | None = None
        self._open = False

    def _start(self, number: int | None) -> None:
        self._flush()
        self._number = number
        self._open = True

    def _flush(self) -> None:
        if self._open:
            runs = _merge(self._runs)
            if runs:
                first = Run(runs[0].text.lstrip(), runs[0].bold)
                last = runs[-1] if len(runs) > 1 else first
                last = Run(last.text.rstrip(), last.bold)
                runs = [first, *runs[1:-1], last] if len(runs) > 1 else [last]
                runs = [r for r in runs if r.text]
            if runs:
                self.paragraphs.append(Paragraph(tuple(runs), self._number))
        self._runs = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("strong", "b"):
            self._bold += 1
        elif tag == "ol":
            start = dict(attrs).get("start")
            self._lists.append([int(start) if start and start.isdigit() else 1])
        elif tag == "ul":
            self._lists.append([-1])
        elif tag == "li":
            counter = self._lists[-1] if self._lists else [-1]
            number = counter[0] if counter[0] >= 0 else 0
            if counter[0] >= 0:
                counter[0] += 1
            self._start(number)
        elif tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"):
            if not (self._open and self._number is not None and not self._runs):
                self._start(self._number if self._open and self._lists else None)
        elif tag == "br":
            self._runs.append(Run("\n", self._bold > 0))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("strong", "b"):
            self._bold = max(0, self._bold - 1)
        elif tag in ("ol", "ul"):
            self._flush()
            if self._lists:
                self._lists.pop()
        elif tag in ("li", "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre"):
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._open:
            if not data.strip():
                return
            self._start(None)
        self._runs.append(Run(data, self._bold > 0))

    def close(self) -> None:
        super().close()
        self._flush()


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].bold == run.bold:
            merged[-1] = Run(merged[-1].text + run.text, run.bold)
        else:
            merged.append(run)
    return merged


#: what Python-Markdown does besides paragraphs, lists and bold, each of which would take
#: characters out of a drafter's plain text: `code`, *em* and _em_, \\escapes, [links](…) and
#: references, <autolinks>, # and underlined headings, --- rules, numbered lists, > quotes
_BLOCKS_OFF = ("code", "hashheader", "setextheader", "hr", "olist", "quote", "reference")
_INLINE_OFF = (
    "backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
    "short_image_ref", "autolink", "automail", "html", "em_strong", "em_strong2",
)  # fmt: skip
#: ``**bold**``, the one inline mark a drafter has
_BOLD = r"(\*{2})(.+?)\1"


_CONVERTERS = threading.local()


def _markdown() -> markdown.Markdown:
    """The converter of this thread, made once and reset for each text: making one (its
    processors and patterns) costs more than most texts' converting, and a plan has dozens."""
    converter = getattr(_CONVERTERS, "markdown", None)
    if converter is None:
        converter = _CONVERTERS.markdown = _drafters_markdown()
    return converter.reset()


def _drafters_markdown() -> markdown.Markdown:
    """A Markdown converter that knows only the drafter's rules: blank lines, bulleted lists,
    ``**bold**``. (The names differ between Markdown versions: those present are switched off.)
    Imported here: most texts never need it (``_plain_paragraphs``)."""
    import markdown
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    md = markdown.Markdown(output_format="html")
    for name in _BLOCKS_OFF:
        if name in md.parser.blockprocessors:
            md.parser.blockprocessors.deregister(name)
    for name in _INLINE_OFF:
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    md.inlinePatterns.register(SimpleTagInlineProcessor(_BOLD, "strong"), "bold", 60)
    return md


@lru_cache(maxsize=4096)
def paragraphs(source: str) -> tuple[Paragraph, ...]:
    """Split plan text into paragraphs of runs, following the drafter's rules above."""
    plain = _plain_paragraphs(source)
    return plain if plain is not None else _converted(source)


#: what only Markdown can say what becomes of: ``**`` (and ``*``, ``_``), a tab (spaces, as
#: many as its column says), a line break after two spaces, its placeholder characters
_MARKUP = re.compile(r"[*_\t\r\x02\x03]|  \n")
#: a line Markdown takes for blank: nothing, or spaces only
_BLANK = re.compile(r"\n *\n")
#: a line that starts as a list's item does (or nearly: Markdown is the judge)
_LISTISH = re.compile(r"^\s*(?:[-+*]|\d+\.)", re.MULTILINE)


def _plain_paragraphs(source: str) -> tuple[Paragraph, ...] | None:
    """The paragraphs of a text without any markup, as Markdown makes them (``_converted``),
    without asking it: the text between blank lines, each paragraph's lines joined. Most of a
    plan's texts are such, and Markdown and reading its HTML back cost a text a twentieth of a
    millisecond, a plan several. ``None`` for a text with anything more: a list's line, bold, a
    line of white space Markdown does not take for blank (``test_text_paragraphs`` checks
    they agree)."""
    if _MARKUP.search(source) or _LISTISH.search(source):
        return None
    found = []
    for block in _BLANK.sub("\n\n", f"\n{source}\n").split("\n\n"):
        lines = block.split("\n")
        if any(line.strip() == "" and line for line in lines):
            return None
        text = join_lines(block.strip())
        if text:
            found.append(Paragraph((Run(text),)))
    return tuple(found)


def _converted(source: str) -> tuple[Paragraph, ...]:
    """``paragraphs`` by Markdown: its HTML read back into paragraphs of runs."""
    escaped = html.escape(_separate_lists(source), quote=False)
    rendered = _markdown().convert(escaped)
    collector = _Collector()
    collector.feed(rendered)
    collector.close()
    return tuple(
        Paragraph(tuple(Run(join_lines(r.text), r.bold) for r in p.runs), p.list_number)
        for p in collector.paragraphs
    )


def plain(source: str) -> str:
    """The text without Markdown, paragraphs separated by blank lines (for previews and diffs)."""
    return "\n\n".join(p.text for p in paragraphs(source))
