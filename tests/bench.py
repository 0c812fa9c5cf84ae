"""``make bench``: the speed targets, measured on whole commands (never in unit tests).

- ``plangen validate`` over 200 plan files: under 2 s
- ``plangen --help``: under 0.3 s
- ``plangen build`` of the seed plan (5 documents): reported
Each is the best of several runs of the real console script. Exit 1 when a target is missed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANGEN = str(Path(sys.executable).with_name("plangen"))


def best_of(runs: int, command: Sequence[str], cwd: Path) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=False, capture_output=True)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    failed = False
    with tempfile.TemporaryDirectory(prefix="plangen-bench-") as tmp:
        work = Path(tmp)
        plans = work / "plans"
        plans.mkdir()
        (work / ".git").mkdir()
        seed = ROOT / "plans" / "2014-qunzhong-luxian.yaml"
        shutil.copy(ROOT / "plans" / "enterprise-types.yaml", plans)
        for index in range(200):
            shutil.copy(seed, plans / f"plan-{index:03d}.yaml")
        size = sum(p.stat().st_size for p in plans.iterdir()) // 1024
        results = [
            (
                "plangen validate: 200 plan files",
                best_of(3, [PLANGEN, "validate", "plans"], work),
                2.0,
                f"{size} KiB of YAML",
            ),
            ("plangen --help", best_of(5, [PLANGEN, "--help"], work), 0.3, ""),
        ]
        shutil.copytree(ROOT / "templates", work / "templates")
        single = work / "single"
        single.mkdir()
        shutil.copy(seed, single)
        shutil.copy(ROOT / "plans" / "enterprise-types.yaml", single)
        results.append(
            (
                "plangen build: seed plan, 5 documents",
                best_of(3, [PLANGEN, "build", "single", "-o", "out"], work),
                None,
                "",
            )
        )
    for name, seconds, target, note in results:
        verdict = "" if target is None else ("  ok" if seconds < target else "  TOO SLOW")
        limit = "" if target is None else f" (target < {target} s)"
        print(f"{name}: {seconds:.3f} s{limit}{verdict}{'  ' + note if note else ''}")
        failed |= target is not None and seconds >= target
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
