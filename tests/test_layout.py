"""The package reads as the pipeline, and stays that way.

import-linter holds the direction of imports (``make test`` runs ``lint-imports``); these tests
hold the rest of the house rules that a reader relies on: the stages are subpackages, and nothing
below the command line looks at the current folder or the environment for its inputs (sizes are
held by ``test_code_size``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "generator" / "plangen"
STAGES = ("core", "plan", "document", "review", "site", "cli")
#: the modules that may read the process's surroundings: the command line, and the places that
#: start another program (which inherits the environment)
EDGE = ("cli/", "document/pdf.py", "review/git.py")


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_stages_are_subpackages() -> None:
    assert sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()) == sorted(
        STAGES
    )
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"]


def test_no_hidden_inputs_below_the_command_line() -> None:
    hidden = ("Path.cwd(", "os.getcwd(", "os.environ", "os.getenv(", "sys.argv")
    found = []
    for path in sources():
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(EDGE):
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{rel}: {word}" for word in hidden if word in text]
    assert found == []


def test_the_import_contract_holds() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BROKEN" not in done.stdout and done.stdout.count("KEPT") >= 2
