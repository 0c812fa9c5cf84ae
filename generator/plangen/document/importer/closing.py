"""The end of a document (GB/T 9704 §7.3.4–7.4): 附件说明, 署名 and 成文日期 (with a seal or
without), 附注, the attachments each from its 附件N line, and the 版记 (抄送, 印发) wherever it
is — plangen sets it in a table at the end, a letter's 抄送 and typed files' as paragraphs."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from plangen.document.importer.head import split_names
from plangen.document.importer.parts import iso, plain
from plangen.document.importer.reader import Block, Para, Table

LABEL = re.compile(r"^附件\s*(\d*)$")
_NOTE_LINE = re.compile(r"^(附件[：:])?\s*(\d+[.．、]\s*)?(?P<title>.+)$")
_NOTE_ITEM = re.compile(r"^\d+[.．、]")
_GAPS = re.compile(r"[\s\u3000\u2002]+")
_PRINTED = re.compile(r"^(?P<printer>.+?)[\s\u3000]+(?P<date>\d{4}年\d{1,2}月\d{1,2}日)印发$")
#: blank lines above the 署名 that leave room for a seal (§7.3.5.1: 正文下空两行; without a
#: seal, §7.3.5.2, one)
SEAL_ROOM = 2

Found = list[tuple[str, int]]


def first_date(blocks: list[Block]) -> int | None:
    """Where the first line that is only a date is: the 成文日期."""
    return next((i for i, b in enumerate(blocks) if iso(plain(b))), None)


def signature(block: Block) -> bool:
    """A 署名: short, no sentence, and set apart (right, centred over the date, indented or
    pushed right with spaces) or so styled."""
    text = plain(block)
    if not isinstance(block, Para) or len(text) > 40 or text.endswith("。"):
        return False
    if text.startswith("附件"):
        return False
    return (
        block.align in ("right", "center")
        or block.text.startswith("\u3000\u3000\u3000\u3000")
        or block.indent > 0
        or "signature" in block.style
        or "sealrow" in block.style  # 联合行文's 署名 set on tab stops under their seals
    )


def signed(body: list[Block], blanks: dict[int, int]) -> list[Para]:
    """The 署名 lines at the end of ``body``, top first: one, or several issuers' (联合行文)
    stacked without blank lines between, or in rows under their seals (``SealRow``) four blank
    lines apart. A 附件说明's lines are never among them."""
    lines: list[Para] = []
    for block in reversed(body):
        if not isinstance(block, Para) or not signature(block) or _NOTE_ITEM.match(plain(block)):
            break
        if "attachmentnote" in block.style:
            break
        if lines and blanks.get(lines[0].index, 0) and "sealrow" not in lines[0].style:
            break  # a blank line above the one below: this is not its 署名
        lines.insert(0, block)
    return lines


def close(
    body: list[Block], date: Block, blanks: dict[int, int], doc: dict[str, Any], found: Found
) -> None:
    """The 署名 (taken off the end of ``body``: the host's, then any joint issuers') and the
    成文日期; a seal when the styles say so or there is room for one above them."""
    lines = signed(body, blanks)
    del body[len(body) - len(lines) :]
    names = [name for line in lines for name in _GAPS.split(plain(line)) if name]
    if names:
        doc["signatory"] = names[0]
        if len(names) > 1:
            doc["joint_issuers"] = names[1:]
            found.append(("joint", lines[0].index))
        found.extend(("issuer", line.index) for line in lines)
    first = lines[0] if lines else date
    styles = " ".join(b.style for b in (*lines, date) if isinstance(b, Para))
    if "seal" in styles or blanks.get(first.index, 0) >= SEAL_ROOM:
        doc["seal"] = True
        found.append(("seal", date.index))
    doc["date"] = iso(plain(date))
    found.append(("date", date.index))


def own_closing(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """A 署名 and 成文日期 of a plan that has no place for them (a plan a notice issues, as some
    typed files repeat them): the blocks without them, and them marked to be listed."""
    at = next((i for i in range(len(blocks) - 1, -1, -1) if iso(plain(blocks[i]))), None)
    if at is None:
        return blocks, []
    start = at - 1 if at > 0 and signature(blocks[at - 1]) else at
    taken = [b for b in blocks[start : at + 1] if isinstance(b, Para)]
    return blocks[:start] + blocks[at + 1 :], [replace(b, unplaced=True) for b in taken]


def attachment_note(body: list[Block], found: Found) -> tuple[list[Block], list[str]]:
    """The 附件说明 at the end of the body (``附件：1. 名称`` and the lines under it): the body
    without it, and the titles it lists."""
    start = next(
        (i for i in range(len(body) - 1, -1, -1) if plain(body[i]).startswith(("附件：", "附件:"))),
        None,
    )
    if start is None:
        return body, []
    titles = []
    for block in body[start:]:
        match = _NOTE_LINE.match(plain(block))
        if match and isinstance(block, Para):
            titles.append(match["title"].strip())
    found.append(("attachment_note", body[start].index))
    return body[:start], titles


def note(blocks: list[Block], doc: dict[str, Any], found: Found) -> list[Block]:
    """The 附注 (a line in brackets under the date) taken off the front of ``blocks``."""
    if blocks and re.match(r"^[（(].*[）)]$", plain(blocks[0])):
        doc["note"] = plain(blocks[0])[1:-1]
        found.append(("note", blocks[0].index))
        return blocks[1:]
    return blocks


def attachments(blocks: list[Block]) -> tuple[list[tuple[str, list[Block]]], list[Para]]:
    """The attachments, each from its 附件N line, with its title (the title-styled or centred
    lines under the label); and the paragraphs before the first label, which fit nowhere."""
    found: list[tuple[str, list[Block]]] = []
    stray: list[Para] = []
    current: list[Block] | None = None
    for block in blocks:
        if LABEL.match(plain(block)) and isinstance(block, Para):
            current = []
            found.append(("", current))
        elif current is not None:
            current.append(block)
        elif isinstance(block, Para):
            stray.append(block)
    for n, (_, content) in enumerate(found):
        title: list[str] = []
        while content and isinstance(first := content[0], Para) and title_like(first):
            title.append(plain(content.pop(0)))
        found[n] = ("".join(title), content)
    return found, stray


def title_like(para: Para) -> bool:
    return "title" in para.style or para.align == "center"


def colophon(blocks: list[Block], doc: dict[str, Any], found: Found) -> list[Block]:
    """Take the 版记 out wherever it is: the blocks without it."""
    kept: list[Block] = []
    for block in blocks:
        lines = _lines(block)
        if lines and all(_colophon_line(line) for line in lines):
            for line in lines:
                _colophon_field(line, doc)
            found.append(("colophon", block.index))
        else:
            kept.append(block)
    return kept


def _lines(block: Block) -> list[str]:
    if isinstance(block, Para):
        return [plain(block)]
    assert isinstance(block, Table)
    return [c.text.strip() for row in block.rows for c in row if c.text.strip()]


def _colophon_line(line: str) -> bool:
    return line.startswith(("抄送：", "抄送:")) or bool(_PRINTED.match(line))


def _colophon_field(line: str, doc: dict[str, Any]) -> None:
    if line.startswith("抄送"):
        names = line[3:].rstrip("。")
        doc["cc"] = split_names(names, "，" if "，" in names else "、")  # §7.4.2: ，between
        return
    match = _PRINTED.match(line)
    if match:
        doc["printer"] = match["printer"].strip()
        doc["print_date"] = iso(match["date"])
