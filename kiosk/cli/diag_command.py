"""``kiosk diag [--json]``: the readiness report, part by part (technicians, over SSH).

It looks and settles nothing (the kiosk may be running beside it): no visit is closed, no print job
reconciled. A kiosk whose records cannot be kept — the disk full, the data directory read-only, the
database locked or damaged — is NOT ready with the sentence that says why, and exit code 3, like any
other reason; never an internal error.
"""

from __future__ import annotations

import argparse
import json

from kiosk.composition import assemble
from kiosk.config import load_config
from kiosk.readiness import ReadinessReport, StorageReport, readiness, storage_report
from kiosk.storage.check import StorageUnusableError

EXIT_READY = 0
EXIT_NOT_READY = 3


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("diag", help="the readiness report: devices, sources, database")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=diag)


def diag(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    report: ReadinessReport | StorageReport
    try:
        kiosk = assemble(config, recover=False)
    except StorageUnusableError as exc:
        report = storage_report(config, exc.reading)
    else:
        try:
            report = readiness(kiosk)
        finally:
            kiosk.close()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif isinstance(report, StorageReport):
        print_storage_report(report)
    else:
        print_report(report)
    return EXIT_READY if report.ready else EXIT_NOT_READY


def _mark(ok: bool) -> str:
    return "ok " if ok else "!! "


def print_storage_report(report: StorageReport) -> None:
    print(f"Kiosk {report.kiosk_id}: NOT ready")
    status = report.storage.status.value if report.storage.status else "not checked"
    print(f"Storage: {status} — {report.storage.detail}")
    print(f"Data directory: {report.data_dir}")
    print("The devices and services are checked once the kiosk can keep its records.")


def print_report(report: ReadinessReport) -> None:
    print(f"Kiosk {report.kiosk_id}: {'ready' if report.ready else 'NOT ready'}")
    print("Devices:")
    for device in report.devices:
        status = "not answered yet" if device.status is None else device.status.value
        print(f"  {_mark(device.ready)}{device.part.value:<17} {status:<15} {device.description}")
    print("Sources:")
    for source in report.sources:
        print(f"  {_mark(source.ready)}{source.part.value:<17} {source.reason or source.status.value}")
    print("Services:")
    for service in report.services:
        reasons = ", ".join(f"{u.part.value} {u.status.value}" for u in service.unavailable)
        print(f"  {_mark(service.available)}{service.service_id:<17} {reasons or 'available'}")
    face = report.face_check
    problem = f" — {face.problem}" if face.problem else ""
    print(f"Face check: {face.status.value}, {face.recognizer}, threshold {face.threshold}{problem}")
    renderer = report.renderer
    print(f"Renderer: {renderer.status.value}" + (f" — {renderer.problem}" if renderer.problem else ""))
    storage = report.storage
    stored = storage.status.value if storage.status else "not checked yet"
    print(f"{_mark(storage.ready)}Storage: {stored}" + (f" — {storage.detail}" if storage.detail else ""))
    clock = report.clock
    said = f"{clock.now:%Y-%m-%d %H:%M}" if clock.now else "?"
    judged = clock.status.value if clock.status else "not judged yet"
    print(f"{_mark(clock.ready)}Clock: {said}, {judged}" + (f" — {clock.detail}" if clock.detail else ""))
    db = report.database
    print(f"Database: {db.url} (revision {db.revision}, newest {db.newest})")
    print(f"Disk free: {report.disk.free_mb} MB in {report.disk.path}")
    for job in report.unfinished_print_jobs:
        print(
            f"  print job {job.reprint_code} ({job.service_id}) {job.state} at {job.at.isoformat()}: "
            f"{job.detail}"
        )
