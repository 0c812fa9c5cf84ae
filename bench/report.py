"""The results as a plain-text table (one column per corpus size) and as ``RESULTS.md``."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import targets

Row = tuple[str, Callable[[dict[str, Any]], str]]


def _version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except OSError:
        return "not found"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else "?"


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            ]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "plangen": metadata.version("plangen"),
        "docxtpl": metadata.version("docxtpl"),
        "pandoc": _version(["pandoc", "--version"]),
        "libreoffice": _version(["soffice", "--version"]),
    }


def file_system(folder: Path) -> str:
    """``folder`` and the type of the file system it is on (from ``/proc/mounts``)."""
    kind = "?"
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            found = [line.split()[1:3] for line in mounts]
        best = max((m for m in found if folder.is_relative_to(m[0])), key=lambda m: len(m[0]))
        kind = best[1]
    except (OSError, ValueError, IndexError):
        pass
    return f"{folder.parent} ({kind})"


def _get(result: dict[str, Any], key: str, field: str, form: str) -> str:
    entry = result.get(key, {})
    if "skipped" in entry:
        return "skipped"
    value = entry.get(field)
    return "–" if value is None else format(value, form)


def _field(key: str, field: str, form: str, suffix: str = "") -> Callable[[dict[str, Any]], str]:
    def show(result: dict[str, Any]) -> str:
        text = _get(result, key, field, form)
        return text + suffix if text not in ("skipped", "–") else text

    return show


ROWS: list[Row] = [
    ("documents (plan files)", lambda r: f"{r['documents']} ({r['plan_files']})"),
    ("YAML", lambda r: f"{r['yaml_mb']:.2f} MB"),
    ("validate", _field("validate", "seconds", ".2f", " s")),
    ("  files/s", _field("validate", "files_per_s", ".0f")),
    ("  MB/s", _field("validate", "mb_per_s", ".2f")),
    ("cold build", _field("cold", "seconds", ".2f", " s")),
    ("  documents/s", _field("cold", "docs_per_s", ".1f")),
    ("  CPU", _field("cold", "cpu", ".2f", " s")),
    ("  peak RSS", _field("cold", "peak_mb", ".0f", " MB")),
    ("cold build, every copy worded its own", _field("cold_own_wording", "seconds", ".2f", " s")),
    ("  documents/s", _field("cold_own_wording", "docs_per_s", ".1f")),
    ("  of cold build", _field("cold_own_wording", "of_cold", ".0%")),
    ("no-op rebuild", _field("noop", "seconds", ".2f", " s")),
    ("  of cold build", _field("noop", "of_cold", ".0%")),
    ("one plan changed", _field("one_changed", "seconds", ".2f", " s")),
    ("  of cold build", _field("one_changed", "of_cold", ".0%")),
    ("template changed", _field("template_changed", "seconds", ".2f", " s")),
    ("  of cold build", _field("template_changed", "of_cold", ".0%")),
    ("PDF (LibreOffice)", _field("pdf", "pdf_seconds", ".1f", " s")),
    ("  documents/s", _field("pdf", "docs_per_s", ".2f")),
    ("  peak RSS, build --pdf", _field("pdf", "peak_mb", ".0f", " MB")),
    ("  one soffice a file: documents/s", _field("pdf", "per_file_docs_per_s", ".2f")),
    ("  plangen ×", _field("pdf", "plangen_speedup", ".1f", "×")),
    ("plain docxtpl", _field("docxtpl", "seconds", ".2f", " s")),
    ("  documents/s", _field("docxtpl", "docs_per_s", ".1f")),
    ("  CPU", _field("docxtpl", "cpu", ".2f", " s")),
    ("  plangen ×", _field("docxtpl", "plangen_speedup", ".2f", "×")),
    ("  plangen × (CPU)", _field("docxtpl", "plangen_speedup_cpu", ".2f", "×")),
    ("pandoc (--reference-doc)", _field("pandoc", "seconds", ".2f", " s")),
    ("  documents/s", _field("pandoc", "docs_per_s", ".1f")),
    ("  CPU", _field("pandoc", "cpu", ".2f", " s")),
    ("  plangen ×", _field("pandoc", "plangen_speedup", ".2f", "×")),
    ("  plangen × (CPU)", _field("pandoc", "plangen_speedup_cpu", ".2f", "×")),
]


def _grid(results: dict[str, Any]) -> list[list[str]]:
    sizes = results["sizes"]
    grid = [["", *sizes]]
    grid += [[label, *(show(sizes[s]) for s in sizes)] for label, show in ROWS]
    return grid


def _notes(results: dict[str, Any]) -> list[str]:
    notes = [
        f"plangen --help: {results['help_seconds']:.3f} s",
        f"peak RSS of any command: {results['peak_mb_any_child']:.0f} MB",
        "plangen × = how many times faster per document plangen's cold build is than the "
        "alternative (below 1: slower); (CPU): the same from CPU seconds, which other work on "
        "the machine barely changes.",
        "PDF time = build --pdf minus a plain build of the same corpus (run once); one soffice "
        "a file: `soffice --headless --convert-to pdf` run for each of five of the documents.",
        "Every copy worded its own: the same corpus with each sentence ending in its copy's "
        "number, so that no text is another copy's (an office's plans share few sentences, and "
        "plangen remembers a text's paragraphs, lines and preview); the ratios are of the "
        "corpus of copies.",
        "Times are the best of several runs (for the large corpus: of two cold builds, five "
        "no-op rebuilds, the others run once); a load average above the core count means "
        "other work shared the machine.",
    ]
    among = results.get("one_changed_among")
    if among:
        notes.append(
            f"one plan changed among {among['documents']} documents: {among['seconds']:.2f} s "
            f"(their cold build {among['cold_seconds']:.2f} s); saved while `plangen serve "
            f"--watch` runs, rebuilt in {among['warm_seconds']:.2f} s"
            + (
                f"; in a git repository (the page then shows each plan's versions from git) "
                f"{among['git_seconds']:.2f} s"
                if among.get("git_seconds") is not None
                else ""
            )
        )
    notes.append(
        "plangen runs as installed on a user's machine: PYTHONDONTWRITEBYTECODE is left out "
        "of its environment, so that its compiled bytecode is kept between runs."
    )
    for size, result in results["sizes"].items():
        for key in ("pdf", "pandoc"):
            if "skipped" in result.get(key, {}):
                notes.append(f"{size}: {key} skipped: {result[key]['skipped']}")
    return notes


def table(results: dict[str, Any]) -> str:
    grid = _grid(results)
    widths = [max(len(row[i]) for row in grid) for i in range(len(grid[0]))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in grid
    ]
    lines.insert(1, "-" * len(lines[0]))
    goals = [f"{asked}: {value} ({verdict})" for asked, value, verdict in targets.table(results)]
    return "\n".join([*lines, "", *_notes(results), "", "Targets:", *goals])


def markdown(results: dict[str, Any], argv: list[str]) -> str:
    grid = _grid(results)
    rows = ["| " + " | ".join([row[0].replace("  ", "– ", 1), *row[1:]]) + " |" for row in grid]
    rows.insert(1, "|" + "---|" * len(grid[0]))
    machine = results["machine"]
    command = " ".join(["python -m bench", *argv])
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Written by `{command}` on {dt.date.today().isoformat()}.",
            "",
            *(f"- {key}: {value}" for key, value in machine.items()),
            "",
            *rows,
            "",
            *(f"- {note}" for note in _notes(results)),
            "",
            "## Targets",
            "",
            "| target | measured | |",
            "|---|---|---|",
            *(f"| {a} | {v} | {m} |" for a, v, m in targets.table(results)),
            "",
            *_history(),
        ]
    )


#: measurements kept across runs (before and after a change), appended to ``RESULTS.md``
HISTORY = Path(__file__).with_name("history.md")


def _history() -> list[str]:
    if not HISTORY.is_file():
        return []
    return [HISTORY.read_text(encoding="utf-8").rstrip(), ""]
