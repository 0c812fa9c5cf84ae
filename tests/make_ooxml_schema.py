"""Regenerate ``tests/data/ooxml-schema.json`` from the Open XML SDK's schema data.

    python -m tests.make_ooxml_schema /path/to/Open-XML-SDK [COMMIT]   # a checkout of the SDK

Why the SDK and not the ISO XSDs: the SDK's ``data/schemas/*.json`` describe every element's
content model as Office reads it (the order of ``w:settings``' children, say), which the ISO
transitional XSDs relaxed. This script keeps only what ``tests/ooxmlschema.py`` needs for the parts
a plangen document has — WordprocessingML document, styles, settings, headers, footers, numbering,
font table; custom and extended properties — as of :data:`TARGET` (the oldest Word offices still
run), and adds the package's own parts (content types, relationships, core properties) from
ECMA-376 Part 2, which the SDK handles in code rather than data. Elements of other vocabularies
(DrawingML, VML, math, Office 2010+ extensions) are kept as *opaque*: allowed where the schema
allows them, their insides not checked — plangen writes none.

The output is compact JSON (see the checker for its format) and carries the SDK's MIT licence
notice. Nothing of the SDK's code is used, only its data files.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "data" / "ooxml-schema.json"
VERSIONS = (
    "Office2007", "Office2010", "Office2013", "Office2016", "Office2019", "Office2021",
    "Microsoft365",
)  # fmt: skip
TARGET = "Office2010"
#: vocabularies whose elements are checked in depth; others are opaque
CHECKED = {"w", "op", "ap", "vt"}
PARTS = (
    "MainDocumentPart", "StyleDefinitionsPart", "DocumentSettingsPart", "FooterPart",
    "HeaderPart", "NumberingDefinitionsPart", "FontTablePart", "CustomFilePropertiesPart",
    "ExtendedFilePropertiesPart",
)  # fmt: skip
MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)
INTS = {
    "SByteValue": (-128, 127), "ByteValue": (0, 255), "Int16Value": (-32768, 32767),
    "UInt16Value": (0, 65535), "Int32Value": (-(2**31), 2**31 - 1), "UInt32Value": (0, 2**32 - 1),
    "Int64Value": (-(2**63), 2**63 - 1), "UInt64Value": (0, 2**64 - 1),
    "IntegerValue": (None, None),
}  # fmt: skip
SIMPLE = {
    "OnOffValue": ["onoff"], "TrueFalseValue": ["onoff"], "BooleanValue": ["bool"],
    "HexBinaryValue": ["hex", None], "DateTimeValue": ["datetime"], "Base64BinaryValue": ["any"],
    "StringValue": ["any"], "DecimalValue": ["number"], "DoubleValue": ["number"],
    "SingleValue": ["number"],
}  # fmt: skip


def applies(version: str | None) -> bool:
    return version is None or VERSIONS.index(version) <= VERSIONS.index(TARGET)


class Sdk:
    """The SDK's data folder, read once."""

    def __init__(self, data: Path) -> None:
        self.types: dict[str, dict[str, Any]] = {}
        self.enums: dict[str, dict[str, Any]] = {}  # "w:ST_Jc" → enum
        self.by_class: dict[tuple[str, str], dict[str, Any]] = {}  # (prefix, ClassName) → type
        for path in sorted((data / "schemas").glob("*.json")):
            schema = json.loads(path.read_text(encoding="utf-8-sig"))
            for t in schema.get("Types", []):
                self.types[t["Name"]] = t
                if t.get("IsAbstract"):
                    self.by_class[(t["Name"].split(":")[0], t["ClassName"])] = t
            for e in schema.get("Enums", []):
                self.enums[e["Type"]] = e
        namespaces = json.loads((data / "namespaces.json").read_text(encoding="utf-8-sig"))
        self.uris = {n["Prefix"]: n["Uri"] for n in namespaces if n["Prefix"]}
        typed = json.loads((data / "typed" / "namespaces.json").read_text(encoding="utf-8-sig"))
        self.dotnet = {n["Namespace"]: n["Prefix"] for n in typed}
        self.parts = {
            p: json.loads((data / "parts" / f"{p}.json").read_text(encoding="utf-8-sig"))
            for p in PARTS
        }

    def base(self, t: dict[str, Any]) -> dict[str, Any] | None:
        return self.by_class.get((t["Name"].split(":")[0], t.get("BaseClass", "")))

    def lineage(self, t: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """The type, then its abstract bases."""
        current: dict[str, Any] | None = t
        while current is not None:
            yield current
            current = self.base(current) if current.get("IsDerived") else None

    def enum_values(self, key: str) -> list[str]:
        return [f["Value"] for f in self.enums[key]["Facets"] if applies(f.get("Version"))]

    def enum_key(self, dotnet_type: str) -> str:
        """``EnumValue<DocumentFormat.OpenXml.Wordprocessing.JustificationValues>`` → ``w:ST_Jc``."""
        full = dotnet_type[len("EnumValue<") : -1]
        namespace, _, name = full.rpartition(".")
        prefix = self.dotnet[namespace]
        [key] = [
            k for k, e in self.enums.items() if k.startswith(prefix + ":") and e["Name"] == name
        ]
        return key


def element_of(key: str) -> str:
    return key.split("/", 1)[1]


def checked(key: str) -> bool:
    return element_of(key).split(":")[0] in CHECKED


def occurs(particle: dict[str, Any]) -> tuple[int, int] | None:
    """(min, max) of a particle as of :data:`TARGET`; max −1 is unbounded; None: not yet there."""
    if not applies(particle.get("InitialVersion")):
        return None
    entries = particle.get("Occurs") or [{"Min": 1, "Max": 1}]
    usable = [o for o in entries if applies(o.get("Version"))]
    if not usable:
        return None
    chosen = usable[-1]
    return chosen.get("Min", 0), chosen.get("Max", 0) or -1


def compact(sdk: Sdk, particle: dict[str, Any], found: set[str]) -> list[Any] | None:
    """A particle as nested lists: ``["e", key, min, max]``, ``["any", namespace, min, max]`` or
    ``["s"|"c"|"a", min, max, [items]]`` (sequence, choice, all)."""
    bounds = occurs(particle)
    if bounds is None:
        return None
    kind = particle.get("Kind", "Element")
    if kind == "Element":
        key = particle["Name"]
        if not applies(sdk.types[key].get("Version")):
            return None
        found.add(key)
        return ["e", key, *bounds]
    if kind == "Any":
        return ["any", particle.get("Namespace", "##any"), *bounds]
    items = [c for c in (compact(sdk, i, found) for i in particle["Items"]) if c is not None]
    if kind == "Group":
        [inner] = items
        if tuple(inner[-2:] if inner[0] in ("e", "any") else inner[1:3]) == (1, 1):
            return _with_bounds(inner, bounds)
        if bounds == (1, 1):
            return inner
        return ["s", *bounds, [inner]]
    return [{"Sequence": "s", "Choice": "c", "All": "a"}[kind], *bounds, items]


def _with_bounds(particle: list[Any], bounds: tuple[int, int]) -> list[Any]:
    if particle[0] in ("e", "any"):
        return [*particle[:2], *bounds]
    return [particle[0], *bounds, particle[3]]


def attribute_rule(sdk: Sdk, attribute: dict[str, Any]) -> list[Any]:
    """[required, value rule] of one attribute (rules: see ``tests/ooxmlschema.py``)."""
    validators = [v for v in attribute.get("Validators", []) if _validator_applies(v)]
    required = any(v["Name"] == "RequiredValidator" for v in validators)
    kind = attribute["Type"]
    if kind.startswith("EnumValue<"):
        return [required, ["enum", sdk.enum_key(kind)]]
    plain = [v for v in validators if "UnionId" not in v and v["Name"] != "RequiredValidator"]
    unions: dict[int, list[list[Any]]] = {}
    for v in validators:
        if "UnionId" in v:
            unions.setdefault(v["UnionId"], []).append(_member(sdk, v))
    rules = [_base_rule(kind, plain)] + [_member(sdk, v) for v in plain if "Type" in v]
    rules += [["union", members] for members in unions.values()]
    rules = [r for r in rules if r != ["any"]]
    return [required, rules[0] if len(rules) == 1 else ["all", rules] if rules else ["any"]]


def _validator_applies(v: dict[str, Any]) -> bool:
    if v["Name"] == "OfficeVersionValidator":
        return False  # the attribute's own version decides whether it is declared at all
    version = v.get("Version")
    if version is None:
        return True
    if v.get("IsInitialVersion"):
        return applies(version)
    return version == TARGET


def _arguments(v: dict[str, Any]) -> dict[str, Any]:
    return {a["Name"]: a["Value"] for a in v.get("Arguments", []) if a.get("Name")}


def _base_rule(kind: str, plain: list[dict[str, Any]]) -> list[Any]:
    """The attribute's own type, narrowed by validators that name no simple type of their own."""
    args: dict[str, Any] = {}
    for v in plain:
        if "Type" not in v:
            args.update(_arguments(v))
    if kind in INTS:
        low, high = INTS[kind]
        low = (
            int(args.get("MinInclusive", low))
            if args.get("MinInclusive", low) is not None
            else None
        )
        high = (
            int(args.get("MaxInclusive", high))
            if args.get("MaxInclusive", high) is not None
            else None
        )
        return ["int", low, high]
    if kind == "HexBinaryValue":
        return ["hex", int(args["Length"]) if "Length" in args else None]
    if kind == "StringValue" and args:
        return _string(args)
    if kind not in SIMPLE:
        raise SystemExit(f"unknown attribute type {kind}: teach make_ooxml_schema.py about it")
    return SIMPLE[kind]


def _string(args: dict[str, Any]) -> list[Any]:
    length = int(args["Length"]) if "Length" in args else None
    low = int(args["MinLength"]) if "MinLength" in args else length
    high = int(args["MaxLength"]) if "MaxLength" in args else length
    return ["str", args.get("Pattern"), low, high]


def _member(sdk: Sdk, v: dict[str, Any]) -> list[Any]:
    """One validator that names its own simple type (a union member, or a restriction)."""
    args = _arguments(v)
    simple = v.get("Type", "")
    if v["Name"] == "EnumValidator":
        return ["enum", simple]
    if v["Name"] == "NumberValidator":
        low = args.get("MinInclusive")
        unsigned = any(w in simple for w in ("Unsigned", "NonNegative", "TwipsMeasure_O12"))
        unsigned = unsigned and "Signed" not in simple.replace("Unsigned", "")
        low = int(low) if low is not None else (0 if unsigned else None)
        high = int(args["MaxInclusive"]) if "MaxInclusive" in args else None
        return ["int", low, high]
    if simple.endswith("HexColorRGB"):
        return ["hex", int(args["Length"])]
    return _string(args)


def element_entry(sdk: Sdk, key: str, found: set[str]) -> dict[str, Any]:
    """What the checker knows of one element: its attributes and content."""
    if not checked(key):
        return {"opaque": 1}
    attrs: dict[str, list[Any]] = {}
    particle = None
    leaf = text = False
    for t in sdk.lineage(sdk.types[key]):
        for a in t.get("Attributes", []):
            if applies(a.get("Version")) and a["QName"] not in attrs:
                attrs[a["QName"]] = attribute_rule(sdk, a)
        particle = particle or t.get("Particle")
        leaf = leaf or bool(t.get("IsLeafElement"))
        text = text or bool(t.get("IsLeafText"))
    entry: dict[str, Any] = {"attrs": attrs}
    if text:
        entry["content"] = "text"
    elif leaf or particle is None:
        entry["content"] = "empty"
    else:
        entry["content"] = compact(sdk, particle, found)
    return entry


def roots(sdk: Sdk) -> dict[str, str]:
    """Content type → root element key of every part kind a plangen document has."""
    out = {}
    for name, part in sdk.parts.items():
        keys = [k for k, t in sdk.types.items() if t.get("Part") == name]
        # the styles part names no root type of its own (it inherits one in the SDK's code)
        [key] = keys or [k for k in sdk.types if k.endswith(f"/w:{part['RootElement']}")]
        for content_type in [part["ContentType"]] if part.get("ContentType") else MAIN_TYPES:
            out[content_type] = key
    return out


# --- the package's own parts (ECMA-376 Part 2, Annex E: opc-*.xsd) -----------------------------

_ANY_URI = ["any"]
PACKAGE_NAMESPACES = {
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
_CORE = (
    "cp:category", "cp:contentStatus", "dcterms:created", "dc:creator", "dc:description",
    "dc:identifier", "cp:keywords", "dc:language", "cp:lastModifiedBy", "cp:lastPrinted",
    "dcterms:modified", "cp:revision", "dc:subject", "dc:title", "cp:version",
)  # fmt: skip
_DATED = ("dcterms:created", "dcterms:modified", "cp:lastPrinted")


def package_parts() -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """Content types, relationships and core properties, written from the standard's XSDs."""
    content_type = ["str", r"[^\s/]+/[^\s/]+", 1, None]
    elements: dict[str, dict[str, Any]] = {
        "ct:CT_Types/ct:Types": {
            "attrs": {},
            "content": [
                "c",
                0,
                -1,
                [
                    ["e", "ct:CT_Default/ct:Default", 1, 1],
                    ["e", "ct:CT_Override/ct:Override", 1, 1],
                ],
            ],
        },
        "ct:CT_Default/ct:Default": {
            "attrs": {
                ":Extension": [True, ["str", r"[^/\\#?%]+", 1, None]],
                ":ContentType": [True, content_type],
            },
            "content": "empty",
        },
        "ct:CT_Override/ct:Override": {
            "attrs": {
                ":ContentType": [True, content_type],
                ":PartName": [True, ["str", "/.+", 2, None]],
            },
            "content": "empty",
        },
        "pr:CT_Relationships/pr:Relationships": {
            "attrs": {},
            "content": ["s", 1, 1, [["e", "pr:CT_Relationship/pr:Relationship", 0, -1]]],
        },
        "pr:CT_Relationship/pr:Relationship": {
            "attrs": {
                ":TargetMode": [False, ["enum", "pr:ST_TargetMode"]],
                ":Target": [True, _ANY_URI],
                ":Type": [True, _ANY_URI],
                ":Id": [True, ["str", r"[A-Za-z_][\w.\-]*", 1, None]],
            },
            "content": "empty",
        },
        "cp:CT_CoreProperties/cp:coreProperties": {
            "attrs": {},
            "content": ["a", 1, 1, [["e", f"cp:CT_Literal/{n}", 0, 1] for n in _CORE]],
        },
    }
    for name in _CORE:
        attrs = {"xml:lang": [False, ["any"]]}
        if name in _DATED:
            attrs = {"xsi:type": [name != "cp:lastPrinted", ["enum", "dcterms:ST_W3CDTF"]]}
        elements[f"cp:CT_Literal/{name}"] = {"attrs": attrs, "content": "text"}
    content_types = {
        "application/vnd.openxmlformats-package.relationships+xml": "pr:CT_Relationships/pr:Relationships",
        "application/vnd.openxmlformats-package.core-properties+xml": "cp:CT_CoreProperties/cp:coreProperties",
    }
    return content_types, elements


PACKAGE_ENUMS = {
    "pr:ST_TargetMode": ["External", "Internal"],
    "dcterms:ST_W3CDTF": ["dcterms:W3CDTF"],
}


def generate(sdk: Sdk, commit: str, licence: str) -> dict[str, Any]:
    parts = roots(sdk)
    pending = sorted(set(parts.values()))
    elements: dict[str, dict[str, Any]] = {}
    while pending:
        key = pending.pop()
        if key in elements:
            continue
        found: set[str] = set()
        elements[key] = element_entry(sdk, key, found)
        pending += sorted(found - elements.keys())
    package_types, package_elements = package_parts()
    elements.update(package_elements)
    used_enums = sorted(
        {rule[1] for rule in _rules(elements) if rule[0] == "enum" and rule[1] not in PACKAGE_ENUMS}
    )
    prefixes = {k.split("/", 1)[1].split(":")[0] for k in elements}
    prefixes |= {q.split(":")[0] for e in elements.values() for q in e.get("attrs", {})} - {""}
    return {
        "about": "Generated by tests/make_ooxml_schema.py from the Open XML SDK's data/ folder; "
        "do not edit. Format: see tests/ooxmlschema.py.",
        "source": f"https://github.com/dotnet/Open-XML-SDK data/ at {commit}",
        "licence": licence.splitlines(),
        "version": TARGET,
        "namespaces": {
            **{p: sdk.uris[p] for p in sorted(prefixes) if p in sdk.uris},
            **PACKAGE_NAMESPACES,
        },
        "parts": {**parts, **package_types},
        "enums": {**{k: sdk.enum_values(k) for k in used_enums}, **PACKAGE_ENUMS},
        "elements": shared_by_type(elements),
    }


def shared_by_type(elements: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Elements of one complex type with the same entry are stored once, under the type's name
    (``w:CT_OnOff``); the others under their own key (``w:CT_OnOff/w:keepNext``)."""
    by_type: dict[str, list[str]] = {}
    for key in elements:
        by_type.setdefault(key.split("/")[0], []).append(key)
    out: dict[str, dict[str, Any]] = {}
    for type_name, keys in by_type.items():
        entries = {json.dumps(elements[k], sort_keys=True) for k in keys}
        if len(entries) == 1:
            out[type_name] = elements[keys[0]]
        else:
            out.update((k, elements[k]) for k in keys)
    return dict(sorted(out.items()))


def _rules(elements: dict[str, dict[str, Any]]) -> Iterator[list[Any]]:
    def walk(rule: list[Any]) -> Iterator[list[Any]]:
        yield rule
        if rule[0] in ("union", "all"):
            for member in rule[1]:
                yield from walk(member)

    for entry in elements.values():
        for _required, rule in entry.get("attrs", {}).values():
            yield from walk(rule)


def dump(data: dict[str, Any]) -> str:
    """One line per element, enum and part, so that a regeneration reads well in a diff."""

    def line(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    blocks = []
    for name, value in data.items():
        if isinstance(value, dict) and name != "namespaces":
            rows = ",\n".join(f"  {line(k)}: {line(v)}" for k, v in value.items())
            blocks.append(f"{line(name)}: {{\n{rows}\n}}")
        else:
            blocks.append(f"{line(name)}: {line(value)}")
    return "{\n" + ",\n".join(blocks) + "\n}\n"


def _head(checkout: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True
    )
    return done.stdout.strip() or "an unknown commit"


def main(argv: list[str]) -> None:
    if len(argv) not in (1, 2):
        raise SystemExit(__doc__)
    checkout = Path(argv[0])
    commit = argv[1] if len(argv) == 2 else _head(checkout)
    licence = (checkout / "LICENSE").read_text(encoding="utf-8-sig")
    data = generate(Sdk(checkout / "data"), commit, licence)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(dump(data), encoding="utf-8")
    print(f"{OUT}: {len(data['elements'])} elements, {OUT.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(sys.argv[1:])
