"""``plangen new``: a new plan file with every section present and explained in Chinese.

The drafter starts from a file that already validates: the repository's enterprise types (from
the catalogue ``plangen validate`` will use for it), dates that fit together, and the schema line
that gives editors the field hints. Only the writing is here; the text is ``scaffold.new_plan``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from plangen.cli.base import Command, report, shown, tr
from plangen.core.errors import PlangenError, UsageError


@click.command(cls=Command)
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--date",
    "date_text",
    metavar="YYYY-MM-DD",
    help="成文日期，也是活动开始的日期，写作 2024-03-01（默认：今天）。",
)
def command(path: Path, date_text: str | None) -> None:
    """新建一份方案（路径相对于当前文件夹，没有 .yaml 时自动加上），已有的文件不会被覆盖。

    \b
    文件中有方案的每个部分，每项都有中文说明，可选项以注释给出写法；企业类型取自
    仓库的企业类型目录，每类一项要求。新建的方案可以直接通过 plangen validate，
    按注释把“××”和“在这里写……”换成实际内容即可。例如：
      plangen new plans/2024-xuexi-jiaoyu
      plangen new plans/2024-xuexi-jiaoyu --date 2024-03-01
    """
    from plangen.core.project import find_project
    from plangen.plan import scaffold, schemas
    from plangen.plan.files import find_catalog
    from plangen.plan.loader import load_file
    from plangen.plan.validate import catalog_from

    date = _parse_date(date_text)
    if not path.name.endswith((".yaml", ".yml")):
        path = path.with_name(path.name + ".yaml")
    if path.exists():
        raise PlangenError("new.exists", path=path)
    target = path.resolve()
    project = find_project(target.parent)
    catalog_path = find_catalog(target)
    if catalog_path is None:
        raise PlangenError("new.no-catalog", path=path)
    catalog, problems = catalog_from(load_file(catalog_path, project.display(catalog_path)))
    if catalog is None:
        click.echo(report(problems, 1, "text", project))
        raise PlangenError("new.bad-catalog", path=catalog_path)
    schema = project.root / "schemas" / schemas.PLAN
    text = scaffold.new_plan(catalog.types.values(), _relative(schema, target.parent), date)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as handle:  # "x": never over a file, even one made meanwhile
            handle.write(text.encode("utf-8"))
    except FileExistsError as err:
        raise PlangenError("new.exists", path=path) from err
    except OSError as err:
        raise PlangenError("init.write-failed", path=path, reason=err.strerror or str(err)) from err
    click.echo(
        tr("new.created", path=shown(target), date=date.isoformat(), types=len(catalog.types))
    )
    if not schema.is_file():
        click.echo(tr("new.no-schema", path=shown(schema)))


def _parse_date(text: str | None) -> dt.date:
    """Today, or ``text`` read as plans write dates (``YYYY-MM-DD``, a real day)."""
    from plangen.core.vocab import parse_date

    if text is None:
        return dt.date.today()
    date = parse_date(text.strip())
    if date is None:
        raise UsageError("new.bad-date", value=text)
    return date


def _relative(schema: Path, folder: Path) -> str:
    """The schema as the plan's first line names it: relative to the plan's folder, with ``/``."""
    try:
        return Path(os.path.relpath(schema, folder)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_posix()
