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

from plangen.core import transaction
from plangen.core.errors import ProblemsFound
from plangen.core.project import Project, display_path
from plangen.core.writer import link_staged, write_staged
from plangen.document import incremental, layout, parallel, uptodate
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
from plangen.plan.files import discover
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
    inputs: str = "",
    preview: Callable[[Document], str] | None = None,
) -> BuildResult:
    """Validate and render every plan under ``paths``, then replace ``out_dir`` with the new set
    (documents, PDFs when ``pdf``, manifest, and whatever ``also`` writes into the staged folder:
    the download page; an OSError it raises is reported as a failure to write ``out_dir``) in one
    transaction: all of it or none of it. With ``official``, a draft (``document.status``) is a
    problem and nothing is written. A document whose inputs are those the output folder's
    manifest records is taken from there, not rendered again, unless ``force``
    (``incremental``). The others are rendered on ``workers`` processes, by default as many as
    pay for themselves (``parallel``). ``inputs``, the key of everything the build reads
    (``uptodate.key``), goes into the manifest, for the next build to compare with;
    ``preview`` makes the text of a document's preview, for the page (``also``)."""
    roots = list(paths)
    result = BuildResult(out_dir, layout.Layout.load(project.config), inputs=inputs)
    previous = {} if force else incremental.previous(out_dir)
    keys = uptodate.plan_keys(roots, project, official)
    taken = {} if force else incremental.whole_plans(previous, keys, out_dir, pdf)
    names = {path: display_path(path, project.root) for path in discover(roots)}
    template = load_template(project)
    setting = Setting(
        roots, project, template, result.fonts, out_dir, previous, keys, official, preview
    )
    todo = [path for path, name in names.items() if name not in taken]
    outcomes = dict(zip(todo, _made(setting, todo, progress, workers), strict=True))
    if any(outcome.failed for outcome in outcomes.values()):
        _checked(names, project, official, set(taken))  # the report a build gives, in order
        raise ProblemsFound([d for o in outcomes.values() for d in o.problems], len(names))
    for path, name in names.items():  # in the order found, whether made or taken whole
        if name in taken:
            epoch = project.source_date_epoch
            for whole in taken[name]:
                result.documents.append(Built.taken(whole, keys[name], epoch))
                if progress:
                    progress(result.documents[-1].path.stem)
        elif path in outcomes:
            result.documents += outcomes[path].documents
            result.previews.update(((name, e), t) for e, t in outcomes[path].previews.items())
    if pdf:
        for built in result.documents:
            if built.reused and built.pdf_data is None:
                entry = previous.get((built.name, built.edition))
                built.pdf_data = incremental.reuse_pdf(entry, built.build_key, out_dir)
    collisions = name_collisions(result.documents)
    if collisions:
        raise ProblemsFound(collisions, len(names))
    # everything rendered and named: only now touch the output folder, all at once
    _switch_in(result, [*roots, project.root], pdf, also)
    return result


def _switch_in(
    result: BuildResult,
    sources: list[Path],
    pdf: bool,
    also: Callable[[Path, BuildResult], None] | None,
) -> None:
    """The output folder replaced by the set of ``result`` (and what ``also`` adds), all at
    once; refused when it holds any of ``sources``."""
    out_dir = result.out_dir
    with transaction.locked(out_dir):
        transaction.check_replaceable(out_dir, sources)
        with transaction.staged(out_dir) as staging:
            write_set(result, staging, pdf)
            if also is not None:
                try:
                    also(staging, result)
                except OSError as err:  # named as the output folder: the staged one is ours
                    raise transaction.write_failure(err, out_dir) from None


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


def write_set(result: BuildResult, folder: Path, pdf: bool = False) -> None:
    """Write the documents, their PDFs when ``pdf`` and the manifest into ``folder``."""

    def put(built: Built) -> None:  # synced with the whole set (transaction.staged)
        if built.reused:  # the last set's file, checked to hold these bytes
            link_staged(result.out_dir / built.path, folder / built.path, built.data)
        else:
            write_staged(folder / built.path, built.data)

    try:
        for built in result.documents:
            put(built)
        if pdf:
            add_pdfs(result, folder)
        write_manifest(result, folder)
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
