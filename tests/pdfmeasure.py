"""Measuring rendered PDFs: text lines with their boxes, per page, from poppler's pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest

XHTML = "{http://www.w3.org/1999/xhtml}"
MM = 72 / 25.4
TEXT_TOP = 37 * MM  # 104.9 pt
TEXT_BOTTOM = 841.89 - 35 * MM  # 742.7 pt
TEXT_LEFT = 28 * MM  # 79.4 pt
TEXT_RIGHT = 595.3 - 26 * MM  # 521.6 pt
LINE_PITCH = 28.95

#: the marks of every test module that renders PDFs
NEEDS_PDF_TOOLS = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        shutil.which("soffice") is None,
        reason="LibreOffice (soffice) is not installed: "
        "apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-noto-cjk-extra fonts-arphic-ukai",
    ),
    pytest.mark.skipif(
        shutil.which("pdftotext") is None,
        reason="pdftotext is not installed: apt-get install poppler-utils",
    ),
]


@dataclass(frozen=True)
class Line:
    text: str
    x_min: float
    x_max: float
    y_min: float
    y_max: float


def pages(pdf: Path) -> list[list[Line]]:
    """Every page's text lines, top to bottom."""
    done = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True
    )
    root = ElementTree.fromstring(done.stdout)
    out = []
    for page in root.iter(f"{XHTML}page"):
        lines = []
        for line in page.iter(f"{XHTML}line"):
            text = "".join(w.text or "" for w in line.iter(f"{XHTML}word"))
            lines.append(
                Line(text, *(float(line.get(k, "0")) for k in ("xMin", "xMax", "yMin", "yMax")))
            )
        out.append(sorted(lines, key=lambda ln: (ln.y_min, ln.x_min)))
    return out


def width(text: str) -> float:
    """Width in 字: full-width characters 1, others ½."""
    import unicodedata

    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def body_lines(page: list[Line]) -> list[Line]:
    """Lines inside the text block (not the page number below it)."""
    return [ln for ln in page if ln.y_min >= TEXT_TOP - 2 and ln.y_max <= TEXT_BOTTOM + 2]


def page_number(page: list[Line]) -> Line | None:
    below = [ln for ln in page if ln.y_min > TEXT_BOTTOM]
    return below[0] if below else None


def _grey(
    pdf: Path, page: int, box: tuple[float, float, float, float]
) -> tuple[float, float, int, int, bytes]:
    """``box`` (x0, y0, x1, y1 in pt) of page ``page`` (1-based) rendered in greyscale at 600
    dpi: its left and top (pt), its columns and rows, and the pixels (one byte each)."""
    scale = 600 / 72
    x0, y0 = int(box[0] * scale), int(box[1] * scale)
    width, height = int((box[2] - box[0]) * scale), int((box[3] - box[1]) * scale)
    done = subprocess.run(
        ["pdftoppm", "-gray", "-r", "600", "-f", str(page), "-l", str(page), "-x", str(x0),
         "-y", str(y0), "-W", str(width), "-H", str(height), str(pdf)],
        capture_output=True, check=True,
    )  # fmt: skip
    magic, size, _depth, pixels = done.stdout.split(b"\n", 3)
    assert magic == b"P5", magic
    columns, rows = map(int, size.split())
    return x0 / scale, y0 / scale, columns, rows, pixels


def ink_rows(pdf: Path, page: int, box: tuple[float, float, float, float]) -> tuple[float, float]:
    """Top and bottom (pt from the page's top) of the ink inside ``box`` (x0, y0, x1, y1 in pt)
    on page ``page`` (1-based), read from a 600 dpi greyscale rendering: pdftotext's boxes are
    a font's line boxes, this is where the glyphs really are (the 一字线 of a page number)."""
    runs = ink_runs(pdf, page, box)
    assert runs, f"no ink in {box} on page {page} of {pdf.name}"
    return runs[0][0], runs[-1][1]


def dash_top(pdf: Path, page: int, number: Line) -> float:
    """The top of the 一字线 before a page number (pt from the page's top): the first 字 of the
    number's line, 4号 (14 pt) wide."""
    return ink_rows(
        pdf, page, (number.x_min, number.y_min - 6, number.x_min + 14, number.y_max + 6)
    )[0]


def ink_runs(
    pdf: Path, page: int, box: tuple[float, float, float, float]
) -> list[tuple[float, float]]:
    """The bands of rows with ink inside ``box`` on page ``page``, top to bottom, as (top,
    bottom) in pt from the page's top: the two lines of a double rule are two bands."""
    _left, top, columns, rows, pixels = _grey(pdf, page, box)
    bands: list[list[int]] = []
    for r in range(rows):
        if min(pixels[r * columns : (r + 1) * columns]) < 128:
            if bands and bands[-1][1] == r - 1:
                bands[-1][1] = r
            else:
                bands.append([r, r])
    pt = 72 / 600
    return [(top + a * pt, top + (b + 1) * pt) for a, b in bands]


def ink_columns(
    pdf: Path, page: int, box: tuple[float, float, float, float]
) -> tuple[float, float]:
    """Left and right (pt from the page's left) of the ink inside ``box`` on page ``page``."""
    left, _top, columns, rows, pixels = _grey(pdf, page, box)
    inked = [c for c in range(columns) if min(pixels[c : rows * columns : columns]) < 128]
    assert inked, f"no ink in {box} on page {page} of {pdf.name}"
    pt = 72 / 600
    return left + inked[0] * pt, left + (inked[-1] + 1) * pt
