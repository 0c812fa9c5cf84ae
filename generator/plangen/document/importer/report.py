"""The 导入报告 as data: what became what, and each paragraph that needed a place found for it
(with the paragraph it came from and where it now is). Translated at the edge."""

from __future__ import annotations

from typing import Any

from plangen.core.messages import Joined, Message
from plangen.document.importer.assemble import Assembly, Path
from plangen.document.importer.parts import Parts
from plangen.document.importer.writer import shorten
from plangen.plan.schemas import KIND_TITLES

_FIELDS = ("letter", "plain", "copy_number", "classification", "urgency", "issuer_mark", "number",
           "signer", "notice", "title", "status", "recipients", "attachment_note", "issuer", "joint",
           "seal", "date", "note", "colophon")  # fmt: skip


def place(path: Path) -> str:
    """``("body", "sections", 2, "items", 0)`` → ``body.sections[2].items[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def lines(parts: Parts, plan: dict[str, Any], asm: Assembly) -> list[Message]:
    """The report's lines."""
    found = {key for key, _ in parts.found}
    fields = tuple(Message(f"import.field.{key}") for key in _FIELDS if key in found)
    out = [Message("import.report.fields", {"fields": Joined(fields, "diff.list-sep")})]
    lead = plan["body"].get("lead", "")
    out.append(Message("import.report.lead", {"count": lead.count("\n\n") + 1 if lead else 0}))
    for n, section in enumerate(plan["body"]["sections"], start=1):
        out.append(_section(n, section))
    if "numbering" in plan:
        out.append(Message("import.report.numbering", {"forms": " ".join(plan["numbering"])}))
    for n, attachment in enumerate(plan.get("attachments") or [], start=1):
        what = [key for key in ("recipients", "text", "items", "table", "members", "closing")
                if key in attachment]  # fmt: skip
        out.append(Message("import.report.attachment", {"n": n, "title": attachment["title"],
                                                        "what": ", ".join(what)}))  # fmt: skip
    out.extend(_unplaced(asm))
    return out


def _section(n: int, section: dict[str, Any]) -> Message:
    kind = section.get("kind")
    count = len(section.get("items") or section.get("requirements") or [])
    return Message(
        "import.report.section",
        {
            "n": n,
            "title": section.get("title") or KIND_TITLES.get(kind or "", ""),
            "kind": Message("import.report.kind", {"kind": kind})
            if kind
            else Message("import.report.no-kind"),
            "items": count,
            "table": Message("import.report.table") if "table" in section else "",
        },
    )


def _unplaced(asm: Assembly) -> list[Message]:
    entries = [(index, text, path) for path, found in asm.comments.items() for index, text in found]
    if not entries:
        return [Message("import.report.all-placed")]
    out = [Message("import.report.unplaced-head", {"count": len(entries)})]
    for index, text, path in sorted(entries):
        out.append(
            Message(
                "import.report.unplaced",
                {"para": index, "text": shorten(text), "place": place(path)},
            )
        )
    return out
