"""Same input, same bytes: documents, manifest, page, previews and zips do not depend on the
hash seed, the time zone, the language or the folder plangen is started in."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def built(project: Path, here: Path, env: dict[str, str]) -> dict[str, str]:
    shutil.rmtree(project / "dist", ignore_errors=True)
    run_env = {**os.environ, "PYTHONPATH": str(ROOT / "generator"), **env}
    for command in ("build", "site"):
        done = subprocess.run(
            [sys.executable, "-m", "plangen", command],
            cwd=here,
            env=run_env,
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
    return {
        p.relative_to(project / "dist").as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((project / "dist").rglob("*"))
        if p.is_file()
    }


def test_the_same_bytes_whatever_the_machine_says(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    (tmp_path / ".git").mkdir()
    first = built(
        tmp_path,
        tmp_path,
        {"PYTHONHASHSEED": "1", "TZ": "Pacific/Auckland", "LANG": "de_DE.UTF-8"},
    )
    second = built(
        tmp_path,
        tmp_path / "plans",
        {"PYTHONHASHSEED": "99", "TZ": "America/Los_Angeles", "LANG": "C", "LC_ALL": "C"},
    )
    assert first == second
    assert "index.html" in first and "manifest.json" in first
