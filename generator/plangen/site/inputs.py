"""What the download page is made of besides the plans' files, for ``document.uptodate``: the
language it is written in, and the git commit each plans folder's history is read from (a new
commit changes a plan's 第N版 and its list of changes without changing the file)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from plangen.core.project import Project
from plangen.document import uptodate
from plangen.review.git import heads


def page_inputs(files: list[Path], lang: str) -> str:
    """The page's own inputs, for the plans and catalogues ``files``."""
    return json.dumps({"lang": lang, "git": heads(sorted({p.parent for p in files}))})


def build_inputs(
    roots: Iterable[Path], project: Project, pdf: bool, official: bool, lang: str | None
) -> uptodate.Inputs:
    """What a build of ``roots`` reads, digested, the page's inputs in ``lang`` included (no
    page: ``None``)."""
    page = None if lang is None else partial(page_inputs, lang=lang)
    return uptodate.inputs(roots, project, uptodate.Options(pdf, official, page))
