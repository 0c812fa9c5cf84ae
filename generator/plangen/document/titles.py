"""Breaking a title (or a long issuer mark) into lines as a clerk does (GB/T 9704-2012 §7.3.1).

Rules, hard first:

- no line is wider than the text block: widths per character class (``layout.char_width``:
  hanzi and Chinese punctuation, “”‘’—… included, one 字; Latin letters and digits measured as
  the title face draws them), so Word and LibreOffice never wrap a line of their own;
- no line of one or two characters, none that starts with a closing mark (，。、”》）…) or ends
  with an opening one (“《（);
- breaks fall between words (rjieba, jieba's dictionary in Rust), and never inside a quoted
  phrase, a 《》 title, a （） note or a fixed term (the campaign's name) while a symmetric shape
  exists that keeps them whole;
- the shape is symmetric: a trapezoid (either way up) or a diamond, never an hourglass; then the
  fewest lines, then the most even ones, the shorter line on top of two.

Candidates are tried in tiers — whole phrases in a symmetric shape; words in a symmetric shape;
whole phrases or words in any shape; at last single characters — and the first tier that has a
way wins. The last tier always has one, so a title never overflows the line.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from plangen.document import layout
from plangen.document.layout import TITLE_NARROW, text_width

_BRACKETED = re.compile(r"《[^》]*》|（[^）]*）|\([^)]*\)|“[^”]*”|‘[^’]*’")
_NESTED = re.compile(r"“[^”]*”|‘[^’]*’|×+.")  # quotes inside a span; ××市, a place left blank
_CLOSING = tuple("，。、；：！？”’》）)〕…—")
_OPENING = tuple("“‘《（(〔")
_WEAK_STARTS = ("的", "和", "及", "与")
MAX_LINES = 5


_jieba: Any = None  # rjieba, once its dictionary is read

#: rjieba's cut of every text broken so far, as the index after each word (``word_ends``);
#: given the last build's (``remember``), a rebuild of a plan whose titles did not change does
#: not read the dictionary at all
_ENDS: dict[str, tuple[int, ...]] = {}
#: the cuts asked for since ``recording`` began, for the manifest (``produce.plan_documents``)
_recorded: dict[str, tuple[int, ...]] | None = None


def word_ends(text: str) -> tuple[int, ...]:
    """Where the words of ``text`` end (rjieba's cut), remembered."""
    ends = _ENDS.get(text)
    if ends is None:
        ends = tuple(itertools.accumulate(len(word) for word in segmenter().cut(text)))
        _ENDS[text] = ends
    if _recorded is not None:
        _recorded[text] = ends
    return ends


def remember(known: dict[str, tuple[int, ...]]) -> None:
    """Take cuts made by an earlier build (with the same dictionary: ``incremental.segmenter``)
    as made; any that do not fit their text (a manifest edited by hand) are left out."""
    for text, ends in known.items():
        if ends and ends[-1] == len(text) and list(ends) == sorted(set(ends)):  # not mangled
            _ENDS.setdefault(text, tuple(ends))


def known() -> bool:
    """Whether any cut is known, made in this process or taken from an earlier build."""
    return bool(_ENDS)


@contextmanager
def recording() -> Iterator[dict[str, tuple[int, ...]]]:
    """The cuts asked for inside the block (texts that fit on a line need none)."""
    global _recorded
    outer, _recorded = _recorded, {}
    try:
        yield _recorded
    finally:
        _recorded = outer


def segmenter() -> Any:
    """rjieba, imported the first time a title is to be broken: reading its dictionary takes a
    tenth of a second, which a build that breaks no title (its plans all taken from the last
    build) does not spend."""
    global _jieba
    if _jieba is None:
        import rjieba

        _jieba = rjieba
    return _jieba


def width(text: str) -> float:
    """A title line's width in 字, Latin and digits counted as wide as the title face draws them."""
    return text_width(text, TITLE_NARROW)


def break_title(title: str, max_width: float, keep: Iterable[str] = ()) -> list[str]:
    """Lines of ``title``, none wider than ``max_width`` 字."""
    if width(title) <= max_width:
        return [title]
    return list(_broken(title, max_width, tuple(keep), word_ends(title)))


@lru_cache(maxsize=1024)
def _broken(
    title: str, max_width: float, keep: tuple[str, ...], ends: tuple[int, ...]
) -> tuple[str, ...]:
    """``break_title`` of a title too wide for a line, whose words end at ``ends``;
    remembered: every edition of a plan breaks the same titles."""
    whole = _tokens(title, ends, keep, max_width)
    words = _tokens(title, ends, (), 0)
    tiers = (
        (whole, True),
        (words, True),
        (whole, False),
        (words, False),
        (list(title), False),
    )
    for tokens, symmetric in tiers:
        found = _best(tokens, max_width, symmetric)
        if found is not None:
            return tuple(found)
    return (title,)  # unreachable for max_width ≥ 3: single characters always fit


def break_mark(mark: str) -> tuple[int, list[str]]:
    """Size (half-points) and lines of the issuer mark: one line at 小初, shrunk as far as 一号
    to stay on one line; a longer name breaks into lines by the title's rules, at the size at
    which its longest line fits."""
    size = layout.mark_size(mark)
    if size >= layout.SIZE_MARK_MIN:
        return size, [mark]
    lines = break_title(mark, layout.mark_chars_per_line(layout.SIZE_MARK_MIN))
    return min(layout.mark_size(line) for line in lines), lines


def _tokens(
    title: str, ends: tuple[int, ...], keep: tuple[str, ...], max_width: float
) -> list[str]:
    """Words, with the bracketed spans and ``keep`` terms that fit on a line of ``max_width``
    merged into one token each (a quoted phrase inside a 《》 title too long for a line stays
    whole while the title breaks)."""
    found = [(m.start(), m.end()) for rx in (_BRACKETED, _NESTED) for m in rx.finditer(title)]
    for term in filter(None, keep):
        found += [(m.start(), m.end()) for m in re.finditer(re.escape(term), title)]
    spans = [(s, e) for s, e in found if width(title[s:e]) <= max_width]
    cuts = [b for b in ends if b < len(title) and not any(s < b < e for s, e in spans)]
    return [title[a:b] for a, b in itertools.pairwise([0, *cuts, len(title)])]


def _best(tokens: list[str], max_width: float, symmetric: bool) -> list[str] | None:
    """The best-scoring break into the fewest lines that obey the rules, or None."""
    for count in range(2, MAX_LINES + 1):
        candidates = [
            lines
            for lines in _splits(tokens, count, max_width)
            if _allowed(lines) and (not symmetric or _symmetric(lines))
        ]
        if candidates:
            return min(candidates, key=_score)
    return None


def _splits(tokens: list[str], count: int, max_width: float) -> Iterator[list[str]]:
    """Every way to cut ``tokens`` into ``count`` lines no wider than ``max_width``."""
    widths = [width(t) for t in tokens]
    suffix = [sum(widths[i:]) for i in range(len(widths) + 1)]  # what is left from each token

    def walk(start: int, left: int) -> Iterator[list[int]]:
        if left == 1:
            if suffix[start] <= max_width:
                yield [len(tokens)]
            return
        line = 0.0
        for end in range(start + 1, len(tokens) - left + 2):
            line += widths[end - 1]
            if line > max_width:
                return
            if suffix[end] <= max_width * (left - 1):
                yield from ([end, *rest] for rest in walk(end, left - 1))

    for ends in walk(0, count):
        yield ["".join(tokens[a:b]) for a, b in itertools.pairwise([0, *ends])]


def _allowed(lines: list[str]) -> bool:
    return all(
        len(line) > 2 and not line.startswith(_CLOSING) and not line.endswith(_OPENING)
        for line in lines
    )


def _symmetric(lines: list[str]) -> bool:
    """Widths that rise, then fall (a trapezoid either way up, or a diamond): no hourglass.
    Differences under one 字 count as equal."""
    widths = [width(line) for line in lines]
    falling = False
    for before, after in itertools.pairwise(widths):
        if after < before - 1:
            falling = True
        elif after > before + 1 and falling:
            return False
    return True


def _score(lines: list[str]) -> tuple[float, float]:
    widths = [width(line) for line in lines]
    weak = sum(3 for line in lines[1:] if line.startswith(_WEAK_STARTS))
    top_heavy = 0.5 if len(widths) == 2 and widths[0] > widths[1] else 0.0
    return (max(widths) - min(widths) + weak + top_heavy, -min(widths))
