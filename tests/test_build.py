"""plangen build as a user runs it: what it writes, that it is deterministic and atomic."""

from __future__ import annotations

import json
from pathlib import Path

from plangen.document import template_source as templates
from plangen.document.ooxml import package

from .conftest import run_cli
from .docxread import parts

SEED = "2014-qunzhong-luxian"
TITLE = "中共天水市企业工委关于在企业深入开展党的群众路线教育实践活动的实施方案"
EDITIONS = ["中央和省属企业", "市属企业", "市属国有参股企业", "非公企业"]


def test_build_writes_full_plan_and_every_edition(project: Path) -> None:
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    folder = project / "dist" / SEED
    expected = {f"{TITLE}.docx"} | {f"{TITLE}（{name}）.docx" for name in EDITIONS}
    assert {p.name for p in folder.iterdir()} == expected
    assert "生成了 5 个 Word 文件（1 份方案）" in result.output
    manifest = json.loads((project / "dist" / "manifest.json").read_text(encoding="utf-8"))
    assert [d["edition"] for d in manifest["documents"]] == [
        "full",
        "central-provincial",
        "city-owned",
        "city-equity",
        "non-public",
    ]
    first = manifest["documents"][0]
    assert first["plan"] == f"plans/{SEED}.yaml"
    assert first["number"] == "天企工委发〔2014〕3号"
    data = (project / "dist" / first["docx"]).read_bytes()
    assert first["docx_size"] == len(data)
    props = package.read_custom_properties(data)
    assert props["plangen.plan"] == f"plans/{SEED}.yaml"
    assert props["plangen.edition"] == "full"
    assert props["plangen.content_hash"] == first["content_hash"]
    assert props["plangen.version"]


def test_same_input_gives_byte_identical_output(project: Path) -> None:
    assert run_cli("build", "-o", "one").exit_code == 0
    assert run_cli("build", "-o", "two").exit_code == 0
    one = sorted((project / "one").rglob("*.*"))
    two = sorted((project / "two").rglob("*.*"))
    assert [p.relative_to(project / "one") for p in one] == [
        p.relative_to(project / "two") for p in two
    ]
    for a, b in zip(one, two, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_times_come_from_the_plan_or_source_date_epoch(project: Path) -> None:
    assert run_cli("build").exit_code == 0
    data = next((project / "dist" / SEED).glob("*.docx")).read_bytes()
    assert b"2014-02-24T00:00:00Z" in parts(data)["docProps/core.xml"]
    result = run_cli("build", "-o", "epoch", env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.exit_code == 0
    data = next((project / "epoch" / SEED).glob("*.docx")).read_bytes()
    assert b"2023-11-14T22:13:20Z" in parts(data)["docProps/core.xml"]


def test_failed_build_keeps_the_last_good_documents(project: Path) -> None:
    assert run_cli("build").exit_code == 0
    before = {p: p.read_bytes() for p in (project / "dist").rglob("*") if p.is_file()}
    plan = project / "plans" / f"{SEED}.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("本实施方案", "本实施方案\x01"), encoding="utf-8"
    )
    result = run_cli("build")
    assert result.exit_code == 1
    assert "[text.bad-char]" in result.output
    assert (
        result.output.splitlines()[-1] == "检查了 2 个文件：1 个错误，0 个警告。"
    )  # plan + catalogue
    after = {p: p.read_bytes() for p in (project / "dist").rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in (project / "dist").rglob("*.tmp")]


def test_packaged_template_matches_its_source() -> None:
    assert templates.is_current(templates.packaged()), "run: make templates"


def test_template_pack_and_unpack_round_trip(tmp_path: Path) -> None:
    templates.unpack(templates.packaged().docx, tmp_path / "src")
    repacked = templates.pack_bytes(tmp_path / "src")
    original = parts(templates.packaged().docx.read_bytes())
    again = parts(repacked)
    assert set(original) == set(again)
    from lxml import etree

    for name in original:
        a, b = etree.fromstring(original[name]), etree.fromstring(again[name])
        assert [e.text for e in a.iter() if e.text and e.text.strip()] == [
            e.text for e in b.iter() if e.text and e.text.strip()
        ], name
