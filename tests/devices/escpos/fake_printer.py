"""A fake ESC/POS receipt printer, on a TCP socket on 127.0.0.1 or on a pty (a serial line).

It keeps the bytes it is sent and answers the status queries the way a thermal
printer does: ``DLE EOT n`` at once, whatever it is doing (real-time commands),
``GS r 1`` only in its turn, after the data before it has "printed" — and never
while it is stopped. It can be told to be in any state, to stay silent, to
close the connection on a query (an empty reply), or to fail part-way through
a job (close the connection, or run out of paper, after N bytes of data).
"""

from __future__ import annotations

import enum
import os
import selectors
import socket
import threading
import time
import tty
from dataclasses import dataclass, field


class Mode(enum.Enum):
    READY = "ready"
    NEAR_END = "near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"  # offline with an error: no cover or paper cause
    SILENT = "silent"  # takes bytes, answers nothing
    HANG_UP = "hang_up"  # closes the connection when asked anything (an empty reply)
    NO_DLE_EOT_4 = "no_dle_eot_4"  # ready, but only GS r 1 tells the paper state
    NEVER_CONFIRMS = "never_confirms"  # says it is ready, but never gets round to GS r


class Fault(enum.Enum):
    CLOSE = "close"  # the printer drops the connection part-way through the job
    PAPER_OUT = "paper_out"  # the paper runs out part-way through the job
    SILENT = "silent"  # the printer stops answering part-way through the job


# (DLE EOT 1, DLE EOT 2, DLE EOT 4, GS r 1) per mode; None: no answer
ANSWERS: dict[Mode, tuple[int | None, int | None, int | None, int | None]] = {
    Mode.READY: (0x12, 0x12, 0x12, 0x00),
    Mode.NEAR_END: (0x12, 0x12, 0x1E, 0x03),
    Mode.PAPER_OUT: (0x1A, 0x32, 0x72, None),  # stopped: GS r waits in the buffer
    Mode.COVER_OPEN: (0x1A, 0x16, 0x12, None),
    Mode.OFFLINE: (0x1A, 0x52, 0x12, None),
    Mode.SILENT: (None, None, None, None),
    Mode.HANG_UP: (None, None, None, None),
    Mode.NO_DLE_EOT_4: (0x12, 0x12, None, 0x00),
    Mode.NEVER_CONFIRMS: (0x12, 0x12, 0x12, None),
}


@dataclass
class _Connection:
    """What one connection has sent that is not parsed yet, and answers waiting their time."""

    pending: bytearray = field(default_factory=bytearray)
    due: list[tuple[float, bytes]] = field(default_factory=list)


class FakeEscposPrinter:
    def __init__(self, mode: Mode = Mode.READY, *, print_seconds: float = 0.0) -> None:
        self.mode = mode
        self.print_seconds = print_seconds
        """How long "printing" takes: the GS r answer comes this long after its turn."""
        self.fault: Fault | None = None
        self.fault_after = 0
        self.data = bytearray()  # every byte that is not a status query
        self.printed = bytearray()  # the data bytes processed while the printer was running
        self.queries: list[bytes] = []
        self.connections = 0
        self._lock = threading.Lock()
        self._selector = selectors.DefaultSelector()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._listener: socket.socket | None = None
        self._master: int | None = None
        self._slave: int | None = None
        self.port = 0
        self.device = ""
        self._due_map: dict[object, _Connection] = {}
        self._hang_up = False

    # --- control from the test ------------------------------------------

    def fail_after(self, count: int, fault: Fault) -> None:
        """Fail once ``count`` more data bytes have arrived."""
        with self._lock:
            self.fault, self.fault_after = fault, len(self.data) + count

    def set_mode(self, mode: Mode) -> None:
        with self._lock:
            self.mode = mode

    def hang_up_all(self) -> None:
        """Drop every open connection, as a printer does with an idle one."""
        with self._lock:
            self._hang_up = True
        deadline = time.monotonic() + 2
        while self._hang_up and time.monotonic() < deadline:
            time.sleep(0.005)

    def clear(self) -> None:
        with self._lock:
            self.data.clear()
            self.printed.clear()
            self.queries.clear()

    # --- transports -------------------------------------------------------

    def serve_tcp(self) -> FakeEscposPrinter:
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.setblocking(False)
        self.port = self._listener.getsockname()[1]
        self._selector.register(self._listener, selectors.EVENT_READ, "accept")
        return self._start()

    def serve_pty(self) -> FakeEscposPrinter:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no echo, no line editing: a serial line carries bytes as they are
        os.set_blocking(self._master, False)
        self.device = os.ttyname(self._slave)
        self._selector.register(self._master, selectors.EVENT_READ, _Connection())
        return self._start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        for key in list(self._selector.get_map().values()):
            self._selector.unregister(key.fileobj)
            if isinstance(key.fileobj, socket.socket):
                key.fileobj.close()
        self._selector.close()
        for fd in (self._master, self._slave):
            if fd is not None:
                os.close(fd)
        self._master = self._slave = None

    def _start(self) -> FakeEscposPrinter:
        self._thread = threading.Thread(target=self._run, name="fake-escpos", daemon=True)
        self._thread.start()
        return self

    # --- the printer --------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._hang_up:
                for key in list(self._selector.get_map().values()):
                    if key.data != "accept" and isinstance(key.fileobj, socket.socket):
                        self._drop(key.fileobj)
                self._hang_up = False
            for key, _ in self._selector.select(timeout=0.01):
                if key.data == "accept":
                    assert self._listener is not None
                    client, _ = self._listener.accept()
                    client.setblocking(False)
                    self.connections += 1
                    self._selector.register(client, selectors.EVENT_READ, _Connection())
                    continue
                try:
                    chunk = (
                        key.fileobj.recv(4096)
                        if isinstance(key.fileobj, socket.socket)
                        else os.read(self._master or -1, 4096)
                    )
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    chunk = b""
                if not chunk:
                    self._drop(key.fileobj)
                    continue
                if not self._take(key.fileobj, key.data, chunk):
                    self._drop(key.fileobj)
            self._send_due()

    def _take(self, endpoint: object, conn: _Connection, chunk: bytes) -> bool:
        """Parse what arrived; False when the printer hangs up."""
        conn.pending += chunk
        with self._lock:
            while conn.pending:
                head = bytes(conn.pending[:3])
                if (
                    head[:1] in (b"\x10", b"\x1d")
                    and len(head) < 3
                    and head in (b"\x10", b"\x10\x04", b"\x1d", b"\x1dr")
                ):
                    break  # a query cut in two by the transport: wait for the rest
                if head[:2] == b"\x10\x04":
                    del conn.pending[:3]
                    self.queries.append(head)
                    if self.mode is Mode.HANG_UP:
                        return False
                    answer = ANSWERS[self.mode][{1: 0, 2: 1, 4: 2}.get(head[2], 0)]
                    if answer is not None:
                        conn.due.append((0.0, bytes([answer])))
                elif head[:2] == b"\x1dr":
                    del conn.pending[:3]
                    self.queries.append(head)
                    if self.mode is Mode.HANG_UP:
                        return False
                    answer = ANSWERS[self.mode][3]
                    if answer is not None:
                        conn.due.append((time.monotonic() + self.print_seconds, bytes([answer])))
                else:
                    byte = conn.pending.pop(0)
                    self.data.append(byte)
                    if self.mode in (Mode.READY, Mode.NEAR_END, Mode.NO_DLE_EOT_4):
                        self.printed.append(byte)
                    if self.fault is not None and len(self.data) >= self.fault_after:
                        fault, self.fault = self.fault, None
                        if fault is Fault.CLOSE:
                            return False
                        self.mode = Mode.SILENT if fault is Fault.SILENT else Mode.PAPER_OUT
        self._due_map[endpoint] = conn
        return True

    def _send_due(self) -> None:
        now = time.monotonic()
        for endpoint, conn in list(self._due_map.items()):
            # real-time answers (due at once) overtake a GS r answer still "printing"
            ready = b"".join(answer for due, answer in conn.due if due <= now)
            conn.due = [(due, answer) for due, answer in conn.due if due > now]
            if not ready:
                continue
            try:
                if isinstance(endpoint, socket.socket):
                    endpoint.sendall(ready)
                else:
                    os.write(self._master or -1, ready)
            except OSError:
                conn.due.clear()

    def _drop(self, endpoint: object) -> None:
        self._due_map.pop(endpoint, None)
        if isinstance(endpoint, socket.socket):
            self._selector.unregister(endpoint)
            endpoint.close()
