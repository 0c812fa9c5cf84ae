"""YAML typed with a Chinese input method: full-width characters where YAML needs ASCII.

A drafter typing ``issuer：`` (full-width colon), indenting with ``　`` (U+3000), starting a list
item with ``－`` or quoting a value with “” (which YAML does not read as quotes) gets from PyYAML an error on another line that talks about quotes. These are
found here, in the file's lines, so the loader can name the character where it stands and say
which character to type instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: an ASCII key followed by a full-width colon: ``  issuer：中共…`` or ``- name：…``
_COLON = re.compile(r"^([ \u3000]*(?:-[ \u3000]+)?[A-Za-z_][\w-]*[ \u3000]*)：")
#: indentation with full-width spaces before a key or a list item (not a paragraph of text)
_SPACE = re.compile(r"^( *)\u3000[ \u3000]*(?:[-－][ \u3000]|[A-Za-z_][\w-]*[ \u3000]*[:：])")
#: a full-width dash used as a list item's ``-``
_DASH = re.compile(r"^([ \u3000]*)－[ \u3000]")
#: a value opened with a Chinese quotation mark and holding what only YAML's quotes would protect
#: (``title: “关于……: 方案”``): the drafter meant “” as YAML quotes
_QUOTED = re.compile(r"^([ \u3000]*(?:-[ \u3000]+)?[A-Za-z_][\w-]*:[ \u3000]*)[“‘「].*(?::\s| #)")


def fullwidth_mistakes(text: str) -> Iterator[tuple[int, int, str]]:
    """``(line, col, message key)`` (1-based) of each full-width character in the YAML
    structure of ``text``, in file order."""
    for number, line in enumerate(text.split("\n"), start=1):
        found: list[tuple[int, str]] = []
        if match := _SPACE.match(line):
            found.append((len(match.group(1)) + 1, "load.fullwidth-space"))
        if match := _DASH.match(line):
            found.append((len(match.group(1)) + 1, "load.fullwidth-dash"))
        if match := _COLON.match(line):
            found.append((len(match.group(1)) + 1, "load.fullwidth-colon"))
        if match := _QUOTED.match(line):
            found.append((len(match.group(1)) + 1, "load.chinese-quotes"))
        for col, key in sorted(found):
            yield number, col, key
