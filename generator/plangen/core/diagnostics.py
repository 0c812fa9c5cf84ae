"""Diagnostics: problems found in input files, as plain data.

The core never formats text for a person: it returns :class:`Diagnostic` values holding a message
key and arguments; the reporters turn them into Chinese (or English) lines at the edge.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from plangen.core.messages import translate


class FileName(str):
    """A file named inside a message (relative to the repository's root, like a diagnostic's
    own path), which the report shows as seen from the current folder."""

    __slots__ = ()


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place: ``path:line:col`` (1-based), a rule id and a message key."""

    path: str
    line: int
    col: int
    rule: str
    key: str
    args: dict[str, Any] = field(default_factory=dict, compare=False)
    severity: str = "error"

    def message(self, lang: str) -> str:
        return translate(self.key, lang, **self.args)

    def format_text(self, lang: str) -> str:
        """``plans/x.yaml:12:5: 错误: …… [rule-id]``."""
        label = translate("severity." + self.severity, lang)
        return f"{self.path}:{self.line}:{self.col}: {label}: {self.message(lang)} [{self.rule}]"

    def as_json(self, lang: str) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message(lang),
        }


def format_report(diagnostics: list[Diagnostic], files: int, fmt: str, lang: str) -> str:
    """Render a validation report as ``text`` (one line per problem, then a summary) or ``json``."""
    ordered = sorted(diagnostics)
    errors = sum(1 for d in ordered if d.severity == "error")
    warnings = len(ordered) - errors
    if fmt == "json":
        doc = {
            "files": files,
            "errors": errors,
            "warnings": warnings,
            "diagnostics": [d.as_json(lang) for d in ordered],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2)
    lines = [d.format_text(lang) for d in ordered]
    if errors or warnings:
        lines.append(
            translate("summary.problems", lang, files=files, errors=errors, warnings=warnings)
        )
    else:
        lines.append(translate("summary.clean", lang, files=files))
    return "\n".join(lines)
