"""A plans repository of about 10, 100 or 1,000 documents, shaped like the real ones.

One *batch* is a copy of the shipped plan (``plans/2014-qunzhong-luxian.yaml``: a full text and
four enterprise-type editions) and of every example in ``examples/*/plans/`` (one document each):
about ten documents. Each copy gets its own file name, a title ending in its batch number and,
where the plan has one, its own 发文字号, so no two documents share a file name.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "plans" / "2014-qunzhong-luxian.yaml"
CATALOG = ROOT / "plans" / "enterprise-types.yaml"

#: documents wanted → batches of about ten documents
SIZES = {"small": 10, "medium": 100, "large": 1000}

_TITLE = re.compile(r"^(  title: )(.+)$", re.MULTILINE)
_NUMBER = re.compile(r"^(  number: .*〔\d{4}〕)(\d+)(号)$", re.MULTILINE)


@dataclass(frozen=True)
class Corpus:
    root: Path  # the repository: plans/ (and later templates/, dist/)
    files: list[Path]  # every YAML file validate reads (the catalogue included)
    batches: int

    @property
    def plans(self) -> Path:
        return self.root / "plans"

    @property
    def yaml_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.files)


def sources() -> list[Path]:
    return [SHIPPED, *sorted(ROOT.glob("examples/*/plans/*.yaml"))]


def varied(text: str, batch: int, own_wording: bool = False) -> str:
    """The plan's text as copy ``batch``: its document title (the first ``  title:`` line, the
    one under ``document:``) ends in the batch number, its 发文字号 counts up from the batch.
    With ``own_wording``, every sentence ends in the batch number too, as no two offices' plans
    share their sentences: what plangen remembers of a text (its paragraphs, its lines, its
    preview) then helps no other copy."""
    text = _TITLE.sub(lambda m: f"{m[1]}{m[2]}（第{batch + 1}批）", text, count=1)
    if own_wording:
        text = text.replace("。", f"（{batch + 1}）。")
    return _NUMBER.sub(lambda m: f"{m[1]}{int(m[2]) + batch}{m[3]}", text, count=1)


def documents_per_batch() -> int:
    """The shipped plan's five documents and one per example."""
    return 5 + len(sources()) - 1


def make(root: Path, documents: int, own_wording: bool = False) -> Corpus:
    """Write a repository of about ``documents`` documents under ``root`` (``varied``)."""
    plans = root / "plans"
    plans.mkdir(parents=True)
    (root / ".git").mkdir()  # a repository root: the catalogue is looked for no higher
    shutil.copy(CATALOG, plans / CATALOG.name)
    batches = max(1, round(documents / documents_per_batch()))
    files = [plans / CATALOG.name]
    for source in sources():
        text = source.read_text(encoding="utf-8")
        for batch in range(batches):
            target = plans / f"{source.stem}-{batch + 1:04d}.yaml"
            target.write_text(varied(text, batch, own_wording), encoding="utf-8")
            files.append(target)
    return Corpus(root, files, batches)


def change_one_plan(corpus: Corpus, edit: int = 1) -> Path:
    """Edit one plan the way an author does: one more sentence in its lead (``edit`` makes each
    edit a different one)."""
    target = corpus.plans / f"{SHIPPED.stem}-0001.yaml"
    text = target.read_text(encoding="utf-8")
    marker = "  lead: |\n"
    at = text.index(marker) + len(marker)
    text = text[:at] + f"    本方案经工委第{edit}次会议研究通过，现予印发。\n" + text[at:]
    target.write_text(text, encoding="utf-8")
    return target
