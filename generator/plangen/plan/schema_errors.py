"""Schema errors in the drafter's terms.

jsonschema reports a failing keyword (``required``, ``type``, ``pattern`` …) with an English
sentence; each keyword here has its own small translation into a diagnostic at the line of the
value: the field's Chinese title from the schema, what was expected and found, and a hint that
says what to type (“是不是 issuer（发文机关）”, “请用引号括起来”).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jsonschema
import yaml

from plangen.core.diagnostics import Diagnostic
from plangen.core.messages import Joined, Message
from plangen.plan import schemas
from plangen.plan.loader import LoadedFile, PathKey

_TYPE_NAMES = {
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    list: "array",
    dict: "object",
    type(None): "null",
}


@dataclass(frozen=True)
class _Failure:
    """One failing keyword, with what every translation needs."""

    error: jsonschema.ValidationError
    loaded: LoadedFile
    root: dict[str, Any]
    path: PathKey
    where: str
    schema: dict[str, Any]

    def diag(self, rule: str, *, path: PathKey | None = None, **args: Any) -> Diagnostic:
        """A diagnostic at the failing value (or at ``path``), its rule and key both ``rule``."""
        where = path if path is not None else self.path
        return self.loaded.diag(where, rule, rule, where=self.where, **args)


def translate(
    error: jsonschema.ValidationError, loaded: LoadedFile, root: dict[str, Any]
) -> list[Diagnostic]:
    """The diagnostics for one jsonschema error (none when a check explains it better)."""
    path = tuple(error.absolute_path)
    schema = schemas.resolve(root, error.schema) if isinstance(error.schema, dict) else {}
    failure = _Failure(error, loaded, root, path, schemas.describe(root, path, loaded.data), schema)
    handler = _HANDLERS.get(str(error.validator))
    if handler is None:
        rule = f"schema.{error.validator}"
        return [loaded.diag(path, rule, "schema.other", where=failure.where, detail=error.message)]
    return handler(failure)


def _required(f: _Failure) -> list[Diagnostic]:
    match = re.match(r"'(.+)' is a required property", f.error.message)
    name = match.group(1) if match else str(f.error.validator_value)
    prop = f.schema.get("properties", {}).get(name)
    title = schemas.resolve(f.root, prop).get("title") if isinstance(prop, dict) else None
    diagnostic = f.loaded.diag(
        f.path,
        "schema.required",
        "schema.required",
        on_key=True,
        where=f.where,
        name=name,
        title=f"（{title}）" if title else "",
    )
    return [diagnostic]


def _unknown_keys(f: _Failure) -> list[Diagnostic]:
    if not isinstance(f.error.instance, dict):
        return []
    allowed = list(f.schema.get("properties", {}))
    typed = [_typed_key(f.loaded, f.path, key) for key in f.error.instance if key not in allowed]
    return [
        f.loaded.diag(
            (*f.path, key),
            "schema.unknown-key",
            "schema.unknown-key",
            on_key=True,
            where=f.where,
            name=key,
            hint=_suggest(key, allowed, f.schema, f.root),
        )
        for key in typed
    ]


def _typed_key(loaded: LoadedFile, parent: PathKey, key: Any) -> str:
    """A key as it was typed: ``on`` or ``~`` rather than the True or None YAML 1.1 made of it
    (the loader records keys' places by their text)."""
    if isinstance(key, str):
        return key
    for path in loaded.keys:
        name = path[-1] if path and path[:-1] == parent else None
        if isinstance(name, str):
            try:
                value = yaml.safe_load(name)
            except yaml.YAMLError:
                continue
            if type(value) is type(key) and value == key:
                return name
    return str(key)


def _type(f: _Failure) -> list[Diagnostic]:
    rule_value = f.error.validator_value
    names = rule_value if isinstance(rule_value, list) else [rule_value]
    instance = f.error.instance
    expected = Joined(tuple(Message(f"type.{n}") for n in names), "list.or")
    found = Message("type." + _TYPE_NAMES.get(type(instance), "string"))
    hint: Message | str = ""
    if "string" in names and isinstance(instance, (int, float, bool)):
        hint = Message("schema.quote-hint", {"value": _as_typed(f.loaded, f.path, instance)})
    return [f.diag("schema.type", expected=expected, found=found, hint=hint)]


def _enum(f: _Failure) -> list[Diagnostic]:
    allowed: Any = f.error.validator_value
    if not isinstance(f.error.instance, str) and "string" in _types(f.schema):
        return []  # 1. unquoted is a number: the type error says so, with the quoting hint
    options = "、".join(str(v) for v in allowed)
    return [f.diag("schema.enum", value=f.error.instance, options=options)]


def _pattern(f: _Failure) -> list[Diagnostic]:
    if f.path == ("document", "number"):
        return []  # checks.check_document_number explains this one better
    # the editor's own explanation of the pattern (the schema carries it for yaml-language-server)
    explain = f.schema.get("patternErrorMessage") or f.schema.get("description", "")
    return [f.diag("schema.pattern", value=f.error.instance, explain=explain)]


def _types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def _min_items(f: _Failure) -> list[Diagnostic]:
    return [f.diag("schema.min-items", limit=f.error.validator_value)]


def _min_length(f: _Failure) -> list[Diagnostic]:
    return [f.diag("schema.min-length")]


def _max_length(f: _Failure) -> list[Diagnostic]:
    return [f.diag("schema.max-length", limit=f.error.validator_value)]


def _max_items(f: _Failure) -> list[Diagnostic]:
    return [f.diag("schema.max-items", limit=f.error.validator_value)]


def _unique(f: _Failure) -> list[Diagnostic]:
    return [f.diag("schema.unique")]


def _minimum(f: _Failure) -> list[Diagnostic]:
    return [f.diag("schema.minimum", limit=f.error.validator_value)]


def _one_of(f: _Failure) -> list[Diagnostic]:
    """A value that fits none of the forms a field allows (a text, a table cell): when it is
    meant as text, say what a text needs; else name the forms."""
    instance = f.error.instance
    forms = [s for s in f.schema.get("oneOf", []) if isinstance(s, dict)]
    textual = any("string" in _types(schemas.resolve(f.root, s)) for s in forms)
    if textual and instance == "":
        return [f.diag("schema.min-length")]
    if textual and isinstance(instance, int | float | bool):
        found = Message("type." + _TYPE_NAMES.get(type(instance), "string"))
        hint = Message("schema.quote-hint", {"value": _as_typed(f.loaded, f.path, instance)})
        return [f.diag("schema.type", expected=Message("type.string"), found=found, hint=hint)]
    kind = "array" if isinstance(instance, list) else "object" if isinstance(instance, dict) else ""
    chosen = [i for i, s in enumerate(forms) if kind and kind in _types(schemas.resolve(f.root, s))]
    inner = [e for e in f.error.context or () if chosen and e.relative_schema_path[0] == chosen[0]]
    if inner:  # the form it was meant in (a list, a mapping): what is wrong inside it
        return [d for e in inner for d in translate(e, f.loaded, f.root)]
    value = f.error.instance
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return [f.diag("schema.one-of", value=shown, explain=f.schema.get("description", ""))]


_HANDLERS: dict[str, Callable[[_Failure], list[Diagnostic]]] = {
    "oneOf": _one_of,
    "required": _required,
    "additionalProperties": _unknown_keys,
    "type": _type,
    "enum": _enum,
    "pattern": _pattern,
    "minItems": _min_items,
    "minProperties": _min_items,
    "minLength": _min_length,
    "maxLength": _max_length,
    "maxItems": _max_items,
    "uniqueItems": _unique,
    "minimum": _minimum,
}


def _suggest(
    name: str, allowed: list[str], schema: dict[str, Any], root: dict[str, Any]
) -> Message | str:
    """“是不是 issuer（发文机关）” for a mistyped key, else the keys allowed here."""
    if not allowed:
        return ""
    titles = {
        key: schemas.resolve(root, prop).get("title", "")
        for key, prop in schema.get("properties", {}).items()
        if isinstance(prop, dict)
    }
    # A drafter often types the Chinese name of a field as its key: map it to the real key.
    by_title = [key for key, title in titles.items() if title and title == name]
    close = by_title or difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        title = titles.get(close[0])
        shown = f"（{title}）" if title else ""
        return Message("schema.did-you-mean", {"suggestion": close[0], "title": shown})
    return Message("schema.allowed-keys", {"keys": "、".join(allowed)})


def _as_typed(loaded: LoadedFile, path: PathKey, value: Any) -> str:
    """The value as it was typed (``000001`` rather than ``1``), for the quoting hint."""
    line, col = loaded.locate(path)
    lines = loaded.text.splitlines()
    if 0 < line <= len(lines):
        # a number or yes/no ends at a comment, or at the next item of a flow list [1., 2.]
        typed = re.split(r" #|[,\]}]", lines[line - 1][col - 1 :])[0].strip()
        if typed:
            return typed
    return str(value).lower() if isinstance(value, bool) else str(value)
