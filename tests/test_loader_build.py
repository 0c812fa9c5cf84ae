"""A file without anchors has its data built on the walk that checks it (``plan.loader``); it
must be exactly what PyYAML's safe loader constructs from the same nodes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from plangen.plan import loader

from .conftest import ROOT

#: scalars as YAML 1.1 reads them: numbers in every base, yes/no/on/off, nulls, dates (kept as
#: text), quoted and plain
_SCALARS = st.sampled_from(
    ["1", "-7", "0x1F", "0o17", "017", "0b101", "1_000", "1:20", "3.5", "1e3", ".inf", "-.Inf",
     ".nan", "yes", "No", "on", "OFF", "true", "~", "null", "", "2014-02-24",
     "2014-02-24 10:00:00", "'quoted'", '"双引号\\n"', "中文", "“引号”：冒号", "a #not", "=",
     "<<", "!!str 1", "!!int '3'", "!!float 2", "!!bool yes", "!!null x", "|\n    块\n    文字",
     ">\n    折叠\n    文字"]
)  # fmt: skip
_KEYS = st.sampled_from(["a", "b", "标题", "1", "yes", "~", "2014-02-24", "'x'", "3.5"])


def _document(pairs: list[tuple[str, str]], nested: list[str]) -> str:
    lines = [f"{key}: {value}" for key, value in pairs]
    lines += ["list:", *(f"  - {value}" for value in nested), "flow: {x: [1, yes, ~], y: 中}"]
    return "\n".join(lines) + "\n"


def _pyyaml(text: str) -> object:
    return yaml.load(text, Loader=loader._PlanLoader)  # the safe loader, dates kept as text


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.tuples(_KEYS, _SCALARS), max_size=8, unique_by=lambda pair: pair[0]),
    st.lists(_SCALARS, max_size=4),
)
@example([("a", "1"), ("b", "yes")], ["0x1F"])
def test_the_data_built_is_what_pyyaml_constructs(
    pairs: list[tuple[str, str]], nested: list[str]
) -> None:
    text = _document(pairs, nested)
    loaded = loader.load_bytes(text.encode(), "x.yaml")
    if loaded.ok:  # a duplicate key or an unsafe tag is reported, not built
        assert repr(loaded.data) == repr(_pyyaml(text))


@pytest.mark.parametrize(
    "path",
    [*sorted((ROOT / "plans").glob("*.yaml")), *sorted(ROOT.glob("examples/*/plans/*.yaml"))],
    ids=lambda p: Path(p).name,
)
def test_the_plans_are_built_as_pyyaml_constructs_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert loader.load_bytes(text.encode(), path.name).data == _pyyaml(text)


@pytest.mark.parametrize(
    ("text", "tag"),
    [("a: !!int abc\n", "!!int"), ("a: !!bool maybe\n", "!!bool"), ("b: &x 1\na: !!float x\n", "!!float")],
)  # fmt: skip
def test_a_value_its_tag_refuses_is_reported_where_it_is(text: str, tag: str) -> None:
    """PyYAML raises ValueError or KeyError for these, not one of its own errors: reported, at
    the value, with or without anchors in the file (no traceback)."""
    loaded = loader.load_bytes(text.encode(), "x.yaml")
    assert not loaded.ok
    (problem,) = loaded.diagnostics
    assert (problem.line, problem.col, problem.rule) == (text.count("\n"), 4, "load.syntax")
    assert tag in str(problem.args["problem"].zh)


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["中文", "a", " ", "\\\\", "\\x01", "\\x85", "\\ud800", "\\t", "\\u3000", '\\"']
        ),
        max_size=6,
    ).map("".join),
    st.booleans(),
)
def test_a_file_without_a_backslash_has_no_bad_character_to_look_for(
    escaped: str, quoted: bool
) -> None:
    """The characters Word cannot hold reach a string only through a double-quoted escape: a
    file without a backslash is not walked for them, and what is found is what the walk finds."""
    from plangen.plan import checks

    value = f'"{escaped}"' if quoted else "plain 中文"
    loaded = loader.load_bytes(f"a: {value}\nb: [x, y]\n".encode(), "x.yaml")
    if not loaded.ok:
        return
    found = [d.args["codepoint"] for d in checks.check_characters(loaded)]
    walked = loader.LoadedFile(loaded.path, loaded.data)  # no text: every string looked at
    assert found == [d.args["codepoint"] for d in checks.check_characters(walked)]
