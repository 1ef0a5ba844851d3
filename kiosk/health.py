"""Device and source health: status polling, change records, service availability.

The home screen shows a service as unavailable, with the reason, *before*
anyone starts it. Statuses are asked on each device's own worker thread; the
answers are collected without blocking whoever calls :meth:`KioskHealth.poll`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from devices.worker import DeviceWorker

if TYPE_CHECKING:  # the home screen names Unavailability before any of these is loaded
    from kiosk.clock import Clock
    from kiosk.config import ServiceConfig
    from kiosk.device_set import DeviceSet
    from kiosk.documents.base import DocumentSource
    from kiosk.storage.records import Records

# Statuses in which a device can serve a citizen. An idle reader with no card
# is fine; a voice that is muted still lets the journey run.
USABLE = {
    "id_reader": {"ready", "no_card"},
    "receipt_printer": {"ready", "paper_near_end"},
    "document_printer": {"ready"},
    "camera": {"ready"},
    "voice": {"ready", "muted"},
}

STATUS_TIMEOUT = "no_answer"
"""The status a device gets when its status call has not come back for a whole interval."""

BUSY_LIMIT = 180.0
"""How long a status call may wait behind the device's other work (a card read, a print job)
before the device counts as not answering. A device doing its work is busy, not gone: an A4
job is followed for up to two minutes (the printer's job timeout), a card read waits for a card.
Longer than any of those, the worker is stuck."""


@dataclass(frozen=True, slots=True)
class Unavailability:
    """Why a service cannot be used now: which device or source, in which status."""

    part: str  # a device name (id_reader …) or a source name (registry, gateway)
    status: str  # the device status (paper_out …) or "unavailable" for a source
    detail: str = ""


class KioskHealth:
    def __init__(
        self,
        devices: DeviceSet,
        sources: Mapping[str, DocumentSource],
        records: Records,
        clock: Clock,
        *,
        interval: float = 5.0,
        probe_interval: float = 60.0,
        busy_limit: float = BUSY_LIMIT,
    ) -> None:
        self._devices = devices
        self._sources = sources
        self._records = records
        self._clock = clock
        self._interval = interval
        self._busy_limit = busy_limit
        self._statuses: dict[str, str] = {}
        # name → (the status call, when it was asked, when it was first seen running)
        self._pending: dict[str, tuple[Future[Any], float, float | None]] = {}
        self._next_check = 0.0
        self._probe_interval = probe_interval
        self._next_probe = 0.0
        self._probing: Future[Any] | None = None
        self._prober: DeviceWorker[Mapping[str, DocumentSource]] | None = None
        self._source_states: dict[str, bool] = {}
        self.version = 0

    def statuses(self) -> dict[str, str]:
        return dict(self._statuses)

    def status_of(self, device: str) -> str | None:
        return self._statuses.get(device)

    def check_now(self) -> None:
        self._next_check = 0.0

    def poll(self) -> bool:
        """Collect answers that came back and ask again when due. True when anything changed."""
        now = self._clock.monotonic()
        changed = False
        for name, (future, asked_at, seen_running) in list(self._pending.items()):
            started_at = seen_running
            if future.done():
                del self._pending[name]
                try:
                    status = str(future.result())
                except Exception as exc:  # noqa: BLE001 - a broken status call is a device fault, not a crash
                    status = "no_device" if name in ("id_reader", "camera", "voice") else "offline"
                    changed |= self._set(name, status, f"status check failed: {type(exc).__name__}")
                    continue
                changed |= self._set(name, status, None)
                continue
            if started_at is None and future.running():
                started_at = now
                self._pending[name] = (future, asked_at, started_at)
            if started_at is not None and now - started_at > self._interval:
                changed |= self._set(name, STATUS_TIMEOUT, "the status check did not come back")
            elif started_at is None and now - asked_at > self._busy_limit:
                detail = f"busy with one task for over {self._busy_limit:.0f} s"
                changed |= self._set(name, STATUS_TIMEOUT, detail)
        changed |= self._sources_changed()
        if now >= self._next_probe and (self._probing is None or self._probing.done()):
            self._next_probe = now + self._probe_interval
            self._probe_sources()
        if now >= self._next_check:
            self._next_check = now + self._interval
            for name, worker in self._devices.all().items():
                if name not in self._pending:
                    self._pending[name] = (worker.submit(lambda device: device.status()), now, None)
        if changed:
            self.version += 1
        return changed

    def _sources_changed(self) -> bool:
        states = {name: source.health().available for name, source in self._sources.items()}
        if states == self._source_states:
            return False
        for name, available in states.items():
            if self._source_states.get(name) != available:
                self._records.device_status(
                    name, "available" if available else "unavailable", self._clock.now()
                )
        self._source_states = states
        return True

    def _probe_sources(self) -> None:
        """Sources that can be asked whether they are up (the gateway) are asked now and then,
        on a thread of their own: after an outage, the trial call is a probe, not a citizen's."""
        probes = {name: s for name, s in self._sources.items() if callable(getattr(s, "probe", None))}
        if not probes:
            return
        if self._prober is None:
            self._prober = DeviceWorker(probes, "source-probe")

        def probe_all(sources: Mapping[str, DocumentSource]) -> None:
            for source in sources.values():
                source.probe()  # type: ignore[attr-defined]

        self._probing = self._prober.submit(probe_all)

    def close(self) -> None:
        if self._prober is not None:
            self._prober.close()

    def wait_first_round(self, timeout: float = 5.0) -> None:
        """Block until every device has answered once (start-up and the CLI only)."""
        self.poll()
        for future, _, _ in list(self._pending.values()):
            with contextlib.suppress(Exception):  # poll() turns a failure into a status
                future.result(timeout=timeout)
        self.poll()

    def _set(self, name: str, status: str, detail: str | None) -> bool:
        if self._statuses.get(name) == status:
            return False
        self._statuses[name] = status
        self._records.device_status(name, status, self._clock.now(), detail)
        return True

    def unavailability(self, service: ServiceConfig) -> list[Unavailability]:
        """Everything that stops ``service`` now; empty means it can be offered."""
        reasons: list[Unavailability] = []
        for device in service.devices:
            status = self._statuses.get(device)
            if status is None:
                continue  # not asked yet: don't grey out a tile on start-up
            if status not in USABLE[device]:
                reasons.append(Unavailability(device, status))
        source = self._sources.get(service.source)
        if source is None:
            reasons.append(Unavailability(service.source, "unavailable", "not configured"))
        else:
            health = source.health()
            if not health.available:
                reasons.append(Unavailability(service.source, "unavailable", health.reason))
        return reasons
