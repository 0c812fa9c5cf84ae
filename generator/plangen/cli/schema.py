"""``plangen schema``: print the JSON Schemas, or write them to a folder."""

from __future__ import annotations

from pathlib import Path

import click

from plangen.cli.base import Command
from plangen.plan import schemas


@click.command(cls=Command)
@click.argument("name", type=click.Choice(["plan", "enterprise-types"]), default="plan")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    help="把两个 Schema 文件写到这个文件夹（编辑器可用 $schema 指向它们）。",
)
def command(name: str, output: Path | None) -> None:
    """输出方案（plan）或企业类型目录（enterprise-types）的 JSON Schema。

    编辑器（如装有 YAML 插件的 VS Code）根据方案文件第一行的
    “# yaml-language-server: $schema=…”读取 Schema，显示字段的中文说明并检查错误。
    """
    files = {"plan": schemas.PLAN, "enterprise-types": schemas.CATALOG}
    if output is None:
        click.echo(schemas.schema_text(files[name]), nl=False)
        return
    from plangen.core.writer import write_atomic

    output.mkdir(parents=True, exist_ok=True)
    for filename in files.values():
        write_atomic(output / filename, schemas.schema_text(filename).encode("utf-8"))
        click.echo(str(output / filename))
