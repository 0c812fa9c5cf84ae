"""What ``plangen diff`` compares: turning its arguments into pairs of plan versions, and loading
and checking each version the way ``plangen validate`` does.

A version is a file in the working tree or a file at a git revision (``HEAD~1:plans/x.yaml``).
``plangen diff OLD NEW`` compares two versions; ``plangen diff [REV1 [REV2]] [-- PATH…]`` compares
every plan changed between two revisions (default: the working tree against ``HEAD``).
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from plangen.core.diagnostics import Diagnostic
from plangen.core.errors import PlangenError, UsageError
from plangen.core.project import Project, display_path
from plangen.plan import schemas
from plangen.plan.files import find_catalog
from plangen.plan.loader import load_bytes
from plangen.plan.validate import Plan, catalog_from, checked_plan
from plangen.review import git as gitio
from plangen.review.plandiff import Comparison, compare


class DiffTrouble(PlangenError):
    """Trouble comparing (a version is not a valid plan, a redline cannot be made): exit code 2,
    as for diff(1)."""

    exit_code = 2


@dataclass(frozen=True)
class Version:
    """One version of a plan: in the working tree (``rev is None``) or at a git revision."""

    label: str
    cwd: Path
    rev: str | None = None
    path: str = ""  # at a revision: relative to the top of the repository; else a file path
    base: Path = Path("/")  # files in the working tree are named relative to this folder

    def read(self) -> bytes:
        if self.rev is None:
            return Path(self.path).read_bytes()
        return gitio.show(f"{self.rev}:{self.path}", self.cwd)

    def catalog(self) -> tuple[str, bytes] | None:
        """The enterprise type catalogue that applies: beside the plan or in a folder above it."""
        if self.rev is None:
            found = find_catalog(Path(self.path))
            return (display_path(found, self.base), found.read_bytes()) if found else None
        folder = posixpath.dirname(self.path)
        while True:
            spec = f"{self.rev}:{posixpath.join(folder, schemas.CATALOG_FILENAME)}"
            if gitio.exists(spec, self.cwd):
                return spec, gitio.show(spec, self.cwd)
            if not folder:
                return None
            folder = posixpath.dirname(folder)

    def author_date(self) -> tuple[str, dt.datetime]:
        """Who made this version and when: the commit's author, else the file's owner and time."""
        if self.rev:
            return gitio.author_date(self.rev, self.cwd)
        name = gitio.user_name(self.cwd) or getpass.getuser()
        # a file: when it was last saved; the index (":path"): now
        stamp = (
            Path(self.path).stat().st_mtime if self.rev is None else dt.datetime.now().timestamp()
        )
        return name, dt.datetime.fromtimestamp(stamp, dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Pair:
    old: Version | None
    new: Version | None


@dataclass
class Loaded:
    """The checked plans of a run, or the problems that stop it."""

    comparisons: list[Comparison] = field(default_factory=list)
    plans: list[tuple[Plan | None, Plan | None]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0


def resolve(args: list[str], paths: list[str] | None, cwd: Path, project: Project) -> list[Pair]:
    """The pairs of versions to compare. ``paths`` is what followed ``--`` (``None``: no ``--``);
    paths are read from ``cwd``, as git reads them; without any, the repository's plans."""
    if paths is None and len(args) == 2 and all(_is_version(a, cwd) for a in args):
        return [Pair(version(args[0], cwd, project), version(args[1], cwd, project))]
    if args and paths is None and ":" in args[0] and not Path(cwd, args[0]).exists():
        if _is_version(args[0], cwd):
            raise UsageError("diff.two-sides")
        raise UsageError("diff.not-found", arg=args[0])
    gitio.toplevel(cwd, args[0] if args else "HEAD")  # revisions need a repository
    revs: list[str] = []
    given: list[str] = list(paths or [])
    for arg in args:
        # without "--", revisions come first and paths after them, as for git diff
        is_path = paths is None and Path(cwd, arg).exists()
        is_rev = (paths is not None or not given) and gitio.is_commit(arg, cwd)
        if is_rev and is_path:
            raise UsageError("diff.ambiguous", arg=arg)
        if is_rev:
            if len(revs) == 2:
                raise UsageError("diff.too-many-revisions", arg=arg)
            revs.append(arg)
        elif is_path:
            given.append(arg)
        else:
            raise UsageError("diff.not-found", arg=arg)
    return between(revs, given, cwd, project)


def _is_version(arg: str, cwd: Path) -> bool:
    if Path(cwd, arg).is_file():
        return True
    if ":" not in arg or Path(cwd, arg).exists():
        return False
    gitio.toplevel(cwd, arg)
    return gitio.object_type(arg, cwd) == "blob"


def version(arg: str, cwd: Path, project: Project) -> Version:
    """A version named on the command line: a file, or ``REV:PATH``."""
    if Path(cwd, arg).is_file():
        file = Path(cwd, arg)
        return Version(project.display(file), cwd, None, str(file), project.root)
    rev, _, path = arg.partition(":")
    if path.startswith(("./", "../")):  # git reads these relative to the current folder
        path = posixpath.normpath(gitio.prefix(cwd) + path)
    return Version(arg, cwd, rev, path, project.root)


def between(revs: list[str], paths: list[str], cwd: Path, project: Project) -> list[Pair]:
    """Every plan file changed from ``revs[0]`` (default ``HEAD``) to ``revs[1]`` (default: the
    working tree) under ``paths`` (default: the repository's ``plans/`` when there is one, else
    here)."""
    top = gitio.toplevel(cwd, revs[0] if revs else "HEAD")
    old_rev = revs[0] if revs else "HEAD"
    new_rev = revs[1] if len(revs) > 1 else None
    default = [os.path.relpath(project.plans, cwd)] if project.plans.is_dir() else ["."]
    for path in paths:  # a path that names nothing would read as "no differences"
        if not Path(cwd, path).exists() and not any(
            gitio.names_something(rev, path, cwd) for rev in (old_rev, new_rev) if rev
        ):
            raise UsageError("diff.no-such-path", path=path)
    specs = paths or default
    pairs = []
    for change in gitio.changed(old_rev, new_rev, specs, cwd):
        if not any(_is_plan(p) for p in (change.old, change.new) if p):
            continue
        old = None
        if change.old:
            old = Version(f"{old_rev}:{change.old}", cwd, old_rev, change.old, project.root)
        new = None
        if change.new and new_rev is not None:
            new = Version(f"{new_rev}:{change.new}", cwd, new_rev, change.new, project.root)
        elif change.new:
            file = top / change.new
            new = Version(project.display(file), cwd, None, str(file), project.root)
        pairs.append(Pair(old, new))
    return pairs


def _is_plan(path: str) -> bool:
    parts = path.split("/")
    return (
        parts[-1].endswith((".yaml", ".yml"))
        and parts[-1] != schemas.CATALOG_FILENAME
        and not any(p.startswith(".") for p in parts)
    )


def load_pairs(pairs: list[Pair]) -> Loaded:
    """Load and check both versions of every pair; compare those that are valid plans."""
    result = Loaded()
    seen: set[Diagnostic] = set()
    for pair in pairs:
        sides: list[Plan | None] = []
        names: dict[str, str] = {}
        for side in (pair.old, pair.new):
            plan, problems = load_version(side) if side else (None, [])
            result.files += side is not None
            result.diagnostics += [d for d in problems if d not in seen]
            seen.update(problems)
            sides.append(plan)
            if plan:
                names.update({k: str(v.get("name", k)) for k, v in plan.catalog.types.items()})
        old, new = sides
        result.plans.append((old, new))
        labels = (pair.old.label if pair.old else None, pair.new.label if pair.new else None)
        result.comparisons.append(
            compare(*labels, old.data if old else None, new.data if new else None, names)
        )
    return result


def load_version(side: Version) -> tuple[Plan | None, list[Diagnostic]]:
    """Load one version and check it as ``plangen validate`` does: the plan is ``None`` when it
    has errors, which come back as diagnostics."""
    loaded = load_bytes(side.read(), side.label)
    problems = list(loaded.diagnostics)
    if not loaded.ok:
        return None, problems
    found = None if isinstance(loaded.data.get("enterprise_types"), list) else side.catalog()
    catalog = None
    if found is not None:
        catalog, catalog_problems = catalog_from(load_bytes(found[1], found[0]))
        problems += catalog_problems
    plan, plan_problems = checked_plan(
        Path(side.path), loaded, catalog, found[0] if found else None
    )
    problems += plan_problems
    if any(d.severity == "error" for d in problems):
        return None, problems
    return plan, problems
