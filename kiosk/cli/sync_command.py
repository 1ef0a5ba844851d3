"""``kiosk sync [--follow]``, ``kiosk sync status``, ``kiosk sync prune``: the outbox and the centre.

``kiosk sync`` sends what is waiting and stops; ``--follow`` keeps shipping (its own systemd unit,
packaging/systemd/civic-kiosk-sync.service), writes the heartbeat every minute and prunes the outbox.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Any

from kiosk.config import KioskConfig, load_config

EXIT_NOT_SENT = 4  # sync is off, or the centre could not take everything: the rows wait


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("sync", help="ship the outbox to the central service")
    parser.add_argument("--follow", action="store_true", help="keep shipping (the systemd unit runs this)")
    parser.set_defaults(handler=sync)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    status = actions.add_parser("status", help="the backlog, the last acknowledgement and the lag")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=sync_status)
    actions.add_parser("prune", help="delete the outbox rows past their retention").set_defaults(
        handler=sync_prune
    )


def _open(config: KioskConfig) -> Any:
    from kiosk.storage.db import make_engine
    from kiosk.storage.migrate import upgrade

    engine = make_engine(config.database_url())
    upgrade(engine)
    return engine


def sync(args: argparse.Namespace) -> int:
    from kiosk.clock import SystemClock
    from kiosk.recent_log import install
    from kiosk.sync.shipper import Sent, Shipper

    config = load_config(args.config)
    if not config.sync.enabled and not args.follow:
        print("Sync is off ([sync] enabled = false): nothing was sent.", file=sys.stderr)
        return EXIT_NOT_SENT
    engine = _open(config)
    with Shipper(config, engine, SystemClock()) as shipper:
        if args.follow:
            install()
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            signal.signal(signal.SIGINT, lambda *_: stop.set())
            shipper.follow(stop)
            return 0
        result = shipper.drain()
    if result.sent is Sent.FAILED:
        print(f"Sent {result.rows} rows, then: {result.error}. The rest waits.", file=sys.stderr)
        return EXIT_NOT_SENT
    print(f"Sent {result.rows} rows; the centre holds everything written.")
    return 0


def sync_status(args: argparse.Namespace) -> int:
    from datetime import datetime

    from kiosk.storage import outbox
    from kiosk.sync.shipper import lag

    config = load_config(args.config)
    state = outbox.status(_open(config))
    seconds = lag(state, datetime.now())
    report = {
        "enabled": config.sync.enabled,
        "url": config.sync.url if config.sync.enabled else None,
        "last_seq": state.last_seq,
        "acknowledged_seq": state.acked_seq,
        "acknowledged_at": state.acked_at.isoformat() if state.acked_at else None,
        "backlog": state.backlog,
        "lag_seconds": None if seconds is None else round(seconds),
        "pruned_unsent_through": state.pruned_through,
        "last_attempt_at": state.attempt_at.isoformat() if state.attempt_at else None,
        "last_error": state.error,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"Sync: {'on, to ' + config.sync.url if config.sync.enabled else 'off'}")
    print(f"Backlog: {state.backlog} rows (written {state.last_seq}, acknowledged {state.acked_seq})")
    print(f"Last acknowledged: {report['acknowledged_at'] or 'never'}")
    print(f"Lag: {'none' if seconds is None else f'{seconds:.0f} s (the oldest row waiting)'}")
    if state.error:
        print(f"Last attempt ({report['last_attempt_at']}) failed: {state.error}")
    return 0


def sync_prune(args: argparse.Namespace) -> int:
    from kiosk.clock import SystemClock
    from kiosk.sync.shipper import Shipper

    config = load_config(args.config)
    with Shipper(config, _open(config), SystemClock()) as shipper:
        gone = shipper.prune()
    print(f"Pruned {gone} outbox rows.")
    return 0
