"""Incremental builds: take a document's bytes from the last build when nothing it is made of
changed.

A document is a function of its plan's text, its catalogue, the template, plangen's version
(together ``content_hash``), the fonts of ``plangen.toml``, ``SOURCE_DATE_EPOCH``, where it is
written, plangen's own code and the libraries that render and pack it. :func:`build_key` digests all of that; the
manifest records it for every document with the document's sha256. A later build that computes the
same key finds the recorded file, checks its sha256, and reuses the bytes instead of rendering them
again; a PDF recorded with its sha256 likewise. The reused bytes are written into the staged set
like rendered ones, so the output is byte-identical to a cold build and the transaction stays
whole. Anything missing, unreadable or different means the document is rendered again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import astuple
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from plangen import __version__
from plangen.core.cache import text as cached_text

if TYPE_CHECKING:
    from plangen.document import layout

#: the output folder's record of what it holds
MANIFEST = "manifest.json"

#: ``(plan, edition)`` → that document's manifest entry
Previous = dict[tuple[str, str], dict[str, Any]]


@cache
def toolchain() -> str:
    """What renders and packs a document besides plangen itself: a new version of any of them
    may change the bytes, so it is part of every key."""
    from plangen.document.ooxml.levels import COMPRESSION  # not the zip writer: levels alone

    # versions of the installed packages, not read by importing them: that would cost a no-op
    # build (``uptodate``) most of its time
    names = [f"{project} {_version(project, module)}" for project, module in _LIBRARIES]
    names.append(f"zlib {zlib.ZLIB_RUNTIME_VERSION} level {COMPRESSION}")
    names.append(f"python {sys.version_info[:2]}")
    names.append(f"plangen sources {_sources()}")
    return "; ".join(names)


#: the libraries that render and pack a document: the project's name, the module it installs
_LIBRARIES = (
    ("docxtpl", "docxtpl"),
    ("python-docx", "docx"),
    ("jinja2", "jinja2"),
    ("lxml", "lxml"),
    ("rjieba", "rjieba"),  # its dictionary says where a title's lines may break
)


def _version(project: str, module: str) -> str:
    """The installed version of ``project``, from the name of its ``.dist-info`` folder beside
    ``module`` (``{name}-{version}.dist-info``, as wheels install it): asking
    ``importlib.metadata`` imports the ``email`` package first, a fifth of a no-op build. Where
    there is no such folder (another kind of install), ``importlib.metadata`` all the same."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is not None and spec.origin:
        prefix = project.replace("-", "_").lower() + "-"
        with os.scandir(Path(spec.origin).parent.parent) as entries:
            for entry in entries:
                name = entry.name.lower()
                if name.startswith(prefix) and name.endswith(".dist-info"):
                    return entry.name[len(prefix) : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(project)
    except PackageNotFoundError:  # not installed: a key that changes once it is
        return "?"


def _sources() -> str:
    """A digest of plangen's own code and data (schemas, the packaged template, the page's
    assets): a checkout changed between two builds without a new version number (a developer's,
    a patched install) must not reuse what the old code made. Kept (``core.cache``) by each
    file's name, size and time of change, the test Python itself trusts to reuse a module's
    compiled code: reading every file took 6 ms of a build with nothing to do (0.11 s)."""
    return files_digest(Path(__file__).resolve().parent.parent)


def files_digest(root: Path) -> str:
    """A digest of every file under ``root`` (compiled code aside), by name and content; kept by
    their names, sizes and times of change (``_sources``)."""
    files = sorted(_files(root))
    stamps = "\n".join(f"{name} {size} {changed}" for name, _path, size, changed in files)

    def digested() -> str:
        digest = hashlib.sha256()
        for name, path, _size, _changed in files:
            digest.update(name.encode())
            digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
        return digest.hexdigest()

    return cached_text("sources", f"{root}\n{stamps}", digested)


def _files(root: Path) -> Iterator[tuple[str, str, int, int]]:
    """Every file under ``root`` but compiled code: its name (``/``-separated, from ``root``),
    path, size and time of change (ns)."""
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        pending.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file():
                    status = entry.stat()
                    name = f"{prefix}{entry.name}"
                    yield name, entry.path, status.st_size, status.st_mtime_ns


def build_key(
    content_hash: str,
    fonts: layout.Layout,
    epoch: int | None,
    plan: str,
    edition: str,
    path: PurePosixPath,
) -> str:
    """Everything a document's bytes depend on, digested (see the module's docstring)."""
    facts = {
        "content_hash": content_hash,
        "fonts": list(astuple(fonts)),
        "source_date_epoch": epoch,
        "plan": plan,
        "edition": edition,
        "docx": str(path),
        "plangen": __version__,
        "toolchain": toolchain(),
    }
    text = json.dumps(facts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def previous(out_dir: Path) -> Previous:
    """The documents the output folder's manifest records (none when it has no readable one);
    their titles' word cuts only when made with the dictionary of this build (``segmenter``)."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        documents = data["documents"]
        found = {(str(d["plan"]), str(d["edition"])): d for d in documents if isinstance(d, dict)}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if data.get(SEGMENTER_FIELD) != segmenter():
        for entry in found.values():
            entry.pop(WORDS_FIELD, None)
    return found


#: the manifest's record of the word segmenter its documents' titles were cut with
SEGMENTER_FIELD = "segmenter"
#: a manifest entry's word cuts of its titles (``titles.word_ends``)
WORDS_FIELD = "title_words"


@cache
def segmenter() -> str:
    """The word segmenter titles are broken with, and its dictionary's version."""
    return f"rjieba {_version('rjieba', 'rjieba')}"


def written_words(words: dict[str, tuple[int, ...]]) -> dict[str, str]:
    """Word cuts as the manifest records them: where each word ends, on one line
    (``"2 5 7"``: 中共/天水/市/…)."""
    return {text: " ".join(map(str, ends)) for text, ends in sorted(words.items())}


def title_words(previous: Previous) -> dict[str, tuple[int, ...]]:
    """The word cuts the last build's documents record, by text (what is not a list of
    whole numbers is left out: a manifest edited by hand)."""
    found: dict[str, tuple[int, ...]] = {}
    for entry in previous.values():
        words = entry.get(WORDS_FIELD)
        if not isinstance(words, dict):
            continue
        for text, ends in words.items():
            numbers = ends.split() if isinstance(ends, str) else []
            if numbers and all(n.isascii() and n.isdigit() for n in numbers):
                found[str(text)] = tuple(map(int, numbers))
    return found


def _recorded(out_dir: Path, name: object, sha256: object) -> bytes | None:
    """The file ``name`` of the output folder when its bytes have the recorded ``sha256``."""
    if not isinstance(name, str) or not isinstance(sha256, str):
        return None
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts:  # a manifest edited by hand
        return None
    try:
        data = (out_dir / relative).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


class Taken(NamedTuple):
    """A document of a plan taken whole from the last build: its manifest entry and bytes."""

    entry: dict[str, Any]
    data: bytes
    pdf: bytes | None


def whole_plans(
    previous: Previous, keys: dict[str, str], out_dir: Path, pdf: bool
) -> dict[str, list[Taken]]:
    """The plans whose documents can be taken whole from the last build, without loading the
    plan: every document the manifest lists for it was made with the plan's key as it is now
    (``uptodate.inputs``) and is there with its recorded sha256 — its PDF too, when PDFs are
    asked for."""
    entries: dict[str, list[dict[str, Any]]] = {}
    for (plan, _edition), entry in previous.items():
        entries.setdefault(plan, []).append(entry)
    taken = {}
    for plan, listed in entries.items():
        if keys.get(plan) is None or any(e.get("source_key") != keys[plan] for e in listed):
            continue
        documents = []
        for entry in listed:
            data = _recorded(out_dir, entry.get("docx"), entry.get("docx_sha256"))
            made = _recorded(out_dir, entry.get("pdf"), entry.get("pdf_sha256")) if pdf else None
            if data is None or (pdf and made is None):
                break
            documents.append(Taken(entry, data, made))
        else:
            taken[plan] = documents
    return taken


def reuse(entry: dict[str, Any] | None, key: str, out_dir: Path) -> bytes | None:
    """The last build's bytes of a document whose ``entry`` was made with the same ``key``."""
    if entry is None or entry.get("build_key") != key:
        return None
    return _recorded(out_dir, entry.get("docx"), entry.get("docx_sha256"))


def reuse_pdf(entry: dict[str, Any] | None, key: str, out_dir: Path) -> bytes | None:
    """The last build's PDF of that document, when recorded with its sha256 and unchanged."""
    if entry is None or entry.get("build_key") != key:
        return None
    return _recorded(out_dir, entry.get("pdf"), entry.get("pdf_sha256"))
