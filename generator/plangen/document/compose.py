"""Plan × enterprise type → a document model: what goes on the page, in order, as plain data.

The model knows the official parts (版头, 标题, 主送, 正文 blocks with their heading levels,
附件说明, 署名, 成文日期, 附注, 附件, 版记) and the numbers of every heading; it knows nothing of
OOXML. ``render`` turns it into a .docx through the template; the site's preview can turn the same
model into HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from plangen.core.vocab import FULL, FULL_NAME, chinese_number, format_date, parse_date, time_text
from plangen.document import layout, lone_signature, masthead, signatures
from plangen.document.model import Block, Colophon, Document, Span, Table, TableCell
from plangen.document.titles import break_mark, break_title
from plangen.plan import model
from plangen.plan.text import Paragraph, paragraphs
from plangen.plan.validate import Plan

EDITION_SECTION_TITLE = "目标任务和督导安排"
#: the subheadings of one enterprise type's requirements, in the order documents print them
REQUIREMENT_PARTS = (("goals", "目标要求"), ("tasks", "主要任务"), ("supervision", "督导安排"))

_END_PUNCTUATION = tuple("。！？；：")


def editions(plan: Plan) -> list[tuple[str, str]]:
    """(key, name) of every document a plan gives: the full plan, then one per enterprise type
    the plan names (its 分类指导 first, in the plan's order, then any other type it limits a
    part to, in catalogue order). A plan that names no type gives the full plan only."""
    ids = model.type_ids(plan.data, list(plan.catalog.types))
    return [(FULL, FULL_NAME), *((t, plan.catalog.types[t]["name"]) for t in ids)]


# --- body text --------------------------------------------------------------------------------


def _spans(paragraph: Paragraph) -> tuple[Span, ...]:
    return tuple(Span(r.text, "body", r.bold) for r in paragraph.runs)


def _text_blocks(source: str | None) -> Iterator[Block]:
    for paragraph in paragraphs(source) if source else ():
        yield Block("Body", _spans(paragraph))


class _Body:
    """The body of one edition: sections, items and tables in the plan's order, numbered by the
    plan's heading sequence, leaving out what is limited to other enterprise types."""

    def __init__(self, plan: Plan, edition: str) -> None:
        self.plan = plan
        self.edition = edition
        self.numbering = model.numbering(plan.data)

    def applies(self, node: dict[str, Any]) -> bool:
        return model.applies(node, self.edition)

    def text(self, value: Any) -> str | None:
        """A text as this edition shows it (paragraphs limited to other types left out)."""
        return model.text_for(value, self.edition)

    def heading(self, level: int, n: int, name: str, text: str | None = None) -> Iterator[Block]:
        """A numbered heading: run-in (``（一）名称。正文……``) when text follows, else on its
        own. ``level`` counts from 1 (the sections); its style follows the numbering form."""
        form = self.numbering[level - 1]
        style, role = _HEADING_STYLES[form]
        label = heading_number(form, n) + name
        paras = paragraphs(text) if text else ()
        if not paras:
            yield Block(style, (Span(label, role),))
            yield from (Block("Body", _spans(p)) for p in paras)
            return
        if not label.endswith(_END_PUNCTUATION) and name:
            label += "。"
        first, *rest = paras
        yield Block(style, (Span(label, role), *_spans(first)))
        for paragraph in rest:
            yield Block("Body", _spans(paragraph))

    def items(self, items: list[dict[str, Any]], level: int) -> Iterator[Block]:
        shown = [item for item in items if self.applies(item)]
        for n, item in enumerate(shown, start=1):
            name = _with_time(item)
            children = item.get("items") or []
            if children or item.get("table"):
                yield from self.heading(level, n, name)
                yield from _text_blocks(self.text(item.get("text")))
                yield from _table_blocks(item.get("table"))
                yield from self.items(children, level + 1)
            else:
                yield from self.heading(level, n, name, self.text(item.get("text")))

    def stages(self, items: list[dict[str, Any]]) -> Iterator[Block]:
        """Stages: each heading on a line of its own, with its time, then its text and steps."""
        shown = [item for item in items if self.applies(item)]
        for n, stage in enumerate(shown, start=1):
            yield from self.heading(2, n, _with_time(stage))
            yield from _text_blocks(self.text(stage.get("text")))
            yield from _table_blocks(stage.get("table"))
            yield from self.items(stage.get("items") or [], 3)

    def requirement(self, item: dict[str, Any], level: int) -> Iterator[Block]:
        """目标要求 / 主要任务 / 督导安排 of one enterprise type (those it has), then its own
        text and items, from ``level`` down."""
        n = 0
        for key, title in REQUIREMENT_PARTS:
            if not item.get(key):
                continue
            n += 1
            if key == "tasks":
                yield from self.heading(level, n, title)
                yield from self.items(item["tasks"], level + 1)
            else:
                yield from self.heading(level, n, title, self.text(item[key]))
        yield from _text_blocks(self.text(item.get("text")))
        yield from self.items(item.get("items") or [], level)

    def types(self, section: dict[str, Any], n: int) -> Iterator[Block]:
        requirements = section.get("requirements") or []
        if self.edition != FULL:
            yield from self.heading(1, n, EDITION_SECTION_TITLE)
            for item in requirements:
                if item["type"] == self.edition:
                    yield from self.requirement(item, 2)
            return
        yield from self.heading(1, n, model.section_title(section))
        yield from _text_blocks(self.text(section.get("text")))
        for i, item in enumerate(requirements, start=1):
            yield from self.heading(2, i, self.plan.catalog.types[item["type"]]["name"])
            yield from self.requirement(item, 3)

    def section(self, section: dict[str, Any], n: int) -> Iterator[Block]:
        kind = section.get("kind")
        if kind == "types":
            yield from self.types(section, n)
            return
        yield from self.heading(1, n, model.section_title(section))
        yield from _text_blocks(self.text(section.get("text")))
        yield from _table_blocks(section.get("table"))
        if kind == "stages":
            yield from self.stages(section.get("items") or [])
        else:
            yield from self.items(section.get("items") or [], 2)

    def blocks(self) -> Iterator[Block]:
        body = self.plan.data["body"]
        yield from _text_blocks(self.text(body.get("lead")))
        shown = [s for s in body["sections"] if self.applies(s) and self.has_content(s)]
        for n, section in enumerate(shown, start=1):
            yield from self.section(section, n)

    def has_content(self, section: dict[str, Any]) -> bool:
        """An edition leaves out a 分类指导 that has nothing for its enterprise type."""
        if section.get("kind") != "types" or self.edition == FULL:
            return True
        return any(r["type"] == self.edition for r in section.get("requirements") or [])


_HEADING_STYLES = {
    "一、": ("H1", "heading1"),
    "（一）": ("H2", "heading2"),
    "1.": ("H3", "body"),
    "1、": ("H3", "body"),  # common in practice, though GB/T 9704 writes 1.
    "（1）": ("H4", "body"),
}


def heading_number(form: str, n: int) -> str:
    """The number ``n`` in a heading form: 一、（一）1.（1）."""
    if form == "一、":
        return f"{chinese_number(n)}、"
    if form == "（一）":
        return f"（{chinese_number(n)}）"
    if form == "1.":
        return f"{n}."
    if form == "1、":
        return f"{n}、"
    return f"（{n}）"


def _with_time(item: dict[str, Any]) -> str:
    """An item's name with its time as a clerk writes it: 学习教育（2014年2月24日至4月30日）."""
    name = str(item.get("name", ""))
    time = time_text(item.get("start"), item.get("end"), item.get("duration"))
    return f"{name}（{time}）" if time else name


def _table_blocks(table: dict[str, Any] | None) -> Iterator[Block]:
    if table:
        yield Block("Table", table=table_model(table))


def table_model(table: dict[str, Any]) -> Table:
    """The plan's table as the document shows it (with the 序号 column when asked for)."""
    columns = [str(c["title"]) for c in table["columns"]]
    widths: list[float | None] = [c.get("width") for c in table["columns"]]
    rows = [tuple(_cell(c) for c in row) for row in table["rows"]]
    if table.get("numbered"):
        columns.insert(0, "序号")
        widths.insert(0, 2.5)
        rows = [(TableCell(str(n)), *row) for n, row in enumerate(rows, start=1)]
    return Table(table.get("title"), tuple(columns), tuple(widths), tuple(rows))


def _cell(cell: Any) -> TableCell:
    if isinstance(cell, dict):
        return TableCell(str(cell["text"]), int(cell.get("rows", 1)), int(cell.get("columns", 1)))
    return TableCell(str(cell))


# --- closing parts and attachments --------------------------------------------------------------


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
    return [a for a in plan.data.get("attachments") or [] if model.applies(a, edition)]


_KEEP = {"Body": "BodyKeep", "H2": "H2Keep", "H3": "H3Keep", "H4": "H4Keep"}


def _keep_with_next(block: Block) -> Block:
    """The same paragraph, kept on the page of the one after it (``…Keep`` styles)."""
    return replace(block, style=_KEEP.get(block.style, block.style))


def attachment_note(titles: list[str]) -> Iterator[Block]:
    """附件说明 one blank line below the body: 附件：1. 名称, the names aligned."""
    if titles:
        yield Block("BlankKeep")
        many = len(titles) > 1
        for i, title in enumerate(titles, start=1):
            label = ("附件：" if i == 1 else "\u3000" * 3) + (f"{i}. " if many else "")
            yield Block("AttachmentNote", (Span(label + title),))


def _closing(plan: Plan, attachments: list[dict[str, Any]]) -> Iterator[Block]:
    doc = plan.data["document"]
    yield from attachment_note([att["title"] for att in attachments])
    yield from signature_blocks(doc)
    if doc.get("note"):
        yield Block("Note", (Span(f"（{doc['note']}）"),))


def signatories(doc: dict[str, Any]) -> list[str]:
    """Who signs: the host's 署名 (``signatory``, else the issuer), then each joint issuer."""
    return [doc.get("signatory", doc["issuer"]), *(doc.get("joint_issuers") or [])]


def signature_blocks(doc: dict[str, Any]) -> Iterator[Block]:
    """署名 and 成文日期 of the document (see ``signatures``)."""
    yield from signatures.signature(
        signatories(doc), format_date(doc["date"]), bool(doc.get("seal"))
    )


def _attachment_pages(
    body: _Body, attachments: list[dict[str, Any]], keep: tuple[str, ...], start: int = 1
) -> Iterator[Block]:
    """Each attachment on a page of its own, labelled 附件N from ``start`` (附件 alone when it
    is the only one)."""
    many = len(attachments) + start > 2
    for i, att in enumerate(attachments, start=start):
        yield Block("AttachmentLabel", (Span(f"附件{i}" if many else "附件", "heading1"),))
        yield Block("Blank")
        for line in break_title(att["title"], layout.TITLE_CHARS_PER_LINE, keep):
            yield Block("AttachmentTitle", (Span(line, "title"),))
        yield Block("Blank")
        if att.get("recipients"):
            yield Block("Flush", (Span(f"{att['recipients']}："),))
        yield from _text_blocks(body.text(att.get("text")))
        yield from _table_blocks(att.get("table"))
        yield from body.items(att.get("items") or [], 1)
        if att.get("members"):
            yield from _member_lines(att["members"])
        closing = att.get("closing") or []
        if closing:
            yield Block("Blank")
            first, second = signatures.aligned(closing[0], closing[1] if len(closing) > 1 else "")
            yield first
            if len(closing) > 1:
                yield second
            yield from (Block("Signature", (Span(line),), indent=0) for line in closing[2:])


def _plan_blocks(
    composer: _Body, plan: Plan, attachments: list[dict[str, Any]], keep: tuple[str, ...]
) -> list[Block]:
    """The plan's body, its 附件说明, 署名 and 成文日期, then the 附件 pages."""
    body = list(composer.blocks())
    if body:  # no page with only the 署名 and 成文日期; an edition may have no body at all
        body[-1] = _keep_with_next(body[-1])
    return [
        *body,
        *_closing(plan, attachments),
        *_attachment_pages(composer, attachments, keep),
    ]


def _front_lines(doc: dict[str, Any]) -> tuple[Span, ...]:
    """份号, 密级和保密期限, 紧急程度: those the plan gives, in this order (§7.2.1–7.2.3)."""
    roles = (("copy_number", "body"), ("classification", "heading1"), ("urgency", "heading1"))
    return tuple(Span(doc[key], role) for key, role in roles if doc.get(key))


def compose(plan: Plan, edition: str = FULL) -> Document:
    """The document model of ``plan`` for ``edition`` (``"full"`` or an enterprise type id)."""
    doc = plan.data["document"]
    # terms a title never breaks inside: the campaign's name, and the issuers' (a joint
    # notice's title names them all)
    names = (doc["issuer"], *(doc.get("joint_issuers") or []))
    keep = tuple(t for t in ((plan.data.get("campaign") or {}).get("name"), *names) if t)
    form = doc.get("format", "file")
    mark_names, mark_size, mark_lines = _mark(doc, form)
    name, subtitle, recipients = _edition(plan, edition)
    attachments = _attachments(plan, edition)
    composer = _Body(plan, edition)
    title_lines = tuple(break_title(doc["title"], layout.TITLE_CHARS_PER_LINE, keep))
    if (
        plan.data.get("notice") is not None
    ):  # issued by a cover notice: the notice first, then the plan
        from plangen.document import notice

        issued = notice.compose_notice(plan, composer, attachments, keep, title_lines, subtitle)
        title_lines, subtitle, blocks = issued.title_lines, None, issued.blocks
    else:
        blocks = _plan_blocks(composer, plan, attachments, keep)
    status = f"（{doc['status']}）" if doc.get("status") else None
    suffix = ("" if edition == FULL else f"（{name}）") + (status or "")
    document = Document(
        key=edition,
        edition_name=name,
        file_stem=safe_filename(doc["title"], suffix),  # the edition and status always remain
        front_lines=_front_lines(doc),
        mark="\n".join(mark_lines),  # a long name on several lines
        mark_size=mark_size,
        number=doc.get("number", ""),
        title_lines=title_lines,
        subtitle=subtitle,
        recipients="、".join(recipients) + "：" if recipients else "",
        blocks=tuple(blocks),
        colophon=_colophon(doc),
        status=status,
        format=form,
        mark_names=mark_names,
        signers=masthead.signer_rows(doc["signers"], doc.get("number", ""))
        if doc.get("signers") and form == "file"
        else (),
        properties={
            "title": doc["title"] + (subtitle or "") + (status or ""),
            "creator": doc["issuer"],
            "subject": doc.get("number", ""),
            "date": doc["date"],
        },
    )
    return lone_signature.keep_company(document)


def _edition(plan: Plan, edition: str) -> tuple[str, str | None, list[str]]:
    """The edition's name, the line naming it under the title (none for the full plan), and
    its 主送机关: the plan's own, or the enterprise type's."""
    doc = plan.data["document"]
    if edition == FULL:
        return FULL_NAME, None, doc.get("recipients") or []
    type_ = plan.catalog.types[edition]
    own = model.requirement_of(plan.data, edition) or {}
    return type_["name"], f"（{type_['name']}）", own.get("recipients") or type_["recipients"]


def _colophon(doc: dict[str, Any]) -> Colophon:
    return Colophon(
        cc=("抄送：" + "，".join(doc["cc"]) + "。") if doc.get("cc") else None,
        printer=doc.get("printer") or doc["issuer"],
        print_date=format_date(doc.get("print_date") or doc["date"]) + "印发",
    )


def _mark(doc: dict[str, Any], form: str) -> tuple[tuple[str, ...], int, list[str]]:
    """The 发文机关标志: the names of a joint mark (file format) or none, its size and lines.
    One issuer: its name and 文件 (a letter's mark has no 文件, §10.1), shrunk or broken to fit;
    several (联合行文): every name, the host first — beside 文件 in the file format, one a line
    in a letter; a plan's own ``issuer_mark`` stands alone either way."""
    names = [doc["issuer"], *(doc.get("joint_issuers") or [])]
    if doc.get("issuer_mark") or len(names) == 1:
        default = doc["issuer"] if form == "letter" else f"{doc['issuer']}文件"
        size, lines = break_mark(doc.get("issuer_mark") or default)
        return (), size, lines
    joint = form == "file"
    size = masthead.joint_mark_size(names, "文件" if joint else "")
    return (tuple(names) if joint else ()), size, names


_RESERVED_IN_NAMES = str.maketrans({c: "_" for c in '\\/:*?"<>|'})
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in range(10)
}
#: bytes of UTF-8 a file's stem may take: 255 (the limit of Linux, macOS and Windows) less room for
#: ``.docx``/``.pdf`` and the temporary name a file is first written under (``.<name>.xxxxxxxx.tmp``)
STEM_BYTES = 200


def safe_filename(title: str, edition: str = "") -> str:
    """A file name that works everywhere: no path separators or characters Windows reserves, no
    leading dot, no device name (``CON``, ``NUL``…), and within the file systems' 255-byte limit —
    a long title is cut (on a character boundary) so that the edition's suffix always remains."""
    edition = edition.translate(_RESERVED_IN_NAMES)
    room = STEM_BYTES - len(edition.encode("utf-8"))
    stem = title.translate(_RESERVED_IN_NAMES).strip(" .")
    stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(" .") or "_"
    if stem.split(".")[0].upper() in _WINDOWS_DEVICES and not edition:
        stem = "_" + stem
    return stem + edition


def document_date(plan: Plan) -> dt.date:
    day = parse_date(plan.data["document"]["date"])
    assert day is not None  # validated
    return day
