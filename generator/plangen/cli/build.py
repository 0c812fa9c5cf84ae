"""``plangen build``: validate, then write every plan's documents (and PDFs) into ``dist/``."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from plangen.cli.base import Command, here_project, lang, report, shown, tr
from plangen.core.errors import ProblemsFound
from plangen.core.project import Project

if TYPE_CHECKING:
    from plangen.document.uptodate import Inputs


@click.command(cls=Command)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="输出文件夹（默认：方案仓库根目录下的 dist/）。",
)
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF（每 200 份文件启动一次）。")
@click.option(
    "--official",
    is_flag=True,
    help="生成正式印发的文件：方案中有未定稿的（写了 document.status，如征求意见稿）就报错，不生成任何文件。",
)
@click.option(
    "--no-page", "no_page", is_flag=True, help="不生成下载页面（index.html、预览和打包文件）。"
)
@click.option("--force", is_flag=True, help="全部重新生成，不沿用上次生成的、输入未变的文件。")
def command(
    paths: tuple[Path, ...],
    out_dir: Path | None,
    pdf: bool,
    official: bool,
    no_page: bool,
    force: bool,
) -> None:
    """检查方案并生成 Word 文件：每份方案一份全文，每类企业一份分册。

    先检查全部方案，有错误就不写任何文件；全部文件先写到旁边的临时文件夹，完成后一次换入，
    生成失败或中断时输出文件夹保持上次的样子。
    输出位置与方案位置对应：dist/<方案路径>/<标题>.docx，另有 dist/manifest.json。
    方案、目录、模板、字体设置和 plangen 版本都未变的文件沿用上次生成的（逐字节相同，PDF 也是），
    什么都没变时不改动输出文件夹；--force 全部重新生成。
    """
    started = time.perf_counter()
    project = here_project()
    sources = paths or (project.plans,)
    out_dir = out_dir or project.dist
    # before anything heavy is imported: a build that would write what is there is not done
    inputs = _inputs(sources, project, pdf, official, None if no_page else lang())
    if not force and _up_to_date(out_dir, inputs.key, pdf, no_page, project):
        return

    from plangen.document import build as builder
    from plangen.site.staged import page_into

    step = _Progress()
    try:
        page = None if no_page else page_into(project, lang())
        result = builder.build(
            sources, out_dir, project, step, pdf, official, page, force, _workers(), inputs
        )
    except ProblemsFound as problems:
        click.echo(report(problems.diagnostics, problems.files, "text", project))
        raise click.exceptions.Exit(1) from None
    finally:
        step.clear()
    pdfs = ""
    if pdf:
        _say_stand_ins(result.stand_ins)
        pdfs = tr("build.pdfs", count=len(result.documents))
    click.echo(
        tr(
            "build.summary",
            documents=len(result.documents),
            plans=result.plans,
            pdfs=pdfs,
            seconds=f"{time.perf_counter() - started:.1f}",
            out=shown(out_dir),
        )
    )
    if not no_page:
        click.echo(tr("build.page", index=shown(out_dir / "index.html")))


class _Progress:
    """Where a long build is, on one line of the terminal rewritten in place."""

    def __init__(self) -> None:
        self.show = sys.stderr.isatty()
        self.done = 0

    def __call__(self, name: str) -> None:
        self.done += 1
        if self.show:
            line = f"\r\033[K{tr('build.progress')} {self.done}：{name}"[:100]
            click.echo(line, err=True, nl=False)

    def clear(self) -> None:
        if self.show and self.done:
            click.echo("\r\033[K", err=True, nl=False)


def _say_stand_ins(stand_ins: dict[str, str]) -> None:
    for name, stand_in in stand_ins.items():
        click.echo(tr("build.stand-in", name=name, stand_in=stand_in or "?"))


def _inputs(
    sources: tuple[Path, ...], project: Project, pdf: bool, official: bool, page: str | None
) -> Inputs:
    """What the build reads, digested (``uptodate``); ``page``: the page's language."""
    from plangen.site.inputs import build_inputs

    return build_inputs(sources, project, pdf, official, page)


def _up_to_date(out_dir: Path, inputs: str, pdf: bool, no_page: bool, project: Project) -> bool:
    """Say so and return true when ``out_dir`` already holds what this build would write."""
    from plangen.core import transaction
    from plangen.document import uptodate

    if not out_dir.is_dir():
        return False
    transaction.settle(out_dir)  # never judge a set that a build is replacing
    there = uptodate.current(out_dir, inputs, page=not no_page)
    if there is None:
        return False
    if pdf:
        _stand_ins(project)
    pdfs = tr("build.pdfs", count=there.pdfs) if there.pdfs else ""
    out = shown(out_dir)
    click.echo(
        tr("build.up-to-date", out=out, documents=there.documents, plans=there.plans, pdfs=pdfs)
    )
    if not no_page:
        click.echo(tr("build.page", index=shown(out_dir / "index.html")))
    return True


def _stand_ins(project: Project) -> None:
    """The PDF font stand-ins, as a build that converts says them."""
    from dataclasses import astuple

    from plangen.document import layout, pdf

    fonts = sorted(set(pdf.STAND_INS) & set(astuple(layout.Layout.load(project.config))))
    _say_stand_ins(pdf.stand_ins(fonts))


def _workers() -> int | None:
    """``PLANGEN_WORKERS``: how many processes render (1: this one alone); unset, as many as
    pay for themselves (``document.parallel``)."""
    wanted = os.environ.get("PLANGEN_WORKERS", "").strip()
    return int(wanted) if wanted.isdigit() else None
