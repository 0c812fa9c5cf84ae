"""The front of a document: 版头, 标题 and 主送 (GB/T 9704 §7.2, §7.3.1–7.3.2; a letter's, §10.1).

A line of the 版头 is cut where spaces or tabs separate its pieces and each piece is read by its
form, so a letter's 份号 and 发文字号 on one line read as well as a line each. The forms are a
table: a piece the model has no field for (签发人) is a row of its own, kept and listed, so that
the day the model has the field the row only changes its key. The 发文机关标志 is collected line
by line (``Front.marks``) for the same reason: several organ names would be several lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from plangen.document.importer.parts import plain
from plangen.document.importer.reader import Block, Para, Table

COPY = re.compile(r"^\d{6}$")
CLASSIFIED = re.compile(r"^(绝密|机密|秘密)(★.*)?$")
URGENT = re.compile(r"^(特急|加急|平急)$")
NUMBER = re.compile(r"〔\d{4}〕\d+号$|[\[［(（]\d{4}[\]］)）]\d+号$")
_GAPS = re.compile(r"[\s\u3000\u2002]+")
_BRACKETED = re.compile(r"（[^（）]+）")
#: what ends a title and never an organ's name (a centred, large line that ends so is a title)
_TITLE_ENDS = ("方案", "通知", "意见", "办法", "规划", "计划", "决定", "通报", "报告", "函")
MARK_SMALLEST = 26  # pt: 一号, the smallest mark plangen sets (a 2号 title is 22 pt)

#: the pieces of a 版头 line, by form, in the order §7.2 sets them
FRONT: tuple[tuple[str, Callable[[str], object]], ...] = (
    ("copy_number", COPY.match),
    ("classification", CLASSIFIED.match),
    ("urgency", URGENT.match),
    ("number", lambda piece: NUMBER.search(piece) and len(piece) < 30),
    ("signer", lambda piece: piece.startswith("签发人")),
)
#: pieces read but without a field in the model yet: kept in the body and listed
NO_FIELD: set[str] = set()
#: a 签发人's name on a row of its own, under the first row's names
SIGNER_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")


@dataclass
class Front:
    """What the front of a document gave: fields, the mark's lines and where they were."""

    fields: dict[str, object] = field(default_factory=dict)
    marks: list[str] = field(default_factory=list)  # the 发文机关标志, a line a piece
    mark_in_header: bool = False  # a letter's mark, in the first page's header
    number_right: bool = False  # the 发文字号 flush right (a letter's), not centred
    unplaced: list[Para] = field(default_factory=list)
    found: list[tuple[str, int]] = field(default_factory=list)  # (field, paragraph)


def take(blocks: list[Block], header: list[Para], front: Front) -> list[Block]:
    """Read the 版头, 标题 and 主送 off the front of ``blocks`` into ``front``; the rest."""
    for para in header:  # page 1's own header: a letter's mark, centred, is all it shows
        if _is_mark(para, plain(para)) or para.align == "center":
            front.marks.append(_mark_text(para))
            front.mark_in_header = True
            front.found.append(("issuer_mark", para.index))
    i = 0
    title: list[str] = []
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Table):
            if title or not _joint_mark(block, front):
                break
            i += 1
            continue
        text = plain(block)
        if title and _title_line(block, text):
            if _BRACKETED.fullmatch(text):
                # a line in brackets under the title: a draft's status, or an edition's name
                key = "status" if text.endswith("稿）") else "subtitle"
                if key == "status":
                    front.fields["status"] = text[1:-1]
                front.found.append((key, block.index))
            else:
                title.append(text)
        elif title or not _front_line(block, text, front, title):
            break
        i += 1
    if title:
        front.fields["title"] = "".join(title)
    if i < len(blocks) and isinstance(first := blocks[i], Para) and _recipients(first):
        front.fields["recipients"] = split_names(plain(first)[:-1])
        front.found.append(("recipients", first.index))
        i += 1
    return blocks[i:]


def _front_line(block: Para, text: str, front: Front, title: list[str]) -> bool:
    """Read one line above the title: the mark, a line of 版头 pieces, or the title's first
    line (appended to ``title``); False when it is none of these."""
    if _is_mark(block, text):
        front.marks.append(_mark_text(block))
        front.found.append(("issuer_mark", block.index))
        return True
    pieces = _pieces(text)
    keys = [next((key for key, form in FRONT if form(p)), None) for p in pieces]
    if "signers" in front.fields:  # a row of 签发人 under the first: names alone
        named = [bool(SIGNER_NAME.match(p)) for p in pieces]
        keys = [k or ("signer" if n else None) for k, n in zip(keys, named, strict=True)]
    if pieces and all(keys):
        for key, piece in zip(keys, pieces, strict=True):
            if key in NO_FIELD:
                front.unplaced.append(Para(block.index, piece))
                key = "unplaced"
            elif key == "signer":
                names = _GAPS.split(re.sub(r"^签发人[：:]?", "", piece))
                signers = front.fields.setdefault("signers", [])
                assert isinstance(signers, list)
                signers.extend(name for name in names if name)
            else:
                front.fields[str(key)] = piece
            front.found.append((str(key), block.index))
        if "number" in keys and (keys.index("number") > 0 or block.align == "right"):
            front.number_right = True
        return True
    if _title_line(block, text):
        title.append(text)
        front.found.append(("title", block.index))
        return True
    return False


def _joint_mark(table: Table, front: Front) -> bool:
    """联合行文's mark as plangen and clerks set it: a table of one row, the issuers' names one a
    line in its first cell and 文件 in its last; read as the names' lines and 文件."""
    cells = [c.text.strip() for c in table.rows[0]] if len(table.rows) == 1 else []
    if len(cells) < 2 or cells[-1] != "文件" or front.marks:
        return False
    names = [_GAPS.sub("", line) for line in cells[0].splitlines() if line.strip()]
    if len(names) < 2:
        return False
    front.marks.extend([*names, "文件"])
    front.found.append(("issuer_mark", table.index))
    return True


def _pieces(text: str) -> list[str]:
    """The pieces of a 版头 line; a 签发人 takes the rest of the line (its names included)."""
    at = text.find("签发人")
    ahead, signer = (text[:at], [text[at:]]) if at >= 0 else (text, [])
    return [p for p in _GAPS.split(ahead) if p] + signer


def _is_mark(block: Para, text: str) -> bool:
    """The 发文机关标志: by its style, else a centred line ending in 文件, or a centred line as
    large as a mark that does not read as a title."""
    if "issuermark" in block.style or "lettermark" in block.style:
        return bool(text)
    if block.align != "center" or "title" in block.style:
        return False
    large = block.size >= MARK_SMALLEST and not text.endswith(_TITLE_ENDS)
    return text.endswith("文件") or large


def _mark_text(block: Para) -> str:
    """The mark as one name: a long one breaks into lines, which read as spaces."""
    return _GAPS.sub("", block.text)


def _title_line(block: Para, text: str) -> bool:
    return "title" in block.style or (block.align == "center" and not NUMBER.search(text))


def _recipients(block: Para) -> bool:
    text = plain(block)
    return text.endswith(("：", ":")) and len(text) < 120 and not text.startswith("附件")


def split_names(text: str, separator: str = "、") -> list[str]:
    """``甲、乙（丙、丁）`` → ``[甲, 乙（丙、丁）]``: a separator inside brackets does not
    separate. Names joined with ， where 、 is expected are kept as one, as written (plangen
    joins 主送 with 、, 抄送 with ，)."""
    if separator != "，" and "，" in text:
        return [text]
    names, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "（("
        depth -= ch in "）)"
        if ch == separator and depth == 0:
            names.append(current)
            current = ""
        else:
            current += ch
    return [n for n in [*names, current] if n]
