"""``plangen diff`` on a real git repository with a history of plan changes.

The repository is made in a temporary folder: the first version of the plan
(tests/diffrepo/plan.yaml) and the enterprise type catalogue, then one commit per kind of change.
Each comparison is checked against its exact output in text (no colour), JSON and Markdown.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CASES, run_cli

FIXTURE = Path(__file__).resolve().parent / "diffrepo"
PLAN = "plans/plan.yaml"

Git = Callable[..., str]

#: (commit message, [(old text, new text), …]) applied to plans/plan.yaml, one commit each
HISTORY: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "text edit",
        [
            (
                "引导党员干部自我学习、自我教育、自我提高。",
                "引导党员干部自我教育、自我提高，不搞人人过关。",
            )
        ],
    ),
    ("date change", [("end: 2014-07-15", "end: 2014-07-31")]),
    (
        "reorder principles",
        [
            (
                "        - name: 坚持领导带头\n          text: 企业领导人员要以身作则、率先垂范。\n",
                "",
            ),
            (
                "      items:\n        - id: positive-education",
                "      items:\n        - name: 坚持领导带头\n          text: 企业领导人员要以身作则、率先垂范。\n"
                "        - id: positive-education",
            ),
        ],
    ),
    (
        "add an enterprise type and a task",
        [
            (
                "              text: 指导组建党组织。\n",
                "              text: 指导组建党组织。\n"
                "            - name: 维护职工权益\n              text: 引导企业依法签订劳动合同。\n",
            ),
            (
                "          supervision: 由市企业工委指导小组指导。\n",
                "          supervision: 由市企业工委指导小组指导。\n"
                "        - type: city-equity\n          goals: 依法依规开展活动。\n          tasks:\n"
                "            - name: 加强国有股权代表的教育\n              text: 带头参加学习教育。\n"
                "          supervision: 由市企业工委指导小组指导。\n",
            ),
        ],
    ),
    (
        "remove an enterprise type",
        [
            (
                "        - type: non-public\n          goals: 非公企业以党组织和党员为主体开展活动。\n"
                "          tasks:\n            - name: 扩大党组织覆盖\n              text: 指导组建党组织。\n"
                "            - name: 维护职工权益\n              text: 引导企业依法签订劳动合同。\n"
                "          supervision: 由市企业工委指导小组指导。\n",
                "",
            )
        ],
    ),
]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Git]:
    """A repository with the plan's history; the current folder is its top."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.delenv("GIT_DIR", raising=False)
    top = tmp_path / "repo"
    (top / "plans").mkdir(parents=True)
    shutil.copy(CASES / "enterprise-types.yaml", top / "plans" / "enterprise-types.yaml")
    shutil.copy(FIXTURE / "plan.yaml", top / PLAN)

    def git(*args: str, day: int = 1) -> str:
        stamp = f"2014-03-{day:02d}T09:00:00+08:00"
        env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        identity = ["-c", "user.name=审核人", "-c", "user.email=reviewer@example.org"]
        done = subprocess.run(
            ["git", *identity, *args], cwd=top, env=env, capture_output=True, check=True
        )
        return done.stdout.decode("utf-8")

    git("init", "-q", "-b", "main")
    git("add", ".")
    git("commit", "-q", "-m", "first version")
    for day, (message, edits) in enumerate(HISTORY, start=2):
        edit(top / PLAN, edits)
        git("commit", "-q", "-a", "-m", message, day=day)
    monkeypatch.chdir(top)
    return top, git


def edit(path: Path, edits: list[tuple[str, str]]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


ALL = "（影响：全文和所有分册）"


def heading(old: str, new: str) -> str:
    return f"HEAD~{old}:plans/plan.yaml → HEAD~{new}:plans/plan.yaml"


@pytest.mark.parametrize(
    ("old", "new", "lines"),
    [
        (
            "5",
            "4",
            [
                f"  基本原则「坚持正面教育为主」: 文字修改{ALL}",
                "      以学习教育为主，引导党员干部[-自我学习、-]自我教育、自我提高{+，不搞人人过关+}。",
                "  影响的文件：全文、市属企业分册、非公企业分册",
            ],
        ),
        (
            "4",
            "3",
            [
                f"  第二环节「查摆问题、开展批评」: 结束时间 2014年7月15日 → 2014年7月31日{ALL}",
                "  影响的文件：全文、市属企业分册、非公企业分册",
            ],
        ),
        (
            "3",
            "2",
            [
                f"  基本原则「坚持领导带头」: 从第3条移到第1条{ALL}",
                "  影响的文件：全文、市属企业分册、非公企业分册",
            ],
        ),
        (
            "2",
            "1",
            [
                "  非公企业要求 › 主要任务: 新增一条「维护职工权益」（影响：全文、非公企业分册）",
                "      {+引导企业依法签订劳动合同。+}",
                "  市属国有参股企业要求: 新增（影响：全文、市属国有参股企业分册）",
                "  影响的文件：全文、市属国有参股企业分册、非公企业分册",
            ],
        ),
        (
            "1",
            "0",
            [
                "  非公企业要求: 删除（影响：全文、非公企业分册）",
                "  影响的文件：全文、非公企业分册",
            ],
        ),
    ],
    ids=["text-edit", "date-change", "reorder", "added-type", "removed-type"],
)
def test_each_commit_in_text(repo: tuple[Path, Git], old: str, new: str, lines: list[str]) -> None:
    result = run_cli("diff", f"HEAD~{old}", f"HEAD~{new}")
    assert result.exit_code == 1, result.output
    changes = sum(1 for line in lines if line.startswith("  ") and not line.startswith("    "))
    expected = [heading(old, new), *lines, "", f"共 1 个方案有改动，{changes - 1} 处修改。"]
    assert result.output == "\n".join(expected) + "\n"


def test_whole_history_in_json(repo: tuple[Path, Git]) -> None:
    result = run_cli("diff", "--format", "json", "HEAD~5", "HEAD")
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    every = ["full", "city-owned", "city-equity", "non-public"]

    def change(
        where: list[str], kind: str, path: list[object], **extra: object
    ) -> dict[str, object]:
        base: dict[str, object] = {"field": None, "old": None, "new": None, "segments": []}
        base.update(extra)
        summary = base.pop("summary")
        return {"where": where, "kind": kind, "summary": summary, "path": path, **base}

    assert report == {
        "differences": True,
        "plans": [
            {
                "old": "HEAD~5:plans/plan.yaml",
                "new": "HEAD:plans/plan.yaml",
                "status": "modified",
                "editions": every,
                "changes": [
                    change(
                        ["基本原则「坚持领导带头」"],
                        "moved",
                        ["body", "sections", 1, "items", 0],
                        old="3",
                        new="1",
                        summary="基本原则「坚持领导带头」: 从第3条移到第1条",
                        editions=["full", "city-owned", "city-equity", "non-public"],
                    ),
                    change(
                        ["基本原则「坚持正面教育为主」"],
                        "text",
                        ["body", "sections", 1, "items", 1, "text"],
                        summary="基本原则「坚持正面教育为主」: 文字修改",
                        segments=[
                            ["=", "以学习教育为主，引导党员干部"],
                            ["-", "自我学习、"],
                            ["=", "自我教育、自我提高"],
                            ["+", "，不搞人人过关"],
                            ["=", "。"],
                        ],
                        editions=every,
                    ),
                    change(
                        ["第二环节「查摆问题、开展批评」"],
                        "value",
                        ["body", "sections", 2, "items", 1, "end"],
                        field="结束时间",
                        old="2014年7月15日",
                        new="2014年7月31日",
                        summary="第二环节「查摆问题、开展批评」: 结束时间 2014年7月15日 → 2014年7月31日",
                        editions=every,
                    ),
                    change(
                        ["非公企业要求"],
                        "removed",
                        ["body", "sections", 3, "requirements", 1],
                        summary="非公企业要求: 删除",
                        editions=["full", "non-public"],
                    ),
                    change(
                        ["市属国有参股企业要求"],
                        "added",
                        ["body", "sections", 3, "requirements", 1],
                        summary="市属国有参股企业要求: 新增",
                        editions=["full", "city-equity"],
                    ),
                ],
            }
        ],
        "editions": {
            "full": "全文",
            "city-equity": "市属国有参股企业分册",
            "city-owned": "市属企业分册",
            "non-public": "非公企业分册",
        },
        "summary": {"plans": 1, "changes": 5},
    }


def test_whole_history_in_markdown(repo: tuple[Path, Git]) -> None:
    result = run_cli("diff", "--format", "markdown", "HEAD~5", "HEAD")
    assert result.exit_code == 1, result.output
    assert result.output == (
        "### 方案修改\n\n"
        "#### `HEAD~5:plans/plan.yaml` → `HEAD:plans/plan.yaml`\n\n"
        f"- **基本原则「坚持领导带头」**: 从第3条移到第1条{ALL}\n"
        f"- **基本原则「坚持正面教育为主」**: 文字修改{ALL}\n"
        "  > 以学习教育为主，引导党员干部<del>自我学习、</del>自我教育、自我提高"
        "<ins>，不搞人人过关</ins>。\n"
        f"- **第二环节「查摆问题、开展批评」**: 结束时间 2014年7月15日 → 2014年7月31日{ALL}\n"
        "- **非公企业要求**: 删除（影响：全文、非公企业分册）\n"
        "- **市属国有参股企业要求**: 新增（影响：全文、市属国有参股企业分册）\n\n"
        "影响的文件：全文、市属企业分册、市属国有参股企业分册、非公企业分册\n\n"
        "共 1 个方案有改动，5 处修改。\n"
    )


def test_working_tree_against_head_by_default(repo: tuple[Path, Git]) -> None:
    top, _ = repo
    edit(top / PLAN, [("以测试为指导。", "以测试为根本指导。")])
    result = run_cli("diff")
    assert result.exit_code == 1, result.output
    assert result.output == (
        "HEAD:plans/plan.yaml → plans/plan.yaml\n"
        f"  指导思想: 文字修改{ALL}\n"
        "      以测试为{+根本+}指导。\n"
        "  影响的文件：全文、市属企业分册、市属国有参股企业分册\n\n"
        "共 1 个方案有改动，1 处修改。\n"
    )


def test_re_breaking_lines_is_no_difference(repo: tuple[Path, Git]) -> None:
    top, _ = repo
    edit(
        top / PLAN,
        [("    为了测试，\n    特制定本实施方案。\n", "    为了测试，特制定本实施方案。\n")],
    )
    result = run_cli("diff", "HEAD:plans/plan.yaml", "plans/plan.yaml")
    assert (result.exit_code, result.output) == (0, "没有差异。\n")


def test_plans_added_and_removed(repo: tuple[Path, Git]) -> None:
    top, git = repo
    shutil.copy(FIXTURE / "plan.yaml", top / "plans" / "second.yaml")
    git("add", "plans/second.yaml")
    git("commit", "-q", "-m", "a second plan", day=20)
    (top / "plans" / "second.yaml").unlink()
    (top / "plans" / "third.yaml").write_bytes((FIXTURE / "plan.yaml").read_bytes())
    added = run_cli("diff", "HEAD~1", "HEAD")
    assert (added.exit_code, added.output) == (
        1,
        "HEAD:plans/second.yaml: 新增方案\n"
        "  影响的文件：全文、市属企业分册、非公企业分册\n\n"
        "共 1 个方案有改动，1 处修改。\n",
    )
    tree = run_cli("diff", "--format", "json")
    report = json.loads(tree.output)
    assert [(p["old"], p["new"], p["status"]) for p in report["plans"]] == [
        ("HEAD:plans/second.yaml", None, "removed"),
        (None, "plans/third.yaml", "added"),
    ]
    assert report["plans"][1]["editions"] == ["full", "city-owned", "non-public"]


def test_paths_limit_the_comparison(repo: tuple[Path, Git]) -> None:
    result = run_cli("diff", "HEAD~1", "HEAD", "--", "plans/enterprise-types.yaml")
    assert (result.exit_code, result.output) == (0, "没有差异。\n")
    same = run_cli("diff", "HEAD~1", "HEAD", "--", "plans")
    assert same.exit_code == 1 and "非公企业要求: 删除" in same.output


def test_file_against_a_revision_of_it(repo: tuple[Path, Git]) -> None:
    result = run_cli("diff", "HEAD~2:plans/plan.yaml", "plans/plan.yaml")
    assert result.exit_code == 1
    assert result.output.startswith("HEAD~2:plans/plan.yaml → plans/plan.yaml\n")
    assert "  非公企业要求: 删除（影响：全文、非公企业分册）\n" in result.output


def test_an_invalid_side_is_reported_like_validate(repo: tuple[Path, Git]) -> None:
    top, _ = repo
    edit(top / PLAN, [("end: 2014-07-31", "end: 2014-07-32")])
    result = run_cli("diff")
    assert result.exit_code == 2
    assert result.stdout == (
        "plans/plan.yaml:39:16: 错误: 日期“2014-07-32”不存在，请按“年-月-日”写成真实的日期，"
        "例如 2014-02-20。 [date.invalid]\n"
        "检查了 2 个文件：1 个错误，0 个警告。\n"
    )
    assert result.stderr == "无法比较：发现 1 个问题（见上）。\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere"], "“nowhere”既不是文件，也不是 git 修订"),
        (["HEAD~1:plans/none.yaml", "plans/plan.yaml"], "“HEAD~1:plans/none.yaml”既不是文件"),
        (["HEAD:plans/plan.yaml"], "比较两个文件时要给出两个"),
        (["HEAD~2", "HEAD~1", "HEAD"], "最多给两个修订，“HEAD”是第三个"),
        (["HEAD~9"], "既不是文件，也不是 git 修订"),
    ],
)
def test_trouble_exits_2(repo: tuple[Path, Git], args: list[str], message: str) -> None:
    result = run_cli("diff", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_path_that_is_also_a_revision_needs_dashes(repo: tuple[Path, Git]) -> None:
    _, git = repo
    git("branch", "plans")
    result = run_cli("diff", "plans")
    assert result.exit_code == 2
    assert "“plans”既是修订名又是路径，请用“--”分开" in result.stderr
    assert run_cli("diff", "plans", "HEAD~1", "--").exit_code == 1


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run_cli("diff", "HEAD~1")
    assert result.exit_code == 2
    assert "当前文件夹不在 git 仓库中，无法读取修订“HEAD~1”。" in result.stderr


def test_english_on_request(repo: tuple[Path, Git]) -> None:
    result = run_cli("--lang", "en", "diff", "HEAD~4", "HEAD~3")
    assert result.output.splitlines()[1] == (
        "  第二环节「查摆问题、开展批评」: 结束时间 2014年7月15日 → 2014年7月31日"
        " (affects: the full plan and every edition)"
    )


def test_a_path_that_names_nothing_is_an_error(repo: tuple[Path, Git]) -> None:
    result = run_cli("diff", "HEAD~1", "--", "plans/nope.yaml")
    assert result.exit_code == 2
    assert "路径“plans/nope.yaml”在工作区和要比较的修订中都不存在" in result.output


def test_options_after_the_dashes_are_refused(repo: tuple[Path, Git]) -> None:
    result = run_cli("diff", "HEAD~1", "--", "plans/", "--format", "json")
    assert result.exit_code == 2
    assert "“--format”写在了“--”之后" in result.output
    assert run_cli("diff", "--format", "json", "HEAD~1", "--", "plans/").exit_code == 1
