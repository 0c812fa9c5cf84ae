"""``plangen diff``: what changed between two versions of a plan, in the plan's own terms."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import click

from plangen.cli.base import Command, here_project, shown
from plangen.core.errors import UsageError


class DiffCommand(Command):
    """Keeps what follows ``--`` apart (paths), as git does, before click reads the rest."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if "--" in args:
            cut = args.index("--")
            ctx.meta["plangen.paths"] = args[cut + 1 :]
            args = args[:cut]
            late = [a for a in ctx.meta["plangen.paths"] if a.startswith("-")]
            if late:  # after "--" everything is a path, as for git: say so, not ignore it
                raise UsageError("diff.option-after-dashes", option=late[0])
        return super().parse_args(ctx, args)


@click.command(cls=DiffCommand)
@click.argument("versions", nargs=-1, metavar="[旧 新 | 修订1 [修订2]] [-- 路径…]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="输出格式：text 供人阅读，json 供程序处理，markdown 用于合并请求的评论。",
)
@click.option(
    "--docx",
    "docx_out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="另写出新版本的 Word 文件，改动用修订标记（可在 Word、WPS、LibreOffice 中接受或拒绝）。",
)
@click.option(
    "--edition",
    help="与 --docx 一起用：哪份文件，full（全文，默认）或企业类型标识，如 non-public。",
)
@click.pass_context
def command(
    ctx: click.Context, versions: tuple[str, ...], fmt: str, docx_out: Path | None, edition: str
) -> None:
    """按方案的结构比较两个版本，说明改了什么、影响哪些文件。

    \b
    plangen diff 旧.yaml 新.yaml            比较两个文件
    plangen diff HEAD~1:plans/x.yaml plans/x.yaml   文件可写成“修订:路径”
    plangen diff                            工作区中改动的方案（与 HEAD 比较）
    plangen diff HEAD~3 HEAD -- plans/      两个修订之间改动的全部方案
    plangen diff --docx 修订.docx 旧 新     另写出带修订标记的 Word 文件

    \b
    文字的修改逐字标出：[-删除-] {+插入+}（终端中用红色和绿色）。
    退出码：0 没有差异，1 有差异，2 出错。
    """
    from plangen.cli.base import lang, tr
    from plangen.core.diagnostics import format_report
    from plangen.core.errors import UsageError
    from plangen.review import report as diffreport
    from plangen.review.sources import DiffTrouble, load_pairs, resolve

    if edition is not None and docx_out is None:
        raise UsageError("diff.edition-needs-docx")
    project = here_project()
    pairs = resolve(list(versions), ctx.meta.get("plangen.paths"), Path.cwd(), project)
    loaded = load_pairs(pairs)
    errors = [d for d in loaded.diagnostics if d.severity == "error"]
    if errors:
        report = format_report(
            loaded.diagnostics, loaded.files, "json" if fmt == "json" else "text", lang()
        )
        click.echo(report)
        raise DiffTrouble("diff.problems", count=len(errors))
    colour = fmt == "text" and _terminal()
    formats: dict[str, Any] = {
        "text": lambda c: diffreport.format_text(c, lang(), colour=colour),
        "json": lambda c: diffreport.format_json(c, lang()),
        "markdown": lambda c: diffreport.format_markdown(c, lang()),
    }
    if docx_out is not None:
        from plangen.core.vocab import FULL
        from plangen.review.redline_file import write_redline

        written = write_redline(pairs, loaded, edition or FULL, docx_out, project)
        about = {
            "edition": written.edition_name,
            "author": written.author,
            "date": _local(written.when),
        }
        click.echo(tr("diff.docx-written", path=shown(docx_out), **about), err=True)
    click.echo(formats[fmt](loaded.comparisons), color=colour or None)
    if any(c.differs for c in loaded.comparisons):
        raise click.exceptions.Exit(1)


def _local(when: dt.datetime) -> str:
    """A moment as the reviewer reads one: 2014年3月5日 09:00, in this computer's time zone."""
    here = when.astimezone()
    return f"{here.year}年{here.month}月{here.day}日 {here:%H:%M}"


def _terminal() -> bool:
    """Colour only for a person at a terminal, and not when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
