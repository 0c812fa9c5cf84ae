"""``plangen fmt`` as a library call: bring plan files into canonical layout, or check that they are.

A file is only ever rewritten when it loads cleanly (``loader``), keeps every comment
(``yamlfmt.lost_comments``) and the formatted text loads to data that means the same
(``yamlfmt.same_meaning``); anything else is reported and left alone. Line endings (``\r\n``) and
the file's permissions are kept.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from plangen.core.diagnostics import Diagnostic
from plangen.core.project import display_path
from plangen.core.writer import write_atomic
from plangen.plan import yamlfmt
from plangen.plan.loader import load_bytes, load_file
from plangen.plan.validate import discover


@dataclass
class FormatResult:
    files: int = 0
    changed: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def format_paths(paths: Iterable[Path], base: Path, *, check: bool) -> FormatResult:
    """Format every YAML file under ``paths``; with ``check``, only say which would change.
    Files are named relative to ``base``."""
    result = FormatResult()
    for path in discover(paths):
        result.files += 1
        shown = display_path(path, base)
        loaded = load_file(path, shown)
        if not loaded.ok or loaded.diagnostics:
            result.diagnostics.extend(loaded.diagnostics)
            continue
        schema = yamlfmt.schema_for(path.name)
        try:
            formatted = yamlfmt.format_yaml(loaded.text, schema)
        except ValueError:  # ruamel.yaml builds dates itself and fails on a day that is not real
            result.diagnostics.append(Diagnostic(shown, 1, 1, "fmt.unreadable", "fmt.unreadable"))
            continue
        lost = yamlfmt.lost_comments(loaded.text, formatted)
        if lost:
            comment, line, col = lost[0]
            result.diagnostics.append(
                Diagnostic(
                    shown, line, col, "fmt.comment", "fmt.lost-comment", {"comment": comment}
                )
            )
            continue
        again = load_bytes(formatted.encode("utf-8"), shown)
        if again.diagnostics or not yamlfmt.same_meaning(loaded.data, again.data, schema):
            result.diagnostics.append(Diagnostic(shown, 1, 1, "fmt.meaning", "fmt.meaning"))
            continue
        raw = path.read_bytes()
        if raw.count(b"\r\n") == raw.count(b"\n") > 0:  # Windows line endings stay
            formatted = formatted.replace("\n", "\r\n")
        if formatted.encode("utf-8") == raw:
            continue
        result.changed.append(shown)
        if not check:
            mode = stat.S_IMODE(path.stat().st_mode)
            write_atomic(path, formatted.encode("utf-8"))
            os.chmod(path, mode)  # the file's permissions stay as they were
    return result
