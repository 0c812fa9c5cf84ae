"""What the download page shows, as plain data: ``site`` gathers it, ``sitepage`` renders it."""

from __future__ import annotations

from dataclasses import dataclass

from plangen.site.history import History


@dataclass(frozen=True)
class DocumentEntry:
    """One document of a plan (the full plan or one enterprise type's edition)."""

    edition: str  # "full" or an enterprise type id
    edition_name: str
    title: str
    docx: str  # paths relative to the site folder, with "/"
    docx_size: int
    pdf: str | None
    pdf_size: int | None
    preview: str
    changes: int | None  # changes touching it since the previous version; None: not known


@dataclass(frozen=True)
class PlanEntry:
    """One plan: its official particulars, its version and its documents."""

    plan: str
    title: str
    issuer: str
    number: str
    date: str  # YYYY-MM-DD
    content_hash: str
    history: History | None
    documents: tuple[DocumentEntry, ...]


@dataclass(frozen=True)
class Bundle:
    """A zip of every document for one filter choice ("" for all documents)."""

    key: str
    name: str
    path: str
    size: int
    files: int


@dataclass(frozen=True)
class SiteModel:
    generator: str
    plans: tuple[PlanEntry, ...]
    filters: tuple[tuple[str, str], ...]  # (edition key, name), the full plan first
    bundles: tuple[Bundle, ...]
