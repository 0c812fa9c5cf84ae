"""The download page as a build writes it: into the build's staged folder, each plan's part
(its git history, its previews' pages) as soon as the build has its documents, while the build
makes the other plans; the index and the zips at the end (``site.make``)."""

from __future__ import annotations

from pathlib import Path

from plangen.core.project import Project
from plangen.core.writer import put_staged
from plangen.document.built import BuildResult, Built, record
from plangen.document.model import Document
from plangen.document.produce import load_template
from plangen.document.render import Template
from plangen.site.history import Folders
from plangen.site.make import Files, Kept, LazyPlan, Part, make_site, plan_part, write_files
from plangen.site.preview import document_html


class PageInto:
    """What a build also writes into its staged folder: the download page for exactly those
    documents, so the page and the files change together. Each plan's part (its git history,
    its previews' pages) is made and written as soon as the build has its documents, while the
    build makes the others (``plan_made``); the rest, with the index and the zips, at the end.
    A write that fails raises OSError, for the build to report naming the output folder, not
    the staged one the drafter never sees."""

    def __init__(self, project: Project, lang: str) -> None:
        self.project, self.lang = project, lang
        self.done: dict[str, Part] = {}
        self.folders = Folders()  # what git says of each plan folder, asked once
        self.template: Template | None = None

    def preview(self, document: Document) -> str:
        """The text of ``document``'s preview page (``Progressive``)."""
        return document_html(document)

    def plan_made(
        self, staging: Path, out_dir: Path, documents: list[Built], previews: dict[str, str]
    ) -> None:
        """One plan's documents, just written into ``staging`` for ``out_dir``; ``previews``:
        the text of those rendered, by edition (not in a build with PDFs: the previews link
        them, and they are made last)."""
        if not documents:
            return
        name = documents[0].name
        docs = [record(built) for built in documents]
        plan = LazyPlan(name, documents[0].plan, self.project)
        files = Files(staging, {str(b.path): b.data for b in documents})
        kept = Kept(out_dir, {(b.name, b.edition) for b in documents if b.reused})
        composed = {(b.name, b.edition): b.document for b in documents if b.document}
        bodies = {(name, edition): text for edition, text in previews.items()}
        if self.template is None:
            self.template = load_template(self.project)
        entry, pages = plan_part(
            plan, docs, self.template, files, self.lang, composed, kept, self.folders, bodies
        )
        for rel, data in pages.items():
            put_staged(staging / rel, data, out_dir / rel if rel in kept.taken else None)
        self.done[name] = Part(entry, pages)

    def __call__(self, staging: Path, built: BuildResult) -> None:
        site = make_site(
            staging, self.project, self.lang, settle=False, built=built, done=self.done
        )

        def put(path: Path, data: bytes) -> None:
            # no sync per file: the staged folder is synced whole before it is switched in
            # (``transaction.staged``), as the documents are; a sync each cost seconds. A
            # preview the last set has as it is becomes a second name of that file.
            rel = path.relative_to(staging).as_posix()
            if rel not in site.written:
                put_staged(path, data, built.out_dir / rel if rel in site.unchanged else None)

        # the staged folder is new: no earlier page's files to clear from it
        write_files(site, put)


def page_into(project: Project, lang: str) -> PageInto:
    """The download page, as a build writes it into its staged folder (``PageInto``)."""
    return PageInto(project, lang)
