"""The readiness report: is the kiosk ready to serve, and if not, which part is not.

One typed section per concern — devices, sources, services, the face check, the
renderer, storage, the clock, the database, the disk, unfinished print jobs — each
keeping its parts' own status enums; :attr:`ReadinessReport.ready` is derived from
them. A kiosk whose records cannot be kept is not assembled at all: its report is
:class:`StorageReport`, storage alone, with the sentence that says why. Made by
``kiosk diag`` and, every few seconds, for the diagnostics screen. It holds no
personal data: statuses, versions, counts and reprint codes only.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar, Protocol

from sqlalchemy.engine import Engine

from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.device_set import DeviceSet
from kiosk.documents import fonts
from kiosk.documents.base import DocumentSource
from kiosk.face.base import FaceChecker
from kiosk.health import CLOCK, FACE_CHECK, STORAGE, KioskHealth, Unavailability, usable
from kiosk.parts import (
    ClockStatus,
    FaceCheckStatus,
    Part,
    Reading,
    RendererStatus,
    SourceStatus,
    StorageStatus,
)
from kiosk.storage.check import StorageReading
from kiosk.storage.migrate import current_revision, head_revision
from kiosk.storage.records import UNFINISHED, PrintJobState, Records

UNFINISHED_JOB_DAYS = 7
"""Print jobs cut short within this many days are listed: older ones have been dealt with at a window."""


@dataclass(frozen=True, slots=True)
class DeviceSection:
    part: Part
    spec: str  # as configured: mock, cups:HALL_A4 …
    description: str  # the adapter's own words
    status: Reading | None  # None: it has not answered yet
    detail: str = ""  # what came with the status (why a status call failed …)

    @property
    def ready(self) -> bool:
        return self.status is not None and usable(self.part, self.status)


@dataclass(frozen=True, slots=True)
class SourceSection:
    part: Part
    status: SourceStatus
    reason: str = ""  # the source's own sentence when it is unavailable

    @property
    def ready(self) -> bool:
        return self.status is SourceStatus.AVAILABLE


@dataclass(frozen=True, slots=True)
class ServiceSection:
    service_id: str
    unavailable: tuple[Unavailability, ...] = ()  # what stops it; empty: it is offered

    @property
    def available(self) -> bool:
        return not self.unavailable


@dataclass(frozen=True, slots=True)
class FaceCheckSection:
    recognizer: str  # as configured (dlib, sface); with a mock camera the faces are scripted whatever it says
    threshold: float
    status: FaceCheckStatus
    problem: str = ""  # why the models could not load

    @property
    def ready(self) -> bool:
        return self.status is FaceCheckStatus.READY


@dataclass(frozen=True, slots=True)
class RendererSection:
    status: RendererStatus
    fonts: tuple[str, ...] = ()  # the font files found for the documents' faces
    problem: str = ""  # which face is missing

    @property
    def ready(self) -> bool:
        return self.status is RendererStatus.READY


@dataclass(frozen=True, slots=True)
class StorageSection:
    status: StorageStatus | None  # None: not checked yet
    detail: str = ""  # what is wrong, where, and what to do

    @property
    def ready(self) -> bool:
        return self.status is StorageStatus.READY

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": None if self.status is None else self.status.value,
            "ready": self.ready,
            "detail": self.detail or None,
        }


@dataclass(frozen=True, slots=True)
class ClockSection:
    status: ClockStatus | None  # None: not judged yet
    now: datetime | None = None  # what the wall clock said
    detail: str = ""

    @property
    def ready(self) -> bool:
        return self.status is ClockStatus.PLAUSIBLE


@dataclass(frozen=True, slots=True)
class DatabaseSection:
    url: str  # without a password
    revision: str | None  # None: no schema yet
    newest: str | None

    @property
    def current(self) -> bool:
        return self.revision is not None and self.revision == self.newest


@dataclass(frozen=True, slots=True)
class DiskSection:
    path: str  # the data folder
    free_mb: int


@dataclass(frozen=True, slots=True)
class UnfinishedJob:
    reprint_code: str
    service_id: str
    state: PrintJobState  # failed, queued or printing
    at: datetime
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ReadinessReport:
    kiosk_id: str
    devices: tuple[DeviceSection, ...]
    sources: tuple[SourceSection, ...]
    services: tuple[ServiceSection, ...]
    face_check: FaceCheckSection
    renderer: RendererSection
    database: DatabaseSection
    disk: DiskSection
    storage: StorageSection = StorageSection(StorageStatus.READY)
    clock: ClockSection = ClockSection(ClockStatus.PLAUSIBLE)
    unfinished_print_jobs: tuple[UnfinishedJob, ...] = ()

    @property
    def ready(self) -> bool:
        """Every device but the voice usable, every service offered, documents can be made, the
        records can be written, the clock believed, and the database at its newest schema. (A down
        source or face check shows through the services.)"""
        return (
            all(device.ready for device in self.devices if device.part is not Part.VOICE)
            and all(service.available for service in self.services)
            and self.renderer.ready
            and self.storage.ready
            and self.clock.ready
            and self.database.current
        )

    def as_dict(self) -> dict[str, Any]:
        """The report as ``kiosk diag --json`` prints it (docs/operations.md describes each key)."""
        return {
            "kiosk_id": self.kiosk_id,
            "ready": self.ready,
            "devices": [
                {
                    "name": device.part.value,
                    "spec": device.spec,
                    "description": device.description,
                    "status": None if device.status is None else device.status.value,
                    "ready": device.ready,
                    "detail": device.detail or None,
                }
                for device in self.devices
            ],
            "sources": {
                source.part.value: {
                    "status": source.status.value,
                    "available": source.ready,
                    "reason": source.reason,
                }
                for source in self.sources
            },
            "services": {
                service.service_id: [
                    {"part": u.part.value, "status": u.status.value, "detail": u.detail or None}
                    for u in service.unavailable
                ]
                for service in self.services
            },
            "face_check": {
                "recognizer": self.face_check.recognizer,
                "threshold": self.face_check.threshold,
                "status": self.face_check.status.value,
                "ready": self.face_check.ready,
                "problem": self.face_check.problem or None,
            },
            "renderer": {
                "status": self.renderer.status.value,
                "ready": self.renderer.ready,
                "fonts": list(self.renderer.fonts),
                "problem": self.renderer.problem or None,
            },
            "database": {
                "url": self.database.url,
                "revision": self.database.revision,
                "newest": self.database.newest,
                "current": self.database.current,
            },
            "storage": self.storage.as_dict(),
            "clock": {
                "status": None if self.clock.status is None else self.clock.status.value,
                "ready": self.clock.ready,
                "now": None if self.clock.now is None else self.clock.now.isoformat(),
                "detail": self.clock.detail or None,
            },
            "disk_free_mb": self.disk.free_mb,
            "data_dir": self.disk.path,
            "unfinished_print_jobs": [
                {
                    "reprint_code": job.reprint_code,
                    "service": job.service_id,
                    "state": job.state,
                    "at": job.at.isoformat(),
                    "detail": job.detail or None,
                }
                for job in self.unfinished_print_jobs
            ],
        }


class ReportedKiosk(Protocol):
    """What the report reads of a running kiosk (:class:`kiosk.composition.Kiosk` has it all)."""

    config: KioskConfig
    engine: Engine
    records: Records
    devices: DeviceSet
    health: KioskHealth
    sources: dict[str, DocumentSource]
    clock: Clock
    face_checker: FaceChecker


def readiness(kiosk: ReportedKiosk) -> ReadinessReport:
    config = kiosk.config
    health = kiosk.health
    health.wait_first_round()
    known = health.parts()
    devices = []
    for name, worker in kiosk.devices.all().items():
        part = Part(name)
        heard = known.get(part)
        devices.append(
            DeviceSection(
                part=part,
                spec=getattr(config.devices, name).spec,
                description=str(getattr(worker.device, "description", name)),
                status=None if heard is None else heard.status,
                detail="" if heard is None else heard.detail,
            )
        )
    sources = []
    for name, source in kiosk.sources.items():
        said = source.health()
        status = SourceStatus.AVAILABLE if said.available else SourceStatus.UNAVAILABLE
        sources.append(SourceSection(Part(name), status, said.reason))
    services = tuple(ServiceSection(s.id, tuple(health.unavailability(s))) for s in config.services)
    storage, clock = known.get(Part.STORAGE), known.get(Part.CLOCK)
    storage_status, clock_status = health.status_of(STORAGE), health.status_of(CLOCK)
    face_status = health.status_of(FACE_CHECK)
    assert isinstance(face_status, FaceCheckStatus)  # fixed when the kiosk was assembled, never asked
    since = kiosk.clock.now() - timedelta(days=UNFINISHED_JOB_DAYS)
    jobs = tuple(
        UnfinishedJob(j.reprint_code, j.service_id, j.state, j.updated_at, j.detail or "")
        for j in kiosk.records.print_jobs(states=(PrintJobState.FAILED, *UNFINISHED))
        if j.updated_at >= since
    )
    data_dir = config.resolved_data_dir()
    return ReadinessReport(
        kiosk_id=config.kiosk.id,
        devices=tuple(devices),
        sources=tuple(sources),
        services=services,
        face_check=FaceCheckSection(
            recognizer=config.face_check.recognizer,
            threshold=kiosk.face_checker.threshold,
            status=face_status,
            problem=known[Part.FACE_CHECK].detail,
        ),
        renderer=_renderer(),
        database=DatabaseSection(
            url=kiosk.engine.url.render_as_string(hide_password=True),
            revision=current_revision(kiosk.engine),
            newest=head_revision(kiosk.engine),
        ),
        disk=DiskSection(str(data_dir), _free_mb(data_dir)),
        storage=StorageSection(
            storage_status if isinstance(storage_status, StorageStatus) else None,
            storage.detail if storage is not None else "",
        ),
        clock=ClockSection(
            clock_status if isinstance(clock_status, ClockStatus) else None,
            kiosk.clock.now(),
            clock.detail if clock is not None else "",
        ),
        unfinished_print_jobs=jobs,
    )


def _free_mb(path: Path) -> int:
    try:
        return shutil.disk_usage(path).free // (1024 * 1024)
    except OSError:
        return 0


@dataclass(frozen=True, slots=True)
class StorageReport:
    """The report of a kiosk whose records cannot be kept: it was not assembled, so storage is all
    there is to say (and that the rest is checked once storage works)."""

    kiosk_id: str
    data_dir: str
    storage: StorageSection

    ready: ClassVar[bool] = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "kiosk_id": self.kiosk_id,
            "ready": False,
            "storage": self.storage.as_dict(),
            "data_dir": self.data_dir,
            "disk_free_mb": _free_mb(Path(self.data_dir)),
        }


def storage_report(config: KioskConfig, reading: StorageReading) -> StorageReport:
    return StorageReport(
        config.kiosk.id, str(config.resolved_data_dir()), StorageSection(reading.status, reading.detail)
    )


def _renderer() -> RendererSection:
    """Whether every face the documents are set in is installed (fontconfig, a few milliseconds)."""
    found = fonts.describe()
    problems = [str(face["problem"]) for face in found if "problem" in face]
    return RendererSection(
        status=RendererStatus.NO_FONTS if problems else RendererStatus.READY,
        fonts=tuple(str(face["file"]) for face in found if "file" in face),
        problem=" ".join(problems),
    )
