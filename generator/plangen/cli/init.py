"""``plangen init``: make a plans repository for an office, or add what an existing one lacks.

The texts come from ``plan.scaffold`` and ``plan.schemas``; this module writes them, never over an
existing file (so running it again, or in a fresh clone, only fills in what is missing), sets up
git for the .docx diff driver, and checks the result the way ``plangen validate`` would.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from plangen.cli.base import Command, describe, report, tr
from plangen.core.errors import PlangenError, UsageError
from plangen.core.project import Project


@click.command(cls=Command)
@click.argument("folder", default=".", type=click.Path(path_type=Path, file_okay=False))
def command(folder: Path) -> None:
    """在文件夹（默认：当前文件夹）中建立方案仓库，已有的文件一律保留。

    \b
    写入：plans/enterprise-types.yaml（企业类型目录）、plans/example.yaml（示例方案）、
    schemas/（编辑器用的 Schema）、plangen.toml（设置）、README.md（起草人说明）、
    .gitignore、.gitattributes、.pre-commit-config.yaml、.vscode/（VS Code 设置）。
    不在 git 仓库中时先运行 git init；再设置 git diff 用 plangen textconv 显示 Word 文件的文字，
    并让中文文件名正常显示。在别人建好的仓库的克隆中运行一次，可以补上这些 git 设置。
    """
    from plangen.cli.schema import catalog_types
    from plangen.plan import scaffold, schemas
    from plangen.plan.validate import validate_paths

    root = folder.resolve()
    if root.exists() and not root.is_dir():
        raise UsageError("init.not-a-folder", path=folder)
    project = Project(root)
    files = scaffold.repository_files()
    if not (root / scaffold.EXAMPLE_PLAN).exists() and _has_plans(project.plans):
        del files[scaffold.EXAMPLE_PLAN]
        click.echo(tr("init.example-skipped", path=scaffold.EXAMPLE_PLAN))
    created, kept = _write(root, files)
    # after the catalogue: the schemas of a repository may depend on what it holds
    types = catalog_types(project)
    repo_schemas = {
        f"schemas/{name}": text for name, text in schemas.repository_schemas(types).items()
    }
    more_created, more_kept = _write(root, repo_schemas)
    created += more_created
    kept += more_kept
    for path, line in scaffold.REQUIRED_LINES.items():
        if path in kept and line not in _lines(root / path):
            click.echo(tr("init.add-line", path=path, line=line))
    for line in _set_up_git(root):
        click.echo(line)
    result = validate_paths((project.plans,), root)
    if result.errors:
        click.echo(report(result.diagnostics, result.files, "text", project, here=root))
        click.echo(tr("init.problems"))
        raise click.exceptions.Exit(1)
    click.echo(tr("init.done", path=str(root), created=len(created), kept=len(kept)))
    if root == Path.cwd().resolve():
        click.echo(tr("init.next"))
    else:
        click.echo(tr("init.next-cd", path=_quoted(str(root))))


def _has_plans(plans: Path) -> bool:
    """Whether ``plans/`` already holds a plan (an office's own: no example is added then)."""
    from plangen.plan.schemas import CATALOG_FILENAME

    if not plans.is_dir():
        return False
    return any(
        p.suffix in (".yaml", ".yml") and p.name != CATALOG_FILENAME for p in plans.rglob("*")
    )


def _lines(path: Path) -> list[str]:
    """The lines of a file an office already had (whatever its encoding: only ASCII is sought)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:  # a folder where a file was expected: nothing to look for in it
        return []


def _write(root: Path, files: dict[str, str]) -> tuple[list[str], list[str]]:
    """Create each file that does not exist yet; report each one. Returns (created, kept)."""
    created: list[str] = []
    kept: list[str] = []
    for relative, text in files.items():
        path = root / relative
        if path.exists() or path.is_symlink():
            kept.append(relative)
            click.echo(tr("init.kept", path=relative))
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("xb") as handle:  # "x": not even over a file made meanwhile
                handle.write(text.encode("utf-8"))
        except OSError as err:  # e.g. plans/ is a file, or the folder is read-only
            reason = err.strerror or str(err)
            raise PlangenError("init.write-failed", path=relative, reason=reason) from err
        created.append(relative)
        click.echo(tr("init.created", path=relative))
    return created, kept


def git_settings() -> list[tuple[str, str]]:
    """The git configuration a plans repository needs: the .docx diff driver runs this very
    Python (so it works outside an activated virtual environment), and file names are shown as
    text rather than octal escapes."""
    textconv = f"{shlex.quote(sys.executable)} -m plangen textconv"
    return [("diff.plangen-docx.textconv", textconv), ("core.quotepath", "false")]


def _set_up_git(root: Path) -> list[str]:
    """Make ``root`` a git repository unless it is in one, and configure it; the lines to show."""
    from plangen.review import git

    lines: list[str] = []
    try:
        top = git.run(["rev-parse", "--show-toplevel"], root, check=False)
        if top.returncode == 0:
            inside = Path(top.stdout.decode("utf-8").strip())
            if inside.resolve() != root:
                lines.append(tr("init.git-inside", path=str(inside)))
        else:
            git.run(["init", "--quiet"], root)
            lines.append(tr("init.git-init"))
        for key, value in git_settings():
            git.run(["config", key, value], root)
            lines.append(tr("init.git-config", key=key, value=value))
    except git.GitMissing:
        return [tr("init.git-missing", path=str(root)), *_commands()]
    except git.GitError as err:
        return [*lines, tr("init.git-failed", detail=describe(err), path=str(root)), *_commands()]
    return lines


def _commands() -> list[str]:
    """The git commands to type by hand, indented (double quotes: cmd, PowerShell and sh alike)."""
    settings = [f'git config {key} "{value}"' for key, value in git_settings()]
    return [f"  {command}" for command in ("git init", *settings)]


def _quoted(path: str) -> str:
    return f'"{path}"' if " " in path else path
