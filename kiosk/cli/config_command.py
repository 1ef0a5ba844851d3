"""``kiosk config check FILE``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.config import ConfigError, check_config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("config", help="check a configuration file")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="report every problem in FILE with its key and line",
        description="Validate FILE and report every problem with its key and line, the way the kiosk "
        "reads it when it starts; old names still read are listed too, to be changed.",
    )
    check.add_argument("file", type=Path)
    check.set_defaults(handler=check_config_file)


def check_config_file(args: argparse.Namespace) -> int:
    try:
        checked = check_config(args.file)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    config = checked.config
    for note in checked.notes:
        print(f"{args.file}: {note}", file=sys.stderr)
    print(
        f"{args.file}: the configuration is valid ({len(config.services)} services, kiosk {config.kiosk.id})."
    )
    return 0
