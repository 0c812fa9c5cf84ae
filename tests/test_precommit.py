"""The pre-commit hooks, run by the real pre-commit on a repository made by ``plangen init``.

Two ways an office uses them: the ``repo: local`` hooks that ``plangen init`` writes (plangen
installed with pip, ``language: system``), and this repository's own ``.pre-commit-hooks.yaml``
(``language: python``: pre-commit installs plangen from this repository into an environment of its
own, from the package index). ``pre-commit try-repo`` runs the hooks of this working tree (its
tracked files) without needing a tag, as a repository that names ``repo: <path>`` would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BIN = Path(sys.executable).parent  # where this environment's plangen and pre-commit are

BROKEN = """\
# yaml-language-server: $schema=../schemas/plan.schema.json
document:
  issuer: 中共天水市企业工作委员会
  number: 天企工委发〔2014〕3号
  title: 关于开展测试活动的实施方案
  recipients: [各企业党委]
  date: 2014-02-30
  printer: 中共天水市企业工委办公室
"""
BROKEN_LINES = [
    "plans/broken.yaml:2:1: 错误: 缺少必填项“body”（正文）。 [schema.required]",
    "plans/broken.yaml:7:9: 错误: 日期“2014-02-30”不存在，请按“年-月-日”写成真实的日期，"
    "例如 2014-02-20。 [date.invalid]",
]


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's cache for this run: the hook environment is installed once, not per test."""
    return tmp_path_factory.mktemp("pre-commit-home")


@dataclass
class Office:
    """A plans repository made by ``plangen init``, and the environment its commands run in."""

    folder: Path
    env: dict[str, str]

    def run(self, *args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(a) for a in args],
            cwd=cwd or self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )

    def git(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return self.run("git", *args, cwd=cwd)

    def pre_commit(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(sys.executable, "-m", "pre_commit", *args)

    def commit(self, message: str) -> subprocess.CompletedProcess[str]:
        """``git add -A`` and ``git commit``: the hooks run, if installed."""
        self.git("add", "-A")
        return self.git("commit", "-m", message)

    def commits(self) -> int:
        return int(self.git("rev-list", "--count", "HEAD").stdout)


@pytest.fixture
def office(tmp_path: Path, pre_commit_home: Path) -> Office:
    """A repository made by ``plangen init`` (the console script), with a first commit."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = 起草人\n\temail = drafter@example.org\n", encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "GIT_CONFIG_GLOBAL": str(config),  # not the machine's git settings (hooksPath, templates)
        "GIT_CONFIG_NOSYSTEM": "1",
        "PRE_COMMIT_HOME": str(pre_commit_home),
        "PRE_COMMIT_COLOR": "never",
    }
    env.pop("PLANGEN_LANG", None)
    office = Office(tmp_path / "office", env)
    made = office.run(BIN / "plangen", "init", office.folder, cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    assert office.commit("方案仓库").returncode == 0
    return office


def test_local_hooks_written_by_init_stop_a_broken_plan(office: Office) -> None:
    installed = office.pre_commit("install")
    assert installed.returncode == 0, installed.stderr
    broken = office.folder / "plans" / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")

    refused = office.commit("有错误的方案")
    assert refused.returncode == 1
    output = refused.stdout + refused.stderr  # a hook's report goes where git sends it
    assert "检查方案（plangen validate）" in output and "Failed" in output
    for line in BROKEN_LINES:
        assert line in output
    assert (  # the fmt hook cannot format it either, and says so without a traceback
        "plans/broken.yaml:1:1: 错误: 无法整理这个文件：其中有不存在的日期等读不出的值。"
        "请先运行 plangen validate，按提示改正后再整理。 [fmt.unreadable]" in output
    )
    assert "Traceback" not in output
    assert office.commits() == 1

    # fixed, but not in canonical layout: plangen fmt tidies it and the commit stops once more
    example = (office.folder / "plans" / "example.yaml").read_text(encoding="utf-8")
    quoted = example.replace(
        "issuer: 中共天水市企业工作委员会", 'issuer: "中共天水市企业工作委员会"'
    ).replace("〔2014〕3号", "〔2014〕4号")  # a plan of its own: not the example's 发文字号
    broken.write_text(quoted, encoding="utf-8")
    tidied = office.commit("改正的方案")
    assert tidied.returncode == 1
    output = tidied.stdout + tidied.stderr
    assert "统一格式（plangen fmt）" in output
    assert "files were modified by this hook" in output
    assert "已整理：plans/broken.yaml" in output

    accepted = office.commit("改正的方案")
    output = accepted.stdout + accepted.stderr
    assert accepted.returncode == 0, output
    assert "检查方案（plangen validate）" in output and "Failed" not in output
    assert office.commits() == 2
    assert broken.read_text(encoding="utf-8") == example.replace("〔2014〕3号", "〔2014〕4号")


def test_this_repositorys_hooks_by_path(office: Office) -> None:
    if office.git("rev-parse", "--git-dir", cwd=ROOT).returncode != 0:
        pytest.skip("the source folder is not a git repository, so pre-commit cannot use it")
    broken = office.folder / "plans" / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    office.git("add", "-A")
    office.git("commit", "--quiet", "--no-verify", "-m", "有错误的方案")

    failed = office.pre_commit("try-repo", str(ROOT), "plangen-validate", "--all-files")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "plangen validate（检查方案）" in failed.stdout
    for line in BROKEN_LINES:
        assert line in failed.stdout

    broken.unlink()
    office.git("commit", "--quiet", "-a", "-m", "删去有错误的方案")
    passed = office.pre_commit("try-repo", str(ROOT), "plangen-validate", "--all-files", "-v")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "检查了 2 个文件，没有发现问题。" in passed.stdout
    formatted = office.pre_commit("try-repo", str(ROOT), "plangen-fmt", "--all-files")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    assert "plangen fmt（统一格式）" in formatted.stdout


def test_this_repositorys_lint_hook_fixes_pasted_text(office: Office) -> None:
    """``plangen-lint`` corrects the safe mistakes in place and stops the commit; run again on
    the corrected file it passes."""
    if office.git("rev-parse", "--git-dir", cwd=ROOT).returncode != 0:
        pytest.skip("the source folder is not a git repository, so pre-commit cannot use it")
    plan = next(
        p for p in (office.folder / "plans").glob("*.yaml") if p.name != "enterprise-types.yaml"
    )
    source = plan.read_text(encoding="utf-8")
    assert "市企业工委决定，" in source
    pasted = source.replace("document:\n", "# 粘贴来的文字\ndocument:\n", 1).replace(
        "市企业工委决定，", "市企业工委决定,業(yè)务", 1
    )
    plan.write_text(pasted, encoding="utf-8")
    office.git("add", "-A")
    office.git("commit", "--quiet", "--no-verify", "-m", "粘贴的文字")

    fixed = office.pre_commit("try-repo", str(ROOT), "plangen-lint", "--all-files")
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "plangen lint（文字检查）" in fixed.stdout
    assert plan.read_text(encoding="utf-8") == pasted.replace(",業(yè)务", "，业务")
    office.git("commit", "--quiet", "-a", "--no-verify", "-m", "改正")
    passed = office.pre_commit("try-repo", str(ROOT), "plangen-lint", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
