"""``kiosk read-id``: wait for an ID card and show what it says.

For technicians checking a reader in place. Personal fields are masked unless
``--unmasked`` is given (name → first character, ID number → first and last
four, address hidden); nothing is logged or written anywhere.

Exit codes: 0 a card was read, 2 no card before the timeout (or it was taken
away mid-read), 3 the reader or the card failed, 1 the reader spec is wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from typing import Any

from devices.id_reader.base import CardType, IdentityRecord, IdReader, ReaderStatus, ReadFailure
from kiosk.composition import id_reader_from_spec
from kiosk.config import load_config
from kiosk.device_specs import ID_READER_FORMS, SpecError
from kiosk.identity import card_problems, id_check_char, mask_id_number, mask_name

EXIT_READ = 0
EXIT_BAD_SPEC = 1
EXIT_NO_CARD = 2
EXIT_DEVICE_FAULT = 3

DEFAULT_TIMEOUT_SECONDS = 10.0

MOCK_CARD_VARIABLE = "KIOSK_MOCK_ID_CARD"
"""Set to ``demo`` to have ``--reader mock`` hold a synthetic demo card, so the
command's output can be seen without a reader."""

CARD_TYPE_WORDS = {
    CardType.RESIDENT_ID: "resident ID card (居民身份证)",
    CardType.RESIDENCE_PERMIT_HMT: "residence permit, Hong Kong/Macao/Taiwan residents (港澳台居民居住证)",
    CardType.SOCIAL_SECURITY: "social security card (社会保障卡)",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "read-id",
        help="wait for an ID card on a reader and show what it says (masked unless --unmasked)",
        description="Wait for an ID card and show what it says. "
        "Exit 0 read, 2 no card, 3 reader or card fault, 1 wrong SPEC.",
    )
    parser.add_argument(
        "--reader",
        default=None,
        metavar="SPEC",
        help=f"{ID_READER_FORMS} (default: [devices.id_reader] spec of the configuration)",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help=f"how long to wait for a card (default {DEFAULT_TIMEOUT_SECONDS:g})",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--unmasked", action="store_true", help="show the name, ID number and address in full"
    )
    parser.set_defaults(handler=read_id)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("the timeout must be more than 0 and at most 3600 seconds")
    return value


def read_id(args: argparse.Namespace) -> int:
    if args.reader is None:  # the reader this kiosk is configured with (a bad file: a plain ConfigError)
        args.reader = load_config(args.config).devices.id_reader.spec
    try:
        reader = id_reader_from_spec(args.reader)
    except SpecError as exc:
        print(f"{exc}.", file=sys.stderr)
        return EXIT_BAD_SPEC
    except ModuleNotFoundError as exc:
        print(
            f"The card reader cannot be used: its driver library ({exc.name}) is not installed.",
            file=sys.stderr,
        )
        return EXIT_DEVICE_FAULT
    except Exception as exc:  # noqa: BLE001 - an adapter that fails to open is a device fault, said plainly
        print(f"The card reader could not be opened ({type(exc).__name__}).", file=sys.stderr)
        return EXIT_DEVICE_FAULT
    try:
        _place_demo_card(args.reader, reader)
        result = reader.read(args.timeout)
    finally:
        _close(reader)
    if isinstance(result, ReadFailure):
        print(result.detail, file=sys.stderr)
        return EXIT_NO_CARD if result.status is ReaderStatus.NO_CARD else EXIT_DEVICE_FAULT
    shown = card_summary(result, masked=not args.unmasked, today=date.today())
    if args.json:
        print(json.dumps(shown, ensure_ascii=False, indent=2))
    else:
        print(_human(shown, masked=not args.unmasked))
    return EXIT_READ


def card_summary(record: IdentityRecord, *, masked: bool, today: date) -> dict[str, Any]:
    """The JSON object of ``kiosk read-id --json``; problems are judged on the full number."""
    return {
        "card_type": record.card_type.value,
        "name": mask_name(record.name) if masked else record.name,
        "sex": record.sex,
        "nation": record.nation,
        "birth_date": _iso(record.birth_date),
        "address": None if masked else record.address,
        "id_number": mask_id_number(record.id_number) if masked else record.id_number,
        "issuer": record.issuer,
        "valid_from": _iso(record.valid_from),
        "valid_until": _iso(record.valid_until),
        "photo": None
        if record.photo is None
        else {"format": record.photo.format, "bytes": len(record.photo.data)},
        "problems": card_problems(record, today),
    }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _human(shown: dict[str, Any], *, masked: bool) -> str:
    def value(key: str) -> str:
        return "—" if shown[key] is None else str(shown[key])

    if shown["valid_until"] is None:
        until = "长期 (no expiry)" if shown["valid_from"] is not None else "—"
    else:
        until = shown["valid_until"]
    photo = (
        "none"
        if shown["photo"] is None
        else f"{shown['photo']['format'].upper()}, {shown['photo']['bytes']} bytes"
    )
    lines = [
        f"Card:        {CARD_TYPE_WORDS.get(CardType(shown['card_type']), shown['card_type'])}",
        f"Name:        {value('name')}",
        f"Sex:         {value('sex')}",
        f"Nation:      {value('nation')}",
        f"Born:        {value('birth_date')}",
        f"Address:     {'(hidden; --unmasked shows it)' if masked else value('address')}",
        f"ID number:   {value('id_number')}",
        f"Issued by:   {value('issuer')}",
        f"Valid:       {value('valid_from')} to {until}",
        f"Photo:       {photo}",
        f"Problems:    {', '.join(shown['problems']) or 'none'}",
    ]
    return "\n".join(lines)


def _close(reader: IdReader) -> None:
    try:
        reader.close()
    except Exception:  # noqa: BLE001 - the read's outcome matters more than a failing close
        print("The card reader did not close cleanly.", file=sys.stderr)


def _place_demo_card(spec: str, reader: IdReader) -> None:
    if spec != "mock" or os.environ.get(MOCK_CARD_VARIABLE) != "demo":
        return
    from devices.id_reader.mock import MockIdReader

    if isinstance(reader, MockIdReader):
        reader.insert(demo_card())


def demo_card() -> IdentityRecord:
    """A synthetic card for the mock reader: the holder does not exist, the number is valid."""
    body = "11010519800101001"
    return IdentityRecord(
        card_type=CardType.RESIDENT_ID,
        name="示例",
        id_number=body + id_check_char(body),
        sex="男",
        nation="汉",
        birth_date=date(1980, 1, 1),
        address="北京市东城区示例街1号",
        issuer="北京市公安局东城分局",
        valid_from=date(2020, 1, 1),
        valid_until=None,
    )
