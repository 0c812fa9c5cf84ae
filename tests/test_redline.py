"""Redlines: the NEW document with Word tracked changes against OLD, read back as OOXML, through
``plangen diff --docx`` on a real repository, and opened by LibreOffice when it is installed."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from plangen.document.ooxml.text import NS, body_paragraphs, document_lines, parse, read_part, w
from plangen.review.redline import redline

from .conftest import run_cli
from .test_diff_git import Git, repo  # noqa: F401  (repo is a fixture)

WHEN = dt.datetime(2014, 3, 5, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def make(paragraphs: list[list[tuple[str, bool]]]) -> bytes:
    """A .docx whose paragraphs are runs of (text, bold)."""
    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text, bold in runs:
            paragraph.add_run(text).bold = bold
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rejected_lines(data: bytes) -> list[str]:
    """The text with every tracked change rejected: insertions out, deletions back."""
    lines: list[str] = []
    carried: str | None = None
    for paragraph in body_paragraphs(parse(read_part(data))):
        pieces = []
        for node in paragraph.iter(w("t"), w("delText"), w("tab")):
            if not any(a.tag == w("ins") for a in node.iterancestors()):
                pieces.append("\t" if node.tag == w("tab") else node.text or "")
        text = (carried or "") + "".join(pieces)
        carried = text if paragraph.find("w:pPr/w:rPr/w:ins", NS) is not None else None
        if carried is None:
            lines.append(text)
    if carried:
        lines.append(carried)
    return lines


def revisions(data: bytes, kind: str) -> list[Any]:
    return list(parse(read_part(data)).iter(w(kind)))


def revision_text(mark: Any) -> str:
    return "".join(t.text or "" for t in mark.iter(w("t"), w("delText")))


OLD = [
    [("一、指导思想", True)],
    [("引导党员干部", False), ("自我学习、自我教育", True), ("、自我提高。", False)],
    [("这一段将被删除。", False)],
    [("不变的一段。", False)],
]
NEW = [
    [("一、指导思想", True)],
    [("引导党员干部", False), ("自我教育", True), ("、自我提高，不搞人人过关。", False)],
    [("不变的一段。", False)],
    [("新增的一段。", False)],
]


@pytest.fixture(scope="module")
def marked() -> bytes:
    return redline(make(OLD), make(NEW), "审核人", WHEN)


def test_accepting_gives_new_and_rejecting_gives_old(marked: bytes) -> None:
    assert document_lines(marked) == document_lines(make(NEW))
    assert rejected_lines(marked) == document_lines(make(OLD))


def test_insertions_and_deletions_where_expected(marked: bytes) -> None:
    """In document order; "" is a paragraph mark (it comes first, in the paragraph's w:pPr)."""
    inserted = [revision_text(m) for m in revisions(marked, "ins")]
    assert inserted == ["，不搞人人过关", "", "新增的一段。"]
    deleted = [revision_text(m) for m in revisions(marked, "del")]
    assert deleted == ["自我学习、", "", "这一段将被删除。"]


def test_author_date_and_unique_ids(marked: bytes) -> None:
    marks = revisions(marked, "ins") + revisions(marked, "del")
    assert {m.get(w("author")) for m in marks} == {"审核人"}
    assert {m.get(w("date")) for m in marks} == {"2014-03-05T01:00:00Z"}
    ids = [m.get(w("id")) for m in marks]
    assert len(set(ids)) == len(ids)


def bold(mark: Any) -> bool:
    flag = mark.find("w:r/w:rPr/w:b", NS)
    return flag is not None and flag.get(w("val")) not in ("0", "false")


def test_changed_runs_keep_the_new_formatting(marked: bytes) -> None:
    deleted = revisions(marked, "del")[0]
    assert deleted.find("w:r/w:delText", NS).text == "自我学习、"
    assert bold(deleted)  # deleted inside what is a bold run in NEW
    inserted = revisions(marked, "ins")[0]
    assert revision_text(inserted) == "，不搞人人过关" and not bold(inserted)


def test_whole_paragraphs_mark_their_paragraph_marks(marked: bytes) -> None:
    paragraphs = body_paragraphs(parse(read_part(marked)))
    gone = [p for p in paragraphs if p.find("w:pPr/w:rPr/w:del", NS) is not None]
    added = [p for p in paragraphs if p.find("w:pPr/w:rPr/w:ins", NS) is not None]
    assert ["".join(t.text for t in p.iter(w("delText"))) for p in gone] == ["这一段将被删除。"]
    assert ["".join(t.text for t in p.iter(w("t"))) for p in added] == ["新增的一段。"]


def test_a_paragraph_that_is_not_plain_text_is_replaced_whole() -> None:
    old, new = make([[("见附件1。", False)]]), make([[("见附件2。", False)]])
    parts = {name: read_part(new, name) for name in zipfile.ZipFile(io.BytesIO(new)).namelist()}
    root = parse(parts["word/document.xml"])
    paragraph = root.find("w:body/w:p", NS)
    link = etree.SubElement(paragraph, w("hyperlink"))
    link.append(paragraph.find("w:r", NS))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, etree.tostring(root) if name == "word/document.xml" else data)
    marked = redline(old, buffer.getvalue(), "审核人", WHEN)
    assert [revision_text(m) for m in revisions(marked, "del")] == ["", "见附件1。"]
    assert [revision_text(m) for m in revisions(marked, "ins")] == ["", "见附件2。"]
    assert document_lines(marked) == ["见附件2。"]
    assert rejected_lines(marked) == ["见附件1。"]


def test_identical_documents_have_no_revisions() -> None:
    same = make(OLD)
    marked = redline(same, same, "审核人", WHEN)
    assert revisions(marked, "ins") == revisions(marked, "del") == []
    assert document_lines(marked) == document_lines(same)


# --- through plangen diff --docx ---------------------------------------------------------------


@pytest.fixture
def project(repo: tuple[Path, Git]) -> tuple[Path, Git]:  # noqa: F811
    """The repository as a plangen project (it has ``plans/``), with the packaged template."""
    return repo


@pytest.fixture
def in_beijing() -> Iterator[None]:
    """The reviewer's computer keeps Beijing time: times are shown in its zone."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_diff_writes_a_redline_of_one_edition(project: tuple[Path, Git], in_beijing: None) -> None:
    top, _ = project
    result = run_cli(
        "diff", "HEAD~5", "HEAD~1", "--docx", "redline.docx", "--edition", "non-public"
    )
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "已写出带修订标记的 Word 文件：redline.docx（非公企业；修订人 审核人，2014年3月5日 09:00）\n"
    )
    marked = (top / "redline.docx").read_bytes()
    inserted = [revision_text(m) for m in revisions(marked, "ins")]
    deleted = [revision_text(m) for m in revisions(marked, "del")]
    assert "，不搞人人过关" in inserted and "自我学习、" in deleted
    assert "31" in inserted and "15" in deleted  # 第二环节 now ends on 7月31日
    assert any("维护职工权益" in text for text in inserted)
    dates = {m.get(w("date")) for m in revisions(marked, "ins") + revisions(marked, "del")}
    assert dates == {"2014-03-05T01:00:00Z"}
    assert document_lines(marked) == document_lines(render(top, "HEAD~1", "non-public"))
    assert rejected_lines(marked) == document_lines(render(top, "HEAD~5", "non-public"))


def render(top: Path, rev: str, edition: str) -> bytes:
    """One edition of the plan at ``rev`` as plangen build makes it."""
    from plangen.core.project import Project
    from plangen.document.produce import render_plan_documents
    from plangen.review.sources import Version, load_version

    version = Version(f"{rev}:plans/plan.yaml", top, rev, "plans/plan.yaml", top)
    plan, problems = load_version(version)
    assert plan is not None, problems
    return render_plan_documents(plan, Project(top))[edition]


def test_the_full_plan_after_a_reorder(project: tuple[Path, Git]) -> None:
    top, _ = project
    assert run_cli("diff", "HEAD~3", "HEAD~2", "--docx", "r.docx").exit_code == 1
    marked = (top / "r.docx").read_bytes()
    assert document_lines(marked) == document_lines(render(top, "HEAD~2", "full"))
    assert rejected_lines(marked) == document_lines(render(top, "HEAD~3", "full"))
    moved = "（一）坚持领导带头。企业领导人员要以身作则、率先垂范。"
    assert moved in [revision_text(m) for m in revisions(marked, "ins")]
    assert "（三）坚持领导带头。企业领导人员要以身作则、率先垂范。" in [
        revision_text(m) for m in revisions(marked, "del")
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["HEAD~1", "HEAD", "--docx", "r.docx", "--edition", "non-public"],
            "没有都生成“non-public”",
        ),
        (["HEAD~1", "HEAD", "--edition", "full"], "--edition 要和 --docx 一起用"),
    ],
)
def test_redline_trouble(project: tuple[Path, Git], args: list[str], message: str) -> None:
    top, _ = project
    result = run_cli("diff", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (top / "r.docx").exists()


def test_a_redline_needs_one_plan_in_both_versions(project: tuple[Path, Git]) -> None:
    top, _ = project
    shutil.copy(top / "plans" / "plan.yaml", top / "plans" / "second.yaml")
    result = run_cli("diff", "--docx", "r.docx")
    assert result.exit_code == 2
    assert (
        "--docx 需要方案的新旧两个版本，plans/second.yaml 是新增或已删除的方案。" in result.stderr
    )
    (top / "plans" / "plan.yaml").write_text(
        (top / "plans" / "plan.yaml").read_text(encoding="utf-8").replace("目标。", "新目标。"),
        encoding="utf-8",
    )
    both = run_cli("diff", "--docx", "r.docx")
    assert both.exit_code == 2
    assert "这里比较的是 2 份方案" in both.stderr


@pytest.mark.libreoffice
def test_libreoffice_reads_the_tracked_changes(project: tuple[Path, Git], tmp_path: Path) -> None:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot check that it opens redlines")
    top, _ = project
    assert run_cli("diff", "HEAD~5", "HEAD~4", "--docx", "r.docx").exit_code == 1
    out = tmp_path / "odt"
    done = subprocess.run(
        [
            program,
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "odt",
            "--outdir",
            str(out),
            str(top / "r.docx"),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out / "r.odt") as archive:
        content = etree.fromstring(archive.read("content.xml"))
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    regions = content.findall(f".//{{{text_ns}}}changed-region")
    kinds = sorted({child.tag.split("}")[1] for r in regions for child in r})
    assert kinds == ["deletion", "insertion"]
    deleted = [
        "".join(r.itertext()) for r in regions if r.find(f"{{{text_ns}}}deletion") is not None
    ]
    assert any("自我学习、" in text for text in deleted)
