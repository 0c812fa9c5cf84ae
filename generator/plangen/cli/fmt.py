"""``plangen fmt``: canonical YAML layout for plans, so that diffs show only real changes."""

from __future__ import annotations

from pathlib import Path

import click

from plangen.cli.base import Command, here_project, report


@click.command(cls=Command)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--check", is_flag=True, help="只检查、不修改：列出格式不规范的文件，有则退出码为 1。"
)
def command(paths: tuple[Path, ...], check: bool) -> None:
    """把方案 YAML 整理成统一格式（默认 plans/ 下全部文件），注释保留。

    两个空格缩进，需要时才加引号，多行文字用“|”块写法，较长的段落一句一行（在。！？；之后
    换行；段内换行直接连接，所以意思不变）。整理前后的内容逐项比对，一致才写入。
    """
    from plangen.cli.base import tr
    from plangen.core.project import relative_to_here
    from plangen.plan.fmtfiles import format_paths

    project = here_project()
    result = format_paths(paths or (project.plans,), project.root, check=check)
    for shown in result.changed:
        path = relative_to_here(shown, project.root, Path.cwd())
        click.echo(tr("fmt.not-canonical" if check else "fmt.changed", path=path))
        if check:  # say why: the lines formatting would change
            click.echo(result.diffs[shown].rstrip("\n"))
    if result.diagnostics:
        click.echo(report(result.diagnostics, result.files, "text", project))
        raise click.exceptions.Exit(1)
    if check and result.changed:
        click.echo(tr("fmt.check-summary", files=result.files, count=len(result.changed)))
        raise click.exceptions.Exit(1)
    key = "fmt.clean" if check or not result.changed else "fmt.summary"
    click.echo(tr(key, files=result.files, changed=len(result.changed)))
