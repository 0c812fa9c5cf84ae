"""Character-level differences of Chinese text, which has no spaces to split words on.

``segments`` returns the changes as ``(op, text)`` pairs: ``=`` kept, ``-`` deleted, ``+``
inserted; joining the ``=`` and ``-`` texts gives the old text back, the ``=`` and ``+`` texts the
new one. Kept runs of one or two characters between two changes are folded into the change, so
that a replaced word reads ``[-加强-]{+强化+}`` rather than ``[-加-]强{+化+}``.
"""

from __future__ import annotations

from difflib import SequenceMatcher

Segment = tuple[str, str]

#: Kept runs at most this long, between two changes, are shown as part of the change.
_FOLD = 2


def segments(old: str, new: str) -> list[Segment]:
    """The character-level changes from ``old`` to ``new``."""
    # autojunk would treat frequent characters (的, 和, 。) as junk in texts over 200 characters.
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    raw: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(("=", old[i1:i2]))
            continue
        if i2 > i1:
            raw.append(("-", old[i1:i2]))
        if j2 > j1:
            raw.append(("+", new[j1:j2]))
    return _slide(_fold(raw))


def _fold(raw: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for index, (op, text) in enumerate(raw):
        between = 0 < index < len(raw) - 1 and raw[index - 1][0] != "=" != raw[index + 1][0]
        if op == "=" and between and len(text) <= _FOLD and "\n" not in text:
            _push(out, "-", text)
            _push(out, "+", text)
        else:
            _push(out, op, text)
    return out


_PUNCTUATION = set("，。、；：！？）》」』”’,.;:!?)")


def _slide(parts: list[Segment]) -> list[Segment]:
    """Move a lone deletion or insertion to where it reads best. ``自我[-学习、自我-]教育`` and
    ``[-自我学习、-]自我教育`` are the same change; prefer the place where the change ends with
    punctuation or follows it, else the leftmost."""
    out = list(parts)
    for index in range(1, len(out) - 1):
        (before_op, before), (op, change), (after_op, after) = out[index - 1 : index + 2]
        if op == "=" or before_op != "=" or after_op != "=":
            continue
        left = 0
        while left < min(len(before), len(change)) and before[-1 - left] == change[-1 - left]:
            left += 1
        if not left or "\n" in before[len(before) - left :]:
            continue
        # leftmost first, so that ties keep the leftmost place
        best = max(range(left, -1, -1), key=lambda k: _score(before, change, k))
        if best:
            head, moved = before[: len(before) - best], before[len(before) - best :] + change
            out[index - 1 : index + 2] = [
                ("=", head),
                (op, moved[: len(change)]),
                ("=", moved[len(change) :] + after),
            ]
    merged: list[Segment] = []
    for op, text in out:
        if text:
            _push(merged, op, text)
    return merged


def _score(before: str, change: str, k: int) -> int:
    """How well a change reads when moved ``k`` characters to the left."""
    head = before[: len(before) - k]
    moved = before[len(before) - k :] + change[: len(change) - k]
    return (not head or head[-1] in _PUNCTUATION) * 2 + (moved[-1] in _PUNCTUATION)


def _push(out: list[Segment], op: str, text: str) -> None:
    """Append keeping one deletion then one insertion per change, kept runs merged."""
    if op == "=":
        if out and out[-1][0] == "=":
            out[-1] = ("=", out[-1][1] + text)
        else:
            out.append(("=", text))
        return
    # the change in progress: the trailing run of "-" and "+" segments
    start = len(out)
    while start > 0 and out[start - 1][0] != "=":
        start -= 1
    change = dict(out[start:])
    change[op] = change.get(op, "") + text
    out[start:] = [(o, change[o]) for o in ("-", "+") if change.get(o)]


def old_text(parts: list[Segment]) -> str:
    return "".join(text for op, text in parts if op != "+")


def new_text(parts: list[Segment]) -> str:
    return "".join(text for op, text in parts if op != "-")
