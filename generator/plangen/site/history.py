"""A plan's version in git and what changed since the previous one, for the download page.

This is the site's I/O edge towards git (every call goes through ``gitio.run``). The current
version is the last commit of the plan file — or the file itself when it has changes not yet
committed; the previous version is the commit before that (or the last commit). The change
between the two is found by ``plandiff`` on the previous version loaded and checked as
``plangen diff`` does (``diffsource.load_version``), and comes back as plain sentences.

Outside a repository, without git, or for a file git does not track, there is no history: the page
then shows the content hash alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plangen.core.errors import PlangenError
from plangen.core.messages import Words
from plangen.plan.validate import Plan
from plangen.review import git as gitio


@dataclass(frozen=True)
class Commit:
    """A commit that changed the plan file."""

    sha: str
    date: str  # YYYY-MM-DD, the author's date
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class Change:
    """One change since the previous version, as the page says it."""

    where: str
    what: str
    affects: str
    editions: tuple[str, ...]


@dataclass(frozen=True)
class History:
    """The plan's current commit, whether the file differs from it, the version compared with,
    and the changes (``None`` when there is no previous version or it cannot be read)."""

    commit: Commit
    uncommitted: bool
    previous: Commit | None
    changes: tuple[Change, ...] | None
    number: int = 1  # 第N版: the commits that changed the file, one more when it is edited since

    @property
    def previous_number(self) -> int:
        return self.number - 1


def _commits(path: str, top: Path, count: int) -> list[Commit]:
    done = gitio.run(
        ["log", f"-n{count}", "--format=%H%x00%aI%x00%s%x00", "--", path], top, check=False
    )
    if done.returncode != 0:
        return []
    fields = done.stdout.decode("utf-8", errors="replace").split("\0")
    return [
        Commit(fields[i].strip(), fields[i + 1][:10], fields[i + 2])
        for i in range(0, len(fields) - 2, 3)
        if fields[i].strip()
    ]


def _uncommitted(path: str, top: Path) -> bool:
    return gitio.run(["diff", "--quiet", "HEAD", "--", path], top, check=False).returncode == 1


def _names(*plans: Plan) -> dict[str, str]:
    """Enterprise type id → name, from every catalogue involved (the newest wins)."""
    return {k: str(v.get("name", k)) for p in plans for k, v in p.catalog.types.items()}


def _changes(
    plan: Plan, previous: Commit, path: str, top: Path, t: Words
) -> tuple[Change, ...] | None:
    # the comparison's modules only here: a plan outside git, or with one version, needs none
    from plangen.review.plandiff import compare
    from plangen.review.report import affects, summary, where
    from plangen.review.sources import Version, load_version

    try:
        old, _ = load_version(Version(f"{previous.short}:{path}", top, previous.sha, path))
    except PlangenError:  # the previous version cannot be read: the page says when it was made
        return None
    if old is None:  # the previous version has errors: nothing to compare with
        return None
    comparison = compare(previous.short, plan.display, old.data, plan.data, _names(old, plan))
    return tuple(
        Change(where(c), summary(c, t), affects(c, comparison, t), c.editions)
        for c in comparison.diff.changes
    )


@dataclass(frozen=True)
class _FolderLog:
    """What one ``git log`` and one ``git diff`` say of every file in a plans folder."""

    #: path from the top → the commits that changed it, newest first
    commits: dict[str, list[Commit]]
    changed: set[str]  # paths whose file differs from HEAD's


class Folders:
    """What git says of each plans folder, asked once a folder: its repository's top, and, when
    its history has no merge commit, every file's commits and whether it differs from HEAD
    (one ``git log`` and one ``git diff`` for a folder, not three processes a plan: a page of
    200 plans took a second more in a repository). With merges, each plan asks for itself: git's
    way of simplifying a file's history through merges is not worth imitating."""

    def __init__(self) -> None:
        self.tops: dict[Path, Path | None] = {}
        self.logs: dict[Path, _FolderLog | None] = {}

    def top(self, folder: Path, display: str) -> Path | None:
        if folder not in self.tops:
            try:
                self.tops[folder] = gitio.toplevel(folder, display).resolve()
            except PlangenError:  # no repository, or no git
                self.tops[folder] = None
        return self.tops[folder]

    def file(self, folder: Path, top: Path, path: str) -> tuple[list[Commit], bool, int]:
        """The file ``path`` (from ``top``) of ``folder``: its commits, newest first (at least
        the last two), whether it differs from HEAD, and how many commits changed it."""
        log = self.log(folder, top)
        if log is not None:
            commits = log.commits.get(path, [])
            return commits, path in log.changed, len(commits)
        commits = _commits(path, top, 2)
        if not commits:
            return [], False, 0
        return commits, _uncommitted(path, top), _count(path, top)

    def log(self, folder: Path, top: Path) -> _FolderLog | None:
        if folder not in self.logs:
            try:
                self.logs[folder] = _folder_log(folder.relative_to(top).as_posix(), top)
            except (PlangenError, ValueError):
                self.logs[folder] = None
        return self.logs[folder]


def _folder_log(folder: str, top: Path) -> _FolderLog | None:
    # any merge at all (not only one touching the folder: with a path, git simplifies merges
    # away before counting them)
    merges = gitio.run(["rev-list", "--count", "--merges", "HEAD"], top, check=False)
    if merges.returncode != 0 or merges.stdout.strip() != b"0":
        return None
    log = ["log", "-z", "--format=%x1e%H%x00%aI%x00%s", "--name-only", "--", folder]
    done = gitio.run(log, top, check=False)
    diff = gitio.run(["diff", "--name-only", "-z", "HEAD", "--", folder], top, check=False)
    if done.returncode != 0 or diff.returncode != 0:
        return None
    commits: dict[str, list[Commit]] = {}
    for record in done.stdout.decode("utf-8", errors="replace").split("\x1e")[1:]:
        sha, date, subject, *names = record.split("\0")
        commit = Commit(sha.strip(), date[:10], subject)
        for name in (n.lstrip("\n") for n in names):
            if name:
                commits.setdefault(name, []).append(commit)
    changed = {n for n in diff.stdout.decode("utf-8", errors="replace").split("\0") if n}
    return _FolderLog(commits, changed)


def history(
    source: Path,
    display: str,
    plan: Callable[[], Plan],
    lang: str,
    folders: Folders | None = None,
) -> History | None:
    """The version in git of the plan file ``source`` (named ``display``), or ``None`` when git
    cannot say (see the module's notes); the changes are described in ``lang``, and only then
    is the ``plan`` itself asked for. ``folders`` remembers what git said of each folder for the
    plans after it."""
    folders = Folders() if folders is None else folders
    resolved = source.resolve()
    folder = resolved.parent
    top = folders.top(folder, display)
    if top is None:
        return None
    try:
        path = resolved.relative_to(top).as_posix()
        commits, uncommitted, count = folders.file(folder, top, path)
    except (PlangenError, ValueError):  # git refused, or the plan is outside the work tree
        return None
    if not commits:
        return None
    previous = commits[0] if uncommitted else (commits[1] if len(commits) > 1 else None)
    changes = _changes(plan(), previous, path, top, Words(lang)) if previous else None
    return History(commits[0], uncommitted, previous, changes, count + (1 if uncommitted else 0))


def _count(path: str, top: Path) -> int:
    """How many commits changed the file (its versions in git)."""
    done = gitio.run(["rev-list", "--count", "HEAD", "--", path], top, check=False)
    text = done.stdout.decode("ascii", errors="replace").strip()
    return int(text) if done.returncode == 0 and text.isdigit() else 1
