"""``plangen lint``: the mistakes pasted text brings into official Chinese, with their fixes."""

from __future__ import annotations

from pathlib import Path

import click

from plangen.cli.base import REPORT_FORMAT, Command, here_project, report, tr


@click.command(cls=Command)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@REPORT_FORMAT
@click.option(
    "--fix", is_flag=True, help="直接改正能安全改正的问题（只改这些字符，注释和格式不变）。"
)
def command(paths: tuple[Path, ...], fmt: str, fix: bool) -> None:
    """检查方案文字中常见的粘贴错误（默认 plans/ 下全部 YAML）：半角标点、直引号、繁体字、拼音注音、固定提法、手工序号、日期写法、发文字号的括号和重复。

    每个问题一行：文件:行:列: 警告|错误: 说明 [规则编号]。发现问题时退出码为 1。

    在 plangen.toml 的 [lint] disable 中，或用行尾注释 # plangen: disable=规则编号，可以关闭规则。
    """
    from plangen.core.project import relative_to_here
    from plangen.plan.files import discover
    from plangen.plan.lint import fix_paths, lint_paths, read_config

    project = here_project()
    config = read_config(project.config)
    files = discover(paths or (project.plans,))
    if fix:
        fixed = fix_paths(files, project.root, config)
        for shown, count in fixed.fixed.items():
            path = relative_to_here(shown, project.root, Path.cwd())
            click.echo(tr("lint.fixed", path=path, count=count), err=fmt == "json")
        for shown in fixed.refused:
            path = relative_to_here(shown, project.root, Path.cwd())
            click.echo(tr("lint.fix-refused", path=path), err=True)
    others = discover((project.plans,)) if project.plans.is_dir() else []
    result = lint_paths(files, project.root, config, others)
    click.echo(report(result.diagnostics, result.files, fmt, project))
    if result.diagnostics:
        raise click.exceptions.Exit(1)
