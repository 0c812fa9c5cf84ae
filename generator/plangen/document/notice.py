"""The cover notice (印发通知) that issues a plan: 关于印发《……》的通知, then the plan.

A plan is rarely sent bare: the notice is the legal document and the plan follows it, either on a
new page under its own 2号小标宋 title (``plan_as: page``) or as the notice's 附件 (``plan_as:
attachment``, listed in the 附件说明). The document keeps one 版头 and one 版记; the notice takes
the 主送 (each edition's own recipients), the 署名 and 成文日期, and the 附注.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from plangen.document import layout
from plangen.document.compose import (
    _attachment_pages,
    _Body,
    _keep_with_next,
    _text_blocks,
    attachment_note,
    signature_blocks,
)
from plangen.document.model import Block, Span
from plangen.document.titles import break_title
from plangen.plan.validate import Plan

#: the notice's body when the plan does not give its own
DEFAULT_TEXT = "现将《{title}》印发给你们，请结合实际认真贯彻落实。"


@dataclass(frozen=True)
class Issued:
    """The notice's title lines and every block of the document: notice, then plan."""

    title_lines: tuple[str, ...]
    blocks: list[Block]


def cited(title: str) -> str:
    """A title cited inside 《》: its own 《》 become 〈〉 (GB/T 15834)."""
    return title.replace("《", "〈").replace("》", "〉")


def default_title(title: str) -> str:
    """关于印发《<plan title>》的通知: the notice's title when the plan gives none."""
    return f"关于印发《{cited(title)}》的通知"


def default_text(title: str) -> str:
    """The notice's body when the plan gives none."""
    return DEFAULT_TEXT.format(title=cited(title))


def notice_title(plan: Plan) -> str:
    """The notice's title: the plan's own ``notice.title``, else :func:`default_title`."""
    return plan.data["notice"].get("title") or default_title(plan.data["document"]["title"])


def _plan_title(lines: tuple[str, ...], subtitle: str | None, first: str) -> Iterator[Block]:
    """The plan's title under the notice: 2号小标宋 lines (the first in style ``first``), the
    edition's name in 楷体, a blank line."""
    yield Block(first, (Span(lines[0], "title"),))
    for line in lines[1:]:
        yield Block("AttachmentTitle", (Span(line, "title"),))
    if subtitle:
        yield Block("PlanSubtitle", (Span(subtitle, "heading2"),))
    yield Block("Blank")


def compose_notice(
    plan: Plan,
    body: _Body,
    attachments: list[dict[str, Any]],
    keep: tuple[str, ...],
    title_lines: tuple[str, ...],
    subtitle: str | None,
) -> Issued:
    """The notice and the plan it issues, for the edition ``body`` composes."""
    doc, notice = plan.data["document"], plan.data["notice"]
    as_attachment = notice.get("plan_as") == "attachment"
    title = doc["title"]
    text = body.text(notice.get("text")) or default_text(title)
    blocks = list(_text_blocks(text))
    if len(blocks) > 1:  # no page with only the 署名 and 成文日期, but page 1 shows the text
        blocks[-1] = _keep_with_next(blocks[-1])
    if as_attachment:
        blocks += attachment_note([title, *(a["title"] for a in attachments)])
    blocks += signature_blocks(doc)
    if doc.get("note"):
        blocks.append(Block("Note", (Span(f"（{doc['note']}）"),)))
    if as_attachment:
        many = bool(attachments)
        blocks.append(Block("AttachmentLabel", (Span("附件1" if many else "附件", "heading1"),)))
        blocks.append(Block("Blank"))
        blocks += _plan_title(title_lines, subtitle, "AttachmentTitle")
        blocks += body.blocks()
        blocks += _attachment_pages(body, attachments, keep, start=2)
    else:
        blocks += _plan_title(title_lines, subtitle, "PlanTitle")
        blocks += body.blocks()
        blocks += attachment_note([a["title"] for a in attachments])
        blocks += _attachment_pages(body, attachments, keep)
    lines = tuple(break_title(notice_title(plan), layout.TITLE_CHARS_PER_LINE, keep))
    return Issued(lines, blocks)
