"""The layout profile: page geometry, sizes and the official font names (GB/T 9704-2012).

Values the standard fixes are constants here; values that are office practice (font names, the
size of the issuer mark) are settings of :class:`Layout`, which a project may change in
``plangen.toml`` (``[fonts]`` table) without touching the templates' structure.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path

from plangen.core.errors import PlangenError

# Page (twips: 1/20 pt; 1 mm = 56.7 twips)
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1588, 1474
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 8844 = 156 mm
#: Footer distance (w:pgMar w:footer): Word and LibreOffice both put the bottom of the footer's line
#: this far above the page's edge; 1426 puts the page number's 一字线 itself 7 mm below the text
#: block (GB/T 9704 §7.5), measured on the rendered page (the line's top is then 3.8 mm below).
FOOTER_DISTANCE = 1426
LINE_PITCH = 579  # exact line spacing: 22 × 579 = 12,738 ≤ 12,756 twips of text block
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
CHAR_ADVANCE = 315  # one 字 of 3号 with the body's −0.25 pt character spacing, in twips
#: a digit of the body face, in 字 (measured in the PDF: the stand-in's digits are 11.2 pt)
BODY_DIGIT = 0.70
#: sealed documents (GB/T 9704 §7.3.5.1): the 成文日期 ends 4 字 from the right; blank lines
#: between the body and the 署名 leave the seal's room (its top within a line of the body)
SEAL_DATE_RIGHT = 4
SEAL_BLANK_LINES = 2

# Sizes in half-points (w:sz)
SIZE_BODY = 32  # 3号
SIZE_TITLE = 44  # 2号
SIZE_COLOPHON = 28  # 4号
SIZE_MARK_MAX = 72  # 小初; shrunk so a long issuer name still fits on one line…
SIZE_MARK_MIN = 52  # …down to 一号; a longer name breaks into lines, as a title does
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
        try:
            text = config.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise ConfigError("config.unreadable", path=config, detail=str(err)) from None
        try:
            fonts = tomllib.loads(text).get("fonts", {})
        except tomllib.TOMLDecodeError as err:
            line, col = _position(str(err))
            raise ConfigError(
                "config.syntax", path=config, line=line, col=col, detail=str(err)
            ) from None
        if not isinstance(fonts, dict):
            raise ConfigError("config.not-table", path=config, **_where(text, "fonts"))
        known = {f.name for f in fields(cls)}
        chosen = {k: v for k, v in fonts.items() if k in known}
        for name, value in chosen.items():
            if not isinstance(value, str):
                raise ConfigError("config.not-text", path=config, name=name, **_where(text, name))
            if not FONT_NAME.fullmatch(value):
                raise ConfigError("config.bad-font", path=config, value=value, **_where(text, name))
        return replace(cls(), **chosen)


#: What a font name may be: it is written into every document's XML, so nothing that could be
#: markup (``<``, ``&``, quotes) — letters of any script, digits, spaces and a little punctuation.
FONT_NAME = re.compile(r"[\w ()（）+.\-]{1,64}")


class ConfigError(PlangenError):
    """``plangen.toml`` is broken or says something plangen cannot use. Exit code 1."""


def _position(message: str) -> tuple[int, int]:
    """Line and column out of tomllib's message (``… (at line 3, column 7)``)."""
    found = re.search(r"line (\d+), column (\d+)", message)
    return (int(found[1]), int(found[2])) if found else (1, 1)


def _where(text: str, key: str) -> dict[str, int]:
    """Line and column of ``key``'s first assignment in the TOML ``text`` (tomllib keeps none)."""
    for number, line in enumerate(text.splitlines(), 1):
        found = re.match(rf"\s*{re.escape(key)}\s*=", line)
        if found:
            return {"line": number, "col": len(line) - len(line.lstrip()) + 1}
    return {"line": 1, "col": 1}


#: Characters that Unicode calls "ambiguous" width but that Chinese faces set full-width, one 字
#: each (measured in the PDF: “”‘’—… and the × of “××市” are 22 pt at 2号, like a hanzi).
FULL_WIDTH_AMBIGUOUS = frozenset("“”‘’—…×")
#: The widest a narrow (Latin, digit) character of the title face really is, in 字: Latin capitals
#: of the stand-in measure 0.64 字 and digits 0.54 in the PDF; titles are fitted with this so
#: that no line is wider than the text block in Word or LibreOffice.
TITLE_NARROW = 0.65


def char_width(ch: str, narrow: float = 0.5) -> float:
    """Width of one character in 字: hanzi, full-width forms and Chinese punctuation (including
    “”‘’—…×, which Unicode leaves ambiguous) are 1; Latin letters, digits and spaces ``narrow``."""
    if ch in FULL_WIDTH_AMBIGUOUS or unicodedata.east_asian_width(ch) in "WF":
        return 1.0
    return narrow


def text_width(text: str, narrow: float = 0.5) -> float:
    """Width in 字 (one full-width character); see :func:`char_width`."""
    widths = _WIDTHS.get(narrow)
    if widths is None:
        widths = _WIDTHS[narrow] = CharTable(lambda ch: char_width(ch, narrow))
    return sum(map(widths.__getitem__, text))  # the same values, added in the same order


class CharTable(dict[str, float]):
    """Each character's ``measure``, looked up at C speed once known (titles are measured again
    for every way of breaking them, tables for every row, paragraphs for every edition)."""

    def __init__(self, measure: Callable[[str], float]) -> None:
        super().__init__()
        self.measure = measure

    def __missing__(self, ch: str) -> float:
        width = self[ch] = self.measure(ch)
        return width


_WIDTHS: dict[float, CharTable] = {}


def mark_size(text: str) -> int:
    """Half-point size of the issuer mark on one line: 小初 unless the name needs less to fit."""
    width = max(text_width(text, TITLE_NARROW), 1.0)
    fitting = int(TEXT_WIDTH / 10 / width * 0.98)  # twips → half-points per 字, with a margin
    return min(SIZE_MARK_MAX, fitting)


def mark_chars_per_line(size: int) -> float:
    """How many 字 of the issuer mark at ``size`` half-points fit the text block."""
    return TEXT_WIDTH / 10 / size * 0.98


def sealed_signature_indent(signature: str, date: str) -> int:
    """Left indent (twips) of the 署名 of a sealed document, a centred paragraph reaching the
    right edge: its centre is the centre of the 成文日期, which ends ``SEAL_DATE_RIGHT`` 字 from
    the right (以成文日期为准居中); a 署名 too long for that ends at the right edge."""
    date_w = text_width(date, BODY_DIGIT) * CHAR_ADVANCE
    box = max(2 * SEAL_DATE_RIGHT * CHAR_ADVANCE + date_w, text_width(signature) * CHAR_ADVANCE)
    return max(0, round(TEXT_WIDTH - box))
