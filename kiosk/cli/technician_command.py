"""``kiosk technician-pin``: make the configuration line that sets the technician's PIN.

The PIN is asked twice without echo (or read from standard input, one line, when that is not a
terminal); a PIN anyone would try first (a repeat, a sequence, a date) is refused, and only the
scrypt hash of a good one is printed, with scrypt's cost written into it. Put the lines in the
configuration, where they open the diagnostics screen with that PIN. ``kiosk maintenance-pin``,
the command's old name, still works until the next release.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk.technician_pin import PIN_LENGTHS, hash_pin, is_pin, pin_weakness

EXIT_BAD_PIN = 2
OLD_NAME = "maintenance-pin"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "technician-pin",
        help="make the [technician] pin_hash line that opens the diagnostics screen with a PIN",
    )
    parser.set_defaults(handler=make_pin_line)
    old = subparsers.add_parser(OLD_NAME, help="the old name of technician-pin (until the next release)")
    old.set_defaults(handler=make_pin_line_under_old_name)


def make_pin_line_under_old_name(args: argparse.Namespace) -> int:
    print(
        f"`kiosk {OLD_NAME}` is now `kiosk technician-pin`; the old name works until the next release.",
        file=sys.stderr,
    )
    return make_pin_line(args)


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
    weakness = pin_weakness(pin)
    if weakness is not None:
        print(f"That PIN is too easy to guess: {weakness}. Nothing was made.", file=sys.stderr)
        return EXIT_BAD_PIN
    print("[technician]")
    print(f'pin_hash = "{hash_pin(pin)}"')
    return 0
