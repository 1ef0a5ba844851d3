"""``kiosk config check FILE``: every problem that would stop the kiosk serving, with its key and line.

The file's own problems (types, ranges, device specs, URLs, its size and nesting) are the start's own
check: the kiosk refuses such a file. Then what the file asks of this machine (a data directory it can
write, the database driver installed): the kiosk would start out of service with the same sentence.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.audit import AuditEvent
from kiosk.cli.audit_trail import AuditError, record
from kiosk.config import ConfigError, check_config, load_config
from kiosk.config_environment import environment_problems
from kiosk.contact_seal import ContactKeyError, load_public
from kiosk.face.thresholds import DLIB_THRESHOLD


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("config", help="check a configuration file")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="report every problem in FILE with its key and line",
        description="Validate FILE and report every problem with its key and line, the way the kiosk "
        "reads it when it starts, then what it asks of this machine (run it as the kiosk's user); old "
        "names still read are listed too, to be changed.",
    )
    check.add_argument("file", type=Path)
    check.set_defaults(handler=check_config_file)


def check_config_file(args: argparse.Namespace) -> int:
    try:
        checked = check_config(args.file)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        _audit(args, valid=False, problems=len(exc.problems))
        return 1
    _audit(args, valid=True, problems=0)
    config = checked.config
    for note in checked.notes:
        print(f"{args.file}: {note}", file=sys.stderr)
    if config.rating.callback and config.rating.contact_key is not None:
        try:
            load_public(config.rating.contact_key)
        except ContactKeyError as error:  # the kiosk serves; only the call back is not offered
            print(f"{args.file}: rating.contact_key: {error}: no call back would be offered", file=sys.stderr)
    face = config.face_check
    if face.recognizer == "dlib" and face.threshold is not None and face.threshold > DLIB_THRESHOLD:
        print(
            f"{args.file}: face_check.threshold: {face.threshold:g} accepts pairs further apart than the "
            f"{DLIB_THRESHOLD:g} the kiosk ships, and the first impostors it lets through are East Asian "
            "faces (docs/face-check.md): keep it only with a `kiosk face-calibrate` report on consented "
            "photos of the people this hall serves",
            file=sys.stderr,
        )
    problems = environment_problems(config, args.file.read_text(encoding="utf-8", errors="replace"))
    if problems:
        print(ConfigError(args.file, problems), file=sys.stderr)
        print("The kiosk would start out of service, saying the same.", file=sys.stderr)
        return 1
    print(
        f"{args.file}: the configuration is valid ({len(config.services)} services, kiosk {config.kiosk.id})."
    )
    return 0


def _audit(args: argparse.Namespace, *, valid: bool, problems: int) -> None:
    """An audit event in this kiosk's trail, when the command runs where its database is."""
    try:
        record(
            load_config(args.config),
            AuditEvent.CONFIG_CHECK,
            "valid" if valid else "invalid",
            {"file": str(args.file.resolve()), "problems": problems},
            only_where_the_kiosk_is=True,
        )
    except (AuditError, ConfigError) as exc:
        print(f"(The check is not in the kiosk's audit trail: {exc})", file=sys.stderr)
