"""``python -m bench [--size small|medium|large ...] [--json] [--results FILE]``

Builds a corpus per size in a temporary folder and measures, in one run: validate throughput;
cold ``plangen build``; the rebuild with nothing changed, with one plan changed and with the
template changed; PDFs, against one ``soffice --convert-to`` a file; peak memory; the same
documents made with plain docxtpl and with pandoc, with the ratios; the rebuild of one changed
plan among 200 documents; and the issue's targets, met or missed. Prints a table (or JSON with
``--json``). plangen runs as on a user's machine, its compiled bytecode kept.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import alternatives, corpus, report, targets
from bench.run import PLANGEN, best_of, plangen

DEFAULT_SIZES = ("small", "medium")


def tweak_template(root: Path) -> None:
    """``plangen template unpack``, one style changed (the first font size, one half-point up),
    ``plangen template pack``: what an office does when it restyles its documents."""
    plangen("template", "unpack", cwd=root)
    styles = root / "templates" / "src" / "official" / "word" / "styles.xml"
    text = styles.read_text(encoding="utf-8")
    text, changed = re.subn(
        r'<w:sz w:val="(\d+)"/>', lambda m: f'<w:sz w:val="{int(m[1]) + 1}"/>', text, count=1
    )
    if not changed:
        raise RuntimeError(f"no font size to change in {styles}")
    styles.write_text(text, encoding="utf-8")
    plangen("template", "pack", cwd=root)


def measure(size: str, work: Path, pdf: bool, repeat: int, say: Any) -> dict[str, Any]:
    made = corpus.make(work / size, corpus.SIZES[size])
    root = made.root
    # Each time is the best of ``repeat`` runs (other work on the machine only ever adds time);
    # the large corpus is run once.
    repeat = 1 if size == "large" else repeat
    result: dict[str, Any] = {
        "plan_files": len(made.files) - 1,
        "yaml_mb": made.yaml_bytes / 1e6,
    }

    say(f"[{size}] validate")
    validate = best_of(repeat, [PLANGEN, "validate", "plans"], root)
    result["validate"] = {
        "seconds": validate.seconds,
        "files_per_s": len(made.files) / validate.seconds,
        "mb_per_s": made.yaml_bytes / 1e6 / validate.seconds,
    }

    say(f"[{size}] cold build")
    # Each into an output folder of its own, none removed before the next: on a file system
    # without a journal (ext4 as this machine has it) every new file scans past those deleted in
    # the last minutes, and the seconds that costs after ``rm -rf dist`` are not plangen's.
    colds = [
        plangen("build", *(("-o", f"cold-{n}") if n else ()), cwd=root)
        for n in range(max(repeat, 2))
    ]
    cold = min(colds, key=lambda r: r.seconds)
    docs = sorted((root / "dist").rglob("*.docx"))
    result["documents"] = len(docs)
    result["cold"] = {
        "seconds": cold.seconds,
        "docs_per_s": len(docs) / cold.seconds,
        "cpu": min(r.cpu for r in colds),
        "peak_mb": max(r.peak_mb for r in colds),
    }

    say(f"[{size}] cold build, every copy worded its own")
    own = corpus.make(work / f"{size}-own", corpus.SIZES[size], own_wording=True)
    worded = min(
        (plangen("build", "-o", f"cold-{n}", cwd=own.root) for n in range(repeat)),
        key=lambda r: r.seconds,
    )
    result["cold_own_wording"] = {
        "seconds": worded.seconds,
        "docs_per_s": len(docs) / worded.seconds,
        "cpu": worded.cpu,
        "of_cold": worded.seconds / cold.seconds,
    }

    say(f"[{size}] rebuilds")
    # a tenth of a second even for the large corpus: the best of a few, as for the small ones
    # (single runs of one no-op took 0.11 to 0.16 s on this machine)
    noop = best_of(max(repeat, 5), [PLANGEN, "build"], root)
    result["noop"] = {"seconds": noop.seconds, "of_cold": noop.seconds / cold.seconds}
    one = targets.edited(made, repeat)
    result["one_changed"] = {"seconds": one, "of_cold": one / cold.seconds}
    restyles = []
    for _ in range(repeat):
        tweak_template(root)
        restyles.append(plangen("build", cwd=root).seconds)
    result["template_changed"] = {
        "seconds": min(restyles),
        "of_cold": min(restyles) / cold.seconds,
    }

    if not pdf:
        result["pdf"] = {"skipped": "--no-pdf"}
    elif shutil.which("soffice") is None:
        result["pdf"] = {"skipped": "soffice (LibreOffice) not found"}
    else:
        say(f"[{size}] PDFs")
        with_pdf = plangen("build", "--pdf", "-o", "dist-pdf", cwd=root)
        pdf_seconds = max(with_pdf.seconds - min(restyles), 1e-9)
        by_hand = targets.soffice_per_file(docs[:5], work / f"{size}-soffice")
        result["pdf"] = {
            "seconds": with_pdf.seconds,
            "pdf_seconds": pdf_seconds,
            "docs_per_s": len(docs) / pdf_seconds,
            "peak_mb": with_pdf.peak_mb,
            "per_file_docs_per_s": by_hand["docs_per_s"],
            "plangen_speedup": (len(docs) / pdf_seconds) / by_hand["docs_per_s"],
        }

    say(f"[{size}] plain docxtpl")
    composed = alternatives.documents(root)
    template = alternatives.plain_template(root, work / f"{size}-plain.docx")
    plain = min(
        (
            alternatives.time_docxtpl(composed, template, work / f"{size}-docxtpl")
            for _ in range(repeat)
        ),
        key=lambda t: t.seconds,
    )
    result["docxtpl"] = compared(plain, cold.seconds, result["cold"]["cpu"], len(docs))

    if alternatives.PANDOC is None:
        result["pandoc"] = {"skipped": "pandoc not found (apt-get install -y pandoc)"}
    else:
        say(f"[{size}] pandoc")
        timed = min(
            (
                alternatives.time_pandoc(composed, docs[0], work / f"{size}-pandoc")
                for _ in range(repeat)
            ),
            key=lambda t: t.seconds,
        )
        result["pandoc"] = compared(timed, cold.seconds, result["cold"]["cpu"], len(docs))
    return result


def compared(
    other: alternatives.Timed, seconds: float, cpu: float, documents: int
) -> dict[str, Any]:
    """Another tool's time on the same documents, and how many times faster plangen's cold build
    (``seconds`` and ``cpu`` for ``documents``) is per document, by the clock and by CPU."""
    return {
        "seconds": other.seconds,
        "docs_per_s": other.documents / other.seconds,
        "cpu": other.cpu,
        "plangen_speedup": (other.seconds / other.documents) / (seconds / documents),
        "plangen_speedup_cpu": (other.cpu / other.documents) / (cpu / documents),
    }


#: room the large corpus and every tool's output take, with a margin
ROOM = 2 * 1024**3


def work_folder(asked: Path | None) -> Path | None:
    """Where the bench works: ``asked``, else in memory (``/dev/shm``) when it has room, else
    the system's temporary folder (``None``). In memory, what is measured is the tools' work,
    not the disk's state: this machine's ext4 has no journal, and then every file created scans
    past the inodes deleted in the last minutes (``recently_deleted`` in the kernel's profile),
    which the bench's own earlier steps delete by the thousand — the same cold build of 996
    documents took 4.1 s (7.3 s of CPU) after them, 3.1–3.2 s (5.5–5.6 s of CPU) in memory."""
    if asked is not None:
        asked.mkdir(parents=True, exist_ok=True)
        return asked
    memory = Path("/dev/shm")
    try:
        if memory.is_dir() and shutil.disk_usage(memory).free >= ROOM:
            return memory
    except OSError:
        pass
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--size",
        action="append",
        choices=sorted(corpus.SIZES),
        help="corpus size, repeatable (default: small and medium; large is about 1,000 documents)",
    )
    parser.add_argument("--large", action="store_true", help="add the large corpus")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF measurement")
    parser.add_argument(
        "--large-pdf",
        action="store_true",
        help="measure PDFs of the large corpus too (some minutes; skipped by default)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per measurement, the best kept (default 3)"
    )
    parser.add_argument(
        "--work",
        type=Path,
        help="folder for the corpora and every tool's output (default: in memory, /dev/shm, "
        "when it has room; else the system's temporary folder)",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--results", type=Path, help="also write the results as Markdown here")
    args = parser.parse_args(argv)
    sizes = list(dict.fromkeys(args.size or DEFAULT_SIZES))
    if args.large and "large" not in sizes:
        sizes.append("large")
    sizes.sort(key=list(corpus.SIZES).index)

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    results: dict[str, Any] = {"machine": report.machine(), "sizes": {}}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="plangen-bench-", dir=work_folder(args.work)) as tmp:
        work = Path(tmp)
        results["machine"]["work folder"] = report.file_system(work)
        # plangen keeps the code it compiles (the schema check, the template) in a cache folder
        # for its next run (``core.cache``): the bench's own, empty at the start, so that the
        # numbers do not depend on what this machine ran before
        os.environ["PLANGEN_CACHE_DIR"] = str(work / "cache")
        results["help_seconds"] = best_of(5, [PLANGEN, "--help"], work).seconds
        for size in sizes:
            pdf = not args.no_pdf and (size != "large" or args.large_pdf)
            results["sizes"][size] = measure(size, work, pdf, args.repeat, say)
            if not pdf and not args.no_pdf:
                results["sizes"][size]["pdf"] = {"skipped": "large corpus (--large-pdf)"}
        say(f"[{targets.AMONG} documents] one plan changed")
        results["one_changed_among"] = targets.one_changed_among(work, args.repeat)
    results["machine"]["load average"] = f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    results["peak_mb_any_child"] = children.ru_maxrss / 1024
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print(report.table(results))
    if args.results:
        args.results.write_text(report.markdown(results, sys.argv[1:]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
