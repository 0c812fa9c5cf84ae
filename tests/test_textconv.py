"""``plangen textconv``: a .docx file's text, one paragraph a line, for git's diff driver."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
import pytest
from lxml import etree

from plangen.document.ooxml.ns import W

from .conftest import run_cli


def make_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("中共天水市企业工委关于开展测试活动的实施方案")
    body = document.add_paragraph("为了测试，")
    body.add_run("特制定本实施方案。").bold = True
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "抄送：市委组织部"
    table.cell(0, 1).text = "2014年2月24日印发"
    tracked = document.add_paragraph("保留")
    tracked._p.append(
        etree.fromstring(
            f'<w:del xmlns:w="{W}" w:id="1" w:author="a" w:date="2014-03-01T00:00:00Z">'
            "<w:r><w:delText>删去</w:delText></w:r></w:del>"
        )
    )
    tracked._p.append(
        etree.fromstring(
            f'<w:ins xmlns:w="{W}" w:id="2" w:author="a" w:date="2014-03-01T00:00:00Z">'
            "<w:r><w:t>加上</w:t><w:tab/><w:t>末尾</w:t></w:r></w:ins>"
        )
    )
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def test_paragraphs_one_per_line(tmp_path: Path) -> None:
    make_docx(tmp_path / "plan.docx")
    result = run_cli("textconv", str(tmp_path / "plan.docx"))
    assert result.exit_code == 0
    assert result.output == (
        "中共天水市企业工委关于开展测试活动的实施方案\n"
        "为了测试，特制定本实施方案。\n"
        "\n"
        "抄送：市委组织部\n"
        "2014年2月24日印发\n"
        "保留加上\t末尾\n"
    )


def test_not_a_word_file(tmp_path: Path) -> None:
    (tmp_path / "x.docx").write_text("not a zip", encoding="utf-8")
    result = run_cli("textconv", str(tmp_path / "x.docx"))
    assert result.exit_code == 1
    assert result.stderr.startswith("不是有效的 Word 文件：")


def test_missing_file(tmp_path: Path) -> None:
    result = run_cli("textconv", str(tmp_path / "none.docx"))
    assert result.exit_code == 2
    assert "none.docx" in result.stderr


def test_as_a_git_diff_driver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The two lines of set-up from the README make ``git diff`` show the text."""
    plangen = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "plangen"
    if not plangen.exists():
        pytest.skip("the plangen console script is not installed in .venv")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))

    def git(*args: str) -> str:
        identity = ["-c", "user.name=审核人", "-c", "user.email=reviewer@example.org"]
        done = subprocess.run(
            ["git", *identity, *args], cwd=tmp_path, capture_output=True, check=True
        )
        return done.stdout.decode("utf-8")

    git("init", "-q")
    (tmp_path / ".gitattributes").write_text("*.docx diff=plangen-docx\n", encoding="utf-8")
    git("config", "diff.plangen-docx.textconv", f"{plangen} textconv")
    make_docx(tmp_path / "plan.docx")
    git("add", ".")
    git("commit", "-q", "-m", "first")
    document = docx.Document(str(tmp_path / "plan.docx"))
    document.paragraphs[1].runs[0].text = "为了检验，"
    document.save(str(tmp_path / "plan.docx"))
    out = git("diff", "--no-color", "plan.docx")
    assert "-为了测试，特制定本实施方案。\n+为了检验，特制定本实施方案。\n" in out
