"""Code that plangen compiles and may keep between runs: the schema check compiled to Python
(``plan.validate``), the template compiled by Jinja (``document.render``); and the digest of
plangen's own files (``document.incremental``), kept by what the files' sizes and times say.

The code takes as long to make as the rest of a rebuild of one plan, the digest 6 ms of a build
with nothing to do, and each is the same from one run to the next until what it is made
from changes. They are kept marshalled (the code as a ``.pyc`` holds it) under the user's cache
folder (``platformdirs``: ``~/.cache/plangen`` on Linux, ``%LOCALAPPDATA%\\plangen\\Cache`` on
Windows, ``~/Library/Caches/plangen`` on macOS), named by a digest of everything they are made
from, this Python's bytecode version included: a changed input is a new name, never a stale
file. The command line says which folder (``cli.base``: ``PLANGEN_CACHE_DIR``, or the user's
cache folder); called as a library, plangen keeps nothing unless told where (``use``).

The cache is only ever a shortcut: a file missing, unreadable, damaged or not writable means
it is made as if there were none, and the result is the same either way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import TypeVar

T = TypeVar("T", CodeType, str)  # what marshal keeps

# what keeping and taking code needs is imported when code is kept or taken: the command line
# names the folder on every run, and a build that finds nothing to do compiles nothing

#: where compiled code is kept (``None``: nowhere), or what says so when first asked
_FOLDER: Path | Callable[[], Path | None] | None = None
_WRITABLE: bool | None = None  # whether it can be written (``keeps``), once asked


def use(folder: Path | Callable[[], Path | None] | None) -> None:
    """Keep compiled code in ``folder`` from now on (``None``: keep none); a function is asked
    the first time code is to be kept (finding the user's cache folder costs a command that
    compiles nothing, ``--help``, a few milliseconds)."""
    global _FOLDER, _WRITABLE
    _FOLDER, _WRITABLE = folder, None


def folder() -> Path | None:
    """Where compiled code is kept, or ``None`` when it is not to be."""
    global _FOLDER
    if callable(_FOLDER):
        _FOLDER = _FOLDER()
    return _FOLDER


def code(kind: str, identity: str, make: Callable[[], CodeType]) -> CodeType:
    """The code ``make`` returns, kept under a name digested from ``kind`` and ``identity``
    (everything it is made from) and taken from there when an earlier run made it."""
    return _kept(kind, identity, make, CodeType)


def text(kind: str, identity: str, make: Callable[[], str]) -> str:
    """The text ``make`` returns, kept as ``code`` keeps code (a digest of many files, say)."""
    return _kept(kind, identity, make, str)


def _kept(kind: str, identity: str, make: Callable[[], T], made_as: type[T]) -> T:
    import marshal

    path = _path(kind, identity)
    if path is None:
        return make()
    try:
        found = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):  # not there, or not whole
        found = None
    if isinstance(found, made_as):
        return found
    made = make()
    import contextlib

    from plangen.core.writer import write_atomic  # tempfile: only when something is kept

    with contextlib.suppress(OSError):  # a read-only home, a full disk: made again next time
        write_atomic(path, marshal.dumps(made))
    return made


def keeps() -> bool:
    """Whether code can be kept: there is a cache folder and it can be written (made if need
    be). Asked once a process."""
    global _WRITABLE
    if _WRITABLE is None:
        import os

        where = folder()
        try:
            if where is not None:
                where.mkdir(parents=True, exist_ok=True)
            _WRITABLE = where is not None and os.access(where, os.W_OK)
        except OSError:  # a file in its place, a read-only home
            _WRITABLE = False
    return _WRITABLE


def _path(kind: str, identity: str) -> Path | None:
    import hashlib
    from importlib.util import MAGIC_NUMBER

    where = folder()
    if where is None:
        return None
    digest = hashlib.sha256(MAGIC_NUMBER + identity.encode("utf-8")).hexdigest()[:40]
    return where / f"{kind}-{digest}.code"
