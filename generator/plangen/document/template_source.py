"""Templates: where they come from, and their reviewable XML source.

plangen ships a default template (``plangen/document/templates/official.docx``) packed from the
XML beside it (``templates/official/``), so a change to it shows in git as readable XML. A plans
repository may restyle it: its own ``templates/official.docx`` (with the source in
``templates/src/official/``) then overrides the packaged one.

``pack`` builds a .docx from its source; ``is_current`` says whether a .docx matches its source;
``unpack`` turns a .docx a clerk restyled in Word or WPS back into (indented) source XML;
``copy_default`` puts the packaged template into a repository for a clerk to restyle.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from plangen.core.messages import Message
from plangen.core.project import Project
from plangen.document.ooxml.ns import qn

TEMPLATE_TIME = dt.datetime(2014, 1, 1, tzinfo=dt.UTC)
DEFAULT = "official"


@dataclass(frozen=True)
class TemplateFiles:
    """A template's .docx and the folder of XML it is packed from."""

    docx: Path
    source: Path


#: the templates shipped in the package: a real folder beside this module, in a wheel as in an
#: editable install (``importlib.resources`` would say the same, and cost a build with nothing
#: to do a twentieth of its time to import)
PACKAGED = Path(__file__).resolve().parent / "templates"


def packaged(name: str = DEFAULT) -> TemplateFiles:
    """The template shipped in the package."""
    return TemplateFiles(PACKAGED / f"{name}.docx", PACKAGED / name)


def repository(project: Project, name: str = DEFAULT) -> TemplateFiles:
    """Where a plans repository keeps its own restyled template."""
    return TemplateFiles(project.templates / f"{name}.docx", project.templates / "src" / name)


def chosen(project: Project, name: str = DEFAULT) -> Path:
    """The .docx a build uses: the repository's own when it has one, else the packaged one."""
    own = repository(project, name).docx
    return own if own.is_file() else packaged(name).docx


def pack_bytes(source: Path) -> bytes:
    """The .docx made from a source folder (byte-identical every time)."""
    # the packing's modules here, not above: a no-op build reads this module only for paths
    from plangen.document.ooxml.package import repack

    parts = {
        path.relative_to(source).as_posix(): path.read_bytes()
        for path in sorted(source.rglob("*"))
        if path.is_file()
    }
    return repack(parts, TEMPLATE_TIME)


def pack(files: TemplateFiles) -> Path:
    from plangen.core.writer import write_atomic

    write_atomic(files.docx, pack_bytes(files.source))
    return files.docx


def is_current(files: TemplateFiles) -> bool:
    """Whether the .docx is exactly what its source packs to."""
    return files.docx.is_file() and files.docx.read_bytes() == pack_bytes(files.source)


def copy_default(target: TemplateFiles, name: str = DEFAULT) -> list[Path]:
    """Put the packaged template and its source into a repository, to restyle there."""
    from plangen.core.writer import write_atomic

    default = packaged(name)
    written = [target.docx]
    write_atomic(target.docx, default.docx.read_bytes())
    for path in sorted(default.source.rglob("*")):
        if path.is_file():
            written.append(target.source / path.relative_to(default.source))
            write_atomic(written[-1], path.read_bytes())
    return written


def unpack(docx: Path, target: Path) -> list[Path]:
    """Write every part of ``docx`` into ``target``, XML indented for review."""
    from plangen.core.writer import write_atomic
    from plangen.document.ooxml.package import read_parts

    written = []
    for name, data in read_parts(docx.read_bytes()).items():
        if name.endswith((".xml", ".rels")):
            data = _indented(data)
        path = target / name
        write_atomic(path, data)
        written.append(path)
    return written


_W_T = qn("w:t")


def _indented(data: bytes) -> bytes:
    """Indent XML for review without touching text: lxml's indent would rewrite a ``<w:t>``
    holding only spaces, so such texts are set aside first and put back after."""
    from lxml import etree  # here, not above: a no-op build reads this module only for paths

    root = etree.fromstring(data)
    kept = {}
    for index, element in enumerate(root.iter(_W_T)):
        if element.text and not element.text.strip():
            kept[f"plangen-space-{index}"] = element.text
            element.text = f"plangen-space-{index}"
    etree.indent(root, space="  ")
    for element in root.iter(_W_T):
        if element.text in kept:
            element.text = kept[element.text]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) + b"\n"


#: the parts every template must have and that must be well-formed XML
TEMPLATE_PARTS = ("[Content_Types].xml", "word/document.xml", "word/styles.xml")


def problem(data: bytes) -> Message | None:
    """What is wrong with a template's bytes, checked before anything is rendered with it:
    not a zip, a part missing, a part that is not XML; ``None`` when it looks whole."""
    import io
    import zipfile

    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            for part in TEMPLATE_PARTS:
                if part not in names:
                    return Message("template.missing-part", {"part": part})
                try:
                    etree.fromstring(archive.read(part))
                except etree.XMLSyntaxError:
                    return Message("template.bad-xml", {"part": part})
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError):
        return Message("template.not-zip")
    return None
