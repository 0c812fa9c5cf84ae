"""What the download page is made of besides the plans' files, for ``document.uptodate``: the
language it is written in, and the git commit each plans folder's history is read from (a new
commit changes a plan's 第N版 and its list of changes without changing the file)."""

from __future__ import annotations

import json
from pathlib import Path

from plangen.review.git import heads


def page_inputs(files: list[Path], lang: str) -> str:
    """The page's own inputs, for the plans and catalogues ``files``."""
    return json.dumps({"lang": lang, "git": heads(sorted({p.parent for p in files}))})
