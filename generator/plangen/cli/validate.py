"""``plangen validate``: report every problem in the plans, exit 1 if there is any error."""

from __future__ import annotations

from pathlib import Path

import click

from plangen.cli.base import REPORT_FORMAT, Command, here_project, report
from plangen.plan.validate import validate_paths


@click.command(cls=Command)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@REPORT_FORMAT
def command(paths: tuple[Path, ...], fmt: str) -> None:
    """检查方案文件（默认 plans/ 下全部 YAML），一次列出所有问题。

    每个问题一行：文件:行:列: 错误: 说明 [规则编号]。没有错误时退出码为 0，有错误为 1。
    """
    project = here_project()
    result = validate_paths(paths or (project.plans,), project.root)
    click.echo(report(result.diagnostics, result.files, fmt, project))
    if result.errors:
        raise click.exceptions.Exit(1)
