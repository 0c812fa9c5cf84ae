"""联合行文 and 签发人 measured in LibreOffice's PDF (GB/T 9704 §7.2.4–7.2.6, §7.3.5): the joint
mark's names stacked and equally wide with 文件 centred beside them, 35 mm below the text block's
top; the joint 署名 stacked or two a row under their seals; 签发人 flush right 1 字 in with the
发文字号 1 字 in on the last name's line. Needs LibreOffice and poppler-utils."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from plangen.core.project import Project
from plangen.document import pagination
from plangen.document.build import add_pdfs, build
from plangen.document.model import Document

from .conftest import CASES
from .pdfmeasure import (
    LINE_PITCH,
    MM,
    NEEDS_PDF_TOOLS,
    TEXT_LEFT,
    TEXT_RIGHT,
    TEXT_TOP,
    Line,
    ink_rows,
    ink_runs,
    pages,
)

pytestmark = NEEDS_PDF_TOOLS
CENTRE = (TEXT_LEFT + TEXT_RIGHT) / 2
ADVANCE = 15.75  # one 3号 字 with the body's −0.25 pt character spacing
DATE = "2014年2月24日"
NAMES = ("中共天水市企业工作委员会", "天水市工业和信息化局", "天水市总工会")
SHORT = ("中共天水市企业工委", "天水市总工会", "天水市妇联")


def _variant(case: str, old: str, new: str) -> str:
    text = (CASES / "valid" / case / "plan.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


class Measured(NamedTuple):
    """One document's PDF pages, its model and its PDF file."""

    pages: list[list[Line]]
    document: Document
    pdf: Path


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Measured]:
    """The cases built with PDFs in one LibreOffice run: case/edition → what was measured."""
    root = tmp_path_factory.mktemp("joint")
    plans = root / "plans"
    plans.mkdir()
    (root / ".git").mkdir()
    shutil.copy(CASES / "enterprise-types.yaml", plans)
    for case in ("joint", "joint-sealed", "signers", "minimal"):
        shutil.copy(CASES / "valid" / case / "plan.yaml", plans / f"{case}.yaml")
    issuer = "  issuer: 中共天水市企业工作委员会\n"
    short = f"  issuer: {SHORT[0]}\n  joint_issuers: [{SHORT[1]}, {SHORT[2]}]\n  seal: true\n"
    (plans / "three-short-sealed.yaml").write_text(_variant("minimal", issuer, short), "utf-8")
    two = "  joint_issuers: [天水市总工会]\n  seal: true\n"
    (plans / "two-sealed.yaml").write_text(_variant("minimal", issuer, issuer + two), "utf-8")
    one = "  number: 天企工委发〔2014〕5号\n"
    (plans / "one-signer.yaml").write_text(
        _variant("minimal", one, one + "  signers: [张三]\n"), "utf-8"
    )
    # in one process, whose results keep the composed models
    result = build([plans], root / "dist", Project(root), workers=1)
    add_pdfs(result)
    made = [(b, root / "dist" / b.path.with_suffix(".pdf")) for b in result.documents]
    return {
        f"{b.path.parent.name}/{b.document.key}": Measured(pages(pdf), b.document, pdf)
        for b, pdf in made
    }


def _plain(text: str) -> str:
    return text.replace(" ", "")


def _line(page: list[Line], text: str) -> Line:
    return next(ln for ln in page if _plain(ln.text).startswith(text))


def _rows(page: list[Line]) -> list[Line]:
    """pdftotext's lines joined by baseline: texts far apart on one line (a tab's gap) are one
    row here, left to right, with the outer edges."""
    rows: list[list[Line]] = []
    for ln in sorted(page, key=lambda ln: (round(ln.y_min), ln.x_min)):
        if rows and abs(rows[-1][0].y_min - ln.y_min) < 1.0:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return [
        Line(
            "".join(_plain(p.text) for p in row),
            row[0].x_min,
            max(p.x_max for p in row),
            row[0].y_min,
            max(p.y_max for p in row),
        )
        for row in rows
    ]


def test_the_joint_mark_stacks_the_names_equally_wide_with_wenjian_centred_beside(
    measured: dict[str, Measured],
) -> None:
    doc, _document, pdf = measured["joint/full"]
    first = doc[0]
    lines = [_line(first, name) for name in NAMES]
    suffix = next(ln for ln in first if _plain(ln.text).endswith("文件"))
    # one name a line, the host first, each line's left edge the same (distributed)
    assert [ln.y_min for ln in lines] == sorted(ln.y_min for ln in lines)
    assert max(ln.x_min for ln in lines) - min(ln.x_min for ln in lines) < 1.0
    alone = [ln for ln in lines if "文件" not in _plain(ln.text)]
    assert max(ln.x_max for ln in alone) - min(ln.x_max for ln in alone) < 1.5
    # 文件 centred top to bottom on the names, and the whole mark centred on the page
    names_middle = (lines[0].y_min + lines[-1].y_max) / 2
    assert abs((suffix.y_min + suffix.y_max) / 2 - names_middle) < 2.0
    assert abs((lines[0].x_min + suffix.x_max) / 2 - CENTRE) < 2.0
    # the mark's top 35 mm below the text block's top (its ink, red)
    top, _bottom = ink_rows(pdf, 1, (TEXT_LEFT, TEXT_TOP + 20 * MM, TEXT_RIGHT, lines[0].y_max))
    assert abs(top - (TEXT_TOP + 35 * MM)) < 1.0 * MM
    # the 发文字号 two lines below the last name, centred, as with one issuer
    number = _line(first, "天企工委发")
    assert abs((number.x_min + number.x_max) / 2 - CENTRE) < 1.0
    assert 2 * LINE_PITCH < number.y_min - lines[-1].y_max < 3.5 * LINE_PITCH


def _closing(doc: list[list[Line]], names: tuple[str, ...]) -> tuple[list[Line], Line]:
    """The 署名 lines (a line may hold two names) and the 成文日期 of the last body page."""
    page = _rows(next(p for p in reversed(doc) if any(ln.text == DATE for ln in p)))
    date = next(ln for ln in page if ln.text == DATE)
    signed = [ln for ln in page if any(name in _plain(ln.text) for name in names)]
    return [ln for ln in signed if ln.y_min < date.y_min], date


def test_joint_unsealed_signatures_stack_right_aligned_the_date_two_right_of_the_last(
    measured: dict[str, Measured],
) -> None:
    doc, _document, _pdf = measured["joint/full"]
    signed, date = _closing(doc, NAMES)
    assert [_plain(ln.text) for ln in signed] == list(NAMES)
    assert max(ln.x_max for ln in signed) - min(ln.x_max for ln in signed) < 1.0
    for upper, lower in zip(signed, [*signed[1:], date], strict=True):
        assert abs(lower.y_min - upper.y_min - LINE_PITCH) < 0.5
    assert abs(date.x_min - signed[-1].x_min - 2 * ADVANCE) < 1.0  # 首字右移二字
    assert TEXT_RIGHT - date.x_max >= 2 * ADVANCE - 1.5  # and never nearer the edge than 2 字


def test_joint_sealed_signatures_two_a_row_the_last_centred_over_the_date(
    measured: dict[str, Measured],
) -> None:
    for case, names in (("joint-sealed", NAMES), ("three-short-sealed", SHORT)):
        doc, _document, _pdf = measured[f"{case}/full"]
        rows, date = _closing(doc, names)
        assert [_plain(ln.text) for ln in rows] == [names[0] + names[1], names[2]], case
        assert abs((TEXT_RIGHT - date.x_max) - 4 * ADVANCE) < 0.5, case  # 右空四字
        date_centre = (date.x_min + date.x_max) / 2
        last = rows[-1]
        assert abs((last.x_min + last.x_max) / 2 - date_centre) < 1.0, case
        assert abs(date.y_min - last.y_min - LINE_PITCH) < 0.5, case
        # rows five lines apart: 51 mm, more than a 42 mm seal
        assert abs(last.y_min - rows[0].y_min - 5 * LINE_PITCH) < 0.5, case


def test_two_sealed_issuers_stand_side_by_side_seals_apart(measured: dict[str, Measured]) -> None:
    doc, _document, pdf = measured["two-sealed/full"]
    names = ("中共天水市企业工作委员会", "天水市总工会")
    [row], date = _closing(doc, names)
    page = next(i for i, p in enumerate(doc, 1) if row in p)
    # the two names' ink, left and right of the middle between them
    left_name = ink_runs(pdf, page, (TEXT_LEFT, row.y_min, CENTRE, row.y_max))
    assert left_name  # the host's 署名 stands on the left half
    date_centre = (date.x_min + date.x_max) / 2
    right_start = row.x_max - 6 * ADVANCE
    assert abs((right_start + row.x_max) / 2 - date_centre) < 1.5
    assert row.x_min >= TEXT_LEFT - 0.5
    # centres at least 50 mm apart: two 42 mm seals never touch
    left_centre = row.x_min + 12 * ADVANCE / 2
    assert (right_start + row.x_max) / 2 - left_centre >= 50 * MM - 1


def test_signers_flush_right_and_the_number_flush_left_on_the_last_line(
    measured: dict[str, Measured],
) -> None:
    doc, _document, pdf = measured["signers/full"]
    first = _rows(doc[0])
    label = _line(first, "签发人")
    number = _line(first, "天企工委发")
    assert (label.text, number.text) == ("签发人：张三李四民", "天企工委发〔2014〕5号王五")
    # 签发人 居右空一字: the first row ends 1 字 from the right (the longest name, 楷体)
    assert abs((TEXT_RIGHT - label.x_max) - ADVANCE) < 2.0
    # the second row's name starts under the first name
    wangwu = next(ln for ln in doc[0] if ln.text == "王五")
    zhangsan_at = next(ln for ln in doc[0] if ln.text.startswith("签发人")).x_min + 4 * ADVANCE
    assert abs(wangwu.x_min - zhangsan_at) < 1.5
    # the 发文字号 1 字 in, on the last name's line, one line below the first row
    assert abs(number.x_min - (TEXT_LEFT + ADVANCE)) < 1.0
    assert abs(number.y_min - label.y_min - LINE_PITCH) < 0.5
    # the first row where a single issuer's 发文字号 stands: two lines below the mark
    plain_number = _line(measured["minimal/full"][0][0], "天企工委发")
    assert abs(label.y_min - plain_number.y_min) < 0.5
    # the red separator 4 mm below the 发文字号's line, across the text block
    rule = ink_runs(pdf, 1, (TEXT_LEFT + 2, number.y_max, TEXT_LEFT + 10, number.y_max + 20))
    plain_pdf = measured["minimal/full"][2]
    plain_rule = ink_runs(
        plain_pdf, 1, (TEXT_LEFT + 2, plain_number.y_max, TEXT_LEFT + 10, plain_number.y_max + 20)
    )
    assert rule and plain_rule
    assert abs((rule[0][0] - number.y_max) - (plain_rule[0][0] - plain_number.y_max)) < 0.3


def test_one_signer_shares_the_number_s_line(measured: dict[str, Measured]) -> None:
    doc, _document, _pdf = measured["one-signer/full"]
    line = _line(_rows(doc[0]), "天企工委发")
    assert line.text == "天企工委发〔2014〕5号签发人：张三"
    assert abs((TEXT_RIGHT - line.x_max) - ADVANCE) < 2.0
    assert abs(line.x_min - (TEXT_LEFT + ADVANCE)) < 1.0


def test_the_line_count_holds_for_joint_and_signed_documents(measured: dict[str, Measured]) -> None:
    """The 版记's placement counts page 1's lines: the estimate matches the PDF's body end."""
    for name, (doc, document, _pdf) in measured.items():
        end = pagination.body_end(document)
        page = next(i for i, p in enumerate(doc, 1) if any(ln.text == DATE for ln in p))
        date = next(ln for ln in doc[page - 1] if ln.text == DATE)
        line = round((date.y_min - TEXT_TOP) / LINE_PITCH) + 1
        assert (end.page, end.lines) == (page, line), name
