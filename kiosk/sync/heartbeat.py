"""The heartbeat: the kiosk's readiness summary, written to the outbox every minute by the shipper.

It is made from what the kiosk's database knows — each part's newest status, which the touchscreen
app's health writes whenever one changes — so the shipper, a process of its own, needs no device:
the statuses, the services they stop (by :mod:`kiosk.health`'s rules), print jobs cut short, the
outbox's backlog and the free disk. A kiosk whose app has stopped still beats (the shipper runs);
its statuses are then the last the app wrote, and the console tells a silent app by the records
that stop coming.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

import kiosk
from kiosk.config import KioskConfig
from kiosk.health import STATUS_SETS
from kiosk.parts import DEVICES, Part
from kiosk.print_journal import UNFINISHED
from kiosk.storage import outbox
from kiosk.storage.models import DeviceStatusRow, PrintJobRow
from kiosk.wire import HeartbeatPayload, UnavailableService


def latest_statuses(db: Session) -> dict[Part, str]:
    newest = select(func.max(DeviceStatusRow.id)).group_by(DeviceStatusRow.device)
    rows = db.execute(
        select(DeviceStatusRow.device, DeviceStatusRow.status).where(DeviceStatusRow.id.in_(newest))
    )
    known = {part.value for part in Part}
    return {Part(device): status for device, status in rows if device in known}


def _usable(part: Part, status: str) -> bool:
    statuses = STATUS_SETS[part]
    reading = statuses.read(status)
    return reading is not None and reading in statuses.usable


def summary(engine: Engine, config: KioskConfig, data_dir: Path | None = None) -> HeartbeatPayload:
    with Session(engine) as db:
        parts = latest_statuses(db)
        unfinished = db.scalar(
            select(func.count())
            .select_from(PrintJobRow)
            .where(PrintJobRow.state.in_([s.value for s in UNFINISHED]))
        )
    down = {part: status for part, status in parts.items() if not _usable(part, status)}
    unavailable = []
    for service in config.services:
        needs = [Part(device) for device in service.devices] + [Part(service.source)]
        if service.face_check:
            needs.append(Part.FACE_CHECK)
        unavailable += [
            UnavailableService(service_id=service.id, part=part, status=down[part])
            for part in needs
            if part in down
        ]
    devices_ok = all(part not in down for part in DEVICES if part is not Part.VOICE)
    try:
        free = shutil.disk_usage(data_dir or config.resolved_data_dir()).free // (1024 * 1024)
    except OSError:
        free = None
    return HeartbeatPayload(
        ready=devices_ok and not unavailable,
        parts=parts,
        unavailable=tuple(unavailable),
        unfinished_print_jobs=int(unfinished or 0),
        backlog=outbox.status(engine).backlog,
        disk_free_mb=free,
        version=kiosk.__version__,
    )
