"""``kiosk keys show``: the kiosk's public verification keys, for publication."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from kiosk.audit import AuditEvent
from kiosk.cli.audit_trail import AuditError, record
from kiosk.config import load_config
from kiosk.documents.signing import KEY_SET_FILE, KeyFileError, KeyStore


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("keys", help="the kiosk's document signing keys")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser(
        "show",
        help="print the public keys that verify this kiosk's documents (creating the first key if none)",
    )
    show.add_argument("--json", action="store_true", help="print the key set as JSON, the file to publish")
    show.set_defaults(handler=show_keys)


def show_keys(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    store = KeyStore.in_data_dir(config.resolved_data_dir())
    try:
        before = {k.key_id for k in store.public_keys()}
        current = store.signing_key(config.kiosk.id, datetime.now().astimezone())
        keys = store.public_keys()
    except KeyFileError as exc:
        print(exc, file=sys.stderr)
        return 1
    made = current.public.key_id not in before
    try:
        record(
            config,
            AuditEvent.SIGNING_KEYS,
            "created" if made else "shown",
            {"key_id": current.public.key_id, "keys": len(keys)},
        )
    except AuditError as exc:
        print(f"The keys' audit event could not be written: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"keys": [k.to_json() for k in keys]}, indent=2, ensure_ascii=False))
        return 0
    print(
        f"Document signing keys of kiosk {config.kiosk.id} (Ed25519)."
        f" Key set file to publish: {store.folder / KEY_SET_FILE}"
    )
    for key in sorted(keys, key=lambda k: k.not_before):
        marker = "  (signing now)" if key.key_id == current.public.key_id else ""
        print(
            f"  key {key.key_id}  kiosk {key.kiosk_id}"
            f"  valid {key.not_before:%Y-%m-%d} to {key.not_after:%Y-%m-%d}{marker}"
        )
        print(f"    public key (base64): {key.to_json()['public_key']}")
    return 0
