"""``python -m plangen``: the same program as the ``plangen`` command."""

from plangen.cli import main

main()
