"""An output folder that changes all at once or not at all, and one writer at a time.

A build writes its whole set into a staging folder *beside* the output folder
(``.plangen-staging-<name>-<pid>``), then switches. On Linux the two folders swap in one step
(``renameat2(RENAME_EXCHANGE)``, through ctypes: Python has no call for it), so at every instant
the output folder holds one whole set, the old or the new; the old one, now in the staging
folder, is deleted with it. Elsewhere (and on a Linux file system without the exchange) the old
folder is renamed aside (``.plangen-old-<name>-<pid>``), the staged one renamed in, the old one
deleted. Renaming a folder within one file system is atomic on Linux, macOS and Windows, so a
reader sees either the old set or the new one, never a mixture; but between the two renames the
output folder is briefly missing, and a build killed in that instant leaves the old set aside,
which the next build (under the lock) puts back before anything else. (A symlink to generations
would need privileges on Windows.) On Windows the first rename fails while a document is open in
Word: the build then stops with a message and the old set stays.

A lock file beside the output folder (``.plangen-<name>.lock``, holding the writer's pid) keeps two
builds — or a build and ``plangen site`` — from interleaving; a lock left by a process that no
longer exists is taken over, and whatever that process left half-written is removed.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

from plangen.core.errors import PlangenError
from plangen.core.writer import sync_folder, sync_tree

#: how long a second writer waits for the first before refusing (seconds)
LOCK_WAIT = 5.0
#: a lock still without a pid after this long (seconds) was left by a writer that died
EMPTY_LOCK_AGE = 2.0

_REASONS = {
    errno.ENOSPC: "write.no-space",
    errno.EDQUOT: "write.no-space",
    errno.EACCES: "write.no-permission",
    errno.EPERM: "write.no-permission",
    errno.EROFS: "write.read-only",
    errno.ENOTDIR: "write.not-a-folder",
    errno.EEXIST: "write.not-a-folder",
    errno.ENAMETOOLONG: "write.name-too-long",
}


class OutputError(PlangenError):
    """The output folder cannot be written, or another build is writing it. Exit code 1."""


def write_failure(err: OSError, path: Path) -> OutputError:
    """The error to show for ``err`` raised while writing ``path``: what happened, in words."""
    from plangen.core.messages import Message

    reason = _REASONS.get(err.errno or 0)
    detail = Message(reason) if reason else Message("write.os-error", {"detail": err.strerror})
    return OutputError("write.failed", path=path, reason=detail)


def _sibling(out_dir: Path, kind: str, pid: int | str) -> Path:
    return out_dir.parent / f".plangen-{kind}-{out_dir.name}-{pid}"


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still exists."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill would terminate the process there
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _holder(lock: Path) -> int:
    try:
        return int(lock.read_text(encoding="ascii").strip() or 0)
    except (OSError, ValueError):
        return 0


def _abandoned(lock: Path) -> bool:
    """Whether ``lock`` holds no pid and is older than a live writer takes to write one: its
    writer died between creating and writing it. Without a pid no one could tell it is dead, and
    every later build would wait for it and refuse."""
    try:
        info = lock.stat()
    except OSError:
        return False
    return info.st_size == 0 and time.time() - info.st_mtime > EMPTY_LOCK_AGE


def _try_lock(lock: Path) -> bool:
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(f"{os.getpid()}\n")
    except BaseException:  # a full disk: a lock without its pid would block every later build
        lock.unlink(missing_ok=True)
        raise
    return True


@contextmanager
def locked(out_dir: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the output folder's lock; wait up to ``wait`` seconds for another writer, then refuse."""
    lock = out_dir.parent / f".plangen-{out_dir.name}.lock"
    deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        while not _try_lock(lock):
            holder = _holder(lock)
            if (holder and not _alive(holder)) or (not holder and _abandoned(lock)):
                lock.unlink(missing_ok=True)  # left by a build that was killed
                continue
            if time.monotonic() >= deadline:
                raise OutputError("write.locked", path=out_dir, pid=holder or "?")
            time.sleep(0.1)
    except OSError as err:
        raise write_failure(err, out_dir) from None
    try:
        recover(out_dir)
        yield
    finally:
        lock.unlink(missing_ok=True)


def settle(out_dir: Path) -> None:
    """Wait for a build writing ``out_dir`` to finish, and undo what a killed one left: call before
    reading the output folder (the page reads the manifest)."""
    with locked(out_dir):
        pass


def recover(out_dir: Path) -> None:
    """Undo what a killed build left (call with the lock held): an old set renamed aside goes back
    when the output folder is missing; staging and old folders are removed."""
    leftovers = sorted(out_dir.parent.glob(f".plangen-old-{out_dir.name}-*"))
    if leftovers and not out_dir.exists():
        leftovers.pop().rename(out_dir)
    leftovers += out_dir.parent.glob(f".plangen-staging-{out_dir.name}-*")
    for folder in leftovers:
        _remove_tree(folder)


#: the file that marks a folder as plangen's output (``document.build.MANIFEST``)
MARKER = "manifest.json"


def check_replaceable(out_dir: Path, keep: list[Path]) -> None:
    """Refuse an output folder whose replacement would delete what is not plangen's: one that
    holds any of ``keep`` (the plans, the repository), or a folder with files but no manifest."""
    target = out_dir.resolve()
    for path in keep:
        if path.resolve().is_relative_to(target):
            raise OutputError("write.holds-sources", path=out_dir, source=path)
    if target.is_dir() and not (target / MARKER).is_file() and any(target.iterdir()):
        raise OutputError("write.not-ours", path=out_dir, marker=MARKER)


@contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """A fresh staging folder for ``out_dir``'s next set (call with the lock held); when the block
    ends normally the staged set replaces the output folder, else it is removed and the output
    folder stays as it was."""
    staging = _sibling(out_dir, "staging", os.getpid())
    try:
        _remove_tree(staging)
        staging.mkdir()
    except OSError as err:
        raise write_failure(err, out_dir) from None
    try:
        yield staging
        try:
            sync_tree(staging)  # durable before the rename commits it
        except OSError as err:
            raise write_failure(err, out_dir) from None
        _switch(staging, out_dir)
    finally:
        _remove_tree(staging)


def _switch(staging: Path, out_dir: Path) -> None:
    """Put the staged set where ``out_dir`` is: swapped in one step where the system can (the
    old set is then in ``staging``, which ``staged`` removes), else the old set renamed aside
    first."""
    old = _sibling(out_dir, "old", os.getpid())
    try:
        if out_dir.exists():
            if not out_dir.is_dir():
                raise OSError(errno.ENOTDIR, "not a folder", str(out_dir))
            if not _exchange(staging, out_dir):
                out_dir.rename(old)
                staging.rename(out_dir)
        else:
            staging.rename(out_dir)
    except OSError as err:
        if old.exists() and not out_dir.exists():
            old.rename(out_dir)
        raise write_failure(err, out_dir) from None
    with suppress(OSError):  # the rename itself, durable; the switch is done either way
        sync_folder(out_dir.parent)
    _remove_tree(old)


#: renameat2's arguments: paths relative to the current folder; swap the two names
AT_FDCWD = -100
RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap the folders ``a`` and ``b`` in one step; False where it cannot be done (not Linux, a C
    library without renameat2, a file system without the exchange, or any other refusal: the
    two renames that follow then fail or not on their own terms)."""
    call = _renameat2()
    if call is None:
        return False
    return call(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0


@cache
def _renameat2() -> Callable[..., int] | None:
    """The C library's renameat2 (glibc 2.28 and later), or None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


def _remove_tree(folder: Path) -> None:
    """``folder`` and everything in it, as far as it can be removed: what is left is a staged or
    old set's, never the output folder's. (``shutil`` imported here: a build with nothing to do
    removes nothing, and importing it cost such a build 2 ms.)"""
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
