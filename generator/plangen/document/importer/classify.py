"""Which part of an official document each paragraph is (GB/T 9704-2012, §7; a letter, §10.1).

By position, style and pattern, so hand-styled files read too: the 版头, 标题 and 主送 at the
front (``head``); the 成文日期 (the first line that is only a date) and the 署名 above it close
the body, with the 附件说明 between; then the 附注, the attachments and the 版记 (``closing``).
A notice that issues a plan is read so too, and the plan after it becomes the body (``cover``).
The format follows from the 版头: a mark in the first page's header, or a 发文字号 flush right
under a mark without 文件, is a letter's; no 版头 and no 版记 at all, a plain plan's.
"""

from __future__ import annotations

from plangen.document.importer import closing, cover, head
from plangen.document.importer.parts import Parts, plain
from plangen.document.importer.reader import Block, Para, Source, Table

#: fields that only a document with a 版头 or a 版记 has (``format: plain`` has neither)
_HEAD_OR_COLOPHON = ("number", "copy_number", "classification", "urgency", "cc", "printer",
                     "print_date")  # fmt: skip


def classify(source: Source) -> Parts:
    """The parts of the document ``source`` (empty paragraphs left out)."""
    parts = Parts()
    blanks = _blanks(source.blocks)
    rest = [b for b in source.blocks if isinstance(b, Table) or plain(b)]
    rest = closing.colophon(rest, parts.document, parts.found)
    front = head.Front()
    rest = head.take(rest, source.header, front)
    parts.document.update(front.fields)
    parts.found.extend(front.found)
    parts.unplaced.extend(front.unplaced)
    if source.issuer:  # plangen's own file names the issuer, which the 署名 may not show
        parts.document["issuer"] = source.issuer
    dated = closing.first_date(rest)
    if dated is None:
        parts.body = rest
    else:
        body, after = rest[:dated], rest[dated:]
        date = after.pop(0)
        closing.close(body, date, blanks, parts.document, parts.found)
        parts.body, parts.note_titles = closing.attachment_note(body, parts.found)
        after = closing.note(after, parts.document, parts.found)
        if not cover.read(parts, after):
            parts.attachments, stray = closing.attachments(after)
            parts.unplaced.extend(stray)
    _format(parts, front)
    return parts


def _blanks(blocks: list[Block]) -> dict[int, int]:
    """For each paragraph, how many empty paragraphs stand right above it."""
    counts: dict[int, int] = {}
    run = 0
    for block in blocks:
        if isinstance(block, Para) and not plain(block):
            run += 1
        else:
            counts[block.index] = run
            run = 0
    return counts


def _format(parts: Parts, front: head.Front) -> None:
    """The mark and the format the 版头 shows."""
    doc = parts.document
    mark = "".join(front.marks)
    if mark:
        doc["issuer_mark"] = mark
    if mark and not mark.endswith("文件") and (front.mark_in_header or front.number_right):
        doc["format"] = "letter"
        parts.found.append(("letter", 0))
    elif not mark and not any(doc.get(key) for key in _HEAD_OR_COLOPHON):
        doc["format"] = "plain"
        parts.found.append(("plain", 0))
