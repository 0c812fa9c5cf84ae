"""Rendering a large batch of documents on every core, in order, with the bytes one core makes.

A document is rendered by pure code from its composed model and the template (``build``), so the
batch can be shared out: forked worker processes inherit the composed documents and the prepared
template (no pickling of either), render consecutive runs of them (a plan's editions together,
so they share the pagination caches) and send back the bytes, which the build takes in the
batch's order. Forking only pays for itself on a batch of some size and on cores that other
work leaves idle, and is only safe in a process with no other threads (``plangen serve``
rebuilds in one): otherwise, and where there is no ``fork`` (Windows, macOS), the batch is
rendered here, one by one. ``wanted`` (``plangen build`` takes it from ``PLANGEN_WORKERS``)
sets the number of processes instead (1: never fork).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
import threading
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass

from plangen.document.model import Document
from plangen.plan.validate import Plan

#: the smallest batch worth forking for (measured on two cores: forking and collecting cost
#: about what rendering 30 documents does)
MIN_BATCH = 64
MAX_WORKERS = 8
#: documents a worker takes at a time: few enough to share the work out evenly, enough that a
#: plan's editions usually go to one worker and the messages stay few
CHUNK = 8


@dataclass(frozen=True)
class Job:
    """One document to render: what ``build.render_document`` takes besides the template."""

    plan: Plan
    document: Document
    content_hash: str
    moment: dt.datetime


Render = Callable[[Job], bytes]

#: the batch being rendered, for the forked workers to inherit (set only while a pool runs)
_batch: tuple[Render, Sequence[Job]] | None = None


def workers(batch: int, wanted: int | None = None) -> int:
    """How many processes render a batch of ``batch`` documents (1: this one alone): ``wanted``
    when given, else as many as pay for themselves."""
    if wanted is not None:
        count = wanted
    elif batch < MIN_BATCH:
        count = 1
    else:
        # Only the cores other work leaves idle (this process counts as one of them): on a busy
        # machine, more processes only take turns on the same cores, slower than one (measured
        # on two cores at a load of 4: 30% more CPU time, no less wall time).
        cores = len(os.sched_getaffinity(0))
        idle = round(cores - os.getloadavg()[0]) + 1
        count = max(1, min(cores, idle, MAX_WORKERS))
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    return max(1, min(count, batch))


def rendered(
    jobs: Sequence[Job],
    render: Render,
    prepare: Callable[[], object],
    wanted: int | None = None,
) -> Generator[bytes, None, None]:
    """Each job's bytes, in the jobs' order; ``prepare`` readies what every job needs (the
    template) before the workers are forked, so that they inherit it ready."""
    count = workers(len(jobs), wanted)
    if count == 1:
        yield from map(render, jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _batch
    prepare()
    _batch = (render, jobs)
    # What the workers inherit stays shared only while nothing writes to it: the collector of
    # a worker would walk (and so copy) every inherited object, unless they are frozen first.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(count, mp_context=context) as pool:
            for index, data in enumerate(pool.map(_render, range(len(jobs)), chunksize=CHUNK)):
                # a document that failed is rendered here again, to raise its error as it is
                yield render(jobs[index]) if data is None else data
    finally:
        gc.unfreeze()
        _batch = None


def _render(index: int) -> bytes | None:
    """In a worker: the bytes of the batch's job ``index``, or ``None`` when it fails (plangen's
    errors lose their details when pickled; the parent renders it again and raises it whole)."""
    assert _batch is not None
    render, jobs = _batch
    try:
        return render(jobs[index])
    except Exception:  # raised again, whole, where the build runs
        return None
