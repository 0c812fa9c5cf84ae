"""A build is a transaction: the output folder holds the last complete set whatever happens
while the next one is written — a full disk, Ctrl-C, a killed process, a second build."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from plangen.core import transaction
from plangen.core.project import Project, find_project
from plangen.document import build as builder

from .conftest import ROOT, run_cli

SEED = "2014-qunzhong-luxian"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ("plans", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def assert_whole(dist: Path) -> None:
    """The manifest describes exactly the files present, byte for byte; nothing half-written."""
    files = snapshot(dist)
    manifest = json.loads(files.pop("manifest.json"))
    # the download page (made from the manifest, in the same transaction) is not in the manifest
    files = {
        name: data
        for name, data in files.items()
        if name != "index.html" and not name.startswith(("preview/", "zip/"))
    }
    listed = {d["docx"]: d for d in manifest["documents"]}
    assert set(files) == set(listed) | {d["pdf"] for d in manifest["documents"] if "pdf" in d}
    for name, entry in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == entry["docx_sha256"]
    assert not list(dist.parent.glob(".plangen-*"))  # no staging, old set or lock left


def failing_on(nth: int, fault: Callable[[], None]) -> Callable[[Path, bytes], None]:
    """A ``write_atomic`` that writes ``nth - 1`` files, then fails with ``fault``."""
    calls = []
    real = builder.write_atomic

    def write(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == nth:
            fault()
        real(path, data)

    return write


def changed_plan(project: Path) -> None:
    plan = project / "plans" / f"{SEED}.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("本实施方案", "本方案"), encoding="utf-8"
    )


def test_files_an_earlier_build_made_are_gone(project: Path) -> None:
    assert run_cli("build").exit_code == 0
    (project / "dist" / "old-plan").mkdir()
    (project / "dist" / "old-plan" / "旧方案.docx").write_bytes(b"old")
    (project / "dist" / f".{SEED}.docx.abc.tmp").write_bytes(b"half")
    assert run_cli("build").exit_code == 0
    assert not (project / "dist" / "old-plan").exists()
    assert_whole(project / "dist")


def test_full_disk_keeps_the_last_set(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("build").exit_code == 0
    before = snapshot(project / "dist")
    changed_plan(project)

    def full() -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(builder, "write_atomic", failing_on(3, full))
    result = run_cli("build")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip() == (
        "无法写入输出文件夹 dist：磁盘空间已满。上次生成的文件保持原样，没有写入任何新文件。"
    )
    assert snapshot(project / "dist") == before
    assert_whole(project / "dist")


def test_ctrl_c_while_writing_keeps_the_last_set(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("build").exit_code == 0
    before = snapshot(project / "dist")
    changed_plan(project)

    def ctrl_c() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(builder, "write_atomic", failing_on(2, ctrl_c))
    result = run_cli("build")
    assert result.exit_code == 130
    assert result.output.strip() == "已中断：输出文件夹保持上次生成的样子，没有写入一半的文件。"
    assert snapshot(project / "dist") == before
    assert_whole(project / "dist")


def test_ctrl_c_while_rendering_touches_nothing(project: Path) -> None:
    assert run_cli("build").exit_code == 0
    before = snapshot(project / "dist")

    def progress(name: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        builder.build([project / "plans"], project / "dist", _project(project), progress)
    assert snapshot(project / "dist") == before
    assert_whole(project / "dist")


def _project(root: Path) -> Project:
    return find_project(root, None)


KILLER = """
import os, signal, sys
from plangen.document import build
real, calls = build.write_atomic, []
def write(path, data):
    calls.append(path)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    real(path, data)
build.write_atomic = write
from plangen.cli import cli
sys.argv = ["plangen", "build"]
cli.main()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_build_leaves_the_last_set_and_the_next_cleans_up(project: Path) -> None:
    assert run_cli("build").exit_code == 0
    before = snapshot(project / "dist")
    changed_plan(project)
    killed = subprocess.run([sys.executable, "-c", KILLER], cwd=project, check=False)
    assert killed.returncode == -signal.SIGKILL
    assert snapshot(project / "dist") == before
    left = sorted(p.name for p in project.glob(".plangen-*"))
    assert left == [".plangen-dist.lock", f".plangen-staging-dist-{_pid(project)}"]
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    assert snapshot(project / "dist") != before
    assert_whole(project / "dist")


def _pid(project: Path) -> str:
    return (project / ".plangen-dist.lock").read_text().strip()


def test_a_second_build_waits_then_refuses(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("build").exit_code == 0
    before = snapshot(project / "dist")
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (project / ".plangen-dist.lock").write_text(f"{holder.pid}\n")
        monkeypatch.setattr(transaction, "LOCK_WAIT", 0.3)
        result = run_cli("build")
        assert result.exit_code == 1
        assert result.output.strip() == (
            f"另一个 plangen（进程 {holder.pid}）正在写入 dist，等待后仍未结束：请等它完成后再运行。"
        )
        assert snapshot(project / "dist") == before
    finally:
        holder.kill()
        holder.wait()
    assert run_cli("build").exit_code == 0  # the holder is gone: its lock is taken over
    assert_whole(project / "dist")


def test_two_builds_at_once_never_interleave(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "generator")}
    command = [sys.executable, "-m", "plangen", "build"]
    runs = [
        subprocess.Popen(
            command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(3)
    ]
    outcomes = [(run.wait(), run.communicate()) for run in runs]
    for code, (out, err) in outcomes:
        assert b"Traceback" not in out + err
        assert code == 0 or "另一个 plangen" in err.decode()
    assert any(code == 0 for code, _ in outcomes)
    assert_whole(project / "dist")


def test_a_file_where_the_output_folder_should_be(project: Path) -> None:
    (project / "dist").write_text("not a folder")
    result = run_cli("build")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "路径上有同名的文件，而这里需要文件夹" in result.output
    assert (project / "dist").read_text() == "not a folder"
    assert not list(project.glob(".plangen-*"))


def test_an_unwritable_output_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(transaction, "_try_lock", denied)
    result = run_cli("build")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "无法写入输出文件夹 dist：没有写入权限。上次生成的文件保持原样，没有写入任何新文件。"
    )


def test_site_after_build_keeps_the_set_whole(project: Path) -> None:
    assert run_cli("build").exit_code == 0
    assert run_cli("site").exit_code == 0
    assert (project / "dist" / "index.html").is_file()
    assert not list(project.glob(".plangen-*"))


@pytest.mark.parametrize("out", ["plans", "."])
def test_an_output_folder_holding_the_plans_is_refused(project: Path, out: str) -> None:
    result = run_cli("build", "-o", out)
    assert result.exit_code == 1
    assert result.output.startswith(f"输出文件夹 {out} 包含方案或方案仓库")
    assert sorted(p.name for p in (project / "plans").iterdir()) == [
        f"{SEED}.yaml",
        "enterprise-types.yaml",
    ]


def test_a_folder_of_other_files_is_never_replaced(project: Path) -> None:
    (project / "notes").mkdir()
    (project / "notes" / "记录.txt").write_text("不是 plangen 的文件", encoding="utf-8")
    result = run_cli("build", "-o", "notes")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "输出文件夹 notes 中已有文件，但不是 plangen 生成的（没有 manifest.json）：生成时整个输出文件夹会被替换，"
        "为免误删，没有写入。请换一个空文件夹，或确认后删除其中的文件。"
    )
    assert [p.name for p in (project / "notes").iterdir()] == ["记录.txt"]
    (project / "empty").mkdir()
    assert run_cli("build", "-o", "empty").exit_code == 0
    assert_whole(project / "empty")


def test_killed_between_the_two_renames_the_old_set_comes_back(project: Path) -> None:
    assert run_cli("build").exit_code == 0
    before = snapshot(project / "dist")
    # what a build killed between its two renames leaves: the old set aside, the new one staged
    dead = 2**22 + 12345  # above Linux's default pid_max: no such process
    (project / "dist").rename(project / f".plangen-old-dist-{dead}")
    (project / f".plangen-staging-dist-{dead}").mkdir()
    (project / f".plangen-staging-dist-{dead}" / "half.docx").write_bytes(b"half")
    (project / ".plangen-dist.lock").write_text(f"{dead}\n")
    result = run_cli("site")  # any writer that takes the lock puts the old set back first
    assert result.exit_code == 0, result.output
    after = snapshot(project / "dist")
    assert {k: v for k, v in after.items() if k in before} == before
    assert not list(project.glob(".plangen-*"))
