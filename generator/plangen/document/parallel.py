"""Sharing a build's work out across the cores: each plan is made by pure code from its own
file and what every plan shares (``produce``), so a long list of plans can be split among forked
worker processes. They inherit everything ready (the template prepared, the schemas compiled, the
last build's manifest; no pickling of any of it), take consecutive runs of the list and send back
what they made, which the build takes in the list's order: the same bytes as one process.
Forking only pays for itself on a list of some length and on cores that other work leaves idle,
and is only safe in a process with no other threads (``plangen serve`` rebuilds in one):
otherwise, and where there is no ``fork`` (Windows, macOS), the list is worked through here, one
by one. ``wanted`` (``plangen build`` takes it from ``PLANGEN_WORKERS``) sets the number of
processes instead (1: never fork).
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections.abc import Callable, Generator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: the shortest list worth forking for, in plans (measured on two cores: forking and collecting
#: cost about what making 30 documents does, and a plan has one to five)
MIN_BATCH = 32
MAX_WORKERS = 8
#: items a worker takes at a time: few enough to share the work out evenly, enough that the
#: messages stay few
CHUNK = 4

#: the work being shared out, for the forked workers to inherit (set only while a pool runs)
_batch: tuple[Callable[[Any], Any], Callable[[Any], Any], Sequence[Any]] | None = None


def workers(batch: int, wanted: int | None = None) -> int:
    """How many processes work through a list of ``batch`` plans (1: this one alone):
    ``wanted`` when given, else as many as pay for themselves."""
    if wanted is not None:
        count = wanted
    elif batch < MIN_BATCH:
        count = 1
    else:
        # Only the cores other work leaves idle: on a busy machine, more processes only take
        # turns on the same cores, slower than one (measured on two cores at a load of 4: 30%
        # more CPU time, no less wall time).
        cores = len(os.sched_getaffinity(0))
        idle = cores - others_running()
        count = max(1, min(cores, idle, MAX_WORKERS))
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    return max(1, min(count, batch))


def others_running() -> int:
    """How many other processes run or wait to run now: the runnable tasks of ``/proc/loadavg``
    (its fourth field, ``3/80``: this process included), the fewest of three looks a
    millisecond apart, so that a passing ``git`` is not taken for work. Not the load average:
    it is the last minute's, and still counts the build that just ended, so that a build run
    right after another would share out nothing. Where there is no such file, the load average
    all the same."""
    counts = []
    for look in range(3):
        try:
            with open("/proc/loadavg", encoding="ascii") as status:
                counts.append(runnable(status.read()))
        except (OSError, ValueError, IndexError):
            return max(0, round(os.getloadavg()[0]) - 1)
        if look < 2:
            time.sleep(0.001)
    return max(0, min(counts) - 1)


def runnable(loadavg: str) -> int:
    """The runnable tasks ``/proc/loadavg`` gives (``0.50 0.67 0.67 3/80 13286`` → 3)."""
    return int(loadavg.split()[3].split("/")[0])


def mapped(
    items: Sequence[T],
    work: Callable[[T], R],
    prepare: Callable[[], object],
    wanted: int | None = None,
    portable: Callable[[R], R] = lambda made: made,
) -> Generator[R, None, None]:
    """``work`` done on each item, in the items' order; ``prepare`` readies what every item
    needs before the workers are forked, so that they inherit it ready; a worker sends back
    ``portable(work(item))``, what the caller needs of it."""
    count = workers(len(items), wanted)
    if count == 1:
        yield from map(work, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _batch
    prepare()
    _batch = (work, portable, items)
    # What the workers inherit stays shared only while nothing writes to it: the collector of
    # a worker would walk (and so copy) every inherited object, unless they are frozen first.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(count, mp_context=context) as pool:
            for index, made in enumerate(pool.map(_work, range(len(items)), chunksize=CHUNK)):
                # an item that failed is worked here again, to raise its error as it is
                yield work(items[index]) if isinstance(made, _Failed) else made
    finally:
        gc.unfreeze()
        _batch = None


class _Failed:
    """What a worker sends back for an item whose work raised."""


def _work(index: int) -> Any:
    """In a worker: what the work makes of the item ``index``, or ``_Failed`` (plangen's errors
    lose their details when pickled; the parent works the item again and raises it whole)."""
    assert _batch is not None
    work, portable, items = _batch
    try:
        return portable(work(items[index]))
    except Exception:  # raised again, whole, where the build runs
        return _Failed()
