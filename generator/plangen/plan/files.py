"""Which files a command reads: the YAML files under the paths it is given, and the catalogue
each plan uses. Only the file system is asked, never the files' contents, so a build can tell
whether anything changed before it loads a plan (``document.uptodate``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

from plangen.core.errors import PlangenError, UsageError
from plangen.plan import schemas


def discover(paths: Iterable[Path]) -> list[Path]:
    """The YAML files named or found (recursively) under ``paths``, resolved, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(_yaml_under(path))
        elif path.is_file():
            found.append(path.resolve())
        else:
            raise UsageError("usage.no-such-path", path=path)
    return list(dict.fromkeys(found))


def _yaml_under(folder: Path) -> list[Path]:
    """The YAML files under ``folder`` (``.yaml``/``.yml`` in any case), hidden folders and
    files left out, resolved; a folder that cannot be read is an error, never silently
    skipped."""

    def unreadable(err: OSError) -> NoReturn:
        where = Path(err.filename) if err.filename else folder
        raise PlangenError("load.unreadable-folder", path=where, detail=err.strerror or str(err))

    # resolved once for the folder, not once a file (a thousand resolves cost a no-op build
    # half its time): only a file that is itself a link is resolved on its own. The folders are
    # read with scandir, whose entries know what they are without asking the file system again.
    resolved = str(folder.resolve())
    found: list[Path] = []
    pending = [(str(folder), resolved)]
    while pending:
        where, named = pending.pop()
        try:
            with os.scandir(where) as entries:
                listed = list(entries)
        except OSError as err:
            unreadable(err)
        for entry in listed:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():  # a link to a folder is not followed, as os.walk does not
                if not entry.is_symlink():
                    pending.append((entry.path, os.path.join(named, entry.name)))
            elif os.path.splitext(entry.name)[1].lower() in _SUFFIXES and entry.is_file():
                path = Path(named, entry.name)
                found.append(path.resolve() if entry.is_symlink() else path)
    return sorted(found)


_SUFFIXES = (".yaml", ".yml")


def find_catalog(plan_path: Path) -> Path | None:
    """``enterprise-types.yaml`` beside the plan or in the nearest folder above it."""
    return catalog_above(plan_path.resolve().parent)


def catalog_above(start: Path) -> Path | None:
    """``find_catalog`` from a resolved folder (that of a plan ``discover`` found)."""
    for folder in (start, *start.parents):
        candidate = folder / schemas.CATALOG_FILENAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists() or folder == Path(folder.anchor):
            break
    return None
