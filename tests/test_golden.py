"""Every document plangen builds from the shipped plans, the examples, the valid test cases and
the tables of every shape, pinned by its hash: a change to how documents are paginated, rendered
or packed that changes a single byte shows here, so work on speed can prove it changed nothing.

``tests/data/golden.json`` holds, per document, the sha256 of every part's content and of the
whole file. The parts are compared always; the whole file only under the zlib the hashes were
taken with (another zlib may compress the same parts to other bytes). A deliberate change to the
documents is recorded with ``PLANGEN_GOLDEN=update pytest tests/test_golden.py``, and the diff of
golden.json shows which documents and parts it touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from pathlib import Path

import pytest

from .conftest import CASES, ROOT, run_cli
from .docxread import parts

GOLDEN = Path(__file__).resolve().parent / "data" / "golden.json"

#: each source: the folder the build runs in and what it is given to build
SOURCES = {
    "plans": (ROOT, ["plans"]),
    "tables": (ROOT, ["tests/data/tables"]),  # tables of every shape (their 版记 placed by height)
    **{f"examples/{p.name}": (p, ["plans"]) for p in sorted((ROOT / "examples").glob("*/"))},
    **{
        f"cases/{p.name}": (p, ["plan.yaml"])
        for p in sorted((CASES / "valid").iterdir())
        if p.is_dir()
    },
}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str
) -> dict[str, dict[str, object]]:
    """Document (its path in the output folder) → the hashes of its parts and of the file."""
    here, what = SOURCES[source]
    monkeypatch.chdir(here)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "out"
    result = run_cli("build", "--no-page", *what, "-o", str(out))
    assert result.exit_code == 0, result.output
    return {
        path.relative_to(out).as_posix(): {
            "file": _digest(path.read_bytes()),
            "parts": {name: _digest(data) for name, data in parts(path.read_bytes()).items()},
        }
        for path in sorted(out.rglob("*.docx"))
    }


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_documents_are_as_pinned(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = built(tmp_path, monkeypatch, source)
    golden = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.is_file() else {}
    if os.environ.get("PLANGEN_GOLDEN") == "update":
        golden.setdefault("sources", {})[source] = documents
        golden["zlib"] = zlib.ZLIB_RUNTIME_VERSION
        text = json.dumps(golden, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        GOLDEN.write_text(text, encoding="utf-8")
        return
    pinned = golden["sources"][source]
    assert sorted(documents) == sorted(pinned)
    for name, hashes in documents.items():
        assert hashes["parts"] == pinned[name]["parts"], name
        if golden["zlib"] == zlib.ZLIB_RUNTIME_VERSION:
            assert hashes["file"] == pinned[name]["file"], name


def test_every_source_is_pinned() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(golden["sources"]) == sorted(SOURCES)
