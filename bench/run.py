"""Running a command as a user does, timed, with its peak memory.

The peak is the resident set of the command and of every process it waited for (LibreOffice
under ``plangen build --pdf``), as the kernel reports it to ``wait4`` — the per-command form of
``resource.getrusage(RUSAGE_CHILDREN)``. The CPU time (user + system) comes from the same report:
unlike the wall-clock time, it barely changes when other work shares the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PLANGEN = str(Path(sys.executable).with_name("plangen"))


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu: float  # user + system seconds of the command and what it waited for
    peak_mb: float  # peak resident set, MiB
    output: str


class CommandFailed(RuntimeError):
    pass


def user_env() -> dict[str, str]:
    """The environment a command runs in as on a user's machine: Python keeps the compiled
    bytecode of what it imports (``PYTHONDONTWRITEBYTECODE``, set on some build machines, would
    have every run compile plangen's modules again, a tenth of a second of each)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` in ``cwd``; fail loudly when it fails (a benchmark of an error is none)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=user_env() if env is None else env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise CommandFailed(f"{' '.join(command)} → exit {process.returncode}\n{output}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output)


def plangen(*args: str, cwd: Path) -> Run:
    return run([PLANGEN, *args], cwd)


def best_of(times: int, command: Sequence[str], cwd: Path) -> Run:
    return min((run(command, cwd) for _ in range(times)), key=lambda r: r.seconds)
