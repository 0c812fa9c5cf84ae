"""Writing files: atomically (temporary name, then rename), so a failed or interrupted build never
leaves a half-written document where the last good one was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
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
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o644)  # whatever the umask, as write_atomic leaves it


def sync_tree(folder: Path) -> None:
    """Make every file under ``folder`` and the folders themselves durable before the folder is
    renamed into place.

    Not a single fsync of the folder: fsync of a directory persists its entries, not its files'
    data, and a power cut after the rename could then leave the new set with empty or truncated
    files (ext4 and xfs write data lazily). So every file is still synced, but all at once from a
    few threads instead of one after the other as it is written: the file system folds the
    concurrent syncs into a few journal commits instead of one per file. Then the folders'
    entries, deepest first (not on Windows, where a folder cannot be opened for it).
    """
    from concurrent.futures import ThreadPoolExecutor

    paths = sorted(folder.rglob("*"))
    files = [p for p in paths if p.is_file()]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(_fsync, files))
    if os.name != "nt":
        for sub in [*reversed([p for p in paths if p.is_dir()]), folder]:
            _fsync(sub)


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
