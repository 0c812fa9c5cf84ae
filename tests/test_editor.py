"""What a drafter sees in the editor: the real yaml-language-server, driven over LSP.

VS Code's YAML extension is yaml-language-server; these tests start that server (installed once
with npm into a cache outside the repository), open plans the way the editor does and read back
its diagnostics, hover texts and completions. They check the schemas in this repository's
``schemas/`` (which ``test_schemas`` holds equal to what ``plangen schema -o schemas`` writes) and,
for completion, the schemas ``plangen schema`` writes for another repository's catalogue.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from plangen.plan import schemas

from .conftest import ROOT, run_cli
from .lsp import LanguageServer, LspError, position_of

#: The server version the tests pin: 1.19.2 is the release whose parser (jsonParser07.ts) the
#: schemas' editor keywords were checked against, and it runs on Debian 12's Node.js 18. Set
#: PLANGEN_TEST_YLS_VERSION to try the hints with another release (1.25.0 gives the same results).
YLS_VERSION = os.environ.get("PLANGEN_TEST_YLS_VERSION", "1.19.2")
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "plangen-tests"
SETTINGS: dict[str, Any] = {
    # the server pulls these with workspace/configuration; no schema store: no network
    "yaml": {
        "validate": True,
        "hover": True,
        "completion": True,
        "schemaStore": {"enable": False},
        "format": {"enable": False},
    },
}
PLAN = ROOT / "plans" / "2014-qunzhong-luxian.yaml"
CJK = re.compile("[\u4e00-\u9fff]")
SEED = PLAN.read_text(encoding="utf-8")


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine without Node.js or network; fail in CI (``CI`` set), where a
    skipped editor test would hide a broken schema."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _install() -> Path:
    """yaml-language-server ``YLS_VERSION``, installed once into the cache; its start script."""
    script = Path("node_modules", "yaml-language-server", "bin", "yaml-language-server")
    target = CACHE / f"yaml-language-server-{YLS_VERSION}"
    if (target / script).is_file():
        return target / script
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("npm is not installed: apt-get install nodejs npm")
    assert npm is not None
    staging = CACHE / f".install-{YLS_VERSION}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    command = [npm, "install", "--prefix", str(staging), "--no-audit", "--no-fund"]
    command += ["--ignore-scripts", "--loglevel=error", f"yaml-language-server@{YLS_VERSION}"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    except subprocess.TimeoutExpired:
        _unavailable(f"npm install yaml-language-server@{YLS_VERSION} took over 5 minutes")
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        _unavailable(f"npm could not install yaml-language-server@{YLS_VERSION}: {done.stderr}")
    try:
        staging.rename(target)  # whole or not at all: a broken install is never reused
    except OSError:  # another test run finished first
        shutil.rmtree(staging, ignore_errors=True)
    return target / script


@pytest.fixture(scope="module")
def server() -> Iterator[LanguageServer]:
    node = shutil.which("node")
    if node is None:
        _unavailable("Node.js is not installed: apt-get install nodejs npm")
    assert node is not None
    script = _install()
    with LanguageServer([node, str(script), "--stdio"], ROOT, SETTINGS) as running:
        yield running


def _messages(diagnostics: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """(1-based line, message) of each diagnostic, in the order of the file."""
    found = [(d["range"]["start"]["line"] + 1, d["message"]) for d in diagnostics]
    return sorted(found)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _definition(*path: str) -> dict[str, Any]:
    node: Any = schemas.load_schema(schemas.PLAN)["definitions"]
    for part in path:
        node = node[part]
    assert isinstance(node, dict)
    return node


# --- (a) mistakes get Chinese messages, on their lines --------------------------------------


def test_wrong_date_document_number_copy_number_and_stage_time_are_explained_in_chinese(
    server: LanguageServer,
) -> None:
    text = (
        SEED.replace("  date: 2014-02-24", "  date: 2014-2-24", 1)
        .replace("天企工委发〔2014〕3号", "天企工委发[2014]3号", 1)
        .replace("  issuer:", "  copy_number: 000001\n  issuer:", 1)
        .replace("          end: 2014-04-30\n", "          end: 4月30日前\n", 1)
    )
    uri = server.open(ROOT / "plans" / "editor-mistakes.yaml", text)
    document = _definition("document", "properties")
    assert _messages(server.diagnostics(uri)) == [
        (_line_of(text, "copy_number"), document["copy_number"]["errorMessage"]),
        (_line_of(text, "number: 天企"), document["number"]["patternErrorMessage"]),
        (_line_of(text, "date: 2014-2-24"), _definition("date")["patternErrorMessage"]),
        (_line_of(text, "end: 4月30日前"), _definition("when")["patternErrorMessage"]),
    ]
    # what the texts say, so that a careless edit of the schema cannot empty them
    assert "000001" in document["copy_number"]["errorMessage"]
    assert "〔2014〕" in document["number"]["patternErrorMessage"]
    assert "2014-02-24" in _definition("date")["patternErrorMessage"]
    assert "3月中旬" in _definition("when")["patternErrorMessage"]


def test_a_list_written_as_one_line_is_explained(server: LanguageServer) -> None:
    text = SEED.replace(
        "  cc:\n    - 市委党的群众路线教育实践活动领导小组办公室\n    - 市委组织部",
        "  cc: 市委组织部",
        1,
    ).replace("    - id: mobile-members\n", "    - id: mobile-members\n      only: city-owned\n", 1)
    assert text.count("  cc: 市委组织部") == text.count("only: city-owned") == 1
    uri = server.open(ROOT / "plans" / "editor-list.yaml", text)
    assert _messages(server.diagnostics(uri)) == [
        (_line_of(text, "  cc: "), _definition("names")["errorMessage"]),
        (_line_of(text, "only: city-owned"), _definition("types")["errorMessage"]),
    ]


def _hint(node: dict[str, Any]) -> str | None:
    """The Chinese text the editor shows for a value of the wrong kind at ``node``: its own
    ``errorMessage``, or for a ``oneOf`` (a cell: text, or text with its span) that of the
    alternative that is no object."""
    if "errorMessage" in node:
        return str(node["errorMessage"])
    for alternative in node.get("oneOf", []):
        if alternative.get("type") != "object" and "errorMessage" in alternative:
            return str(alternative["errorMessage"])
    return None


def test_a_table_s_mistakes_are_explained_in_chinese(server: LanguageServer) -> None:
    """A table's columns written on one line, a row that is no list, several units listed in
    one cell."""
    table = (
        "      table:\n"
        "        kind: tasks\n"
        "        columns: 重点任务, 牵头单位, 完成时限\n"
        "        rows:\n"
        "          - [召开动员大会, 办公室, 3月上旬]\n"
        "          - 开展专项整治\n"
        "          - [建章立制, [办公室, 组织部], 年底]\n"
    )
    text = SEED.replace("    - kind: requirements\n", "    - kind: requirements\n" + table, 1)
    assert text != SEED
    uri = server.open(ROOT / "plans" / "editor-table.yaml", text)
    properties = _definition("table", "properties")
    assert _messages(server.diagnostics(uri)) == [
        (_line_of(text, "columns: 重点任务"), _hint(properties["columns"])),
        (_line_of(text, "- 开展专项整治"), _hint(properties["rows"]["items"])),
        (_line_of(text, "[办公室, 组织部]"), _hint(_definition("cell"))),
    ]


# --- (b) hover: the field's Chinese title and description -----------------------------------


def test_hover_on_a_field_shows_its_chinese_title_and_description(server: LanguageServer) -> None:
    uri = server.open(ROOT / "plans" / "editor-hover.yaml", SEED)
    shown = server.hover(uri, position_of(SEED, "  issuer:", 3))
    issuer = _definition("document", "properties", "issuer")
    assert shown.startswith(f"#### {issuer['title']}\n")
    assert issuer["description"] in shown
    date = server.hover(uri, position_of(SEED, "  date: 2014-02-24", 3))
    assert "成文日期" in date and "2014年2月20日" in date


# --- (c) the repository's enterprise types are offered, with their Chinese names -------------

CATALOGUE = """\
# yaml-language-server: $schema=../schemas/enterprise-types.schema.json
enterprise_types:
  - id: state-owned
    name: 国有企业
    supervisor: 国资委派出的督导组
    recipients: [各国有企业党委]
  - id: private
    name: 民营企业
    supervisor: 工商联
    recipients: [各民营企业党组织]
"""


@pytest.fixture(scope="module")
def other_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another office's repository, with its own catalogue and the schemas plangen wrote for it."""
    top = tmp_path_factory.mktemp("office")
    (top / "plans").mkdir()
    (top / "plans" / "enterprise-types.yaml").write_text(CATALOGUE, encoding="utf-8")
    here = Path.cwd()
    os.chdir(top / "plans")  # plangen finds the repository from any folder in it
    try:
        written = run_cli("schema", "-o", "../schemas")
    finally:
        os.chdir(here)
    assert written.exit_code == 0, written.output
    return top


def _with_types(text: str, *types: str) -> str:
    """The seed plan with its enterprise requirements' types replaced, in order."""
    parts = text.split("  - type: ")
    assert len(parts) == len(types) + 1
    rest = [p.split("\n", 1)[1] for p in parts[1:]]
    return parts[0] + "".join(f"  - type: {t}\n{r}" for t, r in zip(types, rest, strict=True))


def test_completion_of_an_enterprise_type_offers_the_repository_s_ids(
    server: LanguageServer, other_repository: Path
) -> None:
    """Where a requirement names its type, and in the ``only:`` list of a section, an item or
    an attachment, written on one line or as a block."""
    text = (
        _with_types(SEED, *["state-owned"] * 4)
        .replace("    - id: mobile-members\n", "    - id: mobile-members\n      only: []\n", 1)
        .replace(
            "        - id: study\n", "        - id: study\n          only:\n            - \n", 1
        )
        .replace("  - id: letter\n", "  - id: letter\n    only: [private, ]\n", 1)
    )
    uri = server.open(other_repository / "plans" / "plan.yaml", text)
    for place in (
        position_of(text, "  - type: state-owned", 10),
        position_of(text, "      only: []", 13),
        position_of(text, "          only:\n            - ", 30),
        position_of(text, "    only: [private, ]", 20),
    ):
        offered = server.completion(uri, place)
        labels = {item["label"]: item.get("documentation", {}) for item in offered}
        assert list(labels) == ["state-owned", "private"], place
        assert "国有企业" in labels["state-owned"]["value"]
        assert "民营企业" in labels["private"]["value"]
    hover = server.hover(uri, position_of(text, "  - type: state-owned", 12))
    assert "国有企业" in hover


def test_an_unknown_enterprise_type_lists_the_repository_s_ids(
    server: LanguageServer, other_repository: Path
) -> None:
    text = _with_types(SEED, "state-owned", "state-owend", "private", "private")
    text = text.replace(
        "  - id: guidance-group\n", "  - id: guidance-group\n    only: [private, city-owned]\n"
    ).replace(
        "    - id: mobile-members\n", "    - id: mobile-members\n      only:\n        - privat\n"
    )
    uri = server.open(other_repository / "plans" / "typo.yaml", text)
    expected = (
        "企业类型要写企业类型目录（plans/enterprise-types.yaml）中的标识之一："
        "state-owned（国有企业）、private（民营企业）。"
    )
    assert _messages(server.diagnostics(uri)) == [
        (_line_of(text, "state-owend"), expected),
        (_line_of(text, "        - privat\n"), expected),
        (_line_of(text, "only: [private, city-owned]"), expected),
    ]


#: LSP's CompletionItemKind of a key (which may have a tab stop too); the schema's snippets come
#: as kind Module, with tab stops, beside the server's own new object (the item's title, no stop)
PROPERTY = 10


def _snippets_at(
    server: LanguageServer, where: Path, text: str, under: str, within: str | None = None
) -> dict[str, Any]:
    """The snippets the editor offers, by label, on a new line ``- `` that starts the list under
    the line ``under`` (the first one after the line ``within``); each in Chinese."""
    lines = text.split("\n")
    at = lines.index(under, lines.index(within) if within else 0) + 1
    indent = len(under) - len(under.lstrip()) + 2
    lines.insert(at, " " * indent + "- ")
    uri = server.open(where, "\n".join(lines))
    offered = server.completion(uri, {"line": at, "character": indent + 2})
    snippets = {
        item["label"]: item
        for item in offered
        if item.get("kind") != PROPERTY and "${" in item.get("insertText", "")
    }
    for label, snippet in snippets.items():
        assert CJK.search(label) and CJK.search(str(snippet.get("documentation"))), label
    return snippets


def test_snippets_for_new_items_are_offered_in_chinese(
    server: LanguageServer, other_repository: Path
) -> None:
    plans = other_repository / "plans"
    text = _with_types(SEED, *["private"] * 4)
    # a new section: with a text, with items, the stages, the types
    sections = _snippets_at(server, plans / "new-section.yaml", text, "  sections:")
    assert list(sections) == [s["label"] for s in _definition("section")["defaultSnippets"]]
    # a new stage, among the items of the stages' section
    items = _snippets_at(
        server, plans / "new-stage.yaml", text, "      items:", "    - kind: stages"
    )
    stage = items["环节：名称、时间和步骤"]
    assert stage["insertText"].startswith(
        "name: ${1:环节名称}\n  start: ${2:3月上旬}\n  end: ${3:4月底}\n  items:\n    - name:"
    )
    # a new enterprise requirement, and a new section of the types with its first requirement,
    # offer this repository's types to pick from
    requirements = _snippets_at(server, plans / "new-type.yaml", text, "      requirements:")
    assert requirements["一类企业的要求：类型、目标、任务、督导"]["insertText"].startswith(
        "type: ${1|state-owned,private|}\n  goals:"
    )
    assert "\n    - type: ${1|state-owned,private|}\n" in sections["部分：分类指导"]["insertText"]


# --- (d) a good plan is quiet ---------------------------------------------------------------


def test_the_seed_plan_and_catalogue_get_no_diagnostics(server: LanguageServer) -> None:
    uri = server.open(ROOT / "plans" / "editor-seed.yaml", SEED)
    assert server.diagnostics(uri) == []
    catalogue = (ROOT / "plans" / "enterprise-types.yaml").read_text(encoding="utf-8")
    uri = server.open(ROOT / "plans" / "editor-enterprise-types.yaml", catalogue)
    assert server.diagnostics(uri) == []


# --- the client itself: a broken server fails the test, it does not hang it -----------------


@pytest.mark.parametrize(
    ("program", "says"),
    [("import time; time.sleep(60)", "no answer in 0.5 s"), ("pass", "exited|cannot write")],
    ids=["hangs", "exits"],
)
def test_a_server_that_hangs_or_exits_fails_quickly(program: str, says: str) -> None:
    started = time.monotonic()
    with (
        pytest.raises(LspError, match=says),
        LanguageServer([sys.executable, "-c", program], ROOT, {}, timeout=0.5),
    ):
        pass
    assert time.monotonic() - started < 10
