"""The ``kiosk`` command.

One module per group of subcommands; each has ``register(subparsers)`` and
sets ``handler`` to a function ``(args) -> int`` (the exit code). A problem
the operator can fix is one plain sentence on stderr and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from kiosk.config import ConfigError

COMMAND_MODULES = (
    "kiosk.cli.run_command",
    "kiosk.cli.demo_command",
    "kiosk.cli.diag_command",
    "kiosk.cli.config_command",
    "kiosk.cli.db_command",
    "kiosk.cli.stats_command",
    "kiosk.cli.keys_command",
    "kiosk.cli.verify_command",
    "kiosk.cli.registry_command",
    "kiosk.cli.printer_commands",
    "kiosk.cli.read_id_command",
    "kiosk.cli.camera_command",
)

EXIT_CONFIG = 1
EXIT_INTERNAL = 70


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Civic Kiosk: a 24/7 self-service government terminal.",
    )
    parser.add_argument(
        "--config",
        type=str,
        default=None,
        help="the TOML configuration file (default: $KIOSK_CONFIG or built-in)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
        return code
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        print("The kiosk will not start with this configuration.", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("KIOSK_DEBUG"):
            raise
        print(
            f"kiosk {args.command}: an internal error stopped the command ({type(exc).__name__}).",
            file=sys.stderr,
        )
        print("Run again with KIOSK_DEBUG=1 to see the details.", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
