"""The ``plangen`` command line: one module per command, loaded only when that command runs."""

from plangen.cli.base import cli, main

__all__ = ["cli", "main"]
