"""Serving the built site read-only to colleagues on the office network: ``plangen serve``.

Standard library only (``ThreadingHTTPServer``: one thread per connection, so many downloads run
at once). What a request may reach is decided by :func:`locate`, a pure function: only regular
files inside the site folder after every symlink is resolved; no ``..`` however it is encoded, no
backslashes, NUL or other control characters, no drive letters, no hidden files (the temporary
files of an atomic write among them); a folder gives its ``index.html`` or 404, never a listing.
Only GET and HEAD; documents go out as downloads with their Chinese names (RFC 6266 and RFC 5987:
``filename="ascii"; filename*=UTF-8''…``).
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
import shutil
import socket
import socketserver
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from plangen.core.messages import CATALOG, translate

ALLOW = "GET, HEAD"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}
DOWNLOADS = frozenset({".docx", ".pdf", ".zip"})
_CHUNK = 64 * 1024
#: seconds a connection may stay silent before the server closes it
IDLE_TIMEOUT = 30.0
#: connections answered at once; more wait in the listen queue instead of starting threads
WORKERS = 64
#: a path segment longer than any file system's file name cannot name a file
_SEGMENT_BYTES = 255
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NOT_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Located:
    """Where a request leads: ``status`` 200 with a file, 301 with a new location, or an error."""

    status: int
    path: Path | None = None
    location: str | None = None


def _bad_segment(segment: str) -> bool:
    """A path segment that could leave the folder or name another place, also when it was
    encoded twice (``%252e%252e`` arrives here as ``%2e%2e``)."""
    for form in (segment, unquote(segment)):
        if form in ("", ".", "..") or "/" in form or "\\" in form or ":" in form:
            return True
        if _CONTROL.search(form):
            return True
    return False


def locate(root: Path, target: str) -> Located:
    """The file that the request target ``target`` names inside ``root`` (already resolved)."""
    raw = urlsplit(target).path if "://" in target else target.split("?", 1)[0].split("#", 1)[0]
    if not raw.startswith("/") or "\\" in raw or _CONTROL.search(raw):
        return Located(400)
    try:
        decoded = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return Located(400)
    segments = decoded[1:].split("/")
    folder_request = segments[-1] == ""
    if folder_request:
        segments.pop()
    if any(_bad_segment(s) for s in segments):
        return Located(400)
    if any(s.startswith(".") or len(s.encode()) > _SEGMENT_BYTES for s in segments):
        return Located(404)  # hidden files, such as the temporary files of an atomic write
    try:
        return _existing(root, root.joinpath(*segments), raw if folder_request else None, raw)
    except (OSError, ValueError):  # a name the file system refuses (too long, a loop…)
        return Located(404)


def _existing(root: Path, path: Path, folder: str | None, raw: str) -> Located:
    resolved = path.resolve()
    if not resolved.is_relative_to(root):
        return Located(404)  # a symlink out of the folder
    if resolved.is_dir():
        if folder is None:
            return Located(301, location=raw + "/")
        resolved = (resolved / "index.html").resolve()
        if not resolved.is_relative_to(root):
            return Located(404)
    return Located(200, resolved) if resolved.is_file() else Located(404)


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


def ascii_fallback(path: PurePosixPath) -> str:
    """A plain ASCII name for old clients: the ASCII part of the name, else the folder's name
    and a short hash that keeps different documents apart."""
    stem = _NOT_ASCII_NAME.sub("_", path.stem).strip("._")
    if not re.search(r"[A-Za-z0-9]", stem):
        folder = _NOT_ASCII_NAME.sub("_", path.parent.name).strip("._") or "document"
        stem = f"{folder}-{hashlib.sha256(path.name.encode()).hexdigest()[:8]}"
    return stem + _NOT_ASCII_NAME.sub("", path.suffix)


def content_disposition(path: PurePosixPath) -> str:
    """``attachment`` with an ASCII fallback and the real name per RFC 5987."""
    return (
        f'attachment; filename="{ascii_fallback(path)}"; '
        f"filename*=UTF-8''{quote(path.name, safe='')}"
    )


class SiteHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the site folder; every other method gets 405."""

    root: Path  # set on the subclass that make_server creates
    server_version = "plangen"
    protocol_version = "HTTP/1.1"

    # A slow or idle client (a connection opened and nothing sent, a keep-alive left open) gives
    # its thread back after this many seconds (``make_server`` may set another value).
    timeout = IDLE_TIMEOUT

    def version_string(self) -> str:
        return self.server_version

    def parse_request(self) -> bool:
        words = str(self.raw_requestline, "iso-8859-1").split()
        if len(words) == 2:  # HTTP/0.9 (no version, no headers, no status line): refused, with one
            self.command, self.request_version = None, "HTTP/1.0"  # type: ignore[assignment]
            self.requestline = " ".join(words)
            self.send_error(400)
            return False
        return super().parse_request()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's own refusals (a malformed request line, an unknown HTTP version,
        an over-long line or header) as our page, in the server's language, with a status line."""
        if self.request_version == "HTTP/0.9":
            self.request_version = "HTTP/1.0"
        self.close_connection = True
        self._error(
            code, body=getattr(self, "command", None) != "HEAD", extra={"Connection": "close"}
        )

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def __getattr__(self, name: str) -> Any:
        # BaseHTTPRequestHandler answers a method without a do_* with 501; every method other
        # than GET and HEAD (POST, PUT, DELETE, PROPFIND…) is refused here with 405 and Allow.
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)

    def _not_allowed(self) -> None:
        self._error(405, body=True, extra={"Allow": ALLOW})

    def _respond(self, body: bool) -> None:
        located = locate(self.root, self.path)
        if located.status == 301 and located.location:
            self.send_response(301)
            self.send_header("Location", quote(located.location, safe="/%"))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if located.status != 200 or located.path is None:
            self._error(located.status, body)
            return
        try:
            handle = located.path.open("rb")
        except OSError:
            self._error(404, body)
            return
        with handle:
            size = os.fstat(handle.fileno()).st_size  # of the file being sent, even if replaced
            source: Any = handle
            banner = self._banner(located.path)
            if banner:  # the page says it is out of date: the plans changed after the build
                data = _with_banner(handle.read(), banner)
                source, size = io.BytesIO(data), len(data)
            self.send_response(200)
            self.send_header("Content-Type", content_type(located.path))
            self.send_header("Content-Length", str(size))
            # when the file was written: the page shows it as when the documents were made
            modified = os.fstat(handle.fileno()).st_mtime
            self.send_header("Last-Modified", formatdate(modified, usegmt=True))
            if located.path.suffix.lower() in DOWNLOADS:
                name = PurePosixPath(located.path.parent.name, located.path.name)
                self.send_header("Content-Disposition", content_disposition(name))
            self.send_header("Cache-Control", "no-cache")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if body:
                shutil.copyfileobj(source, self.wfile, _CHUNK)

    def _banner(self, path: Path) -> bytes:
        notice = getattr(self.server, "notice", None)
        if notice is None or path != self.root / "index.html":
            return b""
        return str(notice()).encode("utf-8")

    def _error(self, status: int, body: bool, extra: dict[str, str] | None = None) -> None:
        language = getattr(self.server, "lang", "zh")
        key = f"http.{status}" if f"http.{status}" in CATALOG else "http.other"
        text = html.escape(translate(key, language))
        lang = "en" if language == "en" else "zh-CN"
        page = (
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{status}</title></head><body><p>{text}</p></body></html>\n"
        ).encode()
        self.send_response(status)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(page)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a secretary's window shows the address and what went wrong, not every click."""


class SiteServer(ThreadingHTTPServer):
    """One thread per connection; a deep listen queue for bursts of downloads; no name lookups
    (an office network without DNS would make the start wait)."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128
    reporter: Callable[[str], None] | None = None  # where unexpected request errors are told
    lang = "zh"  # the language of error pages and reports
    notice: Callable[[], str] | None = None  # HTML put at the top of the page (out of date)

    def server_activate(self) -> None:
        super().server_activate()
        self._workers = threading.BoundedSemaphore(WORKERS)

    def process_request(self, request: Any, client_address: Any) -> None:
        self._workers.acquire()  # a burst waits in the listen queue, never a thread per socket
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._workers.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._workers.release()

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return  # the browser went away (a cancelled download): nothing to report
        client = str(client_address[0])
        line = translate("serve.request-failed", self.lang, client=client, detail=repr(error))
        if self.reporter is not None:
            self.reporter(line)
        else:
            print(line, file=sys.stderr)


def _with_banner(page: bytes, banner: bytes) -> bytes:
    """``page`` with ``banner`` at the top of its content (inside the page's frame when it has
    one, else first in the body)."""
    for mark in (b'<div class="page">', b"<body>"):
        if mark in page:
            return page.replace(mark, mark + banner, 1)
    return banner + page


def make_server(
    root: Path, host: str, port: int, lang: str = "zh", idle_timeout: float = IDLE_TIMEOUT
) -> SiteServer:
    """A server for ``root`` on ``host:port`` (port 0: any free port), not yet serving; its
    error pages and reports are in ``lang``; silent connections closed after ``idle_timeout``."""
    handler = type("Handler", (SiteHandler,), {"root": root.resolve(), "timeout": idle_timeout})
    server_class: type[SiteServer] = SiteServer
    if ":" in host:
        server_class = type("SiteServer6", (SiteServer,), {"address_family": socket.AF_INET6})
    server = server_class((host, port), handler)
    server.lang = lang
    return server


def urls(server: SiteServer) -> tuple[str, list[str]]:
    """The address to open on this computer, and — when bound to every interface (0.0.0.0,
    ``::``) — the addresses colleagues can open: this computer's name and its IPv4 addresses."""
    host, port = str(server.server_address[0]), int(server.server_address[1])
    if host not in ("0.0.0.0", "::"):
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/", []
    names = [socket.gethostname()]
    try:
        infos = socket.getaddrinfo(names[0], None, socket.AF_INET)
        names += sorted(
            {str(info[4][0]) for info in infos if not str(info[4][0]).startswith("127.")}
        )
    except OSError:
        pass  # no name service: the computer's name alone
    return f"http://127.0.0.1:{port}/", [f"http://{name}:{port}/" for name in names]
