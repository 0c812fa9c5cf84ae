"""What a build made: each document (``Built``), the whole set (``BuildResult``), the checks
across documents (no two may share a file name) and ``manifest.json``, the output folder's
record of what it holds and what each document was made from (``incremental``, ``uptodate``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from plangen import __version__
from plangen.core.diagnostics import Diagnostic, FileName
from plangen.core.vocab import parse_date
from plangen.core.writer import write_atomic
from plangen.document import incremental, layout, uptodate
from plangen.document.model import Document
from plangen.document.ooxml import package
from plangen.plan.validate import Plan

MANIFEST = incremental.MANIFEST


@dataclass
class Built:
    """One generated document. ``plan`` and ``document`` are ``None`` for a document of a plan
    taken whole from the last build (``incremental.whole_plans``): its plan was not even loaded,
    and ``record`` is the last build's manifest entry."""

    name: str  # the plan, as the manifest names it (``Plan.display``)
    edition: str  # ``full`` or an enterprise type's id
    path: PurePosixPath  # relative to the output folder
    data: bytes
    content_hash: str
    moment: dt.datetime  # the time the files carry (the plan's date, or SOURCE_DATE_EPOCH)
    plan: Plan | None = None
    document: Document | None = None
    pdf: PurePosixPath | None = None
    build_key: str = ""  # everything the bytes depend on (``incremental.build_key``)
    reused: bool = False  # the bytes are the last build's, not rendered again
    pdf_data: bytes | None = None  # the last build's PDF, when it can be reused
    source_key: str = ""  # the plan's key (``uptodate.inputs``)
    record: dict[str, object] | None = None
    #: the word cuts its titles needed (``titles.word_ends``), for the next build to take
    title_words: dict[str, tuple[int, ...]] = field(default_factory=dict)
    sha256: str = ""  # of ``data``, once asked (``data_sha256``)

    @classmethod
    def taken(cls, taken: incremental.Taken, source_key: str, epoch: int | None) -> Built:
        entry = taken.entry
        day = parse_date(str(entry["date"])) or dt.date(1980, 1, 1)  # it was checked
        return cls(
            str(entry["plan"]),
            str(entry["edition"]),
            PurePosixPath(entry["docx"]),
            taken.data,
            str(entry["content_hash"]),
            package.build_time(day, epoch),
            build_key=str(entry["build_key"]),
            reused=True,
            pdf_data=taken.pdf,
            source_key=source_key,
            record=entry,
        )


@dataclass
class BuildResult:
    out_dir: Path
    fonts: layout.Layout
    documents: list[Built] = field(default_factory=list)
    stand_ins: dict[str, str] = field(default_factory=dict)  # font name → PDF stand-in used
    inputs: str = ""  # the key of everything the set is made of (``uptodate``), when known
    #: the text of each rendered document's preview, by plan and edition (``build``'s preview)
    previews: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def plans(self) -> int:
        return len({b.name for b in self.documents})


def name_collisions(documents: list[Built]) -> list[Diagnostic]:
    """A located error for every document whose file name another one already has — compared
    as Windows and macOS compare them (case and Unicode normalisation ignored). The documents
    taken whole from the last build come first: they had their names then, so a clash is the
    loaded plan's, and is located in it."""
    seen: dict[str, Built] = {}
    problems = []
    for built in sorted(documents, key=lambda b: b.plan is not None):
        name = unicodedata.normalize("NFC", str(built.path)).casefold()
        first = seen.setdefault(name, built)
        if first is not built:
            other, edition = FileName(first.name), described(first)["edition_name"]
            problems.append(
                built.plan.loaded.diag(
                    ("document", "title"),
                    "file-name",
                    "build.name-collision",
                    name=str(built.path),
                    other=other,
                    edition=edition,
                )
                if built.plan is not None
                else Diagnostic(
                    built.name,
                    1,
                    1,
                    "file-name",
                    "build.name-collision",
                    {"name": str(built.path), "other": other, "edition": edition},
                )
            )
    return problems


def manifest(result: BuildResult, folder: Path | None = None) -> dict[str, object]:
    """What ``dist/manifest.json`` says: every document, its plan, edition, hashes and sizes."""
    documents = []
    for built in result.documents:
        entry = record(built)
        if built.pdf is not None:
            pdf = (result.out_dir if folder is None else folder) / built.pdf
            data = pdf.read_bytes() if pdf.is_file() else b""
            entry["pdf"] = str(built.pdf)
            entry["pdf_size"] = len(data)
            if data:
                entry["pdf_sha256"] = hashlib.sha256(data).hexdigest()
        documents.append(entry)
    made: dict[str, object] = {"generator": f"plangen {__version__}"}
    made[incremental.SEGMENTER_FIELD] = incremental.segmenter()
    if result.inputs:
        made[uptodate.FIELD] = result.inputs
    made["documents"] = documents
    return made


def record(built: Built) -> dict[str, object]:
    """What the manifest says of a document, its PDF aside."""
    return {
        **described(built),
        "docx": str(built.path),
        "docx_size": len(built.data),
        "docx_sha256": data_sha256(built),
        "content_hash": built.content_hash,
        "build_key": built.build_key,
        "source_key": built.source_key,
    }


def data_sha256(built: Built) -> str:
    """The digest of the document's bytes, made once: the page and the manifest both name it,
    and a worker makes it while the build takes in other plans (``produce.portable``)."""
    if not built.sha256:
        built.sha256 = hashlib.sha256(built.data).hexdigest()
    return built.sha256


def described(built: Built) -> dict[str, object]:
    """What the manifest says of a document besides its files: its plan's title, issuer,
    number and date, its edition, its title."""
    if built.plan is None or built.document is None:  # taken whole: as the last build said
        assert built.record is not None
        return {k: built.record[k] for k in _DESCRIBED if k in built.record}
    doc = built.plan.data["document"]
    entry: dict[str, object] = {
        "plan": built.plan.display,
        "plan_title": doc["title"],
        "issuer": doc["issuer"],
        "number": doc.get("number", ""),
        "date": doc["date"],
        "edition": built.document.key,
        "edition_name": built.document.edition_name,
        "title": built.document.properties["title"],
    }
    if built.title_words:  # only where a title needed breaking
        entry[incremental.WORDS_FIELD] = incremental.written_words(built.title_words)
    return entry


_DESCRIBED = (
    *("plan", "plan_title", "issuer", "number", "date", "edition", "edition_name", "title"),
    incremental.WORDS_FIELD,
)


def write_manifest(result: BuildResult, folder: Path | None = None) -> Path:
    """``manifest.json`` in ``folder`` (the output folder unless given)."""
    path = (result.out_dir if folder is None else folder) / MANIFEST
    text = json.dumps(manifest(result, folder), ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path
