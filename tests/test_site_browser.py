"""The download page in a real headless Chromium, as a secretary uses it: it loads with nothing
from outside, the filter works, a click downloads a valid .docx under its Chinese name.

Needs Debian's ``chromium`` (/usr/bin/chromium) and the ``playwright`` Python package (offline:
no ``playwright install``, the system browser is used). Skipped, with the reason, without them.
Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from plangen.site import serve

from .conftest import ROOT, serving
from .test_site import TYPES, build_site, project  # noqa: F401  (project is a fixture)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TITLE = "中共天水市企业工委关于在企业深入开展党的群众路线教育实践活动的实施方案"

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright for Python is not installed (pip install playwright)"
)
pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(), reason="no Chromium at /usr/bin/chromium (apt-get install chromium)"
)


@pytest.fixture
def base_url(project: Path) -> Iterator[str]:  # noqa: F811
    site = build_site()
    running = serve.make_server(site, "127.0.0.1", 0)
    with serving(running) as port:
        yield f"http://127.0.0.1:{port}/"


@pytest.fixture
def page(base_url: str) -> Iterator[Any]:
    """A fresh browser page that may reach the test server only; problems are collected."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=ARGS, headless=True, timeout=30_000
        )
        context = browser.new_context(
            accept_downloads=True, locale="zh-CN", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        outside: list[str] = []

        def only_local(route: Any) -> None:
            if route.request.url.startswith(base_url):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", only_local)
        tab = context.new_page()
        problems: list[str] = []
        tab.on("pageerror", lambda error: problems.append(str(error)))
        tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        try:
            yield tab
        finally:
            context.close()
            browser.close()
        assert outside == [], "the page asked for something outside the site"
        assert problems == [], "errors in the browser console (a CSP violation shows here)"


def visible_rows(page: Any) -> list[str]:
    rows = page.locator("tr[data-edition]")
    return [
        rows.nth(i).get_attribute("data-edition")
        for i in range(rows.count())
        if rows.nth(i).is_visible()
    ]


def test_the_page_loads_and_the_filter_works(page: Any, base_url: str) -> None:
    page.goto(base_url)
    assert page.title() == "实施方案文件下载"
    assert page.locator("h1").inner_text() == "实施方案文件下载"
    assert page.locator("#filter").is_visible()
    assert visible_rows(page) == ["full", *TYPES]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "site-index.png"), full_page=True)

    page.get_by_role("button", name="市属企业（1）").click()
    assert visible_rows(page) == ["city-owned"]
    assert page.url.endswith("#city-owned")
    bundles = page.locator("[data-bundle]")
    shown = [
        bundles.nth(i).inner_text() for i in range(bundles.count()) if bundles.nth(i).is_visible()
    ]
    assert len(shown) == 1 and shown[0].startswith("市属企业（1 个文件）")
    assert page.get_by_role("button", name="市属企业（1）").get_attribute("aria-pressed") == "true"
    page.screenshot(path=str(ARTIFACTS / "site-filter-city-owned.png"), full_page=True)

    page.get_by_role("button", name="全文（1）").click()
    assert visible_rows(page) == ["full"]
    page.get_by_role("button", name="全部（5）").click()
    assert visible_rows(page) == ["full", *TYPES]
    assert not page.url.endswith("#")

    page.goto(base_url + "#non-public")  # a bookmarked filter
    page.reload()
    assert visible_rows(page) == ["non-public"]


def test_a_pasted_link_filters_the_open_page_and_the_search_finds_plans(
    page: Any, base_url: str
) -> None:
    page.goto(base_url)
    assert visible_rows(page) == ["full", *TYPES]
    page.evaluate("window.location.hash = '#non-public'")  # pasted into the open page
    page.wait_for_function(
        "document.querySelector('[aria-pressed=true]').dataset.type === 'non-public'"
    )
    assert visible_rows(page) == ["non-public"]
    page.evaluate("window.location.hash = ''")
    page.wait_for_function("document.querySelector('[aria-pressed=true]').dataset.type === ''")
    assert visible_rows(page) == ["full", *TYPES]

    assert page.locator("#tools").is_visible()
    page.fill("#search", "没有这样的方案")
    assert not page.locator("section.plan").first.is_visible()
    page.fill("#search", "群众路线")
    assert page.locator("section.plan").first.is_visible()
    page.select_option("#sort", "old")  # with one plan the order stays; no error either way
    assert page.locator("section.plan").count() == 1
    page.locator(".print-list summary").click()
    listed = page.locator(".print-list li")
    assert listed.count() == 1 + len(TYPES)  # the full plan and one edition per type
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "site-search-and-print-list.png"), full_page=True)


def test_a_click_downloads_the_docx_under_its_chinese_name(
    page: Any,
    base_url: str,
    project: Path,  # noqa: F811
) -> None:
    page.goto(base_url + "#city-owned")
    row = page.locator('tr[data-edition="city-owned"]')
    with page.expect_download() as info:
        row.get_by_role("link", name="Word").click()
    download = info.value
    name = f"{TITLE}（市属企业）.docx"
    assert download.suggested_filename == name
    saved = project / "downloaded.docx"
    download.save_as(saved)
    data = saved.read_bytes()
    assert data == (project / "dist" / "2014-qunzhong-luxian" / name).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        assert docx.testzip() is None
        assert "市属企业" in docx.read("word/document.xml").decode("utf-8")

    with page.expect_download() as info:
        page.locator('[data-bundle="city-owned"] a').click()
    assert info.value.suggested_filename == "实施方案（市属企业）.zip"
    bundle = project / "bundle.zip"
    info.value.save_as(bundle)
    with zipfile.ZipFile(bundle) as archive:
        folder = "中共天水市企业工委关于在企业深入开展党的群众路线教育实践活动的实施方案"
        assert archive.namelist() == [f"{folder}/{name}"]  # a folder named in Chinese


def test_the_preview_shows_the_text_before_downloading(page: Any, base_url: str) -> None:
    page.goto(base_url)
    page.locator('tr[data-edition="non-public"]').get_by_role("link", name="预览").click()
    page.wait_for_url("**/preview/*")  # the click starts the navigation; the page may lag
    assert page.url.endswith("/preview/2014-qunzhong-luxian.non-public.html")
    assert page.locator("article h1").inner_text().replace("\n", "") == TITLE
    assert page.locator(".subtitle").inner_text() == "（非公企业）"
    assert "督导安排" in page.locator("article").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "site-preview-non-public.png"))
    with page.expect_download() as info:
        page.locator(".bar").get_by_role("link", name="Word").click()
    assert info.value.suggested_filename == f"{TITLE}（非公企业）.docx"
    page.get_by_role("link", name="← 返回下载页面").click()
    page.wait_for_url(lambda url: "/preview/" not in url)
    assert page.title() == "实施方案文件下载"


def test_printing_leaves_out_the_controls(page: Any, base_url: str) -> None:
    page.goto(base_url)
    page.emulate_media(media="print")
    assert not page.locator("#filter").is_visible()
    assert not page.locator(".bundles").is_visible()
    assert visible_rows(page) == ["full", *TYPES]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "site-print.png"), full_page=True)


def test_each_plan_says_when_its_documents_were_made_in_local_time(
    page: Any, base_url: str
) -> None:
    """The page's bytes do not depend on the clock, so the time comes from the files: the
    server's Last-Modified of the plan's first document, shown in the reader's local time."""
    import datetime as dt
    import os

    first = next(Path("dist").resolve().rglob(f"{TITLE}.docx"))
    made = dt.datetime(2026, 3, 1, 9, 5)  # local time, as a clerk's clock says
    os.utime(first, (made.timestamp(), made.timestamp()))
    page.goto(base_url)
    shown = page.locator("span.made").first
    page.wait_for_function("document.querySelector('span.made').textContent !== '—'")
    assert shown.inner_text() == "2026年3月1日 09:05"
    assert page.locator("dt", has_text="文件生成").count() == 1
