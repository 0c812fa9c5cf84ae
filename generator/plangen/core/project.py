"""The plans repository a command works on, found the way git finds its repository.

An office keeps its plans in a repository of its own and runs plangen anywhere inside it. The
root is the nearest folder upwards holding ``plangen.toml``; without one, the nearest holding a
``plans/`` folder; without either, the folder the command was started in. Every default path
(``plans/``, ``dist/``, ``templates/``, ``plangen.toml``) is resolved from that root, so a command
gives the same result from any subfolder. Only the CLI calls :func:`find_project`; the core is
handed the :class:`Project` and never looks at the current folder itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CONFIG = "plangen.toml"
PLANS = "plans"
DIST = "dist"
TEMPLATES = "templates"


@dataclass(frozen=True)
class Project:
    """A plans repository: its root folder and the conventional places in it."""

    root: Path
    #: ``SOURCE_DATE_EPOCH`` as the command line read it: the time every file carries instead
    #: of the plan's date (reproducible builds); ``None`` when not set
    source_date_epoch: int | None = None

    @property
    def plans(self) -> Path:
        return self.root / PLANS

    @property
    def dist(self) -> Path:
        return self.root / DIST

    @property
    def templates(self) -> Path:
        """The repository's own templates, which override the packaged default."""
        return self.root / TEMPLATES

    @property
    def config(self) -> Path:
        return self.root / CONFIG

    def display(self, path: Path) -> str:
        """How a file is named in documents, manifests and reports: relative to the root, with
        ``/`` on every system, so the output is the same wherever plangen was started."""
        return display_path(path, self.root)


def find_project(start: Path, source_date_epoch: int | None = None) -> Project:
    """The repository around ``start`` (see the module's docstring)."""
    start = start.resolve()
    chain = [start, *start.parents]
    for folder in chain:
        if (folder / CONFIG).is_file():
            return Project(folder, source_date_epoch)
    for folder in chain:
        if (folder / PLANS).is_dir():
            return Project(folder, source_date_epoch)
    return Project(start, source_date_epoch)


def display_path(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` when inside it (``/``-separated), else as given."""
    return resolved_name(path.resolve(), base.resolve())


def resolved_name(path: Path, base: Path) -> str:
    """``display_path`` of a ``path`` and ``base`` both resolved already: a caller naming many
    files resolves them once (a resolve asks the file system about every folder on the way)."""
    try:
        rel = path.relative_to(base)
    except ValueError:  # outside the repository: a name that means the same from anywhere
        return str(path)
    return rel.as_posix()


def relative_to_here(shown: str, root: Path, here: Path) -> str:
    """A root-relative name as the person at the terminal can open it from ``here``: the same
    name at the root, ``x.yaml`` inside ``plans/``, ``../plans/x.yaml`` in a sibling folder."""
    if os.path.isabs(shown) or here.resolve() == root.resolve():
        return shown
    return Path(os.path.relpath(root / shown, here)).as_posix()
