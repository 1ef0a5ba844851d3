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
from pathlib import Path

from kiosk.config import ConfigError

COMMAND_MODULES = (
    "kiosk.cli.run_command",
    "kiosk.cli.demo_command",
    "kiosk.cli.diag_command",
    "kiosk.cli.config_command",
    "kiosk.cli.db_command",
    "kiosk.cli.stats_command",
    "kiosk.cli.metrics_command",
    "kiosk.cli.keys_command",
    "kiosk.cli.verify_command",
    "kiosk.cli.registry_command",
    "kiosk.cli.printer_commands",
    "kiosk.cli.read_id_command",
    "kiosk.cli.camera_command",
    "kiosk.cli.technician_command",
    "kiosk.cli.face_calibrate_command",
    "kiosk.cli.sync_command",
)

# Which module registers each command, so running one command imports only its module
# (the PDF, camera and database libraries take a second to import in all).
# tests/core/test_cli.py checks this against what the modules register.
COMMAND_HOMES = {
    "run": "kiosk.cli.run_command",
    "demo": "kiosk.cli.demo_command",
    "diag": "kiosk.cli.diag_command",
    "config": "kiosk.cli.config_command",
    "db": "kiosk.cli.db_command",
    "stats": "kiosk.cli.stats_command",
    "metrics": "kiosk.cli.metrics_command",
    "keys": "kiosk.cli.keys_command",
    "verify": "kiosk.cli.verify_command",
    "registry": "kiosk.cli.registry_command",
    "printer-status": "kiosk.cli.printer_commands",
    "print-test": "kiosk.cli.printer_commands",
    "read-id": "kiosk.cli.read_id_command",
    "camera-test": "kiosk.cli.camera_command",
    "technician-pin": "kiosk.cli.technician_command",
    "maintenance-pin": "kiosk.cli.technician_command",  # the old name, until the next release
    "face-calibrate": "kiosk.cli.face_calibrate_command",
    "sync": "kiosk.cli.sync_command",
}

EXIT_CONFIG = 1
EXIT_STORAGE = 4  # the kiosk's records cannot be read or written, or a newer release wrote them
EXIT_INTERNAL = 70


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with ``only`` the one module that registers the command run."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Civic Kiosk: a 24/7 self-service government terminal.",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="the TOML configuration file (default: $KIOSK_CONFIG or built-in)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES if only is None else (only,):
        module = importlib.import_module(name)
        module.register(subparsers)
    return parser


def _command_word(words: list[str]) -> str | None:
    """The subcommand's name: the first word that is not an option (or --config's value)."""
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word == "--config":
            skip = True
        elif not word.startswith("-"):
            return word
    return None


PRIVATE_UMASK = 0o077
"""Whatever a command makes — the database and its registry replica, keys, secrets, the demo's
output — is readable by the kiosk's user alone (the systemd unit sets the same)."""


def main(argv: Sequence[str] | None = None) -> int:
    # Set for the command's run and given back after, so a program calling main() (the tests)
    # keeps its own.
    previous = os.umask(PRIVATE_UMASK)
    try:
        return _run(argv)
    finally:
        os.umask(previous)


def _run(argv: Sequence[str] | None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    home = COMMAND_HOMES.get(_command_word(words) or "")
    parser = build_parser(home if home in COMMAND_MODULES else None)
    args = parser.parse_args(words)
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
        # Only a command that opened the database can raise it, so its module is loaded by then (and
        # every other command starts without the database libraries).
        migrate = sys.modules.get("kiosk.storage.migrate")
        if migrate is not None and isinstance(exc, migrate.SchemaTooNewError):
            print(exc, file=sys.stderr)
            return EXIT_STORAGE
        # A full disk, a read-only data directory, a database locked or damaged: a sentence, not a
        # traceback. Loaded only here: `kiosk run` paints its first screen before the database library.
        from kiosk.storage.check import StorageUnusableError, storage_reading

        reading = exc.reading if isinstance(exc, StorageUnusableError) else storage_reading(exc)
        if reading is not None:
            print(f"kiosk {args.command}: {reading.detail}", file=sys.stderr)
            return EXIT_STORAGE
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
