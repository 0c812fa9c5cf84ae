"""Compiled code kept between runs (``core.cache``): the schema check and the template, taken
from the cache by a later run, and never a reason for a run to fail or differ."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import CodeType

import pytest

from plangen.cli import base
from plangen.core import cache
from plangen.document import render

from .conftest import ROOT, run_cli


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setattr(cache, "_FOLDER", where)
    monkeypatch.setattr(cache, "_WRITABLE", None)
    return where


def maker(calls: list[str], text: str = "x = 1") -> object:
    def make() -> CodeType:
        calls.append(text)
        return compile(text, "<test>", "exec")

    return make


def kept(kind: str, identity: str) -> bool:
    """Whether code of ``kind`` made from ``identity`` is there to take."""
    path = cache._path(kind, identity)
    return path is not None and path.is_file()


def run(code: CodeType) -> object:
    namespace: dict[str, object] = {}
    exec(code, namespace)
    return namespace["x"]


def test_code_is_made_once_and_taken_after(folder: Path) -> None:
    calls: list[str] = []
    assert run(cache.code("k", "made from this", maker(calls))) == 1  # type: ignore[arg-type]
    assert run(cache.code("k", "made from this", maker(calls))) == 1  # type: ignore[arg-type]
    assert calls == ["x = 1"]
    assert kept("k", "made from this") and not kept("k", "made from that")
    assert len(list(folder.iterdir())) == 1
    cache.code("k", "made from that", maker(calls, "x = 2"))  # type: ignore[arg-type]
    assert calls == ["x = 1", "x = 2"] and len(list(folder.iterdir())) == 2


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", marshal.dumps(5)])
def test_a_damaged_file_is_made_again(folder: Path, damage: bytes) -> None:
    calls: list[str] = []
    cache.code("k", "i", maker(calls))  # type: ignore[arg-type]
    (kept,) = folder.iterdir()
    kept.write_bytes(damage)
    assert run(cache.code("k", "i", maker(calls))) == 1  # type: ignore[arg-type]
    assert len(calls) == 2
    assert isinstance(marshal.loads(kept.read_bytes()), CodeType)  # and kept again


def test_a_folder_that_cannot_be_written_only_costs_time(folder: Path) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the folder should be", encoding="utf-8")
    calls: list[str] = []
    for _ in range(2):
        assert run(cache.code("k", "i", maker(calls))) == 1  # type: ignore[arg-type]
    assert len(calls) == 2


def test_nowhere_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_FOLDER", None)  # plangen as a library: unless told where
    monkeypatch.setattr(cache, "_WRITABLE", None)
    monkeypatch.chdir(tmp_path)
    calls: list[str] = []
    for _ in range(2):
        cache.code("k", "i", maker(calls))  # type: ignore[arg-type]
    assert len(calls) == 2 and not kept("k", "i") and list(tmp_path.iterdir()) == []


def test_the_command_line_chooses_the_folder(tmp_path: Path) -> None:
    import platformdirs

    assert base.cache_folder({}) == platformdirs.user_cache_path("plangen", appauthor=False)
    assert base.cache_folder({base.CACHE_ENVIRONMENT: str(tmp_path)}) == tmp_path
    assert base.cache_folder({base.CACHE_ENVIRONMENT: ""}) is None


def test_a_command_keeps_its_compiled_code_where_it_is_told(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_FOLDER", None)
    monkeypatch.setattr(cache, "_WRITABLE", None)
    monkeypatch.setattr(render, "_ENV", render._CompileOnce())  # as a new process has it
    where = tmp_path / "kept"
    assert run_cli("build", env={base.CACHE_ENVIRONMENT: str(where)}).exit_code == 0
    kinds = {p.name.split("-")[0] for p in where.iterdir()}
    assert "template" in kinds
    assert cache.folder() == where


def test_a_template_compiled_by_an_earlier_run_is_taken(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = "{{ a }} and {{ b | e }}"
    first = render._CompileOnce().from_string(source)
    later = render._CompileOnce()

    def no_compiling(*args: object, **kwargs: object) -> object:
        raise AssertionError("compiled again")

    monkeypatch.setattr(later, "compile", no_compiling)
    taken = later.from_string(source)
    assert taken.render(a="<1>", b="2") == first.render(a="<1>", b="2") == "&lt;1&gt; and 2"


CHECK = """
import os, sys
from pathlib import Path
from plangen.core import cache
from plangen.plan.validate import validate_paths
cache.use(Path(os.environ["KEPT"]) if os.environ["KEPT"] else None)
result = validate_paths([Path(p) for p in sys.argv[1:]], Path.cwd())
print(len(result.plans), bool(result.errors), "jsonschema" in sys.modules)
"""


def check(paths: list[Path], cwd: Path, kept: Path | None) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "generator"), "KEPT": str(kept or "")}
    out = subprocess.run(
        [sys.executable, "-c", CHECK, *map(str, paths)],
        cwd=cwd, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return out.stdout.split()


def test_the_first_run_compiles_the_schemas_and_later_runs_take_them(
    folder: Path, tmp_path: Path
) -> None:
    """With a cache folder, the first run compiles the schemas and keeps them, however few
    plans it checks; a later run that checks one plan uses them and does not even load
    jsonschema — unless the plan has problems, which jsonschema still lists in full. Without
    one, a few plans are checked by jsonschema (compiling would cost more than it saves)."""
    plans = tmp_path / "repo" / "plans"
    plans.mkdir(parents=True)
    (plans.parent / ".git").mkdir()
    shutil.copy(ROOT / "plans" / "enterprise-types.yaml", plans)
    seed = (ROOT / "plans" / "2014-qunzhong-luxian.yaml").read_text(encoding="utf-8")
    (plans / "p0.yaml").write_text(seed, encoding="utf-8")
    assert check([plans / "p0.yaml"], plans.parent, None) == ["1", "False", "True"]
    assert not folder.exists()
    assert check([plans / "p0.yaml"], plans.parent, folder) == ["1", "False", "False"]
    assert len(list(folder.glob("schema-*.code"))) == 2  # the plan's and the catalogue's
    assert check([plans / "p0.yaml"], plans.parent, folder) == ["1", "False", "False"]
    (plans / "bad.yaml").write_text(seed.replace("date: 2014-02-24", "date: 24.2.2014"), "utf-8")
    assert check([plans / "bad.yaml"], plans.parent, folder) == ["0", "True", "True"]


def test_a_cache_folder_that_cannot_be_written_is_not_counted_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setattr(cache, "_FOLDER", blocked)
    monkeypatch.setattr(cache, "_WRITABLE", None)
    assert not cache.keeps()
    monkeypatch.setattr(cache, "_FOLDER", tmp_path / "new" / "cache")
    monkeypatch.setattr(cache, "_WRITABLE", None)
    assert cache.keeps() and (tmp_path / "new" / "cache").is_dir()


def test_code_is_named_by_all_it_is_made_from() -> None:
    """Jinja's code by the environment's settings too, the schema check by the schema as it is
    compiled: a plangen that sets them otherwise never takes the other's code."""
    from plangen.plan import schemas, validate

    plain, trimmed = render._CompileOnce(), render._CompileOnce()
    trimmed.trim_blocks = True
    assert plain._identity("{{ a }}") != trimmed._identity("{{ a }}")
    assert plain._identity("{{ a }}") == render._CompileOnce()._identity("{{ a }}")
    assert '"$id"' not in validate._identity(schemas.PLAN)
    assert validate._identity(schemas.PLAN) != validate._identity(schemas.CATALOG)


def _package(root: Path) -> dict[str, Path]:
    files = {"a.py": "x = 1\n", "data/schema.json": "{}", "data/page.css": "p {}"}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"compiled")
    return {name: root / name for name in files}


def test_plangens_files_are_digested_once_until_one_changes(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digest of plangen's own files (part of every build's key) is kept by their names,
    sizes and times of change: a later run reads none of them; a file changed, or touched, is
    read again, and the digest is always that of their content."""
    from plangen.document import incremental

    root = tmp_path / "package"
    files = _package(root)
    first = incremental.files_digest(root)
    assert kept("sources", f"{root}\n" + "\n".join(
        f"{name} {p.stat().st_size} {p.stat().st_mtime_ns}" for name, p in sorted(files.items())
    ))  # fmt: skip
    reads: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: reads.append(p) or real(p))

    def package_reads() -> list[Path]:
        return [p for p in reads if root in p.parents]

    assert incremental.files_digest(root) == first
    assert package_reads() == []  # taken from the cache

    os.utime(files["a.py"], ns=(1, 1))  # touched: read again, the same content
    assert incremental.files_digest(root) == first
    assert len(package_reads()) == 3

    files["data/schema.json"].write_text('{"type": "object"}', encoding="utf-8")
    changed = incremental.files_digest(root)
    assert changed != first
    (root / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"compiled again")
    assert incremental.files_digest(root) == changed  # compiled code is not plangen's source

    monkeypatch.setattr(cache, "_FOLDER", None)  # no cache: the same digest, read every time
    assert incremental.files_digest(root) == changed
