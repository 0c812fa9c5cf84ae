"""The one exception tree of plangen.

Every error a user can cause derives from :class:`PlangenError`; the CLI turns them into a
translated message and an exit code in one place (``cli.main``). Problems found *in plans* are not
exceptions but :class:`~plangen.core.diagnostics.Diagnostic` values, so that all of them are reported
in one run; :class:`ProblemsFound` carries such a list when a command must stop because of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plangen.core.diagnostics import Diagnostic


class PlangenError(Exception):
    """Base class: a message key (see ``messages``) with its arguments and an exit code."""

    exit_code = 1

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args

    def describe(self, lang: str) -> str:
        """The message in ``lang``."""
        from plangen.core.messages import translate

        return translate(self.key, lang, **self.args_)


class UsageError(PlangenError):
    """The command was called wrongly (a missing path, a bad option): exit code 2."""

    exit_code = 2


class ProblemsFound(PlangenError):
    """Input problems were found; the diagnostics say which. Exit code 1."""

    def __init__(self, diagnostics: list[Diagnostic], files: int) -> None:
        super().__init__("problems-found", count=len(diagnostics))
        self.diagnostics = diagnostics
        self.files = files  # how many files were checked, for the report's summary line


class RenderError(PlangenError):
    """A document could not be rendered (a broken template, an unexpected model)."""


class ToolMissing(PlangenError):
    """An external program plangen needs (LibreOffice, git) is not installed."""
