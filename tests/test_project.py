"""A plans repository anywhere on disk: found from any subfolder, with its own template."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plangen.core.project import Project, find_project, relative_to_here
from plangen.document import template_source as templates

from .conftest import ROOT, run_cli
from .docxread import q, xml


def make_repo(top: Path) -> Path:
    (top / "plans").mkdir(parents=True)
    for name in ("2014-qunzhong-luxian.yaml", "enterprise-types.yaml"):
        shutil.copy(ROOT / "plans" / name, top / "plans" / name)
    (top / ".git").mkdir()  # the catalogue search stops at a repository's top, as in real use
    return top


def test_the_root_is_the_folder_with_plangen_toml_else_the_nearest_with_plans(
    tmp_path: Path,
) -> None:
    deep = tmp_path / "office" / "plans" / "2024" / "drafts"
    deep.mkdir(parents=True)
    assert find_project(deep) == Project((tmp_path / "office").resolve())
    (tmp_path / "plangen.toml").write_text("", encoding="utf-8")
    assert find_project(deep) == Project(tmp_path.resolve())  # plangen.toml wins over plans/
    lone = tmp_path / "elsewhere"
    lone.mkdir()
    (tmp_path / "plangen.toml").unlink()
    assert find_project(lone) == Project(lone.resolve())  # nothing found: where we are


def test_paths_are_shown_from_where_the_person_stands(tmp_path: Path) -> None:
    root = tmp_path
    assert relative_to_here("plans/x.yaml", root, root) == "plans/x.yaml"
    (root / "plans").mkdir()
    (root / "docs").mkdir()
    assert relative_to_here("plans/x.yaml", root, root / "plans") == "x.yaml"
    assert relative_to_here("plans/x.yaml", root, root / "docs") == "../plans/x.yaml"


def test_every_command_works_from_a_subfolder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = make_repo(tmp_path / "office")
    (top / "notes").mkdir()
    monkeypatch.chdir(top / "plans")
    assert run_cli("validate").output == "检查了 2 个文件，没有发现问题。\n"
    built = run_cli("build")
    assert built.exit_code == 0, built.output
    assert "输出到 ../dist" in built.output
    assert len(list((top / "dist").rglob("*.docx"))) == 5  # dist/ at the root, not here
    assert not (top / "plans" / "dist").exists()
    assert run_cli("site").exit_code == 0
    assert (top / "dist" / "index.html").is_file()
    monkeypatch.chdir(top / "notes")
    assert run_cli("fmt", "--check").exit_code == 0
    plan = top / "plans" / "2014-qunzhong-luxian.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("2014-02-24", "2014-02-31", 1))
    bad = run_cli("validate")
    assert bad.exit_code == 1
    assert bad.output.startswith("../plans/2014-qunzhong-luxian.yaml:")  # openable from here


def test_documents_are_the_same_whichever_folder_builds_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = make_repo(tmp_path / "office")
    monkeypatch.chdir(top)
    assert run_cli("build", "-o", "one").exit_code == 0
    monkeypatch.chdir(top / "plans")
    assert run_cli("build", "-o", "../two").exit_code == 0
    one = sorted(p.relative_to(top / "one") for p in (top / "one").rglob("*") if p.is_file())
    assert one and one == sorted(
        p.relative_to(top / "two") for p in (top / "two").rglob("*") if p.is_file()
    )
    for rel in one:
        assert (top / "one" / rel).read_bytes() == (top / "two" / rel).read_bytes(), rel


def test_a_repository_template_overrides_the_packaged_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = make_repo(tmp_path / "office")
    monkeypatch.chdir(top / "plans")
    unpacked = run_cli("template", "unpack")  # no template yet: the default is copied out
    assert unpacked.exit_code == 0, unpacked.output
    own = top / "templates" / "official.docx"
    assert own.read_bytes() == templates.packaged().docx.read_bytes()
    assert run_cli("template", "check").exit_code == 0
    styles = top / "templates" / "src" / "official" / "word" / "styles.xml"
    styles.write_text(
        styles.read_text(encoding="utf-8").replace('w:line="579"', 'w:line="580"'),
        encoding="utf-8",
    )
    stale = run_cli("template", "check")
    assert stale.exit_code == 1
    assert "与源文件" in stale.output and "plangen template pack" in stale.output
    assert run_cli("template", "pack").exit_code == 0
    assert run_cli("template", "check").exit_code == 0
    assert run_cli("build").exit_code == 0
    docx = next((top / "dist").rglob("*.docx")).read_bytes()
    lines = {s.get(q("w:line")) for s in xml(docx, "word/styles.xml").iter(q("w:spacing"))}
    assert "580" in lines and "579" not in lines  # the restyled template was used


def test_template_commands_say_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = make_repo(tmp_path / "office")
    monkeypatch.chdir(top)
    result = run_cli("template", "check")
    assert result.exit_code == 1
    assert (
        result.output
        == "找不到模板的源文件夹 templates/src/official：先运行 plangen template unpack。\n"
    )
