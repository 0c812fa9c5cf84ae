"""The schemas editors read: Chinese hints, snippets that are valid plans, the repository's enum.

What the editor makes of them is tested against the real server in ``test_editor``; here the
files themselves: every pattern explained, every snippet valid, ``plangen schema`` and ``--check``,
and the validator unmoved by any of it.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import pytest

from plangen.plan import schemas
from plangen.plan.loader import load_file
from plangen.plan.validate import catalog_from

from .conftest import ROOT, run_cli

NAMES = (schemas.PLAN, schemas.CATALOG)
CJK = re.compile("[\u4e00-\u9fff]")


def walk(node: Any, path: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema with its place, skipping the snippets' bodies (data, not schemas)."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if key not in ("defaultSnippets", "enum", "enumDescriptions"):
                yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}/{i}")


def seed_types() -> dict[str, dict[str, Any]]:
    catalog, problems = catalog_from(load_file(ROOT / "plans" / "enterprise-types.yaml", "x"))
    assert catalog is not None, problems
    return catalog.types


#: another office's catalogue, without the seed's ids (``city-owned`` and the like)
OTHER_TYPES = {
    "state-owned": {"name": "国有企业", "supervisor": "国资委"},
    "private": {"name": "民营企业", "supervisor": "工商联"},
}


def catalogue(name: str | None) -> dict[str, dict[str, Any]] | None:
    """No catalogue (``None``), this repository's (``seed``) or another office's (``other``)."""
    if name == "seed":
        return seed_types()
    return OTHER_TYPES if name == "other" else None


def unexplained(root: dict[str, Any]) -> list[str]:
    """The places where the editor would show an English message, or a Chinese one that hides
    the real problem."""
    found = []
    for path, node in walk(root):
        if "pattern" in node and not CJK.search(node.get("patternErrorMessage", "")):
            found.append(f"{path}: a pattern without a Chinese patternErrorMessage")
        if "errorMessage" in node and not CJK.search(node["errorMessage"]):
            found.append(f"{path}: an errorMessage not in Chinese")
        # yaml-language-server also shows an object's errorMessage for an unknown or missing
        # key, where it would hide the real problem
        if "errorMessage" in node and node.get("type") == "object":
            found.append(f"{path}: an errorMessage on an object")
        # a list written as one line is a common mistake; so is a value not among the allowed
        if node.get("type") == "array" and "errorMessage" not in node:
            found.append(f"{path}: a list without errorMessage")
        if "enum" in node and "errorMessage" not in node:
            found.append(f"{path}: an enum without errorMessage")
        # the editor explains a value that fits no alternative of a oneOf by the alternative
        # that comes closest: each one that is no object must explain itself (with its type
        # written as a list, or yaml-language-server merges the alternatives' English “Expected
        # string | object” over it: test_editor tries a table's cells)
        for keyword in ("oneOf", "anyOf"):
            for i, alternative in enumerate(node.get(keyword, [])):
                if alternative.get("type") != "object" and "errorMessage" not in alternative:
                    found.append(f"{path}/{keyword}/{i}: an alternative without errorMessage")
    return found


@pytest.mark.parametrize("name", NAMES)
def test_every_pattern_and_list_explains_itself_in_chinese(name: str) -> None:
    found = unexplained(schemas.load_schema(name))
    assert not found, "\n".join(found)


def _fill(body: Any) -> Any:
    """A snippet's body as the drafter gets it on accepting the defaults: ``${1:名称}`` → 名称,
    a choice ``${1|a,b|}`` → a."""
    if isinstance(body, dict):
        return {k: _fill(v) for k, v in body.items()}
    if isinstance(body, list):
        return [_fill(v) for v in body]
    if not isinstance(body, str):  # numbered: true, width: 12
        return body
    text = re.sub(r"\$\{\d+:([^}]*)\}", r"\1", body)
    return re.sub(r"\$\{\d+\|([^,|]*)[^}]*\}", r"\1", text)


@pytest.mark.parametrize("catalog", [None, "seed", "other"])
def test_every_snippet_is_a_valid_item(catalog: str | None) -> None:
    """Also with another office's catalogue: a snippet that names an enterprise type offers that
    catalogue's ids, never the seed's ``city-owned``."""
    files = schemas.repository_schemas(catalogue(catalog))
    labels = []
    for name in NAMES:
        root = json.loads(files[name])
        for path, node in walk(root):
            for snippet in node.get("defaultSnippets", []):
                assert CJK.search(snippet["label"]) and CJK.search(snippet["description"])
                schema = {**root, "$ref": path}  # the item's schema, with the definitions
                jsonschema.Draft7Validator(schema).validate(_fill(snippet["body"]))
                labels.append(snippet["label"])
    assert len(labels) == len(set(labels)) == 13, labels
    # section ×4 (text, items, stages, types), item ×3 (text with or without a name, a stage),
    # task table, requirement, member, attachment ×2; the catalogue's enterprise type


def test_without_a_catalogue_the_schemas_are_the_packaged_ones() -> None:
    files = schemas.repository_schemas(None)
    assert files == schemas.repository_schemas({})
    for name in NAMES:
        assert json.loads(files[name]) == schemas.load_schema(name)
        assert files[name].endswith("}\n") and '\n  "title": "' in files[name]
        assert "实施方案" in files[schemas.PLAN]  # characters as they are, not \\u escapes


def test_a_catalogue_becomes_an_enum_with_chinese_names() -> None:
    files = schemas.repository_schemas(OTHER_TYPES)
    assert files == schemas.repository_schemas(OTHER_TYPES)  # deterministic
    plan = json.loads(files[schemas.PLAN])["definitions"]
    for field in (
        plan["enterprise_requirement"]["properties"]["type"],
        plan["types"]["items"],  # “only”: the types a section, an item or an attachment is for
    ):
        assert field["enum"] == ["state-owned", "private"]
        assert field["enumDescriptions"] == ["国有企业", "民营企业"]
        assert field["markdownEnumDescriptions"][0] == "**国有企业**（督导主体：国资委）"
        assert "state-owned（国有企业）、private（民营企业）" in field["errorMessage"]
    for owner in ("section", "item", "attachment"):
        assert plan[owner]["properties"]["only"] == {"$ref": "#/definitions/types"}
    # the snippets that write an enterprise requirement offer the ids to pick from
    choice = "${1|state-owned,private|}"
    (requirement,) = plan["enterprise_requirement"]["defaultSnippets"]
    assert requirement["body"]["type"] == choice
    (types,) = [s for s in plan["section"]["defaultSnippets"] if s["body"].get("kind") == "types"]
    assert types["body"]["requirements"][0]["type"] == choice
    # the packaged schema the validator uses is not touched
    packaged = schemas.load_schema(schemas.PLAN)["definitions"]
    assert "enum" not in packaged["enterprise_requirement"]["properties"]["type"]
    assert "enum" not in packaged["types"]["items"]
    assert files[schemas.CATALOG] == schemas.repository_schemas(None)[schemas.CATALOG]


@pytest.mark.parametrize("catalog", [None, "seed"])
def test_the_validators_accept_the_editor_keywords(catalog: str | None) -> None:
    """jsonschema and fastjsonschema ignore errorMessage, snippets and enumDescriptions, and
    agree with the schemas on the seed plan."""
    files = schemas.repository_schemas(catalogue(catalog))
    seed = load_file(ROOT / "plans" / "2014-qunzhong-luxian.yaml", "x").data
    schema = {k: v for k, v in json.loads(files[schemas.PLAN]).items() if k != "$id"}
    jsonschema.Draft7Validator.check_schema(schema)
    assert fastjsonschema.compile(schema)(seed) == seed
    jsonschema.Draft7Validator(schema).validate(seed)
    bad = json.loads(json.dumps(seed))
    (types,) = [s for s in bad["body"]["sections"] if s.get("kind") == "types"]
    types["requirements"][0]["type"] = "city-owend"
    bad["attachments"][0]["only"] = ["non-pubilc"]
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(bad))
    assert sorted(e.validator for e in errors) == (["enum", "enum"] if catalog else [])


# --- plangen schema ------------------------------------------------------------------------


def test_this_repository_s_schemas_are_current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("schema", "--check", "-o", "schemas")
    assert result.exit_code == 0, result.output + "\n(run: plangen schema -o schemas)"
    assert result.output == "schemas 中的 2 个 Schema 文件是最新的。\n"
    files = schemas.repository_schemas(seed_types())
    assert run_cli("schema").output == files[schemas.PLAN]
    assert run_cli("schema", "enterprise-types").output == files[schemas.CATALOG]


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "plans").mkdir()
    for name in ("2014-qunzhong-luxian.yaml", "enterprise-types.yaml"):
        shutil.copy(ROOT / "plans" / name, tmp_path / "plans" / name)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_says_when_the_catalogue_changed_since(office: Path) -> None:
    assert run_cli("schema", "-o", "schemas").exit_code == 0
    assert run_cli("schema", "--check", "-o", "schemas").exit_code == 0
    catalogue = office / "plans" / "enterprise-types.yaml"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8").replace("non-public", "private"), encoding="utf-8"
    )
    stale = run_cli("schema", "--check", "-o", "schemas")
    assert stale.exit_code == 1
    assert stale.output == (
        "schemas/plan.schema.json 不是最新的（企业类型目录或 plangen 改过之后要重新生成）。\n"
        "请运行 plangen schema -o schemas 重新生成，再提交。\n"
    )
    (office / "schemas" / "enterprise-types.schema.json").unlink()
    missing = run_cli("schema", "--check", "-o", "schemas")
    assert (
        missing.exit_code == 1 and "缺少 schemas/enterprise-types.schema.json。" in missing.output
    )
    run_cli("schema", "-o", "schemas")
    crlf = office / "schemas" / "plan.schema.json"
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))  # a Windows checkout
    assert run_cli("schema", "--check", "-o", "schemas").exit_code == 0


def test_check_needs_a_folder() -> None:
    result = run_cli("schema", "--check")
    assert result.exit_code == 2
    assert "--check 要和 -o 一起用" in result.output


def test_a_broken_catalogue_writes_no_schema(office: Path) -> None:
    (office / "plans" / "enterprise-types.yaml").write_text(
        "enterprise_types:\n  - id: City Owned\n    name: 市属企业\n", encoding="utf-8"
    )
    result = run_cli("schema", "-o", "schemas")
    assert result.exit_code == 1
    assert "plans/enterprise-types.yaml:2:" in result.output
    assert "企业类型目录有错误，没有写出 Schema" in result.output
    assert not (office / "schemas").exists()


def test_without_a_catalogue_the_generic_schema_is_written(office: Path) -> None:
    (office / "plans" / "enterprise-types.yaml").unlink()
    assert run_cli("schema", "-o", "schemas").exit_code == 0
    written = (office / "schemas" / "plan.schema.json").read_text(encoding="utf-8")
    assert written == schemas.repository_schemas(None)[schemas.PLAN]


def test_validate_never_reads_the_repository_s_schemas(office: Path) -> None:
    """The editor's enum does not replace the validator's own explanation of an unknown type,
    where a requirement names its type and where an attachment says which types it is ``only``
    for."""
    (office / "schemas").mkdir()
    for name in NAMES:
        (office / "schemas" / name).write_text("not json {", encoding="utf-8")
    plan = office / "plans" / "2014-qunzhong-luxian.yaml"
    text = (
        plan.read_text(encoding="utf-8")
        .replace("- type: city-owned\n", "- type: city-owend\n", 1)
        .replace("  - id: letter\n", "  - id: letter\n    only: [non-pubilc]\n", 1)
    )
    plan.write_text(text, encoding="utf-8")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.output == (
        f"plans/2014-qunzhong-luxian.yaml:{_place(text, 'city-owend')}: 错误: "
        "不存在的企业类型“city-owend”。是不是“city-owned”（市属企业）？ [ref.unknown-type]\n"
        f"plans/2014-qunzhong-luxian.yaml:{_place(text, 'non-pubilc')}: 错误: "
        "不存在的企业类型“non-pubilc”。是不是“non-public”（非公企业）？ [ref.unknown-type]\n"
        "检查了 2 个文件：2 个错误，0 个警告。\n"
    )


def _place(text: str, needle: str) -> str:
    """``line:column`` (from 1) of the one ``needle`` in ``text``."""
    assert text.count(needle) == 1, needle
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    return f"{line}:{column}"
