"""The parts of a document as a plan in plangen's model, with what could not be placed.

Sections get their ``kind`` from their titles (the model's own titles and the names offices use
for them); a 分类指导 whose headings are the repository's enterprise types becomes their
requirements; times in headings become ``start``/``end``/``duration``. A paragraph that fits
nowhere is kept in the nearest text and listed with the paragraph it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from plangen.document.importer.parts import Parts
from plangen.document.importer.reader import Block, Para
from plangen.document.importer.structure import Node, parse_body, with_bold
from plangen.document.importer.times import split_time
from plangen.document.notice import default_text, default_title
from plangen.plan.schemas import KIND_TITLES

Path = tuple[str | int, ...]

#: the names offices give a section, by kind, besides the model's own (``KIND_TITLES``)
SYNONYMS = {
    "stages": ("实施步骤", "阶段安排", "工作步骤", "步骤安排", "时间安排", "进度安排"),
    "overall_requirements": ("目标要求",),
    "objectives": ("主要目标", "目标任务"),
    "principles": ("工作原则",),
    "scope": ("试点范围", "实施对象"),
    "tasks": ("重点任务", "试点任务", "工作任务", "主要内容"),
    "organisation": ("组织领导", "组织保障"),
    "requirements": ("活动要求", "有关要求", "相关要求"),
}
_REQUIREMENT_PARTS = {"目标要求": "goals", "主要任务": "tasks", "督导安排": "supervision"}
_MEMBER = re.compile(r"^(?P<role>[^：:]{1,8})[：:](?P<rest>\S.*)$")
_SPACES = re.compile(r"[\s\u3000\u2002]+")


@dataclass
class Assembly:
    """The plan as data, and where each unplaced paragraph went (path of the mapping → list of
    (paragraph, text)); ``kinds`` says which section got which kind, for the report."""

    year: int
    types: dict[str, str]  # enterprise type name → id
    comments: dict[Path, list[tuple[int, str]]] = field(default_factory=dict)
    forms: list[str] = field(default_factory=list)

    def note(self, path: Path, entries: list[tuple[int, str]]) -> None:
        if entries:
            self.comments.setdefault(path, []).extend(entries)


def kind_of(title: str) -> str | None:
    """The section kind a title names: the model's title, a usual synonym, or one contained."""
    for kind, own in KIND_TITLES.items():
        if title == own or title in SYNONYMS.get(kind, ()):
            return kind
    for kind, own in KIND_TITLES.items():
        if any(name in title for name in (own, *SYNONYMS.get(kind, ())) if len(name) >= 4):
            return kind
    return None


def text_of(paras: list[str]) -> str:
    """Paragraphs as a plan's text: one paragraph a line, a blank line between them."""
    return "\n\n".join(p.replace("\n", "") for p in paras) + "\n"


def _merge_forms(a: list[str], forms: list[str], offset: int) -> None:
    for depth, form in enumerate(forms, start=offset):
        if depth >= len(a):
            a.append(form)


def body(blocks: list[Block], asm: Assembly) -> dict[str, Any]:
    root, forms = parse_body(blocks)
    _merge_forms(asm.forms, forms, 0)
    result: dict[str, Any] = {}
    if root.paras:
        result["lead"] = text_of(root.paras)
    asm.note(("body",), root.comments)
    result["sections"] = [
        section(node, asm, ("body", "sections", i)) for i, node in enumerate(root.items)
    ]
    return result


def section(node: Node, asm: Assembly, path: Path) -> dict[str, Any]:
    kind = kind_of(node.name)
    named = [n.name for n in node.items]
    if kind == "types" and not (named and all(n in asm.types for n in named)):
        kind = None
    out: dict[str, Any] = {}
    if kind:
        out["kind"] = kind
    if not kind or KIND_TITLES[kind] != node.name:
        out["title"] = node.name
    _content(node, out, asm, path)
    if kind == "types":
        out.pop("items", None)
        out["requirements"] = [
            requirement(n, asm, (*path, "requirements", i)) for i, n in enumerate(node.items)
        ]
    return out


def _content(node: Node, out: dict[str, Any], asm: Assembly, path: Path) -> None:
    if node.paras:
        out["text"] = text_of(node.paras)
    asm.note(path, node.comments)
    if node.items:
        out["items"] = [item(n, asm, (*path, "items", i)) for i, n in enumerate(node.items)]
    if node.table is not None:
        out["table"] = node.table


def item(node: Node, asm: Assembly, path: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if node.name:
        name, time = split_time(node.name, asm.year)
        out["name"] = name
        out.update(time)
    _content(node, out, asm, path)
    if not out:
        out["text"] = ""  # a number with nothing after it
    return out


def requirement(node: Node, asm: Assembly, path: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"type": asm.types[node.name]}
    rest: list[Node] = []
    for child in node.items:
        key = _REQUIREMENT_PARTS.get(child.name)
        if key == "tasks" and child.items and not child.paras:
            out["tasks"] = [item(n, asm, (*path, "tasks", i)) for i, n in enumerate(child.items)]
        elif key and key != "tasks" and child.paras and not child.items:
            out[key] = text_of(child.paras)
        else:
            rest.append(child)
    if node.paras:
        out["text"] = text_of(node.paras)
    if rest:
        out["items"] = [item(n, asm, (*path, "items", i)) for i, n in enumerate(rest)]
    asm.note(path, node.comments)
    return out


def attachment(title: str, blocks: list[Block], asm: Assembly, path: Path) -> dict[str, Any]:
    """One attachment: its 主送 line, its text, items and table, a list of members, a closing."""
    out: dict[str, Any] = {"title": title}
    blocks = list(blocks)
    first = blocks[0] if blocks else None
    if isinstance(first, Para) and first.text.endswith("：") and len(first.text) < 40:
        out["recipients"] = first.text[:-1]
        blocks.pop(0)
    closing = _closing(blocks)
    members = _members(blocks)
    root, forms = parse_body(blocks)
    _merge_forms(asm.forms, forms, 1)
    _content(root, out, asm, path)
    if members:
        out["members"] = members
    if closing:
        out["closing"] = closing
    return out


def _closing(blocks: list[Block]) -> list[str]:
    """Lines set to the right at the end (a letter's 署名 and date), taken off ``blocks``."""
    lines: list[str] = []
    while blocks and isinstance(last := blocks[-1], Para) and _right(last):
        lines.insert(0, last.text.strip("\u3000\u2002 "))
        blocks.pop()
    return lines


#: a short line indented eight 字 or more (twips) is set to the right, as a 落款 is
_RIGHT_INDENT = 8 * 315


def _right(para: Para) -> bool:
    set_right = para.align == "right" or para.text.startswith("\u3000" * 8)
    return len(para.text) < 60 and (set_right or para.indent >= _RIGHT_INDENT)


def _members(blocks: list[Block]) -> list[dict[str, str]]:
    """A list of members (``组　长：×××　市企业工委书记`` and the lines under it), taken off."""
    members: list[dict[str, str]] = []
    role = None
    keep: list[Block] = []
    for block in blocks:
        text = block.text if isinstance(block, Para) else ""
        match = _MEMBER.match(text.strip(" "))
        if (
            match
            and not text.startswith("\u3000")
            and len(match["role"].strip()) <= 8
            and ("。" not in text)
        ):
            role = _SPACES.sub("", match["role"])
            members.append(_member(role, match["rest"]))
        elif role is not None and text.startswith("\u3000") and "。" not in text:
            members.append(_member(role, text))
        else:
            role = None
            keep.append(block)
    if len(members) < 2:
        return []
    blocks[:] = keep
    return members


def _member(role: str, rest: str) -> dict[str, str]:
    pieces = [p for p in _SPACES.split(rest.strip("\u3000 ")) if p]
    member = {"role": role}
    if pieces:
        member["name"] = pieces[0]
    if len(pieces) > 1:
        member["post"] = "".join(pieces[1:])
    return member


def plan(parts: Parts, asm: Assembly) -> dict[str, Any]:
    """The whole plan: the document's fields, the notice, numbering, the body, the attachments."""
    document = document_fields(parts)
    data: dict[str, Any] = {"document": document}
    if parts.notice is not None:
        data["notice"] = notice(parts, document.get("title", ""))
    data["body"] = body(parts.body, asm)
    for para in parts.unplaced:  # lines of the 版头 or after the 成文日期 that fit nowhere
        lead = data["body"].get("lead", "")
        data["body"]["lead"] = lead + ("\n" if lead else "") + para.text + "\n"
        asm.note(("body",), [(para.index, para.text)])
    attachments = []
    for i, (title, blocks) in enumerate(parts.attachments):
        if i < len(parts.note_titles) and parts.note_titles[i]:
            title = parts.note_titles[i]
        attachments.append(attachment(title, blocks, asm, ("attachments", i)))
    if asm.forms and asm.forms != ["一、", "（一）", "1.", "（1）"][: len(asm.forms)]:
        data["numbering"] = asm.forms[:4]
    if attachments:
        data["attachments"] = attachments
    order = ("document", "notice", "numbering", "body", "attachments")
    return {key: data[key] for key in order if key in data}


def notice(parts: Parts, title: str) -> dict[str, Any]:
    """The notice's own title and text where they differ from the defaults, and the plan's
    place when it is the notice's attachment."""
    assert parts.notice is not None
    out: dict[str, Any] = {}
    if parts.notice.title != default_title(title):
        out["title"] = parts.notice.title
    paras = [with_bold(b) for b in parts.notice.text if isinstance(b, Para)]
    if paras and text_of(paras) != text_of([default_text(title)]):
        out["text"] = text_of(paras)
    if parts.notice.plan_as != "page":
        out["plan_as"] = parts.notice.plan_as
    return out


_ORDER = (
    "issuer",
    "issuer_mark",
    "joint_issuers",
    "format",
    "number",
    "signers",
    "title",
    "status",
    "recipients",
    "date",
    "signatory",
    "seal",
    "copy_number",
    "classification",
    "urgency",
    "note",
    "cc",
    "printer",
    "print_date",
)


def document_fields(parts: Parts) -> dict[str, Any]:
    """The 公文要素, the defaults left out: the issuer is plangen's author, else the 署名, else
    the mark's name; the mark is the issuer with 文件 (a letter's, the issuer alone); the 署名
    the issuer; the printer the issuer; the printing date the date."""
    found = dict(parts.document)
    form = found.get("format", "file")
    mark = found.get("issuer_mark")
    if "issuer" not in found:
        named = mark.removesuffix("文件") if isinstance(mark, str) else None
        found["issuer"] = found.get("signatory") or named
    issuer = found.get("issuer")
    names = "".join([str(issuer), *found.get("joint_issuers", [])])  # 联合行文: every name
    if mark == (names if form == "letter" else f"{names}文件"):
        del found["issuer_mark"]
    for key, default in (("signatory", issuer), ("printer", issuer),
                         ("print_date", found.get("date")), ("format", "file")):  # fmt: skip
        if found.get(key) == default:
            found.pop(key)
    return {key: found[key] for key in _ORDER if found.get(key)}
