"""Checking a .docx against Office's schemas: every part, every element, every attribute.

The schema data (``tests/data/ooxml-schema.json``) is generated from the Open XML SDK by
``tests/make_ooxml_schema.py``. Its format:

- ``parts``: content type → the root element's key; ``namespaces``: prefix → URI.
- ``elements``: key (``w:CT_PPr/w:pPr``, or the type alone, ``w:CT_OnOff``, when every element of
  that type is the same) → ``{"attrs": {qname: [required, rule]}, "content": …}`` or
  ``{"opaque": 1}`` (a vocabulary not checked in depth). Content is ``"empty"``, ``"text"`` or a
  particle: ``["e", key, min, max]``, ``["any", namespace, min, max]``,
  ``["s"|"c"|"a", min, max, [items]]`` (sequence, choice, all; max −1 is unbounded).
- Value rules: ``["any"]``, ``["onoff"]``, ``["bool"]``, ``["int", min, max]``, ``["number"]``,
  ``["hex", bytes]``, ``["datetime"]``, ``["str", pattern, min length, max length]``,
  ``["enum", name]`` (values in ``enums``), ``["union", [rules]]``, ``["all", [rules]]``.

Content models are compiled to a small automaton (a Thompson NFA; counted repeats unrolled), so the
children of an element are checked in one pass and a misplaced child is reported where it stands,
with what the schema expected there — the way Word reads a part, in order.
"""

from __future__ import annotations

import functools
import io
import json
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

DATA = Path(__file__).resolve().parent / "data" / "ooxml-schema.json"
CONTENT_TYPES = "[Content_Types].xml"
RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = "http://www.w3.org/XML/1998/namespace"


@dataclass(frozen=True)
class Problem:
    """One schema error: where (part and element path), what kind, and a sentence."""

    part: str
    path: str
    kind: str  # order, unknown-element, incomplete, missing-attribute, unknown-attribute, value, text, package
    message: str

    def __str__(self) -> str:
        return f"{self.part}: {self.path}: {self.message} [{self.kind}]"


@functools.cache
def schema() -> Schema:
    return Schema(json.loads(DATA.read_text(encoding="utf-8")))


@dataclass
class _Automaton:
    """States 0…n; ``moves[s]`` are (Clark name or ``"##any"``-style wildcard, element key,
    next state); ``empty[s]`` the ε-moves; one final state."""

    moves: list[list[tuple[str, str, int]]] = field(default_factory=list)
    empty: list[list[int]] = field(default_factory=list)
    final: int = 0

    def state(self) -> int:
        self.moves.append([])
        self.empty.append([])
        return len(self.moves) - 1

    def closure(self, states: set[int]) -> set[int]:
        stack, seen = list(states), set(states)
        while stack:
            for nxt in self.empty[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen


class Schema:
    """The schema data, with names resolved to lxml's Clark notation."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.namespaces: dict[str, str] = data["namespaces"]
        self.prefixes = {uri: prefix for prefix, uri in self.namespaces.items()}
        self.parts: dict[str, str] = data["parts"]
        self.enums: dict[str, list[str]] = data["enums"]
        self.elements: dict[str, dict[str, Any]] = data["elements"]
        self._automata: dict[str, _Automaton] = {}

    def clark(self, qname: str) -> str:
        prefix, _, local = qname.rpartition(":")
        return f"{{{self.namespaces[prefix]}}}{local}" if prefix else local

    def short(self, clark: str) -> str:
        """``{uri}local`` → ``prefix:local`` (as the schema data and Word's files spell it)."""
        if not clark.startswith("{"):
            return clark
        uri, local = clark[1:].split("}")
        return f"{self.prefixes.get(uri, uri)}:{local}"

    def entry(self, key: str) -> dict[str, Any]:
        return self.elements.get(key) or self.elements[key.split("/")[0]]

    def automaton(self, key: str) -> _Automaton:
        if key not in self._automata:
            machine = _Automaton()
            start = machine.state()
            assert start == 0
            machine.final = self._build(machine, self.entry(key)["content"], start)
            self._automata[key] = machine
        return self._automata[key]

    def _build(self, m: _Automaton, particle: list[Any], start: int) -> int:
        kind = particle[0]
        low, high = (particle[2], particle[3]) if kind in ("e", "any") else particle[1:3]

        def once(at: int) -> int:
            end = m.state()
            if kind == "e":
                m.moves[at].append((self.clark(particle[1].split("/")[1]), particle[1], end))
            elif kind == "any":
                m.moves[at].append((particle[1], "", end))
            elif kind == "s":
                current = at
                for item in particle[3]:
                    current = self._build(m, item, current)
                m.empty[current].append(end)
            elif kind == "c":
                for item in particle[3]:
                    m.empty[self._build(m, item, at)].append(end)
            else:
                raise ValueError("an xsd:all particle is checked without an automaton")
            return end

        current = start
        for _ in range(low):
            current = once(current)
        end = m.state()
        m.empty[current].append(end)
        if high == -1:
            m.empty[once(current)].append(current)
        else:
            for _ in range(high - low):
                current = once(current)
                m.empty[current].append(end)
        return end


def check_docx(data: bytes) -> list[Problem]:
    """Every schema problem of a .docx package: its parts, their content types, relationships
    and every element of every XML part."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    return _Package(schema(), parts).check()


class _Package:
    def __init__(self, sch: Schema, parts: dict[str, bytes]) -> None:
        self.schema = sch
        self.parts = parts
        self.problems: list[Problem] = []
        self.defaults: dict[str, str] = {}
        self.overrides: dict[str, str] = {}

    def report(self, part: str, message: str) -> None:
        self.problems.append(Problem(part, "/", "package", message))

    def check(self) -> list[Problem]:
        if CONTENT_TYPES not in self.parts:
            self.report(CONTENT_TYPES, "the package has no [Content_Types].xml")
            return self.problems
        types = self.parse(CONTENT_TYPES)
        if types is None:
            return self.problems
        _Elements(self.schema, CONTENT_TYPES, self.problems).root(types, "ct:CT_Types/ct:Types")
        for item in types:
            if item.get("Extension") is not None:
                self.defaults[item.get("Extension", "").lower()] = item.get("ContentType", "")
            elif item.get("PartName") is not None:
                self.overrides[item.get("PartName", "").lower()] = item.get("ContentType", "")
        names = {"/" + n.lower() for n in self.parts}
        for part_name in self.overrides:
            if part_name not in names:
                self.report(CONTENT_TYPES, f"Override for {part_name}, which is not in the package")
        for name in sorted(self.parts):
            if name != CONTENT_TYPES and not name.endswith("/"):
                self.check_part(name)
        return self.problems

    def content_type(self, name: str) -> str | None:
        found = self.overrides.get("/" + name.lower())
        base = posixpath.basename(name)  # "_rels/.rels" has the extension "rels"
        return found or self.defaults.get(base.rpartition(".")[2].lower() if "." in base else "")

    def parse(self, name: str) -> Any:
        try:
            return etree.fromstring(self.parts[name], etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError as err:
            self.report(name, f"not well-formed XML: {err}")
            return None

    def check_part(self, name: str) -> None:
        content_type = self.content_type(name)
        if content_type is None:
            self.report(name, "no content type in [Content_Types].xml")
            return
        key = self.schema.parts.get(content_type)
        if key is None:
            self.report(name, f"no schema for content type {content_type}: not checked")
            return
        root = self.parse(name)
        if root is None:
            return
        _Elements(self.schema, name, self.problems).root(root, key)
        if content_type == RELATIONSHIPS:
            self.check_targets(name, root)
        else:
            self.check_references(name, root)

    def check_targets(self, name: str, root: Any) -> None:
        """Internal targets of a relationships part exist in the package."""
        source_folder = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels → word
        for rel in root:
            if rel.get("TargetMode") == "External" or not isinstance(rel.tag, str):
                continue
            target = rel.get("Target", "")
            resolved = (
                target[1:]
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(source_folder, target))
            )
            if resolved not in self.parts:
                self.report(
                    name, f"relationship {rel.get('Id')} targets {target}, not in the package"
                )

    def check_references(self, name: str, root: Any) -> None:
        """Every ``r:id``-style attribute names a relationship of the part."""
        rels_name = posixpath.join(
            posixpath.dirname(name), "_rels", posixpath.basename(name) + ".rels"
        )
        ids = set()
        if rels_name in self.parts:
            ids = {r.get("Id") for r in etree.fromstring(self.parts[rels_name])}
        for element in root.iter():
            for attr, value in element.attrib.items():
                if attr.startswith(f"{{{_R}}}") and value not in ids:
                    self.report(
                        name,
                        f"{self.schema.short(element.tag)} names relationship {value}, which {rels_name} lacks",
                    )


class _Elements:
    """Checks one part's elements against their content models, recursively."""

    def __init__(self, sch: Schema, part: str, problems: list[Problem]) -> None:
        self.schema = sch
        self.part = part
        self.problems = problems

    def report(self, path: str, kind: str, message: str) -> None:
        self.problems.append(Problem(self.part, path, kind, message))

    def root(self, element: Any, key: str) -> None:
        expected = self.schema.clark(key.split("/")[1])
        path = "/" + self.schema.short(element.tag)
        if element.tag != expected:
            self.report(path, "unknown-element", f"the root must be {self.schema.short(expected)}")
            return
        self.element(element, key, path)

    def element(self, element: Any, key: str, path: str) -> None:
        entry = self.schema.entry(key)
        if entry.get("opaque"):
            return
        self.attributes(element, entry["attrs"], path)
        children = [c for c in element if isinstance(c.tag, str)]
        content = entry["content"]
        if content in ("empty", "text"):
            if children:
                self.report(
                    path,
                    "unknown-element",
                    f"{self.schema.short(children[0].tag)}: this element has no child elements",
                )
            if content == "empty" and (element.text or "").strip():
                self.report(path, "text", "text is not allowed here")
            return
        if (element.text or "").strip() or any((c.tail or "").strip() for c in element):
            self.report(path, "text", "text is not allowed between the child elements")
        keys = self.content(children, content, key, path)
        counts: dict[str, int] = {}
        for child, child_key in zip(children, keys, strict=True):
            name = self.schema.short(child.tag)
            counts[name] = counts.get(name, 0) + 1
            if child_key:
                self.element(child, child_key, f"{path}/{name}[{counts[name]}]")

    def attributes(self, element: Any, declared: dict[str, list[Any]], path: str) -> None:
        seen = set()
        for clark, value in element.attrib.items():
            name = self.schema.short(clark) if clark.startswith("{") else f":{clark}"
            seen.add(name)
            if name not in declared:
                if not clark.startswith(f"{{{_XML}}}"):  # xml:space and xml:lang are always allowed
                    self.report(
                        path,
                        "unknown-attribute",
                        f"attribute {name.lstrip(':')} is not declared for {self.schema.short(element.tag)}",
                    )
                continue
            if not self.value_ok(declared[name][1], value):
                self.report(path, "value", f"{name.lstrip(':')}={value!r} is not a valid value")
        for name, (required, _rule) in declared.items():
            if required and name not in seen:
                self.report(
                    path, "missing-attribute", f"required attribute {name.lstrip(':')} is missing"
                )

    def value_ok(self, rule: list[Any], value: str) -> bool:
        return _value_ok(rule, value, self.schema.enums)

    def content(self, children: list[Any], particle: list[Any], key: str, path: str) -> list[str]:
        """Each child's element key ('' when it is not checked further), reporting the first
        child out of place and a content model left incomplete."""
        if particle[0] == "a":
            return self.all_content(children, particle, path)
        machine = self.schema.automaton(key)
        known = {
            name: child_key for moves in machine.moves for name, child_key, _ in moves if child_key
        }
        states = machine.closure({0})
        keys = []
        failed = False
        for index, child in enumerate(children):
            if not failed:
                nxt = {
                    t
                    for s in states
                    for label, _, t in machine.moves[s]
                    if _matches(label, child.tag)
                }
                if not nxt:
                    failed = True
                    self.out_of_place(path, children, index, known, machine, states)
                states = machine.closure(nxt)
            keys.append(known.get(child.tag, ""))  # '': matched a wildcard, or unknown
        if not failed and machine.final not in states:
            expected = _expected(self.schema, machine, states)
            self.report(path, "incomplete", f"content ends too early; expected {expected}")
        return keys

    def out_of_place(
        self,
        path: str,
        children: list[Any],
        index: int,
        known: dict[str, str],
        machine: _Automaton,
        states: set[int],
    ) -> None:
        child = children[index]
        name = self.schema.short(child.tag)
        where = f"{path}/{name}"
        expected = _expected(self.schema, machine, states)
        if child.tag in known:
            after = f"after {self.schema.short(children[index - 1].tag)}" if index else "first"
            self.report(where, "order", f"{name} is out of order ({after}); expected {expected}")
        else:
            self.report(
                where,
                "unknown-element",
                f"{name} is not allowed in {path.rsplit('/', 1)[-1]}; expected {expected}",
            )

    def all_content(self, children: list[Any], particle: list[Any], path: str) -> list[str]:
        """xsd:all: the listed elements in any order, each within its bounds."""
        items = {self.schema.clark(i[1].split("/")[1]): i for i in particle[3]}
        counts: dict[str, int] = {}
        keys = []
        for child in children:
            item = items.get(child.tag)
            name = self.schema.short(child.tag)
            if item is None:
                self.report(f"{path}/{name}", "unknown-element", f"{name} is not allowed here")
                keys.append("")
                continue
            counts[child.tag] = counts.get(child.tag, 0) + 1
            if item[3] != -1 and counts[child.tag] > item[3]:
                self.report(f"{path}/{name}", "order", f"{name} occurs more than {item[3]} time(s)")
            keys.append(item[1])
        for tag, item in items.items():
            if counts.get(tag, 0) < item[2]:
                self.report(path, "incomplete", f"required {self.schema.short(tag)} is missing")
        return keys


def _matches(label: str, tag: str) -> bool:
    if not label.startswith("##"):
        return label == tag
    return label == "##any" or (
        label == "##other"
        and not tag.startswith("{http://schemas.openxmlformats.org/wordprocessingml/")
    )


def _expected(sch: Schema, machine: _Automaton, states: set[int]) -> str:
    names = sorted({sch.short(label) for s in states for label, _, _ in machine.moves[s]})
    if machine.final in states:
        names.append("(end)")
    shown = ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
    return shown or "nothing"


_INT = re.compile(r"[+-]?\d+")
_HEX = re.compile(r"(?:[0-9A-Fa-f]{2})*")
_DATETIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def _value_ok(rule: list[Any], value: str, enums: dict[str, list[str]]) -> bool:
    kind = rule[0]
    if kind == "any":
        return True
    if kind == "onoff":
        return value in ("true", "false", "on", "off", "0", "1")
    if kind == "bool":
        return value in ("true", "false", "0", "1")
    if kind == "int":
        if not _INT.fullmatch(value.strip()):
            return False
        number = int(value)
        return (rule[1] is None or number >= rule[1]) and (rule[2] is None or number <= rule[2])
    if kind == "number":
        try:
            float(value)
        except ValueError:
            return False
        return True
    if kind == "hex":
        return bool(_HEX.fullmatch(value)) and (rule[1] is None or len(value) == 2 * rule[1])
    if kind == "datetime":
        return bool(_DATETIME.fullmatch(value))
    if kind == "str":
        pattern, low, high = rule[1:]
        return (
            (pattern is None or re.fullmatch(pattern, value) is not None)
            and (low is None or len(value) >= low)
            and (high is None or len(value) <= high)
        )
    if kind == "enum":
        return value in enums[rule[1]]
    if kind == "union":
        return any(_value_ok(member, value, enums) for member in rule[1])
    if kind == "all":
        return all(_value_ok(member, value, enums) for member in rule[1])
    raise ValueError(f"unknown value rule {rule}")
