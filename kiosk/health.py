"""Health of every part: device status polling, change records, service availability.

The home screen shows a service as unavailable, with the reason, *before*
anyone starts it. Statuses are asked on each device's own worker thread; the
answers are collected without blocking whoever calls :meth:`KioskHealth.poll`.
Sources say their own health; the face check's is fixed when the kiosk is
assembled (its models load or they do not). Storage is probed on its own thread
(:func:`kiosk.storage.check.check_storage`) and the wall clock is judged against
what the kiosk has written down (:class:`ClockCheck`): every service needs both.
Each part keeps its own status enum (:mod:`kiosk.parts`); only the database row
holds it as a string.

Health never fails for want of a write: a status change that cannot be written
(the disk full, the database locked) is kept and written once storage is back.
"""

from __future__ import annotations

import contextlib
import enum
import logging
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

from devices.camera.base import CameraStatus
from devices.document_printer.base import DocumentPrinterStatus
from devices.id_reader.base import ReaderStatus
from devices.receipt_printer.base import ReceiptPrinterStatus
from devices.voice.base import VoiceStatus
from devices.worker import DeviceWorker
from kiosk.clock import OLDEST_PLAUSIBLE
from kiosk.parts import (
    EVERY_SERVICE,
    ClockStatus,
    FaceCheckStatus,
    Part,
    Reading,
    RendererStatus,
    SourceStatus,
    StorageStatus,
    Unanswered,
)
from kiosk.storage.check import StorageReading, storage_reading

if TYPE_CHECKING:  # the home screen names Unavailability before any of these is loaded
    from kiosk.clock import Clock
    from kiosk.config import ServiceConfig
    from kiosk.device_set import DeviceSet
    from kiosk.documents.base import DocumentSource
    from kiosk.storage.records import Records

log = logging.getLogger(__name__)

BUSY_LIMIT = 180.0
"""How long a status call may wait behind the device's other work (a card read, a print job)
before the device counts as not answering. A device doing its work is busy, not gone: an A4
job is followed for up to two minutes (the printer's job timeout), a card read waits for a card.
Longer than any of those, the worker is stuck."""


# -- which statuses let each part serve a citizen, declared once ------------------------------

S = TypeVar("S", bound=enum.Enum)


@dataclass(frozen=True, slots=True, eq=False)
class StatusSet(Generic[S]):
    """One part's statuses: the enum, the statuses in which it can serve a citizen, and the one
    that means it is not there at all (an adapter that cannot be opened, a status call that raised)."""

    part: Part
    kind: type[S]
    usable: frozenset[S]
    absent: S

    def read(self, value: object) -> S | None:
        """``value`` as this part's status; None when it is none of them."""
        if isinstance(value, self.kind):
            return value
        try:
            return self.kind(value)
        except ValueError:
            return None


# An idle reader with no card is fine; a muted voice still lets the journey run; a receipt printer
# near the end of its roll still prints a few hundred slips.
ID_READER = StatusSet(
    Part.ID_READER,
    ReaderStatus,
    frozenset({ReaderStatus.READY, ReaderStatus.NO_CARD}),
    ReaderStatus.NO_DEVICE,
)
RECEIPT_PRINTER = StatusSet(
    Part.RECEIPT_PRINTER,
    ReceiptPrinterStatus,
    frozenset({ReceiptPrinterStatus.READY, ReceiptPrinterStatus.PAPER_NEAR_END}),
    ReceiptPrinterStatus.OFFLINE,
)
DOCUMENT_PRINTER = StatusSet(
    Part.DOCUMENT_PRINTER,
    DocumentPrinterStatus,
    frozenset({DocumentPrinterStatus.READY}),
    DocumentPrinterStatus.OFFLINE,
)
CAMERA = StatusSet(Part.CAMERA, CameraStatus, frozenset({CameraStatus.READY}), CameraStatus.NO_DEVICE)
VOICE = StatusSet(
    Part.VOICE, VoiceStatus, frozenset({VoiceStatus.READY, VoiceStatus.MUTED}), VoiceStatus.NO_DEVICE
)
REGISTRY = StatusSet(
    Part.REGISTRY, SourceStatus, frozenset({SourceStatus.AVAILABLE}), SourceStatus.UNAVAILABLE
)
GATEWAY = StatusSet(Part.GATEWAY, SourceStatus, frozenset({SourceStatus.AVAILABLE}), SourceStatus.UNAVAILABLE)
FACE_CHECK = StatusSet(
    Part.FACE_CHECK, FaceCheckStatus, frozenset({FaceCheckStatus.READY}), FaceCheckStatus.NO_MODEL
)
RENDERER = StatusSet(
    Part.RENDERER, RendererStatus, frozenset({RendererStatus.READY}), RendererStatus.NO_FONTS
)
STORAGE = StatusSet(Part.STORAGE, StorageStatus, frozenset({StorageStatus.READY}), StorageStatus.UNREACHABLE)
CLOCK = StatusSet(Part.CLOCK, ClockStatus, frozenset({ClockStatus.PLAUSIBLE}), ClockStatus.BEFORE_RELEASE)

AnyStatusSet: TypeAlias = (
    StatusSet[ReaderStatus]
    | StatusSet[ReceiptPrinterStatus]
    | StatusSet[DocumentPrinterStatus]
    | StatusSet[CameraStatus]
    | StatusSet[VoiceStatus]
    | StatusSet[SourceStatus]
    | StatusSet[FaceCheckStatus]
    | StatusSet[RendererStatus]
    | StatusSet[StorageStatus]
    | StatusSet[ClockStatus]
)
STATUS_SETS: Mapping[Part, AnyStatusSet] = {
    s.part: s
    for s in (
        ID_READER,
        RECEIPT_PRINTER,
        DOCUMENT_PRINTER,
        CAMERA,
        VOICE,
        REGISTRY,
        GATEWAY,
        FACE_CHECK,
        RENDERER,
        STORAGE,
        CLOCK,
    )
}


def usable(part: Part, reading: Reading) -> bool:
    """Whether ``part`` can serve a citizen in ``reading``; a part that did not answer cannot."""
    return reading in STATUS_SETS[part].usable


# -- what health knows ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartHealth:
    """What health last learned of one part, and the sentence that came with it (if any)."""

    part: Part
    status: Reading
    detail: str = ""

    @property
    def usable(self) -> bool:
        return usable(self.part, self.status)


@dataclass(frozen=True, slots=True)
class Unavailability:
    """Why a service cannot be used now: which part, in which of its statuses."""

    part: Part
    status: Reading
    detail: str = ""


# -- the wall clock --------------------------------------------------------------------------------

CLOCK_AHEAD_LIMIT = timedelta(days=400)
"""A clock this far past the newest visit (plus the time the kiosk has been running) is not believed.
A kiosk switched off for a year is set up again anyway; a clock jumped to 2040 is caught."""
CLOCK_BEHIND_LIMIT = timedelta(days=1)
"""A clock this far before the newest visit is not believed. Time-zone mistakes and NTP steps are
hours; and the signing keys start two days before they are made (kiosk.documents.signing), so a
clock believed here always has a key that signs."""


class ClockCheck:
    """Whether the wall clock can be believed: not before this release was made, and not far from the
    newest visit, counted forward by the monotonic clock for as long as the kiosk runs (a clock that
    jumped and came back is believed again)."""

    def __init__(
        self, newest_visit: datetime | None, started: float, *, oldest: datetime = OLDEST_PLAUSIBLE
    ) -> None:
        self._newest = newest_visit
        self._started = started  # the monotonic time the newest visit is counted from
        self._oldest = oldest

    def judge(self, now: datetime, monotonic: float) -> tuple[ClockStatus, str]:
        shown = f"{now:%Y-%m-%d %H:%M}"
        if now < self._oldest:
            return ClockStatus.BEFORE_RELEASE, (
                f"The clock says {shown}, before this release of the kiosk was made "
                f"({self._oldest:%Y-%m-%d}): set the date and time (or fix time synchronisation)."
            )
        if self._newest is None:
            return ClockStatus.PLAUSIBLE, ""
        expected = self._newest + timedelta(seconds=max(0.0, monotonic - self._started))
        if now > expected + CLOCK_AHEAD_LIMIT:
            return ClockStatus.FAR_AHEAD, (
                f"The clock says {shown}, more than {CLOCK_AHEAD_LIMIT.days} days after the newest visit "
                f"({self._newest:%Y-%m-%d}): set the date and time (or fix time synchronisation)."
            )
        if now < expected - CLOCK_BEHIND_LIMIT:
            return ClockStatus.BEHIND_RECORDS, (
                f"The clock says {shown}, before the newest visit ({self._newest:%Y-%m-%d %H:%M}): set "
                "the date and time (or fix time synchronisation)."
            )
        return ClockStatus.PLAUSIBLE, ""


StorageProbe = Callable[[], StorageReading]
"""Checks storage (kiosk.storage.check.check_storage with the kiosk's data dir and database)."""

UNWRITTEN_LIMIT = 200
"""Status changes kept while storage cannot take them; older ones are dropped (the log has them)."""


class KioskHealth:
    def __init__(
        self,
        devices: DeviceSet,
        sources: Mapping[str, DocumentSource],
        records: Records,
        clock: Clock,
        *,
        face_check: FaceCheckStatus = FaceCheckStatus.READY,
        face_check_detail: str = "",
        storage: StorageProbe | None = None,
        clock_check: ClockCheck | None = None,
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
        self._parts: dict[Part, PartHealth] = {}
        # device → (the status call, when it was asked, when it was first seen running)
        self._pending: dict[Part, tuple[Future[Any], float, float | None]] = {}
        self._next_check = 0.0
        self._probe_interval = probe_interval
        self._next_probe = 0.0
        self._probing: Future[Any] | None = None
        self._prober: DeviceWorker[Mapping[str, DocumentSource]] | None = None
        self._storage_probe = storage
        self._storage_worker: DeviceWorker[StorageProbe] | None = None
        self._storage_asked: Future[StorageReading] | None = None
        self._clock_check = clock_check
        self._unwritten: list[tuple[str, str, datetime, str | None]] = []  # status changes to write
        self._set(Part.FACE_CHECK, face_check, face_check_detail)
        self.version = 0

    def parts(self) -> dict[Part, PartHealth]:
        """Every part health has heard from; a device not asked yet is missing."""
        return dict(self._parts)

    def status_of(self, statuses: StatusSet[S]) -> S | Unanswered | None:
        """The last status of the part ``statuses`` describes, typed as that part's own; None before
        it was first asked."""
        known = self._parts.get(statuses.part)
        if known is None:
            return None
        if isinstance(known.status, Unanswered):
            return known.status
        return statuses.read(known.status)

    def check_now(self) -> None:
        self._next_check = 0.0

    def storage_failed(self, reading: StorageReading) -> None:
        """A write just failed (the journey's, or anyone's): storage is down from now on, without
        waiting for the next probe, which says when it is back."""
        if self._set(Part.STORAGE, reading.status, reading.detail):
            self.version += 1

    def kiosk_wide(self) -> Unavailability | None:
        """What stops every service at once (storage, the clock), if anything: the out-of-service
        screen says it to the technician."""
        for part in EVERY_SERVICE:
            known = self._parts.get(part)
            if known is not None and not known.usable:
                return Unavailability(part, known.status, known.detail)
        return None

    def poll(self) -> bool:
        """Collect answers that came back and ask again when due. True when anything changed."""
        now = self._clock.monotonic()
        changed = False
        for part, (future, asked_at, seen_running) in list(self._pending.items()):
            started_at = seen_running
            statuses = STATUS_SETS[part]
            if future.done():
                del self._pending[part]
                try:
                    answer = future.result()
                except Exception as exc:  # noqa: BLE001 - a broken status call is a device fault, not a crash
                    changed |= self._set(part, statuses.absent, f"status check failed: {type(exc).__name__}")
                    continue
                status = statuses.read(answer)
                if status is None:  # an adapter's bug: say so, and do not offer what needs it
                    changed |= self._set(part, statuses.absent, f"answered an unknown status {answer!r}")
                else:
                    changed |= self._set(part, status, "")
                continue
            if started_at is None and future.running():
                started_at = now
                self._pending[part] = (future, asked_at, started_at)
            if started_at is not None and now - started_at > self._interval:
                changed |= self._set(part, Unanswered.NO_ANSWER, "the status check did not come back")
            elif started_at is None and now - asked_at > self._busy_limit:
                detail = f"busy with one task for over {self._busy_limit:.0f} s"
                changed |= self._set(part, Unanswered.NO_ANSWER, detail)
        changed |= self._storage_answered()
        if self._clock_check is not None:
            status, detail = self._clock_check.judge(self._clock.now(), now)
            changed |= self._set(Part.CLOCK, status, detail)
        changed |= self._sources_changed()
        if now >= self._next_probe and (self._probing is None or self._probing.done()):
            self._next_probe = now + self._probe_interval
            self._probe_sources()
        if now >= self._next_check:
            self._next_check = now + self._interval
            for name, worker in self._devices.all().items():
                part = Part(name)
                if part not in self._pending:
                    self._pending[part] = (worker.submit(lambda device: device.status()), now, None)
            self._ask_storage()
        if changed:
            self.version += 1
        return changed

    def _ask_storage(self) -> None:
        if self._storage_probe is None or self._storage_asked is not None:
            return
        if self._storage_worker is None:
            self._storage_worker = DeviceWorker(self._storage_probe, "storage-probe")
        self._storage_asked = self._storage_worker.submit(lambda probe: probe())

    def _storage_answered(self) -> bool:
        asked = self._storage_asked
        if asked is None or not asked.done():
            return False
        self._storage_asked = None
        try:
            reading = asked.result()
        except Exception as exc:  # noqa: BLE001 - a probe that raised says storage cannot be trusted
            detail = f"the storage check failed: {type(exc).__name__}"
            return self._set(Part.STORAGE, StorageStatus.UNREACHABLE, detail)
        known = self._parts.get(Part.STORAGE)
        if known is not None and known.status is StorageStatus.DAMAGED and reading.usable:
            return False  # a damaged database does not mend itself: the start's integrity check says
        return self._set(Part.STORAGE, reading.status, reading.detail)

    def _sources_changed(self) -> bool:
        changed = False
        for name, source in self._sources.items():
            health = source.health()
            status = SourceStatus.AVAILABLE if health.available else SourceStatus.UNAVAILABLE
            changed |= self._set(Part(name), status, health.reason)
        return changed

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
        if self._storage_worker is not None:
            self._storage_worker.close()

    def wait_first_round(self, timeout: float = 5.0) -> None:
        """Block until every device has answered once (start-up and the CLI only)."""
        self.poll()
        futures: list[Future[Any]] = [future for future, _, _ in self._pending.values()]
        if self._storage_asked is not None:
            futures.append(self._storage_asked)
        for future in futures:
            with contextlib.suppress(Exception):  # poll() turns a failure into a status
                future.result(timeout=timeout)
        self.poll()

    def _set(self, part: Part, status: Reading, detail: str) -> bool:
        """Keep what was learned of ``part``. True (and a database row) when its status changed; a new
        sentence with the same status is kept but changes nothing shown."""
        known = self._parts.get(part)
        self._parts[part] = PartHealth(part, status, detail)
        if known is not None and known.status is status:
            return False
        self._write(part.value, status.value, self._clock.now(), detail or None)
        return True

    def _write(self, device: str, status: str, at: datetime, detail: str | None) -> None:
        """Record a status change, and those that could not be written before; when storage refuses,
        keep them for later and say so: health itself must never fail for want of a write."""
        clock = self._parts.get(Part.CLOCK)
        if clock is not None and not clock.usable and device != Part.CLOCK.value:
            return  # a time nobody believes would be written down with it
        self._unwritten.append((device, status, at, detail))
        while self._unwritten:
            change = self._unwritten[0]
            try:
                self._records.device_status(*change)
            except Exception as exc:
                reading = storage_reading(exc)
                if reading is None:
                    raise
                del self._unwritten[:-UNWRITTEN_LIMIT]
                known = self._parts.get(Part.STORAGE)
                if known is None or known.usable:  # once: the next probe keeps it down until it is back
                    log.error("storage: %s", reading.detail)
                    self._parts[Part.STORAGE] = PartHealth(Part.STORAGE, reading.status, reading.detail)
                    self.version += 1
                return
            self._unwritten.pop(0)

    def unavailability(self, service: ServiceConfig) -> list[Unavailability]:
        """Everything that stops ``service`` now; empty means it can be offered."""
        needs = [*EVERY_SERVICE, *(Part(device) for device in service.devices)]
        if service.face_check:
            needs.append(Part.FACE_CHECK)
        reasons = self._stopping(needs)
        source = self._sources.get(service.source)
        if source is None:
            reasons.append(Unavailability(Part(service.source), SourceStatus.UNAVAILABLE, "not configured"))
        else:
            health = source.health()
            if not health.available:
                reasons.append(Unavailability(Part(service.source), SourceStatus.UNAVAILABLE, health.reason))
        return reasons

    def reprint_unavailability(self) -> list[Unavailability]:
        """What stops a reprint (补打) now, before its code names a service: the card reader (the same
        card is shown again) and the A4 printer, besides what every service needs. The code's own
        service is asked once the code is typed."""
        return self._stopping([*EVERY_SERVICE, Part.ID_READER, Part.DOCUMENT_PRINTER])

    def _stopping(self, needs: list[Part]) -> list[Unavailability]:
        reasons: list[Unavailability] = []
        for part in needs:
            known = self._parts.get(part)
            if known is None:
                continue  # not asked yet: don't grey out a tile on start-up
            if not known.usable:
                reasons.append(Unavailability(part, known.status, known.detail))
        return reasons
