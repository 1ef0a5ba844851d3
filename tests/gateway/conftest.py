"""A real HTTP gateway on 127.0.0.1, scripted per request by the tests."""

from __future__ import annotations

import contextlib
import json
import ssl
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

Action = Callable[["GatewayHandler"], None]


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Script:
    """What the fake gateway does: the queued actions first, then ``default`` for every request after."""

    queue: deque[Action] = field(default_factory=deque)
    default: Action | None = None
    seen: list[Seen] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)  # replies the client stopped reading
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)
    """Set when the server stops: slow answers wait on it, so no handler thread outlives a test."""

    def then(self, *actions: Action) -> Script:
        self.queue.extend(actions)
        return self

    def next_action(self) -> Action:
        with self.lock:
            if self.queue:
                return self.queue.popleft()
        assert self.default is not None, "the fake gateway got a request nobody scripted"
        return self.default


class GatewayHandler(BaseHTTPRequestHandler):
    server: GatewayServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean (and it would log request lines)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        script = self.server.script
        with script.lock:
            script.seen.append(Seen(self.command, self.path, dict(self.headers.items()), body))
        try:
            script.next_action()(self)
        except (BrokenPipeError, ConnectionResetError):
            script.aborted.append(self.path)

    do_GET = _handle  # noqa: N815 - the names http.server dispatches to
    do_POST = _handle  # noqa: N815

    def handle(self) -> None:
        # The client may hang up between requests on a kept-alive connection: what clients do.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    # -- answers the tests script ------------------------------------------------

    def send_json(self, status: int, payload: Any) -> None:
        self.send_bytes(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"))

    def send_bytes(self, status: int, data: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def send_chunked(self, status: int, chunks: Iterator[bytes] | list[bytes], pause: float = 0.0) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for chunk in chunks:
            if pause and self.server.script.stopping.wait(pause):
                return
            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


class GatewayServer(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins every handler thread
    script: Script


@dataclass
class RunningGateway:
    url: str
    script: Script
    server: GatewayServer


def start_gateway(tls: ssl.SSLContext | None = None) -> tuple[RunningGateway, Callable[[], None]]:
    server = GatewayServer(("127.0.0.1", 0), GatewayHandler)
    server.script = Script()
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    scheme = "https" if tls is not None else "http"
    running = RunningGateway(f"{scheme}://{'localhost' if tls else host}:{port}/gw", server.script, server)

    def stop() -> None:
        server.script.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        assert not thread.is_alive()

    return running, stop


@pytest.fixture
def gateway() -> Iterator[RunningGateway]:
    running, stop = start_gateway()
    yield running
    stop()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
