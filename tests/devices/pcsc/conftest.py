"""A real pcscd with the vsmartcard-vpcd virtual reader driver, for the whole session.

pcscd's socket is fixed at /run/pcscd/pcscd.comm: one pcscd per machine, and
it needs root. The daemon runs with a private reader.conf.d (``-c``) that
loads vpcd on a free TCP port; vpcd then offers two readers, "Virtual PCD 00 00"
on that port and "Virtual PCD 00 01" on the next, each waiting for a virtual
card (virtual_card.py) to connect.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.devices.pcsc.virtual_card import VirtualCard

if TYPE_CHECKING:
    from devices.id_reader.pcsc import PcscReader

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
PIDFILE = Path("/tmp/civic-kiosk-test-pcscd.pid")  # a pcscd a crashed earlier run left behind
LOCKFILE = Path("/tmp/civic-kiosk-test-pcscd.lock")  # one test session (or bench) owns pcscd at a time
LOCK_WAIT_SECONDS = 120.0
READY_SECONDS = 10.0


def _why_not() -> str | None:
    if os.geteuid() != 0:
        return "pcscd needs root: its socket is fixed at /run/pcscd/pcscd.comm"
    if shutil.which("pcscd") is None:
        return "pcscd is not installed (Debian package pcscd; see packaging/setup/system-packages.sh)"
    if not VPCD_DRIVER.exists():
        return "the vpcd driver is not installed (Debian package vsmartcard-vpcd)"
    try:
        import smartcard.scard  # noqa: F401, PLC0415 - its failure is the reason to skip
    except ImportError as exc:
        return f"pyscard does not load: {exc}"
    return None


@contextlib.contextmanager
def running_pcscd(workdir: Path) -> Iterator[PcscStack | str]:
    """A started pcscd for this session, or the reason there cannot be one.

    Sessions on one machine (a developer's run beside the bench, two
    worktrees) take turns through a lock, since there is only one pcscd
    socket. Holding the lock, any pcscd in the pid file is a stray from a run
    that died, and is stopped.
    """
    reason = _why_not()
    if reason:
        yield reason
        return
    with LOCKFILE.open("a") as lock:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    yield f"another test session has held pcscd over {LOCK_WAIT_SECONDS:.0f} s ({LOCKFILE})"
                    return
                time.sleep(0.2)
        try:
            _kill_stray()
            if _other_pcscd_running():
                yield "another pcscd is running (/run/pcscd/pcscd.comm answers); stop it to run these tests"
                return
            stack = PcscStack(workdir)
            stack.start()
            try:
                yield stack
            finally:
                stack.stop()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _kill_stray() -> None:
    with contextlib.suppress(FileNotFoundError, ValueError, ProcessLookupError):
        pid = int(PIDFILE.read_text())
        if "civic-kiosk-pcsc" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
            os.kill(pid, signal.SIGTERM)
            for _ in range(50):
                if not Path(f"/proc/{pid}").exists():
                    break
                time.sleep(0.05)
    PIDFILE.unlink(missing_ok=True)


def _other_pcscd_running() -> bool:
    with socket.socket(socket.AF_UNIX) as probe:
        try:
            probe.connect(str(PCSCD_SOCKET))
        except OSError:
            return False
    return True


def _free_port_pair() -> int:
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
        if port + 1 < 65536:
            return int(port)
    raise RuntimeError("no two free TCP ports in a row")


class PcscStack:
    """The running pcscd; ``restart()`` stops and starts it (a new daemon, same config)."""

    def __init__(self, workdir: Path) -> None:
        self.config_dir = workdir / "civic-kiosk-pcsc"
        self.config_dir.mkdir()
        self.port = _free_port_pair()
        (self.config_dir / "vpcd").write_text(
            'FRIENDLYNAME "Virtual PCD"\n'
            f"DEVICENAME   /dev/null:0x{self.port:04X}\n"
            f"LIBPATH      {VPCD_DRIVER}\n"
            f"CHANNELID    0x{self.port:04X}\n"
        )
        self.log = workdir / "pcscd.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.readers: list[str] = []

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                ["pcscd", "--foreground", "--config", str(self.config_dir)], stdout=log, stderr=log
            )
        PIDFILE.write_text(str(self.process.pid))
        self.readers = self._wait_for_readers()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        PIDFILE.unlink(missing_ok=True)

    def restart(self) -> None:
        self.stop()
        self.start()

    def wait_until_empty(self, port: int) -> None:
        """Wait until pcscd reports no card in the reader of this port.

        pcscd polls the vpcd driver, so it reports a removal a little late; the
        next test must not start with the last test's card still "present".
        """
        from smartcard import scard  # noqa: PLC0415 - without pyscard the stack is skipped

        reader = self.readers[port - self.port]
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            return  # pcscd is down: no card anywhere
        try:
            states = [(reader, scard.SCARD_STATE_UNAWARE)]
            deadline = time.monotonic() + READY_SECONDS
            while time.monotonic() < deadline:
                hresult, changed = scard.SCardGetStatusChange(context, 200, states)
                if hresult not in (scard.SCARD_S_SUCCESS, scard.SCARD_E_TIMEOUT):
                    return
                if hresult == scard.SCARD_S_SUCCESS:
                    states = [(name, state & ~scard.SCARD_STATE_CHANGED) for name, state, _atr in changed]
                if states[0][1] & scard.SCARD_STATE_EMPTY:
                    return
        finally:
            scard.SCardReleaseContext(context)

    def _wait_for_readers(self) -> list[str]:
        from smartcard.Exceptions import SmartcardException  # noqa: PLC0415 - without pyscard the stack is skipped
        from smartcard.pcsc.PCSCExceptions import BaseSCardException  # noqa: PLC0415 - without pyscard the stack is skipped
        from smartcard.System import readers  # noqa: PLC0415 - without pyscard the stack is skipped

        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"pcscd exited ({self.process.returncode}); see {self.log}")
            with contextlib.suppress(SmartcardException, BaseSCardException):  # not up yet
                names = [str(r) for r in readers()]
                if len(names) >= 2:
                    return names
            time.sleep(0.05)
        raise RuntimeError(f"pcscd showed no vpcd readers within {READY_SECONDS:.0f} s; see {self.log}")


@pytest.fixture(scope="session")
def pcsc_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PcscStack]:
    with running_pcscd(tmp_path_factory.mktemp("pcscd")) as stack:
        if isinstance(stack, str):
            pytest.skip(stack)
        yield stack


@pytest.fixture
def pcsc(pcsc_stack: PcscStack) -> PcscStack:
    """The stack, brought back up if a test left it stopped."""
    if pcsc_stack.process is None:
        pcsc_stack.start()
    return pcsc_stack


@pytest.fixture
def card(pcsc: PcscStack) -> Iterator[VirtualCard]:
    """A social security card for the first reader, not yet inserted."""
    virtual = VirtualCard(pcsc.port)
    try:
        yield virtual
    finally:
        virtual.remove()
        pcsc.wait_until_empty(virtual.port)


@pytest.fixture
def second_card(pcsc: PcscStack) -> Iterator[VirtualCard]:
    """A card for the second reader ("Virtual PCD 00 01"), not yet inserted."""
    virtual = VirtualCard(pcsc.port + 1)
    try:
        yield virtual
    finally:
        virtual.remove()
        pcsc.wait_until_empty(virtual.port)


@pytest.fixture
def open_reader(pcsc: PcscStack) -> Iterator[Callable[..., PcscReader]]:
    """Makes PcscReaders and closes every one after the test (no watcher thread outlives it)."""
    from devices.id_reader.pcsc import PcscReader  # noqa: PLC0415 - without pyscard the stack is skipped

    made: list[PcscReader] = []

    def make(reader_name: str | None = None) -> PcscReader:
        made.append(PcscReader(reader_name))
        return made[-1]

    yield make
    for reader in made:
        reader.close()


def eventually(predicate: Callable[[], bool], seconds: float = 5.0) -> bool:
    """Poll until ``predicate()`` holds or the deadline passes (a wait, not a speed check)."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
