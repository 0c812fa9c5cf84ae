"""``plangen template``: copy out, pack, check or unpack the Word template."""

from __future__ import annotations

import click

from plangen.cli.base import Command, here_project
from plangen.core.errors import PlangenError
from plangen.document import template_source as templates


@click.command(cls=Command)
@click.argument("action", type=click.Choice(["unpack", "pack", "check"]))
@click.option(
    "--name",
    default=templates.DEFAULT,
    show_default=True,
    help="模板名称（templates/<名称>.docx）。",
)
@click.option(
    "--default",
    "packaged",
    is_flag=True,
    help="（plangen 开发者用）操作程序自带的默认模板，而不是本仓库的 templates/。",
)
def command(action: str, name: str, packaged: bool) -> None:
    """unpack：把模板拆成 XML 源文件（templates/src/<名称>/），便于在 git 中审阅改动；
    仓库中还没有模板时，先把程序自带的默认模板复制到 templates/<名称>.docx，供修改样式。
    pack：由 XML 源文件生成 templates/<名称>.docx；
    check：检查 .docx 与源文件是否一致（不一致时退出码为 1）。

    在 Word 或 WPS 中修改 templates/<名称>.docx 的样式并保存后，运行 unpack 拆回源文件再提交。
    """
    files = templates.packaged(name) if packaged else templates.repository(here_project(), name)
    if action == "unpack":
        if not files.docx.is_file() and not packaged:
            written = templates.copy_default(files, name)
        elif not files.docx.is_file():
            raise PlangenError("template.missing", path=files.docx)
        else:
            written = templates.unpack(files.docx, files.source)
        for path in written:
            click.echo(str(path))
    elif not files.source.is_dir():
        raise PlangenError("template.no-source", path=files.source)
    elif action == "pack":
        click.echo(str(templates.pack(files)))
    elif not templates.is_current(files):
        raise PlangenError("template.stale", path=files.docx, source=files.source)
    else:
        click.echo(str(files.docx))
