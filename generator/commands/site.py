"""``plangen site``: the download page (``index.html``) for the documents in ``dist/``."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import Command
from ..diagnostics import format_report
from ..errors import ProblemsFound
from ..messages import tr


@click.command(cls=Command)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("dist"),
    show_default=True,
    help="生成文件所在的文件夹（含 manifest.json），页面也写在这里。",
)
def command(out_dir: Path) -> None:
    """生成下载页面：列出全部方案和各类企业分册，可筛选、预览、下载和打包下载。

    先运行 plangen build；页面、预览和打包文件都写到输出文件夹中（index.html、preview/、zip/），
    整个文件夹可以直接打开，也可以用 plangen serve 提供给同事。
    """
    from .. import site

    try:
        result = site.make_site(out_dir, Path.cwd())
    except ProblemsFound as problems:
        click.echo(format_report(problems.diagnostics, problems.files, "text"))
        raise click.exceptions.Exit(1) from None
    index = site.write_site(result)
    click.echo(
        tr(
            "site.summary",
            index=index,
            plans=len(result.model.plans),
            documents=result.documents,
            bundles=len(result.model.bundles),
        )
    )
