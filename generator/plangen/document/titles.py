"""Breaking a document title into lines: between words, never inside a word or a 《》 title, in a
trapezoid or diamond shape (GB/T 9704-2012 §7.3.1).

Words come from rjieba (jieba's dictionary, in Rust). Spans that must stay whole — 《…》 titles,
（…） notes and fixed terms such as the campaign's name — are merged into one token first. Among
the ways to break at token boundaries into the fewest lines that fit, the most balanced shape wins;
ties go to the shape offices prefer (shorter line on top for two lines, longest in the middle for
three).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

import rjieba

from plangen.document.layout import text_width

_BRACKETED = re.compile(r"《[^》]*》|（[^）]*）|\([^)]*\)|“[^”]*”")
_WEAK_STARTS = ("的", "和", "及", "与", "、", "，", "》", "）")


def _tokens(title: str, keep: Iterable[str]) -> list[str]:
    """Words, with bracketed spans (and the ``keep`` terms, when given) merged into one token."""
    protected = [(m.start(), m.end()) for m in _BRACKETED.finditer(title)]
    for term in keep:
        if term:
            protected += [(m.start(), m.end()) for m in re.finditer(re.escape(term), title)]
    words = rjieba.cut(title)
    bounds = list(itertools.accumulate(len(w) for w in words))
    cuts = [b for b in bounds[:-1] if not any(start < b < end for start, end in protected)]
    edges = [0, *cuts, len(title)]
    return [title[a:b] for a, b in itertools.pairwise(edges)]


def _score(lines: list[str]) -> tuple[float, int]:
    widths = [text_width(line) for line in lines]
    spread = max(widths) - min(widths)
    weak = sum(3 for line in lines[1:] if line.startswith(_WEAK_STARTS))
    if len(widths) == 2:
        shape_penalty = 0 if widths[0] <= widths[1] else 1
    elif len(widths) == 3:
        diamond = widths[1] >= widths[0] and widths[1] >= widths[2]
        trapezoid = widths[0] <= widths[1] <= widths[2]
        shape_penalty = 0 if diamond or trapezoid else 2
    else:
        shape_penalty = 0
    return (spread + weak + shape_penalty * 0.5, shape_penalty)


def break_title(title: str, max_width: float, keep: Iterable[str] = ()) -> list[str]:
    """Lines of ``title``, each at most ``max_width`` 字 wide where the words allow it."""
    if text_width(title) <= max_width:
        return [title]
    # Fixed terms stay whole when that still gives a good shape; otherwise they may break
    # between their own words, as a clerk would do.
    kept = _best(_tokens(title, tuple(keep)), max_width)
    free = _best(_tokens(title, ()), max_width)
    if kept is not None and (free is None or kept[0][0] <= free[0][0] + 4):
        return kept[1]
    if free is not None:
        return free[1]
    # A single token wider than a line (a very long 《》 title): let Word wrap it.
    return [title]


def _best(tokens: list[str], max_width: float) -> tuple[tuple[float, int], list[str]] | None:
    """The best-scoring way to break ``tokens`` into the fewest lines that fit."""
    for count in range(2, len(tokens) + 1):
        best: tuple[tuple[float, int], list[str]] | None = None
        for cut in itertools.combinations(range(1, len(tokens)), count - 1):
            edges = [0, *cut, len(tokens)]
            lines = ["".join(tokens[a:b]) for a, b in itertools.pairwise(edges)]
            if any(text_width(line) > max_width for line in lines):
                continue
            score = _score(lines)
            if best is None or score < best[0]:
                best = (score, lines)
        if best is not None:
            return best
        if count >= 6:
            break
    return None
