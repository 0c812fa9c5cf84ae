"""The loader's safety promises, tested on bytes."""

from __future__ import annotations

import time
from pathlib import Path

from plangen.plan.loader import ALIAS_EXPANSION_LIMIT, load_bytes


def test_python_tags_are_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    source = f'a: !!python/object/apply:os.system ["touch {marker}"]\n'.encode()
    result = load_bytes(source, "x.yaml")
    assert not marker.exists()
    assert result.data is None
    assert [d.rule for d in result.diagnostics] == ["load.unsafe-tag"]


def test_billion_laughs_fails_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijk":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 10) + "]")
        previous = name
    started = time.perf_counter()
    result = load_bytes("\n".join(lines).encode(), "bomb.yaml")
    elapsed = time.perf_counter() - started
    assert [d.rule for d in result.diagnostics] == ["load.alias-bomb"]
    assert elapsed < 1.0  # a generous bound: the expansion is 10**11 nodes, never built


def test_small_aliases_are_fine() -> None:
    result = load_bytes(b"base: &b {x: 1}\nuse: *b\n", "x.yaml")
    assert result.data == {"base": {"x": 1}, "use": {"x": 1}}
    assert ALIAS_EXPANSION_LIMIT >= 10_000


def test_bom_and_crlf_are_accepted() -> None:
    result = load_bytes(b"\xef\xbb\xbfa: \xe4\xb8\xad\r\nb: 2014-02-20\r\n", "x.yaml")
    assert result.data == {"a": "中", "b": "2014-02-20"}  # dates stay text, as typed


def test_positions_of_keys_and_values() -> None:
    result = load_bytes("a:\n  b:\n    - 甲\n    - 乙: 丙\n".encode(), "x.yaml")
    assert result.locate(("a", "b", 1, "乙")) == (4, 10)
    assert result.locate(("a", "b", 1, "乙"), key=True) == (4, 7)
    assert result.locate(("a", "missing", 3)) == (2, 3)


def test_every_duplicate_key_is_reported() -> None:
    result = load_bytes(b"a: 1\nb:\n  c: 1\n  c: 2\na: 3\n", "x.yaml")
    assert [(d.line, d.col, d.args["key"]) for d in result.diagnostics] == [
        (4, 3, "c"),
        (5, 1, "a"),
    ]


def test_invalid_utf8_position() -> None:
    result = load_bytes("a: 1\nb: 文\n".encode("gbk"), "x.yaml")
    [diag] = result.diagnostics
    assert (diag.line, diag.col, diag.args["encoding"]) == (2, 4, "GBK/GB18030")
    mixed = load_bytes("a: 中\nb: ".encode() + "文".encode("gbk") + b"\n", "x.yaml")
    assert mixed.diagnostics[0].key == "load.encoding-unknown"


def test_fullwidth_typing_named_where_it_is() -> None:
    """A Chinese input method's colon, spaces and dash are named at the character; a paragraph
    indented with full-width spaces inside a text block is text, not a mistake."""

    def problems(text: str) -> list[str]:
        return [
            f"{d.line}:{d.col} {d.key}" for d in load_bytes(text.encode(), "p.yaml").diagnostics
        ]

    assert problems("document:\n  issuer：中共\n  number: x\n") == ["2:9 load.fullwidth-colon"]
    assert problems("a:\n  - x\n  －　y\n  - name：z\n") == [
        "3:3 load.fullwidth-dash",
        "4:9 load.fullwidth-colon",
    ]
    assert problems("document:\n  number: x\n　　issuer: 中共\n") == ["3:1 load.fullwidth-space"]
    clean = "body:\n  lead: |\n    　　为落实中央精神，特制定本方案。\n"
    assert problems(clean) == []
