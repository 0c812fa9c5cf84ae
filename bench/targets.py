"""The issue's targets, measured in the same run as the table: the rebuild of one changed plan
among 200 documents, PDFs against one LibreOffice process a file, and each target with what was
measured and whether it is met."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import corpus
from bench.run import plangen, run

#: documents of the corpus for the one-changed-plan target
AMONG = 200


def edited(made: corpus.Corpus, repeat: int, after: Callable[[int], object] | None = None) -> float:
    """The best of ``repeat`` rebuilds, each after one plan of ``made`` was edited (and
    ``after`` was given the edit's number: a commit, say)."""
    times = []
    for edit in range(1, repeat + 1):
        corpus.change_one_plan(made, edit)
        times.append(plangen("build", cwd=made.root).seconds)
        if after is not None:
            after(edit)
    return min(times)


def one_changed_among(work: Path, repeat: int) -> dict[str, Any]:
    """The rebuild after one plan is edited, in a repository of about 200 documents (the best
    of ``repeat`` edits): from the command line, under ``plangen serve --watch`` and in a git
    repository."""
    made = corpus.make(work / f"among-{AMONG}", AMONG)
    documents = plangen("build", cwd=made.root)
    seconds = edited(made, repeat)
    count = len(list((made.root / "dist").rglob("*.docx")))
    warm = one_changed_warm(made.root, repeat)
    return {
        "documents": count,
        "seconds": seconds,
        "cold_seconds": documents.seconds,
        "warm_seconds": warm,
        "git_seconds": one_changed_in_git(work, repeat),
    }


def one_changed_in_git(work: Path, repeat: int) -> float | None:
    """The same in a git repository, as offices keep their plans: the page then shows each
    plan's versions, read from git (each edit committed before the next)."""
    if shutil.which("git") is None:
        return None
    made = corpus.make(work / f"among-{AMONG}-git", AMONG)
    shutil.rmtree(made.root / ".git")
    (made.root / ".gitignore").write_text("dist/\n", encoding="utf-8")
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "方案"]):
        run(["git", *_AUTHOR, *command], made.root)
    plangen("build", cwd=made.root)

    def commit(edit: int) -> None:
        run(["git", *_AUTHOR, "commit", "-q", "-am", f"第{edit}次修改"], made.root)

    return edited(made, repeat, commit)


_AUTHOR = [
    "-c",
    "user.name=bench",
    "-c",
    "user.email=bench@example.org",
    "-c",
    "commit.gpgsign=false",
]


#: ``plangen serve --watch`` rebuilding after a save: the process is running, everything
#: imported; the first rebuild readies it, the edit's is timed (printed in seconds)
_WARM = """
import sys, time
from pathlib import Path
from bench import corpus
from plangen.core.project import find_project
from plangen.site import watch
root = Path(sys.argv[1])
project = find_project(root)
watch.rebuild(project, project.dist, "zh")
best = None
for edit in range(int(sys.argv[2])):
    corpus.change_one_plan(corpus.Corpus(root, [], 0), 100 + edit)
    started = time.perf_counter()
    watch.rebuild(project, project.dist, "zh")
    seconds = time.perf_counter() - started
    best = seconds if best is None else min(best, seconds)
print(best)
"""


def one_changed_warm(root: Path, repeat: int) -> float:
    """The rebuild after one plan is edited in the repository ``root`` as ``plangen serve
    --watch`` does it, in a process that has run a build before."""
    done = run([sys.executable, "-c", _WARM, str(root), str(repeat)], Path(__file__).parent.parent)
    return float(done.output.strip().splitlines()[-1])


def soffice_per_file(docx: list[Path], work: Path) -> dict[str, Any]:
    """``soffice --convert-to pdf``, one process a file, as one would convert them by hand."""
    soffice = shutil.which("soffice")
    assert soffice is not None
    out = work / "soffice-per-file"
    out.mkdir(parents=True, exist_ok=True)
    profile = (work / "soffice-profile").as_uri()
    started = time.perf_counter()
    for path in docx:
        command = [soffice, f"-env:UserInstallation={profile}", "--headless"]
        run([*command, "--convert-to", "pdf", "--outdir", str(out), str(path)], work)
    seconds = time.perf_counter() - started
    return {"documents": len(docx), "seconds": seconds, "docs_per_s": len(docx) / seconds}


def _get(results: dict[str, Any], *keys: str) -> float | None:
    value: Any = results
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return float(value) if isinstance(value, int | float) else None


def table(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Each target: what it asks, what was measured, and whether it is met."""
    large = "large"
    rows: list[tuple[str, str, float | None, bool | None]] = []

    def target(asked: str, measured: float | None, form: str, met: bool | None) -> None:
        rows.append((asked, form, measured, met))

    pandoc = _get(results, "sizes", large, "pandoc", "plangen_speedup")
    target("cold build of 1,000: ≥ 20× pandoc", pandoc, "{:.1f}×", pandoc and pandoc >= 20)
    docxtpl = _get(results, "sizes", large, "docxtpl", "plangen_speedup")
    target(
        "cold build of 1,000: ≥ 10× plain docxtpl", docxtpl, "{:.1f}×", docxtpl and docxtpl >= 10
    )
    noop = _get(results, "sizes", large, "noop", "of_cold")
    target("no-op rebuild of 1,000: < 5% of cold", noop, "{:.1%}", noop is not None and noop < 0.05)
    one = _get(results, "one_changed_among", "seconds")
    target(
        f"one plan changed among {AMONG}: < 0.5 s", one, "{:.2f} s", one is not None and one < 0.5
    )
    rate = _get(results, "sizes", large, "validate", "files_per_s")
    thousand = 1000 / rate if rate else None
    target(
        "validate 1,000 plans: < 3 s (at the measured files/s)",
        thousand,
        "{:.2f} s",
        thousand is not None and thousand < 3,
    )
    peak = _get(results, "sizes", large, "cold", "peak_mb")
    target(
        "peak memory, 1,000 documents: < 300 MB", peak, "{:.0f} MB", peak is not None and peak < 300
    )
    help_ = _get(results, "help_seconds")
    target("plangen --help: < 0.15 s", help_, "{:.3f} s", help_ is not None and help_ < 0.15)
    shown = []
    for asked, form, measured, met in rows:
        value = "not measured" if measured is None else form.format(measured)
        verdict = "–" if measured is None else ("met" if met else "missed")
        shown.append((asked, value, verdict))
    return shown
