"""``build``: check every plan, make every document in memory, then write.

Read top to bottom, this is the pipeline: what the last build made of plans that did not change
is taken as it is (``incremental``) → each other plan, on every core when they are many
(``parallel``), is checked, composed, rendered and packed (``produce``) → nothing is written when
any plan has an error → no two documents may share a file name → the whole set (documents,
optional PDFs, manifest, the page) is written into a staging folder and switched in
(``core.transaction``). A failure or an interruption anywhere leaves the last good set untouched
and whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from functools import partial
from pathlib import Path
from typing import Protocol, runtime_checkable

from plangen.core import transaction
from plangen.core.errors import ProblemsFound
from plangen.core.project import Project
from plangen.core.writer import link_staged, put_staged
from plangen.document import incremental, layout, parallel, titles, uptodate
from plangen.document.built import BuildResult, Built, name_collisions, write_manifest
from plangen.document.model import Document
from plangen.document.prepared import prepare
from plangen.document.produce import (
    Outcome,
    Setting,
    draft,
    is_draft,
    load_template,
    made,
    portable,
)
from plangen.plan import validate
from plangen.plan.validate import Plan, ValidationResult, validate_paths


def build(
    paths: Iterable[Path],
    out_dir: Path,
    project: Project,
    progress: Callable[[str], None] | None = None,
    pdf: bool = False,
    official: bool = False,
    also: Callable[[Path, BuildResult], None] | None = None,
    force: bool = False,
    workers: int | None = None,
    inputs: uptodate.Inputs | None = None,
) -> BuildResult:
    """Validate and render every plan under ``paths``, then replace ``out_dir`` with the new set
    (documents, PDFs when ``pdf``, manifest, and whatever ``also`` writes into the staged folder:
    the download page; an OSError it raises is reported as a failure to write ``out_dir``) in one
    transaction: all of it or none of it. With ``official``, a draft (``document.status``) is a
    problem and nothing is written. A document whose inputs are those the output folder's
    manifest records is taken from there, not rendered again, unless ``force``
    (``incremental``). The others are rendered on ``workers`` processes, by default as many as
    pay for themselves (``parallel``). ``inputs``, what the build reads digested
    (``uptodate.inputs``), goes into the manifest, for the next build to compare with. A page
    (``also``, ``Progressive``) has the text of each rendered document's preview made with it."""
    roots = list(paths)
    if inputs is None:
        inputs = uptodate.inputs(roots, project, uptodate.Options(pdf, official))
    result = BuildResult(out_dir, layout.Layout.load(project.config), inputs=inputs.key)
    previous = {} if force else incremental.previous(out_dir)
    titles.remember(incremental.title_words(previous))  # before the workers fork
    taken = {} if force else incremental.whole_plans(previous, inputs.plans, out_dir, pdf)
    names = inputs.found  # found and named once, for the key
    setting = _setting(roots, project, result, previous, inputs, official, also)
    with transaction.locked(out_dir):
        transaction.check_replaceable(out_dir, [*roots, project.root])
        # Each document goes into the staged set as soon as it is made, while the others are
        # still being made; the set replaces the output folder only when all of it is there,
        # and is thrown away, unseen, on any problem.
        with transaction.staged(out_dir) as staging:
            todo = [path for path, name in names.items() if name not in taken]
            early = also if isinstance(also, Progressive) and not pdf else None
            outcomes = {}
            for path, outcome in zip(todo, _made(setting, todo, progress, workers), strict=True):
                outcomes[path] = outcome
                _write(result, staging, outcome.documents)
                if early is not None and not outcome.failed:
                    try:
                        early.plan_made(staging, out_dir, outcome.documents, outcome.previews)
                    except OSError as err:  # named as the output folder: the staged one is ours
                        raise transaction.write_failure(err, out_dir) from None
            if any(outcome.failed for outcome in outcomes.values()):
                _checked(names, project, official, set(taken))  # as one process reports them
                raise ProblemsFound([d for o in outcomes.values() for d in o.problems], len(names))
            wholes = _assemble(result, names, taken, outcomes, progress, project.source_date_epoch)
            _write(result, staging, wholes)
            _finish(result, staging, len(names), pdf, previous, also)
    return result


def _setting(
    roots: list[Path],
    project: Project,
    result: BuildResult,
    previous: incremental.Previous,
    inputs: uptodate.Inputs,
    official: bool,
    also: object,
) -> Setting:
    """What every plan's part of the build shares (``produce.Setting``): the folders resolved
    once, the template read once, and the page's previews when ``also`` is a page."""
    return Setting(
        [root.resolve() for root in roots if root.is_dir()],
        project,
        load_template(project),
        result.fonts,
        result.out_dir,
        previous,
        inputs.plans,
        official,
        also.preview if isinstance(also, Progressive) else None,
    )


@runtime_checkable
class Progressive(Protocol):
    """What a build also writes (``also``: the page) when it can make each plan's part while
    the build makes the others: called with each plan's documents as they go into the staged
    set, the text of their previews by edition, and the output folder (the last set's files).
    ``preview`` makes that text, where each document is rendered (on the worker processes)."""

    def preview(self, document: Document) -> str: ...

    def plan_made(
        self, staging: Path, out_dir: Path, documents: list[Built], previews: dict[str, str]
    ) -> None: ...


def _assemble(
    result: BuildResult,
    names: dict[Path, str],
    taken: dict[str, list[incremental.Taken]],
    outcomes: dict[Path, Outcome],
    progress: Callable[[str], None] | None,
    epoch: int | None,
) -> list[Built]:
    """Every document into ``result``, in the order the files were found, whether made or
    taken whole; those taken whole."""
    wholes = []
    for path, name in names.items():
        if name in taken:
            for whole in taken[name]:
                key = str(whole.entry.get("source_key", ""))
                wholes.append(Built.taken(whole, key, epoch))
                result.documents.append(wholes[-1])
                if progress:
                    progress(wholes[-1].path.stem)
        elif path in outcomes:
            result.documents += outcomes[path].documents
            result.previews.update(((name, e), t) for e, t in outcomes[path].previews.items())
    return wholes


def _finish(
    result: BuildResult,
    staging: Path,
    files: int,
    pdf: bool,
    previous: incremental.Previous,
    also: Callable[[Path, BuildResult], None] | None,
) -> None:
    """The staged set completed: no two documents with one name, PDFs when ``pdf``, the
    manifest, and what ``also`` adds (the page)."""
    collisions = name_collisions(result.documents)
    if collisions:
        raise ProblemsFound(collisions, files)
    try:
        if pdf:
            for built in result.documents:
                if built.reused and built.pdf_data is None:
                    entry = previous.get((built.name, built.edition))
                    built.pdf_data = incremental.reuse_pdf(entry, built.build_key, result.out_dir)
            add_pdfs(result, staging)
        write_manifest(result, staging)
        if also is not None:
            also(staging, result)
    except OSError as err:  # named as the output folder: the staged one is ours
        raise transaction.write_failure(err, result.out_dir) from None


def _made(
    setting: Setting,
    todo: list[Path],
    progress: Callable[[str], None] | None,
    workers: int | None,
) -> Iterator[Outcome]:
    """Each file of ``todo`` made (``produce.made``), in order: on every core when they are
    many (``parallel``), the template prepared and the schemas compiled before the workers are
    forked, so that they inherit both ready."""

    def ready() -> None:
        prepare(setting.template)
        validate.expect(len(todo))

    if len(todo) >= parallel.MIN_BATCH and not titles.known():
        titles.segmenter()  # jieba's dictionary read once, for every worker (on a first build)

    work = partial(made, setting)
    with closing(parallel.mapped(todo, work, ready, workers, portable)) as outcomes:
        for outcome in outcomes:
            if progress:
                for built in outcome.documents:
                    progress(built.path.stem)
            yield outcome


def _checked(
    names: dict[Path, str], project: Project, official: bool, taken: set[str]
) -> dict[str, Plan]:
    """Every plan of the files found (``names``: each one's name) but those ``taken`` whole
    from the last build (checked then, and nothing they are made of changed), loaded and
    checked, by name. Any error, or a draft in an ``official`` build, is raised."""
    wanted = [path for path, name in names.items() if name not in taken]
    validation = validate_paths(wanted, project.root) if wanted else ValidationResult()
    if validation.errors:
        raise ProblemsFound(validation.diagnostics, len(names))
    drafts = [draft(plan) for plan in validation.plans if official and is_draft(plan)]
    if drafts:
        raise ProblemsFound(drafts, len(names))
    return {plan.display: plan for plan in validation.plans}


def _write(result: BuildResult, folder: Path, documents: list[Built]) -> None:
    """Write ``documents`` into the staged set ``folder`` (synced with the whole set, by
    ``transaction.staged``); one the last set has as it is becomes a second name of its file."""
    try:
        for built in documents:
            # a reused document: the last set's file, checked to hold these bytes
            last = result.out_dir / built.path if built.reused else None
            put_staged(folder / built.path, built.data, last)
    except OSError as err:
        raise transaction.write_failure(err, result.out_dir) from None


def add_pdfs(result: BuildResult, folder: Path | None = None) -> None:
    """PDFs of every built document beside it in ``folder`` (the output folder unless given; one
    LibreOffice process), dated as the .docx; records the font stand-ins used."""
    from dataclasses import astuple

    from plangen.document import pdf

    folder = result.out_dir if folder is None else folder
    fonts = sorted(set(pdf.STAND_INS) & set(astuple(result.fonts)))
    for built in result.documents:  # the last build's PDF of a document reused as it was
        if built.pdf_data is not None:
            pdf_path = built.path.with_suffix(".pdf")
            link_staged(result.out_dir / pdf_path, folder / pdf_path, built.pdf_data)
    todo = [b for b in result.documents if b.pdf_data is None]
    if todo:
        result.stand_ins = pdf.convert(
            [folder / b.path for b in todo],
            [folder / b.path.with_suffix(".pdf") for b in todo],
            [b.moment for b in todo],
            fonts,
        )
    else:
        result.stand_ins = pdf.stand_ins(fonts)
    for built in result.documents:
        built.pdf = built.path.with_suffix(".pdf")
