"""Load one YAML file safely into plain data, keeping where every value stands in the source.

What this guards against, each reported as a :class:`Diagnostic` rather than raised:
files in GBK/UTF-16 instead of UTF-8 (a BOM and CRLF line ends are fine), empty files, several
documents in one file, control characters pasted from the web, tags such as ``!!python/object``
(never constructed, let alone executed), alias "billion laughs" bombs (sizes are counted on the
composed node graph before anything is expanded) and duplicate keys, which PyYAML would silently
resolve by keeping the last one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from plangen.core.diagnostics import Diagnostic
from plangen.core.messages import Localized
from plangen.plan.yamltyping import fullwidth_mistakes

# libyaml is much faster; the pure-Python parser gives the same nodes.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Most nodes a file may expand to through aliases; a real plan has a few thousand.
ALIAS_EXPANSION_LIMIT = 100_000

_SAFE_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "merge")
}

Pos = tuple[int, int]
PathKey = tuple[str | int, ...]


class _PlanLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that keeps dates as text, so the schema sees exactly what was typed."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }


@dataclass
class LoadedFile:
    """A parsed file: its data (``None`` when it could not be read) and source positions."""

    path: str
    data: Any = None
    text: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    values: dict[PathKey, Pos] = field(default_factory=dict)
    keys: dict[PathKey, Pos] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.data is not None

    def locate(self, where: PathKey, *, key: bool = False) -> Pos:
        """Line and column of the value (or key) at ``where``, else of its nearest ancestor."""
        probe = tuple(where)
        while True:
            table = self.keys if key and probe in self.keys else self.values
            if probe in table:
                return table[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]

    def diag(
        self, at: PathKey, rule: str, key: str, /, *, on_key: bool = False, **args: Any
    ) -> Diagnostic:
        """A diagnostic placed at the value (or, with ``on_key``, the key) at path ``at``."""
        line, col = self.locate(at, key=on_key)
        return Diagnostic(self.path, line, col, rule, key, args)


# Characters that neither YAML nor a Word file (XML 1.0) can hold: C0 controls other than
# tab/newline/return, DEL and C1 controls other than NEL, and the two non-characters.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _codepoint(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def load_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read and load ``path``; ``display`` is the name used in diagnostics."""
    shown = display if display is not None else str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        result = LoadedFile(shown)
        result.diagnostics.append(
            Diagnostic(
                shown, 1, 1, "load.read", "load.read-failed", {"reason": err.strerror or str(err)}
            )
        )
        return result
    return load_bytes(raw, shown)


def load_bytes(raw: bytes, path: str) -> LoadedFile:
    """Load a YAML document from ``raw`` bytes."""
    result = LoadedFile(path)
    text = _decode(raw, result)
    if text is None:
        return result
    result.text = text
    bad = list(_bad_characters(text, path))
    if bad:
        result.diagnostics.extend(bad)
        return result
    if not text.strip() or _only_comments(text):
        result.diagnostics.append(Diagnostic(path, 1, 1, "load.empty", "load.empty"))
        return result
    node = _compose(text, result)
    if node is None:
        return result
    if not _check_nodes(node, result):
        return result
    loader = _PlanLoader(text)
    try:
        data = loader.construct_document(node)
    except yaml.YAMLError as err:  # e.g. a malformed !!int value
        result.diagnostics.append(_syntax_diagnostic(err, path, text))
        return result
    finally:
        loader.dispose()
    if data is None and isinstance(node, yaml.ScalarNode) and node.value == "":
        # only markers (--- and ...): nothing was written
        result.diagnostics.append(Diagnostic(path, 1, 1, "load.empty", "load.empty"))
        return result
    if not isinstance(data, dict):
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        found = "列表" if isinstance(data, list) else "单个值"
        result.diagnostics.append(
            Diagnostic(path, line, col, "load.not-mapping", "load.not-mapping", {"found": found})
        )
        return result
    result.data = data
    return result


def _decode(raw: bytes, result: LoadedFile) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        result.diagnostics.append(Diagnostic(result.path, 1, 1, "load.encoding", "load.utf16"))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        start = err.start
    line = raw.count(b"\n", 0, start) + 1
    line_start = raw.rfind(b"\n", 0, start) + 1
    col = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
    encoding = None
    for candidate, name in (("gb18030", "GBK/GB18030"), ("big5", "Big5")):
        try:
            raw.decode(candidate)
        except UnicodeDecodeError:
            continue
        encoding = name
        break
    if encoding is None:
        result.diagnostics.append(
            Diagnostic(result.path, line, col, "load.encoding", "load.encoding-unknown")
        )
    else:
        result.diagnostics.append(
            Diagnostic(
                result.path, line, col, "load.encoding", "load.encoding", {"encoding": encoding}
            )
        )
    return None


def _bad_characters(text: str, path: str) -> Iterator[Diagnostic]:
    # split on "\n" only: str.splitlines() would also split on (and so hide) \x0b, \x0c, \x1c…
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _BAD_CHARS.finditer(line):
            yield Diagnostic(
                path,
                number,
                match.start() + 1,
                "text.bad-char",
                "load.bad-char",
                {"codepoint": _codepoint(match.group())},
            )


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _compose(text: str, result: LoadedFile) -> yaml.Node | None:
    loader = _PlanLoader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
    except yaml.composer.ComposerError as err:
        single = "single document" in f"{err.problem} {err.context}" or "another document" in str(
            err.problem
        )
        if single and err.problem_mark is not None:
            mark = err.problem_mark
            result.diagnostics.append(
                Diagnostic(
                    result.path,
                    mark.line + 1,
                    mark.column + 1,
                    "load.multi-document",
                    "load.multi-document",
                )
            )
        else:
            result.diagnostics.extend(_syntax_diagnostics(err, result.path, text))
        return None
    except yaml.YAMLError as err:
        result.diagnostics.extend(_syntax_diagnostics(err, result.path, text))
        return None
    finally:
        loader.dispose()
    if node is None:
        result.diagnostics.append(Diagnostic(result.path, 1, 1, "load.empty", "load.empty"))
    return node


# PyYAML's problems in Chinese; anything not listed is shown as PyYAML says it.
_PROBLEMS_ZH = {
    "mapping values are not allowed": "这里不能出现“键: 值”（冒号后需要空格的值里若含“: ”，请给整段文字加引号）",
    "could not find expected ':'": "缺少冒号“:”",
    "did not find expected key": "缩进不对齐，或者缺少“键:”",
    "did not find expected '-' indicator": "列表项缩进不对齐，或者缺少“- ”",
    "did not find expected ',' or ']'": "列表缺少逗号“,”或右方括号“]”",
    "did not find expected ',' or '}'": "映射缺少逗号“,”或右花括号“}”",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合？）",
    "found undefined alias": "引用了未定义的别名",
    "found duplicate anchor": "锚点名称重复",
    "found unknown escape character": "双引号文字中有无效的反斜杠转义（想写“\\”请改用单引号，或写成“\\\\”）",
    "found a tab character that violates indentation": "用了 Tab 键缩进",
    "expected <block end>, but found '<block mapping start>'": "缩进不对齐",
    "expected <block end>, but found '-'": "列表项的缩进不对齐",
    "found character that cannot start any token": "这个字符不能出现在值的开头（以 @ ` % 等开头的文字请加引号）",
    "found unhashable key": "键只能是文字，不能是列表或映射（如“? [a, b]”“{a: 1}: 值”）",
    "exceeded maximum nesting depth": "列表和映射套得太深",
    "found unexpected ':'": "这里不能出现冒号“:”（含冒号的文字请加引号）",
}
#: what to say in Chinese when PyYAML's problem is not one of the above
_PROBLEM_ZH_OTHER = "这里的写法不是有效的 YAML"


def _tab_at(source: str, mark: Any) -> bool:
    """Whether the error sits in the leading white space of a line indented with a tab."""
    if mark is None or not source:
        return False
    lines = source.splitlines()
    if mark.line >= len(lines):
        return False
    text = lines[mark.line]
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    return "\t" in indent and mark.column <= len(indent)


def _syntax_diagnostics(err: yaml.YAMLError, path: str, source: str) -> list[Diagnostic]:
    """The full-width characters typed into the YAML's structure, where they are, when there
    are any (PyYAML would blame a later line and suggest quotes); else PyYAML's problem."""
    typed = [
        Diagnostic(path, line, col, "load.syntax", key)
        for line, col, key in fullwidth_mistakes(source)
    ]
    return typed or [_syntax_diagnostic(err, path, source)]


def _syntax_diagnostic(err: yaml.YAMLError, path: str, source: str = "") -> Diagnostic:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(err, "problem", None) or str(err)
    if _tab_at(source, mark) or "tab character" in problem:
        return Diagnostic(path, line, col, "load.syntax", "load.tab-indent")
    problem = problem.split(" (")[0] if problem.startswith("could not determine") else problem
    shown = _PROBLEM_ZH_OTHER
    for english, chinese in _PROBLEMS_ZH.items():
        if problem.startswith(english):
            shown = chinese
            break
    context = ""
    ctx_mark = getattr(err, "context_mark", None)
    if ctx_mark is not None and ctx_mark is not mark and getattr(err, "context", None):
        context = f"（相关位置：第 {ctx_mark.line + 1} 行第 {ctx_mark.column + 1} 列）"
    context_en = ""
    if context and ctx_mark is not None:
        context_en = f" (see line {ctx_mark.line + 1}, column {ctx_mark.column + 1})"
    return Diagnostic(
        path,
        line,
        col,
        "load.syntax",
        "load.syntax",
        {"problem": Localized(shown, problem), "context": Localized(context, context_en)},
    )


def _check_nodes(root: yaml.Node, result: LoadedFile) -> bool:
    """Check alias expansion, tags and duplicate keys on the node graph; record positions."""
    if _ANCHOR.search(result.text) and not _aliases_fine(root, result):
        return False
    walker = _NodeWalker(result)
    walker.walk(root, ())
    return walker.ok


#: where an anchor (``&name``) may start: at a line's start, after a space or a flow
#: indicator. A file without one has no aliases either, and no cycle or bomb to look for (two
#: walks over every node, most of the check's time)
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&", re.MULTILINE)


def _aliases_fine(root: yaml.Node, result: LoadedFile) -> bool:
    """No node contains itself through an alias, and none expands to too many nodes."""
    looped = _first_cycle(root, set(), set())
    if looped is not None:
        mark = looped.start_mark
        place = (mark.line + 1, mark.column + 1)
        result.diagnostics.append(
            Diagnostic(result.path, *place, "load.alias-cycle", "load.alias-cycle")
        )
        return False
    sizes: dict[int, int] = {}
    if _expanded_size(root, sizes) > ALIAS_EXPANSION_LIMIT:
        mark = _first_oversized(root, sizes).start_mark
        limit = {"limit": f"{ALIAS_EXPANSION_LIMIT:,}"}
        rule = "load.alias-bomb"
        place = (mark.line + 1, mark.column + 1)
        result.diagnostics.append(Diagnostic(result.path, *place, rule, rule, limit))
        return False
    return True


def _first_cycle(node: yaml.Node, open_: set[int], done: set[int]) -> yaml.Node | None:
    """The first node that contains itself through an alias (``&a [*a]``), else ``None``."""
    if id(node) in open_:
        return node
    if id(node) in done:
        return None
    open_.add(id(node))
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    for child in children:
        found = _first_cycle(child, open_, done)
        if found is not None:
            return found
    open_.discard(id(node))
    done.add(id(node))
    return None


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many nodes ``node`` stands for once every alias is expanded (memoised by node, so a
    “billion laughs” file is measured without being expanded)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = 1  # guards against cycles
    total = 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            total += _expanded_size(k, sizes) + _expanded_size(v, sizes)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            total += _expanded_size(item, sizes)
    sizes[id(node)] = total
    return total


class _NodeWalker:
    """Walks the node graph once: records where every value and key is, and reports tags
    (never constructed) and duplicate keys (which YAML would let silently overwrite)."""

    def __init__(self, result: LoadedFile) -> None:
        self.result = result
        self.ok = True

    def _report(
        self, node: yaml.Node, rule: str, args: dict[str, Any], key: str | None = None
    ) -> None:
        mark = node.start_mark
        place = (mark.line + 1, mark.column + 1)
        diagnostic = Diagnostic(self.result.path, *place, rule, key or rule, args)
        self.result.diagnostics.append(diagnostic)
        self.ok = False

    def walk(self, node: yaml.Node, where: PathKey) -> None:
        mark = node.start_mark
        self.result.values.setdefault(where, (mark.line + 1, mark.column + 1))
        if node.tag not in _SAFE_TAGS:
            self._report(node, "load.unsafe-tag", {"tag": _short_tag(node.tag)})
        elif isinstance(node, yaml.MappingNode):
            self._mapping(node, where)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, (*where, index))

    def _mapping(self, node: yaml.MappingNode, where: PathKey) -> None:
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag not in _SAFE_TAGS:
                self.walk(key_node, where)
                continue
            name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            if name == "<<":
                self.walk(value_node, where)
                continue
            line = key_node.start_mark.line + 1
            if name.startswith("\u3000"):  # indented with full-width spaces: a key of its own
                self._report(key_node, "load.syntax", {}, key="load.fullwidth-space")
            if name in seen:
                args = {"key": name, "first_line": seen[name]}
                self._report(key_node, "load.duplicate-key", args)
            else:
                seen[name] = line
            child = (*where, name)
            self.result.keys.setdefault(child, (line, key_node.start_mark.column + 1))
            self.walk(value_node, child)


def _first_oversized(root: yaml.Node, sizes: dict[int, int]) -> yaml.Node:
    """The first node, in document order, that is itself too large: that is where the bomb is."""
    node = root
    while True:
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [v for _, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        big = [c for c in children if sizes.get(id(c), 0) > ALIAS_EXPANSION_LIMIT]
        if not big:
            return node
        node = big[0]


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
