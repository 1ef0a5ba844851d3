"""``kiosk maintenance-pin``: make the configuration line that sets the technicians' PIN.

The PIN is asked twice without echo (or read from standard input, one line, when that is not a
terminal) and only its scrypt hash is printed; put the line under ``[maintenance]``.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk.maintenance import PIN_LENGTHS, hash_pin, is_pin

EXIT_BAD_PIN = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "maintenance-pin",
        help="make the [maintenance] pin_hash line that opens the diagnostics screen with a PIN",
    )
    parser.set_defaults(handler=make_pin_line)


def make_pin_line(args: argparse.Namespace) -> int:
    if sys.stdin.isatty():
        pin = getpass.getpass("New technician PIN: ")
        again = getpass.getpass("The same PIN again: ")
        if pin != again:
            print("The two PINs differ; nothing was made.", file=sys.stderr)
            return EXIT_BAD_PIN
    else:
        pin = sys.stdin.readline().strip()
    if not is_pin(pin):
        print(
            f"A PIN is {PIN_LENGTHS.start} to {PIN_LENGTHS.stop - 1} digits; nothing was made.",
            file=sys.stderr,
        )
        return EXIT_BAD_PIN
    print("[maintenance]")
    print(f'pin_hash = "{hash_pin(pin)}"')
    return 0
