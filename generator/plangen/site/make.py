"""``site``: the download page for secretaries, from ``dist/manifest.json`` and the plans.

Read top to bottom, this is the pipeline: read the manifest and every file it lists (they must be
there, unchanged) → validate the plans they came from (nothing is written when one has an error,
or when one changed since the documents were built) → for each plan: its git history and what
changed → preview pages from the document model → one zip per enterprise type → the index page →
write every file atomically. The same inputs give the same bytes: nothing comes from the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from plangen.core import transaction
from plangen.core.errors import PlangenError, ProblemsFound
from plangen.core.messages import translate
from plangen.core.project import Project
from plangen.core.vocab import FULL, parse_date
from plangen.core.writer import write_atomic
from plangen.document.built import MANIFEST, BuildResult
from plangen.document.compose import compose, safe_filename
from plangen.document.model import Document
from plangen.document.ooxml import package
from plangen.document.produce import input_hash, load_template
from plangen.document.render import Template
from plangen.plan.validate import Plan, validate_paths
from plangen.site import history as sitehistory
from plangen.site import page as sitepage
from plangen.site.model import Bundle, DocumentEntry, PlanEntry, SiteModel
from plangen.site.preview import document_html

INDEX = "index.html"
PREVIEWS = "preview"
BUNDLES = "zip"
_REQUIRED = ("plan", "plan_title", "issuer", "number", "date", "edition", "edition_name", "docx")


class SiteError(PlangenError):
    """The built documents and the manifest do not fit together: rebuild first."""


@dataclass
class Site:
    """Every file of the page, by path relative to the site folder, and what they show."""

    out_dir: Path
    model: SiteModel
    files: dict[str, bytes] = field(default_factory=dict)
    #: the files that are the last build's, byte for byte (previews of unchanged documents)
    unchanged: set[str] = field(default_factory=set)
    #: the files written already, while the build made the rest (``PageInto``)
    written: set[str] = field(default_factory=set)

    @property
    def documents(self) -> int:
        return sum(len(p.documents) for p in self.model.plans)


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """``out_dir/manifest.json``, its documents checked for the keys the page needs."""
    path = out_dir / MANIFEST
    if not path.is_file():
        raise SiteError("site.no-manifest", path=path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        documents = data["documents"]
        if not isinstance(documents, list):
            raise TypeError("documents")
        for entry in documents:
            missing = [k for k in _REQUIRED if not isinstance(entry.get(k), str)]
            if missing:
                raise KeyError(", ".join(missing))
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as err:
        raise SiteError("site.bad-manifest", path=path, detail=repr(err)) from err
    return dict(data)


def _inside(out_dir: Path, rel: str) -> Path:
    """A path the manifest names, refused unless it stays inside the site folder."""
    pure = PurePosixPath(rel)
    target = (out_dir / pure).resolve()
    if pure.is_absolute() or ".." in pure.parts or not target.is_relative_to(out_dir.resolve()):
        raise SiteError("site.bad-path", path=rel)
    return target


def _read(out_dir: Path, rel: str, sha256: str | None = None, size: int | None = None) -> bytes:
    target = _inside(out_dir, rel)
    try:
        data = target.read_bytes()
    except OSError as err:
        raise SiteError("site.missing-file", path=rel) from err
    changed = (sha256 and hashlib.sha256(data).hexdigest() != sha256) or (
        size is not None and len(data) != size
    )
    if changed:
        raise SiteError("site.missing-file", path=rel)
    return data


class Files:
    """The output folder's files as the page reads them. Inside a build, the documents it has
    in memory (``known``) are taken from there: they were just written, not read back."""

    def __init__(self, out_dir: Path, known: dict[str, bytes]) -> None:
        self.out_dir, self.known = out_dir, known

    def check(self, rel: str, sha256: str | None, size: int | None) -> None:
        """Refuse a file the manifest lists that is missing or not as it says."""
        if rel not in self.known:
            _read(self.out_dir, rel, sha256, size)

    def read(self, rel: str) -> bytes:
        known = self.known.get(rel)
        return known if known is not None else _read(self.out_dir, rel)


def _size(out_dir: Path, rel: str) -> int:
    """A file's size, from the file system (a PDF is not read only to be measured)."""
    target = _inside(out_dir, rel)
    try:
        if target.is_file():
            return target.stat().st_size
    except OSError:
        pass
    raise SiteError("site.missing-file", path=rel)


def _plans(names: Iterable[str], project: Project) -> dict[str, Plan]:
    """The plans the manifest names (relative to the repository's root), validated again."""
    wanted = list(dict.fromkeys(names))
    for name in wanted:
        if not (project.root / name).is_file():
            raise SiteError("site.plan-missing", plan=name)
    validation = validate_paths([project.root / name for name in wanted], project.root)
    if validation.errors:
        raise ProblemsFound(validation.diagnostics, validation.files)
    return {plan.display: plan for plan in validation.plans}


def _preview_path(docx: str, edition: str) -> str:
    """Where a document's preview page goes: ``preview/<plan>.<edition>.html``, beside the
    previews of the other plans of its plans folder, not in a folder of its own as its
    documents are: a page of a thousand documents then makes a folder a plan fewer. (Each new
    file or folder costs: on some file systems, ext4 without a journal for one, creating one
    scans past every one deleted in the last seconds, as the last build's were.) Unique: an
    edition id has no dot (``full`` or a type id: letters, digits and hyphens)."""
    plan = PurePosixPath(docx).parent
    return str(PurePosixPath(PREVIEWS) / plan.parent / f"{plan.name}.{edition}.html")


def _changes_for(history: sitehistory.History | None, edition: str) -> int | None:
    if history is None or history.changes is None:
        return None
    return sum(1 for c in history.changes if edition in c.editions)


class LazyPlan:
    """A plan of the page, loaded only when something needs it: a plan taken whole from the
    last build (``Built.plan`` is ``None``) is loaded only for its history of changes or a
    preview that cannot be taken from the last page."""

    def __init__(self, name: str, plan: Plan | None, project: Project) -> None:
        self.name, self.plan, self.project = name, plan, project
        self.source = plan.source if plan is not None else project.root / name

    def __call__(self) -> Plan:
        if self.plan is None:
            self.plan = _plans([self.name], self.project)[self.name]
        return self.plan


def plan_part(
    plan: LazyPlan,
    docs: list[dict[str, Any]],
    template: Template,
    files: Files,
    lang: str,
    composed: dict[tuple[str, str], Document],
    kept: Kept,
    folders: sitehistory.Folders,
    made: dict[tuple[str, str], str],
) -> tuple[PlanEntry, dict[str, bytes]]:
    """One plan's part of the page and its preview pages; refused when the plan changed since
    its documents were built (the preview would not match the downloads). A plan taken whole
    by the build is current by construction."""
    current = str(docs[0].get("content_hash") or "")
    if plan.plan is not None:
        current = input_hash(plan.plan, template)
        if any(d.get("content_hash") != current for d in docs):
            raise SiteError("site.stale", plan=plan.name)
    history = sitehistory.history(plan.source, plan.name, plan, lang, folders)
    entries, previews = [], {}
    for doc in docs:
        files.check(doc["docx"], doc.get("docx_sha256"), doc.get("docx_size"))
        pdf = doc.get("pdf")
        pdf_size = _size(files.out_dir, pdf) if isinstance(pdf, str) else None
        entry = DocumentEntry(
            edition=doc["edition"],
            edition_name=doc["edition_name"],
            title=str(doc.get("title") or doc["plan_title"]),
            docx=doc["docx"],
            docx_size=int(doc.get("docx_size") or 0),
            pdf=pdf if isinstance(pdf, str) else None,
            pdf_size=pdf_size,
            preview=_preview_path(doc["docx"], doc["edition"]),
            changes=_changes_for(history, doc["edition"]),
        )
        entries.append(entry)
        key = (plan.name, doc["edition"])
        page = kept.preview(key, entry, lang)
        if page is None:
            body = made.get(key)
            if body is None:
                document = composed.get(key) or compose(plan(), doc["edition"])
                body = document_html(document)
            page = sitepage.preview_page(entry, body, lang)
        previews[entry.preview] = page
    first = docs[0]
    plan_entry = PlanEntry(
        plan=plan.name,
        title=first["plan_title"],
        issuer=first["issuer"],
        number=first.get("number", ""),
        date=first["date"],
        content_hash=current,
        history=history,
        documents=tuple(entries),
    )
    return plan_entry, previews


@dataclass(frozen=True)
class Kept:
    """The documents a build took unchanged from the last one (``root``, the output folder): the
    text of their preview pages is the same too, so the last build's page is taken when it
    carries exactly this build's links and words around that text (turning plan text into HTML
    is most of the page's time)."""

    root: Path
    reused: set[tuple[str, str]]
    taken: set[str] = field(default_factory=set)  # the previews taken, by path

    def preview(self, key: tuple[str, str], entry: DocumentEntry, lang: str) -> bytes | None:
        if key not in self.reused:
            return None
        try:
            old = (self.root / entry.preview).read_bytes()
        except OSError:
            return None
        before, _, after = sitepage.preview_page(entry, _SLOT, lang).partition(_SLOT.encode())
        if not (old.startswith(before) and old.endswith(after)):
            return None
        if len(old) <= len(before) + len(after):
            return None
        self.taken.add(entry.preview)
        return old


#: where a preview page's text goes, to compare the rest of an earlier page with
_SLOT = "\ue000plangen-preview-text\ue000"


def _filters(plans: Iterable[PlanEntry]) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for plan in plans:
        for doc in plan.documents:
            seen.setdefault(doc.edition, doc.edition_name)
    return tuple(sorted(seen.items(), key=lambda item: item[0] != FULL))


def _bundles(
    plans: tuple[PlanEntry, ...],
    filters: Iterable[tuple[str, str]],
    files: Files,
    lang: str,
    epoch: int | None,
) -> tuple[list[Bundle], dict[str, bytes]]:
    """One zip for every filter choice, and one of everything: names in UTF-8, fixed times,
    the files stored as they are (a .docx and a PDF are compressed already)."""
    dates = [day for p in plans if (day := parse_date(p.date)) is not None]
    moment = package.build_time(max(dates, default=dt.date(1980, 1, 1)), epoch)
    bundles, zips = [], {}
    stored: dict[str, package.Deflated] = {}  # a file is in two or three zips: read once

    def compressed(rel: str) -> package.Deflated:
        if rel not in stored:
            stored[rel] = package.stored(files.read(rel))
        return stored[rel]

    for key, name in [("", translate("site.page.bundle-all", lang)), *filters]:
        parts: dict[str, package.Deflated] = {}
        for plan in plans:
            # each plan's files in a folder named by its title, not by the file's pinyin name
            folder = safe_filename(plan.title)
            for doc in (d for d in plan.documents if not key or d.edition == key):
                for rel in (doc.docx, doc.pdf):
                    if rel:
                        parts[f"{folder}/{PurePosixPath(rel).name}"] = compressed(rel)
        filename = safe_filename(translate("site.bundle-file", lang, name=name))
        path = f"{BUNDLES}/{filename}"
        zips[path] = package.write_zip(parts, moment)
        bundles.append(Bundle(key, name, path, len(zips[path]), len(parts)))
    return bundles, zips


@dataclass(frozen=True)
class Part:
    """One plan's part of the page, made while the build made the other plans."""

    entry: PlanEntry
    previews: dict[str, bytes]


def make_site(
    out_dir: Path,
    project: Project,
    lang: str,
    *,
    settle: bool = True,
    built: BuildResult | None = None,
    done: dict[str, Part] | None = None,
) -> Site:
    """Gather and render the whole page, in ``lang``, for the documents built into ``out_dir``
    (``settle=False`` inside a build's own transaction, whose staged folder nobody else sees).
    Inside a build, ``built`` gives the plans it validated and the documents it composed, so
    neither is done twice, and ``done`` the plans whose part was made already (``PageInto``)."""
    if settle:
        transaction.settle(out_dir)  # never read a set that a build is replacing
    manifest = read_manifest(out_dir)
    documents: list[dict[str, Any]] = manifest["documents"]
    plans: dict[str, Plan | None]
    known: dict[str, bytes] = {}
    if built is not None:  # its plans, and those it took whole from the last build unloaded
        known = {str(b.path): b.data for b in built.documents}
        plans = {b.name: b.plan for b in built.documents}
        composed = {(b.name, b.edition): b.document for b in built.documents if b.document}
        kept = Kept(built.out_dir, {(b.name, b.edition) for b in built.documents if b.reused})
    else:
        plans, composed = dict(_plans((d["plan"] for d in documents), project)), {}
        kept = Kept(out_dir, set())
    template = load_template(project)
    files = Files(out_dir, known)
    entries, made = [], {}
    folders = sitehistory.Folders()  # what git says of each plan folder, asked once
    by_plan: dict[str, list[dict[str, Any]]] = {}
    for doc in documents:
        by_plan.setdefault(doc["plan"], []).append(doc)
    for name, docs in by_plan.items():
        if name not in plans:
            raise SiteError("site.plan-missing", plan=name)
        if done is not None and name in done:
            entry, previews = done[name].entry, done[name].previews
        else:
            plan = LazyPlan(name, plans[name], project)
            bodies = built.previews if built is not None else {}
            entry, previews = plan_part(
                plan, docs, template, files, lang, composed, kept, folders, bodies
            )
        entries.append(entry)
        made.update(previews)
    # newest first, as a secretary looks for the latest plan (then by title, so the order is fixed)
    entries.sort(key=lambda e: e.title)
    entries.sort(key=lambda e: e.date, reverse=True)
    filters = _filters(entries)
    bundles, zips = _bundles(tuple(entries), filters, files, lang, project.source_date_epoch)
    made.update(zips)
    model = SiteModel(str(manifest.get("generator", "")), tuple(entries), filters, tuple(bundles))
    made[INDEX] = sitepage.index_page(model, lang)
    written = {rel for part in (done or {}).values() for rel in part.previews}
    return Site(out_dir, model, made, kept.taken, written)


def write_site(site: Site) -> Path:
    """Write every file of the page atomically; previews and zips of an earlier run that the
    page no longer links are removed. Holds the output folder's lock, so that the page is never
    written into a set that a build is replacing."""
    with transaction.locked(site.out_dir):
        try:
            write_files(site, write_atomic)
            _clear_earlier(site)
        except OSError as err:
            raise transaction.write_failure(err, site.out_dir) from None
    return site.out_dir / INDEX


def write_files(site: Site, write: Callable[[Path, bytes], None]) -> None:
    """Every file of the page, each by ``write``."""
    for rel, data in sorted(site.files.items()):
        write(site.out_dir / rel, data)


def _clear_earlier(site: Site) -> None:
    """The previews and zips of an earlier page that this one no longer has, and the folders
    their removal left empty."""
    for folder, pattern in ((PREVIEWS, "*.html"), (BUNDLES, "*.zip")):
        for old in sorted((site.out_dir / folder).rglob(pattern)):
            if old.relative_to(site.out_dir).as_posix() not in site.files:
                old.unlink()
        _remove_empty_folders(site.out_dir / folder)


def _remove_empty_folders(top: Path) -> None:
    """The folders under ``top`` that the removal of old pages left empty (a plan removed, or
    an earlier page's previews, a folder a plan), deepest first."""
    for folder in sorted((p for p in top.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def stale_plans(out_dir: Path, project: Project) -> list[str]:
    """The plans (as the manifest names them) whose documents in ``out_dir`` are older than the
    plan: changed, removed, now invalid, or new and not yet built. Empty when all are current
    or there is no build to compare with."""
    try:
        manifest = read_manifest(out_dir)
    except PlangenError:
        return []
    built = {str(d["plan"]): d.get("content_hash") for d in manifest["documents"]}
    template = load_template(project)
    stale = []
    for name, content_hash in built.items():
        path = project.root / name
        checked = validate_paths([path], project.root) if path.is_file() else None
        if (
            checked is None
            or checked.errors
            or not checked.plans
            or input_hash(checked.plans[0], template) != content_hash
        ):
            stale.append(name)
    if project.plans.is_dir():
        current = validate_paths([project.plans], project.root)
        stale += [p.display for p in current.plans if p.display not in built]
    return stale
