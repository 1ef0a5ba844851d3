"""``kiosk db``: the database's schema (``upgrade``, ``current``) and its size (``prune``).

``upgrade`` is what the Debian package runs on install and upgrade, with the kiosk stopped: it
migrates the schema and, once, turns SQLite's incremental vacuum on in a database made before it
was the default. ``prune`` is what ``civic-kiosk-prune.timer`` runs every night.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime

from kiosk.config import load_config
from kiosk.storage import outbox
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import current_revision, head_revision, upgrade
from kiosk.storage.retention import (
    KEEP_DAYS_DEFAULT,
    AutoVacuum,
    RetentionPolicy,
    enable_incremental_vacuum,
    prune,
)

KEEP_DAYS_ENV = "KIOSK_KEEP_DAYS"
"""How many days ``kiosk db prune`` keeps when ``--keep-days`` is not given (the prune unit sets it)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="database schema and size")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser(
        "upgrade", help="migrate the schema to the newest revision (run it with the kiosk stopped)"
    ).set_defaults(handler=db_upgrade)
    actions.add_parser("current", help="print the schema revision").set_defaults(handler=db_current)
    pruning = actions.add_parser("prune", help="delete what is older than the kiosk keeps, then vacuum")
    pruning.add_argument(
        "--keep-days",
        type=int,
        default=None,
        help=f"days of sessions, audit events and device history to keep (default: ${KEEP_DAYS_ENV},"
        f" else {KEEP_DAYS_DEFAULT})",
    )
    pruning.add_argument("--dry-run", action="store_true", help="count what would go, delete nothing")
    pruning.set_defaults(handler=db_prune)


def db_upgrade(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    engine = make_engine(config.database_url())
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    url = engine.url.render_as_string(hide_password=True)
    if before == after:
        print(f"{url}: already at revision {after}.")
    else:
        print(f"{url}: upgraded from revision {before or '(empty)'} to {after}.")
    if enable_incremental_vacuum(engine):
        print(f"{url}: rebuilt once with incremental vacuum on; `kiosk db prune` now gives space back.")
    engine.dispose()
    return 0


def db_current(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    engine = make_engine(config.database_url())
    current, head = current_revision(engine), head_revision(engine)
    engine.dispose()
    print(f"revision {current or '(empty)'}; newest {head}")
    return 0 if current == head else 1


def db_prune(args: argparse.Namespace) -> int:
    keep_days = args.keep_days
    if keep_days is None:
        keep_days = int(os.environ.get(KEEP_DAYS_ENV) or KEEP_DAYS_DEFAULT)
    try:
        policy = RetentionPolicy(keep_days)
    except ValueError as exc:
        print(f"kiosk db prune: {exc}.", file=sys.stderr)
        return 2
    config = load_config(args.config)
    engine = make_engine(config.database_url())
    upgrade(engine)
    # With sync on, what the centre has not acknowledged stays, however old: the kiosk's records
    # from the oldest unacknowledged outbox row on are kept until the centre holds them.
    holds = (outbox.unacknowledged_since,) if config.sync.enabled else ()
    report = prune(engine, policy, datetime.now(), holds, dry_run=args.dry_run)
    engine.dispose()
    if report.held_by_hold:
        print(
            f"Kept everything from {report.cutoff:%Y-%m-%d %H:%M}:"
            " the central service has not acknowledged it yet."
        )
    verb = "would delete" if args.dry_run else "deleted"
    rows = ", ".join(f"{count} {table}" for table, count in report.deleted.items() if count) or "nothing"
    print(f"Kept {policy.keep_days} days (from {report.cutoff:%Y-%m-%d %H:%M}); {verb} {rows}.")
    if report.auto_vacuum is AutoVacuum.INCREMENTAL and not args.dry_run:
        print(f"Gave {report.freed_pages} free pages back to the file system.")
    elif report.auto_vacuum is AutoVacuum.NONE:
        print("Incremental vacuum is off in this database: run `kiosk db upgrade` with the kiosk stopped.")
    return 0
