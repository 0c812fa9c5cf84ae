"""Every document plangen writes is valid against Office's schemas, part by part, and the checker
that says so finds the defects Word would trip on (``ooxmlschema``, data from the Open XML SDK)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from plangen.core.project import Project
from plangen.document import template_source
from plangen.document.produce import render_plan_documents
from plangen.plan.validate import validate_paths
from plangen.review.redline import redline

from .conftest import CASES, ROOT
from .ooxmlschema import Problem, check_docx, schema


def render_all(folder: Path, root: Path) -> dict[str, bytes]:
    """Every edition of every plan under ``folder``, keyed ``plan-file:edition``."""
    result = validate_paths([folder], root)
    assert not result.errors, [d.format_text("en") for d in result.errors]
    return {
        f"{plan.source.name}:{key}": data
        for plan in result.plans
        for key, data in render_plan_documents(plan, Project(root)).items()
    }


@pytest.fixture(scope="module")
def shipped() -> dict[str, bytes]:
    return render_all(ROOT / "plans", ROOT)


def test_every_edition_of_the_shipped_plan_is_valid(shipped: dict[str, bytes]) -> None:
    assert len(shipped) == 5
    for name, data in shipped.items():
        assert check_docx(data) == [], name


@pytest.mark.parametrize("case", sorted(p.name for p in (CASES / "valid").iterdir()))
def test_the_example_plans_are_valid(case: str, tmp_path: Path) -> None:
    shutil.copy(CASES / "enterprise-types.yaml", tmp_path / "enterprise-types.yaml")
    shutil.copy(CASES / "valid" / case / "plan.yaml", tmp_path / "plan.yaml")
    (tmp_path / ".git").mkdir()
    for name, data in render_all(tmp_path / "plan.yaml", tmp_path).items():
        assert check_docx(data) == [], name


def test_the_packaged_template_and_its_source_are_valid() -> None:
    files = template_source.packaged()
    assert check_docx(files.docx.read_bytes()) == []
    assert check_docx(template_source.pack_bytes(files.source)) == []


def test_a_redline_is_valid(tmp_path: Path) -> None:
    """``plangen diff --docx`` output: a changed word, a new paragraph and a deleted one."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    (tmp_path / ".git").mkdir()
    old = render_all(tmp_path / "plans", tmp_path)
    plan = tmp_path / "plans" / "2014-qunzhong-luxian.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "自我学习、" in text and "一般不另行派出督导组。" in text
    text = text.replace("自我学习、", "", 1).replace("一般不另行派出督导组。", "", 1)
    text = text.replace("督导组督导。\n", "督导组督导。\n\n            新增一段。\n\n", 1)
    plan.write_text(text, encoding="utf-8")
    new = render_all(tmp_path / "plans", tmp_path)
    for key in ("2014-qunzhong-luxian.yaml:full", "2014-qunzhong-luxian.yaml:city-owned"):
        marked = redline(old[key], new[key], "审核人", dt.datetime(2014, 3, 5, tzinfo=dt.UTC))
        document = _parts(marked)["word/document.xml"]
        assert b"<w:ins " in document and b"<w:del " in document
        assert check_docx(marked) == [], key


# --- the checker finds what it must ------------------------------------------------------------


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def planted(data: bytes, part: str, change: Callable[[str], str]) -> list[Problem]:
    """The problems of ``data`` with ``part`` rewritten by ``change`` (which must change it)."""
    parts = _parts(data)
    before = parts[part].decode()
    after = change(before)
    assert after != before, "the defect was not planted"
    parts[part] = after.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return check_docx(buffer.getvalue())


@pytest.fixture(scope="module")
def good(shipped: dict[str, bytes]) -> bytes:
    return shipped["2014-qunzhong-luxian.yaml:full"]


def kinds(problems: list[Problem]) -> list[tuple[str, str, str]]:
    return [(p.part, p.path, p.kind) for p in problems]


def test_two_swapped_settings_are_reported(good: bytes) -> None:
    """Today's real bug: w:evenAndOddHeaders before w:defaultTabStop (Word drops it)."""
    problems = planted(
        good,
        "word/settings.xml",
        lambda xml: xml.replace("<w:evenAndOddHeaders/>", "").replace(
            "<w:defaultTabStop", "<w:evenAndOddHeaders/><w:defaultTabStop"
        ),
    )
    assert kinds(problems) == [("word/settings.xml", "/w:settings/w:defaultTabStop", "order")]
    assert "w:defaultTabStop is out of order (after w:evenAndOddHeaders)" in problems[0].message


def test_swapped_run_properties_are_reported(good: bytes) -> None:
    problems = planted(
        good,
        "word/styles.xml",
        lambda xml: xml.replace(
            '<w:spacing w:val="0"/><w:sz w:val="44"/>',
            '<w:sz w:val="44"/><w:spacing w:val="0"/>',
        ),
    )
    assert [p.kind for p in problems] == ["order"]
    assert problems[0].path.endswith("/w:rPr[1]/w:spacing")


def test_an_unknown_element_is_reported(good: bytes) -> None:
    problems = planted(
        good,
        "word/document.xml",
        lambda xml: xml.replace(
            '<w:pStyle w:val="Title"/>', '<w:pStyle w:val="Title"/><w:centre/>', 1
        ),
    )
    assert [p.kind for p in problems] == ["unknown-element"]
    assert problems[0].path.endswith("/w:pPr[1]/w:centre")


def test_a_missing_required_attribute_is_reported(good: bytes) -> None:
    problems = planted(good, "word/footerOdd.xml", lambda xml: xml.replace(' w:instr=" PAGE "', ""))
    assert kinds(problems) == [
        ("word/footerOdd.xml", "/w:ftr/w:p[1]/w:fldSimple[1]", "missing-attribute")
    ]
    assert "w:instr" in problems[0].message


def test_unknown_attributes_and_bad_values_are_reported(good: bytes) -> None:
    problems = planted(
        good,
        "word/styles.xml",
        lambda xml: xml.replace('<w:jc w:val="center"/>', '<w:jc w:val="centre"/>', 1).replace(
            '<w:sz w:val="44"/>', '<w:sz w:val="44" w:colour="red"/>', 1
        ),
    )
    assert sorted(p.kind for p in problems) == ["unknown-attribute", "value"]


def test_package_defects_are_reported(good: bytes) -> None:
    problems = planted(
        good,
        "word/_rels/document.xml.rels",
        lambda xml: xml.replace('Target="footerEven.xml"', 'Target="footerEvn.xml"'),
    )
    assert [p.kind for p in problems] == ["package"]
    assert "footerEvn.xml" in problems[0].message
    missing = planted(
        good,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            '<Override PartName="/word/settings.xml"', '<Override PartName="/word/setting.xml"'
        ),
    )
    assert {p.part for p in missing} == {"[Content_Types].xml", "word/settings.xml"}


def test_the_schema_data_keeps_the_sdk_licence() -> None:
    data = schema()
    assert data.parts["application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"]
    import json

    from .ooxmlschema import DATA

    raw = json.loads(DATA.read_text(encoding="utf-8"))
    assert raw["licence"][0] == "The MIT License (MIT)"
    assert "Open-XML-SDK" in raw["source"]
