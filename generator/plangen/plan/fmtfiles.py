"""``plangen fmt`` as a library call: bring plan files into canonical layout, or check that they are.

A file is only ever rewritten when it loads cleanly (``loader``), keeps every comment
(``yamlfmt.lost_comments``) and the formatted text loads to data that means the same
(``yamlfmt.same_meaning``); anything else is reported and left alone. Line endings (``\r\n``) and
the file's permissions are kept.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from plangen.core.diagnostics import Diagnostic
from plangen.core.project import display_path
from plangen.core.writer import write_atomic
from plangen.plan import yamlfmt
from plangen.plan.files import discover
from plangen.plan.loader import load_bytes, load_file


@dataclass
class FormatResult:
    files: int = 0
    changed: list[str] = field(default_factory=list)
    diffs: dict[str, str] = field(default_factory=dict)  # file → what formatting would change
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
        new = _as_written(formatted, raw)
        if new == raw:
            continue
        result.changed.append(shown)
        result.diffs[shown] = _diff(loaded.text, formatted, shown)
        if not check:
            mode = stat.S_IMODE(path.stat().st_mode)
            write_atomic(path, new)
            os.chmod(path, mode)  # the file's permissions stay as they were
    return result


_BOM = b"\xef\xbb\xbf"


def _as_written(text: str, raw: bytes) -> bytes:
    """``text`` with the line ends and byte-order mark the file had (Windows editors write
    CRLF and a BOM; formatting should not change them behind the drafter's back)."""
    data = text.replace("\n", "\r\n") if b"\r\n" in raw else text
    return (_BOM if raw.startswith(_BOM) else b"") + data.encode("utf-8")


def _diff(old: str, new: str, shown: str) -> str:
    """What formatting would change, as a unified diff of the lines."""
    old_lines = old.lstrip("\ufeff").replace("\r\n", "\n").splitlines(keepends=True)
    lines = difflib.unified_diff(old_lines, new.splitlines(keepends=True), shown, shown, n=1)
    return "".join(lines)
