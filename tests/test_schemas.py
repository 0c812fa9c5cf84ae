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


@pytest.mark.parametrize("name", NAMES)
def test_every_pattern_and_list_explains_itself_in_chinese(name: str) -> None:
    for path, node in walk(schemas.load_schema(name)):
        if "pattern" in node:
            assert CJK.search(node.get("patternErrorMessage", "")), path
        if "errorMessage" in node:
            assert CJK.search(node["errorMessage"]), path
            # yaml-language-server also shows an object's errorMessage for an unknown or missing
            # key, where it would hide the real problem
            assert node.get("type") != "object", path
        if node.get("type") == "array":  # a list written as one line is a common mistake
            assert "errorMessage" in node, path


def _fill(body: Any) -> Any:
    """A snippet's body as the drafter gets it on accepting the defaults: ``${1:名称}`` → 名称,
    a choice ``${1|a,b|}`` → a."""
    if isinstance(body, dict):
        return {k: _fill(v) for k, v in body.items()}
    if isinstance(body, list):
        return [_fill(v) for v in body]
    text = re.sub(r"\$\{\d+:([^}]*)\}", r"\1", body)
    return re.sub(r"\$\{\d+\|([^,|]*)[^}]*\}", r"\1", text)


@pytest.mark.parametrize("catalog", [None, "seed"])
def test_every_snippet_is_a_valid_item(catalog: str | None) -> None:
    files = schemas.repository_schemas(seed_types() if catalog else None)
    count = 0
    for name in NAMES:
        root = json.loads(files[name])
        for path, node in walk(root):
            for snippet in node.get("defaultSnippets", []):
                assert CJK.search(snippet["label"]) and CJK.search(snippet["description"])
                schema = {**root, "$ref": path}  # the item's schema, with the definitions
                jsonschema.Draft7Validator(schema).validate(_fill(snippet["body"]))
                count += 1
    assert count == 9  # item ×2, extra section, phase, requirement, member, attachment ×2, type


def test_without_a_catalogue_the_schemas_are_the_packaged_ones() -> None:
    files = schemas.repository_schemas(None)
    assert files == schemas.repository_schemas({})
    for name in NAMES:
        assert json.loads(files[name]) == schemas.load_schema(name)
        assert files[name].endswith("}\n") and '\n  "title": "' in files[name]
        assert "实施方案" in files[schemas.PLAN]  # characters as they are, not \\u escapes


def test_a_catalogue_becomes_an_enum_with_chinese_names() -> None:
    types = {
        "state-owned": {"name": "国有企业", "supervisor": "国资委"},
        "private": {"name": "民营企业", "supervisor": "工商联"},
    }
    files = schemas.repository_schemas(types)
    assert files == schemas.repository_schemas(types)  # deterministic
    plan = json.loads(files[schemas.PLAN])["definitions"]
    for field in (
        plan["enterprise_requirement"]["properties"]["type"],
        plan["attachment"]["properties"]["editions"]["items"],
    ):
        assert field["enum"] == ["state-owned", "private"]
        assert field["enumDescriptions"] == ["国有企业", "民营企业"]
        assert field["markdownEnumDescriptions"][0] == "**国有企业**（督导主体：国资委）"
        assert "state-owned（国有企业）、private（民营企业）" in field["errorMessage"]
    # the packaged schema the validator uses is not touched
    packaged = schemas.load_schema(schemas.PLAN)["definitions"]
    assert "enum" not in packaged["enterprise_requirement"]["properties"]["type"]
    assert files[schemas.CATALOG] == schemas.repository_schemas(None)[schemas.CATALOG]


@pytest.mark.parametrize("catalog", [None, "seed"])
def test_the_validators_accept_the_editor_keywords(catalog: str | None) -> None:
    """jsonschema and fastjsonschema ignore errorMessage, snippets and enumDescriptions, and
    agree with the schemas on the seed plan."""
    files = schemas.repository_schemas(seed_types() if catalog else None)
    seed = load_file(ROOT / "plans" / "2014-qunzhong-luxian.yaml", "x").data
    schema = {k: v for k, v in json.loads(files[schemas.PLAN]).items() if k != "$id"}
    jsonschema.Draft7Validator.check_schema(schema)
    assert fastjsonschema.compile(schema)(seed) == seed
    jsonschema.Draft7Validator(schema).validate(seed)
    bad = json.loads(json.dumps(seed))
    bad["body"]["enterprise_requirements"]["items"][0]["type"] = "city-owend"
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(bad))
    assert [e.validator for e in errors] == (["enum"] if catalog else [])


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
    """The editor's enum does not replace the validator's own explanation of an unknown type."""
    (office / "schemas").mkdir()
    for name in NAMES:
        (office / "schemas" / name).write_text("not json {", encoding="utf-8")
    plan = office / "plans" / "2014-qunzhong-luxian.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("type: city-owned", "type: city-owend"),
        encoding="utf-8",
    )
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.output == (
        "plans/2014-qunzhong-luxian.yaml:195:15: 错误: 不存在的企业类型“city-owend”。"
        "是不是“city-owned”（市属企业）？ [ref.unknown-type]\n"
        "检查了 2 个文件：1 个错误，0 个警告。\n"
    )
