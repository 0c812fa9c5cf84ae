"""Whatever is broken around the plans — settings, template, output folder, LibreOffice — plangen
answers with a clear Chinese message and exit code 1, never a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from plangen.document import pdf
from plangen.document import template_source as templates

from .conftest import ROOT, run_cli


def fails_with(message: str, *args: str) -> None:
    result = run_cli("build", *args)
    assert "Traceback" not in result.output
    assert result.output.strip() == message
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "[fonts\nbody = 1\n",
            "plangen.toml:1:7: 错误: plangen.toml 不是有效的 TOML（常见原因：引号或方括号不成对、文字没有加引号）。",
        ),
        ("[fonts]\nbody = 1\n", "plangen.toml:2:1: 错误: 字体名称 body 应当是加引号的文字。"),
        (
            'fonts = "黑体"\n',
            'plangen.toml:1:1: 错误: [fonts] 应当是一个表（[fonts] 下面每行“名称 = "字体"”）。',
        ),
        (
            '[fonts]\n  title = "黑体\\"/><w:b/>"\n',
            'plangen.toml:2:3: 错误: 字体名称 黑体"/><w:b/> 含有不允许的字符：'
            "只能用文字、数字、空格和 _ - . + ( )，最多 64 个字。",
        ),
        (
            '[fonts]\nbody = "A&B"\n',
            "plangen.toml:2:1: 错误: 字体名称 A&B 含有不允许的字符：只能用文字、数字、空格和 _ - . + ( )，最多 64 个字。",
        ),
    ],
)
def test_a_bad_plangen_toml(project: Path, toml: str, message: str) -> None:
    (project / "plangen.toml").write_text(toml, encoding="utf-8")
    fails_with(message)
    assert not (project / "dist").exists()


def test_a_font_name_with_spaces_and_brackets_is_fine(project: Path) -> None:
    (project / "plangen.toml").write_text('[fonts]\nbody = "Noto Serif CJK SC (Bold)"\n')
    assert run_cli("build").exit_code == 0


def _template(project: Path, data: bytes) -> None:
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "official.docx").write_bytes(data)


def _without(part: str, damage: bool = False) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(templates.packaged().docx) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
            elif damage:
                target.writestr(info, source.read(info)[:-40])
    return out.getvalue()


BROKEN = (
    "模板 templates/official.docx 已损坏：{}。请用 plangen template pack 重新生成，或从版本库恢复。"
)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not a zip", "不是 Word 文件（不是 zip 压缩包）"),
        (b"", "不是 Word 文件（不是 zip 压缩包）"),
        (_without("word/styles.xml"), "缺少 word/styles.xml"),
        (_without("word/document.xml", damage=True), "word/document.xml 不是有效的 XML"),
    ],
)
def test_a_broken_template(project: Path, data: bytes, reason: str) -> None:
    _template(project, data)
    fails_with(BROKEN.format(reason))


def _fake_soffice(tmp_path: Path, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "soffice"
    program.write_text(f"#!/bin/sh\n{body}\n")
    program.chmod(0o755)
    monkeypatch.setattr(pdf, "soffice", lambda: str(program))


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ("kill -SEGV $$", "LibreOffice 异常退出（代码 -11）"),
        (
            "echo 'Error: source file could not be loaded' >&2; exit 1",
            "LibreOffice 的输出：Error: source file could not be loaded",
        ),
        ("exec sleep 30", "LibreOffice 在 1 秒内没有完成，已停止"),
    ],
)
def test_libreoffice_failing_keeps_the_last_set(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, detail: str
) -> None:
    assert run_cli("build").exit_code == 0
    before = sorted(p.name for p in (project / "dist").rglob("*"))
    _fake_soffice(tmp_path, body, monkeypatch)
    monkeypatch.setattr(pdf, "TIMEOUT", (1, 0))
    title = "中共天水市企业工委关于在企业深入开展党的群众路线教育实践活动的实施方案"
    fails_with(
        f"LibreOffice 没能把 {title}.docx 转成 PDF：{detail}。输出文件夹保持上次生成的样子。",
        "--pdf",
    )
    assert sorted(p.name for p in (project / "dist").rglob("*")) == before
    assert not list(project.glob(".plangen-*"))


def test_a_bug_is_an_internal_error_with_exit_3(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plangen.document import build

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(build, "build", broken)
    result = run_cli("build")
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert result.output.splitlines() == [
        "plangen 内部错误（这是程序的缺陷，请把下面的信息报告给维护者）：RuntimeError: boom",
        "请把这段文字和所用的命令报告给维护者；用 plangen --debug <命令> 再运行一次可以看到详细的回溯信息。",
    ]
    with pytest.raises(RuntimeError):
        run_cli("--debug", "build")


def test_upper_case_yaml_files_are_checked_too(project: Path) -> None:
    (project / "plans" / "B.YAML").write_text("document: [\n", encoding="utf-8")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert "plans/B.YAML:2:1: 错误: YAML 语法错误" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("build", "-o"), "用法错误：选项 '-o' 需要一个值。"),
        (("build", "--pdf=3"), "用法错误：选项 '--pdf' 不接受值。"),
    ],
)
def test_usage_errors_are_in_chinese(project: Path, args: tuple[str, ...], message: str) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == message


def _edited(old: str, new: str) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(templates.packaged().docx) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode(), 1)
            target.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "{{r recipients }}",
            "{{r recipientz }}",
            "模板 official 中用到了 plangen 不提供的名称“recipientz”（拼写错了？），文件会缺少这一部分，"
            "所以没有生成：请改正模板中 {{ }} 或 {% %} 标记里的名称。",
        ),
        (
            "{%p endfor %}",
            "{%p endfor ",
            "模板 official 中有写错的 {{ }} 或 {% %} 标记（括号不成对、关键字拼错或缺少 end…），所以没有生成。",
        ),
    ],
)
def test_a_broken_template_tag_is_never_an_empty_part(
    project: Path, old: str, new: str, message: str
) -> None:
    _template(project, _edited(old, new))
    fails_with(message)
    assert not (project / "dist").exists()


#: Ctrl-C pressed while plangen's command line loads (click is among its first modules)
CTRL_C_WHILE_LOADING = """
import runpy, sys
class CtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == "click":
            raise KeyboardInterrupt
sys.meta_path.insert(0, CtrlC())
sys.argv = ["plangen", "validate"]
{start}
"""
#: plangen started as the ``plangen`` script starts it, and as ``python -m plangen``
STARTS = {
    "script": "from plangen.cli import main; main()",
    "module": "runpy.run_module('plangen', run_name='__main__')",
}


@pytest.mark.parametrize("start", STARTS.values(), ids=STARTS)
def test_ctrl_c_while_plangen_loads(project: Path, start: str) -> None:
    """The command line's modules load in the first tenth of a second of every run: a Ctrl-C
    then was a Python traceback, not the message a later one gets."""
    script = CTRL_C_WHILE_LOADING.format(start=start)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "generator")}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=project, env=env, capture_output=True, check=False
    )
    assert done.returncode == 130
    assert done.stderr.decode().strip() == (
        "已中断：输出文件夹保持上次生成的样子，没有写入一半的文件。"
    )
    assert done.stdout == b""
