"""The readiness report: one section per device and part, for technicians.

Used by ``kiosk diag`` and by the diagnostics screen. It holds no personal
data: device statuses, versions, counts and reprint codes only.
"""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

from kiosk.composition import Kiosk
from kiosk.health import USABLE
from kiosk.storage.migrate import current_revision, head_revision
from kiosk.storage.records import UNFINISHED, PrintJobState


@dataclass(frozen=True, slots=True)
class DeviceReport:
    name: str
    spec: str
    description: str
    status: str
    ready: bool


@dataclass(frozen=True, slots=True)
class ReadinessReport:
    kiosk_id: str
    devices: list[DeviceReport]
    sources: dict[str, dict[str, Any]]
    services: dict[str, list[str]]  # service id → what stops it (empty: available)
    database: dict[str, Any]
    face_check: dict[str, Any]
    disk_free_mb: int
    unfinished_print_jobs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return all(d.ready for d in self.devices if d.name != "voice") and all(
            not reasons for reasons in self.services.values()
        )

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ready"] = self.ready
        return data


def readiness(kiosk: Kiosk) -> ReadinessReport:
    config = kiosk.config
    kiosk.health.wait_first_round()
    statuses = kiosk.health.statuses()
    devices = []
    for name, worker in kiosk.devices.all().items():
        status = statuses.get(name, "unknown")
        devices.append(
            DeviceReport(
                name=name,
                spec=getattr(config.devices, name).spec,
                description=str(getattr(worker.device, "description", name)),
                status=status,
                ready=status in USABLE[name],
            )
        )
    sources = {}
    for name, source in kiosk.sources.items():
        health = source.health()
        sources[name] = {"available": health.available, "reason": health.reason}
    services = {
        s.id: [f"{u.part}: {u.status}" for u in kiosk.health.unavailability(s)] for s in config.services
    }
    since = kiosk.clock.now() - timedelta(days=7)
    jobs = [
        {
            "reprint_code": j.reprint_code,
            "service": j.service_id,
            "state": j.state,
            "at": j.updated_at.isoformat(),
            "detail": j.detail,
        }
        for j in kiosk.records.print_jobs(states=(PrintJobState.FAILED, *UNFINISHED))
        if j.updated_at >= since
    ]
    data_dir = config.resolved_data_dir()
    return ReadinessReport(
        kiosk_id=config.kiosk.id,
        devices=devices,
        sources=sources,
        services=services,
        database={
            "url": kiosk.engine.url.render_as_string(hide_password=True),
            "revision": current_revision(kiosk.engine),
            "newest": head_revision(kiosk.engine),
        },
        face_check={
            "recognizer": config.face_check.recognizer,
            "threshold": kiosk.face_checker.threshold,
            "problem": kiosk.face_problem,
        },
        disk_free_mb=shutil.disk_usage(data_dir).free // (1024 * 1024),
        unfinished_print_jobs=jobs,
    )
