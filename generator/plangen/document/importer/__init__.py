"""``plangen import``: an existing Word plan back into the plan model.

read (docx → paragraphs and tables) → classify (版头, 标题, 主送, 正文, 署名, 成文日期, 附注,
附件, 版记) → structure (heading numbers → sections and items) → assemble (the model, with what
could not be placed) → write (YAML with comments). :func:`import_docx` runs them and returns the
YAML text and the report as data; the command line translates and writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from plangen.core.messages import Message
from plangen.document.importer import assemble, classify, reader, report, writer


@dataclass
class ImportResult:
    """The plan as data and as YAML text, and the report's lines (messages, not yet words)."""

    data: dict[str, Any]
    text: str
    report: list[Message] = field(default_factory=list)
    unplaced: int = 0


def import_docx(
    data: bytes, types: Mapping[str, str] | None = None, schema_line: str = ""
) -> ImportResult:
    """Import the .docx ``data``; ``types`` maps enterprise type names to their ids (from the
    repository's catalogue) so that a 分类指导 becomes their requirements."""
    parts = classify.classify(reader.read(data))
    date = parts.document.get("date") or ""
    year = int(date[:4]) if date[:4].isdigit() else 2000
    asm = assemble.Assembly(year, dict(types or {}))
    plan = assemble.plan(parts, asm)
    text = writer.to_yaml(plan, asm.comments, schema_line)
    lines = report.lines(parts, plan, asm)
    unplaced = sum(len(entries) for entries in asm.comments.values())
    return ImportResult(plan, text, lines, unplaced)
