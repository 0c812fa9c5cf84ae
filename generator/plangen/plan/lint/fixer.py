"""``plangen lint --fix``: the safe fixes, written into the file's text character for character.

Only the offending characters are rewritten, so comments, order, quoting and every other byte
stay as they were. The result is composed again and each value compared with what the fixes
meant it to be; a file whose fixed text would mean anything else is left untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

from plangen.plan.lint.config import LintConfig
from plangen.plan.lint.runner import Placed, findings
from plangen.plan.lint.textmap import TextValue, text_values
from plangen.plan.textmodel import PathKey

#: rounds of fixing: a fix may uncover another (a quote inside a bracket that was fixed)
_ROUNDS = 5
#: characters a fix may not touch inside a quoted scalar, where they are escapes or the quotes
_QUOTING = {'"': '"\\', "'": "'"}


@dataclass(frozen=True)
class Edit:
    start: int  # in the file's text
    end: int
    text: str
    placed: Placed


class FixMismatch(Exception):
    """The fixed text would not mean what the fixes intended (never written)."""


def fix_text(text: str, config: LintConfig) -> tuple[str, int]:
    """``text`` with every safe fix applied, and how many were; raises :class:`FixMismatch`
    when a round of fixes would change the data in any other way."""
    count = 0
    for _ in range(_ROUNDS):
        edits = _edits(findings(text, config))
        if not edits:
            break
        fixed = _apply(text, edits)
        _check(fixed, _intended(text, edits))
        text, count = fixed, count + len(edits)
    return text, count


def _edits(placed: list[Placed]) -> list[Edit]:
    """The safe fixes that can be written one for one, without overlapping, in file order."""
    edits: list[Edit] = []
    for item in placed:
        f, value = item.finding, item.value
        span = value.span(f.start, f.end)
        if not f.safe or f.fix is None or span is None:
            continue
        if any(ch in _QUOTING.get(value.style or "", "") for ch in value.value[f.start : f.end]):
            continue
        edits.append(Edit(span[0], span[1], f.fix, item))
    edits.sort(key=lambda e: (e.start, e.end))
    kept: list[Edit] = []
    for edit in edits:
        if not kept or edit.start >= kept[-1].end:
            kept.append(edit)
    return kept


def _apply(text: str, edits: list[Edit]) -> str:
    for edit in reversed(edits):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _intended(text: str, edits: list[Edit]) -> dict[PathKey, str]:
    """Every string value of ``text`` as the edits mean it to become."""
    values = {v.path: v for v in text_values(text)}
    meant = {path: v.value for path, v in values.items()}
    by_value: dict[PathKey, list[Edit]] = {}
    for edit in edits:
        by_value.setdefault(edit.placed.value.path, []).append(edit)
    for path, group in by_value.items():
        meant[path] = _fixed_value(values[path], group)
    return meant


def _fixed_value(value: TextValue, edits: list[Edit]) -> str:
    out = value.value
    for edit in sorted(edits, key=lambda e: e.placed.finding.start, reverse=True):
        f = edit.placed.finding
        out = out[: f.start] + (f.fix or "") + out[f.end :]
    return out


def _check(fixed: str, meant: dict[PathKey, str]) -> None:
    got = {v.path: v.value for v in text_values(fixed)}
    if got != meant:
        raise FixMismatch
