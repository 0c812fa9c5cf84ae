"""Checks a JSON Schema cannot express: real dates in order, references, 发文字号, characters.

Each function takes a loaded file and returns diagnostics; none of them raises for bad data, and
each is careful about values of the wrong type (the schema reports those).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from plangen.core.diagnostics import Diagnostic, FileName
from plangen.core.messages import Message
from plangen.core.vocab import parse_date
from plangen.plan import model, schemas
from plangen.plan.loader import LoadedFile, PathKey
from plangen.plan.structure_checks import check_structure
from plangen.plan.time_checks import check_times

# XML 1.0 cannot hold these even when YAML escapes ("\x01", "\uFFFE") produced them.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

_DATE_FIELDS: tuple[PathKey, ...] = (
    ("document", "date"),
    ("document", "print_date"),
    ("campaign", "start"),
    ("campaign", "end"),
)


def _get(data: Any, path: PathKey) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
        elif not isinstance(data, dict):
            return None
        data = data[part] if isinstance(part, int) else data.get(part)
    return data


def _list(data: Any, path: PathKey) -> list[Any]:
    value = _get(data, path)
    return value if isinstance(value, list) else []


def check_plan(
    loaded: LoadedFile, types: dict[str, Any] | None, catalog: str | None
) -> list[Diagnostic]:
    """All semantic checks on one plan. ``types`` is ``None`` when no usable catalogue exists;
    ``catalog`` names the catalogue file, or is ``None`` when there is none at all."""
    out: list[Diagnostic] = []
    out.extend(check_times(loaded))
    out.extend(check_structure(loaded))
    out.extend(check_document_number(loaded))
    out.extend(check_plain_format(loaded))
    out.extend(check_letter_format(loaded))
    out.extend(check_joint_issuers(loaded))
    out.extend(_check_references(loaded, types, catalog))
    out.extend(_check_ids(loaded))
    out.extend(check_characters(loaded))
    return out


_DOCNO = re.compile(
    r"(?P<code>[^〔〕\[\]【】()（）]+?)(?P<open>[〔\[【(（［])(?P<year>\d{4})(?P<close>[〕\]】)）］])"
    r"(?P<di>第?)(?P<seq>\d+)号"
)


def check_document_number(loaded: LoadedFile) -> Iterator[Diagnostic]:
    """发文字号: 〔〕 around the full year, no 第, no leading zeros, the document's year."""
    path: PathKey = ("document", "number")
    value = _get(loaded.data, path)
    if not isinstance(value, str):
        return
    match = _DOCNO.fullmatch(value.strip())
    if match is None:
        yield loaded.diag(path, "docno.shape", "docno.shape", value=value)
        return
    code, year, seq = match["code"], match["year"], match["seq"]
    suggestion = f"{code}〔{year}〕{int(seq)}号"
    if match["open"] != "〔" or match["close"] != "〕":
        yield loaded.diag(
            path,
            "docno.brackets",
            "docno.brackets",
            found=match["open"] + match["close"],
            suggestion=suggestion,
        )
    if match["di"]:
        yield loaded.diag(path, "docno.di", "docno.di", suggestion=suggestion)
    if seq.startswith("0"):
        yield loaded.diag(path, "docno.leading-zero", "docno.leading-zero", suggestion=suggestion)
    doc_date = parse_date(_get(loaded.data, ("document", "date")))
    if doc_date and int(year) != doc_date.year:
        yield loaded.diag(path, "docno.year", "docno.year", year=year, date_year=doc_date.year)


#: fields of the 版头 and 版记, which a plain internal plan does not have
_HEAD_AND_COLOPHON = (
    "issuer_mark",
    "number",
    "copy_number",
    "classification",
    "urgency",
    "cc",
    "printer",
    "print_date",
    "signers",
)


def check_plain_format(loaded: LoadedFile) -> Iterator[Diagnostic]:
    """A plain internal plan (``format: plain``) has no 版头 or 版记: their fields would be lost."""
    if _get(loaded.data, ("document", "format")) != "plain":
        return
    document = _get(loaded.data, ("document",))
    for name in _HEAD_AND_COLOPHON:
        if name in document:
            yield loaded.diag(
                ("document", name), "format.unused", "format.plain-unused", on_key=True, field=name
            )


#: fields of the 版记 that a letter's has not (§10.1: 抄送 only)
_LETTER_UNUSED = ("printer", "print_date")


def check_letter_format(loaded: LoadedFile) -> Iterator[Diagnostic]:
    """A letter (``format: letter``, GB/T 9704 §10.1): its mark has no “文件”, and its 版记 no
    印发机关 or 印发日期."""
    if _get(loaded.data, ("document", "format")) != "letter":
        return
    document = _get(loaded.data, ("document",))
    mark = document.get("issuer_mark")
    if isinstance(mark, str) and mark.endswith("文件"):
        yield loaded.diag(("document", "issuer_mark"), "format.letter-mark", "format.letter-mark")
    for name in _LETTER_UNUSED:
        if name in document:
            yield loaded.diag(
                ("document", name), "format.unused", "format.letter-unused", on_key=True, field=name
            )
    if "signers" in document:  # 签发人 stand in the 版头 of the file format only (§7.2.6)
        yield loaded.diag(
            ("document", "signers"), "format.unused", "format.letter-signers", on_key=True
        )


def check_joint_issuers(loaded: LoadedFile) -> Iterator[Diagnostic]:
    """联合行文: the host is ``issuer``; listed again among the joint issuers it would stand
    twice in the mark and sign twice."""
    document = _get(loaded.data, ("document",))
    joint = document.get("joint_issuers") if isinstance(document, dict) else None
    if not isinstance(joint, list):
        return
    for i, name in enumerate(joint):
        if name == document.get("issuer"):
            yield loaded.diag(
                ("document", "joint_issuers", i), "document.joint", "document.joint-host", name=name
            )


def _check_references(
    loaded: LoadedFile, types: dict[str, Any] | None, catalog: str | None
) -> Iterator[Diagnostic]:
    """Every enterprise type the plan names is in its catalogue; each type has one 分类指导."""
    seen: dict[str, int] = {}
    for path, item in model.requirements(loaded.data):
        ref, where = item.get("type"), (*path, "type")
        if not isinstance(ref, str):
            continue
        if ref in seen:
            args: dict[str, Any] = {"ref": ref, "first_line": seen[ref]}
            yield loaded.diag(where, "ref.duplicate", "ref.duplicate-type", **args)
        else:
            seen[ref] = loaded.locate(where)[0]
    refs = list(model.type_references(loaded.data))
    if not refs:
        return
    if types is None:
        if catalog is None:
            yield loaded.diag(refs[0][0], "ref.no-catalog", "ref.no-catalog")
        return
    for path, ref in refs:
        if isinstance(ref, str) and ref not in types:
            close = difflib.get_close_matches(ref, list(types), n=1, cutoff=0.5)
            hint = (
                Message(
                    "schema.did-you-mean",
                    {"suggestion": close[0], "title": f"（{types[close[0]]['name']}）"},
                )
                if close
                else Message(
                    "ref.known-types", {"catalog": FileName(catalog), "ids": "、".join(types)}
                )
            )
            yield loaded.diag(path, "ref.unknown-type", "ref.unknown-type", ref=ref, hint=hint)


def _check_ids(loaded: LoadedFile) -> Iterator[Diagnostic]:
    """``id``s identify items across versions; within one list they must differ."""

    def lists(node: Any, path: PathKey) -> Iterator[tuple[PathKey, list[Any]]]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield from lists(value, (*path, key))
        elif isinstance(node, list):
            yield path, node
            for index, value in enumerate(node):
                yield from lists(value, (*path, index))

    for path, items in lists(loaded.data, ()):
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            ident = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ident, str):
                continue
            where = (*path, index, "id")
            if ident in seen:
                yield loaded.diag(
                    where, "ref.duplicate-id", "ref.duplicate-id", ref=ident, first_line=seen[ident]
                )
            else:
                seen[ident] = loaded.locate(where)[0]


def check_characters(loaded: LoadedFile, schema: str = schemas.PLAN) -> Iterator[Diagnostic]:
    """Characters Word cannot hold that escapes in quoted strings (``"\\x01"``) let through."""

    def strings(node: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
        if isinstance(node, str):
            yield path, node
        elif isinstance(node, dict):
            for key, value in node.items():
                yield from strings(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from strings(value, (*path, index))

    if loaded.text and "\\" not in loaded.text:
        # none without an escape (``\x01``): the loader refused every such character typed
        # into the file, and a file without a backslash has no escapes (most files: walking
        # every string of one for nothing took 0.23 ms for the shipped plan)
        return
    root = schemas.load_schema(schema)
    for path, text in strings(loaded.data, ()):
        for match in _XML_BAD.finditer(text):
            code = f"U+{ord(match.group()):04X}"
            yield loaded.diag(
                path,
                "text.bad-char",
                "text.bad-char",
                where=schemas.describe(root, path, loaded.data),
                codepoint=code,
                index=match.start() + 1,
            )


def check_catalog(loaded: LoadedFile) -> list[Diagnostic]:
    """Enterprise type ids are unique; strings hold only characters Word can take."""
    out = list(_check_ids(loaded))
    out.extend(check_characters(loaded, schemas.CATALOG))
    return out
