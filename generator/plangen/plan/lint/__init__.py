"""``plangen lint``: the mistakes pasted text brings into official Chinese, found at the character.

The rules are small functions over one value's text (``punctuation``, ``pinyin``, ``numbers``,
``terms``); ``runner`` places their findings in the file and adds the rule across plans;
``fixer`` writes the safe fixes back into the file's text. Settings come from ``plangen.toml``
(``config``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plangen.core.project import display_path
from plangen.core.writer import write_atomic
from plangen.plan.lint.config import LintConfig, read_config
from plangen.plan.lint.fixer import FixMismatch, fix_text
from plangen.plan.lint.runner import LintResult, lint_paths

__all__ = ["FixResult", "LintConfig", "LintResult", "fix_paths", "lint_paths", "read_config"]

_BOM = "\ufeff".encode()


@dataclass
class FixResult:
    fixed: dict[str, int] = field(default_factory=dict)  # file shown → fixes made
    refused: list[str] = field(default_factory=list)  # files whose fixes would change more


def fix_paths(files: list[Path], base: Path, config: LintConfig) -> FixResult:
    """Apply the safe fixes to ``files`` in place (files named relative to ``base``)."""
    result = FixResult()
    for path in files:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue  # lint reports the encoding
        try:
            fixed, count = fix_text(text, config)
        except FixMismatch:
            result.refused.append(display_path(path, base))
            continue
        if count:
            bom = _BOM if raw.startswith(_BOM) else b""
            write_atomic(path, bom + fixed.encode("utf-8"))
            result.fixed[display_path(path, base)] = count
    return result
