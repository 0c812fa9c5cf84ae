"""A document cut into its parts (what ``classify`` finds), and the small readings every step
shares: a paragraph's plain text and a date as a clerk writes it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from plangen.document.importer.reader import Block, Para

_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


@dataclass
class Notice:
    """A cover notice that issues the plan: its title, its text's paragraphs, and where the plan
    is (``page``: on a page of its own after the notice; ``attachment``: its 附件1)."""

    title: str
    text: list[Block]
    plan_as: str


@dataclass
class Parts:
    """A document cut into its parts: the fields found, the body, the attachments; for a plan
    issued by a notice, the notice, and the plan as the body."""

    document: dict[str, Any] = field(default_factory=dict)
    body: list[Block] = field(default_factory=list)
    note_titles: list[str] = field(default_factory=list)
    attachments: list[tuple[str, list[Block]]] = field(default_factory=list)
    unplaced: list[Para] = field(default_factory=list)
    found: list[tuple[str, int]] = field(default_factory=list)  # (field, paragraph) for the report
    notice: Notice | None = None


def plain(block: Block) -> str:
    """A paragraph's text without the spaces that place it (a table: nothing)."""
    return block.text.strip().strip("\u3000") if isinstance(block, Para) else ""


def iso(text: str) -> str | None:
    """``2014年2月24日`` → ``2014-02-24``."""
    match = _DATE.match(text.replace(" ", "").replace("\u3000", ""))
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"
