"""``build``: validate everything, render every document in memory, then write.

Read top to bottom, this is the pipeline: validate (nothing is written when any plan has an
error) → read the template once → for each plan and edition: compose → render → finalise
(properties, deterministic zip) → check no two share a file name → write the whole set (documents,
optional PDFs, manifest) into a staging folder and switch it in (``core.transaction``). A failure or
an interruption anywhere leaves the last good set untouched and whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from contextlib import closing
from functools import partial
from pathlib import Path, PurePosixPath

from plangen import __version__
from plangen.core import transaction
from plangen.core.diagnostics import Diagnostic
from plangen.core.errors import ProblemsFound, RenderError
from plangen.core.project import Project, display_path
from plangen.core.writer import link_staged, write_staged
from plangen.document import incremental, layout, pagination, parallel, uptodate
from plangen.document import template_source as templates
from plangen.document.built import BuildResult, Built, name_collisions, write_manifest
from plangen.document.compose import compose, document_date, editions
from plangen.document.model import Document
from plangen.document.ooxml import package
from plangen.document.ooxml.runprops import tidy_tree
from plangen.document.ooxml.table import insert_tables_into
from plangen.document.prepared import Rendered, prepare
from plangen.document.render import Template, render_docx
from plangen.plan.files import discover
from plangen.plan.validate import Plan, ValidationResult, validate_paths


def load_template(project: Project, name: str = templates.DEFAULT) -> Template:
    """The repository's own template when it has one, else the one shipped with plangen."""
    path = templates.chosen(project, name)
    if not path.is_file():
        raise RenderError("template.missing", path=path)
    data = path.read_bytes()
    problem = templates.problem(data)
    if problem is not None:
        raise RenderError("template.broken", path=path, reason=problem)
    return Template(name, data)


def input_hash(plan: Plan, template: Template) -> str:
    """What a document is made from: the plan, its catalogue, the template and plangen's version."""
    digest = hashlib.sha256()
    for chunk in (
        plan.loaded.text.encode(),
        plan.catalog.text.encode(),
        template.data,
        __version__.encode(),
    ):
        digest.update(hashlib.sha256(chunk).digest())
    return digest.hexdigest()


def finalise(
    rendered: Rendered,
    plan: Plan,
    document: Document,
    content_hash: str,
    moment: dt.datetime,
    fonts: layout.Layout,
) -> bytes:
    """Deterministic package with properties from the plan, never from the clock; the body's
    runs tidied (properties in schema order, no empty runs left by the template engine). Only
    the document's own parts are compressed: the template's others were, once (``prepared``)."""
    from lxml import etree

    root = rendered.document
    tables = [b.table for b in document.blocks if b.table is not None]
    if tables:
        insert_tables_into(root, tables, fonts, pagination.table_spacers(document))
    tidy_tree(root)
    own = {"word/document.xml": etree.tostring(root, encoding="UTF-8", standalone=True)}
    for name, element in rendered.headers_footers.items():
        if name.startswith("word/header"):  # a letter's mark
            tidy_tree(element)
        own[name] = etree.tostring(element, encoding="UTF-8", standalone=True)
    own.update(rendered.footnotes)
    own.update(properties(plan, document, content_hash, moment))
    entries = dict(rendered.static)
    entries.update((name, package.deflate(data, package.COMPRESSION)) for name, data in own.items())
    return package.write_zip(entries, moment)


def properties(
    plan: Plan, document: Document, content_hash: str, moment: dt.datetime
) -> dict[str, bytes]:
    """The document's core and custom properties parts, from the plan."""
    props = document.properties
    core = package.core_properties(
        props["title"], props["creator"], props["subject"], document.edition_name, moment
    )
    custom = package.custom_properties(
        {
            "plangen.plan": plan.display,
            "plangen.edition": document.key,
            "plangen.content_hash": content_hash,
            "plangen.version": __version__,
        }
    )
    return {"docProps/core.xml": core, "docProps/custom.xml": custom}


def render_edition(
    plan: Plan,
    key: str,
    template: Template,
    fonts: layout.Layout,
    content_hash: str,
    epoch: int | None = None,
) -> tuple[Document, bytes]:
    """One document of a plan: compose → render → finalise; dated ``epoch`` when given."""
    document = compose(plan, key)
    moment = package.build_time(document_date(plan), epoch)
    return document, render_document(plan, document, template, fonts, content_hash, moment)


def render_document(
    plan: Plan,
    document: Document,
    template: Template,
    fonts: layout.Layout,
    content_hash: str,
    moment: dt.datetime,
) -> bytes:
    """A composed document rendered and finalised: its .docx bytes."""
    raw = render_docx(document, template, fonts)
    return finalise(raw, plan, document, content_hash, moment, fonts)


def render_plan_documents(
    plan: Plan, project: Project, only: Iterable[str] | None = None
) -> dict[str, bytes]:
    """The documents of one plan, edition key (``full`` or a type id) → .docx bytes: every
    edition, or those of ``only`` that the plan has."""
    template = load_template(project)
    fonts = layout.Layout.load(project.config)
    epoch = project.source_date_epoch
    content_hash = input_hash(plan, template)
    wanted = None if only is None else set(only)
    return {
        key: render_edition(plan, key, template, fonts, content_hash, epoch)[1]
        for key, _name in editions(plan)
        if wanted is None or key in wanted
    }


def _relative_folder(plan: Plan, roots: list[Path]) -> PurePosixPath:
    source = plan.source.resolve()
    for root in roots:
        root = root.resolve()
        if root.is_dir() and source.is_relative_to(root):
            return PurePosixPath(source.relative_to(root).with_suffix("").as_posix())
    return PurePosixPath(source.stem)


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
) -> BuildResult:
    """Validate and render every plan under ``paths``, then replace ``out_dir`` with the new set
    (documents, PDFs when ``pdf``, manifest, and whatever ``also`` writes into the staged folder:
    the download page; an OSError it raises is reported as a failure to write ``out_dir``) in one
    transaction: all of it or none of it. With ``official``, a draft (``document.status``) is a
    problem and nothing is written. A document whose inputs are those the output folder's
    manifest records is taken from there, not rendered again, unless ``force``
    (``incremental``). The others are rendered on ``workers`` processes, by default as many as
    pay for themselves (``parallel``). ``inputs``, the key of everything the build reads
    (``uptodate.key``), goes into the manifest, for the next build to compare with."""
    roots = list(paths)
    result = BuildResult(out_dir, layout.Layout.load(project.config), inputs=inputs)
    previous = {} if force else incremental.previous(out_dir)
    keys = uptodate.plan_keys(roots, project, official)
    taken = {} if force else incremental.whole_plans(previous, keys, out_dir, pdf)
    plans, files = _checked(roots, project, official, set(taken))
    template = load_template(project)
    for path in discover(roots):  # in the order found, whether loaded or taken whole
        name = display_path(path, project.root)
        if name in taken:
            result.documents += [
                Built.taken(t, keys[name], project.source_date_epoch) for t in taken[name]
            ]
        elif name in plans:
            documents = _plan_documents(plans[name], roots, template, project, result, previous)
            for built in documents:
                built.source_key = keys.get(name, "")
            result.documents += documents
    _render_missing(result.documents, template, result.fonts, progress, workers)
    if pdf:
        for built in result.documents:
            if built.reused and built.pdf_data is None:
                entry = previous.get((built.name, built.edition))
                built.pdf_data = incremental.reuse_pdf(entry, built.build_key, out_dir)
    collisions = name_collisions(result.documents)
    if collisions:
        raise ProblemsFound(collisions, files)
    # everything rendered and named: only now touch the output folder, all at once
    with transaction.locked(out_dir):
        transaction.check_replaceable(out_dir, [*roots, project.root])
        with transaction.staged(out_dir) as staging:
            write_set(result, staging, pdf)
            if also is not None:
                try:
                    also(staging, result)
                except OSError as err:  # named as the output folder: the staged one is ours
                    raise transaction.write_failure(err, out_dir) from None
    return result


def _checked(
    roots: list[Path], project: Project, official: bool, taken: set[str]
) -> tuple[dict[str, Plan], int]:
    """Every plan under ``roots`` but those ``taken`` whole from the last build (they were
    checked then, and nothing they are made of changed), loaded and checked, by name; and how
    many files the build reads. Any error, or a draft in an ``official`` build, is raised."""
    found = discover(roots)
    wanted = [p for p in found if display_path(p, project.root) not in taken]
    validation = validate_paths(wanted, project.root) if wanted else ValidationResult()
    if validation.errors:
        raise ProblemsFound(validation.diagnostics, len(found))
    drafts = [_draft(plan) for plan in validation.plans if official and _is_draft(plan)]
    if drafts:
        raise ProblemsFound(drafts, len(found))
    return {plan.display: plan for plan in validation.plans}, len(found)


def _plan_documents(
    plan: Plan,
    roots: list[Path],
    template: Template,
    project: Project,
    result: BuildResult,
    previous: incremental.Previous,
) -> list[Built]:
    """Every edition of ``plan``, composed and named: with the last build's bytes when its inputs
    are unchanged, else still to render (``reused`` false, no bytes yet)."""
    epoch = project.source_date_epoch
    content_hash = input_hash(plan, template)
    moment = package.build_time(document_date(plan), epoch)
    folder = _relative_folder(plan, roots)
    built = []
    for key, _name in editions(plan):
        document = compose(plan, key)
        path = folder / f"{document.file_stem}.docx"
        stamp = incremental.build_key(content_hash, result.fonts, epoch, plan.display, key, path)
        data = incremental.reuse(previous.get((plan.display, key)), stamp, result.out_dir)
        built.append(
            Built(
                plan.display,
                key,
                path,
                data or b"",
                content_hash,
                moment,
                plan,
                document,
                build_key=stamp,
                reused=data is not None,
            )
        )
    return built


def _render_missing(
    documents: list[Built],
    template: Template,
    fonts: layout.Layout,
    progress: Callable[[str], None] | None,
    workers: int | None = None,
) -> None:
    """Render every document not taken from the last build, in order — on every core when they
    are many (``parallel``)."""

    def render(job: parallel.Job) -> bytes:
        return render_document(
            job.plan, job.document, template, fonts, job.content_hash, job.moment
        )

    jobs = [
        parallel.Job(b.plan, b.document, b.content_hash, b.moment)
        for b in documents
        if not b.reused and b.plan is not None and b.document is not None
    ]
    ready = partial(prepare, template)
    with closing(parallel.rendered(jobs, render, ready, workers)) as made:
        for built in documents:
            if not built.reused:
                built.data = next(made)
            if progress:
                progress(built.path.stem)


def _is_draft(plan: Plan) -> bool:
    return bool(plan.data["document"].get("status"))


def _draft(plan: Plan) -> Diagnostic:
    """A draft offered as the official text, located at its ``status``."""
    status = plan.data["document"]["status"]
    return plan.loaded.diag(
        ("document", "status"), "official.draft", "build.official-draft", status=status
    )


def write_set(result: BuildResult, folder: Path, pdf: bool = False) -> None:
    """Write the documents, their PDFs when ``pdf`` and the manifest into ``folder``."""
    try:
        for built in result.documents:  # synced with the whole set (transaction.staged)
            if built.reused:  # the last set's file, checked to hold these bytes
                link_staged(result.out_dir / built.path, folder / built.path, built.data)
            else:
                write_staged(folder / built.path, built.data)
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
