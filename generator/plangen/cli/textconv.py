"""``plangen textconv``: a Word document's text, so that ``git diff`` on .docx files is readable."""

from __future__ import annotations

from pathlib import Path

import click

from plangen.cli.base import Command


@click.command(cls=Command)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def command(file: Path) -> None:
    """输出 Word 文件（.docx）正文的文字，每段一行，供 git diff 比较。

    \b
    设置（在仓库中执行一次）：
      echo '*.docx diff=plangen-docx' >> .gitattributes
      git config diff.plangen-docx.textconv 'plangen textconv'
    """
    from plangen.core.errors import UsageError
    from plangen.document.ooxml.text import document_lines

    try:
        data = file.read_bytes()
    except OSError as err:
        raise UsageError("usage.no-such-path", path=str(file)) from err
    for line in document_lines(data):
        click.echo(line)
