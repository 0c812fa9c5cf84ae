"""The house rule on size: functions fit on a screen, modules stay a few hundred lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "generator" / "plangen"
SOURCES = sorted(PACKAGE.rglob("*.py"))
#: the message catalogue is a table of sentences, not code
TABLES = {"core/messages.py"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_functions_under_60_lines(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > 60
    ]
    assert not long


def test_modules_a_few_hundred_lines() -> None:
    sizes = {
        p.relative_to(PACKAGE).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in SOURCES
    }
    assert not {name: n for name, n in sizes.items() if n > 450 and name not in TABLES}
