"""Fixtures: one private cupsd for the session, and CUPS_SERVER pointing at it."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .cupsd import Cupsd


def _skip_reason() -> str | None:
    if shutil.which("cupsd") is None or shutil.which("lpadmin") is None:
        return "cupsd is not installed (Debian packages cups, cups-client)"
    if not Path("/usr/lib/cups/backend/cups-pdf").exists():
        return "the cups-pdf backend is not installed (Debian package printer-driver-cups-pdf)"
    if os.geteuid() != 0:
        return "a private cupsd with the cups-pdf backend needs root (cupsd runs backends as root)"
    return None


@pytest.fixture(scope="session")
def cupsd() -> Iterator[Cupsd]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    # Not under pytest's tmp folder: that one is private to root, and cupsd's helpers
    # (cups-driverd, filters) run as the unprivileged user lp and must reach the spool.
    root = Path(tempfile.mkdtemp(prefix="kiosk-cupsd-"))
    daemon = Cupsd(root)
    try:
        daemon.start()
        yield daemon
    finally:
        daemon.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def cups_server(cupsd: Cupsd, monkeypatch: pytest.MonkeyPatch) -> Cupsd:
    """The private cupsd, with CUPS_SERVER pointing at it for the code under test."""
    monkeypatch.setenv("CUPS_SERVER", cupsd.socket)
    return cupsd
