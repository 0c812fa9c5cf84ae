"""``plangen template``: pack, check or unpack the Word templates."""

from __future__ import annotations

from pathlib import Path

import click

from .. import templates
from ..cli import Command
from ..errors import PlangenError


@click.command(cls=Command)
@click.argument("action", type=click.Choice(["pack", "check", "unpack"]))
@click.option(
    "--name",
    default=templates.DEFAULT,
    show_default=True,
    help="模板名称（templates/<名称>.docx）。",
)
def command(action: str, name: str) -> None:
    """pack：由 templates/src/<名称>/ 的 XML 源文件生成 templates/<名称>.docx；
    check：检查 .docx 与源文件是否一致（不一致时退出码为 1）；
    unpack：把在 Word 或 WPS 中修改过样式的 .docx 拆回源文件，便于在 git 中审阅改动。
    """
    project = Path.cwd()
    source = templates.source_dir(project, name)
    target = templates.docx_path(project, name)
    if action == "pack":
        click.echo(str(templates.pack(project, name)))
    elif action == "check":
        if not templates.is_current(project, name):
            raise PlangenError("template.stale", path=str(target), source=str(source))
        click.echo(str(target))
    else:
        if not target.is_file():
            raise PlangenError("template.missing", path=str(target))
        for path in templates.unpack(target, source):
            click.echo(str(path))
