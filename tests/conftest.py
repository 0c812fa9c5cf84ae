"""Shared fixtures: the project root, a CLI runner that calls the real entry point."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from plangen.cli import base, cli

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture(autouse=True, scope="session")
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Code compiled once (``core.cache``) is kept in the test run's own folder, for every test
    and every plangen a test starts, never in the developer's cache."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get(base.CACHE_ENVIRONMENT)
    os.environ[base.CACHE_ENVIRONMENT] = str(folder)
    yield folder
    if before is None:
        del os.environ[base.CACHE_ENVIRONMENT]
    else:
        os.environ[base.CACHE_ENVIRONMENT] = before


@pytest.fixture(autouse=True)
def chinese_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in the default language, whatever the developer's environment says."""
    monkeypatch.delenv("PLANGEN_LANG", raising=False)
    base._Asked.lang = None
    yield
    base._Asked.lang = None


def run_cli(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run ``plangen ARGS`` in-process, through the same error handling as the console script."""
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def plangen() -> object:
    return run_cli


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of this repository's plans and templates, as a drafter's checkout would have; the
    current folder is its top (a ``.git`` marks it: the catalogue search stops there)."""
    for folder in ("plans", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@contextlib.contextmanager
def serving(running: Any) -> Iterator[int]:
    """Run a server made by ``serve.make_server`` in a thread; its port. Stopped on the way out."""
    thread = threading.Thread(target=running.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield int(running.server_address[1])
    finally:
        running.shutdown()
        running.server_close()
        thread.join(10)
