"""A repository's lint settings: the ``[lint]`` table of ``plangen.toml``.

```toml
[lint]
disable = ["number.manual"]                  # rules this repository does not want
traditional-exceptions = ["乾隆"]             # words OpenCC would convert that are right as typed
[lint.terms]
"群众路线" = ["群总路线"]                      # more mistypings of fixed terms
```
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plangen.plan.lint.terms import default_terms

#: ``# plangen: disable=punct.halfwidth,text.traditional`` on a line
_DISABLE = re.compile(r"#\s*plangen:\s*disable=([\w.,\s-]+)")


@dataclass(frozen=True)
class LintConfig:
    disable: frozenset[str] = frozenset()
    terms: Mapping[str, str] = field(default_factory=default_terms)
    exceptions: tuple[str, ...] = ()


def read_config(path: Path | None) -> LintConfig:
    """The settings in ``path`` (``plangen.toml``); the defaults when there is none."""
    if path is None or not path.is_file():
        return LintConfig()
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("lint", {})
    return config_from(table if isinstance(table, dict) else {})


def config_from(table: Mapping[str, Any]) -> LintConfig:
    """The settings of a ``[lint]`` table (entries of the wrong type are ignored)."""
    terms = dict(default_terms())
    for right, variants in (table.get("terms") or {}).items():
        wrong = [variants] if isinstance(variants, str) else variants
        terms.update({str(v): str(right) for v in wrong if isinstance(v, str)})
    disable = table.get("disable") or []
    exceptions = table.get("traditional-exceptions") or []
    return LintConfig(
        frozenset(str(r) for r in disable if isinstance(r, str)),
        terms,
        tuple(str(e) for e in exceptions if isinstance(e, str)),
    )


def disabled_lines(text: str) -> dict[int, frozenset[str]]:
    """The rules switched off on each line (1-based) by a ``# plangen: disable=…`` comment."""
    found: dict[int, frozenset[str]] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        match = _DISABLE.search(line)
        if match:
            rules = {r.strip() for r in match.group(1).split(",") if r.strip()}
            found[number] = frozenset(rules)
    return found
