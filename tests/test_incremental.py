"""Incremental builds: a rebuild takes unchanged documents from the last build, renders the
changed ones, and writes exactly the bytes a cold build would."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from plangen.document import incremental, produce, titles
from plangen.document import pdf as pdfs

from .conftest import ROOT, run_cli

SEED = "2014-qunzhong-luxian"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two plans (the shipped one and a copy in a folder of its own) and the templates."""
    for folder in ("plans", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "plans" / "more").mkdir()
    shutil.copy(tmp_path / "plans" / f"{SEED}.yaml", tmp_path / "plans" / "more" / "copy.yaml")
    (tmp_path / ".git").mkdir()  # the catalogue search stops at the repository root
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The title of every document rendered (not reused), in order."""
    seen: list[str] = []
    real = produce.render_docx

    def counting(document: Any, *args: Any) -> bytes:
        seen.append(document.file_stem)
        return real(document, *args)

    monkeypatch.setattr(produce, "render_docx", counting)
    return seen


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its relative name."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def build(*args: str, env: dict[str, str] | None = None) -> None:
    result = run_cli("build", *args, env=env)
    assert result.exit_code == 0, result.output


def test_rebuilds_are_byte_identical_to_a_cold_build(project: Path, renders: list[str]) -> None:
    build("-o", "dist")
    assert len(renders) == 10
    cold = files(project / "dist")
    renders.clear()
    build("-o", "dist")
    assert renders == []  # nothing changed: nothing rendered
    assert files(project / "dist") == cold
    copy = project / "plans" / "more" / "copy.yaml"
    copy.write_text(
        copy.read_text(encoding="utf-8").replace(
            "title: 中共天水市企业工委关于在企业深入", "title: 中共天水市企业工委关于在企业扎实"
        ),
        encoding="utf-8",
    )
    build("-o", "dist")
    assert len(renders) == 5  # the changed plan's documents, and only those
    assert all("扎实" in name for name in renders)
    renders.clear()
    build("-o", "fresh", "--force")
    assert len(renders) == 10
    assert files(project / "dist") == files(project / "fresh")
    assert files(project / "dist") != cold


def test_previews_of_unchanged_documents_are_taken_from_the_last_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Turning plan text into a preview's HTML is most of a no-op rebuild's time: a document
    taken from the last build takes its preview page too — unless the page around the text
    changed (here: the language), and the result is the bytes a cold build writes."""
    from plangen.site import make

    build("-o", "dist")
    cold = files(project / "dist")
    previewed: list[str] = []
    real = make.document_html

    def counting(document: Any) -> str:
        previewed.append(document.key)
        return real(document)

    monkeypatch.setattr(make, "document_html", counting)
    build("-o", "dist")
    assert previewed == [] and files(project / "dist") == cold
    build("-o", "dist", env={"PLANGEN_LANG": "en"})
    assert len(previewed) == 10  # other words around the text: made again
    build("-o", "dist")
    assert len(previewed) == 20 and files(project / "dist") == cold


def test_force_renders_everything(project: Path, renders: list[str]) -> None:
    build()
    renders.clear()
    build("--force")
    assert len(renders) == 10


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "plangen.toml").write_text('[fonts]\nbody = "仿宋"\n', "utf-8"),
        lambda root: (root / "plans" / "enterprise-types.yaml").write_text(
            (root / "plans" / "enterprise-types.yaml").read_text("utf-8") + "# 注\n", "utf-8"
        ),
    ],
    ids=["fonts", "catalogue"],
)
def test_settings_and_catalogue_rebuild_everything(
    project: Path, renders: list[str], change: Callable[[Path], object]
) -> None:
    build("-o", "dist")
    change(project)
    renders.clear()
    build("-o", "dist")
    assert len(renders) == 10
    build("-o", "fresh", "--force")
    assert files(project / "dist") == files(project / "fresh")


def test_source_date_epoch_is_part_of_the_key(project: Path, renders: list[str]) -> None:
    build("-o", "dist")
    renders.clear()
    build("-o", "dist", env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert len(renders) == 10
    renders.clear()
    build("-o", "dist", env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert renders == []


def test_a_document_changed_on_disk_is_rendered_again(project: Path, renders: list[str]) -> None:
    build("-o", "dist")
    cold = files(project / "dist")
    manifest = json.loads((project / "dist" / "manifest.json").read_text(encoding="utf-8"))
    tampered = project / "dist" / manifest["documents"][0]["docx"]
    tampered.write_bytes(tampered.read_bytes() + b"\0")
    (project / "dist" / manifest["documents"][1]["docx"]).unlink()
    renders.clear()
    build("-o", "dist")
    assert len(renders) == 2
    assert files(project / "dist") == cold


def test_pdfs_are_reused_with_their_documents(
    project: Path, renders: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    converted: list[str] = []

    def convert(docx: list[Path], targets: list[Path], *_: object) -> dict[str, str]:
        for source, target in zip(docx, targets, strict=True):
            converted.append(source.name)
            target.write_bytes(b"%PDF " + source.read_bytes()[-40:])
        return {}

    monkeypatch.setattr(pdfs, "convert", convert)
    monkeypatch.setattr(pdfs, "stand_ins", lambda names: {})
    build("-o", "dist", "--pdf")
    assert len(converted) == 10
    first = files(project / "dist")
    manifest = json.loads(first["manifest.json"])
    assert all(d["pdf_sha256"] for d in manifest["documents"])
    converted.clear()
    build("-o", "dist", "--pdf")
    assert converted == []
    assert files(project / "dist") == first
    copy = project / "plans" / "more" / "copy.yaml"
    copy.write_text(copy.read_text(encoding="utf-8") + "# 改\n", encoding="utf-8")
    build("-o", "dist", "--pdf")
    assert len(converted) == 5


@pytest.fixture
def loaded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every file loaded (read as YAML), in order."""
    from plangen.plan import validate

    seen: list[str] = []
    real = validate.load_file

    def counting(path: Path, display: str | None = None) -> Any:
        seen.append(path.name)
        return real(path, display)

    monkeypatch.setattr(validate, "load_file", counting)
    return seen


def test_a_plan_nothing_of_which_changed_is_not_even_loaded(
    project: Path, loaded: list[str]
) -> None:
    build("-o", "dist")
    assert sorted(loaded) == sorted(["copy.yaml", f"{SEED}.yaml", "enterprise-types.yaml"])
    loaded.clear()
    _edit(project / "plans" / "more" / "copy.yaml")
    build("-o", "dist")
    assert sorted(loaded) == ["copy.yaml", "enterprise-types.yaml"]  # and its catalogue
    build("-o", "fresh", "--force")
    assert files(project / "dist") == files(project / "fresh")


def _edit(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "# 改\n", encoding="utf-8")


def test_a_name_taken_by_a_plan_of_the_last_build_is_reported_on_the_new_plan(
    project: Path,
) -> None:
    """plans/x.yaml and plans/x.yml are written to the same folder: the one taken whole from
    the last build keeps its names, the new one is told, at its title."""
    build("-o", "dist")
    shutil.copy(project / "plans" / f"{SEED}.yaml", project / "plans" / f"{SEED}.yml")
    result = run_cli("build", "-o", "dist")
    assert result.exit_code == 1
    assert f"plans/{SEED}.yml:" in result.output and "[file-name]" in result.output
    assert f"plans/{SEED}.yaml:" not in result.output


def test_an_official_build_checks_plans_the_last_build_took_as_drafts(project: Path) -> None:
    seed = project / "plans" / f"{SEED}.yaml"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("document:\n", "document:\n  status: 征求意见稿\n", 1), "utf-8")
    build("-o", "dist")
    result = run_cli("build", "-o", "dist", "--official")
    assert result.exit_code == 1
    assert "[official.draft]" in result.output


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names synced files from /proc")
def test_without_hard_links_or_syncfs_the_same_set_is_written(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the file system cannot link (some network or FAT drives) the last set's files are
    written again, and where there is no syncfs (not Linux) every file is synced on its own:
    the same set either way."""
    import os

    from plangen.core import writer

    build("-o", "dist")
    _edit(project / "plans" / "more" / "copy.yaml")
    shutil.copytree(project / "dist", project / "copied")  # its own files, not links

    def no_link(source: object, target: object) -> None:
        raise OSError(1, "Operation not permitted")

    synced: list[str] = []
    real_fsync = os.fsync

    def counting_fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "link", no_link)
    monkeypatch.setattr(writer, "_syncfs", lambda folder: False)
    monkeypatch.setattr(os, "fsync", counting_fsync)
    build("-o", "copied")
    build("-o", "fresh", "--force")
    assert files(project / "copied") == files(project / "fresh")
    assert all(p.stat().st_nlink == 1 for p in (project / "copied").rglob("*.docx"))
    assert any(name.endswith(".docx") for name in synced)  # each file synced on its own


@pytest.fixture
def new_process(monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """Forget every title cut, as a new plangen run has none; returns a function that does so
    again and from then on records each text the dictionary is asked to cut."""
    real = titles.segmenter
    cut: list[str] = []

    class Recording:
        def cut(self, text: str) -> list[str]:
            cut.append(text)
            return list(real().cut(text))

    def again() -> list[str]:
        monkeypatch.setattr(titles, "_ENDS", {})
        monkeypatch.setattr(titles, "segmenter", Recording)
        return cut

    monkeypatch.setattr(titles, "_ENDS", {})
    return again


def test_a_rebuild_takes_the_titles_word_cuts_from_the_last_build(
    project: Path, new_process: Callable[[], list[str]]
) -> None:
    """Reading jieba's dictionary is a fifth of rebuilding one plan: the manifest keeps the
    cuts of the titles, and an edit that keeps them reads no dictionary, to the same bytes."""
    build("-o", "dist")
    manifest = json.loads((project / "dist" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["segmenter"] == incremental.segmenter()
    words = {t: e for d in manifest["documents"] for t, e in d.get("title_words", {}).items()}
    assert len(words) == 2  # the title and the attachment's, each on one document of a plan
    assert words[
        "中共天水市企业工委关于在企业深入开展党的群众路线教育实践活动的实施方案"
    ].startswith("2 5 7 ")
    cut = new_process()
    _edit(project / "plans" / "more" / "copy.yaml")
    build("-o", "dist")
    assert cut == []
    new_process()
    build("-o", "fresh", "--force")  # --force: nothing from the last build
    assert cut
    assert files(project / "dist") == files(project / "fresh")


def test_cuts_made_with_another_dictionary_or_mangled_are_not_taken(
    project: Path, new_process: Callable[[], list[str]]
) -> None:
    build("-o", "dist")
    path = project / "dist" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["segmenter"] = "rjieba 0.0.1"
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    cut = new_process()
    _edit(project / "plans" / "more" / "copy.yaml")
    build("-o", "dist")
    assert cut  # cut again, with this build's dictionary
    taken = incremental.title_words(
        {
            ("p", "full"): {
                "title_words": {"二字": "1 2", "坏": "1 x", "也坏": 2, "": "", "负": "-1"}
            }
        }
    )
    assert taken == {"二字": (1, 2)}
    new_process()
    titles.remember({**taken, "长度不对": (1, 9), "乱序": (2, 1, 2)})
    assert set(titles._ENDS) == {"二字"}
