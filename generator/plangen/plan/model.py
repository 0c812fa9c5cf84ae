"""The plan model's vocabulary: section kinds, heading forms, enterprise types and editions.

A plan's body is a list of sections with their own titles; a section may declare a *kind* (指导思想,
方法步骤, 分类指导 …) that keeps its meaning for checks, the diff and the editions. Any section,
item, stage or attachment may be limited to some enterprise types (``only``): an edition for a
type carries what applies to it, the full plan everything. These helpers read that model for
every stage, so that the documents, the checks and the diff agree on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from plangen.plan.schemas import KIND_TITLES
from plangen.plan.textmodel import PathKey

#: the heading sequence of GB/T 9704 §7.3.3 (一、（一）1.（1）)
DEFAULT_NUMBERING = ("一、", "（一）", "1.", "（1）")

#: the keys of the form used before sections were a list (plangen 0.1)
OLD_BODY_KEYS = (
    "guiding_ideology",
    "overall_requirements",
    "principles",
    "phases",
    "enterprise_requirements",
    "organisation",
    "work_requirements",
    "extra_sections",
)


def numbering(data: dict[str, Any]) -> tuple[str, ...]:
    """The plan's heading forms, level 1 first."""
    forms = data.get("numbering")
    if isinstance(forms, list) and forms and all(isinstance(form, str) for form in forms):
        return tuple(forms)
    return DEFAULT_NUMBERING  # none, or not texts (1. unquoted is a number): validate says so


def applies(node: Any, edition: str) -> bool:
    """Whether a section, item or attachment appears in ``edition`` (the full plan: always)."""
    if edition == "full" or not isinstance(node, dict):
        return True
    only = node.get("only")
    return not isinstance(only, list) or edition in only


def text_for(value: Any, edition: str) -> str | None:
    """A text as ``edition`` shows it: a text written as a list of paragraphs keeps only the
    paragraphs that apply (``{text: …, only: [...]}``), joined as paragraphs."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return None
    parts = [p if isinstance(p, str) else p.get("text") for p in value if applies(p, edition)]
    return "\n\n".join(p for p in parts if isinstance(p, str)) or None


def section_title(section: dict[str, Any]) -> str:
    """A section's heading: its own title, else the title of its kind."""
    title = section.get("title")
    return str(title) if title else KIND_TITLES.get(str(section.get("kind")), "")


__all__ = ["KIND_TITLES"]


def sections(data: dict[str, Any]) -> list[Any]:
    body = data.get("body")
    found = body.get("sections") if isinstance(body, dict) else None
    return found if isinstance(found, list) else []


def requirements(data: dict[str, Any]) -> Iterator[tuple[PathKey, dict[str, Any]]]:
    """Every enterprise type's requirements in the plan's 分类指导 sections, with its path."""
    for i, section in enumerate(sections(data)):
        if isinstance(section, dict) and section.get("kind") == "types":
            for j, item in enumerate(section.get("requirements") or []):
                if isinstance(item, dict):
                    yield ("body", "sections", i, "requirements", j), item


def requirement_of(data: dict[str, Any], type_id: str) -> dict[str, Any] | None:
    return next((item for _, item in requirements(data) if item.get("type") == type_id), None)


def type_references(data: dict[str, Any]) -> Iterator[tuple[PathKey, Any]]:
    """Every place the plan names an enterprise type: requirements, and ``only`` anywhere."""
    for path, item in requirements(data):
        yield (*path, "type"), item.get("type")
    yield from _only(data, ())


def _only(node: Any, path: PathKey) -> Iterator[tuple[PathKey, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "only" and isinstance(value, list):
                yield from (((*path, "only", i), ref) for i, ref in enumerate(value))
            elif isinstance(value, dict | list):
                yield from _only(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _only(value, (*path, index))


def type_ids(data: dict[str, Any], catalog_order: list[str]) -> list[str]:
    """The enterprise types a plan gives an edition to: those of its 分类指导 in the plan's order,
    then any other type it limits a part to, in the catalogue's order."""
    found = [
        str(item["type"]) for _, item in requirements(data) if isinstance(item.get("type"), str)
    ]
    limited = {str(ref) for _, ref in _only(data, ()) if isinstance(ref, str)}
    found += [t for t in catalog_order if t in limited]
    return list(dict.fromkeys(found))


def is_old_form(data: Any) -> bool:
    """A plan written before sections were a list: its body names the fixed parts as keys."""
    body = data.get("body") if isinstance(data, dict) else None
    return (
        isinstance(body, dict) and "sections" not in body and any(k in body for k in OLD_BODY_KEYS)
    )


def value_at(data: Any, path: PathKey) -> Any:
    """The value at ``path`` (keys and list positions), or ``None`` when there is none."""
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or not 0 <= part < len(data):
                return None
            data = data[part]
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def item_lists(data: dict[str, Any]) -> Iterator[tuple[PathKey, list[Any], int, str | None]]:
    """Every list of numbered items with its path, its heading level (sections are level 1) and
    the kind of the section it is in — the full plan's levels, the deepest any edition has."""
    for i, section in enumerate(sections(data)):
        if not isinstance(section, dict):
            continue
        kind = section.get("kind") if isinstance(section.get("kind"), str) else None
        path: PathKey = ("body", "sections", i)
        yield from _nested((*path, "items"), section.get("items"), 2, kind)
        for req_path, item in requirements(data) if kind == "types" else ():
            if req_path[:3] == path:
                yield from _nested((*req_path, "tasks"), item.get("tasks"), 4, kind)
                yield from _nested((*req_path, "items"), item.get("items"), 3, kind)
    for i, attachment in enumerate(data.get("attachments") or []):
        if isinstance(attachment, dict):
            yield from _nested(("attachments", i, "items"), attachment.get("items"), 1, None)


def _nested(
    path: PathKey, items: Any, level: int, kind: str | None
) -> Iterator[tuple[PathKey, list[Any], int, str | None]]:
    if not isinstance(items, list):
        return
    yield path, items, level, kind
    for index, item in enumerate(items):
        if isinstance(item, dict):
            yield from _nested((*path, index, "items"), item.get("items"), level + 1, kind)
