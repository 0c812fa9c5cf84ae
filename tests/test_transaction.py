"""A build is a transaction: the output folder holds the last complete set whatever happens
while the next one is written — a full disk, Ctrl-C, a killed process, a second build."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from plangen.core import transaction
from plangen.core.project import Project, find_project
from plangen.document import build as builder
from plangen.site import make as site
from plangen.site import staged as page

from .conftest import ROOT, run_cli

SEED = "2014-qunzhong-luxian"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


#: the download page, written in the same transaction as the documents but not in the manifest
PAGE = (site.INDEX, f"{site.PREVIEWS}/", f"{site.BUNDLES}/")


def assert_whole(dist: Path) -> None:
    """The manifest describes exactly the files present (besides the page, which links every one
    of them), byte for byte; nothing half-written, and nothing left beside the folder."""
    assert_matches_manifest(dist)
    assert not list(dist.parent.glob(".plangen-*"))  # no staging, old set or lock left


def assert_matches_manifest(dist: Path) -> None:
    """The manifest describes exactly the files present (besides the page, which links every one
    of them), byte for byte."""
    everything = snapshot(dist)
    files = {name: data for name, data in everything.items() if not name.startswith(PAGE)}
    manifest = json.loads(files.pop("manifest.json"))
    listed = {d["docx"]: d for d in manifest["documents"]}
    if site.INDEX in everything:  # made with the set from the manifest, in the same transaction
        assert all(_quoted(name) in everything[site.INDEX] for name in listed)
    assert set(files) == set(listed) | {d["pdf"] for d in manifest["documents"] if "pdf" in d}
    for name, entry in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == entry["docx_sha256"]


def _quoted(name: str) -> bytes:
    from urllib.parse import quote

    return quote(name).encode("ascii")


def failing_on(nth: int, fault: Callable[[], None]) -> Callable[..., None]:
    """A ``put_staged`` that puts ``nth - 1`` files, then fails with ``fault``."""
    calls = []
    real = builder.put_staged

    def write(path: Path, data: bytes, last: Path | None = None) -> None:
        calls.append(path)
        if len(calls) == nth:
            fault()
        real(path, data, last)

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


def disk_full(*args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def assert_refused(result: Result, reason: str, out: str = "dist") -> None:
    """The build stopped, saying why it could not write ``out``."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.strip() == (
        f"无法写入输出文件夹 {out}：{reason}。上次生成的文件保持原样，没有写入任何新文件。"
    )


def test_full_disk_keeps_the_last_set(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("build").exit_code == 0
    before = snapshot(project / "dist")
    changed_plan(project)
    monkeypatch.setattr(builder, "put_staged", failing_on(3, disk_full))
    assert_refused(run_cli("build"), "磁盘空间已满")
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

    monkeypatch.setattr(builder, "put_staged", failing_on(2, ctrl_c))
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


#: ``plangen build`` in its own process, killed (SIGKILL) where a patch put before it says
KILLED = """
import os, signal, sys
{patch}
from plangen.cli import cli
sys.argv = ["plangen", "build"]
cli.main()
"""

#: killed as it writes the third file of the staged set
WHILE_WRITING = """
from plangen.document import build
real, calls = build.put_staged, []
def write(path, data, last=None):
    calls.append(path)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    real(path, data, last)
build.put_staged = write
"""

#: killed the instant after the staged set and the output folder swapped places
AFTER_THE_SWAP = """
from plangen.core import transaction
real = transaction._exchange
def exchange(a, b):
    if real(a, b):
        os.kill(os.getpid(), signal.SIGKILL)
    return False
transaction._exchange = exchange
"""


def run_killed(project: Path, patch: str) -> int:
    """Run ``plangen build`` in ``project`` with ``patch`` applied first; its exit code."""
    script = KILLED.format(patch=patch)
    return subprocess.run([sys.executable, "-c", script], cwd=project, check=False).returncode


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_build_leaves_the_last_set_and_the_next_cleans_up(project: Path) -> None:
    assert run_cli("build").exit_code == 0
    before = snapshot(project / "dist")
    changed_plan(project)
    assert run_killed(project, WHILE_WRITING) == -signal.SIGKILL
    assert snapshot(project / "dist") == before
    left = sorted(p.name for p in project.glob(".plangen-*"))
    assert left == [".plangen-dist.lock", f".plangen-staging-dist-{_pid(project)}"]
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    assert snapshot(project / "dist") != before
    assert_whole(project / "dist")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_killed_right_after_the_swap_the_new_set_is_in_place(project: Path) -> None:
    """With the folders swapped in one step there is no instant without an output folder: killed
    right after it, the new set is in place and the staging folder holds the old one."""
    assert run_cli("build").exit_code == 0
    before = snapshot(project / "dist")
    changed_plan(project)
    code = run_killed(project, AFTER_THE_SWAP)
    if code == 0:
        pytest.skip("this file system cannot swap two folders in one step (RENAME_EXCHANGE)")
    assert code == -signal.SIGKILL
    assert_matches_manifest(project / "dist")
    after = snapshot(project / "dist")
    assert after != before
    assert snapshot(project / f".plangen-staging-dist-{_pid(project)}") == before
    assert run_cli("build").exit_code == 0
    assert snapshot(project / "dist") == after
    assert_whole(project / "dist")


def test_without_the_swap_two_renames_switch_the_set(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where folders cannot be swapped in one step (macOS, Windows, a file system without it)."""
    monkeypatch.setattr(transaction, "_exchange", lambda a, b: False)
    assert run_cli("build").exit_code == 0
    before = snapshot(project / "dist")
    changed_plan(project)
    assert run_cli("build").exit_code == 0
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
    assert_refused(run_cli("build"), "没有写入权限")


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


def test_a_set_that_cannot_be_synced_is_not_switched_in(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("build").exit_code == 0
    before = snapshot(project / "dist")
    changed_plan(project)

    def sync_tree(folder: Path) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(transaction, "sync_tree", sync_tree)
    result = run_cli("build")
    assert result.exit_code == 1
    assert snapshot(project / "dist") == before
    assert_whole(project / "dist")


def test_a_lock_whose_pid_cannot_be_written_is_not_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk lets the lock file be made but not its pid written: left empty, no build could
    tell its writer is gone, and every later one would wait for it and refuse."""

    def full(fd: int, *args: object, **kwargs: object) -> None:
        os.close(fd)
        disk_full()

    monkeypatch.setattr(os, "fdopen", full)
    with pytest.raises(OSError):
        transaction._try_lock(tmp_path / ".plangen-dist.lock")
    monkeypatch.undo()
    assert not list(tmp_path.iterdir())


def test_an_empty_lock_left_long_ago_is_taken_over(project: Path) -> None:
    """A build killed between making its lock and writing its pid in it left an empty lock."""
    assert run_cli("build").exit_code == 0
    lock = project / ".plangen-dist.lock"
    lock.write_bytes(b"")
    past = lock.stat().st_mtime - transaction.EMPTY_LOCK_AGE - 1
    os.utime(lock, (past, past))
    changed_plan(project)
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    assert_whole(project / "dist")


def test_an_empty_lock_just_made_is_waited_for(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Empty for an instant is a live writer about to write its pid: not taken over."""
    assert run_cli("build").exit_code == 0
    (project / ".plangen-dist.lock").write_bytes(b"")
    monkeypatch.setattr(transaction, "LOCK_WAIT", 0.3)
    result = run_cli("build")
    assert result.exit_code == 1
    assert result.output.startswith("另一个 plangen（进程 ?）正在写入 dist")


def test_a_full_disk_while_writing_the_page_names_the_output_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page is written into the staged folder too; its failure named that folder
    (.plangen-staging-dist-<pid>), which the drafter never sees."""
    assert run_cli("build").exit_code == 0
    before = snapshot(project / "dist")
    changed_plan(project)
    monkeypatch.setattr(page, "put_staged", disk_full)  # how a build writes its page
    assert_refused(run_cli("build"), "磁盘空间已满")
    assert snapshot(project / "dist") == before
    assert_whole(project / "dist")
