"""Making plans on several processes: the same bytes in the same order as one process, and a
plan that fails raises its own error, whole."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from plangen.core.errors import RenderError
from plangen.document import parallel

from .conftest import run_cli

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only")


def where(item: int) -> bytes:
    time.sleep(0.005)  # long enough that both workers get some
    return f"{item}:{os.getpid()}".encode()


def test_forks_only_for_a_large_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    cores = len(os.sched_getaffinity(0))
    # a build right after a busy minute: the load average is high, nothing else runs now
    monkeypatch.setattr(os, "getloadavg", lambda: (cores + 1.0, cores + 1.0, 0.5))
    monkeypatch.setattr(parallel, "others_running", lambda: 0)
    assert parallel.workers(parallel.MIN_BATCH - 1) == 1
    assert parallel.workers(parallel.MIN_BATCH) == min(cores, parallel.MAX_WORKERS)
    monkeypatch.setattr(parallel, "others_running", lambda: cores)
    assert parallel.workers(1000) == 1  # a busy machine: forking would only slow it down
    assert parallel.workers(1000, wanted=1) == 1
    assert parallel.workers(10, wanted=2) == 2


def test_what_runs_now_is_read_from_proc_loadavg() -> None:
    assert parallel.runnable("0.50 0.67 0.67 3/80 13286\n") == 3
    assert 0 <= parallel.others_running() < 1000  # this machine's, this process left out


def test_in_order_from_other_processes() -> None:
    prepared: list[int] = []
    sent: list[int] = []
    made = list(
        parallel.mapped(range(40), where, lambda: prepared.append(1), 2, lambda m: m + b":sent")
    )
    assert [int(m.split(b":")[0]) for m in made] == list(range(40))
    assert all(m.endswith(b":sent") for m in made) and sent == []  # made portable there
    pids = {int(m.split(b":")[1]) for m in made}
    assert os.getpid() not in pids and len(pids) == 2
    assert prepared == [1]  # once, before the workers were forked


def test_a_failing_document_raises_its_own_error() -> None:
    def failing(item: int) -> bytes:
        if item == 13:
            raise RenderError("render.template", template="official", detail="第13份")
        return b"ok"

    with pytest.raises(RenderError) as raised:
        list(parallel.mapped(range(30), failing, lambda: None, wanted=2))
    assert raised.value.args_ == {"template": "official", "detail": "第13份"}


def test_a_build_on_two_processes_writes_the_same_bytes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``PLANGEN_WORKERS`` (read by the command) sets the processes; the documents, the
    manifest and the page (its previews made in the workers) are the same bytes."""
    import shutil

    shutil.copytree(project / "plans", project / "plans" / "more")  # two plans, two catalogues
    monkeypatch.setenv("PLANGEN_WORKERS", "2")
    counts: list[int] = []
    real = parallel.workers
    monkeypatch.setattr(parallel, "workers", lambda *a: counts.append(real(*a)) or counts[-1])
    assert run_cli("build", "-o", "two").exit_code == 0
    assert counts == [2]  # it forked
    monkeypatch.setenv("PLANGEN_WORKERS", "1")
    assert run_cli("build", "-o", "one").exit_code == 0
    one = sorted(
        p.relative_to(project / "one") for p in (project / "one").rglob("*") if p.is_file()
    )
    two = sorted(
        p.relative_to(project / "two") for p in (project / "two").rglob("*") if p.is_file()
    )
    assert one == two and len([p for p in one if p.suffix == ".docx"]) == 10
    for name in one:
        assert (project / "one" / name).read_bytes() == (project / "two" / name).read_bytes()


def test_problems_found_on_two_processes_are_reported_as_on_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = project / "plans" / "broken.yaml"
    broken.write_text("document:\n  title: 方案\n", encoding="utf-8")
    said = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("PLANGEN_WORKERS", workers)
        result = run_cli("build", "-o", "out")
        assert result.exit_code == 1
        said[workers] = result.output
    assert said["1"] == said["2"] and "plans/broken.yaml:" in said["1"]
