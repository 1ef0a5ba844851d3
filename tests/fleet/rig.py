"""The fleet's real parts for tests and the bench: the central service as a process, kiosks as
processes with their own SQLite files, and a link between them that can be cut."""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

from central import registry
from central.local import LocalPostgres

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = "central_template"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


@dataclass
class Database:
    """One central database (made from the migrated template) on the session's server."""

    server: LocalPostgres
    name: str

    @property
    def url(self) -> str:
        return f"postgresql://kiosk@/{self.name}?host={self.server.socket_dir}"

    def connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.url, autocommit=True)

    def scalar(self, query: str, *params: object) -> Any:
        with self.connect() as connection:
            row = connection.execute(query, params).fetchone()
            return None if row is None else row[0]

    def register(self, kiosk_id: str, hall_id: str = "H1") -> str:
        with self.connect() as connection:
            registry.add_hall(connection, hall_id, f"hall {hall_id}")
            return registry.add_kiosk(connection, kiosk_id, hall_id, kiosk_id)


def proc_stat(pid: int) -> list[str]:
    """``/proc/PID/stat``'s fields after the command's name: state, ppid, … utime is [11], stime [12]
    (Linux); OSError once the process is gone."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def child_pids(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (PostgreSQL's backends, the service's workers)."""
    found = set()
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, ValueError, IndexError):
            if entry.name.isdigit() and int(proc_stat(int(entry.name))[1]) == pid:
                found.add(int(entry.name))
    return found


_NAMES = itertools.count()


def fresh_database(postgres: LocalPostgres) -> Iterator[Database]:
    """A database of its own, from the migrated template, dropped after (a fixture's body)."""
    name = f"central_{next(_NAMES)}"
    with psycopg.connect(postgres.conninfo(), autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    yield Database(postgres, name)
    with psycopg.connect(postgres.conninfo(), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@dataclass
class CentralProcess:
    """``python -m central serve`` on 127.0.0.1, as the hall runs it."""

    database: Database
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    config: Path | None = None  # a central TOML ([server] TLS …)
    scheme: str = "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self) -> None:
        out = self.log.open("ab") if self.log else subprocess.DEVNULL
        config = ["--config", str(self.config)] if self.config else []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "central", *config, "serve", "--port", str(self.port)],
            env=_env(CENTRAL_DATABASE_URL=self.database.url),
            stdout=out,
            stderr=out,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError, OSError):
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    if self.scheme == "https":
                        return  # TLS with client certificates: the socket answering is enough here
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code in (200, 503):
                    return
            if self.process.poll() is not None:
                raise RuntimeError(f"the central service exited with {self.process.returncode}")
            time.sleep(0.1)
        raise RuntimeError("the central service did not start in 30 s")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)
        self.process = None


class Link:
    """A TCP relay between the kiosks and the centre that can be cut, as a hall's uplink is.

    Down: every connection is closed at once, the open ones too. ``lose_replies``: requests reach
    the centre, but each connection is closed as the answer comes back, so the centre commits what
    the kiosk never hears acknowledged."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.up = True
        self.lose_replies = False
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cut(self) -> None:
        self.up = False
        with self._lock:
            for sock in list(self._open):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self._closed = True
        self.cut()
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            threading.Thread(target=self._pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, True), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, reply: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data or not self.up:
                    break
                if reply and self.lose_replies:
                    break  # the request went through; its answer never arrives
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                for sock in (source, sink):
                    self._open.discard(sock)
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
                    sock.close()


@dataclass
class KioskBox:
    """One kiosk: its data folder, its configuration, its own SQLite database."""

    folder: Path
    kiosk_id: str
    token: str
    central_url: str
    batch_rows: int = 50
    shipper: subprocess.Popen[bytes] | None = None

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.write_config()

    @property
    def config(self) -> Path:
        return self.folder / "kiosk.toml"

    @property
    def database(self) -> Path:
        return self.folder / "kiosk.db"

    def write_config(self, *, enabled: bool = True) -> None:
        self.config.write_text(
            f'data_dir = "{self.folder}"\n\n[kiosk]\nid = "{self.kiosk_id}"\n\n'
            f"[sources]\ndemo_registry = true\n\n"
            f"[sync]\nenabled = {'true' if enabled else 'false'}\n"
            f'url = "{self.central_url}"\ntoken = "{self.token}"\n'
            f"batch_rows = {self.batch_rows}\nretry_max_seconds = 1\ntimeout_seconds = 5\n"
            "heartbeat_seconds = 5\n",
            encoding="utf-8",
        )

    def kiosk(
        self, *words: str, check: bool = True, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """``kiosk --config … WORDS`` as a process of its own."""
        return subprocess.run(
            [sys.executable, "-m", "kiosk", "--config", str(self.config), *words],
            env=_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=check,
        )

    def simulate(self, sessions: int, *, start: str = "2026-11-20T08:00:00", step_minutes: float = 7) -> None:
        """``sessions`` visits recorded by a kiosk process through the kiosk's own Records."""
        subprocess.run(
            [
                sys.executable, "-m", "tests.fleet.simulate", "--config", str(self.config),
                "--sessions", str(sessions), "--start", start, "--step-minutes", str(step_minutes),
            ],
            env=_env(),
            check=True,
            timeout=300,
        )  # fmt: skip

    def follow(self) -> subprocess.Popen[bytes]:
        self.shipper = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--config", str(self.config), "sync", "--follow"],
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=(self.folder / "shipper.log").open("ab"),
        )
        return self.shipper

    def stop_shipper(self, sig: int = signal.SIGTERM) -> None:
        if self.shipper is not None and self.shipper.poll() is None:
            self.shipper.send_signal(sig)
            self.shipper.wait(timeout=30)
        self.shipper = None

    def outbox(self) -> list[tuple[int, str]]:
        """(seq, uuid) of every outbox row, in order."""
        with contextlib.closing(sqlite3.connect(self.database)) as db:
            return [(int(s), str(u)) for s, u in db.execute("SELECT seq, uuid FROM outbox ORDER BY seq")]

    def last_seq(self) -> int:
        with contextlib.closing(sqlite3.connect(self.database)) as db:
            return int(db.execute("SELECT last_seq FROM outbox_state").fetchone()[0])


def received(database: Database, kiosk_id: str) -> list[tuple[int, str]]:
    with database.connect() as connection:
        rows = connection.execute(
            "SELECT seq, uuid::text FROM received WHERE kiosk_id = %s ORDER BY seq", (kiosk_id,)
        ).fetchall()
    return [(int(seq), str(uuid)) for seq, uuid in rows]


def wait_until(condition: Any, timeout: float = 60.0, every: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"not reached in {timeout} s: {getattr(condition, '__name__', condition)}")


@contextlib.contextmanager
def running(central: CentralProcess) -> Iterator[CentralProcess]:
    central.start()
    try:
        yield central
    finally:
        central.stop()
