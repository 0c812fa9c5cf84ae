"""Reading plans out of git: the one module that runs ``git`` (through ``subprocess``).

Every function takes the folder to run in and returns plain data; failures become
:class:`~plangen.core.errors.PlangenError` values with exit code 2 ("trouble", as for diff(1)).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from plangen.core.errors import PlangenError, ToolMissing


class GitError(PlangenError):
    """git refused (a bad revision, not a repository): exit code 2."""

    exit_code = 2


class GitMissing(ToolMissing):
    exit_code = 2


@dataclass(frozen=True)
class Changed:
    """A file changed between two revisions: ``old`` or ``new`` is ``None`` when it was added or
    removed; paths are relative to the top of the repository."""

    old: str | None
    new: str | None


def run(args: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run ``git ARGS`` in ``cwd``; with ``check``, a failure raises :class:`GitError`."""
    env = {**os.environ, "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env, check=False)
    except FileNotFoundError as err:
        raise GitMissing("git.missing") from err
    if check and done.returncode != 0:
        detail = done.stderr.decode("utf-8", errors="replace").strip()
        raise GitError("git.failed", detail=detail or f"git {' '.join(args)}")
    return done


def toplevel(cwd: Path, arg: str) -> Path:
    """The top folder of the repository around ``cwd``; ``arg`` is what needed it (for the
    message when there is no repository)."""
    done = run(["rev-parse", "--show-toplevel"], cwd, check=False)
    if done.returncode != 0:
        raise GitError("git.not-a-repository", arg=arg)
    return Path(done.stdout.decode("utf-8").strip())


def heads(folders: Iterable[Path]) -> list[str]:
    """For each folder, its repository's top and current commit (empty outside a repository or
    without git): what the history of the plans in it is read from. One process a folder."""
    found = []
    for folder in folders:
        try:
            done = run(["rev-parse", "--show-toplevel", "HEAD"], folder, check=False)
        except GitMissing:
            return []
        found.append(done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else "")
    return found


def prefix(cwd: Path) -> str:
    """``cwd`` relative to the top of the repository, ending in ``/`` (or empty at the top)."""
    return run(["rev-parse", "--show-prefix"], cwd).stdout.decode("utf-8").strip()


def object_type(spec: str, cwd: Path) -> str | None:
    """``commit``, ``blob``, ``tree`` or ``tag`` for what ``spec`` names; ``None`` if nothing."""
    done = run(["cat-file", "-t", spec], cwd, check=False)
    if done.returncode != 0:
        return None
    return done.stdout.decode("ascii", errors="replace").strip()


def is_commit(spec: str, cwd: Path) -> bool:
    done = run(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", spec + "^{commit}"],
        cwd,
        check=False,
    )
    return done.returncode == 0


def show(spec: str, cwd: Path) -> bytes:
    """The bytes of a file at a revision: ``show("HEAD~1:plans/x.yaml", cwd)``."""
    # --no-textconv: the stored bytes, even when a diff driver (plangen textconv) is set up
    return run(["show", "--no-textconv", spec], cwd).stdout


def exists(spec: str, cwd: Path) -> bool:
    return run(["cat-file", "-e", spec], cwd, check=False).returncode == 0


def changed(old_rev: str, new_rev: str | None, pathspecs: list[str], cwd: Path) -> list[Changed]:
    """Files changed from ``old_rev`` to ``new_rev`` (``None``: the working tree, including new
    files git does not ignore), renames followed."""
    revs = [old_rev] if new_rev is None else [old_rev, new_rev]
    out = run(["diff", "--name-status", "-z", "-M", *revs, "--", *pathspecs], cwd).stdout
    fields = [f.decode("utf-8") for f in out.split(b"\0") if f]
    result: list[Changed] = []
    index = 0
    while index < len(fields):
        status = fields[index][:1]
        if status in ("R", "C"):
            old, new = fields[index + 1], fields[index + 2]
            result.append(Changed(old if status == "R" else None, new))
            index += 3
            continue
        path = fields[index + 1]
        result.append(Changed(None if status == "A" else path, None if status == "D" else path))
        index += 2
    if new_rev is None:
        listed = ["ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--"]
        untracked = run([*listed, *pathspecs], cwd).stdout
        result += [Changed(None, f.decode("utf-8")) for f in untracked.split(b"\0") if f]
    return result


def names_something(rev: str, path: str, cwd: Path) -> bool:
    """Whether ``path`` (relative to ``cwd``) is a file or folder at revision ``rev``."""
    done = run(["ls-tree", "--name-only", rev, "--", path], cwd, check=False)
    return done.returncode == 0 and bool(done.stdout.strip())


def author_date(rev: str, cwd: Path) -> tuple[str, dt.datetime]:
    """The author and the author date of a commit."""
    out = run(["log", "-1", "--format=%an%x00%aI", rev, "--"], cwd).stdout.decode("utf-8")
    name, _, date = out.strip().partition("\0")
    return name, dt.datetime.fromisoformat(date)


def user_name(cwd: Path) -> str | None:
    """``user.name`` from git's configuration, if git is there and it is set."""
    try:
        done = run(["config", "user.name"], cwd, check=False)
    except GitMissing:
        return None
    name = done.stdout.decode("utf-8", errors="replace").strip()
    return name or None
