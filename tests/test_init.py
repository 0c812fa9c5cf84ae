"""``plangen init`` (a plans repository for an office) and ``plangen new`` (a plan to fill in)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from plangen.document.layout import Layout
from plangen.plan import scaffold, schemas
from plangen.plan.loader import load_bytes

from .conftest import ROOT, run_cli

HAS_GIT = shutil.which("git") is not None
TEXTCONV = f"{shlex.quote(sys.executable)} -m plangen textconv"

MADE = [
    "plans/enterprise-types.yaml",
    "plans/example.yaml",
    "plangen.toml",
    "README.md",
    ".gitignore",
    ".gitattributes",
    ".pre-commit-config.yaml",
    ".vscode/settings.json",
    ".vscode/extensions.json",
    "schemas/plan.schema.json",
    "schemas/enterprise-types.schema.json",
]


@pytest.fixture(autouse=True)
def plain_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """git without the machine's own configuration, so every test sees the same git."""
    empty = tmp_path / "gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    yield


def plan_data(path: Path) -> Any:
    """A plan as plangen reads it (dates stay text)."""
    return load_bytes(path.read_bytes(), path.name).data


def git_config(folder: Path, key: str) -> str:
    done = subprocess.run(["git", "config", key], cwd=folder, capture_output=True, check=False)
    return done.stdout.decode("utf-8").strip()


# --- plangen init ----------------------------------------------------------------------------


@pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
def test_init_makes_a_repository_that_validates_and_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_path = tmp_path.resolve()  # init names the folder as resolved
    monkeypatch.chdir(tmp_path)
    result = run_cli("init", "office")
    assert result.exit_code == 0, result.output
    office = tmp_path / "office"
    assert result.output == "".join(
        [
            *(f"已创建：{path}\n" for path in MADE),
            "已建立 git 仓库（git init）。\n",
            f"已设置 git：diff.plangen-docx.textconv = {TEXTCONV}\n",
            "已设置 git：core.quotepath = false\n",
            f"方案仓库已就绪：{office}（新建 11 个文件，保留 0 个已有文件）。\n",
            f"下一步：cd {office}，在 plans/ 中编辑方案（plangen new plans/方案名称 新建一份），"
            "plangen validate 检查，plangen build 生成 Word 文件。\n",
        ]
    )
    assert (office / ".git").is_dir()
    assert git_config(office, "diff.plangen-docx.textconv") == TEXTCONV
    assert git_config(office, "core.quotepath") == "false"

    monkeypatch.chdir(office)
    validated = run_cli("validate")
    assert (validated.exit_code, validated.output) == (0, "检查了 2 个文件，没有发现问题。\n")
    assert run_cli("fmt", "--check").exit_code == 0
    built = run_cli("build")
    assert built.exit_code == 0, built.output
    documents = sorted((office / "dist" / "example").glob("*.docx"))
    assert len(documents) == 5  # the full plan and one edition per enterprise type

    # the diff driver as configured, run the way git runs it (through the shell)
    shown = subprocess.run(
        f"{TEXTCONV} {shlex.quote(str(documents[0]))}",
        shell=True,
        capture_output=True,
        check=True,
    )
    assert "党的群众路线教育实践活动" in shown.stdout.decode("utf-8")


def test_init_files_are_the_packaged_texts_and_the_schemas(tmp_path: Path) -> None:
    result = run_cli("init", str(tmp_path), env={"PATH": str(tmp_path / "no-git")})
    assert result.exit_code == 0, result.output
    for path, name in scaffold.REPOSITORY_FILES.items():
        assert (tmp_path / path).read_text(encoding="utf-8") == scaffold.packaged_text(name)
    for name in (schemas.PLAN, schemas.CATALOG):
        assert (tmp_path / "schemas" / name).read_bytes() == (ROOT / "schemas" / name).read_bytes()
    example = (tmp_path / "plans" / "example.yaml").read_text(encoding="utf-8")
    assert example.startswith("# yaml-language-server: $schema=../schemas/plan.schema.json\n")


def test_init_without_git_says_what_to_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp_path = tmp_path.resolve()  # init names the folder as resolved
    monkeypatch.chdir(tmp_path)
    result = run_cli("init", env={"PATH": str(tmp_path / "no-git")})
    assert result.exit_code == 0, result.output
    assert not (tmp_path / ".git").exists()
    assert result.output.endswith(
        f"没有找到 git 程序。安装 git 后，请在 {tmp_path} 中运行下面的命令，"
        "这样 git diff 能显示 Word 文件中文字的改动，中文文件名也能正常显示：\n"
        "  git init\n"
        f'  git config diff.plangen-docx.textconv "{TEXTCONV}"\n'
        '  git config core.quotepath "false"\n'
        f"方案仓库已就绪：{tmp_path}（新建 11 个文件，保留 0 个已有文件）。\n"
        "下一步：在 plans/ 中编辑方案（plangen new plans/方案名称 新建一份），"
        "plangen validate 检查，plangen build 生成 Word 文件。\n"
    )


def test_init_keeps_every_existing_file_and_adds_the_missing_ones(tmp_path: Path) -> None:
    tmp_path = tmp_path.resolve()  # init names the folder as resolved
    (tmp_path / "plans").mkdir()
    shutil.copy(ROOT / "plans" / "2014-qunzhong-luxian.yaml", tmp_path / "plans" / "own.yaml")
    (tmp_path / "README.md").write_text("# 我们的方案\n", encoding="utf-8")
    (tmp_path / ".gitattributes").write_text("*.txt text\n", encoding="utf-8")
    result = run_cli("init", str(tmp_path), env={"PATH": str(tmp_path / "no-git")})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "plans/ 中已有方案，不再添加示例方案 plans/example.yaml。"
    assert "已存在，保留原样：README.md" in lines
    assert "已存在，保留原样：.gitattributes" in lines
    assert "已创建：plans/enterprise-types.yaml" in lines
    assert (
        ".gitattributes 中没有“*.docx diff=plangen-docx”这一行，请把它加上（已有的文件不会被改动）。"
        in lines
    )
    assert f"方案仓库已就绪：{tmp_path}（新建 8 个文件，保留 2 个已有文件）。" in lines
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# 我们的方案\n"
    assert (tmp_path / ".gitattributes").read_text(encoding="utf-8") == "*.txt text\n"
    assert not (tmp_path / "plans" / "example.yaml").exists()


def test_init_twice_changes_nothing(tmp_path: Path) -> None:
    no_git = {"PATH": str(tmp_path / "no-git")}
    assert run_cli("init", str(tmp_path), env=no_git).exit_code == 0
    (tmp_path / "plans" / "example.yaml").write_text("# 改过\n", encoding="utf-8")
    again = run_cli("init", str(tmp_path), env=no_git)
    assert [line for line in again.output.splitlines() if line.startswith("已")] == [
        *(f"已存在，保留原样：{path}" for path in MADE)
    ]
    assert (tmp_path / "plans" / "example.yaml").read_text(encoding="utf-8") == "# 改过\n"
    # the example was emptied, so the repository no longer validates: init says so
    assert again.exit_code == 1
    assert "plans/example.yaml:1:1: 错误: 文件是空的" in again.output
    assert again.output.endswith(
        "方案仓库已建立，但其中的方案有问题（见上）：改正后运行 plangen validate 再检查。\n"
    )


@pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
def test_init_inside_a_git_repository_configures_that_one(tmp_path: Path) -> None:
    tmp_path = tmp_path.resolve()  # init names the folder as resolved
    subprocess.run(["git", "init", "--quiet"], cwd=tmp_path, check=True)
    result = run_cli("init", str(tmp_path / "plans-repo"))
    assert result.exit_code == 0, result.output
    assert f"这个文件夹已在 git 仓库 {tmp_path} 中，git 设置写入这个仓库。" in result.output
    assert "git init" not in result.output
    assert not (tmp_path / "plans-repo" / ".git").exists()
    assert git_config(tmp_path, "diff.plangen-docx.textconv") == TEXTCONV


def test_init_in_english(tmp_path: Path) -> None:
    tmp_path = tmp_path.resolve()  # init names the folder as resolved
    result = run_cli("--lang", "en", "init", str(tmp_path), env={"PATH": str(tmp_path / "no-git")})
    assert result.exit_code == 0
    assert result.output.startswith("created: plans/enterprise-types.yaml\n")
    assert "git was not found." in result.output
    assert f"The plans repository is ready: {tmp_path} (11 file(s) made, 0 kept).\n" in (
        result.output
    )


def test_init_on_a_file_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = run_cli("init", "notes.txt")
    assert result.exit_code == 2
    assert "notes.txt" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "plans").exists()


def test_init_where_a_folder_is_a_file_says_what_it_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "plans").write_text("not a folder", encoding="utf-8")
    result = run_cli("init", str(tmp_path), env={"PATH": str(tmp_path / "no-git")})
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("无法写入 plans/enterprise-types.yaml：")
    assert "Traceback" not in result.output


def test_plangen_toml_explains_the_fonts_and_changes_nothing_as_written() -> None:
    text = scaffold.packaged_text("plangen.toml")
    assert tomllib.loads(text) == {}  # every key commented out: the defaults apply
    uncommented = re.sub(r"(?m)^# (\[fonts\]$|\w+ = )", r"\1", text)
    fonts = tomllib.loads(uncommented)["fonts"]
    assert fonts == {k: getattr(Layout(), k) for k in fonts}  # the defaults, by the right names
    assert set(fonts) == set(Layout.__dataclass_fields__)


def test_editor_git_and_precommit_settings() -> None:
    settings = json.loads(scaffold.packaged_text("vscode-settings.json"))
    assert settings["yaml.schemas"] == {
        "./schemas/plan.schema.json": [
            "plans/**/*.yaml",
            "plans/**/*.yml",
            "!plans/**/enterprise-types.yaml",
        ],
        "./schemas/enterprise-types.schema.json": ["plans/**/enterprise-types.yaml"],
    }
    assert (settings["files.encoding"], settings["files.eol"]) == ("utf8", "\n")
    extensions = json.loads(scaffold.packaged_text("vscode-extensions.json"))
    assert extensions == {"recommendations": ["redhat.vscode-yaml"]}
    for path, line in scaffold.REQUIRED_LINES.items():
        text = scaffold.packaged_text(scaffold.REPOSITORY_FILES[path])
        assert line in text.splitlines()
    config = yaml.safe_load(scaffold.packaged_text("pre-commit-config.yaml"))
    hooks = config["repos"][0]["hooks"]
    assert config["repos"][0]["repo"] == "local"
    assert [(h["id"], h["entry"], h["language"]) for h in hooks] == [
        ("plangen-validate", "plangen validate", "system"),
        ("plangen-fmt", "plangen fmt", "system"),
        ("plangen-lint", "plangen lint --fix", "system"),
    ]


# --- plangen new -----------------------------------------------------------------------------


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository made by ``plangen init``, as the current folder."""
    assert run_cli("init", str(tmp_path), env={"PATH": str(tmp_path / "no-git")}).exit_code == 0
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_new_plan_validates_formats_and_builds_as_written(office: Path) -> None:
    result = run_cli("new", "plans/2024-xuexi", "--date", "2024-03-01")
    assert (result.exit_code, result.output) == (
        0,
        "已创建方案：plans/2024-xuexi.yaml（成文日期 2024-03-01，4 类企业的要求）。"
        "请按文件中的注释填写，写好后运行 plangen validate 检查。\n",
    )
    text = (office / "plans" / "2024-xuexi.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/plan.schema.json\n")
    data = plan_data(office / "plans" / "2024-xuexi.yaml")
    assert data["document"]["date"] == data["campaign"]["start"] == "2024-03-01"
    assert data["document"]["number"] == "××发〔2024〕1号"
    assert [r["type"] for r in types_section(data)["requirements"]] == [
        "central-provincial",
        "city-owned",
        "city-equity",
        "non-public",
    ]
    validated = run_cli("validate", "plans/2024-xuexi.yaml")
    assert (validated.exit_code, validated.output) == (0, "检查了 1 个文件，没有发现问题。\n")
    assert run_cli("fmt", "--check").output == "检查了 3 个文件，格式都已规范。\n"
    built = run_cli("build", "plans/2024-xuexi.yaml")
    assert built.exit_code == 0, built.output


def test_new_plan_with_this_repositorys_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("plans", "schemas"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path / "plans")  # a path relative to where the drafter is
    result = run_cli("new", "2025/draft.yaml", "--date", "2025-12-15")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("已创建方案：2025/draft.yaml（成文日期 2025-12-15，4 类企业")
    text = (tmp_path / "plans" / "2025" / "draft.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/plan.schema.json\n")
    catalogue = yaml.safe_load((ROOT / "plans" / "enterprise-types.yaml").read_text("utf-8"))
    data = plan_data(tmp_path / "plans" / "2025" / "draft.yaml")
    types = [t["id"] for t in catalogue["enterprise_types"]]
    assert [r["type"] for r in types_section(data)["requirements"]] == types
    phases = next(s for s in data["body"]["sections"] if s.get("kind") == "stages")["items"]
    assert (phases[0]["start"], phases[-1]["end"]) == ("2025-12-15", "2026-03-14")
    assert data["document"]["number"] == "××发〔2025〕1号"  # the year of the document's date
    monkeypatch.chdir(tmp_path)
    validated = run_cli("validate")
    assert (validated.exit_code, validated.output) == (0, "检查了 3 个文件，没有发现问题。\n")


def test_new_defaults_to_today_and_adds_the_suffix(office: Path) -> None:
    result = run_cli("new", "plans/today")
    assert result.exit_code == 0, result.output
    data = plan_data(office / "plans" / "today.yaml")
    assert data["document"]["date"] == dt.date.today().isoformat()
    assert run_cli("validate").exit_code == 0


def test_every_optional_field_shown_in_comments_validates_when_uncommented(office: Path) -> None:
    assert run_cli("new", "plans/full.yaml", "--date", "2024-03-01").exit_code == 0
    path = office / "plans" / "full.yaml"
    text = path.read_text(encoding="utf-8")
    # a comment that is YAML (a key, a list item, or a continuation) becomes YAML
    uncommented = re.sub(r"(?m)^(\s*)# ((?:\s|- |[a-z_]+:).*)$", r"\1\2", text)
    path.write_text(uncommented, encoding="utf-8")
    data = plan_data(path)
    assert data["document"]["copy_number"] == "000001"
    assert data["attachments"][1]["only"] == ["central-provincial"]
    assert types_section(data)["requirements"][0]["recipients"]
    validated = run_cli("validate", "plans/full.yaml")
    assert (validated.exit_code, validated.output) == (0, "检查了 1 个文件，没有发现问题。\n")
    # ... and then every field of the plan model appears in it
    assert schema_fields() <= set(keys_in(data))


def types_section(data: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in data["body"]["sections"] if s.get("kind") == "types")


def schema_fields() -> set[str]:
    root = schemas.load_schema(schemas.PLAN)
    found: set[str] = set()
    for node in [root, *root["definitions"].values()]:
        found.update(node.get("properties", {}))
    return found


def keys_in(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from keys_in(value)
    elif isinstance(data, list):
        for item in data:
            yield from keys_in(item)


def test_new_refuses_an_existing_file(office: Path) -> None:
    before = (office / "plans" / "example.yaml").read_bytes()
    result = run_cli("new", "plans/example")
    assert (result.exit_code, result.output) == (
        1,
        "plans/example.yaml 已经存在，没有改动它：请换一个文件名。\n",
    )
    assert (office / "plans" / "example.yaml").read_bytes() == before


def test_new_with_a_wrong_date_is_a_usage_error(office: Path) -> None:
    result = run_cli("new", "plans/x", "--date", "2024-02-30")
    assert (result.exit_code, result.output) == (
        2,
        "日期“2024-02-30”不对：请按“年-月-日”写成真实的日期，例如 2024-03-01。\n",
    )
    assert not (office / "plans" / "x.yaml").exists()


def test_new_without_a_catalogue_says_to_run_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()  # the search for a catalogue stops at the repository's top
    monkeypatch.chdir(tmp_path)
    result = run_cli("new", "plans/x")
    assert result.exit_code == 1
    assert result.output == (
        "找不到企业类型目录 enterprise-types.yaml（应在 plans/x.yaml 所在的文件夹或其上级文件夹中）："
        "请先运行 plangen init 建立方案仓库，或把方案建在仓库的 plans/ 中。\n"
    )
    assert not (tmp_path / "plans").exists()


def test_new_with_a_broken_catalogue_lists_its_problems(office: Path) -> None:
    catalogue = office / "plans" / "enterprise-types.yaml"
    catalogue.write_text("enterprise_types:\n  - id: Bad\n", encoding="utf-8")
    result = run_cli("new", "plans/x")
    assert result.exit_code == 1
    assert result.output.startswith("plans/enterprise-types.yaml:2:")
    assert result.output.endswith(
        "企业类型目录 plans/enterprise-types.yaml 有错误（见上）：改正后再新建方案。\n"
    )
    assert not (office / "plans" / "x.yaml").exists()
