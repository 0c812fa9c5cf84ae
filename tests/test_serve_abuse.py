"""The server under abuse: silent clients, malformed requests, bursts — every request gets a
status line, in Chinese, and nothing holds a thread for ever."""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from plangen.site import serve

from .conftest import serving

TIMEOUT = 10


@pytest.fixture
def port(tmp_path: Path) -> Iterator[int]:
    (tmp_path / "index.html").write_text("<p>下载</p>", encoding="utf-8")
    running = serve.make_server(tmp_path, "127.0.0.1", 0, idle_timeout=0.5)
    with serving(running) as port:
        yield port


def send(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_client_that_sends_nothing_is_let_go(port: int) -> None:
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        assert sock.recv(1024) == b""  # the server closed the connection
    assert time.monotonic() - started < 5


def test_a_client_that_stops_halfway_is_let_go(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        sock.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
        assert sock.recv(1024) == b""


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET\r\n\r\n", 400),
        (b"GET / HTTP/1.1 extra\r\n\r\n", 400),
        (b"GET / HTTP/x.y\r\n\r\n", 400),
        (b"GET / HTTP/2.0\r\n\r\n", 505),
        (b"POST /\r\n\r\n", 400),
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nX: " + b"a" * 70000 + b"\r\n\r\n", 431),
        (b"GET /" + "长".encode() * 200 + b" HTTP/1.1\r\nConnection: close\r\n\r\n", 404),
        ("GET /下载 HTTP/1.1\r\nConnection: close\r\n\r\n".encode(), 404),
    ],
)
def test_every_malformed_request_gets_a_status_line(
    port: int, request_bytes: bytes, status: int
) -> None:
    answer = send(port, request_bytes)
    assert answer.startswith(f"HTTP/1.1 {status} ".encode()), answer[:60]
    body = answer.split(b"\r\n\r\n", 1)[1].decode("utf-8")
    assert body.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert "Traceback" not in body and "Error code" not in body


def test_the_400_page_is_in_chinese(port: int) -> None:
    answer = send(port, b"GARBAGE\r\n\r\n")
    assert "请求的地址不正确。" in answer.decode("utf-8")


def test_a_request_without_a_version_gets_a_status_line(port: int) -> None:
    assert send(port, b"GET /\r\n").startswith(b"HTTP/1.1 400 ")


def test_a_burst_of_1000_requests_from_20_clients(port: int) -> None:
    def client(_: int) -> list[int]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        statuses = []
        for _n in range(50):
            connection.request("GET", "/index.html")
            answer = connection.getresponse()
            answer.read()
            statuses.append(answer.status)
        connection.close()
        return statuses

    with ThreadPoolExecutor(20) as pool:
        results = [s for batch in pool.map(client, range(20)) for s in batch]
    assert len(results) == 1000
    assert set(results) == {200}
