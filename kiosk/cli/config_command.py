"""``kiosk config check FILE``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.config import ConfigError, load_config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("config", help="check a configuration file")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="report every problem in FILE with its key and line",
        description="Validate FILE and report every problem with its key and line. "
        "It always checks the file itself and never changes the kiosk's remembered configuration.",
    )
    check.add_argument("file", type=Path)
    check.set_defaults(handler=check_config)


def check_config(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.file, remembered=False)  # the file itself, never what the cache recalls
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"{args.file}: the configuration is valid ({len(config.services)} services, kiosk {config.kiosk.id})."
    )
    return 0
