"""plangen site as a secretary's colleague runs it: the page, its links, previews and zips."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.document.compose import compose
from plangen.plan.validate import validate_paths
from plangen.site import preview

from .conftest import ROOT, run_cli

SEED = "plans/2014-qunzhong-luxian.yaml"
TYPES = {
    "central-provincial": "中央和省属企业",
    "city-owned": "市属企业",
    "city-equity": "市属国有参股企业",
    "non-public": "非公企业",
}


class Page(HTMLParser):
    """The links, download names, rows and visible text of a page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str | None]] = []
        self.rows: list[str] = []
        self.row_text: dict[str, str] = {}
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None
        self._row: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a":
            self.links.append(found)
        if tag == "tr" and found.get("data-edition"):
            self._row = str(found["data-edition"])
            self.rows.append(self._row)
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._in = None
        if tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)
        else:
            self.text.append(data)
            if self._row:
                self.row_text[self._row] = self.row_text.get(self._row, "") + re.sub(
                    r"\s+", "", data
                )

    @property
    def plain(self) -> str:
        return re.sub(r"\s+", "", "".join(self.text))


def read_page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's plans and templates, as on a secretary's office computer."""
    for folder in ("plans", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build_site(out: str = "dist") -> Path:
    built = run_cli("build", "-o", out)
    assert built.exit_code == 0, built.output
    made = run_cli("site", "-o", out)
    assert made.exit_code == 0, made.output
    return Path(out).resolve()


@pytest.fixture
def site(project: Path) -> Path:
    return build_site()


def manifest(site: Path) -> list[dict[str, object]]:
    documents: list[dict[str, object]] = json.loads(
        (site / "manifest.json").read_text(encoding="utf-8")
    )["documents"]
    return documents


def test_the_page_lists_every_document_with_its_particulars(site: Path) -> None:
    page = read_page(site / "index.html")
    docs = manifest(site)
    assert page.rows == [d["edition"] for d in docs]
    downloads = {
        unquote(str(a["href"])): a.get("download") for a in page.links if a.get("download")
    }
    for doc in docs:
        name = str(doc["docx"]).rsplit("/", 1)[1]
        assert downloads[str(doc["docx"])] == name
        assert name in page.plain
        assert str(doc["edition_name"]) in page.plain
    first = docs[0]
    for value in (first["plan_title"], first["issuer"], first["number"], "2014年2月24日"):
        assert str(value) in page.plain
    assert "共1份方案、5个文件" in page.plain
    assert "内容" + str(first["content_hash"])[:12] in page.plain


def test_every_link_of_every_page_leads_to_a_file(site: Path) -> None:
    pages = [site / "index.html", *sorted((site / "preview").rglob("*.html"))]
    assert len(pages) == 6
    checked = 0
    for path in pages:
        for link in read_page(path).links:
            href = str(link["href"])
            assert not href.startswith(("http:", "https:", "//", "/")), href
            assert (path.parent / unquote(href)).resolve().is_file(), (path, href)
            checked += 1
    assert checked >= 5 + 5 + 6 + 5 * 2


def test_each_enterprise_type_has_a_zip_of_its_documents(site: Path) -> None:
    docs = manifest(site)
    page = read_page(site / "index.html")
    zips = [unquote(str(a["href"])) for a in page.links if str(a["href"]).endswith(".zip")]
    assert len(zips) == 2 + len(TYPES)
    for href in zips:
        label = href.removeprefix("zip/实施方案（").removesuffix("）.zip")
        if label == "全部文件":
            wanted = [d["docx"] for d in docs]
        else:
            wanted = [d["docx"] for d in docs if d["edition_name"] == label]
            assert len(wanted) == 1, label
        # in the zip, a plan's files are in a folder named by its title (not by the file's name)
        inside = {f"{d['plan_title']}/{Path(d['docx']).name}": d["docx"] for d in docs}
        with zipfile.ZipFile(site / href) as archive:
            assert archive.testzip() is None
            assert sorted(inside[n] for n in archive.namelist()) == sorted(wanted)
            for info in archive.infolist():
                assert info.flag_bits & 0x800, "names are flagged as UTF-8"
                assert archive.read(info) == (site / inside[info.filename]).read_bytes()


def test_the_same_inputs_give_the_same_bytes(project: Path) -> None:
    one, two = build_site("one"), build_site("two")
    made = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert Path("index.html") in made and any(p.suffix == ".zip" for p in made)
    for rel in made:
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel
    before = {rel: (one / rel).read_bytes() for rel in made}
    assert run_cli("site", "-o", "one").exit_code == 0
    assert {rel: (one / rel).read_bytes() for rel in made} == before


def test_the_preview_shows_the_documents_text(site: Path, project: Path) -> None:
    plan = validate_paths([project / SEED], project).plans[0]
    for edition in ("full", *TYPES):
        shown = read_page(site / "preview" / f"2014-qunzhong-luxian.{edition}.html").plain
        document = compose(plan, edition)
        for block in document.blocks:
            assert re.sub(r"\s+", "", block.text) in shown, (edition, block.text)
        assert "".join(document.title_lines) in shown
        assert document.colophon.print_date in shown


def test_plan_text_never_becomes_markup(project: Path) -> None:
    plan = project / SEED
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>&amp; `代码` # 标题 [链接](x)"
    text = plan.read_text(encoding="utf-8").replace(
        "  lead: |\n", f"  lead: |\n    {hostile}\n\n", 1
    )
    plan.write_text(text, encoding="utf-8")
    site = build_site()
    html = (site / "preview" / "2014-qunzhong-luxian.full.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img" not in html and "<code>" not in html
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&amp;amp;" in html
    )
    assert "<script" not in html.lower()  # a preview page has no script at all


def test_the_page_loads_nothing_from_elsewhere(site: Path) -> None:
    for path in [site / "index.html", *(site / "preview").rglob("*.html")]:
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), path
        assert "<link" not in html and "@import" not in html and "url(" not in html
        page = Page(html)
        policy = re.search(r'Content-Security-Policy" content="([^"]+)"', html)
        assert policy, path
        for inline in page.styles + page.scripts:
            digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy.group(1)
    assert "@media print" in (site / "index.html").read_text(encoding="utf-8")


def test_pdfs_listed_in_the_manifest_are_offered_and_zipped(project: Path) -> None:
    site = build_site()
    data = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    for doc in data["documents"]:
        pdf = doc["docx"].removesuffix(".docx") + ".pdf"
        (site / pdf).write_bytes(b"%PDF-1.7 " + doc["edition"].encode())
        doc["pdf"], doc["pdf_size"] = pdf, len(b"%PDF-1.7 " + doc["edition"].encode())
    (site / "manifest.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run_cli("site").exit_code == 0
    page = read_page(site / "index.html")
    pdfs = [unquote(str(a["href"])) for a in page.links if str(a["href"]).endswith(".pdf")]
    assert pdfs == [d["pdf"] for d in data["documents"]]
    with zipfile.ZipFile(site / "zip" / "实施方案（市属企业）.zip") as archive:
        assert sorted(n.rsplit(".", 1)[1] for n in archive.namelist()) == ["docx", "pdf"]


def test_a_plan_changed_since_the_build_is_refused(site: Path, project: Path) -> None:
    before = (site / "index.html").read_bytes()
    plan = project / SEED
    plan.write_text(plan.read_text(encoding="utf-8").replace("不搞人人过关", "不搞过关"), "utf-8")
    result = run_cli("site")
    assert result.exit_code == 1
    assert f"方案 {SEED} 在上次生成文件之后有改动" in result.output
    assert "plangen build" in result.output
    assert (site / "index.html").read_bytes() == before


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("remove-manifest", "找不到 dist/manifest.json：请先运行 plangen build"),
        ("bad-json", "dist/manifest.json 已损坏或不是 plangen 生成的"),
        ("path-outside", "manifest.json 中的路径“../../etc/passwd”不在输出文件夹内"),
        ("missing-docx", "找不到或已被改动"),
        ("changed-docx", "找不到或已被改动"),
    ],
)
def test_a_damaged_build_is_reported_in_chinese(site: Path, damage: str, message: str) -> None:
    path = site / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    first = site / data["documents"][0]["docx"]
    if damage == "remove-manifest":
        path.unlink()
    elif damage == "bad-json":
        path.write_text("{", encoding="utf-8")
    elif damage == "path-outside":
        data["documents"][0]["docx"] = "../../etc/passwd"
        path.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "missing-docx":
        first.unlink()
    else:
        first.write_bytes(first.read_bytes() + b"x")
    result = run_cli("site")
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_files_of_an_earlier_page_are_cleared(site: Path) -> None:
    (site / "zip" / "实施方案（旧的）.zip").write_bytes(b"old")
    (site / "preview" / "old-plan.full.html").write_text("old", encoding="utf-8")
    # an earlier plangen's layout: a folder a plan
    (site / "preview" / "2014-qunzhong-luxian").mkdir()
    (site / "preview" / "2014-qunzhong-luxian" / "full.html").write_text("old", encoding="utf-8")
    assert run_cli("site").exit_code == 0
    assert not (site / "zip" / "实施方案（旧的）.zip").exists()
    assert not (site / "preview" / "old-plan.full.html").exists()
    assert not (site / "preview" / "2014-qunzhong-luxian").exists()
    assert (site / "preview" / "2014-qunzhong-luxian.full.html").is_file()


def test_english_only_when_asked(site: Path) -> None:
    result = run_cli("--lang", "en", "site")
    assert result.exit_code == 0
    assert result.output.startswith("Wrote the download page")
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Implementation plans: downloads" in html


# --- versions from git --------------------------------------------------------------------------


def git(project: Path, *args: str, when: str = "2014-03-01T10:00:00+08:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "文秘",
        "GIT_AUTHOR_EMAIL": "office@example.org",
        "GIT_COMMITTER_NAME": "文秘",
        "GIT_COMMITTER_EMAIL": "office@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=project,
        env=env,
        capture_output=True,
        check=True,
        text=True,
    )
    return done.stdout.strip()


@pytest.fixture
def repository(project: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(project, "init", "-q")
    git(project, "add", "plans", "templates")
    git(project, "commit", "-q", "-m", "第一版")
    return project


def _edit(project: Path, old: str, new: str) -> None:
    plan = project / SEED
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_version_and_changes_come_from_git(repository: Path) -> None:
    first = git(repository, "rev-parse", "--short=7", "HEAD")
    _edit(repository, "由市委派出的督导组督导", "由市委派出的第一督导组督导")
    git(repository, "commit", "-q", "-am", "市属企业：明确督导组", when="2014-03-05T09:00:00+08:00")
    second = git(repository, "rev-parse", "--short=7", "HEAD")
    page = read_page(build_site() / "index.html").plain
    assert "第2版（2014年3月5日）" in page  # in a secretary's words
    assert "技术信息内容" in page and f"git提交{second}（2014年3月5日）" in page  # folded away
    assert first not in page.split("技术信息")[0]
    assert "与第1版（2014年3月1日）相比有1处修改" in page
    assert "督导安排" in page and "影响：全文、市属企业分册" in page
    rows = read_page(Path("dist/index.html")).row_text
    changed = {edition for edition, text in rows.items() if text.endswith("有1处修改预览")}
    assert changed == {"full", "city-owned"}
    assert all(rows[e].endswith("没有修改预览") for e in TYPES if e != "city-owned")
    _edit(repository, "不搞人人过关", "不搞人人过关、不设框框")
    page = read_page(build_site() / "index.html").plain
    assert "第3版（修改后尚未提交）" in page
    assert f"git提交{second}（2014年3月5日），另有未提交的修改" in page
    assert "与第2版（2014年3月5日）相比有1处修改" in page
    assert "基本原则" in page and "影响：全文和所有分册" in page


def test_the_first_version_says_so(repository: Path) -> None:
    page = read_page(build_site() / "index.html").plain
    assert "修改情况第一个版本" in page


def test_outside_git_the_page_shows_the_content_hash_alone(site: Path) -> None:
    page = read_page(site / "index.html").plain
    assert "git提交" not in page and "修改情况" not in page
    assert "本文件的修改" not in page  # no column of dashes


def test_a_build_leaves_the_page_for_exactly_its_files(project: Path) -> None:
    """No separate ``plangen site``: the page changes with the files, all at once."""
    assert run_cli("build").exit_code == 0
    page = read_page(Path("dist/index.html"))
    docs = [unquote(str(a["href"])) for a in page.links if str(a["href"]).endswith(".docx")]
    assert sorted(docs) == sorted(str(d["docx"]) for d in manifest(Path("dist")))
    (project / SEED).rename(project / "plans" / "renamed.yaml")  # a plan moved: new file names
    assert run_cli("build").exit_code == 0
    page = read_page(Path("dist/index.html"))
    docs = [unquote(str(a["href"])) for a in page.links if str(a["href"]).endswith(".docx")]
    assert docs and all(d.startswith("renamed/") for d in docs)
    # nothing of the old set
    assert not Path("dist/preview/2014-qunzhong-luxian.full.html").exists()


def test_serve_says_when_the_plans_changed_after_the_build(project: Path) -> None:
    from plangen.cli.serve import _Notice
    from plangen.core.project import find_project

    assert run_cli("build").exit_code == 0
    notice = _Notice(find_project(project), project / "dist")
    assert notice.html() == ""
    _edit(project, "不搞人人过关", "不搞人人过关、不设框框")
    assert notice.plans() == [SEED]
    assert notice.html().startswith('<p class="stale" role="alert">方案在上次生成之后改过')
    assert run_cli("build").exit_code == 0
    assert notice.html() == ""


def test_the_page_a_build_writes_is_the_page_site_writes(project: Path) -> None:
    """A build hands the page the plans and documents it has just validated and composed; the
    page is the one ``plangen site`` makes from the files alone."""
    assert run_cli("build").exit_code == 0
    written = {p: p.read_bytes() for p in Path("dist").rglob("*") if p.is_file()}
    assert run_cli("site").exit_code == 0
    assert {p: p.read_bytes() for p in Path("dist").rglob("*") if p.is_file()} == written


def test_previews_are_what_markdown_makes_of_each_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """The HTML written directly (``test_preview_html``) is Markdown's; where Markdown is asked,
    one converter, reset between texts, and each text converted once: the same HTML as a new
    converter for every text."""
    import markdown

    from plangen.site import preview

    plans = [ROOT / "plans", *sorted((ROOT / "examples").glob("*/plans"))]
    documents = [
        compose(plan, key)
        for folder in plans
        for plan in validate_paths([folder], ROOT).plans
        for key in ("full", *(TYPES if plan.display.startswith("plans/") else ()))
    ]
    shown = [preview.document_html(d) for d in documents]
    monkeypatch.setattr(preview, "_paragraph_html", lambda blocks: None)  # all to Markdown
    monkeypatch.setattr(
        preview, "_title_html", lambda title: preview._render("# " + preview.escape(title))
    )
    assert [preview.document_html(d) for d in documents] == shown
    monkeypatch.setattr(preview, "_render", lambda s: markdown.markdown(s, output_format="html"))
    assert [preview.document_html(d) for d in documents] == shown


def _histories(root: Path, batched: bool) -> dict[str, object]:
    from plangen.site import history

    folders = history.Folders()
    if not batched:  # as with a merge in the folder: each plan asks git for itself
        folders.log = lambda folder, top: None  # type: ignore[method-assign]
    found = {}
    for plan in validate_paths([root / "plans"], root).plans:
        found[plan.display] = history.history(
            plan.source, plan.display, lambda p=plan: p, "zh", folders
        )
    return found


def test_a_folders_histories_from_one_log_are_each_plans_own(repository: Path) -> None:
    """One ``git log`` and one ``git diff`` for a folder of plans say what three processes a
    plan said: the commits, the count, whether the file differs from HEAD — for a plan edited
    twice, one edited and not committed, one in a subfolder with a Chinese name, one never
    committed."""
    seed = repository / SEED
    sub = repository / "plans" / "县区"
    sub.mkdir()
    shutil.copy(seed, sub / "方案.yaml")
    git(repository, "add", "plans")
    git(repository, "commit", "-q", "-m", "县区方案", when="2014-03-02T10:00:00+08:00")
    _append(seed, "# 第二版\n")
    git(repository, "commit", "-q", "-am", "改标题", when="2014-03-03T10:00:00+08:00")
    _append(sub / "方案.yaml", "# 未提交\n")
    shutil.copy(seed, repository / "plans" / "new.yaml")  # never committed
    batched, each = _histories(repository, True), _histories(repository, False)
    assert batched == each
    assert batched["plans/new.yaml"] is None
    assert batched["plans/县区/方案.yaml"].uncommitted  # type: ignore[union-attr]
    assert batched[SEED].number == 2  # type: ignore[union-attr]


def test_a_merge_in_the_folder_has_each_plan_ask_for_itself(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plangen.site import history

    git(repository, "checkout", "-q", "-b", "side")
    _append(repository / SEED, "# 支线\n")
    git(repository, "commit", "-q", "-am", "支线", when="2014-03-02T10:00:00+08:00")
    git(repository, "checkout", "-q", "main")
    git(
        repository, "merge", "-q", "--no-ff", "-m", "合并", "side", when="2014-03-03T10:00:00+08:00"
    )
    folders = history.Folders()
    folder = (repository / "plans").resolve()
    assert folders.log(folder, repository.resolve()) is None  # a merge: no folder log
    assert _histories(repository, True) == _histories(repository, False)


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("\\`*_{}[]()#+-.!<>&\n\r 中文（）。、a1"), max_size=40))
def test_preview_text_is_escaped_whatever_it_holds(text: str) -> None:
    """Every character of Markdown's punctuation gets its backslash, whether the text has many,
    one or none of them (a text without any is returned as HTML-escaped only: the fast way)."""
    flat = html.escape(text.replace("\r", " ").replace("\n", " "), quote=False)
    expected = "".join(f"\\{c}" if c in "\\`*_{}[]()#+-.!" else c for c in flat)
    assert preview.escape(text) == expected
