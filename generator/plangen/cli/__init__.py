"""The ``plangen`` command line: one module per command, loaded only when that command runs.

Even the command line's own modules (click, the message catalogue) load inside :func:`main`, not
when this package is imported: a Ctrl-C while they load — the first tenth of a second of every
run — then gets the same message as one later, not a Python traceback.
"""

from __future__ import annotations

import os
import sys

# typing is not loaded yet when plangen starts: importing it here would widen the window
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

__all__ = ["cli", "main"]


def main() -> Any:
    """Console entry point (``plangen`` and ``python -m plangen``)."""
    try:
        from plangen.cli import base
    except KeyboardInterrupt:
        _interrupted()
    return base.main()


def _interrupted() -> NoReturn:
    """Ctrl-C before the command line could take it: its message, exit code 130."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C cannot cut the message short
    from plangen.core.messages import language_from, translate

    print(translate("interrupted", language_from(os.environ)), file=sys.stderr)
    sys.exit(130)


def __getattr__(name: str) -> Any:
    """``plangen.cli.cli``, the click group, loaded when asked for (tests, embedding)."""
    if name == "cli":
        from plangen.cli.base import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
