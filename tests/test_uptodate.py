"""A build that would write what the output folder already holds is not done (``uptodate``):
nothing is loaded, rendered or rewritten. Anything a build reads or is asked for that changed —
a plan, a catalogue, the template, the settings, the options, the language, a git commit, a file
missing from the output — builds again."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from plangen.document import build as builder
from plangen.document import pdf as pdfs

from .conftest import run_cli

SEED = "2014-qunzhong-luxian"


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The output folder of every build that really ran (not found up to date)."""
    ran: list[Path] = []
    real = builder.build

    def counting(paths: Any, out_dir: Path, *args: Any, **kwargs: Any) -> Any:
        ran.append(out_dir)
        return real(paths, out_dir, *args, **kwargs)

    monkeypatch.setattr(builder, "build", counting)
    return ran


def build(*args: str, env: dict[str, str] | None = None) -> str:
    result = run_cli("build", *args, env=env)
    assert result.exit_code == 0, result.output
    return result.output


def state(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under ``folder``: its inode, modification time and size (a file rewritten,
    even with the same bytes, has another)."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_a_build_with_nothing_changed_touches_nothing(project: Path, builds: list[Path]) -> None:
    build()
    before = state(project / "dist")
    assert json.loads((project / "dist" / "manifest.json").read_text("utf-8"))["inputs"]
    said = build()
    assert len(builds) == 1  # the second found the folder up to date
    assert "dist 已是最新：5 个 Word 文件（1 份方案）" in said
    assert "下载页面：dist/index.html" in said
    assert state(project / "dist") == before
    assert not list(project.glob(".plangen-*"))  # no staging folder, no lock left
    # from a subfolder, named from there
    sub = project / "plans"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(sub)
        assert "../dist 已是最新" in build()
    assert len(builds) == 1


def test_english_when_asked(project: Path, builds: list[Path]) -> None:
    build(env={"PLANGEN_LANG": "en"})
    said = build(env={"PLANGEN_LANG": "en"})
    assert len(builds) == 1
    assert "dist is up to date" in said


def _edit(path: Path, text: str = "# 改\n") -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _append(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\0")


def _restyle(root: Path) -> None:
    """The office's own template: unpacked, one font size changed, packed."""
    assert run_cli("template", "unpack").exit_code == 0
    styles = root / "templates" / "src" / "official" / "word" / "styles.xml"
    text = styles.read_text(encoding="utf-8")
    styles.write_text(
        re.sub(r'<w:sz w:val="(\d+)"/>', '<w:sz w:val="33"/>', text, count=1), "utf-8"
    )
    assert run_cli("template", "pack").exit_code == 0


CHANGES: dict[str, Callable[[Path], object]] = {
    "plan": lambda root: _edit(root / "plans" / f"{SEED}.yaml"),
    "new plan": lambda root: shutil.copy(
        root / "plans" / f"{SEED}.yaml", root / "plans" / "copy.yaml"
    ),
    "catalogue": lambda root: _edit(root / "plans" / "enterprise-types.yaml"),
    "settings": lambda root: (root / "plangen.toml").write_text(
        '[fonts]\nbody = "仿宋"\n', "utf-8"
    ),
    "template": _restyle,
    "document removed": lambda root: next((root / "dist").rglob("*.docx")).unlink(),
    "document changed": lambda root: _append(next((root / "dist").rglob("*.docx"))),
    "page removed": lambda root: (root / "dist" / "index.html").unlink(),
    "another build's manifest": lambda root: (root / "dist" / "manifest.json").write_text(
        re.sub(
            '"inputs": "[0-9a-f]+"',
            '"inputs": "0"',
            (root / "dist" / "manifest.json").read_text("utf-8"),
        ),
        "utf-8",
    ),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_what_a_build_reads_changed_builds_again(
    project: Path, builds: list[Path], change: Callable[[Path], object]
) -> None:
    build()
    change(project)
    build()
    assert len(builds) == 2
    build()  # and then it is up to date again
    assert len(builds) == 2
    shutil.copytree(project / "dist", project / "kept")
    build("-o", "cold", "--force")
    assert _files(project / "kept") == _files(project / "cold")  # as a cold build writes


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_catalogue_above_the_plans_folder_is_read_too(project: Path, builds: list[Path]) -> None:
    shutil.move(project / "plans" / "enterprise-types.yaml", project / "enterprise-types.yaml")
    build()
    _edit(project / "enterprise-types.yaml")
    build()
    assert len(builds) == 2


OPTIONS: dict[str, tuple[list[str], dict[str, str]]] = {
    "language": ([], {"PLANGEN_LANG": "en"}),
    "no page": (["--no-page"], {}),
    "official": (["--official"], {}),
    "dated": ([], {"SOURCE_DATE_EPOCH": "1700000000"}),
    "one file": ([f"plans/{SEED}.yaml"], {}),
}


@pytest.mark.parametrize("option", OPTIONS.values(), ids=OPTIONS.keys())
def test_other_options_build_again(
    project: Path, builds: list[Path], option: tuple[list[str], dict[str, str]]
) -> None:
    args, env = option
    build()
    build(*args, env=env)
    assert len(builds) == 2
    build(*args, env=env)
    assert len(builds) == 2


def test_pdfs_asked_for_build_again_and_are_then_up_to_date(
    project: Path, builds: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def convert(docx: list[Path], targets: list[Path], *_: object) -> dict[str, str]:
        for source, target in zip(docx, targets, strict=True):
            target.write_bytes(b"%PDF " + source.read_bytes()[-40:])
        return {}

    monkeypatch.setattr(pdfs, "convert", convert)
    monkeypatch.setattr(pdfs, "stand_ins", lambda names: {"方正小标宋简体": "Noto Serif CJK SC"})
    build()
    build("--pdf")
    assert len(builds) == 2
    said = build("--pdf")
    assert len(builds) == 2
    assert "和 5 个 PDF 文件" in said and "PDF 字体替代：方正小标宋简体 → Noto Serif CJK SC" in said
    next((project / "dist").rglob("*.pdf")).unlink()
    build("--pdf")
    assert len(builds) == 3


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_new_commit_builds_the_page_again(project: Path, builds: list[Path]) -> None:
    """The page shows each plan's 第N版 from git: a commit that changes no plan file changes
    the page all the same (not the documents: they are reused)."""
    (project / ".git").rmdir()
    _git(project, "init", "-q")
    _git(project, "add", "plans")
    _git(project, "commit", "-q", "-m", "方案")
    build()
    build()
    assert len(builds) == 1
    (project / "README.md").write_text("说明\n", encoding="utf-8")
    _git(project, "add", "README.md")
    _git(project, "commit", "-q", "-m", "说明")
    build()
    assert len(builds) == 2
    build("--no-page")  # without the page, git is not asked
    build("--no-page")
    assert len(builds) == 3


def test_the_key_does_not_depend_on_where_the_repository_is(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    build()
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "deeper" / "repo"
    shutil.copytree(project / "plans", elsewhere / "plans")
    (elsewhere / ".git").mkdir()
    monkeypatch.chdir(elsewhere)
    build()
    assert (elsewhere / "dist" / "manifest.json").read_bytes() == (
        project / "dist" / "manifest.json"
    ).read_bytes()


def test_the_page_files_it_allows_are_the_pages() -> None:
    from plangen.document import uptodate
    from plangen.site import make

    assert uptodate.PAGE == make.INDEX
    assert (make.PREVIEWS, make.BUNDLES) == uptodate.PAGE_FOLDERS


def test_a_file_left_in_the_output_folder_builds_again(project: Path, builds: list[Path]) -> None:
    build()
    (project / "dist" / "old-plan").mkdir()
    (project / "dist" / "old-plan" / "旧方案.docx").write_bytes(b"old")
    build()
    assert len(builds) == 2 and not (project / "dist" / "old-plan").exists()


def test_the_libraries_versions_are_those_installed() -> None:
    """Read from the names of their .dist-info folders (importlib.metadata would cost the no-op
    build a fifth of its time): the versions importlib.metadata gives."""
    from importlib.metadata import version

    from plangen.document import incremental

    for project, module in incremental._LIBRARIES:
        assert incremental._version(project, module) == version(project)
    assert incremental._version("plangen-no-such-project", "json") == "?"
