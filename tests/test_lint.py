"""``plangen lint``: each rule at the right line and column, on the seed's own text, and
``--fix`` rewriting only the offending characters."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from plangen.plan.lint import LintConfig, numbers, pinyin, punctuation, terms
from plangen.plan.lint.config import config_from
from plangen.plan.lint.fixer import fix_text
from plangen.plan.lint.runner import findings

from .conftest import CASES, ROOT, run_cli

SEED = CASES / "lint" / "seed"


def rules(text: str) -> list[tuple[int, int, str, str | None]]:
    """(line, col, rule, fix) of every finding in a YAML text."""
    from plangen.plan.lint.textmap import Lines

    lines = Lines(text)
    out = []
    for placed in findings(text, LintConfig()):
        f = placed.finding
        out.append((*lines.position(placed.value.index(f.start)), f.rule, f.fix))
    return out


def test_seed_case_exact_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SEED)
    result = run_cli("lint", "plan.yaml")
    assert result.exit_code == 1
    assert result.output == (SEED / "expected.txt").read_text(encoding="utf-8")


def test_seed_case_fix_touches_only_the_offending_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(SEED / "plan.yaml", tmp_path / "plan.yaml")
    monkeypatch.chdir(tmp_path)
    result = run_cli("lint", "--fix", "plan.yaml")
    assert result.output.startswith("已修正 plan.yaml：42 处。\n")
    assert result.exit_code == 1  # the fixed term, the hand-typed number, the lone （ remain
    fixed = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    assert fixed == (SEED / "fixed.yaml").read_text(encoding="utf-8")
    before = (SEED / "plan.yaml").read_text(encoding="utf-8").split("\n")
    changed = [
        n for n, (a, b) in enumerate(zip(before, fixed.split("\n"), strict=True), 1) if a != b
    ]
    assert changed == [5, 13, 15, 18, 19, 20]
    assert "# 注释保留" in fixed.split("\n")[17]


def test_block_scalar_positions() -> None:
    text = "body:\n  lead: |  # 导语\n    第一行。\n\n      缩进的第二段,市企业工委\n"
    assert rules(text) == [(5, 13, "punct.halfwidth", "，")]


def test_folded_plain_and_quoted_positions() -> None:
    folded = "a: >\n  第一行\n  精神,市委\n"
    assert rules(folded) == [(3, 5, "punct.halfwidth", "，")]
    plain = "a: 第一行\n  精神,市委\n"
    assert rules(plain) == [(2, 5, "punct.halfwidth", "，")]
    escaped = 'a: "\\u4e2d文,市委"\n'  # the escape stands for one character
    assert rules(escaped) == [(1, 12, "punct.halfwidth", "，")]


def test_halfwidth_only_beside_chinese() -> None:
    assert [f.fix for f in punctuation.halfwidth("精神, 市企业工委")] == ["，"]
    assert list(punctuation.halfwidth("会议于9:30开始，网址 http://x.cn")) == []
    found = list(punctuation.halfwidth("力争不留盲点(二)!"))
    assert [f.fix for f in found] == ["（", "）", "！"]


def test_quotes_and_ellipsis() -> None:
    found = list(punctuation.quotes("在\"四风\"方面...其他'两张皮'"))
    assert [(f.start, f.end, f.fix) for f in found] == [
        (1, 5, "“四风”"),
        (12, 17, "‘两张皮’"),
        (7, 10, "……"),
    ]
    assert list(punctuation.quotes('version "1.0"')) == []


def test_doubled_marks_and_spaces_between_characters() -> None:
    assert rules("a: 有的放矢，，市企业工委。。\n") == [
        (1, 8, "punct.doubled", "，"),
        (1, 15, "punct.doubled", "。"),
    ]
    assert rules("a: 深入 开展\nb: 王　伟\nc: 2014年 2月\n") == [(1, 6, "text.space", "")]
    assert fix_text("a: 深入 开展。。\n", LintConfig()) == ("a: 深入 开展。\n", 1)


@pytest.mark.parametrize("date", ["2014.2.20", "2014-02-20", "2014/2/20", "2014．02．20"])
def test_dates_in_text(date: str) -> None:
    (found,) = numbers.text_date(f"市委于{date}召开会议")
    assert (found.start, found.fix, found.safe) == (3, "2014年2月20日", True)


def test_dates_left_alone() -> None:
    assert list(numbers.text_date("2014-02-20")) == []  # a date field: validate checks it
    assert list(numbers.text_date("版本 1.2014.2.20.5")) == []
    assert list(numbers.text_date("2014年2月20日")) == []


def test_messages_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SEED)
    result = run_cli("--lang", "en", "lint", "plan.yaml")
    assert (
        "plan.yaml:5:14: warning: Traditional characters '業': write '业'. [text.traditional]"
        in (result.output)
    )


def test_unbalanced_pairs() -> None:
    found = list(punctuation.unbalanced("《党章）“四风”（先后"))
    assert [(f.start, f.args["found"]) for f in found] == [(3, "）"), (8, "（"), (0, "《")]
    assert all(f.severity == "error" and f.fix is None for f in found)
    assert list(punctuation.unbalanced("《党章》（一）“四风”")) == []


@pytest.mark.parametrize(
    "cited", ["甘发[2014]3号", "甘发（2014）3号", "甘发【2014】3号", "甘发(2014)3号"]
)
def test_cited_document_number(cited: str) -> None:
    (found,) = numbers.cited_number(f"按照{cited}文件要求")
    assert found.fix == "〔2014〕" and found.safe


def test_hexagonal_brackets_only_in_a_document_number() -> None:
    (found,) = numbers.hexagonal_brackets("依照《办法〔试行〕》和甘发〔2014〕3号")
    assert (found.fix, found.safe) == ("（试行）", True)
    assert list(numbers.hexagonal_brackets("甘发〔2014〕3号")) == []


def test_cited_number_rule_wins_over_halfwidth() -> None:
    assert rules("a: 按照甘发(2014)3号文件\n") == [(1, 8, "docno.cited", "〔2014〕")]


@pytest.mark.parametrize("text", ["業(yè)", "业（ye4）", "業[yè]", "业【ye】", "業(ye)"])
def test_pinyin_artifact(text: str) -> None:
    (found,) = pinyin.pinyin_artifact(text)
    assert (found.start, found.end, found.fix) == (1, len(text), "")


def test_pinyin_leaves_real_brackets() -> None:
    assert list(pinyin.pinyin_artifact("企业(党委)和单位(ABC)")) == []


def test_traditional_through_opencc() -> None:
    found = list(terms.traditional("企業群眾路線"))
    assert [(f.start, f.end, f.fix, f.safe) for f in found] == [
        (1, 2, "业", True),
        (3, 4, "众", True),
        (5, 6, "线", True),
    ]
    assert list(terms.traditional("群众路线教育实践活动")) == []
    assert list(terms.traditional("企業", exceptions=("企業",))) == []


def test_fixed_terms() -> None:
    config = LintConfig()
    (found,) = terms.fixed_terms("党的群總路線教育", config.terms)
    assert found.args == {"found": "群總路線", "fix": "群众路线"}
    extended = config_from({"terms": {"为民务实清廉": ["为民物实清连"]}})
    (mine,) = terms.fixed_terms("以为民物实清连为主要内容", extended.terms)
    assert mine.args["fix"] == "为民务实清廉"


@pytest.mark.parametrize(
    "name", ["1、深入一线调研", "一、深入一线调研", "（一）深入一线调研", "2. 深入"]
)
def test_manual_number(name: str) -> None:
    (found,) = numbers.manual_number(name)
    assert found.rule == "number.manual"


def test_manual_number_only_in_headings() -> None:
    assert list(numbers.manual_number("1.5倍")) == []
    yaml_text = "body:\n  sections:\n    - title: 1、调研\n      text: 1、调研\n"
    assert rules(yaml_text) == [(3, 14, "number.manual", None)]


def test_copied_document_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plans").mkdir()
    plan = "document:\n  number: 天企工委发〔2014〕3号\n"
    (tmp_path / "plans" / "a.yaml").write_text(plan, encoding="utf-8")
    (tmp_path / "plans" / "b.yaml").write_text("# 复制的\n" + plan, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "plans")
    result = run_cli("lint")
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "a.yaml:2:11: 错误: 发文字号“天企工委发〔2014〕3号”与 b.yaml 的相同：复制来的方案要改用自己的发文字号。 [docno.copied]",
        "b.yaml:3:11: 错误: 发文字号“天企工委发〔2014〕3号”与 a.yaml 的相同：复制来的方案要改用自己的发文字号。 [docno.copied]",
    ]


def test_copied_number_found_from_the_changed_file_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hook lints only the changed plan; the unchanged plans' numbers still count."""
    (tmp_path / "plans").mkdir()
    plan = "document:\n  number: 天企工委发〔2014〕3号\n"
    (tmp_path / "plans" / "old.yaml").write_text(plan, encoding="utf-8")
    (tmp_path / "plans" / "new.yaml").write_text(plan, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("lint", "plans/new.yaml")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "plans/new.yaml:2:11: 错误: 发文字号“天企工委发〔2014〕3号”与 plans/old.yaml 的相同：复制来的方案要改用自己的发文字号。 [docno.copied]",
        "检查了 1 个文件：1 个错误，0 个警告。",
    ]


def test_disable_per_repository_and_per_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plangen.toml").write_text('[lint]\ndisable = ["text.traditional"]\n', "utf-8")
    text = "a: 企業,市委\nb: |  # plangen: disable=punct.halfwidth\n  精神,市委\nc: 精神,市委\n"
    (tmp_path / "plans" / "p.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("lint")
    rules_found = [
        line.split(": ")[0] + " " + line.split("[")[-1] for line in result.output.splitlines()[:-1]
    ]
    assert rules_found == ["plans/p.yaml:1:6 punct.halfwidth]", "plans/p.yaml:4:6 punct.halfwidth]"]


def test_json_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SEED)
    report = json.loads(run_cli("lint", "--format", "json", "plan.yaml").output)
    assert report["errors"] == 1 and report["warnings"] == 44
    assert report["diagnostics"][0] == {
        "path": "plan.yaml",
        "line": 5,
        "col": 14,
        "severity": "warning",
        "rule": "text.traditional",
        "message": "繁体字“業”：应写作“业”。",
    }


def test_fix_keeps_bom_crlf_and_escapes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = '\ufeffa: 精神,市委 # 注释\r\nb: "他说\\"好\\"，精神"\r\n'.encode()
    (tmp_path / "p.yaml").write_bytes(raw)
    monkeypatch.chdir(tmp_path)
    result = run_cli("lint", "--fix", "p.yaml")
    assert (tmp_path / "p.yaml").read_bytes() == raw.replace(b",", "，".encode())
    assert "[punct.quotes]" in result.output  # the escaped quotes are left for a person


def test_fix_text_is_idempotent() -> None:
    fixed, count = fix_text("a: 精神,市委\n", LintConfig())
    assert (fixed, count) == ("a: 精神，市委\n", 1)
    assert fix_text(fixed, LintConfig()) == (fixed, 0)


def test_shipped_plans_lint_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("lint")
    assert result.exit_code == 0, result.output
    assert result.output == "检查了 2 个文件，没有发现问题。\n"


def test_fix_that_would_change_the_meaning_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fixed text is read back; when it does not mean what the fixes meant (here: a fixer
    that went wrong), the file is left exactly as it was and the drafter told."""
    from plangen.plan.lint import fixer

    raw = "a: 精神,市委  # 注释\n".encode()
    (tmp_path / "p.yaml").write_bytes(raw)
    monkeypatch.setattr(fixer, "_apply", lambda text, edits: text.replace("市委", "市政府"))
    monkeypatch.chdir(tmp_path)
    result = run_cli("lint", "--fix", "p.yaml")
    assert (tmp_path / "p.yaml").read_bytes() == raw
    assert "p.yaml 没有修改：修正后的文件读回来与预期不一致，请按提示手工修改。" in result.output
    assert "[punct.halfwidth]" in result.output


def test_a_stage_text_naming_a_time_outside_the_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "x.yaml").write_text(
        "document: {issuer: 某某局, title: 某某局实施方案, date: 2024-03-05}\n"
        "body:\n"
        "  sections:\n"
        "    - kind: stages\n"
        "      items:\n"
        "        - name: 学习阶段\n"
        "          start: 4月初\n"
        "          end: 5月底\n"
        "          text: 3月上旬召开动员会，4月15日前完成学习，5月下旬总结。\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("lint")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "plans/x.yaml:9:17: 警告: 文中的“3月上旬”不在这一环节的时间（2024-04-01 至 2024-05-31）之内："
        "是环节的时间写错了，还是这里写错了？ [text.stage-date]"
    )
    assert "4月15日" not in result.output and "5月下旬" not in result.output
