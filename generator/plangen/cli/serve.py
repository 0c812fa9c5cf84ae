"""``plangen serve``: the download page for colleagues on the office network, read-only."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

import click

from plangen.cli.base import Command, describe, here_project, lang, report, shown, tr
from plangen.core.errors import PlangenError, ProblemsFound, UsageError
from plangen.core.project import Project


def _rebuild(project: Project, out_dir: Path) -> None:
    """Build and write the page again (with PDFs when the last build had them), telling the
    person at the terminal how it went."""
    from plangen.site import watch

    click.echo(tr("serve.rebuilding", path=shown(project.plans)), err=True)
    try:
        count = watch.rebuild(project, out_dir, lang(), pdf=_had_pdfs(out_dir))
    except ProblemsFound as problems:
        click.echo(report(problems.diagnostics, problems.files, "text", project), err=True)
        click.echo(tr("serve.rebuild-failed"), err=True)
    except PlangenError as err:
        click.echo(describe(err), err=True)
        click.echo(tr("serve.rebuild-failed"), err=True)
    else:
        click.echo(tr("serve.rebuilt", documents=count), err=True)


def _had_pdfs(out_dir: Path) -> bool:
    manifest = out_dir / "manifest.json"
    return manifest.is_file() and '"pdf":' in manifest.read_text(encoding="utf-8", errors="replace")


class _Notice:
    """What the page and the terminal say when the plans changed after the last build: worked
    out again only when a plan file or the manifest changed (not on every request)."""

    def __init__(self, project: Project, out_dir: Path) -> None:
        self.project, self.out_dir = project, out_dir
        self.seen: tuple[object, ...] | None = None
        self.stale: list[str] = []

    def plans(self) -> list[str]:
        from plangen.site.make import stale_plans

        files = sorted(self.project.plans.rglob("*.y*ml")) if self.project.plans.is_dir() else []
        manifest = self.out_dir / "manifest.json"
        state = tuple((str(p), p.stat().st_mtime_ns) for p in [*files, manifest] if p.exists())
        if state != self.seen:
            self.seen, self.stale = state, stale_plans(self.out_dir, self.project)
        return self.stale

    def html(self) -> str:
        import html

        stale = self.plans()
        if not stale:
            return ""
        text = tr("serve.stale", plans="、".join(stale))
        return f'<p class="stale" role="alert">{html.escape(text)}</p>'


def _unexpected(err: BaseException) -> None:
    click.echo(tr("internal-error", detail=repr(err)), err=True)
    click.echo(tr("serve.rebuild-failed"), err=True)


@click.command(cls=Command)
@click.argument(
    "directory",
    required=False,
    type=click.Path(path_type=Path, file_okay=False),
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="监听的地址：127.0.0.1 只有本机能打开；0.0.0.0 让办公网内的同事也能打开。",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="端口（0：任选一个空闲端口）。",
)
@click.option(
    "--watch", is_flag=True, help="方案（plans/）改动时自动重新生成 Word 文件和页面（不含 PDF）。"
)
def command(directory: Path | None, host: str, port: int, watch: bool) -> None:
    """以只读方式提供下载页面（默认 dist/）：只能查看和下载，不能上传或修改。

    先运行 plangen build（或 make build），它同时生成下载页面。按 Ctrl-C 停止。
    """
    from plangen.site import serve
    from plangen.site.watch import Watcher

    project = here_project()
    directory = directory or project.dist
    if watch:
        _rebuild(project, directory)
    if not (directory / "index.html").is_file():
        raise UsageError("serve.no-site", path=directory / "index.html")
    try:
        server = serve.make_server(directory, host, port, lang())
    except socket.gaierror as err:
        raise UsageError("serve.cannot-listen", host=host, port=port, detail=err.strerror) from err
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise PlangenError("serve.port-in-use", port=port, other=port + 1) from err
        raise PlangenError(
            "serve.cannot-listen", host=host, port=port, detail=err.strerror
        ) from err
    server.reporter = lambda line: click.echo(line, err=True)
    notice = _Notice(project, directory)
    server.notice = notice.html
    if notice.plans():
        click.echo(tr("serve.stale", plans="、".join(notice.plans())), err=True)
    local, colleagues = serve.urls(server)
    click.echo(tr("serve.started", url=local))
    if colleagues:
        click.echo(tr("serve.colleagues", urls="  ".join(colleagues)))
    elif host in ("127.0.0.1", "localhost", "::1"):
        click.echo(tr("serve.local-only"))
    folder = directory
    watcher = None
    if watch:
        watcher = Watcher(project.plans, lambda: _rebuild(project, folder), _unexpected)
        click.echo(tr("serve.watching", path=shown(project.plans)))
        watcher.start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo(tr("serve.stopped"))
    finally:
        if watcher:
            watcher.stop()
        server.server_close()
