"""``plangen diff --docx``: one edition of both versions of a plan rendered as ``plangen build``
renders it, the new one written with the changes as Word tracked changes (``redline``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from plangen.core.errors import PlangenError, UsageError
from plangen.core.project import Project
from plangen.core.vocab import FULL, FULL_NAME
from plangen.core.writer import write_atomic
from plangen.document.compose import editions
from plangen.review.redline import redline
from plangen.review.sources import DiffTrouble, Loaded, Pair


@dataclass(frozen=True)
class Written:
    path: Path
    edition: str
    edition_name: str
    author: str
    when: dt.datetime


def write_redline(
    pairs: list[Pair], loaded: Loaded, edition: str, out: Path, project: Project
) -> Written:
    """Render ``edition`` of the old and the new version of the one plan compared and write
    the redline to ``out``; the changes are the new version's author's, at its date."""
    from plangen.document.produce import render_plan_documents

    if len(pairs) != 1:
        raise UsageError("diff.docx-one-plan", count=len(pairs))
    old_plan, new_plan = loaded.plans[0]
    version = pairs[0].new
    if old_plan is None or new_plan is None or version is None:
        label = loaded.comparisons[0].new_label or loaded.comparisons[0].old_label
        raise UsageError("diff.docx-both", label=label)
    names = {FULL: FULL_NAME, **{k: str(v["name"]) for k, v in new_plan.catalog.types.items()}}
    try:
        # only the edition asked for: the others would be rendered for nothing
        old_docs = render_plan_documents(old_plan, project, only=[edition])
        new_docs = render_plan_documents(new_plan, project, only=[edition])
    except PlangenError as err:
        raise DiffTrouble(err.key, **err.args_) from err
    if edition not in old_docs or edition not in new_docs:
        both = [k for k, _ in editions(new_plan) if k in dict(editions(old_plan))]
        shown = "、".join(f"{k}（{names.get(k, k)}）" for k in both)
        raise UsageError("diff.no-edition", edition=edition, editions=shown)
    author, when = version.author_date()
    write_atomic(out, redline(old_docs[edition], new_docs[edition], author, when))
    return Written(out, edition, names.get(edition, edition), author, when)
