"""Reporting plan comparisons as text (for a terminal or a pipe), JSON or Markdown.

Pure: comparisons and a language in, a string out. In text, deleted characters are marked ``[-…-]`` and inserted
ones ``{+…+}`` — or, for a terminal, shown in red and green; only the changed paragraphs of a text
are shown, with a little context around each change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from plangen.core.messages import Words
from plangen.core.vocab import FULL
from plangen.review.plandiff import Change, Comparison
from plangen.review.textdiff import Segment

#: characters of unchanged text kept on each side of a change
CONTEXT = 15
_ELLIPSIS = "…"
_PARAGRAPH_MARK = "¶"
_INDENT = "  "

Marker = Callable[[str, str], str]


def summary(change: Change, t: Words) -> str:
    """``文字修改``, ``结束日期 2014年7月15日 → 2014年7月31日``, ``新增一条「……」``…"""
    return t(f"diff.{change.kind}", field=change.field, old=change.old, new=change.new)


def where(change: Change) -> str:
    return " › ".join(change.where)


def documents(keys: Sequence[str], names: dict[str, str], t: Words) -> str:
    """``全文、非公企业分册``."""
    shown = [
        t("diff.full") if key == FULL else t("diff.edition", name=names.get(key, key))
        for key in keys
    ]
    return t("diff.list-sep").join(shown)


def affects(change: Change, comparison: Comparison, t: Words) -> str:
    diff = comparison.diff
    if len(diff.all_editions) > 1 and change.editions == diff.all_editions:
        return t("diff.affects", docs=t("diff.affects-all"))
    return t("diff.affects", docs=documents(change.editions, diff.names, t))


def changed_lines(parts: Sequence[Segment], context: int = CONTEXT) -> list[list[Segment]]:
    """The paragraphs that hold a change, each as segments, unchanged stretches shortened."""
    lines: list[list[Segment]] = [[]]
    for op, text in parts:
        if op != "=":
            lines[-1].append((op, text.replace("\n", _PARAGRAPH_MARK)))
            continue
        for index, piece in enumerate(text.split("\n")):
            if index:
                lines.append([])
            if piece:
                lines[-1].append(("=", piece))
    out = []
    for line in lines:
        if any(op != "=" for op, _ in line):
            out.append([_shorten(line, i, context) for i in range(len(line))])
    return out


def _shorten(line: list[Segment], index: int, context: int) -> Segment:
    op, text = line[index]
    if op != "=":
        return (op, text)
    first, last = index == 0, index == len(line) - 1
    if first and len(text) > context:
        return ("=", _ELLIPSIS + text[-context:])
    if last and len(text) > context:
        return ("=", text[:context] + _ELLIPSIS)
    if not first and not last and len(text) > 2 * context:
        return ("=", text[:context] + _ELLIPSIS + text[-context:])
    return (op, text)


def plain_marks(op: str, text: str) -> str:
    return {"-": f"[-{text}-]", "+": f"{{+{text}+}}"}.get(op, text)


#: SGR colours of deleted and inserted text (red, green), as git diff shows them
_SGR = {"-": "\x1b[31m", "+": "\x1b[32m"}


def colour_marks(op: str, text: str) -> str:
    start = _SGR.get(op)
    return f"{start}{text}\x1b[0m" if start else text


def _line(parts: list[Segment], mark: Marker) -> str:
    return "".join(mark(op, text) for op, text in parts)


def _heading(comparison: Comparison, t: Words, quote: Callable[[str], str] = str) -> str:
    if comparison.status == "added":
        return f"{quote(str(comparison.new_label))}: {t('diff.plan-added')}"
    if comparison.status == "removed":
        return f"{quote(str(comparison.old_label))}: {t('diff.plan-removed')}"
    return f"{quote(str(comparison.old_label))} → {quote(str(comparison.new_label))}"


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}"


def _total(comparisons: Sequence[Comparison]) -> tuple[int, int]:
    changed = [c for c in comparisons if c.differs]
    return len(changed), sum(max(1, len(c.diff.changes)) for c in changed)


def format_text(comparisons: Sequence[Comparison], lang: str, colour: bool = False) -> str:
    """One block per changed plan: a heading, a line per change, the documents affected."""
    t = Words(lang)
    mark = colour_marks if colour else plain_marks
    blocks = []
    for comparison in comparisons:
        if not comparison.differs:
            continue
        lines = [_heading(comparison, t)]
        for change in comparison.diff.changes:
            lines.append(
                f"{_INDENT}{where(change)}: {summary(change, t)}{affects(change, comparison, t)}"
            )
            for parts in changed_lines(change.segments):
                lines.append(f"{_INDENT * 3}{_line(parts, mark)}")
        docs = documents(comparison.diff.editions, comparison.diff.names, t)
        lines.append(_INDENT + t("diff.documents", docs=docs))
        blocks.append("\n".join(lines))
    if not blocks:
        return t("diff.none")
    plans, changes = _total(comparisons)
    blocks.append(t("diff.summary", plans=plans, changes=changes))
    return "\n\n".join(blocks)


def format_json(comparisons: Sequence[Comparison], lang: str) -> str:
    """Everything, for programs: segments in full, edition keys with their names."""
    t = Words(lang)
    plans = []
    names: dict[str, str] = {}
    for comparison in comparisons:
        if not comparison.differs:
            continue
        diff = comparison.diff
        names.update({k: v for k, v in diff.names.items() if k in diff.all_editions})
        plans.append(
            {
                "old": comparison.old_label,
                "new": comparison.new_label,
                "status": comparison.status,
                "editions": list(diff.editions),
                "changes": [_change_json(c, t) for c in diff.changes],
            }
        )
    plans_changed, changes = _total(comparisons)
    editions = {FULL: t("diff.full")}
    editions.update({k: t("diff.edition", name=v) for k, v in sorted(names.items())})
    doc = {"differences": bool(plans), "plans": plans, "editions": editions}
    doc["summary"] = {"plans": plans_changed, "changes": changes}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _change_json(change: Change, t: Words) -> dict[str, Any]:
    return {
        "where": list(change.where),
        "kind": change.kind,
        "summary": f"{where(change)}: {summary(change, t)}",
        "path": list(change.path),
        "field": change.field or None,
        "old": change.old,
        "new": change.new,
        "segments": [list(s) for s in change.segments],
        "editions": list(change.editions),
    }


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_marks(op: str, text: str) -> str:
    text = md_escape(text)
    # HTML rather than ~~ and **: those fail beside Chinese punctuation (CommonMark flanking)
    return {"-": f"<del>{text}</del>", "+": f"<ins>{text}</ins>"}.get(op, text)


def format_markdown(comparisons: Sequence[Comparison], lang: str) -> str:
    """For a merge-request comment: a heading per plan, a list item per change, deletions and
    insertions as ``<del>`` and ``<ins>``."""
    t = Words(lang)
    blocks = [f"### {t('diff.heading')}"]
    for comparison in comparisons:
        if not comparison.differs:
            continue
        lines = [f"#### {_heading(comparison, t, _code)}", ""]
        for change in comparison.diff.changes:
            head = f"**{md_escape(where(change))}**: {md_escape(summary(change, t))}"
            lines.append(f"- {head}{md_escape(affects(change, comparison, t))}")
            quoted = [f"  > {_line(parts, md_marks)}" for parts in changed_lines(change.segments)]
            if quoted:
                lines.append("\n  >\n".join(quoted))
        docs = documents(comparison.diff.editions, comparison.diff.names, t)
        lines += ["", md_escape(t("diff.documents", docs=docs))]
        blocks.append("\n".join(lines))
    if len(blocks) == 1:
        blocks.append(t("diff.none"))
    else:
        plans, changes = _total(comparisons)
        blocks.append(t("diff.summary", plans=plans, changes=changes))
    return "\n\n".join(blocks)
