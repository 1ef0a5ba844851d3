"""``kiosk verify PAYLOAD`` and ``kiosk verify --pdf FILE``: is a document genuine?

Prints ``valid`` or ``invalid: <reason>`` and exits 0 or 1; exits 2 with one sentence when the
key set or the file cannot be read, or the file is past the limits of
:mod:`kiosk.documents.pdf_verification`. Keys: the kiosk's own key set from its data dir, or
``--public-key FILE`` (a key set as printed by ``kiosk keys show --json``), which is how anyone
else verifies.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from kiosk.config import load_config
from kiosk.documents.pdf_verification import Refusal, read_pdf_file, verify_pdf
from kiosk.documents.signing import (
    KeyFileError,
    KeyStore,
    PublicKey,
    Verdict,
    read_key_set,
    verify_payload,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "verify", help="check a document's verification code (exit 0 valid, 1 invalid)"
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("payload", nargs="?", help="the text of the QR code (CK2:…)")
    what.add_argument(
        "--pdf", type=Path, help="a document PDF: find its QR code and check it against the pages"
    )
    parser.add_argument(
        "--public-key", type=Path, action="append", default=None, metavar="FILE",
        help="a published key set (kiosk keys show --json); default: this kiosk's own keys",
    )  # fmt: skip
    parser.set_defaults(handler=verify)


def verify(args: argparse.Namespace) -> int:
    try:
        keys = _keys(args)
    except KeyFileError as exc:
        print(exc, file=sys.stderr)
        return 2
    now = datetime.now().astimezone()
    if args.pdf is None:
        return report(verify_payload(args.payload, keys, now))
    pdf = read_pdf_file(args.pdf)
    verdict = pdf if isinstance(pdf, Refusal) else verify_pdf(pdf, keys, now)
    if isinstance(verdict, Refusal):
        print(verdict.reason, file=sys.stderr)
        return 2
    return report(verdict)


def _keys(args: argparse.Namespace) -> list[PublicKey]:
    if args.public_key:
        return [key for path in args.public_key for key in read_key_set(path)]
    config = load_config(args.config)
    keys = KeyStore.in_data_dir(config.resolved_data_dir()).public_keys()
    if not keys:
        raise KeyFileError("This kiosk has no keys yet (run kiosk keys show); or give --public-key FILE.")
    return keys


def report(verdict: Verdict) -> int:
    payload = verdict.payload
    if verdict.valid and payload is not None:
        print(
            f"valid: {payload.kind.value} {payload.number},"
            f" issued {payload.issued_at:%Y-%m-%d %H:%M %z} "  # the kiosk's own time, as on the paper
            f"by kiosk {payload.kiosk_id} (key {payload.key_id})"
        )
        return 0
    print(f"invalid ({verdict.failure}): {verdict.reason}")
    return 1
