"""Run the lint rules over every text value of the plans, as diagnostics at the character.

Each rule is a small function from a value's text to :class:`Finding` values (``punctuation``,
``pinyin``, ``numbers``, ``terms``); this module picks the rules for a value by where it is in
the plan, places each finding at its line and column in the file (``textmap``), drops what the
repository or a line's comment switched off, and adds the one rule across plans
(``docno.copied``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from plangen.core.diagnostics import Diagnostic, FileName
from plangen.core.project import display_path
from plangen.plan.lint import numbers, pinyin, punctuation, stages, terms
from plangen.plan.lint.config import LintConfig, disabled_lines
from plangen.plan.lint.findings import Finding
from plangen.plan.lint.textmap import Lines, TextValue, text_values
from plangen.plan.loader import LoadedFile, load_file
from plangen.plan.textmodel import PathKey

Rule = Callable[[str, PathKey, LintConfig], Iterable[Finding]]

#: every rule on text values, in the order their findings are preferred where they overlap
TEXT_RULES: tuple[Rule, ...] = (
    lambda text, path, _: () if path == ("document", "number") else numbers.cited_number(text),
    lambda text, path, _: (
        () if path == ("document", "number") else numbers.hexagonal_brackets(text)
    ),
    lambda text, path, _: pinyin.pinyin_artifact(text),
    lambda text, path, config: terms.fixed_terms(text, config.terms),
    lambda text, path, config: terms.traditional(text, config.exceptions),
    lambda text, path, _: numbers.text_date(text),
    lambda text, path, _: punctuation.quotes(text),
    lambda text, path, _: punctuation.halfwidth(text),
    lambda text, path, _: punctuation.doubled(text),
    lambda text, path, _: punctuation.spaces(text),
    lambda text, path, _: punctuation.unbalanced(text),
    lambda text, path, _: numbers.manual_number(text) if _is_heading(path) else (),
)
#: rules whose finding is left out where an earlier rule already found the same characters
_YIELDING = frozenset({"punct.halfwidth", "punct.quotes"})
#: rules about characters that must have been typed as found, not made by YAML
_TYPED = frozenset({"text.space"})


def _is_heading(path: PathKey) -> bool:
    return bool(path) and path[-1] in ("name", "title") and path[0] != "document"


@dataclass(frozen=True)
class Placed:
    """A finding in a value of a file, with the lines whose comments may switch it off."""

    value: TextValue
    finding: Finding
    lines: tuple[int, int]  # the finding's line, the line where the value starts


def findings(text: str, config: LintConfig) -> list[Placed]:
    """Every finding in the YAML ``text`` that is not switched off."""
    lines = Lines(text)
    off = disabled_lines(text)
    out: list[Placed] = []
    for value in text_values(text):
        for finding in value_findings(value, config):
            if finding.rule in _TYPED and not _typed(text, value, finding):
                continue
            line = lines.position(value.index(finding.start))[0]
            start_line = lines.position(value.start)[0]
            if finding.rule in off.get(line, ()) or finding.rule in off.get(start_line, ()):
                continue
            out.append(Placed(value, finding, (line, start_line)))
    return out


def _typed(text: str, value: TextValue, finding: Finding) -> bool:
    """Whether the found characters are in the file as they are in the value (a space that
    YAML made by folding two lines was never typed)."""
    start, end = max(finding.start - 1, 0), finding.end + 1  # with the characters beside
    span = value.span(start, min(end, len(value.value)))
    return span is not None and text[span[0] : span[1]] == value.value[start:end]


def value_findings(value: TextValue, config: LintConfig) -> list[Finding]:
    """The findings of the rules in force on one value, overlapping ones resolved."""
    kept: list[Finding] = []
    for rule in TEXT_RULES:
        for finding in rule(value.value, value.path, config):
            if finding.rule in config.disable:
                continue
            if finding.rule in _YIELDING and any(_overlap(finding, k) for k in kept):
                continue
            kept.append(finding)
    return kept


def _overlap(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


@dataclass
class LintResult:
    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)


def lint_paths(
    files: list[Path], base: Path, config: LintConfig, others: Iterable[Path] = ()
) -> LintResult:
    """Lint ``files``, named relative to ``base`` (the repository's root). The 发文字号 of the
    ``others`` (the repository's other plans) count for ``docno.copied`` but are not linted, so
    a hook given only the changed files still finds a number copied from an unchanged plan."""
    result = LintResult(files=len(files))
    numbers_seen: dict[str, list[LoadedFile]] = {}
    for path in files:
        loaded = load_file(path, display_path(path, base))
        result.diagnostics.extend(loaded.diagnostics)
        if loaded.ok:
            result.diagnostics.extend(diagnostics(loaded, config))
            _note_number(loaded, numbers_seen)
    if "docno.copied" in config.disable:
        return result
    linted = set(files)
    for path in dict.fromkeys(p.resolve() for p in others):
        if path not in linted:
            _note_number(load_file(path, display_path(path, base)), numbers_seen)
    shown = {display_path(path, base) for path in files}
    result.diagnostics.extend(d for d in _copied(numbers_seen) if d.path in shown)
    return result


def _note_number(loaded: LoadedFile, seen: dict[str, list[LoadedFile]]) -> None:
    number = _document_number(loaded) if loaded.ok else None
    if number is not None:
        seen.setdefault(number.strip(), []).append(loaded)


def diagnostics(loaded: LoadedFile, config: LintConfig) -> Iterator[Diagnostic]:
    lines = Lines(loaded.text)
    for placed in findings(loaded.text, config):
        f = placed.finding
        line, col = lines.position(placed.value.index(f.start))
        yield Diagnostic(loaded.path, line, col, f.rule, f.key, f.args, f.severity)
    yield from stages.stage_dates(loaded, config)


def _document_number(loaded: LoadedFile) -> str | None:
    document = loaded.data.get("document")
    number = document.get("number") if isinstance(document, dict) else None
    return number if isinstance(number, str) and number.strip() else None


def _copied(seen: dict[str, list[LoadedFile]]) -> Iterator[Diagnostic]:
    """The same 发文字号 in two plans: an error in each, naming another."""
    for number, plans in seen.items():
        if len(plans) < 2:
            continue
        for loaded in plans:
            other = next(o for o in plans if o is not loaded)
            line, col = loaded.locate(("document", "number"))
            args = {"number": number, "other": FileName(other.path)}
            yield Diagnostic(
                loaded.path, line, col, "docno.copied", "lint.docno-copied", args, "error"
            )
