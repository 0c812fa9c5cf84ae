"""Templates: each ``templates/<name>.docx`` is packed from the reviewable XML in
``templates/src/<name>/``, so a change to a template shows in git as a change to readable XML.

``pack`` builds the .docx from the source; ``check`` says whether the committed .docx matches its
source; ``unpack`` turns a .docx a clerk restyled in Word or WPS back into (indented) source XML.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lxml import etree

from .package import read_parts, repack
from .writer import write_atomic

TEMPLATE_TIME = dt.datetime(2014, 1, 1, tzinfo=dt.UTC)
DEFAULT = "official"


def template_root(project: Path) -> Path:
    return project / "templates"


def source_dir(project: Path, name: str = DEFAULT) -> Path:
    return template_root(project) / "src" / name


def docx_path(project: Path, name: str = DEFAULT) -> Path:
    return template_root(project) / f"{name}.docx"


def pack_bytes(source: Path) -> bytes:
    """The .docx made from a source folder (byte-identical every time)."""
    parts = {
        path.relative_to(source).as_posix(): path.read_bytes()
        for path in sorted(source.rglob("*"))
        if path.is_file()
    }
    return repack(parts, TEMPLATE_TIME)


def pack(project: Path, name: str = DEFAULT) -> Path:
    target = docx_path(project, name)
    write_atomic(target, pack_bytes(source_dir(project, name)))
    return target


def is_current(project: Path, name: str = DEFAULT) -> bool:
    """Whether ``templates/<name>.docx`` is exactly what its source packs to."""
    target = docx_path(project, name)
    return target.is_file() and target.read_bytes() == pack_bytes(source_dir(project, name))


def unpack(docx: Path, target: Path) -> list[Path]:
    """Write every part of ``docx`` into ``target``, XML indented for review."""
    written = []
    for name, data in read_parts(docx.read_bytes()).items():
        if name.endswith((".xml", ".rels")):
            data = _indented(data)
        path = target / name
        write_atomic(path, data)
        written.append(path)
    return written


_W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def _indented(data: bytes) -> bytes:
    """Indent XML for review without touching text: lxml's indent would rewrite a ``<w:t>``
    holding only spaces, so such texts are set aside first and put back after."""
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
