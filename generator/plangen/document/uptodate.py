"""A build that would change nothing is not done: the output folder is left as it is.

Everything the output folder is made of is digested into one key before a single plan is loaded:
every YAML file the build reads (the plans and the catalogues they use, as bytes), the template,
``plangen.toml``, ``SOURCE_DATE_EPOCH``, the folders given (file names follow them), the options,
plangen's own code and data and the libraries that render (``incremental.toolchain``), and what the
download page adds (its language, the git commits the plans' history is read from). The manifest
records the key of the build that wrote it. A later build with the same key, finding every file the
manifest lists at its recorded size, has nothing to write: the folder already holds, byte for byte,
what it would write. As ``make`` leaves a target newer than its sources, it is left alone. Hashing
the files takes milliseconds; loading, checking and rendering them takes seconds.

A file changed by hand in the output folder at the same size is not noticed; ``--force`` rebuilds.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from plangen import __version__
from plangen.core.project import Project
from plangen.document import incremental
from plangen.document import template_source as templates
from plangen.plan import schemas
from plangen.plan.files import discover, find_catalog

#: the manifest's field for the key
FIELD = "inputs"


@dataclass(frozen=True)
class Options:
    """What a build was asked for, beyond its files. ``page`` says what the download page
    depends on besides the files it is given (``None``: no page)."""

    pdf: bool = False
    official: bool = False
    page: Callable[[list[Path]], str] | None = None


@dataclass(frozen=True)
class Sources:
    """The YAML files a build reads, as bytes: those found under its folders, and the catalogue
    each plan would use (one above a plans folder is read though not under it)."""

    files: dict[Path, bytes]
    catalogs: dict[Path, Path | None]  # each plan → the catalogue beside or above it
    found: list[Path]  # the files under the folders, in the order found

    @classmethod
    def read(cls, roots: Iterable[Path]) -> Sources:
        found = discover(roots)
        nearest: dict[Path, Path | None] = {}  # asked once a folder
        catalogs = {}
        for path in found:
            if path.name != schemas.CATALOG_FILENAME:
                if path.parent not in nearest:
                    catalog = find_catalog(path)
                    nearest[path.parent] = None if catalog is None else catalog.resolve()
                catalogs[path] = nearest[path.parent]
        above = {c for c in nearest.values() if c is not None} - set(found)
        return cls({p: _bytes(p) for p in [*found, *sorted(above)]}, catalogs, found)


def _name(path: Path, project: Project) -> str:
    """The resolved ``path`` named as ``display_path`` names it, relative to the repository (a
    clone elsewhere has the same keys: they are in the manifest), without resolving it again."""
    return str(path).removeprefix(_base(project.root)).replace(os.sep, "/")


@lru_cache(maxsize=8)
def _base(root: Path) -> str:
    return f"{root.resolve()}{os.sep}"


class _Digest:
    def __init__(self) -> None:
        self.digest = hashlib.sha256()

    def add(self, label: str, data: bytes) -> None:
        self.digest.update(f"{label}\0{len(data)}\0".encode())
        self.digest.update(data)


def _common(roots: list[Path], project: Project, official: bool) -> bytes:
    """What every document depends on besides its plan: the folders given (file names follow
    them), the template, the settings, the date stamped, plangen and its libraries; and
    ``official``, which decides whether a draft may be built at all."""
    digest = _Digest()
    for root in roots:
        digest.add("root", _name(root.resolve(), project).encode())
    digest.add("template", _bytes(templates.chosen(project)))
    digest.add("config", _bytes(project.config))
    facts = {
        "epoch": project.source_date_epoch,
        "official": official,
        "plangen": __version__,
        "toolchain": incremental.toolchain(),
    }
    digest.add("facts", json.dumps(facts, sort_keys=True).encode())
    return digest.digest.digest()


@dataclass(frozen=True)
class Inputs:
    """What a build reads, digested: all of it (``key``) and each plan's part (``plans``)."""

    key: str
    plans: dict[str, str]
    found: dict[Path, str]  # each file found under the folders → its name (``display_path``)


def inputs(roots: Iterable[Path], project: Project, options: Options) -> Inputs:
    """The digest of everything the output of a build of ``roots`` depends on (see the module's
    docstring), and each plan file's own key, by its name (as ``Plan.display``): its bytes, its
    catalogue's, and what every document depends on. A plan with the key the manifest records
    for its documents can be taken whole from the last build, without being loaded."""
    roots = list(roots)
    sources = Sources.read(roots)
    common = _common(roots, project, options.official)
    names = {path: _name(path, project) for path in sources.files}
    # each file hashed once, for the whole key and its plan's (not its bytes twice over)
    hashes = {path: hashlib.sha256(data).digest() for path, data in sources.files.items()}
    digest = _Digest()
    for path in sources.files:
        digest.add(f"file {names[path]}", hashes[path])
    digest.add("common", common)
    page = None if options.page is None else options.page(list(sources.files))
    digest.add("options", json.dumps({"pdf": options.pdf, "page": page}).encode())
    plans = {}
    for path, catalog in sources.catalogs.items():
        one = _Digest()
        one.add("common", common)
        one.add(f"plan {names[path]}", hashes[path])
        if catalog is not None:
            one.add(f"catalogue {names[catalog]}", hashes[catalog])
        plans[names[path]] = one.digest.hexdigest()
    found = {path: names[path] for path in sources.found}
    return Inputs(digest.digest.hexdigest(), plans, found)


def _bytes(path: Path) -> bytes:
    """A file's bytes; a missing or unreadable one as a mark of its own (the build proper will
    say what is wrong with it). Read through the file descriptor, without the file objects
    ``read_bytes`` makes: a third less time for the 665 files of a build with nothing to do."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            chunks = []
            while chunk := os.read(descriptor, 1 << 20):
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            os.close(descriptor)
    except OSError as err:
        return f"\0unreadable {err.errno}".encode()


@dataclass(frozen=True)
class Current:
    """An output folder that already holds what the build would write."""

    documents: int
    plans: int
    pdfs: int


def current(out_dir: Path, wanted: str, page: bool) -> Current | None:
    """``out_dir`` as it is when its manifest was written with the key ``wanted``, every file it
    lists (and the page, when ``page``) is there at its recorded size and nothing else is (a
    build leaves nothing else behind); else ``None``."""
    try:
        data = json.loads((out_dir / incremental.MANIFEST).read_text(encoding="utf-8"))
        if data.get(FIELD) != wanted:
            return None
        documents = data["documents"]
        sizes: dict[str, object] = {incremental.MANIFEST: None}
        for entry in documents:
            sizes[entry["docx"]] = entry["docx_size"]
            if "pdf" in entry:
                sizes[entry["pdf"]] = entry.get("pdf_size")
        if page:
            sizes[PAGE] = None
        if not _holds(out_dir, sizes, page):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    plans = {entry["plan"] for entry in documents}
    return Current(len(documents), len(plans), sum(1 for e in documents if "pdf" in e))


#: the page's index (``site.make.INDEX``) and the folders of its previews and zips
PAGE = "index.html"
PAGE_FOLDERS = ("preview", "zip")


def _holds(out_dir: Path, sizes: dict[str, object], page: bool) -> bool:
    """Whether ``out_dir`` holds each file of ``sizes`` (relative name → size, or ``None`` for
    any) and no other. The page's folders of previews and zips are not looked into: they are
    written whole with the set, and half of the folders to walk."""
    skip = set(PAGE_FOLDERS) if page else set()
    seen = 0
    stack = [(str(out_dir), "")]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if not (prefix == "" and entry.name in skip):
                        stack.append((entry.path, f"{relative}/"))
                    continue
                if relative not in sizes:
                    return False
                size = sizes[relative]
                if size is not None and entry.stat(follow_symlinks=False).st_size != size:
                    return False
                seen += 1
    return seen == len(sizes)
