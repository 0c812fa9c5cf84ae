"""``plangen migrate``: plans of the old form (fixed body keys) into the list of sections."""

from __future__ import annotations

from pathlib import Path

import click

from plangen.cli.base import Command, here_project, report, shown, tr
from plangen.core.errors import PlangenError


@click.command(cls=Command)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="只检查、不修改：列出需要转换的方案，有则退出码为 1。")
def command(paths: tuple[Path, ...], check: bool) -> None:
    """把旧格式的方案（正文写成 guiding_ideology、phases 等键）转换为按顺序排列的 sections 列表。

    内容和注释保留，生成的文件与转换前相同；转换后的文件先检查能读入，才写回原处。
    默认转换 plans/ 下的全部方案。
    """
    from plangen.core.writer import write_atomic
    from plangen.plan.files import discover
    from plangen.plan.loader import load_bytes
    from plangen.plan.migrate import migrate_text

    project = here_project()
    changed = 0
    files = discover(paths or (project.plans,))
    for path in files:
        source = path.read_bytes()
        loaded = load_bytes(source, project.display(path))
        if not loaded.ok:
            click.echo(report(loaded.diagnostics, len(files), "text", project))
            raise click.exceptions.Exit(1)
        try:
            new = migrate_text(loaded.text)
        except ValueError as err:  # ruamel.yaml fails on a day that is not real (2014-02-30)
            raise PlangenError("migrate.failed", path=path) from err
        if new is None:
            continue
        again = load_bytes(new.encode("utf-8"), project.display(path))
        if not again.ok or len(again.diagnostics) > len(loaded.diagnostics):
            raise PlangenError("migrate.failed", path=path)
        changed += 1
        click.echo(tr("migrate.not-new" if check else "migrate.done", path=shown(path)))
        if not check:
            write_atomic(path, new.encode("utf-8"))
    click.echo(tr("migrate.summary", files=len(files), changed=changed))
    if check and changed:
        raise click.exceptions.Exit(1)
