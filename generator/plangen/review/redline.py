"""Redlines: the NEW document with real Word tracked changes (``w:ins``/``w:del``) against OLD.

Pure: two .docx files of the same edition in, one .docx out. Paragraphs are aligned by their text
(difflib); a paragraph that changed is rebuilt run by run from a character-level diff
(``textdiff``), the inserted and deleted characters wrapped in ``w:ins``/``w:del`` and carrying
the NEW document's run properties at that place; paragraphs only in NEW are marked inserted,
paragraphs only in OLD are copied in, marked deleted. Everything else — styles, sections, the
版头 and 版记 — is the NEW document's, so accepting every change gives NEW exactly, and rejecting
every change gives OLD's text.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from lxml import etree

from plangen.document.ooxml import package
from plangen.document.ooxml.ns import W
from plangen.document.ooxml.text import DOCUMENT, body_paragraphs, paragraph_text, parse, w
from plangen.review import textdiff

#: below this similarity two paragraphs are one deleted and one inserted, not one modified
SIMILAR = 0.5

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NS = {"w": W}
_ZIP_FLOOR = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest time a zip can store
_PARAGRAPH_PARTS = {w("pPr"), w("r"), w("bookmarkStart"), w("bookmarkEnd"), w("proofErr")}
_RUN_PARTS = {w("rPr"), w("t"), w("tab"), w("br")}


@dataclass(frozen=True)
class Atom:
    """One character of a paragraph with the run properties it is shown in; tabs and breaks
    keep their element (``node``)."""

    char: str
    rpr: Any
    node: Any = None


class _Revisions:
    """Makes ``w:ins``/``w:del`` elements with unique ids, one author and one date."""

    def __init__(self, author: str, when: dt.datetime, first_id: int) -> None:
        self.author = author
        self.date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = first_id

    def element(self, kind: str) -> Any:
        mark = etree.Element(w(kind))
        mark.set(w("id"), str(self.next_id))
        mark.set(w("author"), self.author)
        mark.set(w("date"), self.date)
        self.next_id += 1
        return mark

    def wrap(self, kind: str, runs: list[Any]) -> Any:
        mark = self.element(kind)
        mark.extend(runs)
        return mark


def redline(old: bytes, new: bytes, author: str, when: dt.datetime) -> bytes:
    """NEW (.docx bytes) with its differences from OLD as tracked changes by ``author`` at
    ``when`` (a time without a zone is taken as UTC)."""
    when = when.astimezone(dt.UTC) if when.tzinfo else when.replace(tzinfo=dt.UTC)
    old_root = parse(package.read_parts(old)[DOCUMENT])
    parts = package.read_parts(new)
    new_root = parse(parts[DOCUMENT])
    used = [int(v) for v in new_root.xpath("//@w:id", namespaces=_NS) if v.isdigit()]
    revisions = _Revisions(author, when, max(used, default=0) + 1)
    _mark_changes(body_paragraphs(old_root), body_paragraphs(new_root), new_root, revisions)
    parts[DOCUMENT] = etree.tostring(
        new_root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    return package.repack(parts, max(when, _ZIP_FLOOR))


def _mark_changes(old: list[Any], new: list[Any], root: Any, revisions: _Revisions) -> None:
    matcher = SequenceMatcher(
        None, [paragraph_text(p) for p in old], [paragraph_text(p) for p in new], autojunk=False
    )
    anchor = None  # the last paragraph placed, in NEW's order: deleted ones go after it
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for kind, i, j in _events(tag, old[i1:i2], new[j1:j2], i1, j1):
            if kind == "deleted":
                anchor = _place(_deleted_copy(old[i], revisions), anchor, new, root, old[i])
                continue
            anchor = new[j]
            if kind == "inserted":
                _mark_inserted(new[j], revisions)
            elif kind == "modified":
                _mark_modified(old[i], new[j], revisions)


def _events(
    tag: str, old: list[Any], new: list[Any], i0: int, j0: int
) -> Iterator[tuple[str, int, int]]:
    """``(kind, old index, new index)`` in document order: ``same``, ``modified``, ``deleted``
    (new index -1) or ``inserted`` (old index -1)."""
    if tag == "equal":
        yield from (("same", i0 + k, j0 + k) for k in range(len(old)))
        return
    pairs = _pair_similar([paragraph_text(p) for p in old], [paragraph_text(p) for p in new])
    i = j = 0
    for pi, pj in [*pairs, (len(old), len(new))]:
        yield from (("deleted", i0 + k, -1) for k in range(i, pi))
        yield from (("inserted", -1, j0 + k) for k in range(j, pj))
        if pi < len(old):
            yield ("modified", i0 + pi, j0 + pj)
        i, j = pi + 1, pj + 1


def _pair_similar(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """In-order pairs of similar paragraphs of a replaced block (greedy, monotone)."""
    pairs: list[tuple[int, int]] = []
    start = 0
    for i, text in enumerate(old):
        best, best_ratio = -1, SIMILAR
        for j in range(start, len(new)):
            ratio = SequenceMatcher(None, text, new[j], autojunk=False).ratio()
            if ratio >= best_ratio:
                best, best_ratio = j, ratio
        if best >= 0:
            pairs.append((i, best))
            start = best + 1
    return pairs


# --- paragraphs only in one version ------------------------------------------------------------


def _mark_paragraph(paragraph: Any, revision: Any) -> None:
    """Mark the paragraph mark itself inserted or deleted (``w:pPr/w:rPr/w:ins|w:del``)."""
    ppr = paragraph.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        paragraph.insert(0, ppr)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        later = [c for c in ppr if c.tag in (w("sectPr"), w("pPrChange"))]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, revision)


def _wrap_runs(paragraph: Any, kind: str, revisions: _Revisions) -> None:
    """Put every run not yet in a revision into one; neighbouring runs share one."""
    for run in list(paragraph.iter(w("r"))):
        if run.getparent().tag in (w("ins"), w("del")):
            continue
        mark = run.getprevious()
        if mark is None or mark.tag != w(kind):
            mark = revisions.element(kind)
            run.addprevious(mark)
        mark.append(run)


def _mark_inserted(paragraph: Any, revisions: _Revisions) -> None:
    _wrap_runs(paragraph, "ins", revisions)
    _mark_paragraph(paragraph, revisions.element("ins"))


def _deleted_copy(paragraph: Any, revisions: _Revisions) -> Any:
    """OLD's paragraph, to stand in NEW, everything in it deleted."""
    gone = copy.deepcopy(paragraph)
    for extra in gone.xpath(".//w:sectPr|.//w:bookmarkStart|.//w:bookmarkEnd", namespaces=_NS):
        extra.getparent().remove(extra)
    for text in gone.iter(w("t"), w("instrText")):
        text.tag = w("delText") if text.tag == w("t") else w("delInstrText")
    _wrap_runs(gone, "del", revisions)
    _mark_paragraph(gone, revisions.element("del"))
    return gone


def _place(gone: Any, anchor: Any, new: list[Any], root: Any, original: Any) -> Any:
    """Put a deleted paragraph after ``anchor`` — after its table when the paragraph was not in
    a table in OLD — or, with no anchor, before NEW's first paragraph."""
    if anchor is None:
        if new:
            new[0].addprevious(gone)
        else:
            root.find(w("body")).insert(0, gone)
        return gone
    target = anchor
    if not _in_table(original):
        tables = list(anchor.iterancestors(w("tbl")))
        if tables:
            target = tables[-1]
    target.addnext(gone)
    return gone


def _in_table(paragraph: Any) -> bool:
    return any(True for _ in paragraph.iterancestors(w("tbl")))


# --- a paragraph in both versions ---------------------------------------------------------------


def atoms(paragraph: Any) -> list[Atom] | None:
    """The characters of a plain paragraph (runs of text, tabs and breaks), or ``None`` for one
    with anything else in it (fields, hyperlinks, drawings)."""
    out: list[Atom] = []
    for child in paragraph:
        if not isinstance(child.tag, str) or child.tag not in _PARAGRAPH_PARTS:
            return None
        if child.tag != w("r"):
            continue
        rpr = child.find(w("rPr"))
        for node in child:
            if node.tag not in _RUN_PARTS:
                return None
            if node.tag == w("t"):
                out.extend(Atom(ch, rpr) for ch in node.text or "")
            elif node.tag == w("tab"):
                out.append(Atom("\t", rpr, node))
            elif node.tag == w("br"):
                out.append(Atom(" ", rpr, node))
    return out


def _mark_modified(old: Any, new: Any, revisions: _Revisions) -> None:
    old_atoms, new_atoms = atoms(old), atoms(new)
    if old_atoms is None or new_atoms is None:
        # not plain text: the whole paragraph deleted and inserted again
        new.addprevious(_deleted_copy(old, revisions))
        _mark_inserted(new, revisions)
        return
    old_text = "".join(a.char for a in old_atoms)
    new_text = "".join(a.char for a in new_atoms)
    content: list[Any] = []
    i = j = 0
    for op, text in textdiff.segments(old_text, new_text):
        n = len(text)
        if op == "=":
            content += _runs(new_atoms[j : j + n])
            i, j = i + n, j + n
        elif op == "+":
            content.append(revisions.wrap("ins", _runs(new_atoms[j : j + n])))
            j += n
        else:
            rpr = _deleted_look(old_atoms[i], new_atoms[j - 1 : j] + new_atoms[j : j + 1])
            shown = [Atom(a.char, rpr, a.node) for a in old_atoms[i : i + n]]
            content.append(revisions.wrap("del", _runs(shown, deleted=True)))
            i += n
    for child in list(new):
        if child.tag != w("pPr"):
            new.remove(child)
    new.extend(content)


def _deleted_look(old: Atom, neighbours: list[Atom]) -> Any:
    """The run properties to show deleted text in: NEW's at that place — of the neighbour that
    looks as the text did in OLD, else of the character before it."""
    if not neighbours:
        return old.rpr
    looks = [etree.tostring(a.rpr) if a.rpr is not None else b"" for a in neighbours]
    own = etree.tostring(old.rpr) if old.rpr is not None else b""
    return neighbours[looks.index(own)].rpr if own in looks else neighbours[0].rpr


def _runs(atoms: list[Atom], *, deleted: bool = False) -> list[Any]:
    """``w:r`` elements for ``atoms``, one per stretch of equal run properties."""
    runs: list[Any] = []
    key: bytes | None = None
    for atom in atoms:
        atom_key = etree.tostring(atom.rpr) if atom.rpr is not None else b""
        if not runs or atom_key != key:
            run = etree.Element(w("r"))
            if atom.rpr is not None:
                run.append(copy.deepcopy(atom.rpr))
            runs.append(run)
            key = atom_key
        run = runs[-1]
        if atom.node is not None:
            run.append(copy.deepcopy(atom.node))
            continue
        last = run[-1] if len(run) else None
        text_tag = w("delText") if deleted else w("t")
        if last is None or last.tag != text_tag:
            last = etree.SubElement(run, text_tag)
            last.text = ""
        last.text = (last.text or "") + atom.char
        if last.text != last.text.strip():
            last.set(_XML_SPACE, "preserve")
    return runs
