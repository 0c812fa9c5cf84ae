"""What a lint rule finds: a span of a value, a message and, maybe, the text to put there."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

#: a Chinese character, or the full-width punctuation that stands beside one
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CHINESE = re.compile(f"[{CJK}\u3000-\u303f\uff01-\uff5e“”‘’…—]")
IDEOGRAPH = re.compile(f"[{CJK}]")


@dataclass(frozen=True)
class Finding:
    """One problem in one value: the characters ``[start, end)`` of the value, the rule and
    message, and ``fix`` — what those characters should become — when the rule knows it.
    ``safe`` fixes are applied by ``plangen lint --fix``; the others are only suggested."""

    start: int
    end: int
    rule: str
    key: str
    args: dict[str, Any] = field(default_factory=dict)
    severity: str = "warning"
    fix: str | None = None
    safe: bool = False


def chinese_at(text: str, index: int) -> bool:
    """Whether ``text[index]`` exists and is Chinese (a character or full-width punctuation)."""
    return 0 <= index < len(text) and CHINESE.match(text[index]) is not None
