"""Which part of an official document each paragraph is (GB/T 9704-2012, §7).

By position, style and pattern, so hand-styled files read too: the 版头 (份号, 密级, 紧急程度,
发文机关标志, 发文字号) and the 标题 before the body; the 主送 just after the 标题; the 成文日期
(a line that is only a date) and the 署名 above it close the body, with the 附件说明 between;
then the 附注, the attachments (each from its 附件N line) and the 版记 (抄送, 印发).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from plangen.document.importer.reader import Block, Para, Table

_COPY = re.compile(r"^\d{6}$")
_CLASSIFIED = re.compile(r"^(绝密|机密|秘密)(★.*)?$")
_URGENT = re.compile(r"^(特急|加急|平急)$")
_NUMBER = re.compile(r"〔\d{4}〕\d+号$|[\[［(（]\d{4}[\]］)）]\d+号$")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_LABEL = re.compile(r"^附件\s*(\d*)$")
_NOTE_LINE = re.compile(r"^(附件[：:])?\s*(\d+[.．、]\s*)?(?P<title>.+)$")
_PRINTED = re.compile(r"^(?P<printer>.+?)[\s\u3000]+(?P<date>\d{4}年\d{1,2}月\d{1,2}日)印发$")


@dataclass
class Parts:
    """A document cut into its parts: the fields found, the body, the attachments."""

    document: dict[str, Any] = field(default_factory=dict)
    body: list[Block] = field(default_factory=list)
    note_titles: list[str] = field(default_factory=list)
    attachments: list[tuple[str, list[Block]]] = field(default_factory=list)
    unplaced: list[Para] = field(default_factory=list)
    found: list[tuple[str, int]] = field(default_factory=list)  # (field, paragraph) for the report


def iso(text: str) -> str | None:
    """``2014年2月24日`` → ``2014-02-24``."""
    match = _DATE.match(text.replace(" ", "").replace("\u3000", ""))
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def _plain(block: Block) -> str:
    return block.text.strip().strip("\u3000") if isinstance(block, Para) else ""


def classify(blocks: list[Block]) -> Parts:
    """The parts of the document ``blocks`` (empty paragraphs left out)."""
    parts = Parts()
    rest = [b for b in blocks if isinstance(b, Table) or _plain(b)]
    rest = _colophon(rest, parts)
    rest = _head(rest, parts)
    dated = next((i for i, b in enumerate(rest) if iso(_plain(b))), None)
    if dated is None:
        parts.body = rest
        return parts
    body, closing = rest[:dated], rest[dated:]
    if body and _signature(body[-1]):
        parts.document["issuer"] = _plain(body.pop())
        parts.found.append(("issuer", closing[0].index))
    parts.document["date"] = iso(_plain(closing[0]))
    parts.found.append(("date", closing[0].index))
    parts.body = _attachment_note(body, parts)
    _after_date(closing[1:], parts)
    return parts


def _signature(block: Block) -> bool:
    if not isinstance(block, Para) or len(_plain(block)) > 40 or _plain(block).endswith("。"):
        return False
    return (
        block.align == "right"
        or block.text.startswith("\u3000\u3000\u3000\u3000")
        or ("signature" in block.style)
    )


_BRACKETED = re.compile(r"（[^（）]+）")


def _head(blocks: list[Block], parts: Parts) -> list[Block]:
    """Take the 版头, 标题 and 主送 off the front."""
    doc = parts.document
    i = 0
    title: list[str] = []
    while i < len(blocks) and isinstance(block := blocks[i], Para):
        text = _plain(block)
        key = _head_field(block, text, bool(title))
        if key is None:
            break
        if key == "title" and title and _BRACKETED.fullmatch(text):
            # a line in brackets under the title: a draft's status, or an edition's type name
            key = "status" if text.endswith("稿）") else "subtitle"
            if key == "status":
                doc["status"] = text[1:-1]
        elif key == "title":
            title.append(text)
        elif key != "unplaced":
            doc[key] = text
        else:
            parts.unplaced.append(block)
        parts.found.append((key, block.index))
        i += 1
    if title:
        doc["title"] = "".join(title)
    if i < len(blocks) and isinstance(first := blocks[i], Para) and _recipients(first):
        doc["recipients"] = _split_names(_plain(first)[:-1])
        parts.found.append(("recipients", first.index))
        i += 1
    return blocks[i:]


def _head_field(block: Para, text: str, after_title: bool) -> str | None:
    style = block.style
    if after_title:
        return (
            "title"
            if "title" in style or (block.align == "center" and not _NUMBER.search(text))
            else None
        )
    if _COPY.match(text):
        return "copy_number"
    if _CLASSIFIED.match(text):
        return "classification"
    if _URGENT.match(text):
        return "urgency"
    if "issuermark" in style or (text.endswith("文件") and block.align == "center"):
        return "issuer_mark"
    if _NUMBER.search(text) and len(text) < 30:
        return "number"
    if "title" in style or block.align == "center":
        return "title"
    if text.startswith("签发人"):
        return "unplaced"
    return None


def _recipients(block: Para) -> bool:
    text = _plain(block)
    return text.endswith(("：", ":")) and len(text) < 120 and not text.startswith("附件")


def _split_names(text: str) -> list[str]:
    """``甲、乙（丙、丁）`` → ``[甲, 乙（丙、丁）]``: 、 inside brackets does not separate."""
    names, depth, current = [], 0, ""
    if "，" in text:
        return [text]  # names joined with ，: kept as written (plangen joins with 、)
    for ch in text:
        depth += ch in "（("
        depth -= ch in "）)"
        if ch == "、" and depth == 0:
            names.append(current)
            current = ""
        else:
            current += ch
    return [n for n in [*names, current] if n]


def _attachment_note(body: list[Block], parts: Parts) -> list[Block]:
    """The 附件说明 at the end of the body: ``附件：1. 名称`` and the lines under it."""
    start = next(
        (
            i
            for i in range(len(body) - 1, -1, -1)
            if _plain(body[i]).startswith(("附件：", "附件:"))
        ),
        None,
    )
    if start is None:
        return body
    for block in body[start:]:
        match = _NOTE_LINE.match(_plain(block))
        if match and isinstance(block, Para):
            parts.note_titles.append(match["title"].strip())
    parts.found.append(("attachment_note", body[start].index))
    return body[:start]


def _after_date(blocks: list[Block], parts: Parts) -> None:
    """附注, then the attachments, each from its 附件N line."""
    if blocks and re.match(r"^[（(].*[）)]$", _plain(blocks[0])):
        parts.document["note"] = _plain(blocks.pop(0))[1:-1]
        parts.found.append(("note", (blocks and blocks[0].index) or 0))
    current: list[Block] | None = None
    for block in blocks:
        if _LABEL.match(_plain(block)) and isinstance(block, Para):
            current = []
            parts.attachments.append(("", current))
        elif current is not None:
            current.append(block)
        elif isinstance(block, Para):
            parts.unplaced.append(block)
    for n, (_, content) in enumerate(parts.attachments):
        title: list[str] = []
        while (
            content
            and isinstance(content[0], Para)
            and ("title" in content[0].style or content[0].align == "center")
        ):
            title.append(_plain(content.pop(0)))
        parts.attachments[n] = ("".join(title), content)


def _colophon(blocks: list[Block], parts: Parts) -> list[Block]:
    """Take the 版记 out wherever it is (plangen sets it in a table at the end)."""
    kept: list[Block] = []
    for block in blocks:
        lines = _lines(block)
        if lines and all(_colophon_line(line) for line in lines):
            for line in lines:
                _colophon_field(line, parts.document)
            parts.found.append(("colophon", block.index))
        else:
            kept.append(block)
    return kept


def _lines(block: Block) -> list[str]:
    if isinstance(block, Para):
        return [_plain(block)]
    return [c.text.strip() for row in block.rows for c in row if c.text.strip()]


def _colophon_line(line: str) -> bool:
    return line.startswith(("抄送：", "抄送:")) or bool(_PRINTED.match(line))


def _colophon_field(line: str, doc: dict[str, Any]) -> None:
    if line.startswith("抄送"):
        doc["cc"] = _split_names(line[3:].rstrip("。"))
        return
    match = _PRINTED.match(line)
    if match:
        doc["printer"] = match["printer"].strip()
        doc["print_date"] = iso(match["date"])
