"""Making the documents of one plan: load and check it, compose each edition, render and pack
it (``finalise``: properties, a deterministic zip) and, for the download page, the text of each
preview. A plan is the unit a build shares out across processes (``build``, ``parallel``): its
work needs nothing but its own file and what every plan shares (``Setting``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from plangen import __version__
from plangen.core.diagnostics import Diagnostic
from plangen.core.errors import RenderError
from plangen.core.project import Project
from plangen.document import incremental, layout, pagination, titles
from plangen.document import template_source as templates
from plangen.document.built import Built, data_sha256, described
from plangen.document.compose import compose, document_date, editions
from plangen.document.model import Document
from plangen.document.ooxml import package
from plangen.document.ooxml.runprops import tidy_tree
from plangen.document.ooxml.table import insert_tables_into
from plangen.document.prepared import Rendered, parsed_part
from plangen.document.render import Template, render_docx
from plangen.plan.validate import Catalog, Plan, validate_paths


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
    if rendered.untidy:  # else nothing to tidy (``prepared``): a walk of every run saved
        tidy_tree(root)
    own = {"word/document.xml": etree.tostring(root, encoding="UTF-8", standalone=True)}
    entries = dict(rendered.static)
    for name, (text, encoding) in rendered.headers_footers.items():
        if name in rendered.parsed:  # changed after rendering (a letter's mark)
            own[name] = _serialised(rendered.parsed[name], name)
        else:  # as rendered: most documents' are the same, packed once
            entries[name] = _packed(name, text, encoding)
    own.update(rendered.footnotes)
    own.update(properties(plan, document, content_hash, moment))
    entries.update((name, package.deflate(data, package.COMPRESSION)) for name, data in own.items())
    return package.write_zip(entries, moment)


def _serialised(element: Any, name: str) -> bytes:
    """A header or footer as packed: a header's runs tidied (a letter's mark is in one)."""
    from lxml import etree

    if name.startswith("word/header"):
        tidy_tree(element)
    return etree.tostring(element, encoding="UTF-8", standalone=True)


@lru_cache(maxsize=64)
def _packed(name: str, text: str, encoding: str) -> package.Deflated:
    """A header or footer as rendered, parsed as python-docx parses it, serialised and
    compressed: what ``_serialised`` and deflating make of it, remembered by its text (a
    template's footers render the same for most documents)."""
    element = parsed_part(text, encoding)
    return package.deflate(_serialised(element, name), package.COMPRESSION)


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


def relative_folder(plan: Plan, roots: list[Path]) -> PurePosixPath:
    """Where the plan's documents go in the output folder: its path under the folder given
    that holds it (``roots``: the folders given, resolved), without its suffix; else its name.
    A build's plans were found resolved (``discover``)."""
    source = plan.source
    for root in roots:
        if source.is_relative_to(root):
            return PurePosixPath(source.relative_to(root).with_suffix("").as_posix())
    return PurePosixPath(source.stem)


def plan_documents(plan: Plan, setting: Setting) -> list[Built]:
    """Every edition of ``plan``, composed and named: with the last build's bytes when its inputs
    are unchanged, else still to render (``reused`` false, no bytes yet)."""
    epoch = setting.project.source_date_epoch
    content_hash = input_hash(plan, setting.template)
    moment = package.build_time(document_date(plan), epoch)
    folder = relative_folder(plan, setting.roots)
    built: list[Built] = []
    cut: set[str] = set()
    for key, _name in editions(plan):
        with titles.recording() as words:
            document = compose(plan, key)
        # each text's cut on the first document that needed it: one is enough for the next build
        words = {text: ends for text, ends in words.items() if text not in cut}
        cut.update(words)
        path = folder / f"{document.file_stem}.docx"
        stamp = incremental.build_key(content_hash, setting.fonts, epoch, plan.display, key, path)
        data = incremental.reuse(setting.previous.get((plan.display, key)), stamp, setting.out_dir)
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
                title_words=words,
            )
        )
    return built


def is_draft(plan: Plan) -> bool:
    return bool(plan.data["document"].get("status"))


def draft(plan: Plan) -> Diagnostic:
    """A draft offered as the official text, located at its ``status``."""
    status = plan.data["document"]["status"]
    return plan.loaded.diag(
        ("document", "status"), "official.draft", "build.official-draft", status=status
    )


@dataclass(frozen=True)
class Setting:
    """What every plan's part of a build shares; forked workers inherit it as it is."""

    roots: list[Path]  # the folders of those given, resolved once, not once a plan
    project: Project
    template: Template
    fonts: layout.Layout
    out_dir: Path
    previous: incremental.Previous  # the last build's documents (``incremental``)
    keys: dict[str, str]  # each plan's key (``uptodate.inputs``)
    official: bool = False
    preview: Callable[[Document], str] | None = None  # a preview's text, for the page
    catalogs: dict[Path, Catalog | None] = field(default_factory=dict)  # read once a process


@dataclass
class Outcome:
    """One file's part of a build: its problems (an error stops the build), its documents, and
    the text of the previews of those rendered (by edition) when the page wants them."""

    problems: list[Diagnostic]
    documents: list[Built] = field(default_factory=list)
    previews: dict[str, str] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return any(d.severity == "error" for d in self.problems)


def made(setting: Setting, path: Path) -> Outcome:
    """The file ``path`` checked and, when it is a plan fit to build, its documents made."""
    validation = validate_paths([path], setting.project.root, setting.catalogs)
    if validation.errors or not validation.plans:
        return Outcome(validation.diagnostics)
    plan = validation.plans[0]
    if setting.official and is_draft(plan):
        return Outcome([draft(plan)])
    outcome = Outcome(validation.diagnostics, plan_documents(plan, setting))
    for built in outcome.documents:
        built.source_key = setting.keys.get(plan.display, "")
        if built.reused or built.document is None:
            continue
        built.data = render_document(
            plan, built.document, setting.template, setting.fonts, built.content_hash, built.moment
        )
        if setting.preview is not None:
            outcome.previews[built.edition] = setting.preview(built.document)
    return outcome


def portable(outcome: Outcome) -> Outcome:
    """``outcome`` as a worker process sends it back: its documents without their plan and
    composed model, which the build no longer needs (and pickling them costs more than making
    them); what the manifest says of them is kept."""
    for built in outcome.documents:
        built.record = described(built)
        data_sha256(built)
        built.plan, built.document = None, None
    return outcome
