"""``kiosk stats [--by band] [--json]``: how the kiosk is used, for the hall manager."""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from kiosk.config import load_config
from kiosk.stats import BAND_TITLES, sessions_by_band
from kiosk.storage.check import open_storage
from kiosk.workdays import WorkCalendar


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("stats", help="count sessions by time band")
    parser.add_argument("--by", choices=["band"], default="band", help="how to group (time band)")
    parser.add_argument(
        "--since", type=datetime.fromisoformat, help="from this local time (YYYY-MM-DD[THH:MM])"
    )
    parser.add_argument("--until", type=datetime.fromisoformat, help="up to this local time")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=stats)


def stats(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    engine = open_storage(config.database_url(), config.resolved_data_dir(), 0)  # reads: a full disk will do
    counts = sessions_by_band(engine, args.since, args.until, WorkCalendar(config.calendar))
    engine.dispose()
    total = sum(c.sessions for c in counts)
    if args.json:
        print(
            json.dumps(
                {
                    "total": total,
                    "bands": [
                        {
                            "band": c.band.value,
                            "sessions": c.sessions,
                            "completed": c.completed,
                            "outcomes": c.outcomes,
                            "repeat_visitors": c.repeat_visitors,
                        }
                        for c in counts
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(f"{'time band':<48} {'sessions':>8} {'completed':>9} {'share':>6}")
    for c in counts:
        share = f"{100 * c.sessions / total:.0f}%" if total else "-"
        print(f"{BAND_TITLES[c.band]:<48} {c.sessions:>8} {c.completed:>9} {share:>6}")
    print(f"{'all':<48} {total:>8} {sum(c.completed for c in counts):>9}")
    return 0
