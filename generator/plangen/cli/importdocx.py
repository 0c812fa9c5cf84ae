"""``plangen import``: an existing Word plan (.docx) into plan YAML, with a report, then checked."""

from __future__ import annotations

import os
from pathlib import Path

import click

from plangen.cli.base import Command, here_project, report, shown, tr
from plangen.core.errors import PlangenError


@click.command(cls=Command)
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="写出的方案文件（默认 plans/<Word 文件名>.yaml）。",
)
@click.option("--force", is_flag=True, help="覆盖已有的方案文件。")
def command(source: Path, output: Path | None, force: bool) -> None:
    """把已有的 Word 方案（.docx）导入为方案 YAML，列出导入报告，再检查。

    \b
    按标题序号（一、（一）1.（1））分出各部分和条目，识别版头、标题、主送、署名、
    成文日期、附注、附件和版记，以及印发通知、加盖印章的落款、信函格式和内部方案；
    无法归类的段落保留在最近的文字中并加注释。例如：
      plangen import 旧方案.docx -o plans/2014-qunzhong-luxian.yaml
    通过检查时退出码为 0，有问题为 1。
    """
    from plangen.document.importer import import_docx
    from plangen.document.ooxml.text import NotADocx
    from plangen.plan import schemas
    from plangen.plan.validate import validate_paths

    project = here_project()
    target = (output or project.plans / f"{source.stem}.yaml").resolve()
    if target.exists() and not force:
        raise PlangenError("import.exists", path=target)
    schema = project.root / "schemas" / schemas.PLAN
    line = f"# yaml-language-server: $schema={_relative(schema, target.parent)}"
    try:
        result = import_docx(source.read_bytes(), _type_names(target), line)
    except NotADocx as err:
        raise PlangenError("import.not-docx", path=source, detail=err.args_.get("detail")) from err
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(result.text, encoding="utf-8")
    click.echo(tr("import.report.head", source=shown(source)))
    for message in result.report:
        click.echo(tr(message.key, **message.args))
    click.echo(tr("import.written", path=shown(target), unplaced=result.unplaced))
    checked = validate_paths((target,), project.root)
    click.echo(report(checked.diagnostics, checked.files, "text", project))
    if checked.errors:
        raise click.exceptions.Exit(1)


def _type_names(target: Path) -> dict[str, str]:
    """Enterprise type name → id from the catalogue the new plan will use (none: empty)."""
    from plangen.plan.files import find_catalog
    from plangen.plan.loader import load_file
    from plangen.plan.validate import catalog_from

    path = find_catalog(target)
    if path is None:
        return {}
    catalog, _ = catalog_from(load_file(path))
    if catalog is None:
        return {}
    return {str(t["name"]): type_id for type_id, t in catalog.types.items()}


def _relative(schema: Path, folder: Path) -> str:
    try:
        return Path(os.path.relpath(schema, folder)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_posix()
