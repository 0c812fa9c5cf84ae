"""plangen serve as a secretary runs it (a real process, stopped with Ctrl-C), and --watch."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest

from plangen.site.watch import Watcher, snapshot

from .conftest import ROOT
from .test_site import SEED, build_site

TIMEOUT = 20


def test_snapshot_sees_plans_and_ignores_editor_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yaml").write_text("bb", encoding="utf-8")
    (tmp_path / ".a.yaml.swp").write_text("x", encoding="utf-8")
    (tmp_path / "a.yaml~").write_text("x", encoding="utf-8")
    seen = snapshot(tmp_path)
    assert sorted(seen) == ["a.yaml", "sub/b.yaml"]
    assert seen["sub/b.yaml"][1] == 2


def test_the_watcher_reacts_once_to_a_change_and_survives_errors(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("one", encoding="utf-8")
    calls: list[float] = []
    errors: list[BaseException] = []
    changed = threading.Event()

    def on_change() -> None:
        calls.append(time.monotonic())
        changed.set()
        if len(calls) == 1:
            raise RuntimeError("the first rebuild fails")

    watcher = Watcher(tmp_path, on_change, errors.append, interval=0.05)
    watcher.start()
    try:
        time.sleep(0.2)
        assert calls == []  # nothing changed yet
        plan.write_text("two, longer", encoding="utf-8")
        assert changed.wait(TIMEOUT)
        time.sleep(0.3)
        assert len(calls) == 1 and [str(e) for e in errors] == ["the first rebuild fails"]
        changed.clear()
        (tmp_path / "new.yaml").write_text("three", encoding="utf-8")
        assert changed.wait(TIMEOUT)
        assert len(calls) == 2
    finally:
        watcher.stop()
    assert not watcher._thread.is_alive()


def _read_until(pattern: str, lines: list[str], start: int = 0) -> re.Match[str]:
    """Wait for a line from ``start`` on that matches (the reader thread fills ``lines``)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        for line in lines[start:]:
            found = re.search(pattern, line)
            if found:
                return found
        time.sleep(0.05)
    raise AssertionError(f"no line matching {pattern!r} in {lines}")


def _collect(stream: IO[str] | None, lines: list[str]) -> threading.Thread:
    def run() -> None:
        for line in stream or ():
            lines.append(line)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl-C is sent as SIGINT")
def test_serve_watch_rebuilds_and_ctrl_c_stops_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("plans", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    build_site()
    plangen = Path(sys.executable).with_name("plangen")
    process = subprocess.Popen(
        [str(plangen), "serve", "--watch", "--port", "0", "--host", "127.0.0.1"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUNBUFFERED": "1", "PLANGEN_LANG": "zh"},
    )
    lines: list[str] = []
    reader = _collect(process.stdout, lines)
    try:
        port = int(_read_until(r"下载页面已启动：http://127\.0\.0\.1:(\d+)/", lines)[1])
        _read_until(r"正在监视 plans", lines)
        plan = tmp_path / SEED
        text = plan.read_text(encoding="utf-8")
        seen = len(lines)
        plan.write_text(text.replace("不搞人人过关", "不搞人人过关、不设框框"), encoding="utf-8")
        _read_until(r"已重新生成 5 个文件", lines, seen)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        connection.request("GET", "/preview/2014-qunzhong-luxian.full.html")
        response = connection.getresponse()
        assert response.status == 200
        assert "不搞人人过关、不设框框" in response.read().decode("utf-8")
        connection.close()
        seen = len(lines)
        plan.write_text(text.replace("本实施方案", "本实施方案\x01"), encoding="utf-8")
        _read_until(r"重新生成失败，下载页面保持上一次的内容", lines, seen)
        assert any("[text.bad-char]" in line for line in lines)
        process.send_signal(signal.SIGINT)
        assert process.wait(TIMEOUT) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(TIMEOUT)
        reader.join(TIMEOUT)
        if process.stdout:
            process.stdout.close()
    output = "".join(lines)
    assert output.rstrip().endswith("已停止，下载页面不再提供。")
    assert "Traceback" not in output and "KeyboardInterrupt" not in output
