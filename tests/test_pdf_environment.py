"""PDFs depend on the documents only: not on the machine's time zone or language."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
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


def test_the_pdf_says_chinese_and_names_the_plan(docx: Path, tmp_path: Path) -> None:
    """A screen reader reads the PDF as Chinese; its properties come from the plan, dated on the
    plan's date, whatever the machine's language."""
    target = tmp_path / "out.pdf"
    pdf.convert([docx], [target], [dt.datetime(2014, 2, 24, tzinfo=dt.UTC)], [])
    data = target.read_bytes()
    assert re.findall(rb"/Lang\(([^)]*)\)", data) == [b"zh-CN"]
    info = _info(data)
    assert info["Title"].startswith("中共天水市企业工委关于")
    assert info["Author"] == "中共天水市企业工作委员会"
    assert info["Subject"] == "天企工委发〔2014〕3号"
    assert b"/CreationDate(D:20140224000000" in data


def _info(data: bytes) -> dict[str, str]:
    """The PDF's document information, its UTF-16 strings decoded."""
    number = re.search(rb"/Info (\d+) 0 R", data)
    assert number is not None
    body = re.search(rb"\n" + number.group(1) + rb" 0 obj\s*<<(.*?)>>", data, re.S)
    assert body is not None
    return {
        key.decode(): bytes.fromhex(value.decode()).decode("utf-16")
        for key, value in re.findall(rb"/(\w+)<([0-9A-Fa-f]+)>", body.group(1))
    }


def test_normalise_names_the_language_without_moving_a_byte() -> None:
    """The language is replaced in place, so the cross-reference offsets stay valid."""
    data = b"%PDF-1.7\n1 0 obj <</Type/Catalog/Lang(en-US)>> endobj\nstartxref 9\n"
    done = pdf.normalise(data, dt.datetime(2014, 2, 24, tzinfo=dt.UTC))
    assert b"/Lang(zh-CN)" in done
    assert len(done) == len(data)
    assert done.index(b"startxref") == data.index(b"startxref")


def test_a_long_list_converts_in_batches_to_the_same_pdfs(
    docx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each batch is a LibreOffice process of its own, and gives the PDFs one run gives, byte
    for byte: the numbers LibreOffice gives the fonts it embeds (/UniqueID, counted per process)
    are replaced by ones of each font's own (pdf_fonts.py)."""
    sources = sorted(docx.parent.glob("*.docx"))
    assert len(sources) == 5
    moments = [dt.datetime(2014, 2, 24, tzinfo=dt.UTC)] * len(sources)
    runs: list[int] = []
    real = pdf._run

    def counting(command: list[str], *args: object, **kwargs: object) -> str:
        runs.append(sum(1 for part in command if part.endswith(".docx")))
        return real(command, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "_run", counting)
    whole = [tmp_path / "whole" / f"{n}.pdf" for n in range(len(sources))]
    pdf.convert(sources, whole, moments, [])
    monkeypatch.setattr(pdf, "BATCH", 2)
    batched = [tmp_path / "batched" / f"{n}.pdf" for n in range(len(sources))]
    pdf.convert(sources, batched, moments, [])
    assert runs == [5, 2, 2, 1]
    assert [_digest(p) for p in batched] == [_digest(p) for p in whole]


@pytest.mark.libreoffice
def test_a_pdf_is_the_same_alone_and_after_another(docx: Path, tmp_path: Path) -> None:
    """Incremental builds convert only the documents that changed: a PDF must not depend on
    what its LibreOffice process converted before it (the fonts' /UniqueID counts up in the
    process)."""
    other = min(p for p in docx.parent.glob("*.docx") if p != docx)
    moment = dt.datetime(2014, 2, 24, tzinfo=dt.UTC)
    alone, after = tmp_path / "alone.pdf", tmp_path / "after.pdf"
    pdf.convert([docx], [alone], [moment], [])
    pdf.convert([other, docx], [tmp_path / "other.pdf", after], [moment, moment], [])
    assert _digest(after) == _digest(alone)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
