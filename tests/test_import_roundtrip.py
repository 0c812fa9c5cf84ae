"""``import(build(plan))``: the shipped plan, the valid cases and the examples come back as plans
whose full document has the same paragraphs, in the same order; the body's data is compared too,
and where it cannot come back (ids, ``only``, column widths, kinds under an office's own title,
Markdown lists) the test says so by listing the plans whose data is equal."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from plangen.core.project import Project
from plangen.document.build import render_plan_documents
from plangen.document.importer import import_docx
from plangen.document.ooxml.text import document_lines
from plangen.plan import textmodel
from plangen.plan.schemas import KIND_TITLES
from plangen.plan.validate import find_catalog, validate_paths
from tests.conftest import CASES, ROOT

#: the document kinds import does not read back yet (a draft's mark, a seal's spacing, the
#: cover notice, a plain plan without 版头, a letter's 版头 in its first-page header): their plans
#: are left out of the round trip
NOT_YET = {"sealed", "notice", "notice-attachment", "plain", "letter"}
PLANS = sorted(
    [
        ROOT / "plans" / "2014-qunzhong-luxian.yaml",
        *(p for p in (CASES / "valid").glob("*/plan.yaml") if p.parent.name not in NOT_YET),
        *list(ROOT.glob("examples/*/plans/*.yaml")),
    ],
)
#: plans whose body sections come back as equal data (texts compared as their paragraphs)
SAME_SECTIONS = {
    "2014-qunzhong-luxian", "bom-crlf", "draft", "minimal", "month-parts-and-durations",
    "no-types-own-numbering", "one-sentence-per-line-and-markdown",
    "2022-henan-yingshang-huanjing", "2018-zhengfu-wangzhan-jiyuehua", "task-table",
}  # fmt: skip
# Not equal, and why: only-and-own-catalogue (``only`` is not in the full document),
# 2025-qiaocheng-fenjie (its table has no 完成时限 column to tell ``kind: tasks`` by; the column
# widths come back, as whole or half 字), 2017-linyi-zhongqiu-chongyang and
# 2023-lishan-zhongdian-gongzuo (a kind under an office's own title, or a title read as a kind).


def _name(path: Path) -> str:
    return path.parent.name if path.name == "plan.yaml" else path.stem


def _normal(value: Any) -> Any:
    """Data as the documents show it: no ids and no ``only`` (the full edition has them all),
    texts as their paragraphs."""
    if isinstance(value, dict):
        value = {k: _normal(v) for k, v in value.items() if k not in ("id", "only")}
        if "title" in value and value["title"] == KIND_TITLES.get(value.get("kind", "")):
            del value["title"]  # 方法步骤 written out or left to the kind: the same section
        return value
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, str) and "\n" in value:
        return textmodel.normalise(value)
    return str(value) if hasattr(value, "isoformat") else value


def _round_trip(path: Path, tmp_path: Path) -> tuple[Any, Any, bytes, bytes, int]:
    original = validate_paths([path], path.parent).plans[0]
    built = render_plan_documents(original, Project(ROOT), only=["full"])["full"]
    types = {t["name"]: type_id for type_id, t in original.catalog.types.items()}
    result = import_docx(built, types, "# yaml-language-server: $schema=x")
    folder = tmp_path / "plans"
    folder.mkdir()
    catalog = find_catalog(path)
    if catalog is not None:
        shutil.copy(catalog, folder / "enterprise-types.yaml")
    target = folder / "imported.yaml"
    target.write_text(result.text, encoding="utf-8")
    checked = validate_paths([target], tmp_path)
    assert not checked.errors, [d.key for d in checked.diagnostics]
    imported = checked.plans[0]
    if "campaign" in original.data:  # not printed, but its name keeps titles' lines together
        imported.data["campaign"] = original.data["campaign"]
    if original.catalog.types and not imported.catalog.types:
        imported.catalog = original.catalog  # the plan's own catalogue does not round-trip
    rebuilt = render_plan_documents(imported, Project(ROOT), only=["full"])["full"]
    return original.data, imported.data, built, rebuilt, result.unplaced


@pytest.mark.parametrize("path", PLANS, ids=_name)
def test_import_gives_back_the_same_document(path: Path, tmp_path: Path) -> None:
    before, after, built, rebuilt, unplaced = _round_trip(path, tmp_path)
    assert document_lines(rebuilt) == document_lines(built)
    assert unplaced == 0
    assert after["document"]["title"] == before["document"]["title"]
    assert after["document"]["date"] == before["document"]["date"]
    same = _normal(after["body"]["sections"]) == _normal(before["body"]["sections"])
    assert same == (_name(path) in SAME_SECTIONS)


def test_round_trip_results_are_counted() -> None:
    """The plans tried are the ones shipped: a new example joins the test by being there."""
    assert (
        len(PLANS) == 14
    )  # the shipped plan, 8 valid cases (not the kinds import skips), 5 examples
    assert all(re.match(r"^[\w-]+$", _name(p)) for p in PLANS)
