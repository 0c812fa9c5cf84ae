"""Writing files: atomically (temporary name, then rename), so a failed or interrupted build never
leaves a half-written document where the last good one was."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    import tempfile  # here: a build with nothing to do writes nothing, and imports it for nothing

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_staged(path: Path, data: bytes) -> None:
    """Write a file of a staged set (``transaction.staged``): directly, without a temporary name,
    and not yet synced. Nobody reads the staging folder and a failed build removes all of it, so
    a half-written file there can never be seen; the folder's rename is the commit point, and
    :func:`sync_tree` makes the whole set durable just before it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except FileNotFoundError:  # its folder is not there yet (asked only then: a set has many)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, flags, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o644)  # whatever the umask, as write_atomic leaves it


def link_staged(source: Path, path: Path, data: bytes) -> None:
    """Put a file of a staged set that the last set already has, with these very ``data``: as a
    second name for the same file (a hard link costs no copy and no write), or written where the
    file system cannot link. Files are never changed in place, only replaced, so the old set's
    removal leaves the new name intact."""
    try:
        try:
            os.link(source, path)
        except FileNotFoundError:
            if not source.exists():
                raise
            path.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, path)
    except OSError:  # no hard links here (some network or FAT file systems), or source gone
        write_staged(path, data)


def put_staged(path: Path, data: bytes, last: Path | None = None) -> None:
    """A file of a staged set: a second name of ``last``, the last set's file holding these very
    ``data``, when there is one (:func:`link_staged`), else written (:func:`write_staged`)."""
    if last is None:
        write_staged(path, data)
    else:
        link_staged(last, path, data)


#: threads that sync a set's files (their syncs fold into a few journal commits)
THREADS = 8


def sync_tree(folder: Path) -> None:
    """Make every file under ``folder`` and the folders themselves durable before the folder is
    renamed into place.

    Not a single fsync of the folder: fsync of a directory persists its entries, not its files'
    data, and a power cut after the rename could then leave the new set with empty or truncated
    files (ext4 and xfs write data lazily). So every file is still synced, but all at once from a
    few threads instead of one after the other as it is written: the file system folds the
    concurrent syncs into a few journal commits instead of one per file. Then the folders'
    entries, from the same threads (not on Windows, where a folder cannot be opened for it).

    On Linux, one ``syncfs`` of the file system does all of that in a single call (the set and
    its staging folder's sibling, the output folder, are on one file system: they are renamed
    into each other): for a thousand documents and their folders, tens of milliseconds instead
    of half a second. It also writes what other programs left unwritten on that file system.
    """
    if _syncfs(folder):
        return
    from concurrent.futures import ThreadPoolExecutor

    files, folders = [], [folder]
    for top, subfolders, names in os.walk(folder):
        files += [Path(top, name) for name in names]
        folders += [Path(top, name) for name in subfolders]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(_fsync_unless_linked, files))
        if os.name != "nt":  # all must be done before the rename, in no particular order
            list(pool.map(_fsync, folders))


def _syncfs(folder: Path) -> bool:
    """``syncfs(2)`` of the file system holding ``folder``; false where there is none (not
    Linux) or it failed (then the files are synced one by one)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    syncfs = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)  # the C library's
    if syncfs is None:
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        return bool(syncfs(fd) == 0)
    finally:
        os.close(fd)


def _fsync_unless_linked(path: Path) -> None:
    """Sync a file of the staged set, unless it is a second name of a file of the last set
    (:func:`link_staged`): that one was synced when its set was committed."""
    if os.stat(path).st_nlink < 2:
        _fsync(path)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Persist ``folder``'s entries (after a rename in it); nothing on Windows."""
    if os.name != "nt":
        _fsync(folder)
