"""``kiosk diag [--json]``: every device and part with its status (technicians, over SSH)."""

from __future__ import annotations

import argparse
import json

from kiosk.composition import assemble
from kiosk.config import load_config
from kiosk.diag import readiness


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
        return 0 if report.ready else 3
    print(f"Kiosk {report.kiosk_id}: {'ready' if report.ready else 'NOT ready'}")
    print("Devices:")
    for device in report.devices:
        mark = "ok " if device.ready else "!! "
        print(f"  {mark}{device.name:<17} {device.status:<15} {device.description}")
    print("Sources:")
    for name, state in report.sources.items():
        print(f"  {'ok ' if state['available'] else '!! '}{name:<17} {state['reason'] or 'available'}")
    print("Services:")
    for service, reasons in report.services.items():
        print(f"  {'ok ' if not reasons else '!! '}{service:<17} {', '.join(reasons) or 'available'}")
    db = report.database
    print(f"Database: {db['url']} (revision {db['revision']}, newest {db['newest']})")
    face = report.face_check
    print(
        f"Face check: {face['recognizer']}, threshold {face['threshold']}"
        + (f" — {face['problem']}" if face["problem"] else "")
    )
    print(f"Disk free: {report.disk_free_mb} MB")
    for job in report.unfinished_print_jobs:
        print(
            f"  print job {job['reprint_code']} ({job['service']}) {job['state']} at {job['at']}: "
            f"{job['detail']}"
        )
    return 0 if report.ready else 3
