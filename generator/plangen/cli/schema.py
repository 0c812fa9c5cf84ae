"""``plangen schema``: print the JSON Schemas, write them to a folder, or check that folder.

The schemas are the repository's own (``schemas.repository_schemas``): the packaged ones with the
enterprise types of its ``plans/enterprise-types.yaml`` offered as choices. The catalogue changes
now and then, so ``--check`` (for CI and pre-commit) says when the written files lag behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from plangen.cli.base import Command, here_project, report, shown, tr
from plangen.core.errors import UsageError
from plangen.core.project import Project
from plangen.plan import schemas


@click.command(cls=Command)
@click.argument("name", type=click.Choice(["plan", "enterprise-types"]), default="plan")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    help="把两个 Schema 文件写到这个文件夹（编辑器可用 $schema 指向它们）。",
)
@click.option(
    "--check",
    is_flag=True,
    help="只检查 -o 指定的文件夹中的 Schema 是不是最新的，不是则退出码为 1。",
)
def command(name: str, output: Path | None, check: bool) -> None:
    """输出方案（plan）或企业类型目录（enterprise-types）的 JSON Schema。

    编辑器（如装有 YAML 插件的 VS Code）根据方案文件第一行的“# yaml-language-server: $schema=…”读取 Schema，显示字段的中文说明、中文错误提示和新条目的模板；企业类型的标识取自本仓库的 plans/enterprise-types.yaml，可以直接选择。

    企业类型目录改过之后要重新运行 plangen schema -o schemas；plangen schema --check -o schemas 检查是不是最新的。
    """
    if check and output is None:
        raise UsageError("editor.check-needs-output")
    project = here_project()
    files = schemas.repository_schemas(catalog_types(project))
    if output is None:
        filename = {"plan": schemas.PLAN, "enterprise-types": schemas.CATALOG}[name]
        click.echo(files[filename], nl=False)
    elif check:
        _check(output, files)
    else:
        from plangen.core.writer import write_atomic

        output.mkdir(parents=True, exist_ok=True)
        for filename, text in files.items():
            write_atomic(output / filename, text.encode("utf-8"))
            click.echo(str(output / filename))


def catalog_types(project: Project) -> dict[str, dict[str, Any]] | None:
    """The enterprise types of the repository's catalogue; ``None`` when it has none. A catalogue
    with errors stops the command: schemas made from it would mislead the editor."""
    from plangen.plan.loader import load_file
    from plangen.plan.validate import catalog_from

    path = project.plans / schemas.CATALOG_FILENAME
    if not path.is_file():
        return None
    catalog, problems = catalog_from(load_file(path, project.display(path)))
    if catalog is None:
        click.echo(report(problems, 1, "text", project))
        click.echo(tr("editor.catalog-problems"))
        raise click.exceptions.Exit(1)
    return catalog.types


def _check(folder: Path, files: dict[str, str]) -> None:
    """Compare the files in ``folder`` with ``files``; exit 1 when any differs. Line endings are
    not compared: a Windows checkout may turn them into CRLF."""
    stale = 0
    for filename, text in files.items():
        path = folder / filename
        if not path.is_file():
            click.echo(tr("editor.missing", path=shown(path)))
        elif path.read_bytes().replace(b"\r\n", b"\n") != text.encode("utf-8"):
            click.echo(tr("editor.stale", path=shown(path)))
        else:
            continue
        stale += 1
    if stale:
        click.echo(tr("editor.fix", folder=shown(folder)))
        raise click.exceptions.Exit(1)
    click.echo(tr("editor.current", folder=shown(folder), count=len(files)))
