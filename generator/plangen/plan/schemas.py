"""The JSON Schemas shipped in the package (``plangen/plan/data``): reading them, and titles.

The schemas are the single description of the plan model: the validator checks against them and
messages name fields by the Chinese ``title`` the schemas give, the same hint editors show.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plangen.core.project import Project

PLAN = "plan.schema.json"
CATALOG = "enterprise-types.schema.json"
CATALOG_FILENAME = "enterprise-types.yaml"


def schema_text(name: str) -> str:
    """The schema file ``name`` as shipped, read through ``importlib.resources`` so that it is
    found in a wheel, an editable install or a zip alike."""
    return resources.files("plangen.plan").joinpath("data", name).read_text(encoding="utf-8")


def repository_schemas(project: Project) -> dict[str, str]:
    """The schema files ``project`` keeps in its ``schemas/`` folder for editors, by file name:
    the one answer to "the schemas of this repository" (``plangen init`` writes them). Today
    every repository gets the shipped texts, the same as ``plangen schema -o``."""
    return {name: schema_text(name) for name in (PLAN, CATALOG)}


@cache
def load_schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_text(name))
    return data


def resolve(root: dict[str, Any], fragment: dict[str, Any]) -> dict[str, Any]:
    """Follow local ``$ref``s (``#/definitions/x``), keeping any title given beside the ref."""
    seen = 0
    merged = dict(fragment)
    while "$ref" in merged and seen < 20:
        ref = merged.pop("$ref")
        target: Any = root
        for part in ref.lstrip("#/").split("/"):
            target = target[part]
        merged = {**target, **merged}
        seen += 1
    return merged


def subschema(root: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any] | None:
    """The schema that describes the value at ``path`` in a document, if the path is known."""
    node = resolve(root, root)
    for part in path:
        if isinstance(part, int):
            items = node.get("items")
            if not isinstance(items, dict):
                return None
            node = resolve(root, items)
        else:
            props = node.get("properties", {})
            if part not in props:
                return None
            node = resolve(root, props[part])
    return node


def title_of(root: dict[str, Any], path: tuple[str | int, ...]) -> str | None:
    node = subschema(root, path)
    if node is None:
        return None
    title = node.get("title")
    return title if isinstance(title, str) else None


def describe(root: dict[str, Any], path: tuple[str | int, ...]) -> str:
    """How messages name the value at ``path``: its Chinese title and its place, e.g.
    ``“发文字号”（document.number）：``; items are counted from 1 as drafters count them."""
    if not path:
        return ""
    dotted = ".".join(f"[{p + 1}]" if isinstance(p, int) else p for p in path).replace(".[", "[")
    title = title_of(root, path)
    parent = title_of(root, path[:-1])
    if path[-1] == "text" and parent:  # "文字" alone says little: name whose text it is
        title = f"{parent}的文字"
    if isinstance(path[-1], int) and title:
        return f"“{title}”第 {path[-1] + 1} 项（{dotted}）："
    return f"“{title}”（{dotted}）：" if title else f"{dotted}："
