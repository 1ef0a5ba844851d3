"""node_exporter's textfile collector: the files the kiosk writes there, each replaced whole.

Light on purpose: the touchscreen app writes its watchdog ping through this module (prometheus_client
only, loaded after the kiosk is ready), never through the exporter's :mod:`kiosk.metrics`.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from prometheus_client import CollectorRegistry, Gauge, generate_latest

METRICS_DIR_ENV = "KIOSK_METRICS_DIR"
"""The directory both files go to: the units set /run/civic-kiosk, which the package links into
node_exporter's textfile directory."""
EXPORTER_FILE = "civic-kiosk.prom"
APP_FILE = "civic-kiosk-app.prom"
PREFIX = "civic_kiosk"


def metrics_dir() -> Path | None:
    """Where the units ask for the files (``$KIOSK_METRICS_DIR``); None: nowhere."""
    value = os.environ.get(METRICS_DIR_ENV)
    return Path(value) if value else None


def write_textfile(path: Path, registry: CollectorRegistry) -> None:
    """Write the registry to ``path`` atomically: a temporary file beside it, renamed over it, so
    node_exporter never reads half a file. Readable by all (0644) whatever the writer's umask (the
    kiosk's units run with UMask=0077): node_exporter reads it as another user, and it holds counts
    and states, nothing about a person."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.fchmod(descriptor, 0o644)
        os.write(descriptor, generate_latest(registry))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(temporary, path)


class WatchdogPingFile:
    """The app's own file: when it last pinged systemd's watchdog (from its event loop, so a hung
    screen stops it). The app writes it on each ping; node_exporter reads it beside the exporter's."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / APP_FILE
        self._registry = CollectorRegistry()
        self._gauge = Gauge(
            f"{PREFIX}_watchdog_last_ping_timestamp_seconds",
            "When the touchscreen app last pinged systemd's watchdog from its event loop",
            registry=self._registry,
        )

    def write(self, at: float | None = None) -> None:
        self._gauge.set(time.time() if at is None else at)
        write_textfile(self.path, self._registry)
