"""``kiosk diag [--json]``: the readiness report, part by part (technicians, over SSH)."""

from __future__ import annotations

import argparse
import json

from kiosk.composition import assemble
from kiosk.config import load_config
from kiosk.readiness import ReadinessReport, readiness


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("diag", help="the readiness report: devices, sources, database")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=diag)


def diag(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    kiosk = assemble(config)
    try:
        report = readiness(kiosk)
    finally:
        kiosk.close()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print_report(report)
    return 0 if report.ready else 3


def _mark(ok: bool) -> str:
    return "ok " if ok else "!! "


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
    db = report.database
    print(f"Database: {db.url} (revision {db.revision}, newest {db.newest})")
    print(f"Disk free: {report.disk.free_mb} MB in {report.disk.path}")
    for job in report.unfinished_print_jobs:
        print(
            f"  print job {job.reprint_code} ({job.service_id}) {job.state} at {job.at.isoformat()}: "
            f"{job.detail}"
        )
