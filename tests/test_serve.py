"""plangen serve: read-only, inside the site folder only, right headers, many downloads at once.

Every server here listens on 127.0.0.1 with a port the system picks, and is shut down after the
test; every request has a timeout.
"""

from __future__ import annotations

import http.client
import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import pytest

from plangen.site import serve

from .conftest import run_cli, serving

TIMEOUT = 10
DOCX = "中共天水市企业工委关于在企业深入开展党的群众路线教育实践活动的实施方案（市属企业）.docx"
SECRET = b"outside the site folder"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site folder with a Chinese-named document, a zip, a PDF, a folder without an index,
    a hidden file, and symlinks that lead out of the folder."""
    root = tmp_path / "site"
    (root / "plan").mkdir(parents=True)
    (root / "empty").mkdir()
    (root / "preview" / "plan").mkdir(parents=True)
    (root / "index.html").write_text("<!DOCTYPE html><p>下载</p>", encoding="utf-8")
    (root / "preview" / "index.html").write_text("<p>预览</p>", encoding="utf-8")
    (root / "plan" / DOCX).write_bytes(os.urandom(1_500_000))
    (root / "plan" / "方案.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(1000))
    (root / "zip").mkdir()
    (root / "zip" / "实施方案（市属企业）.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (root / "manifest.json").write_text("{}", encoding="utf-8")
    (root / ".index.html.abc.tmp").write_text("half written", encoding="utf-8")
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (root / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (root / "outside").symlink_to(tmp_path)
    (root / "inside.docx").symlink_to(root / "plan" / DOCX)
    return root


@pytest.fixture
def server(site: Path) -> Iterator[int]:
    running = serve.make_server(site, "127.0.0.1", 0)
    with serving(running) as port:
        yield port


def request(
    port: int, target: str, method: str = "GET"
) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.putrequest(method, target, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def raw_request(port: int, line: bytes) -> bytes:
    """Send a request line byte for byte (http.client refuses some of the bytes we must try)."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        sock.sendall(line + b"\r\nHost: x\r\nConnection: close\r\n\r\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def url(*parts: str) -> str:
    return "/" + "/".join(quote(p) for p in parts)


# --- what may be reached ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/../secret.txt",
        "/plan/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/plan/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..%2fsecret.txt",
        "/plan/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/plan%5c..%5c..%5csecret.txt",
        "/%5c%5c..%5csecret.txt",
        "/%2fetc/passwd",
        "/C:/Windows/win.ini",
        "/index.html%00.docx",
        "/plan%00/x",
        "/%c0%ae%c0%ae/secret.txt",
        "secret.txt",
    ],
)
def test_paths_out_of_the_folder_are_refused(server: int, target: str) -> None:
    status, _, body = request(server, target)
    assert status == 400, target
    assert SECRET not in body
    assert "请求的地址不正确" in body.decode("utf-8")


@pytest.mark.parametrize(
    "target",
    [
        "/leak.txt",  # a symlink to a file outside
        "/outside/secret.txt",  # through a symlinked folder
        "/.index.html.abc.tmp",  # hidden files: temporary files of atomic writes
        "/etc/passwd",
        "//etc/passwd",  # http.server reads a leading // as /
        "/no-such-file.docx",
        "/empty/",  # a folder without index.html: no listing
        "/plan/",
    ],
)
def test_symlinks_out_hidden_files_and_listings_are_not_found(server: int, target: str) -> None:
    status, headers, body = request(server, target)
    assert status == 404, target
    assert SECRET not in body and DOCX.encode() not in body and b"Index of" not in body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "找不到这个文件" in body.decode("utf-8")


def test_request_lines_with_raw_nul_and_backslash_are_refused(server: int) -> None:
    for line in (b"GET /index.html\x00.docx HTTP/1.1", b"GET /..\\secret.txt HTTP/1.1"):
        answer = raw_request(server, line)
        assert answer.startswith(b"HTTP/1.1 400 "), answer[:40]
        assert SECRET not in answer


def test_a_symlink_inside_the_folder_is_served(server: int, site: Path) -> None:
    status, _, body = request(server, "/inside.docx")
    assert status == 200 and body == (site / "plan" / DOCX).read_bytes()


def test_a_folder_serves_its_index_page(server: int) -> None:
    status, headers, body = request(server, "/")
    assert status == 200 and "下载" in body.decode("utf-8")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Disposition" not in headers
    status, headers, _ = request(server, "/preview")
    assert status == 301 and headers["Location"] == "/preview/"
    status, _, body = request(server, "/preview/?x=1")
    assert status == 200 and "预览" in body.decode("utf-8")


# --- methods and headers ------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"])
def test_only_get_and_head_are_allowed(server: int, site: Path, method: str) -> None:
    before = sorted(p.name for p in site.rglob("*"))
    status, headers, body = request(server, "/index.html", method)
    assert status == 405
    assert headers["Allow"] == "GET, HEAD"
    assert "只接受 GET 和 HEAD" in body.decode("utf-8")
    assert sorted(p.name for p in site.rglob("*")) == before


def test_a_document_downloads_with_its_chinese_name(server: int, site: Path) -> None:
    status, headers, body = request(server, url("plan", DOCX))
    assert status == 200
    assert body == (site / "plan" / DOCX).read_bytes()
    assert headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert headers["Content-Length"] == str(len(body))
    disposition = headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="plan-')
    assert disposition.endswith(f".docx\"; filename*=UTF-8''{quote(DOCX, safe='')}")
    fallback = disposition.split('"')[1]
    assert fallback.isascii() and fallback.endswith(".docx")


@pytest.mark.parametrize(
    ("parts", "kind"),
    [
        (("plan", "方案.pdf"), "application/pdf"),
        (("zip", "实施方案（市属企业）.zip"), "application/zip"),
    ],
)
def test_pdfs_and_zips_are_downloads_too(server: int, parts: tuple[str, ...], kind: str) -> None:
    status, headers, body = request(server, url(*parts))
    assert status == 200 and headers["Content-Type"] == kind
    assert headers["Content-Length"] == str(len(body))
    assert headers["Content-Disposition"].endswith("filename*=UTF-8''" + quote(parts[-1], safe=""))


def test_head_gives_the_headers_without_the_body(server: int, site: Path) -> None:
    status, headers, body = request(server, url("plan", DOCX), "HEAD")
    assert status == 200 and body == b""
    assert headers["Content-Length"] == str((site / "plan" / DOCX).stat().st_size)
    assert "filename*=UTF-8''" in headers["Content-Disposition"]


def test_files_say_when_they_were_written(server: int, site: Path) -> None:
    """Last-Modified: the page shows it as when a plan's documents were made."""
    from email.utils import formatdate

    path = site / "plan" / DOCX
    os.utime(path, (1_772_355_900, 1_772_355_900))
    status, headers, _body = request(server, url("plan", DOCX), "HEAD")
    assert status == 200
    assert headers["Last-Modified"] == formatdate(1_772_355_900, usegmt=True)
    assert headers["Last-Modified"].endswith("GMT")


def test_json_is_utf8_text(server: int) -> None:
    status, headers, _ = request(server, "/manifest.json")
    assert status == 200 and headers["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.parametrize(
    ("name", "fallback"),
    [
        ("plan/中文名称.docx", r"plan-[0-9a-f]{8}\.docx"),
        ("2014-qunzhong/实施方案 v2（草稿）.pdf", r"v2\.pdf"),
        ('x/a"b\\c.zip', r"a_b_c\.zip"),
    ],
)
def test_the_ascii_fallback_is_plain_ascii(name: str, fallback: str) -> None:
    import re

    assert re.fullmatch(fallback, serve.ascii_fallback(PurePosixPath(name)))


# --- many at once -------------------------------------------------------------------------------


def test_fifty_parallel_downloads_all_arrive_whole(server: int, site: Path) -> None:
    expected = {
        url("plan", DOCX): (site / "plan" / DOCX).read_bytes(),
        url("plan", "方案.pdf"): (site / "plan" / "方案.pdf").read_bytes(),
    }
    targets = [url("plan", DOCX) if n % 5 else url("plan", "方案.pdf") for n in range(50)]
    barrier = threading.Barrier(50, timeout=TIMEOUT)

    def fetch(target: str) -> tuple[str, int, bytes]:
        barrier.wait()  # all fifty ask at the same moment
        status, _, body = request(server, target)
        return target, status, body

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(fetch, targets, timeout=60))
    elapsed = time.perf_counter() - started
    assert len(results) == 50
    for target, status, body in results:
        assert status == 200
        assert body == expected[target]
    total = sum(len(body) for _, _, body in results)
    print(f"50 parallel downloads, {total / 1e6:.1f} MB in {elapsed:.2f} s")


# --- the command --------------------------------------------------------------------------------


def test_serve_without_a_site_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("serve", "--port", "0")
    assert result.exit_code == 2
    assert "找不到 dist/index.html：请先运行 make build" in result.output


def test_a_port_in_use_is_reported_in_chinese(site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port), str(site))
    assert result.exit_code == 1
    assert f"端口 {port} 已被占用" in result.output
    assert "Traceback" not in result.output


def test_errors_while_answering_are_told_in_one_line_and_a_gone_browser_is_not(site: Path) -> None:
    running = serve.make_server(site, "127.0.0.1", 0)
    told: list[str] = []
    running.reporter = told.append
    try:
        for error in (BrokenPipeError(32, "Broken pipe"), RuntimeError("unexpected")):
            try:
                raise error
            except Exception:
                running.handle_error(None, ("192.168.1.20", 50000))
    finally:
        running.server_close()
    assert told == ["处理来自 192.168.1.20 的请求时出错：RuntimeError('unexpected')"]


def test_error_pages_follow_the_language(site: Path) -> None:
    running = serve.make_server(site, "127.0.0.1", 0, "en")
    with serving(running) as port:
        status, _, body = request(port, "/no-such-file.docx")
    assert status == 404
    assert body.decode("utf-8").startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "No such file." in body.decode("utf-8")


def test_the_page_carries_the_out_of_date_notice(site: Path) -> None:
    running = serve.make_server(site, "127.0.0.1", 0)
    running.notice = lambda: '<p class="stale" role="alert">方案在上次生成之后改过</p>'
    with serving(running) as port:
        status, headers, body = request(port, "/")
        assert status == 200
        assert '<p class="stale" role="alert">方案在上次生成之后改过</p>' in body.decode("utf-8")
        assert int(headers["Content-Length"]) == len(body)
        other = next(p for p in site.rglob("*.docx"))
        _, _, data = request(port, "/" + quote(other.relative_to(site).as_posix()))
        assert data == other.read_bytes()  # downloads are sent as they are
