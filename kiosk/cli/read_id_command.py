"""``kiosk read-id``: wait for an ID card and show what it says.

For technicians checking a reader in place. Without ``--unmasked`` it says which
fields were read and what is wrong with the card, and shows none of them: not a
character of the name or the number, not the birth date, the issuing office or
the validity (each narrows the number down; together they all but give it).
``--unmasked`` shows everything, and first writes an audit event naming the OS
user who asked (never the card's data); when the event cannot be written,
nothing is shown. Nothing else is logged or written anywhere.

Exit codes: 0 a card was read, 2 no card before the timeout (or it was taken
away mid-read), 3 the reader or the card failed, 1 the reader spec is wrong,
4 ``--unmasked`` could not write its audit event (nothing was shown).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from typing import Any

from devices.id_reader.base import CardType, IdentityRecord, IdReader, ReaderStatus, ReadFailure
from kiosk.audit import AuditEvent
from kiosk.cli.audit_trail import AuditError, record
from kiosk.composition.adapters import id_reader_from_spec
from kiosk.config import load_config
from kiosk.device_specs import ID_READER_FORMS, SpecError
from kiosk.identity import card_problems, id_check_char

EXIT_READ = 0
EXIT_BAD_SPEC = 1
EXIT_NO_CARD = 2
EXIT_DEVICE_FAULT = 3
EXIT_NO_AUDIT = 4

DEFAULT_TIMEOUT_SECONDS = 10.0

MOCK_CARD_VARIABLE = "KIOSK_MOCK_ID_CARD"
"""Set to ``demo`` to have ``--reader mock`` hold a synthetic demo card, so the
command's output can be seen without a reader."""

CARD_TYPE_WORDS = {
    CardType.RESIDENT_ID: "resident ID card (居民身份证)",
    CardType.RESIDENCE_PERMIT_HMT: "residence permit, Hong Kong/Macao/Taiwan residents (港澳台居民居住证)",
    CardType.SOCIAL_SECURITY: "social security card (社会保障卡)",
    CardType.FOREIGN_PERMANENT_2017: "foreigner's permanent residence ID card, 2017 (外国人永久居留身份证)",
    CardType.FOREIGN_PERMANENT_2023: "foreigner's permanent residence ID card, 2023 (外国人永久居留身份证)",
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
        "--unmasked",
        action="store_true",
        help="show every field in full (writes an audit event naming you first)",
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
    # The configuration names the reader when --reader does not, and the database that the audit
    # event of --unmasked goes to (a bad file: a plain ConfigError).
    config = load_config(args.config) if args.reader is None or args.unmasked else None
    if args.reader is None:
        assert config is not None
        args.reader = config.devices.id_reader.spec
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
    if args.unmasked:
        assert config is not None
        try:
            record(config, AuditEvent.IDENTITY_SHOWN, "shown", {"card_type": result.card_type.value})
        except AuditError as exc:
            print(
                f"The card is not shown unmasked: its audit event could not be written: {exc}",
                file=sys.stderr,
            )
            return EXIT_NO_AUDIT
        shown = card_summary(result, today=date.today())
        print(json.dumps(shown, ensure_ascii=False, indent=2) if args.json else _human(shown))
        return EXIT_READ
    summary = masked_summary(result, today=date.today())
    print(json.dumps(summary, ensure_ascii=False, indent=2) if args.json else _human_masked(summary))
    return EXIT_READ


PERSONAL_FIELDS = (
    "name", "sex", "nation", "birth_date", "address", "id_number", "issuer", "valid_from", "valid_until",
)  # fmt: skip
"""What the masked summary only says was read: each one narrows the number down."""


def masked_summary(card: IdentityRecord, *, today: date) -> dict[str, Any]:
    """``kiosk read-id --json``: what was read and what is wrong, judged on the full card; no value."""
    return {
        "card_type": card.card_type.value,
        "fields_read": [name for name in PERSONAL_FIELDS if getattr(card, name) not in (None, "")],
        "photo": _photo(card),
        "problems": card_problems(card, today),
    }


def card_summary(card: IdentityRecord, *, today: date) -> dict[str, Any]:
    """``kiosk read-id --unmasked --json``: every field in full."""
    return {
        "card_type": card.card_type.value,
        "name": card.name,
        "sex": card.sex,
        "nation": card.nation,
        "birth_date": _iso(card.birth_date),
        "address": card.address,
        "id_number": card.id_number,
        "issuer": card.issuer,
        "valid_from": _iso(card.valid_from),
        "valid_until": _iso(card.valid_until),
        "photo": _photo(card),
        "problems": card_problems(card, today),
    }


def _photo(card: IdentityRecord) -> dict[str, Any] | None:
    return None if card.photo is None else {"format": card.photo.format, "bytes": len(card.photo.data)}


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _photo_words(photo: dict[str, Any] | None) -> str:
    return "none" if photo is None else f"{photo['format'].upper()}, {photo['bytes']} bytes"


def _human_masked(summary: dict[str, Any]) -> str:
    kind = CardType(summary["card_type"])
    read = ", ".join(FIELD_WORDS[name] for name in summary["fields_read"]) or "nothing"
    return "\n".join(
        [
            f"Card:        {CARD_TYPE_WORDS.get(kind, kind.value)}",
            f"Read:        {read} (--unmasked shows them)",
            f"Photo:       {_photo_words(summary['photo'])}",
            f"Problems:    {', '.join(summary['problems']) or 'none'}",
        ]
    )


FIELD_WORDS = {
    "name": "name",
    "sex": "sex",
    "nation": "nation",
    "birth_date": "birth date",
    "address": "address",
    "id_number": "ID number",
    "issuer": "issuing office",
    "valid_from": "valid from",
    "valid_until": "valid until",
}


def _human(shown: dict[str, Any]) -> str:
    def value(key: str) -> str:
        return "—" if shown[key] is None else str(shown[key])

    if shown["valid_until"] is None:
        until = "长期 (no expiry)" if shown["valid_from"] is not None else "—"
    else:
        until = shown["valid_until"]
    photo = _photo_words(shown["photo"])
    lines = [
        f"Card:        {CARD_TYPE_WORDS.get(CardType(shown['card_type']), shown['card_type'])}",
        f"Name:        {value('name')}",
        f"Sex:         {value('sex')}",
        f"Nation:      {value('nation')}",
        f"Born:        {value('birth_date')}",
        f"Address:     {value('address')}",
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
