"""The command line as a whole: help, documentation, exit codes, messages in Chinese."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from plangen.cli.base import COMMANDS, cli

from .conftest import ROOT, run_cli


def available() -> list[str]:
    import click

    ctx = click.Context(cli)
    return cli.list_commands(ctx)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    if name not in available():
        pytest.skip(f"plangen {name} has not landed yet")
    result = run_cli(name, "--help")
    assert result.exit_code == 0
    assert result.output.startswith("用法：plangen " + name)
    assert "显示本帮助并退出。" in result.output
    assert f"plangen {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_usage_errors_are_chinese_and_exit_2() -> None:
    result = run_cli("validate", "--nope")
    assert result.exit_code == 2
    assert "用法错误：没有这个选项" in result.output
    unknown = run_cli("frobnicate")
    assert unknown.exit_code == 2 and "没有这个命令" in unknown.output
    english = run_cli("--lang", "en", "validate", "--nope")
    assert english.exit_code == 2 and "usage error: No such option" in english.output


def test_schema_command(tmp_path: Path) -> None:
    result = run_cli("schema")
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "实施方案"
    written = run_cli("schema", "-o", str(tmp_path))
    assert written.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "enterprise-types.schema.json",
        "plan.schema.json",
    ]


def test_every_shipped_yaml_points_editors_at_its_schema() -> None:
    for path in (ROOT / "plans").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../schemas/"), path
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file(), path


def test_shipped_plans_validate_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("validate")
    assert result.exit_code == 0, result.output
    assert result.output == "检查了 2 个文件，没有发现问题。\n"


def test_pdf_without_libreoffice_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("plans", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "--pdf", env={"PATH": str(tmp_path / "empty")})
    assert result.exit_code == 1
    assert "生成 PDF 需要 LibreOffice" in result.output
    assert "apt-get install libreoffice-writer-nogui" in result.output
    assert "Traceback" not in result.output
