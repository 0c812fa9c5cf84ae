"""``plangen fmt``: canonical layout that never changes what a plan says, and ``--check``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from plangen.plan import yamlfmt
from plangen.plan.loader import load_bytes

from .conftest import CASES, ROOT, run_cli

MESSY = """\
# 注释在最前面
document:
    issuer: "中共天水市企业工作委员会"
    number: '天企工委发〔2014〕5号'
    recipients:
    - 各企业党委
    - "yes"
    copy_number: "000001"
    date: 2014-02-24   # 成文日期
body:
    lead: "为了测试，特制定本实施方案。这是第二句话，写得足够长足够长足够长，好让这一行超过五十个字的界限。第三句！"
    sections:
    -   kind: guiding_ideology
        text: >
            折叠的文字，
            第二行。
    -   kind: principles
        items:
        -   name: 坚持正面教育为主
            text: "第一句，很长很长很长很长很长很长很长很长很长很长很长很长很长。第二句。\\n\\n另一段。"
"""

CANONICAL = """\
# 注释在最前面
document:
  issuer: 中共天水市企业工作委员会
  number: 天企工委发〔2014〕5号
  recipients:
    - 各企业党委
    - 'yes'
  copy_number: '000001'
  date: 2014-02-24     # 成文日期
body:
  lead: |
    为了测试，特制定本实施方案。
    这是第二句话，写得足够长足够长足够长，好让这一行超过五十个字的界限。
    第三句！
  sections:
    - kind: guiding_ideology
      text: 折叠的文字， 第二行。
    - kind: principles
      items:
        - name: 坚持正面教育为主
          text: |
            第一句，很长很长很长很长很长很长很长很长很长很长很长很长很长。第二句。

            另一段。
"""


def loaded(text: str) -> Any:
    result = load_bytes(text.encode("utf-8"), "x.yaml")
    assert result.ok, result.diagnostics
    return result.data


def test_the_canonical_layout() -> None:
    """Comments stay (one at the end of a line keeps about its column: ruamel.yaml's choice)."""
    assert yamlfmt.format_yaml(MESSY) == CANONICAL


def plan_files() -> list[Path]:
    found = sorted((ROOT / "plans").glob("*.yaml"))
    found += sorted((CASES / "valid").glob("*/plan.yaml"))
    return [*found, ROOT / "tests" / "diffrepo" / "plan.yaml"]


@pytest.mark.parametrize("path", plan_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_formatting_keeps_the_meaning_and_is_stable(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    schema = yamlfmt.schema_for(path.name)
    once = yamlfmt.format_yaml(source, schema)
    assert yamlfmt.format_yaml(once, schema) == once
    assert yamlfmt.same_meaning(loaded(source), loaded(once), schema)


def test_same_meaning_joins_text_lines_and_nothing_else() -> None:
    assert yamlfmt.same_meaning({"body": {"lead": "甲。\n乙。\n"}}, {"body": {"lead": "甲。乙。"}})
    assert not yamlfmt.same_meaning(
        {"body": {"lead": "甲。\n\n乙。"}}, {"body": {"lead": "甲。乙。"}}
    )
    title = {"document": {"title": "甲\n乙"}}
    assert not yamlfmt.same_meaning(title, {"document": {"title": "甲乙"}})
    assert not yamlfmt.same_meaning(
        {"document": {"copy_number": "1"}}, {"document": {"copy_number": 1}}
    )


def test_the_messy_example_means_what_it_meant() -> None:
    assert yamlfmt.same_meaning(loaded(MESSY), loaded(CANONICAL))
    assert loaded(CANONICAL)["document"]["recipients"] == ["各企业党委", "yes"]


@pytest.mark.parametrize(
    ("line", "pieces"),
    [
        ("短句。短句。", ["短句。短句。"]),
        (
            "第一句话写得比较长一些，超过界限。" * 3 + "最后“一句”。",
            ["第一句话写得比较长一些，超过界限。"] * 3 + ["最后“一句”。"],
        ),
        (
            "他说：“" + "很长" * 20 + "。”然后走了。",
            ["他说：“" + "很长" * 20 + "。”", "然后走了。"],
        ),
        ("要求如下，写得足够长足够长足够长足够长足够长足够长足够长足够长：。1. 第一项。", None),
        ("**加粗的第一句。加粗的第二句" + "写得足够长" * 8 + "**。然后。", None),
        ("- 列表项第一句写得足够长足够长足够长足够长足够长足够长足够长足够长。第二句。", None),
    ],
)
def test_sentences_are_split_only_where_it_is_safe(line: str, pieces: list[str] | None) -> None:
    result = yamlfmt.split_sentences(line)
    assert "".join(result) == line
    if pieces is not None:
        assert result == pieces
    for piece in result[1:]:
        assert not piece.startswith(("1.", "- ", " ")), result
    if line.startswith("**"):
        assert result == [line[:-3], "然后。"]
    if line.startswith("- "):
        assert result == [line]


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "messy.yaml").write_text(MESSY, encoding="utf-8")
    (folder / "clean.yaml").write_text(CANONICAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def test_check_lists_what_is_not_canonical_and_writes_nothing(plans: Path) -> None:
    result = run_cli("fmt", "--check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "格式不规范：plans/messy.yaml"
    assert lines[1:3] == ["--- plans/messy.yaml", "+++ plans/messy.yaml"]  # says why
    assert '-    issuer: "中共天水市企业工作委员会"' in lines
    assert "+  issuer: 中共天水市企业工作委员会" in lines
    assert lines[-1] == "检查了 2 个文件：1 个格式不规范，运行 plangen fmt 可以整理。"
    assert (plans / "messy.yaml").read_text(encoding="utf-8") == MESSY


def test_fmt_writes_the_canonical_layout(plans: Path) -> None:
    result = run_cli("fmt", "plans")
    assert (result.exit_code, result.output) == (
        0,
        "已整理：plans/messy.yaml\n检查了 2 个文件，整理了 1 个。\n",
    )
    assert (plans / "messy.yaml").read_text(encoding="utf-8") == CANONICAL
    again = run_cli("fmt", "--check", "plans/messy.yaml")
    assert (again.exit_code, again.output) == (0, "检查了 1 个文件，格式都已规范。\n")


def test_files_that_do_not_load_are_reported_and_left_alone(plans: Path) -> None:
    broken = "document:\n  title: a\n  title: b\n"
    (plans / "broken.yaml").write_text(broken, encoding="utf-8")
    result = run_cli("fmt")
    assert result.exit_code == 1
    assert "plans/broken.yaml:3:3: 错误: 键“title”重复出现" in result.output
    assert (plans / "broken.yaml").read_text(encoding="utf-8") == broken


def test_a_change_of_meaning_is_never_written(plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        yamlfmt, "format_yaml", lambda text, schema: text.replace("第二句", "第三句")
    )
    result = run_cli("fmt", "plans/messy.yaml")
    assert result.exit_code == 1
    assert result.output.startswith(
        "plans/messy.yaml:1:1: 错误: 整理会改变文件的内容，因此没有改动这个文件"
    )
    assert (plans / "messy.yaml").read_text(encoding="utf-8") == MESSY


def test_the_shipped_plans_are_canonical(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("fmt", "--check", "plans")
    assert (result.exit_code, result.output) == (0, "检查了 2 个文件，格式都已规范。\n")


def test_a_day_that_does_not_exist_is_reported_not_a_traceback(plans: Path) -> None:
    broken = "document:\n  date: 2014-02-30\n"
    (plans / "broken.yaml").write_text(broken, encoding="utf-8")
    result = run_cli("fmt", "plans/broken.yaml")
    assert (result.exit_code, result.output) == (
        1,
        "plans/broken.yaml:1:1: 错误: 无法整理这个文件：其中有不存在的日期等读不出的值。"
        "请先运行 plangen validate，按提示改正后再整理。 [fmt.unreadable]\n"
        "检查了 1 个文件：1 个错误，0 个警告。\n",
    )
    assert (plans / "broken.yaml").read_text(encoding="utf-8") == broken


def test_fmt_keeps_the_line_ends_and_bom_the_file_had(plans: Path) -> None:
    messy = plans / "messy.yaml"
    messy.write_bytes(b"\xef\xbb\xbf" + MESSY.replace("\n", "\r\n").encode("utf-8"))
    assert run_cli("fmt").exit_code == 0
    data = messy.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a Windows editor's file stays one
    assert data.count(b"\r\n") == data.count(b"\n")  # every line still ends in CRLF
    assert data[3:].decode("utf-8").replace("\r\n", "\n") == CANONICAL
    assert run_cli("fmt", "--check").exit_code == 0


def test_a_file_the_round_trip_reader_cannot_take_is_reported_not_crashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A NEL (U+0085) inside a ``|`` block: PyYAML reads it as a line break, ruamel.yaml refuses
    the block (found by the property tests)."""
    (tmp_path / "plans").mkdir()
    text = (
        "document: {issuer: 某某局, title: 某某局实施方案, date: 2024-03-05}\n"
        "body:\n  sections:\n  - title: 甲\n    items:\n    - name: |-\n"
        "        '\x85        乙\n      text: 内容。\n"
    )
    (tmp_path / "plans" / "nel.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("fmt")
    assert result.exit_code == 1
    assert "[fmt.unreadable]" in result.output and "Traceback" not in result.output
    assert (tmp_path / "plans" / "nel.yaml").read_text(encoding="utf-8") == text
