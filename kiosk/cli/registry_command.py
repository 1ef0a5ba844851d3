"""``kiosk registry import FILE``: load a registry JSON file, all of it or none of it.

Every run is an audit event (``registry_import``): who ran it, the file's SHA-256 and what was
imported, checked or refused — never a row of it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.audit import AuditEvent
from kiosk.cli.audit_trail import AuditError, record
from kiosk.config import load_config
from kiosk.registry.importer import ImportReport, import_file, shown
from kiosk.storage.check import open_storage
from kiosk.storage.db import make_sessionmaker


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("registry", help="the local registry (offline certificate library)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    load = actions.add_parser(
        "import",
        help="check every row of FILE and import all of it, or nothing if any row is wrong",
        description="Rows whose key is already in the registry replace that record; importing a file twice "
        "changes nothing the second time. See docs/registry-import.md for the format.",
    )
    load.add_argument("file", type=Path, help="a registry JSON file (format civic-kiosk-registry/1)")
    load.add_argument("--check", action="store_true", help="check the file only; write nothing")
    load.set_defaults(handler=import_registry)


def import_registry(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    engine = open_storage(config.database_url(), config.resolved_data_dir(), config.storage.min_free_mb)
    try:
        report = import_file(args.file, make_sessionmaker(engine), dry_run=args.check)
    finally:
        engine.dispose()
    try:
        record(config, AuditEvent.REGISTRY_IMPORT, _outcome(report), _detail(args.file, report))
    except AuditError as exc:
        print(f"The import's audit event could not be written: {exc}", file=sys.stderr)
        return 1
    if not report.ok:
        print(f"{args.file}: {report.summary()}", file=sys.stderr)
        for line in shown(report.problems, total=report.problem_count):
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"{args.file}: {report.summary()}")
    return 0


def _outcome(report: ImportReport) -> str:
    if not report.ok:
        return "refused"
    return "imported" if report.written else "checked"


def _detail(path: Path, report: ImportReport) -> dict[str, object]:
    counts = {
        name: {"new": c.new, "updated": c.updated} for name, c in report.counts.items() if c.new or c.updated
    }
    return {
        "file": str(path.resolve()),
        "sha256": report.sha256,
        "rows": counts,
        "problems": report.problem_count,
    }
