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
from plangen.plan.yamlerrors import syntax_diagnostic, syntax_diagnostics

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
    ok, data = _check_nodes(node, result)
    if not ok:
        return result
    if data is _UNBUILT:
        data = _constructed(node, result)
        if data is _UNBUILT:
            return result
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


def _constructed(node: yaml.Node, result: LoadedFile) -> Any:
    """The data of ``node`` as PyYAML's safe loader constructs it, or ``_UNBUILT`` (reported)."""
    loader = _PlanLoader(result.text)
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as err:  # e.g. a malformed !!int value
        result.diagnostics.append(syntax_diagnostic(err, result.path, result.text))
        return _UNBUILT
    finally:
        loader.dispose()


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
    if not _BAD_CHARS.search(text):  # most files: one look at the whole text, not each line
        return
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
            result.diagnostics.extend(syntax_diagnostics(err, result.path, text))
        return None
    except yaml.YAMLError as err:
        result.diagnostics.extend(syntax_diagnostics(err, result.path, text))
        return None
    finally:
        loader.dispose()
    if node is None:
        result.diagnostics.append(Diagnostic(result.path, 1, 1, "load.empty", "load.empty"))
    return node


#: data not built on the walk (``_NodeWalker``): PyYAML's constructor is asked
_UNBUILT: Any = object()


def _check_nodes(root: yaml.Node, result: LoadedFile) -> tuple[bool, Any]:
    """Check alias expansion, tags and duplicate keys on the node graph; record positions. In a
    file without anchors the data is built on the same walk; else it is ``_UNBUILT``."""
    anchored = _ANCHOR.search(result.text) is not None
    if anchored and not _aliases_fine(root, result):
        return False, _UNBUILT
    walker = _NodeWalker(result, build=not anchored)
    data = walker.walk(root, ())
    return walker.ok, data if walker.build else _UNBUILT


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
    (never constructed) and duplicate keys (which YAML would let silently overwrite). With
    ``build``, it also builds the data as PyYAML's safe constructor does (its own functions make
    each scalar), which then need not walk the nodes again: where that cannot be sure (a merge
    key ``<<``, a key that is a list or a mapping, a value its function refuses), ``build`` ends
    false and the constructor is asked after all."""

    def __init__(self, result: LoadedFile, build: bool = False) -> None:
        self.result = result
        self.ok = True
        self.build = build

    def _report(
        self, node: yaml.Node, rule: str, args: dict[str, Any], key: str | None = None
    ) -> None:
        mark = node.start_mark
        place = (mark.line + 1, mark.column + 1)
        diagnostic = Diagnostic(self.result.path, *place, rule, key or rule, args)
        self.result.diagnostics.append(diagnostic)
        self.ok = False

    def walk(self, node: yaml.Node, where: PathKey) -> Any:
        mark = node.start_mark
        self.result.values.setdefault(where, (mark.line + 1, mark.column + 1))
        if node.tag not in _SAFE_TAGS:
            self._report(node, "load.unsafe-tag", {"tag": _short_tag(node.tag)})
        elif isinstance(node, yaml.MappingNode):
            self.build = self.build and node.tag == _MAP
            return self._mapping(node, where)
        elif isinstance(node, yaml.SequenceNode):
            self.build = self.build and node.tag == _SEQ
            return [self.walk(item, (*where, index)) for index, item in enumerate(node.value)]
        elif self.build or node.tag != _STR:  # a value tagged !!int… is checked here
            return self._scalar(node)
        return None

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR:
            return node.value
        if node.tag in (_MAP, _SEQ, _MERGE):  # a scalar tagged as a collection: refused
            self.build = False  # by the constructor, which says so
            return None
        try:
            return _SCALARS.yaml_constructors[node.tag](_SCALARS, node)
        except (ValueError, KeyError, TypeError):  # ``!!int abc``: PyYAML's own are no YAMLError
            problem = f"found a value that its tag {_short_tag(node.tag)} does not allow"
            zh = f"这个值不是 {_short_tag(node.tag)} 所说的类型（去掉标记，或改正这个值）"
            self._report(node, "load.syntax", {"problem": Localized(zh, problem), "context": ""})
            return None

    def _mapping(self, node: yaml.MappingNode, where: PathKey) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        data: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag not in _SAFE_TAGS:
                self.walk(key_node, where)
                continue
            if key_node.tag == _MERGE or not isinstance(key_node, yaml.ScalarNode):
                self.build = False
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
            value = self.walk(value_node, child)
            if self.build:
                data[self._scalar(key_node)] = value
        return data


_STR, _MAP, _SEQ, _MERGE = (f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq", "merge"))
#: PyYAML's safe constructor, for its functions that make a scalar of a node (an int of
#: ``0x1F``, a bool of ``yes``…); they keep nothing between calls
_SCALARS = yaml.constructor.SafeConstructor()


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
