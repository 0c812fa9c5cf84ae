"""The plan's text model and field kinds, shared by ``plandiff`` and ``yamlfmt``.

Inside a text field a blank line separates paragraphs; the lines of one paragraph join *without* a
space (Chinese has none between words; only between two Latin letters or digits is one put), so a
drafter may put one sentence per line; a line that starts a list item (``- ``, ``1. ``) is a
paragraph of its own. Two texts that give the same paragraphs mean the same, however their lines
are broken. (These are the rules the documents are rendered by; here they decide only what counts
as the same text, with the Markdown marks kept, so that a change of ``**bold**`` shows.)

The kind of a field (text, date, list of names, list of items, mapping, single value) comes from
the plan schema, the one description of the model.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from plangen.plan import schemas
from plangen.plan.text import LIST_LINE, join_lines

PathKey = tuple[str | int, ...]

TEXT_REF = "#/definitions/text"
DATE_REF = "#/definitions/date"
WHEN_REF = "#/definitions/when"  # an exact day or a part of a month: shown as documents show it
NAMES_REF = "#/definitions/names"


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text field, each with its lines joined as the documents join them."""
    out: list[str] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            if current:
                out.append(_join(current))
                current = []
            continue
        if LIST_LINE.match(line) and current:
            out.append(_join(current))
            current = []
        current.append(line)
    if current:
        out.append(_join(current))
    return out


def _join(lines: list[str]) -> str:
    return join_lines("\n".join(lines))


def normalise(text: Any) -> str:
    """A text field's meaning as one string: its paragraphs separated by ``\\n``; a text written
    as a list of paragraphs shows which types a limited one is for (〔仅 city-owned〕)."""
    if isinstance(text, list):
        out = []
        for part in text:
            if isinstance(part, dict):
                only = "、".join(str(t) for t in part.get("only") or [])
                out += [f"〔仅 {only}〕{p}" for p in paragraphs(str(part.get("text", "")))]
            else:
                out += paragraphs(str(part))
        return "\n".join(out)
    return "\n".join(paragraphs(str(text)))


@cache
def _field(schema_name: str, path: PathKey) -> tuple[str, dict[str, Any]] | None:
    """The ``$ref`` (or ``""``) and resolved schema of the value at ``path``; numbers stand for
    list positions. ``None`` when the schema does not describe such a path."""
    root = schemas.load_schema(schema_name)
    node = schemas.resolve(root, root)
    ref = ""
    for part in path:
        raw = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
        if not isinstance(raw, dict):
            return None
        ref = str(raw.get("$ref", ""))
        node = schemas.resolve(root, raw)
    return ref, node


def kind_of(path: PathKey, schema_name: str = schemas.PLAN) -> str:
    """What the value at ``path`` is: ``text``, ``date``, ``names`` (a list of short texts),
    ``list`` (of mappings), ``mapping``, ``value`` (any other single value) or ``unknown``."""
    generic = tuple(0 if isinstance(p, int) else p for p in path)
    found = _field(schema_name, generic)
    if found is None:
        return "unknown"
    ref, node = found
    if ref == TEXT_REF:
        return "text"
    if ref in (DATE_REF, WHEN_REF):
        return "date"
    kind = node.get("type")
    if kind == "array":
        items = node.get("items", {})
        if ref == NAMES_REF or (isinstance(items, dict) and items.get("type") == "string"):
            return "names"
        return "list"
    if kind == "object":
        return "mapping"
    return "value"


def title_of(path: PathKey, schema_name: str = schemas.PLAN) -> str:
    """The Chinese title the schema gives the value at ``path`` (the plan's own term)."""
    generic = tuple(0 if isinstance(p, int) else p for p in path)
    found = _field(schema_name, generic)
    if found is None:
        return str(path[-1]) if path else ""
    title = found[1].get("title")
    return title if isinstance(title, str) else str(path[-1])


def field_order(path: PathKey, schema_name: str = schemas.PLAN) -> list[str]:
    """The keys of the mapping at ``path`` in the order the schema lists them."""
    generic = tuple(0 if isinstance(p, int) else p for p in path)
    found = _field(schema_name, generic)
    if found is None:
        return []
    return list(found[1].get("properties", {}))
