"""``kiosk metrics``: the kiosk for Prometheus, in node_exporter's textfile format (kiosk/metrics.py).

``kiosk metrics`` prints one collection; ``--textfile PATH --every 15`` is the exporter
(``civic-kiosk-metrics.service``): it rewrites the file atomically every 15 s until stopped.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from kiosk.config import load_config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("metrics", help="the kiosk's metrics for Prometheus (textfile format)")
    parser.add_argument(
        "--textfile", type=Path, help="write them atomically to this .prom file instead of printing them"
    )
    parser.add_argument(
        "--every", type=float, metavar="SECONDS", help="with --textfile: rewrite it this often, until stopped"
    )
    parser.set_defaults(handler=metrics)


def metrics(args: argparse.Namespace) -> int:
    from prometheus_client import CollectorRegistry

    from kiosk.metrics import KioskCollector, exposition
    from kiosk.storage.db import make_engine
    from kiosk.storage.migrate import upgrade
    from kiosk.textfile import write_textfile

    if args.every is not None and (args.textfile is None or args.every <= 0):
        print("kiosk metrics: --every needs --textfile and a number of seconds above 0.", file=sys.stderr)
        return 2
    config = load_config(args.config)
    engine = make_engine(config.database_url())
    upgrade(engine)
    registry = CollectorRegistry(auto_describe=True)
    # The outbox's backlog joins here once the fleet lands: KioskCollector(..., extra=[outbox_gauges]).
    registry.register(KioskCollector(engine, config))
    if args.textfile is None:
        print(exposition(registry), end="")
        return 0
    stop = threading.Event()

    def stopped(_signal: int, _frame: FrameType | None) -> None:
        stop.set()  # systemd's SIGTERM: finish the write under way, then leave

    signal.signal(signal.SIGTERM, stopped)
    while True:
        write_textfile(args.textfile, registry)
        if args.every is None or stop.wait(args.every):
            break
    engine.dispose()
    return 0
