"""The JSON Schemas shipped in the package (``plangen/plan/data``): reading them, titles, and the
files a repository gives its editors.

The schemas are the single description of the plan model: the validator checks against them and
messages name fields by the Chinese ``title`` the schemas give, the same hint editors show. They
also carry what only editors read (yaml-language-server, VS Code's YAML extension), which
jsonschema and fastjsonschema ignore as unknown keywords: ``errorMessage`` (replaces the
English message for a wrong type, enum or pattern), ``patternErrorMessage`` (for a pattern only),
``enumDescriptions`` and ``defaultSnippets`` (new items to insert). ``errorMessage`` stands only
on strings and lists: on an object yaml-language-server would also show it for an unknown or a
missing key, hiding the real problem.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from typing import Any

from plangen.core import messages

PLAN = "plan.schema.json"
CATALOG = "enterprise-types.schema.json"
CATALOG_FILENAME = "enterprise-types.yaml"


def schema_text(name: str) -> str:
    """The schema file ``name`` as shipped, read through ``importlib.resources`` so that it is
    found in a wheel, an editable install or a zip alike (imported here: a build with nothing
    to do reads no schema, and importing it cost such a build a twentieth of its time)."""
    from importlib import resources

    return resources.files("plangen.plan").joinpath("data", name).read_text(encoding="utf-8")


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
    """The schema that describes the value at ``path`` in a document, if the path is known (a
    value with several forms, ``oneOf``, is followed into the form that has such a part)."""
    node = resolve(root, root)
    for part in path:
        found = None
        for form in [node, *(resolve(root, f) for f in node.get("oneOf", []))]:
            if isinstance(part, int) and isinstance(form.get("items"), dict):
                found = resolve(root, form["items"])
            elif isinstance(part, str) and part in form.get("properties", {}):
                found = resolve(root, form["properties"][part])
            if found is not None:
                break
        if found is None:
            return None
        node = found
    return node


def title_of(root: dict[str, Any], path: tuple[str | int, ...]) -> str | None:
    node = subschema(root, path)
    if node is None:
        return None
    title = node.get("title")
    return title if isinstance(title, str) else None


#: section kinds and the titles documents print when a section gives none (the plan model's
#: vocabulary, beside the schema that lists the kinds)
KIND_TITLES = {
    "guiding_ideology": "指导思想",
    "overall_requirements": "总体要求",
    "objectives": "工作目标",
    "principles": "基本原则",
    "scope": "实施范围",
    "tasks": "主要任务",
    "stages": "方法步骤",
    "types": "分类指导",
    "organisation": "组织领导",
    "safeguards": "保障措施",
    "requirements": "工作要求",
}


def own_title(node: Any) -> str | None:
    """What a drafter calls a section or an item: its title or name, else its kind's title."""
    if not isinstance(node, dict):
        return None
    for key in ("title", "name"):
        if isinstance(node.get(key), str) and node[key]:
            return str(node[key])
    kind = node.get("kind")
    return KIND_TITLES.get(kind) if isinstance(kind, str) else None


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and 0 <= part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def describe(root: dict[str, Any], path: tuple[str | int, ...], data: Any = None) -> str:
    """How messages name the value at ``path``: its Chinese title and its place, e.g.
    ``“发文字号”（document.number）：``; items are counted from 1 as drafters count them. With the
    plan's ``data``, a text is named by the section or item it belongs to (“指导思想”的文字)."""
    if not path:
        return ""
    dotted = ".".join(f"[{p + 1}]" if isinstance(p, int) else p for p in path).replace(".[", "[")
    title = title_of(root, path)
    parent = (own_title(_at(data, path[:-1])) if data is not None else None) or title_of(
        root, path[:-1]
    )
    if path[-1] == "text" and parent:  # "文字" alone says little: name whose text it is
        title = f"{parent}的文字"
    if isinstance(path[-1], int) and title:
        return f"“{title}”第 {path[-1] + 1} 项（{dotted}）："
    return f"“{title}”（{dotted}）：" if title else f"{dotted}："


# --- the schemas a repository gives its editors ------------------------------------------------

#: where the plan schema refers to an enterprise type by id: (definition, property or ``None``
#: for the definition itself, in its items?)
_TYPE_REFERENCES = (("enterprise_requirement", "type", False), ("types", None, True))


def repository_schemas(catalog_types: dict[str, dict[str, Any]] | None) -> dict[str, str]:
    """The schema files for a repository's ``schemas/`` folder: filename → JSON text.

    They are the packaged schemas (which carry the editor's hints: Chinese ``errorMessage`` /
    ``patternErrorMessage`` texts and ``defaultSnippets``) with one addition: given the
    repository's enterprise types (id → catalogue entry), the fields that name a type get those
    ids as an ``enum`` with the Chinese names beside them, so the editor offers ``city-owned`` as
    “市属企业” and marks a misspelt id at once. Without a catalogue (``None`` or empty) they are
    the generic schemas. The validator never reads these files: it checks against the packaged
    schemas and explains an unknown type itself, with a “是不是……” hint an enum cannot give.

    The text is deterministic (key order as shipped, types in catalogue order, 2-space indent,
    UTF-8 characters as they are, a final newline), so ``plangen schema --check`` can compare it
    with the files on disk byte for byte.
    """
    plan = copy.deepcopy(load_schema(PLAN))
    if catalog_types:
        _add_type_enum(plan, catalog_types)
    return {PLAN: _dump(plan), CATALOG: _dump(load_schema(CATALOG))}


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _chinese(key: str, **args: Any) -> str:
    """A sentence for the schemas, always in Chinese: like their titles, the files must not depend
    on ``--lang`` (or ``plangen schema --check`` would disagree with itself)."""
    return messages.CATALOG[key][0].format(**args)


def _add_type_enum(plan: dict[str, Any], catalog_types: dict[str, dict[str, Any]]) -> None:
    ids = list(catalog_types)
    names = [str(entry.get("name", type_id)) for type_id, entry in catalog_types.items()]
    hint = {
        "enum": ids,
        "enumDescriptions": names,
        "markdownEnumDescriptions": [
            _chinese(
                "editor.type-description",
                name=_markdown(name),
                supervisor=_markdown(str(entry.get("supervisor", ""))),
            )
            for name, entry in zip(names, catalog_types.values(), strict=True)
        ],
        "errorMessage": _chinese(
            "editor.type-enum",
            options="、".join(f"{i}（{n}）" for i, n in zip(ids, names, strict=True)),
        ),
    }
    definitions = plan["definitions"]
    for definition, prop, in_items in _TYPE_REFERENCES:
        field = definitions[definition]
        field = field["properties"][prop] if prop else field
        (field["items"] if in_items else field).update(copy.deepcopy(hint))
    # the snippets that write an enterprise requirement (a new one, or a new “分类指导” section
    # with its first one) offer the ids as a choice to pick from, not the generic placeholder
    choices = ",".join(_snippet_choice(i) for i in ids)
    for definition in definitions.values():
        for snippet in definition.get("defaultSnippets", []):
            _offer_type_choice(snippet.get("body"), choices)


#: a snippet's placeholder ``${1:city-owned}``: its tab stop
_PLACEHOLDER = re.compile(r"\$\{(\d+):[^}]*\}")


def _offer_type_choice(body: Any, choices: str) -> None:
    """In a snippet's body, the placeholder of every enterprise requirement's ``type`` (the only
    ``type`` key of the plan model) becomes a choice ``${1|a,b|}`` at the same tab stop."""
    if isinstance(body, list):
        for value in body:
            _offer_type_choice(value, choices)
    elif isinstance(body, dict):
        for key, value in body.items():
            placeholder = _PLACEHOLDER.fullmatch(value) if isinstance(value, str) else None
            if key == "type" and placeholder:
                body[key] = "${" + placeholder.group(1) + "|" + choices + "|}"
            else:
                _offer_type_choice(value, choices)


def _markdown(text: str) -> str:
    """``text`` with the characters markdown would act on escaped."""
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in text)


def _snippet_choice(text: str) -> str:
    """``text`` as one option of a snippet choice ``${1|a,b|}``, where ``,|\\$}`` are special."""
    return "".join("\\" + c if c in "\\,|$}" else c for c in text)
