"""The same documents made the way a user would without plangen.

- **plain docxtpl**, used the usual way: per document, load the template from its file, render a
  context holding the same paragraphs as plain strings, save. The template is plangen's own, with
  every ``{{r x}}`` (a RichText run) turned into ``{{ x }}`` (plain text in the template's run).
- **pandoc**, one process per document, from Markdown holding the same paragraphs, with one of
  plangen's documents as ``--reference-doc`` (its styles and page set-up).

Composing the paragraphs is done beforehand and not timed: both alternatives are handed for free
what plangen computes from the plan (numbering, editions, title breaks, the 版记), so the ratios
flatter them.
"""

from __future__ import annotations

import re
import shutil
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.run import run
from plangen.core.project import find_project
from plangen.document import template_source
from plangen.document.compose import compose, editions
from plangen.document.model import Block, Document
from plangen.document.produce import load_template
from plangen.plan.validate import validate_paths


@dataclass(frozen=True)
class Timed:
    seconds: float
    cpu: float
    documents: int


def documents(root: Path) -> list[Document]:
    """Every document ``plangen build`` makes of the repository at ``root``, composed."""
    project = find_project(root)
    result = validate_paths([project.plans], project.root)
    if result.errors:
        raise RuntimeError(f"the corpus does not validate: {result.diagnostics[:3]}")
    return [compose(plan, key) for plan in result.plans for key, _name in editions(plan)]


def _table_text(block: Block) -> str:
    assert block.table is not None
    return "\n".join("  ".join(cell.text for cell in row) for row in block.table.rows)


def _block_text(block: Block) -> str:
    return _table_text(block) if block.table is not None else block.text


# -- plain docxtpl -------------------------------------------------------------------------------


def plain_template(root: Path, target: Path) -> Path:
    """plangen's template (the repository's, else the shipped one) with plain-text placeholders."""
    data = load_template(find_project(root), template_source.DEFAULT).data
    source = target.with_suffix(".orig.docx")
    source.write_bytes(data)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zin.infolist():
            part = zin.read(info)
            if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                part = re.sub(rb"\{\{r\s+", b"{{ ", part)
            out.writestr(info, part)
    return target


def plain_context(document: Document) -> dict[str, Any]:
    colophon = document.colophon
    return {
        "front_lines": [span.text for span in document.front_lines],
        "mark": document.mark,
        "number": document.number,
        "title_lines": list(document.title_lines),
        "subtitle": document.subtitle,
        "recipients": document.recipients,
        "blocks": [{"style": b.style, "rich": _block_text(b)} for b in document.blocks],
        "colophon_padding": [],
        "colophon": {
            "cc": colophon.cc,
            "printer": colophon.printer,
            "print_date": colophon.print_date,
        },
    }


def time_docxtpl(docs: list[Document], template: Path, out: Path) -> Timed:
    from docxtpl import DocxTemplate

    out.mkdir(parents=True, exist_ok=True)
    contexts = [plain_context(d) for d in docs]
    started, cpu = time.perf_counter(), time.process_time()
    for index, context in enumerate(contexts):
        tpl = DocxTemplate(str(template))
        tpl.render(context, autoescape=True)
        tpl.save(str(out / f"{index:05d}.docx"))
    return Timed(time.perf_counter() - started, time.process_time() - cpu, len(docs))


# -- pandoc --------------------------------------------------------------------------------------

PANDOC = shutil.which("pandoc")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+\-.!|~^$])")
_HEADINGS = {"H1": "# ", "H2": "## ", "H3": "### ", "H4": "#### "}


def _escaped(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def markdown(document: Document) -> str:
    """The document's paragraphs as Markdown: headings by level, everything else a paragraph."""
    lines = [span.text for span in document.front_lines]
    lines += [document.mark, document.number, *document.title_lines]
    lines += [document.subtitle or "", document.recipients]
    paragraphs = [_escaped(line) for line in lines if line]
    for block in document.blocks:
        text = _block_text(block)
        if not text.strip():
            continue
        prefix = _HEADINGS.get(block.style.removesuffix("Keep"), "")
        paragraphs += [prefix + _escaped(line) for line in text.split("\n")]
    colophon = document.colophon
    paragraphs += [_escaped(x) for x in (colophon.cc, colophon.printer, colophon.print_date) if x]
    return "\n\n".join(paragraphs) + "\n"


def time_pandoc(docs: list[Document], reference: Path, work: Path) -> Timed:
    assert PANDOC is not None
    sources = work / "md"
    out = work / "docx"
    sources.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    inputs = []
    for index, document in enumerate(docs):
        path = sources / f"{index:05d}.md"
        path.write_text(markdown(document), encoding="utf-8")
        inputs.append(path)
    started, cpu = time.perf_counter(), 0.0
    for path in inputs:
        target = out / path.with_suffix(".docx").name
        cpu += run(
            [
                PANDOC,
                "-f",
                "markdown",
                "-o",
                str(target),
                f"--reference-doc={reference}",
                str(path),
            ],
            work,
        ).cpu
    return Timed(time.perf_counter() - started, cpu, len(docs))
