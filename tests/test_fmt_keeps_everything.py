"""``plangen fmt`` never loses anything: a comment it cannot keep makes it refuse the file,
with the comment's place; line endings and permissions are kept."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from plangen.plan import yamlfmt

from .conftest import run_cli

REFUSED = (
    "整理格式会丢掉这条注释（{comment}），所以没有改动这个文件：方括号或花括号写法（[a, b]、{{x: 1}}）中的注释"
    "和 --- 之前的注释无法保留，请把注释移到单独的一行，或把列表改成每项一行（- 开头）的写法。"
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "plans").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path / "plans"


@pytest.mark.parametrize(
    ("text", "where", "comment"),
    [
        ("a: {x: 1,  # 说明\n  y: 2}\n", "1:12", "# 说明"),
        ("a: [甲,  # 第一项\n  乙]\n", "1:9", "# 第一项"),
        ("# 开头的说明\n---\na: 1\n", "1:1", "# 开头的说明"),
    ],
)
def test_a_comment_that_would_be_lost_refuses_the_file(
    folder: Path, text: str, where: str, comment: str
) -> None:
    path = folder / "x.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("fmt")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.splitlines()[0] == (
        f"plans/x.yaml:{where}: 错误: {REFUSED.format(comment=comment)} [fmt.comment]"
    )
    assert path.read_text(encoding="utf-8") == text


def test_a_comment_after_a_flow_list_is_kept(folder: Path) -> None:
    path = folder / "x.yaml"
    path.write_text("a: [甲, 乙]   # 说明\nb:   1\n", encoding="utf-8")
    assert run_cli("fmt").exit_code == 0
    assert "# 说明" in path.read_text(encoding="utf-8")


def test_comments_are_found_only_outside_values() -> None:
    text = 'a: "#不是注释" # 注释一\nb: x#y\nc: |\n  # 正文\n  文字\n# 注释二\n'
    assert yamlfmt.comments(text) == [("# 注释一", 1, 12), ("# 注释二", 6, 1)]


def test_line_endings_and_permissions_are_kept(folder: Path) -> None:
    path = folder / "x.yaml"
    path.write_bytes(b"a:   1\r\nb: 2\r\n")
    os.chmod(path, 0o600)
    assert run_cli("fmt").exit_code == 0
    assert path.read_bytes() == b"a: 1\r\nb: 2\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert run_cli("fmt", "--check").exit_code == 0
