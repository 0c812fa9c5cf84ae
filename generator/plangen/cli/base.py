"""The ``plangen`` command line: a thin layer over the library.

Commands live one per module in ``plangen.cli`` and are imported only when called, so
``plangen --help`` stays fast. Errors from the library (one exception tree, ``errors``) become a
translated message and an exit code here, in one place: 0 ok, 1 problems found, 2 usage error.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from plangen import __version__
from plangen.core import cache
from plangen.core.diagnostics import Diagnostic, FileName, format_report
from plangen.core.errors import PlangenError
from plangen.core.messages import Message, language_from, translate
from plangen.core.project import Project, find_project, relative_to_here

#: command name → (module in generator.commands, one-line help in Chinese)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("validate", "检查方案文件：YAML 语法、字段、日期、引用、发文字号和字符。"),
    "lint": (
        "lint",
        "检查方案文字中粘贴带来的错误（标点、繁体字、拼音、固定提法…），--fix 安全改正。",
    ),
    "build": ("build", "检查并生成所有方案及各类企业分册的公文格式 Word 文件（可选 PDF）。"),
    "schema": ("schema", "输出或写出方案和企业类型目录的 JSON Schema。"),
    "template": ("template", "从 templates/src 的源文件打包或检查 Word 模板。"),
    "diff": ("diff", "按方案的结构比较两个版本（文件或 git 修订），可生成带修订标记的 Word 文件。"),
    "textconv": ("textconv", "输出 Word 文件的文字，供 git diff 使用。"),
    "fmt": ("fmt", "把方案 YAML 整理成统一格式（保留注释）；--check 只检查。"),
    "migrate": ("migrate", "把旧格式的方案转换为按顺序排列的各部分（sections）。"),
    "site": ("site", "生成下载页面 index.html（全部方案和各类企业分册）。"),
    "serve": ("serve", "在办公网内以只读方式提供下载页面。"),
    "init": ("init", "建立方案仓库：企业类型目录、示例方案、Schema、编辑器和 git 设置。"),
    "new": ("new", "新建一份方案：每个部分都有中文说明，按注释填写即可。"),
    "import": ("importdocx", "把已有的 Word 方案（.docx）导入为方案 YAML，列出导入报告并检查。"),
}


class ChineseFormatting:
    """Help headings in Chinese (click's own are English)."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法：")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = [p for p in self.get_params(ctx) if isinstance(p, click.Option)]  # type: ignore[attr-defined]
        rows = [r for p in params if (r := p.get_help_record(ctx))]
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            commands = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
            with formatter.section("命令"):
                formatter.write_dl(commands)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "显示本帮助并退出。"
        return option  # type: ignore[no-any-return]


class Command(ChineseFormatting, click.Command):
    pass


#: ``--format text|json`` of the commands that report problems (validate, lint)
REPORT_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式：text 供人阅读，json 供程序处理。",
)


class _Asked:
    """The language asked for with ``--lang`` in this run: the command line's one piece of state,
    kept here at the edge; everything below it is handed the language explicitly."""

    lang: str | None = None
    debug: bool = False


def lang() -> str:
    """The language of this run: ``--lang``, else ``PLANGEN_LANG``, else Chinese."""
    return language_from(os.environ, _Asked.lang)


def tr(key: str, /, **args: Any) -> str:
    """The message ``key`` in this run's language."""
    return translate(key, lang(), **args)


def here_project() -> Project:
    """The plans repository around the folder the command was started in (like git), with
    ``SOURCE_DATE_EPOCH`` when it is set to a number."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return find_project(Path.cwd(), int(epoch) if epoch.isdigit() else None)


def shown(path: Path) -> str:
    """A path as the person at the terminal would type it from where they are."""
    try:
        return Path(os.path.relpath(path, Path.cwd())).as_posix()
    except ValueError:  # another drive on Windows
        return str(path)


def report(
    diagnostics: list[Diagnostic], files: int, fmt: str, project: Project, here: Path | None = None
) -> str:
    """The report of ``diagnostics``, whose paths are relative to the repository's root, with
    each path as the person at the terminal can open it from where they are."""
    here = Path.cwd() if here is None else here
    return format_report(
        [_from_here(d, project.root, here) for d in diagnostics], files, fmt, lang()
    )


def _from_here(diagnostic: Diagnostic, root: Path, here: Path) -> Diagnostic:
    """The diagnostic with its file — and any value naming that file — as seen from ``here``."""
    path = relative_to_here(diagnostic.path, root, here)

    def seen(value: Any) -> Any:
        if value == diagnostic.path:
            return path
        if isinstance(value, FileName):
            return relative_to_here(value, root, here)
        if isinstance(value, Message):
            return Message(value.key, {k: seen(v) for k, v in value.args.items()})
        return value

    return replace(diagnostic, path=path, args={k: seen(v) for k, v in diagnostic.args.items()})


def _available(module: str) -> bool:
    """Whether a command's module exists (commands land one by one, each with its module)."""
    return importlib.util.find_spec(f"plangen.cli.{module}") is not None


class LazyGroup(ChineseFormatting, click.Group):
    """Imports a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, (module, _) in COMMANDS.items() if _available(module))

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        return run(self, args, prog_name, extra)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS or not _available(COMMANDS[cmd_name][0]):
            return None
        module = importlib.import_module(f"plangen.cli.{COMMANDS[cmd_name][0]}")
        command: click.Command = module.command
        return command


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and value not in ("zh", "en"):
        raise click.BadParameter(tr("usage.bad-lang", lang=value))
    _Asked.lang = value  # also None: each run starts from PLANGEN_LANG / Chinese
    return value


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    _Asked.debug = _Asked.debug or value
    return value


@click.group(
    name="plangen", cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--lang",
    callback=_set_lang,
    expose_value=False,
    is_eager=True,
    help="提示信息的语言：zh（默认）或 en；也可设环境变量 PLANGEN_LANG。",
)
@click.option(
    "--debug",
    is_flag=True,
    callback=_set_debug,
    expose_value=False,
    is_eager=True,
    help="内部错误时显示 Python 的回溯信息（报告问题时使用）；也可设环境变量 PLANGEN_DEBUG=1。",
)
@click.version_option(
    __version__, "-V", "--version", message="plangen %(version)s", help="显示版本并退出。"
)
def cli() -> None:
    """plangen：把 YAML 实施方案检查并生成为符合 GB/T 9704-2012 的公文。

    常用：plangen validate（检查）、plangen build（生成 Word 文件到 dist/）。
    """


_CLICK_ERRORS = {
    "Invalid value for": "无效的值：",
    "does not take a value.": "不接受值。",
    "does not take a value": "不接受值",
    "No such option": "没有这个选项",
    "No such command": "没有这个命令",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Invalid value": "无效的值",
    "Got unexpected extra argument": "多余的参数",
    "Option": "选项",
    "requires an argument.": "需要一个值。",
    "requires an argument": "需要一个值",
    "Did you mean": "是不是",
    "is not one of": "不是以下之一：",
    "does not exist": "不存在",
}


def _usage_text(err: click.UsageError) -> str:
    """click's own message, in Chinese unless English was asked for, and where to find help."""
    message = err.format_message()
    if lang() != "en":
        for english, chinese in _CLICK_ERRORS.items():
            message = message.replace(english, chinese)
    text = tr("usage.error", message=message)
    if err.ctx is not None:
        text += "\n" + tr("usage.help-hint", command=err.ctx.command_path)
    return text


def describe(err: PlangenError) -> str:
    """The error's message, with the paths it names as seen from the current folder."""
    for name, value in err.args_.items():
        if isinstance(value, Path):
            err.args_[name] = shown(value)
    return err.describe(lang())


def run(
    group: click.Group, args: list[str] | None, prog_name: str | None, extra: dict[str, Any]
) -> Any:
    """Run ``group`` and turn every error into a message and an exit code (0, 1, 2)."""
    extra.pop("standalone_mode", None)
    _Asked.lang = None
    _Asked.debug = bool(os.environ.get("PLANGEN_DEBUG"))
    cache.use(lambda: cache_folder(os.environ))
    try:
        code = click.Group.main(
            group, args=args, prog_name=prog_name or "plangen", standalone_mode=False, **extra
        )
    except click.UsageError as err:
        click.echo(_usage_text(err), err=True)
        sys.exit(2)
    except (click.Abort, KeyboardInterrupt):
        click.echo(tr("interrupted"), err=True)
        sys.exit(130)
    except PlangenError as err:
        click.echo(describe(err), err=True)
        sys.exit(err.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except Exception as err:  # a bug: a message and exit 3, the traceback only when asked for
        if _Asked.debug:
            raise
        click.echo(internal_error(err), err=True)
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)


#: the environment variable naming the folder compiled code is kept in (empty: none)
CACHE_ENVIRONMENT = "PLANGEN_CACHE_DIR"


def cache_folder(environ: Mapping[str, str]) -> Path | None:
    """Where the schema check and the template, compiled once, are kept for later runs
    (``core.cache``): ``PLANGEN_CACHE_DIR`` (set empty: nowhere), else the user's cache folder
    (``~/.cache/plangen`` on Linux, ``%LOCALAPPDATA%\\plangen\\Cache`` on Windows)."""
    chosen = environ.get(CACHE_ENVIRONMENT)
    if chosen is not None:
        return Path(chosen) if chosen else None
    import platformdirs  # not needed by --help or a mistyped command

    return platformdirs.user_cache_path("plangen", appauthor=False)


def internal_error(err: Exception) -> str:
    """What to say when plangen itself fails: what happened, and how to report it."""
    detail = f"{type(err).__name__}: {err}"[:300]
    return tr("internal-error", detail=detail) + "\n" + tr("internal-error.report")


def main() -> Any:
    """Console entry point."""
    return cli.main()
