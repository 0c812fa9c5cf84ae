"""A small Language Server Protocol client, to test the schemas in the editor drafters use.

VS Code's YAML extension is yaml-language-server; the only faithful test of what a drafter sees
(which keywords it honours, where a diagnostic lands, what hover and completion show) is to talk
to that server the way the editor does: JSON-RPC messages framed by ``Content-Length`` headers
over the server's stdin and stdout.

A reader thread collects what the server sends. Responses are matched to requests by id; requests
from the server (``workspace/configuration`` above all: the server *pulls* its settings) are
answered at once; notifications (``textDocument/publishDiagnostics``) are kept for the test to wait
on. Every wait has a timeout, so a server that hangs or dies fails the test instead of hanging it;
the error then carries the end of the server's stderr.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

TIMEOUT = 30.0  # seconds: generous for a loaded CI machine, still short of a hung job


class LspError(Exception):
    """The server answered with an error, went silent, or exited."""


def utf16_column(line: str, index: int) -> int:
    """LSP counts columns in UTF-16 code units: the same as ``str`` indices except for
    characters outside the Basic Multilingual Plane (rare CJK extensions), which count twice."""
    return len(line[:index].encode("utf-16-le")) // 2


def position_of(text: str, needle: str, offset: int = 0, occurrence: int = 0) -> dict[str, int]:
    """The LSP position ``offset`` characters into the ``occurrence``-th ``needle`` of ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    index = start + offset
    line = text.count("\n", 0, index)
    line_start = text.rfind("\n", 0, index) + 1
    current = text[line_start:].split("\n", 1)[0]
    return {"line": line, "character": utf16_column(current, index - line_start)}


class LanguageServer:
    """A running language server, spoken to over stdio. Use as a context manager."""

    def __init__(
        self,
        command: list[str],
        root: Path,
        settings: dict[str, Any],
        timeout: float = TIMEOUT,
    ) -> None:
        self.command = command
        self.root = root
        self.settings = settings  # section → value, answered to workspace/configuration
        self.timeout = timeout  # the longest wait for any one answer
        self._process: subprocess.Popen[bytes] | None = None
        self._write_lock = threading.Lock()
        self._changed = threading.Condition()
        self._responses: dict[int, dict[str, Any]] = {}
        self._notifications: list[dict[str, Any]] = []
        self._stderr: deque[str] = deque(maxlen=40)
        self._next_id = 0
        self._closed = False
        self._readers: list[threading.Thread] = []

    # --- life cycle --------------------------------------------------------------------------

    def __enter__(self) -> LanguageServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._process = subprocess.Popen(
            self.command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._readers = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for reader in self._readers:
            reader.start()
        root_uri = self.root.resolve().as_uri()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": self.root.name}],
                "capabilities": {
                    "workspace": {"configuration": True, "didChangeConfiguration": {}},
                    "textDocument": {
                        "publishDiagnostics": {},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {
                            "completionItem": {
                                "snippetSupport": True,
                                "documentationFormat": ["markdown", "plaintext"],
                            }
                        },
                    },
                },
            },
        )
        self.notify("initialized", {})
        # The server answers this notification by asking for its settings (workspace/configuration).
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})

    def stop(self) -> None:
        """Ask the server to shut down; kill it when it does not within a few seconds."""
        process = self._process
        if process is None or self._closed:
            return
        try:
            if process.poll() is None:
                self.request("shutdown", None, timeout=min(5, self.timeout))
                self.notify("exit", None)
                process.wait(timeout=5)
        except (LspError, subprocess.TimeoutExpired):
            process.kill()
            process.wait(timeout=5)
        finally:
            self._closed = True
            for reader in self._readers:  # they end at the end of the streams: the server exited
                reader.join(timeout=5)
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream is not None:
                    stream.close()

    # --- messages ----------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        assert self._process is not None and self._process.stdin is not None
        body = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode("utf-8")
        try:
            with self._write_lock:
                self._process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                self._process.stdin.flush()
        except (OSError, ValueError) as error:  # the server is gone (a broken or closed pipe)
            raise LspError(f"cannot write to the server: {error}\n{self.stderr_tail()}") from None

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float | None = None) -> Any:
        """Send a request and wait for its response; its ``result``, or :class:`LspError`."""
        with self._changed:
            self._next_id += 1
            ident = self._next_id
        self._send({"id": ident, "method": method, "params": params})
        response = self._wait(lambda: self._responses.pop(ident, None), timeout, method)
        if "error" in response:
            raise LspError(f"{method}: {response['error']}")
        return response.get("result")

    def wait_for_notification(
        self, method: str, match: Callable[[Any], bool], timeout: float | None = None
    ) -> Any:
        """The params of the first notification ``method`` (not yet taken) that ``match``es."""

        def take() -> Any:
            for i, message in enumerate(self._notifications):
                if message.get("method") == method and match(message.get("params")):
                    return self._notifications.pop(i)["params"]
            return None

        return self._wait(take, timeout, method)

    def _wait(self, take: Callable[[], Any], timeout: float | None, what: str) -> Any:
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = take()
                if found is not None:
                    return found
                if self._process is None or self._process.poll() is not None or self._closed:
                    raise LspError(f"{what}: the server exited\n{self.stderr_tail()}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LspError(f"{what}: no answer in {timeout:g} s\n{self.stderr_tail()}")
                self._changed.wait(min(left, 0.5))

    def stderr_tail(self) -> str:
        return "".join(self._stderr)

    # --- the reader threads ------------------------------------------------------------------

    def _read_stdout(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        stream = self._process.stdout
        try:
            while True:
                length = None
                while True:  # headers, up to the empty line
                    line = stream.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                if length is None:
                    continue
                self._dispatch(json.loads(stream.read(length).decode("utf-8")))
        except (OSError, ValueError, LspError):
            return  # the server went away
        finally:
            with self._changed:
                self._changed.notify_all()

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "method" in message and "id" in message:  # a request from the server
            self._send({"id": message["id"], "result": self._answer(message)})
            return
        with self._changed:
            if "method" in message:
                self._notifications.append(message)
            else:
                self._responses[message["id"]] = message
            self._changed.notify_all()

    def _answer(self, request: dict[str, Any]) -> Any:
        if request["method"] == "workspace/configuration":
            items = request.get("params", {}).get("items", [])
            return [self.settings.get(item.get("section", "")) for item in items]
        return None  # client/registerCapability, window/workDoneProgress/create: just accept

    def _read_stderr(self) -> None:
        assert self._process is not None and self._process.stderr is not None
        try:
            for line in self._process.stderr:
                self._stderr.append(line.decode("utf-8", "replace"))
        except (OSError, ValueError):
            return

    # --- the editor's side of a document -----------------------------------------------------

    def open(self, path: Path, text: str) -> str:
        """Open ``text`` as the document at ``path`` (which need not exist: the server reads
        the text from the message, only the schema named in its first line from disk)."""
        uri = path.resolve().as_uri()
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        return uri

    def diagnostics(self, uri: str, timeout: float | None = None) -> list[dict[str, Any]]:
        """The next diagnostics the server publishes for ``uri``."""
        params = self.wait_for_notification(
            "textDocument/publishDiagnostics", lambda p: p.get("uri") == uri, timeout
        )
        found: list[dict[str, Any]] = params["diagnostics"]
        return found

    def hover(self, uri: str, position: dict[str, int]) -> str:
        """The hover text at ``position`` (markdown), or ``""`` when there is none."""
        result = self.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": position}
        )
        if not result:
            return ""
        contents = result["contents"]
        return str(contents["value"] if isinstance(contents, dict) else contents)

    def completion(self, uri: str, position: dict[str, int]) -> list[dict[str, Any]]:
        result = self.request(
            "textDocument/completion", {"textDocument": {"uri": uri}, "position": position}
        )
        if isinstance(result, dict):
            items: list[dict[str, Any]] = result.get("items", [])
            return items
        return list(result or [])
