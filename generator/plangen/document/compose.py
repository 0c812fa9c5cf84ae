"""Plan × enterprise type → a document model: what goes on the page, in order, as plain data.

The model knows the official parts (版头, 标题, 主送, 正文 blocks with their heading levels,
附件说明, 署名, 成文日期, 附注, 附件, 版记) and the numbers of every heading; it knows nothing of
OOXML. ``render`` turns it into a .docx through the template; the site's preview can turn the same
model into HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from plangen.core.vocab import FULL, FULL_NAME, chinese_number, date_range, format_date, parse_date
from plangen.document import layout
from plangen.document.titles import break_mark, break_title
from plangen.plan.text import Paragraph, paragraphs
from plangen.plan.validate import Plan

SECTION_ORDER = (
    ("guiding_ideology", "指导思想"),
    ("overall_requirements", "总体要求"),
    ("principles", "基本原则"),
    ("phases", "方法步骤"),
    ("enterprise_requirements", "分类指导"),
    ("organisation", "组织领导"),
    ("work_requirements", "工作要求"),
)
EDITION_SECTION_TITLE = "目标任务和督导安排"

# Heading levels: 1 一、(黑体)  2 （一）(楷体)  3 1.(仿宋)  4 （1）(仿宋)
_FONT_OF_LEVEL = {1: "heading1", 2: "heading2", 3: "body", 4: "body"}
_END_PUNCTUATION = tuple("。！？；：")


@dataclass(frozen=True)
class Span:
    """Text in one font role (``body``, ``heading1``, ``heading2``, ``title``…), maybe bold."""

    text: str
    role: str = "body"
    bold: bool = False


@dataclass(frozen=True)
class Block:
    """One paragraph of the document: a template style and its spans."""

    style: str
    spans: tuple[Span, ...] = ()

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Colophon:
    """版记: 抄送 and 印发机关/印发日期."""

    cc: str | None
    printer: str
    print_date: str


@dataclass(frozen=True)
class Document:
    """Everything one .docx shows, in order."""

    key: str
    edition_name: str
    file_stem: str
    front_lines: tuple[Span, ...]
    mark: str
    mark_size: int
    number: str
    title_lines: tuple[str, ...]
    subtitle: str | None
    recipients: str
    blocks: tuple[Block, ...]
    colophon: Colophon
    properties: dict[str, str] = field(default_factory=dict)


def heading_number(level: int, n: int) -> str:
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def editions(plan: Plan) -> list[tuple[str, str]]:
    """(key, name) of every document a plan gives: the full plan, then one per enterprise type
    in the plan's order."""
    out = [(FULL, FULL_NAME)]
    for item in plan.data["body"]["enterprise_requirements"]["items"]:
        out.append((item["type"], plan.catalog.types[item["type"]]["name"]))
    return out


# --- body text --------------------------------------------------------------------------------


def _spans(paragraph: Paragraph) -> tuple[Span, ...]:
    return tuple(Span(r.text, "body", r.bold) for r in paragraph.runs)


def _text_blocks(source: str | None) -> Iterator[Block]:
    for paragraph in paragraphs(source) if source else ():
        yield Block("Body", _spans(paragraph))


def _h1(n: int, title: str) -> Block:
    return Block("H1", (Span(heading_number(1, n) + title, "heading1"),))


def _heading(level: int, number: str, name: str, text: str | None) -> Iterator[Block]:
    """A numbered heading: run-in (``（一）名称。正文……``) when text follows, else on its own."""
    role = _FONT_OF_LEVEL[min(level, 4)]
    style = f"H{min(level, 4)}"
    label = number + name
    paras = paragraphs(text) if text else ()
    if not paras:
        yield Block(style, (Span(label, role),))
        return
    if not label.endswith(_END_PUNCTUATION) and name:
        label += "。"
    first, *rest = paras
    yield Block(style, (Span(label, role), *_spans(first)))
    for paragraph in rest:
        yield Block("Body", _spans(paragraph))


def _items(items: list[dict[str, Any]], level: int) -> Iterator[Block]:
    for n, item in enumerate(items, start=1):
        number = heading_number(level, n)
        children = item.get("items") or []
        if children:
            yield from _heading(level, number, item.get("name", ""), None)
            yield from _text_blocks(item.get("text"))
            yield from _items(children, level + 1)
        else:
            yield from _heading(level, number, item.get("name", ""), item.get("text"))


def _section(title: str, section: dict[str, Any], n: int) -> Iterator[Block]:
    yield _h1(n, section.get("title", title))
    yield from _text_blocks(section.get("text"))
    yield from _items(section.get("items") or [], 2)


def _phases(title: str, section: dict[str, Any], n: int) -> Iterator[Block]:
    yield _h1(n, section.get("title", title))
    yield from _text_blocks(section.get("text"))
    for i, phase in enumerate(section["items"], start=1):
        name = f"{phase['name']}（{date_range(phase['start'], phase['end'])}）"
        yield Block("H2", (Span(heading_number(2, i) + name, "heading2"),))
        yield from _text_blocks(phase.get("text"))
        yield from _items(phase.get("steps") or [], 3)


def _requirement(item: dict[str, Any], level: int) -> Iterator[Block]:
    """目标要求 / 主要任务 / 督导安排 of one enterprise type, from ``level`` down."""
    yield from _heading(level, heading_number(level, 1), "目标要求", item["goals"])
    yield from _heading(level, heading_number(level, 2), "主要任务", None)
    yield from _items(item["tasks"], level + 1)
    yield from _heading(level, heading_number(level, 3), "督导安排", item["supervision"])


def _requirements(
    plan: Plan, title: str, section: dict[str, Any], n: int, edition: str
) -> Iterator[Block]:
    if edition != FULL:
        yield _h1(n, EDITION_SECTION_TITLE)
        for item in section["items"]:
            if item["type"] == edition:
                yield from _requirement(item, 2)
        return
    yield _h1(n, section.get("title", title))
    yield from _text_blocks(section.get("text"))
    for i, item in enumerate(section["items"], start=1):
        name = plan.catalog.types[item["type"]]["name"]
        yield Block("H2", (Span(heading_number(2, i) + name, "heading2"),))
        yield from _requirement(item, 3)


def _body(plan: Plan, edition: str) -> Iterator[Block]:
    body = plan.data["body"]
    yield from _text_blocks(body["lead"])
    extras: dict[str | None, list[dict[str, Any]]] = {}
    for extra in body.get("extra_sections") or []:
        extras.setdefault(extra.get("after"), []).append(extra)
    n = 0
    for key, title in (*SECTION_ORDER, (None, "")):  # None: extra sections placed at the end
        section = body.get(key) if key else None
        if section is not None:
            n += 1
            if key == "phases":
                yield from _phases(title, section, n)
            elif key == "enterprise_requirements":
                yield from _requirements(plan, title, section, n, edition)
            else:
                yield from _section(title, section, n)
        for extra in extras.get(key, []):
            n += 1
            yield from _section(extra["title"], extra, n)


# --- closing parts and attachments --------------------------------------------------------------


def _aligned_pair(upper: str, lower: str) -> tuple[str, str]:
    """署名 and 成文日期 without a seal: the name ends 2 字 from the right, the date starts 2 字
    right of the name; if the date is the longer, the date ends 2 字 from the right instead.
    Returned as leading ideographic spaces, as a clerk would type them (exact on the 28-字 grid)."""
    width = layout.CHARS_PER_LINE
    upper_w, lower_w = layout.text_width(upper), layout.text_width(lower)
    lower_right = max(2.0, upper_w - lower_w)
    upper_right = lower_right + lower_w + 2 - upper_w
    return _pad(width - upper_right - upper_w) + upper, _pad(width - lower_right - lower_w) + lower


def _pad(width: float) -> str:
    whole = int(width)
    return "\u3000" * whole + ("\u2002" if width - whole >= 0.5 else "")


def _member_lines(members: list[dict[str, Any]]) -> Iterator[Block]:
    width = max(len(m["role"]) for m in members)
    previous = None
    for member in members:
        role = member["role"]
        shown = "\u3000".join(role) if len(role) == 2 and width == 3 else role
        label = f"{shown}：" if role != previous else "\u3000" * (max(width, len(shown)) + 1)
        previous = role
        parts = [member.get("name", ""), member.get("post", "")]
        yield Block("Body", (Span(label + "\u3000".join(p for p in parts if p)),))


def _attachments(plan: Plan, edition: str) -> list[dict[str, Any]]:
    return [
        a
        for a in plan.data.get("attachments") or []
        if edition == FULL or not a.get("editions") or edition in a["editions"]
    ]


_KEEP = {"Body": "BodyKeep", "H2": "H2Keep", "H3": "H3Keep", "H4": "H4Keep"}


def _keep_with_next(block: Block) -> Block:
    """The same paragraph, kept on the page of the one after it (``…Keep`` styles)."""
    return Block(_KEEP.get(block.style, block.style), block.spans)


def _closing(plan: Plan, attachments: list[dict[str, Any]]) -> Iterator[Block]:
    doc = plan.data["document"]
    if attachments:
        yield Block("BlankKeep")
        many = len(attachments) > 1
        for i, att in enumerate(attachments, start=1):
            label = ("附件：" if i == 1 else "\u3000" * 3) + (f"{i}. " if many else "")
            yield Block("AttachmentNote", (Span(label + att["title"]),))
    signature, date = _aligned_pair(doc.get("signature", doc["issuer"]), format_date(doc["date"]))
    yield Block("BlankKeep")
    yield Block("SignatureKeep", (Span(signature),))
    yield Block("Signature", (Span(date),))
    if doc.get("note"):
        yield Block("Note", (Span(f"（{doc['note']}）"),))


def _attachment_pages(
    plan: Plan, attachments: list[dict[str, Any]], keep: tuple[str, ...]
) -> Iterator[Block]:
    many = len(attachments) > 1
    for i, att in enumerate(attachments, start=1):
        yield Block("AttachmentLabel", (Span(f"附件{i}" if many else "附件", "heading1"),))
        yield Block("Blank")
        for line in break_title(att["title"], layout.TITLE_CHARS_PER_LINE, keep):
            yield Block("AttachmentTitle", (Span(line, "title"),))
        yield Block("Blank")
        if att.get("recipients"):
            yield Block("Flush", (Span(f"{att['recipients']}："),))
        yield from _text_blocks(att.get("text"))
        yield from _items(att.get("items") or [], 1)
        if att.get("members"):
            yield from _member_lines(att["members"])
        closing = att.get("closing") or []
        if closing:
            yield Block("Blank")
            if len(closing) >= 2:
                first, second = _aligned_pair(closing[0], closing[1])
                lines = [first, second, *closing[2:]]
            else:
                lines = [_aligned_pair(closing[0], "")[0]]
            for line in lines:
                yield Block("Signature", (Span(line),))


def compose(plan: Plan, edition: str = FULL) -> Document:
    """The document model of ``plan`` for ``edition`` (``"full"`` or an enterprise type id)."""
    doc = plan.data["document"]
    keep = tuple(t for t in ((plan.data.get("campaign") or {}).get("name"),) if t)
    front: list[Span] = []
    if doc.get("copy_number"):
        front.append(Span(doc["copy_number"], "body"))
    if doc.get("classification"):
        front.append(Span(doc["classification"], "heading1"))
    if doc.get("urgency"):
        front.append(Span(doc["urgency"], "heading1"))
    mark_size, mark_lines = break_mark(doc.get("issuer_mark") or f"{doc['issuer']}文件")
    if edition == FULL:
        name, subtitle = FULL_NAME, None
        recipients = doc["recipients"]
    else:
        type_ = plan.catalog.types[edition]
        item = next(
            i for i in plan.data["body"]["enterprise_requirements"]["items"] if i["type"] == edition
        )
        name, subtitle = type_["name"], f"（{type_['name']}）"
        recipients = item.get("recipients") or type_["recipients"]
    attachments = _attachments(plan, edition)
    body = list(_body(plan, edition))
    body[-1] = _keep_with_next(body[-1])  # no page with only the 署名 and 成文日期
    blocks = [
        *body,
        *_closing(plan, attachments),
        *_attachment_pages(plan, attachments, keep),
    ]
    colophon = Colophon(
        cc=("抄送：" + "，".join(doc["cc"]) + "。") if doc.get("cc") else None,
        printer=doc["printer"],
        print_date=format_date(doc.get("print_date") or doc["date"]) + "印发",
    )
    stem = doc["title"] if edition == FULL else f"{doc['title']}（{name}）"
    return Document(
        key=edition,
        edition_name=name,
        file_stem=safe_filename(stem),
        front_lines=tuple(front),
        mark="\n".join(mark_lines),  # a long name on several lines
        mark_size=mark_size,
        number=doc["number"],
        title_lines=tuple(break_title(doc["title"], layout.TITLE_CHARS_PER_LINE, keep)),
        subtitle=subtitle,
        recipients="、".join(recipients) + "：",
        blocks=tuple(blocks),
        colophon=colophon,
        properties={
            "title": doc["title"] + (subtitle or ""),
            "creator": doc["issuer"],
            "subject": doc["number"],
            "date": doc["date"],
        },
    )


_RESERVED_IN_NAMES = str.maketrans({c: "_" for c in '\\/:*?"<>|'})


def safe_filename(stem: str) -> str:
    """File names that work on Windows too: no path separators or reserved characters."""
    return stem.translate(_RESERVED_IN_NAMES).strip(" .")[:120]


def document_date(plan: Plan) -> dt.date:
    day = parse_date(plan.data["document"]["date"])
    assert day is not None  # validated
    return day
