"""Case folders under tests/cases turned into tests: valid plans pass, each invalid one gives
exactly the messages in its expected.txt (the same text ``plangen validate`` prints)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import CASES, run_cli

VALID = sorted(p.name for p in (CASES / "valid").iterdir())
INVALID = sorted(p.name for p in (CASES / "invalid").iterdir())


@pytest.mark.parametrize("case", VALID)
def test_valid_case(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / "valid" / case)
    result = run_cli("validate", "plan.yaml")
    assert result.exit_code == 0, result.output
    assert result.output == "检查了 1 个文件，没有发现问题。\n"


@pytest.mark.parametrize("case", INVALID)
def test_invalid_case(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = CASES / "invalid" / case
    monkeypatch.chdir(folder)
    result = run_cli("validate", "plan.yaml")
    assert result.exit_code == 1
    assert result.output == (folder / "expected.txt").read_text(encoding="utf-8")


def test_every_error_class_has_a_case() -> None:
    """The classes the validator promises to catch each have a case folder with that rule."""
    rules = " ".join(
        (CASES / "invalid" / c / "expected.txt").read_text(encoding="utf-8") for c in INVALID
    )
    for rule in (
        "load.syntax",
        "schema.type",
        "schema.required",
        "schema.unknown-key",
        "load.duplicate-key",
        "date.invalid",
        "date.order",
        "date.outside-campaign",
        "ref.unknown-type",
        "docno.brackets",
        "docno.shape",
        "text.bad-char",
        "load.unsafe-tag",
        "load.alias-bomb",
        "load.encoding",
        "load.empty",
    ):
        assert f"[{rule}]" in rules, rule


def test_all_problems_of_all_files_in_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES)
    result = run_cli("validate", "invalid")
    assert result.exit_code == 1
    expected = sum(
        len((CASES / "invalid" / c / "expected.txt").read_text(encoding="utf-8").splitlines()) - 1
        for c in INVALID
    )
    lines = result.output.splitlines()
    assert len(lines) == expected + 1
    assert lines[-1] == f"检查了 {len(INVALID)} 个文件：{expected} 个错误，0 个警告。"
    assert all(line.startswith("invalid/") for line in lines[:-1])


def test_json_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / "invalid" / "document-number")
    result = run_cli("validate", "--format", "json", "plan.yaml")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["files"] == 1 and report["errors"] == 3
    first = report["diagnostics"][0]
    assert first == {
        "path": "plan.yaml",
        "line": 4,
        "col": 11,
        "severity": "error",
        "rule": "docno.brackets",
        "message": "发文字号的年份要用六角括号〔〕，不能用“[]”：应写作“天企工委发〔2014〕5号”。",
    }


def test_english_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / "invalid" / "duplicate-key")
    english = run_cli("--lang", "en", "validate", "plan.yaml")
    assert "plan.yaml:9:3: error: the key 'title' appears twice (first at line 5)" in english.output
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    chinese = run_cli("validate", "plan.yaml")
    assert "错误: 键“title”重复出现" in chinese.output
    from_env = run_cli("validate", "plan.yaml", env={"PLANGEN_LANG": "en"})
    assert "error: the key 'title' appears twice" in from_env.output


def test_missing_path_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "nowhere.yaml")
    assert result.exit_code == 2
    assert "找不到路径：nowhere.yaml" in result.output


def test_catalog_problems_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()  # the catalogue search stops at the repository root
    (tmp_path / "enterprise-types.yaml").write_text(
        "enterprise_types:\n  - id: a\n    name: 甲\n    supervisor: 乙\n    recipients: [丙]\n"
        "  - id: a\n    name: 丁\n    supervisor: 乙\n    recipients: [丙]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", ".")
    assert result.exit_code == 1
    assert (
        "enterprise-types.yaml:6:9: 错误: 编号“a”重复（第一次在第 2 行）。 [ref.duplicate-id]"
        in result.output
    )


def test_plan_without_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    source = (CASES / "valid" / "minimal" / "plan.yaml").read_text(encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "plan.yaml")
    assert result.exit_code == 1
    assert "[ref.no-catalog]" in result.output


def test_fast_and_full_schema_checks_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled check (fast path) and jsonschema (full report) never disagree on validity."""
    from plangen.plan import schemas, validate
    from plangen.plan.loader import load_file
    from plangen.plan.validate import _validator, is_valid

    monkeypatch.setattr(validate, "INTERPRETED", 0)  # compiled from the first plan
    checked = 0
    for path in sorted(CASES.rglob("plan.yaml")):
        loaded = load_file(path)
        if loaded.ok:
            full = not list(_validator(schemas.PLAN).iter_errors(loaded.data))
            assert is_valid(loaded.data, schemas.PLAN) == full, path
            checked += 1
    assert checked >= 10
