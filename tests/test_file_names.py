"""No two documents share a file name, and every file name is one any file system accepts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plangen.document.compose import STEM_BYTES, safe_filename

from .conftest import run_cli

SEED = "2014-qunzhong-luxian"
TITLE = "中共天水市企业工委关于在企业深入开展党的群众路线教育实践活动的实施方案"


def test_two_plans_that_would_write_one_file_are_located_errors(project: Path) -> None:
    shutil.copy(project / "plans" / f"{SEED}.yaml", project / "plans" / f"{SEED}.yml")
    result = run_cli("build")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"plans/{SEED}.yml:7:10: 错误: 生成的文件名 {SEED}/{TITLE}.docx 与 plans/{SEED}.yaml（全文）"
        "的文件相同，两份文件会互相覆盖：请修改标题（或企业类型名称）使它们不同。 [file-name]"
    )
    assert not (project / "dist").exists()


def test_type_names_that_make_two_editions_collide(project: Path) -> None:
    catalog = project / "plans" / "enterprise-types.yaml"
    text = catalog.read_text(encoding="utf-8")
    text = text.replace("name: 市属企业\n", "name: 市属/企业\n")
    catalog.write_text(text.replace("name: 市属国有参股企业", "name: 市属:企业"), encoding="utf-8")
    result = run_cli("build")
    assert result.exit_code == 1
    assert (
        f"plans/{SEED}.yaml:7:10: 错误: 生成的文件名 {SEED}/{TITLE}（市属_企业）.docx"
        in result.output
    )
    assert not (project / "dist").exists()


def test_a_long_title_is_cut_within_255_bytes_keeping_the_edition(project: Path) -> None:
    plan = project / "plans" / f"{SEED}.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(f"title: {TITLE}", f"title: {(TITLE * 4)[:120]}"),
        encoding="utf-8",
    )
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    names = [p.name for p in (project / "dist" / SEED).iterdir()]
    assert len(names) == 5
    assert all(len(name.encode("utf-8")) <= STEM_BYTES + len(".docx") for name in names)
    assert sum(name.endswith("（非公企业）.docx") for name in names) == 1


@pytest.mark.parametrize(
    ("title", "edition", "expected"),
    [
        (".隐藏", "", "隐藏"),
        ("...", "", "_"),
        ("CON", "", "_CON"),
        ("nul.txt", "", "_nul.txt"),
        ("CON", "（市属企业）", "CON（市属企业）"),
        ("a/b:c", "", "a_b_c"),
        ("方" * 100, "（非公企业）", "方" * ((STEM_BYTES - 18) // 3) + "（非公企业）"),
    ],
)
def test_safe_filename(title: str, edition: str, expected: str) -> None:
    assert safe_filename(title, edition) == expected
    assert len(safe_filename(title, edition).encode("utf-8")) <= STEM_BYTES
