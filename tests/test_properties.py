"""Property-based tests (hypothesis): whatever bytes, YAML or text a drafter feeds plangen, it
answers with diagnostics, never a traceback; ``fmt`` keeps the meaning and is idempotent; ``lint
--fix`` is idempotent. Each test runs a bounded number of examples, derandomized, so CI is stable.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from plangen.core import vocab
from plangen.plan import textmodel
from plangen.plan.loader import load_bytes
from plangen.plan.text import paragraphs
from plangen.plan.yamlfmt import Unformattable, format_yaml, lost_comments, same_meaning

from .conftest import ROOT, run_cli

SEED_PLAN = ROOT / "plans" / "2014-qunzhong-luxian.yaml"

QUICK = settings(
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SLOW = settings(QUICK, max_examples=100)
FMT = settings(QUICK, max_examples=100)

# --- building blocks ----------------------------------------------------------------------------

#: characters a drafter's text may hold: Chinese, Latin, digits, both widths of punctuation, YAML
#: marks, quotes of every kind, traditional characters, pinyin, control characters
ALPHABET = (
    "党的群众路线教育实践活动企业工委市委组织部業項們與開學習"
    "abcXYZ0123456789 "
    "，。、；：？！“”‘’（）《》〔〕【】……——"
    ",.;:?!\"'()[]{}<>#&*|>-%@`~=+_/\\"
    "yèàǎ\t\u3000\u00a0\u200b\x85"
)
text_pieces = st.sampled_from(
    [
        "\n",
        "\n\n",
        "# ",
        ": ",
        "- ",
        "1. ",
        "2014.2.20",
        "[2014]",
        "（2014）",
        "。。",
        "業(yè)",
        '"引号"',
        "'单引号'",
        "**加粗**",
        "<b>",
        "&amp;",
        "3月中旬",
        "  ",
        "---",
        "...",
        "!!str ",
        "&a ",
        "*a",
    ]
)
drafted_text = st.lists(st.one_of(st.text(ALPHABET, max_size=12), text_pieces), max_size=12).map(
    "".join
)

#: fragments that YAML documents are made of, good and bad
yaml_pieces = st.one_of(
    st.sampled_from(
        [
            "document:",
            "body:",
            "campaign:",
            "title:",
            "start: 2014-02-24",
            "end: 2014-13-40",
            "  ",
            "    ",
            "\t",
            "- ",
            "? ",
            ": ",
            "{",
            "}",
            "[",
            "]",
            ", ",
            "&a ",
            "*a",
            "<<: *a",
            "!!python/object:os.system ",
            "!!int ",
            "!!binary ",
            "!!set ",
            "!!omap ",
            "!foo ",
            "!<tag:yaml.org,2002:str> ",
            "%YAML 1.1\n",
            "%TAG ! tag:x,2000:\n",
            "---\n",
            "...\n",
            "|\n",
            ">-\n",
            '"\\x00\\u0007"',
            "'it''s'",
            "# 注释",
            "\n",
            "\r\n",
            "\ufeff",
            "\x00",
            "\x07",
            "\x85",
            "\u2028",
            "\ud7ff",
            "１２：",
            "：",
            "\u3000",
            "~",
            "null",
            "yes",
            "0x1F",
            "1e400",
            ".nan",
            "2014-02-24T10:00:00",
        ]
    ),
    st.text(ALPHABET, max_size=8),
)
yaml_documents = st.lists(yaml_pieces, max_size=40).map("".join)


def _scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(ALPHABET, max_size=20),
        st.dates().map(str),
    )


#: data dumped by PyYAML: every shape a plan could take (mappings, lists, scalars, any keys)
yaml_data = st.recursive(
    _scalars(),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(ALPHABET, max_size=8), st.integers()), inner, max_size=4),
    ),
    max_leaves=25,
)


def _seed() -> dict[str, Any]:
    data = load_bytes(SEED_PLAN.read_bytes(), "plan.yaml").data
    assert isinstance(data, dict)
    return data


def _strings(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The paths of every string value in ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*path, i))
    elif isinstance(node, str):
        yield path


def _set(node: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


SEED = _seed()
TEXT_PATHS = [p for p in _strings(SEED) if textmodel.kind_of(p) == "text"]
OTHER_PATHS = [p for p in _strings(SEED) if textmodel.kind_of(p) != "text"]


@st.composite
def mutated_plans(draw: st.DrawFn, *, texts_only: bool = False) -> dict[str, Any]:
    """The shipped plan with some of its texts replaced, extended or cut."""
    plan = copy.deepcopy(SEED)
    paths = TEXT_PATHS if texts_only else TEXT_PATHS + OTHER_PATHS
    for path in draw(st.lists(st.sampled_from(paths), min_size=1, max_size=6)):
        old = plan
        for key in path:
            old = old[key]
        new = draw(drafted_text)
        how = draw(st.sampled_from(["replace", "prepend", "append", "insert"]))
        if how == "prepend":
            new = new + old
        elif how == "append":
            new = old + new
        elif how == "insert":
            at = draw(st.integers(0, len(old)))
            new = old[:at] + new + old[at:]
        _set(plan, path, new)
    return plan


class _Dumper(yaml.SafeDumper):
    """Strings in one chosen style (plain, quoted or ``|``), other scalars as they are."""

    string_style: str | None = None


def _represent_str(dumper: _Dumper, value: str) -> yaml.Node:
    style = dumper.string_style
    if style == "|" and "\n" not in value:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _dump(data: Any, style: str | None) -> str:
    dumper = type("Dumper", (_Dumper,), {"string_style": style})
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=80)


dump_styles = st.sampled_from([None, None, '"', "'", "|"])


# --- (a) the loader -----------------------------------------------------------------------------


def _check_loaded(raw: bytes) -> None:
    loaded = load_bytes(raw, "plan.yaml")
    if not loaded.ok:
        assert loaded.diagnostics, raw
    for d in loaded.diagnostics:
        assert d.line >= 1 and d.col >= 1


@QUICK
@given(st.binary(max_size=600))
def test_loader_never_raises_on_bytes(raw: bytes) -> None:
    _check_loaded(raw)


@QUICK
@given(yaml_documents, st.sampled_from(["utf-8", "utf-8-sig"]))
def test_loader_never_raises_on_yaml_like_text(text: str, encoding: str) -> None:
    _check_loaded(text.encode(encoding, "surrogatepass"))


@QUICK
@given(st.text(max_size=300))
def test_loader_never_raises_on_any_text(text: str) -> None:
    _check_loaded(text.encode("utf-8", "surrogatepass"))


# --- (b) plangen validate -----------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plans repository with the shipped catalogue and plan, as the current folder."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _validates_cleanly(repo: Path, raw: bytes) -> None:
    (repo / "plans" / "fuzz.yaml").write_bytes(raw)
    result = run_cli("validate", "plans/fuzz.yaml")
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert "内部错误" not in result.output
    if result.exit_code == 1:
        assert "plans/fuzz.yaml:" in result.output, result.output


@SLOW
@given(doc=yaml_documents)
def test_validate_yaml_fragments(repo: Path, doc: str) -> None:
    _validates_cleanly(repo, doc.encode("utf-8", "surrogatepass"))


@SLOW
@given(data=yaml_data, style=dump_styles)
def test_validate_dumped_data(repo: Path, data: Any, style: str | None) -> None:
    _validates_cleanly(repo, _dump(data, style).encode("utf-8"))


@SLOW
@given(plan=mutated_plans(), style=dump_styles)
def test_validate_mutated_plans(repo: Path, plan: dict[str, Any], style: str | None) -> None:
    _validates_cleanly(repo, _dump(plan, style).encode("utf-8"))


# --- (c) fmt ------------------------------------------------------------------------------------


def _formats_faithfully(source: str) -> None:
    loaded = load_bytes(source.encode("utf-8"), "plan.yaml")
    assert loaded.ok, loaded.diagnostics
    try:
        once = format_yaml(source)
    except Unformattable:  # refused, and ``plangen fmt`` says so (fmt.unreadable): never lost
        return
    again = load_bytes(once.encode("utf-8"), "plan.yaml")
    assert again.ok, (once, again.diagnostics)
    assert same_meaning(loaded.data, again.data), once
    assert not lost_comments(source, once)
    assert format_yaml(once) == once


@FMT
@given(plan=mutated_plans(texts_only=True), style=dump_styles)
def test_fmt_keeps_meaning_and_is_idempotent(plan: dict[str, Any], style: str | None) -> None:
    _formats_faithfully(_dump(plan, style))


@FMT
@given(plan=mutated_plans(), style=dump_styles)
def test_fmt_on_any_field(plan: dict[str, Any], style: str | None) -> None:
    _formats_faithfully(_dump(plan, style))


# --- (d) times and paragraphs -------------------------------------------------------------------

times = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"(\d{4}年)?(1[0-2]|[1-9])月(上旬|中旬|下旬|初|中|底)?", fullmatch=True),
    st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True),
    st.sampled_from(["年初", "年中", "年底", "0000年1月", "9999年12月底", "9999-12-31"]),
    st.none(),
    st.integers(),
)


@QUICK
@given(times, st.integers(1, 9999))
def test_when_range_never_raises(value: Any, year: int) -> None:
    found = vocab.when_range(value, year)
    if found is not None:
        assert found[0] <= found[1]


@QUICK
@given(times, times, st.one_of(st.none(), st.text(max_size=8)))
def test_time_text_never_raises(start: Any, end: Any, duration: Any) -> None:
    assert isinstance(vocab.time_text(start, end, duration), str)


@QUICK
@given(st.one_of(st.text(max_size=200), drafted_text))
def test_paragraphs_never_raise(source: str) -> None:
    for paragraph in paragraphs(source):
        assert isinstance(paragraph.text, str)


# --- (e) lint --fix -----------------------------------------------------------------------------


@SLOW
@given(plan=mutated_plans(texts_only=True), style=dump_styles)
def test_lint_fix_is_idempotent(repo: Path, plan: dict[str, Any], style: str | None) -> None:
    path = repo / "plans" / "2014-qunzhong-luxian.yaml"
    path.write_text(_dump(plan, style), encoding="utf-8")
    first = run_cli("lint", "--fix")
    assert first.exit_code in (0, 1), first.output
    assert "Traceback" not in first.output and "内部错误" not in first.output
    fixed = path.read_text(encoding="utf-8")
    second = run_cli("lint", "--fix")
    assert second.exit_code in (0, 1), second.output
    assert "已修正" not in second.output, (fixed, second.output)
    assert path.read_text(encoding="utf-8") == fixed


# --- regressions the properties found -----------------------------------------------------------


@pytest.mark.parametrize("value", ["\\N", "甲\\L乙", "甲\\P乙\\n丙"])
@pytest.mark.parametrize("field", ["lead", "title"])
def test_fmt_keeps_yaml11_line_breaks_escaped(field: str, value: str) -> None:
    """NEL, LS and PS are line breaks to YAML 1.1: written raw (ruamel's choice) they came back
    as a space or a break, so a second fmt changed the text again."""
    source = f'body:\n  {field}: "{value}"\n'
    once = format_yaml(source)
    assert once == source
    assert load_bytes(once.encode("utf-8"), "p").data == load_bytes(source.encode(), "p").data


def test_lint_past_a_yaml11_line_break() -> None:
    """NEL counts as a line break in YAML marks but not in an editor's lines: lint placed the
    values after it by line and ran past the end of the text (IndexError, exit 3)."""
    from plangen.plan.lint import LintConfig
    from plangen.plan.lint.fixer import fix_text

    source = "a: '甲\x85乙'\nc: 丙,丁\n"
    assert fix_text(source, LintConfig()) == (source.replace("丙,丁", "丙，丁"), 1)


@pytest.mark.parametrize("value", ["0000年3月", "9999年12月底", "9999年12月"])
def test_when_range_at_the_calendars_ends(value: str) -> None:
    """0000年3月 (no such year) and December 9999 (the day after is past the calendar) crashed
    validate with ValueError (exit 3)."""
    found = vocab.when_range(value, 2014)
    assert found is None or found[1].year == 9999
