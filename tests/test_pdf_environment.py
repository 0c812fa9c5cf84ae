"""PDFs depend on the documents only: not on the machine's time zone or language."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from plangen.document import pdf

from .conftest import ROOT, run_cli

pytestmark = pytest.mark.skipif(pdf.soffice() is None, reason="LibreOffice is not installed")


@pytest.fixture
def docx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    assert run_cli("build").exit_code == 0
    return min((tmp_path / "dist").rglob("*（非公企业）.docx"))


def test_the_same_pdf_in_every_time_zone_and_language(
    docx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moment = dt.datetime(2014, 3, 1, tzinfo=dt.UTC)
    made = []
    for zone, language in (
        ("Asia/Shanghai", "zh_CN.UTF-8"),
        ("America/Los_Angeles", "de_DE.UTF-8"),
    ):
        monkeypatch.setenv("TZ", zone)
        monkeypatch.setenv("LANG", language)
        monkeypatch.setenv("LC_TIME", language)
        target = tmp_path / f"{zone.replace('/', '-')}.pdf"
        pdf.convert([docx], [target], [moment], [])
        made.append(target.read_bytes())
    assert made[0] == made[1]


def test_the_child_has_a_fixed_zone_and_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    monkeypatch.setenv("LC_TIME", "de_DE.UTF-8")
    env = pdf._child_env(tmp_path / "fonts.conf", tmp_path)
    assert (env["TZ"], env["LANG"], env["LC_ALL"]) == ("UTC", "C.UTF-8", "C.UTF-8")
    assert "LC_TIME" not in env
