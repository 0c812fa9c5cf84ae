"""``plangen site``: the download page (``index.html``) for the documents in ``dist/``."""

from __future__ import annotations

from pathlib import Path

import click

from plangen.cli.base import Command, here_project, lang, report, shown, tr
from plangen.core.errors import ProblemsFound


@click.command(cls=Command)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="生成文件所在的文件夹（含 manifest.json），页面也写在这里（默认：仓库根目录下的 dist/）。",
)
def command(out_dir: Path | None) -> None:
    """生成下载页面：列出全部方案和各类企业分册，可筛选、预览、下载和打包下载。

    先运行 plangen build；页面、预览和打包文件都写到输出文件夹中（index.html、preview/、zip/），
    整个文件夹可以直接打开，也可以用 plangen serve 提供给同事。
    """
    from plangen.site import make as site

    project = here_project()
    try:
        result = site.make_site(out_dir or project.dist, project, lang())
    except ProblemsFound as problems:
        click.echo(report(problems.diagnostics, problems.files, "text", project))
        raise click.exceptions.Exit(1) from None
    index = site.write_site(result)
    click.echo(
        tr(
            "site.summary",
            index=shown(index),
            plans=len(result.model.plans),
            documents=result.documents,
            bundles=len(result.model.bundles),
        )
    )
