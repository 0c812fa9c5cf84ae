"""Plans of the old form (plangen 0.1) into the section list, keeping every word and comment.

The old body named its parts as keys in a fixed order (``guiding_ideology`` … ``work_requirements``)
with ``extra_sections`` placed by ``after``; stages were ``phases`` with ``steps``; an attachment
was limited to types by ``editions``. The new body is ``sections``, each with its ``kind``; stages
keep their dates and their steps become ``items``; ``editions`` becomes ``only``. The conversion
works on the round-trip tree, so comments travel with what they describe, and it changes nothing
a document says: the same plan gives the same documents.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from plangen.plan import yamlfmt

#: the old keys in the order documents printed them, and the kind each becomes
_OLD_PARTS = (
    ("guiding_ideology", "guiding_ideology"),
    ("overall_requirements", "overall_requirements"),
    ("principles", "principles"),
    ("phases", "stages"),
    ("enterprise_requirements", "types"),
    ("organisation", "organisation"),
    ("work_requirements", "requirements"),
)


def migrate_text(source: str) -> str | None:
    """The plan ``source`` in the new form, canonical layout; ``None`` when it is not old."""
    yaml = yamlfmt._yaml()
    text = source.lstrip("\ufeff").replace("\r\n", "\n")
    yaml.explicit_start = text.startswith("---")
    data = yaml.load(text)
    body = data.get("body") if isinstance(data, dict) else None
    if not isinstance(body, CommentedMap) or "sections" in body:
        return None
    new_body = CommentedMap()
    if "lead" in body:
        new_body["lead"] = body["lead"]
    new_body["sections"] = _sections(body)
    data["body"] = new_body
    for attachment in data.get("attachments") or []:
        if isinstance(attachment, CommentedMap) and "editions" in attachment:
            _rename(attachment, "editions", "only")
    out = io.StringIO()
    yaml.dump(data, out)
    return yamlfmt.format_yaml(out.getvalue())


def _sections(body: CommentedMap) -> CommentedSeq:
    extras: dict[Any, list[CommentedMap]] = {}
    for extra in body.get("extra_sections") or []:
        extras.setdefault(extra.get("after"), []).append(extra)
    sections = CommentedSeq()
    for key, kind in (*_OLD_PARTS, (None, None)):
        part = body.get(key) if key else None
        if isinstance(part, CommentedMap):
            sections.append(_section(part, str(kind)))
        for extra in extras.get(key, []):
            if "after" in extra:
                del extra["after"]
            sections.append(extra)
    return sections


def _section(part: CommentedMap, kind: str) -> CommentedMap:
    """One old part as a section: its kind first, then what it held (stages and types
    renamed)."""
    section = CommentedMap()
    section["kind"] = kind
    for key, value in part.items():
        if kind == "types" and key == "items":
            section["requirements"] = value
        elif kind == "stages" and key == "items":
            for stage in value:
                if isinstance(stage, CommentedMap) and "steps" in stage:
                    _rename(stage, "steps", "items")
            section["items"] = value
        else:
            section[key] = value
    return section


def _rename(mapping: CommentedMap, old: str, new: str) -> None:
    """Rename a key in place, keeping its position."""
    position = list(mapping).index(old)
    mapping.insert(position, new, mapping.pop(old))
