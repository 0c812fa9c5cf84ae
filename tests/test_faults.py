"""Fault tests: real builds killed at random instants, stopped with Ctrl-C, run out of space on a
real (small) tmpfs, and refused by it read-only. After each fault the output folder holds one whole
set — the last one or the new one, byte for byte as an uninterrupted build makes it — its manifest
matches the files, and the next build cleans up whatever the fault left and completes.
``pytest -m faults`` runs them alone.
"""

from __future__ import annotations

import math
import os
import pty
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli
from .test_transaction import (
    PAGE,
    SEED,
    assert_matches_manifest,
    assert_refused,
    assert_whole,
    changed_plan,
    snapshot,
)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL, SIGINT and pty are POSIX"),
]

#: the shipped plan and this many copies of it: 20 documents, long enough a build to aim kills at
COPIES = 3
#: the seed of the kill instants: the same instants (relative to the build's length) in every run
RANDOM = 20140224
#: kills spread evenly over a build; two more are aimed at the writing of the staged set
KILLS = 5
#: the old set and the new one differ in this phrase, in every plan
OLD, NEW = "本实施方案", "本方案"
COMMAND = [sys.executable, "-m", "plangen", "build", "plans", "-o", "out"]
INTERRUPTED = "已中断：输出文件夹保持上次生成的样子，没有写入一半的文件。"


def _write_plans(project: Path, phrase: str) -> None:
    """The shipped plan and its copies, each in its own file (so each in its own output folder),
    with ``phrase`` where the shipped plan says 本实施方案."""
    text = (ROOT / "plans" / f"{SEED}.yaml").read_text(encoding="utf-8")
    assert OLD in text
    for name in [SEED, *(f"copy-{n}" for n in range(COPIES))]:
        path = project / "plans" / f"{name}.yaml"
        path.write_text(text.replace(OLD, phrase), encoding="utf-8")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "generator")}


def _start(project: Path, **streams: object) -> subprocess.Popen[bytes]:
    """``plangen build`` as a drafter runs it: its own process, this worktree's code."""
    out = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **streams}
    return subprocess.Popen(COMMAND, cwd=project, env=_env(), stdin=subprocess.DEVNULL, **out)  # type: ignore[call-overload]


def _build(project: Path) -> float:
    """An uninterrupted build; how long it took, seconds."""
    started = time.perf_counter()
    done = subprocess.run(COMMAND, cwd=project, env=_env(), capture_output=True, check=False)
    took = time.perf_counter() - started
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stdout + done.stderr
    return took


def _no_temporary_files(out: Path) -> None:
    """Nothing half-written inside the folder either (``write_atomic``'s ``.<name>.tmp``)."""
    hidden = [p for p in out.rglob(".*")]
    assert not hidden, hidden


def _one_of(out: Path, sets: list[dict[str, bytes]]) -> None:
    """``out`` is exactly one of ``sets``, and whole."""
    now = snapshot(out) if out.is_dir() else {}
    if now not in sets:
        differ = [sorted(set(now) ^ set(s)) or [n for n in now if now[n] != s[n]] for s in sets]
        pytest.fail(f"the output folder is none of the complete sets; differences: {differ}")
    assert_matches_manifest(out)
    _no_temporary_files(out)


def _recovers(project: Path, expected: dict[str, bytes]) -> None:
    """The next normal build succeeds, clears what the fault left and gives the whole new set."""
    _build(project)
    assert snapshot(project / "out") == expected
    assert_whole(project / "out")
    _no_temporary_files(project / "out")


def _wait_for_staging(project: Path, running: subprocess.Popen[bytes]) -> None:
    """Until the build starts writing its staged set (or ends first)."""
    while running.poll() is None and not any(project.glob(".plangen-staging-*")):
        time.sleep(0.002)


def test_a_build_killed_at_random_instants(project: Path) -> None:
    """Each kill lands somewhere in a real build: loading, rendering, writing the staged set,
    syncing, switching, cleaning up — or before it starts or after it ends, which must pass the
    same checks. Builds go back and forth between the two texts, so every kill interrupts a build
    that would change every document."""
    out = project / "out"
    _write_plans(project, OLD)
    first = _build(project)
    sets = {OLD: snapshot(out)}
    _write_plans(project, NEW)
    seconds = min(first, _build(project))  # both render every document, as each build below
    sets[NEW] = snapshot(out)
    assert sets[OLD] != sets[NEW]
    rng = random.Random(RANDOM)
    # stratified: one instant in each slice of the build's length (measured on a loaded machine,
    # a build may end sooner or later: a kill past its end must pass the same checks)
    kills = [(False, seconds * (k + rng.random()) / KILLS) for k in range(KILLS)]
    # aimed, counted from the moment the staged set is begun: early while it is written, then
    # later while the page is written, the set synced, switched in, the old one removed (or after)
    kills += [(True, rng.uniform(0, seconds / 20)), (True, rng.uniform(seconds / 20, seconds / 4))]
    current = NEW
    for aimed, delay in kills:
        target = OLD if current == NEW else NEW
        _write_plans(project, target)
        running = _start(project)
        if aimed:
            _wait_for_staging(project, running)
        time.sleep(delay)
        running.kill()
        running.communicate(timeout=60)
        _one_of(out, [sets[current], sets[target]])
        _recovers(project, sets[target])
        current = target


def _read_until(master: int, done: bytes | None, seen: bytearray, deadline: float) -> None:
    """Read the terminal's output into ``seen`` until it holds ``done`` (None: until the program
    ends)."""
    while (done is None or done not in seen) and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the program closed the terminal: it has ended
            return
        if not chunk:
            return
        seen += chunk


def test_ctrl_c_in_the_middle_of_a_build(project: Path) -> None:
    """Ctrl-C once the build shows it is rendering (its progress line on a terminal): a clear
    message, no traceback, and the last set as it was."""
    out = project / "out"
    _write_plans(project, OLD)
    _build(project)
    before = snapshot(out)
    _write_plans(project, NEW)
    try:
        master, terminal = pty.openpty()
    except OSError as err:  # a container without /dev/pts
        pytest.skip(f"no pseudo-terminal here ({err}): the progress line needs one")
    try:
        running = _start(project, stderr=terminal)
        os.close(terminal)
        seen = bytearray()
        deadline = time.monotonic() + 60
        # the third document rendered: well inside rendering, long before the set is written
        _read_until(master, "正在生成 3：".encode(), seen, deadline)
        running.send_signal(signal.SIGINT)
        _read_until(master, None, seen, deadline)
        stdout, _ = running.communicate(timeout=60)
    finally:
        os.close(master)
    stderr = seen.decode("utf-8", "replace")
    assert "正在生成 3：" in stderr, stderr
    # a program that ends on Ctrl-C may end by the signal itself (CPython does when the
    # interrupt passed through an exec()): the shell shows 130 for both
    assert running.returncode in (130, -signal.SIGINT), stderr
    assert "Traceback" not in stderr
    assert stderr.rsplit("\x1b[K", 1)[-1].strip() == INTERRUPTED
    assert stdout == b""
    assert snapshot(out) == before
    assert_whole(out)


# --- a full disk, a read-only one: a real tmpfs ---------------------------------------------------

#: big enough for one set (about 0.5 MB) and a second being staged beside it
DISK = "2m"
BLOCK = 4096  # tmpfs hands out whole pages


def _unavailable(reason: str) -> None:
    """Skip where a tmpfs cannot be mounted (not root, no CAP_SYS_ADMIN); fail in CI (``CI``
    set), which runs as root where mounting works, so the test is never skipped there unseen."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of ``DISK`` mounted in the test's folder; unmounted afterwards whatever happens."""
    if not sys.platform.startswith("linux"):
        pytest.skip("a tmpfs is Linux's")
    if os.geteuid() != 0:
        _unavailable("mounting a tmpfs needs root (the test fills a real, small disk)")
    if shutil.which("mount") is None or shutil.which("umount") is None:
        _unavailable("mount and umount are not installed (util-linux)")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = _mount("-t", "tmpfs", "-o", f"size={DISK},mode=0755", "plangen-test", str(disk))
    if mounted.returncode != 0:
        _unavailable(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        if subprocess.run(["umount", str(disk)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(disk)], check=False)  # busy: detach it anyway


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


def _pages(data: dict[str, bytes]) -> int:
    """The room ``data``'s files take on a tmpfs, bytes."""
    return sum(math.ceil(len(b) / BLOCK) * BLOCK for b in data.values())


def _fill(disk: Path, leave: int) -> Path:
    """A file that leaves ``leave`` bytes free on ``disk``."""
    stat = os.statvfs(disk)
    size = stat.f_bavail * stat.f_frsize - leave
    assert size > 0, "the disk is too small for this test"
    filler = disk / "filler"
    with filler.open("wb") as handle:
        handle.write(bytes(size))
    return filler


def _room(before: dict[str, bytes], where: str) -> int:
    """Free space that runs out ``where`` in the next build: at once (even the lock cannot be
    written), in the middle of the documents, or in the middle of the download page."""
    documents = {k: v for k, v in before.items() if not k.startswith(PAGE)}
    page = {k: v for k, v in before.items() if k not in documents}
    return {
        "at-once": 0,
        "documents": _pages(documents) // 2,
        "page": _pages(documents) + _pages(page) // 2,
    }[where]


@pytest.mark.parametrize("where", ["at-once", "documents", "page"])
def test_a_full_disk_keeps_the_last_set(project: Path, small_disk: Path, where: str) -> None:
    out = small_disk / "out"
    assert run_cli("build", "-o", "disk/out").exit_code == 0
    before = snapshot(out)
    changed_plan(project)
    filler = _fill(small_disk, _room(before, where))
    assert_refused(run_cli("build", "-o", "disk/out"), "磁盘空间已满", "disk/out")
    assert snapshot(out) == before
    assert_whole(out)
    filler.unlink()  # space again: the next build goes through
    assert run_cli("build", "-o", "disk/out").exit_code == 0
    assert snapshot(out) != before
    assert_whole(out)
    _no_temporary_files(out)


def test_a_read_only_disk_keeps_the_last_set(project: Path, small_disk: Path) -> None:
    out = small_disk / "out"
    assert run_cli("build", "-o", "disk/out").exit_code == 0
    before = snapshot(out)
    changed_plan(project)
    assert _mount("-o", "remount,ro", str(small_disk)).returncode == 0
    assert_refused(run_cli("build", "-o", "disk/out"), "文件系统是只读的", "disk/out")
    assert snapshot(out) == before
    assert_matches_manifest(out)
    assert _mount("-o", "remount,rw", str(small_disk)).returncode == 0
    assert run_cli("build", "-o", "disk/out").exit_code == 0
    assert snapshot(out) != before
    assert_whole(out)
