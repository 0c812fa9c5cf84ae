"""Rebuilding while serving: ``plangen serve --watch``.

A thread polls the plan files' modification times and sizes once a second — no dependency for
this: a folder of a few YAML files costs nothing to scan, and polling works the same on every
system and network drive. Once a change has settled (two polls agree, so an editor that writes in
steps is not caught half-way), it rebuilds the Word files and the page: the same steps as
``plangen build`` and ``plangen site``, without PDFs. Every file is replaced atomically, so a
download during a rebuild gets the old document or the new one, never half of one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from plangen.core.project import Project

Snapshot = dict[str, tuple[int, int]]


def snapshot(folder: Path) -> Snapshot:
    """Every visible file under ``folder``: relative path → (mtime in ns, size). Editors' hidden
    and backup files (``.x.swp``, ``x~``) are left out."""
    found: Snapshot = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(p.startswith(".") for p in rel.parts) or path.name.endswith("~"):
            continue
        try:
            if path.is_file():
                stat = path.stat()
                found[rel.as_posix()] = (stat.st_mtime_ns, stat.st_size)
        except OSError:  # deleted while we looked: the next poll sees it gone
            continue
    return found


def rebuild(project: Project, out_dir: Path, lang: str, pdf: bool = False) -> int:
    """Build the repository's plans, their PDFs when ``pdf``, and the page (in ``lang``) again,
    in one transaction; the number of documents built."""
    from plangen.document import build
    from plangen.site.inputs import build_inputs
    from plangen.site.staged import page_into

    roots = [project.plans]
    result = build.build(
        roots,
        out_dir,
        project,
        pdf=pdf,
        also=page_into(project, lang),
        inputs=build_inputs(roots, project, pdf, False, lang),
    )
    return len(result.documents)


class Watcher:
    """Calls ``on_change`` (in its own thread) whenever the files under ``folder`` change."""

    def __init__(
        self,
        folder: Path,
        on_change: Callable[[], None],
        on_error: Callable[[BaseException], None],
        interval: float = 1.0,
    ) -> None:
        self.folder = folder
        self.on_change = on_change
        self.on_error = on_error
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="plangen-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _settled(self, seen: Snapshot) -> Snapshot:
        while not self._stop.wait(self.interval):
            again = snapshot(self.folder)
            if again == seen:
                break
            seen = again
        return seen

    def _run(self) -> None:
        last = snapshot(self.folder)
        while not self._stop.wait(self.interval):
            now = snapshot(self.folder)
            if now == last:
                continue
            last = self._settled(now)
            if self._stop.is_set():
                break
            try:
                self.on_change()
            except Exception as err:  # reported, and the watch goes on: the site stays up
                self.on_error(err)
