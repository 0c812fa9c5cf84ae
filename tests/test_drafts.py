"""Drafts (``document.status``): the status line under the title, the file name, no 发文字号
needed, and ``plangen build --official`` refusing them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import CASES, run_cli
from .docxread import NS, paragraphs, q

DRAFT = CASES / "valid" / "draft"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / ".git").mkdir()
    shutil.copy(CASES / "enterprise-types.yaml", tmp_path / "plans")
    shutil.copy(DRAFT / "plan.yaml", tmp_path / "plans" / "draft.yaml")
    return tmp_path


def _build(project: Path, *args: str) -> tuple[int, str]:
    cwd = Path.cwd()
    os.chdir(project)
    try:
        result = run_cli("build", *args)
    finally:
        os.chdir(cwd)
    return result.exit_code, result.output


def test_a_draft_says_so_under_the_title_and_in_its_file_name(project: Path) -> None:
    code, output = _build(project)
    assert code == 0, output
    names = sorted(p.name for p in (project / "dist" / "draft").iterdir())
    assert names == [
        "中共天水市企业工委关于开展测试活动的实施方案（市属企业）（征求意见稿）.docx",
        "中共天水市企业工委关于开展测试活动的实施方案（征求意见稿）.docx",
    ]
    for name in names:
        paras = paragraphs((project / "dist" / "draft" / name).read_bytes())
        styles = [p.style for p in paras]
        last_title = len(styles) - 1 - styles[::-1].index("Title")
        after = [p for p in paras[last_title + 1 : styles.index("Recipients")] if p.text]
        status = after[-1]
        assert (status.style, status.text) == ("Subtitle", "（征求意见稿）"), name
        fonts = {f.get(q("w:eastAsia")) for f in status.element.iterfind(".//w:rFonts", NS)}
        assert fonts == {"楷体_GB2312"}  # 3号楷体, the Subtitle style's size
        number = next(p for p in paras if p.style == "DocumentNumber")
        assert number.text == ""  # a draft has no 发文字号 yet


def test_official_builds_refuse_drafts_and_write_nothing(project: Path) -> None:
    code, output = _build(project, "--official")
    assert code == 1
    assert output == (
        "plans/draft.yaml:4:11: 错误: 这份方案是征求意见稿（document.status），不能作为正式文件生成："
        "定稿印发时删去 status 一项，或者不加 --official 生成征求意见稿。 [official.draft]\n"
        "检查了 2 个文件：1 个错误，0 个警告。\n"
    )
    assert not (project / "dist").exists()


def test_official_builds_of_issued_plans_work(project: Path) -> None:
    plan = project / "plans" / "draft.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("  status: 征求意见稿\n", ""), encoding="utf-8"
    )
    code, output = _build(project, "--official")
    assert code == 0, output
    assert (
        project / "dist" / "draft" / "中共天水市企业工委关于开展测试活动的实施方案.docx"
    ).is_file()
