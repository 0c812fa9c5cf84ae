"""The layout profile: page geometry, sizes and the official font names (GB/T 9704-2012).

Values the standard fixes are constants here; values that are office practice (font names, the
size of the issuer mark) are settings of :class:`Layout`, which a project may change in
``plangen.toml`` (``[fonts]`` table) without touching the templates' structure.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, fields, replace
from pathlib import Path

# Page (twips: 1/20 pt; 1 mm = 56.7 twips)
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1588, 1474
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 8844 = 156 mm
LINE_PITCH = 579  # exact line spacing: 22 × 579 = 12,738 ≤ 12,756 twips of text block
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

# Sizes in half-points (w:sz)
SIZE_BODY = 32  # 3号
SIZE_TITLE = 44  # 2号
SIZE_COLOPHON = 28  # 4号
SIZE_MARK_MAX = 72  # 小初; shrunk so a long issuer name still fits on one line
TITLE_CHARS_PER_LINE = TEXT_WIDTH // (SIZE_TITLE * 10)  # 20


@dataclass(frozen=True)
class Layout:
    """Font names written into the documents (the PDF maps them to free stand-ins)."""

    body: str = "仿宋_GB2312"
    title: str = "方正小标宋简体"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    page_number: str = "宋体"

    @classmethod
    def load(cls, config: Path) -> Layout:
        """Defaults, overridden by the ``[fonts]`` table of ``config`` (the repository's
        ``plangen.toml``) when there is one."""
        if not config.is_file():
            return cls()
        fonts = tomllib.loads(config.read_text(encoding="utf-8")).get("fonts", {})
        known = {f.name for f in fields(cls)}
        return replace(cls(), **{k: str(v) for k, v in fonts.items() if k in known})


def text_width(text: str) -> float:
    """Width in 字 (one full-width character): East Asian wide characters count 1, others ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def mark_size(text: str) -> int:
    """Half-point size of the issuer mark: 小初 unless the name needs less to fit on one line."""
    width = max(text_width(text), 1.0)
    fitting = int(TEXT_WIDTH / 10 / width * 0.98)  # twips → half-points per 字, with a margin
    return min(SIZE_MARK_MAX, fitting)
