"""``kiosk-central``: the hall's central service and its registry, from the command line.

    kiosk-central serve                      the HTTP service (ingest; the console later)
    kiosk-central db upgrade                 bring the schema up to date
    kiosk-central hall add ID NAME           a hall
    kiosk-central kiosk add ID --hall H      a kiosk; prints its token, once
    kiosk-central kiosk token ID             a new token (the old one stops working)
    kiosk-central kiosk cert ID PEM          the client certificate it must show
    kiosk-central kiosk disable|enable ID
    kiosk-central kiosks                     every kiosk, its readiness and when it was last heard
    kiosk-central stats [--by hall|kiosk]    sessions by time band over every kiosk
    kiosk-central local                      a demo: PostgreSQL in a temp dir, a kiosk, the service
    kiosk-central user add LOGIN --role R [--hall H …]   a console account (asks for the password)
    kiosk-central user password LOGIN        a new password (and the lock-out lifted)
    kiosk-central contact-key PRIVATE PUBLIC the key pair kiosks seal citizens' contacts for
    kiosk-central demo --out DIR             the console with demo data, screenshots in a browser

A problem the operator can fix is one sentence on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from central import migrate, registry
from central.app import create_app
from central.config import CONFIG_ENV, CentralConfig, CentralConfigError, load_central_config
from central.console import auth
from central.console.auth import Role
from central.console.contact import new_key_pair
from central.local import LocalPostgres, LocalPostgresError
from central.stats import GroupBy, fill_calendar, fleet, sessions_by_band
from central.tls import CertificateAwareH11Protocol, fingerprint
from kiosk.stats import BAND_TITLES

DEMO_KIOSK = "KSK-DEMO-01"
DEMO_HALL = "DEMO-HALL"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-central", description="Civic Kiosk's central service.")
    parser.add_argument("--config", type=Path, help="the TOML file (default: $CENTRAL_CONFIG or built-in)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = commands.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", help="override [server] host")
    serve.add_argument("--port", type=int, help="override [server] port")
    serve.add_argument("--workers", type=_at_least_one, help="override [server] workers")
    serve.set_defaults(handler=_serve)

    db = commands.add_parser("db", help="the central schema").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade", help="migrate to the newest revision").set_defaults(handler=_db_upgrade)

    hall = commands.add_parser("hall", help="halls").add_subparsers(dest="action", required=True)
    hall_add = hall.add_parser("add", help="add or rename a hall")
    hall_add.add_argument("id")
    hall_add.add_argument("name")
    hall_add.set_defaults(handler=_hall_add)

    kiosk = commands.add_parser("kiosk", help="one kiosk").add_subparsers(dest="action", required=True)
    kiosk_add = kiosk.add_parser("add", help="register a kiosk and print its token")
    kiosk_add.add_argument("id")
    kiosk_add.add_argument("--hall", required=True)
    kiosk_add.add_argument("--name", default="")
    kiosk_add.add_argument("--cert", type=Path, help="its client certificate (PEM): it must then show it")
    kiosk_add.set_defaults(handler=_kiosk_add)
    kiosk_cert = kiosk.add_parser("cert", help="the client certificate a kiosk must show (PEM)")
    kiosk_cert.add_argument("id")
    kiosk_cert.add_argument("pem", type=Path)
    kiosk_cert.set_defaults(handler=_kiosk_cert)
    for action, handler, text in (
        ("token", _kiosk_token, "a new token; the old one stops working"),
        ("disable", _kiosk_disable, "refuse everything it sends"),
        ("enable", _kiosk_enable, "accept it again"),
    ):
        sub = kiosk.add_parser(action, help=text)
        sub.add_argument("id")
        sub.set_defaults(handler=handler)

    listing = commands.add_parser("kiosks", help="every kiosk with its readiness and last-seen time")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_kiosks)

    stats = commands.add_parser("stats", help="sessions by time band over every kiosk")
    stats.add_argument("--by", choices=[g.value for g in GroupBy], default=GroupBy.ALL.value)
    stats.add_argument("--since", type=datetime.fromisoformat, help="from this local time")
    stats.add_argument("--until", type=datetime.fromisoformat, help="up to this local time")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=_stats)

    user = commands.add_parser("user", help="console accounts").add_subparsers(dest="action", required=True)
    user_add = user.add_parser("add", help="add an account (the password is asked for, or read from stdin)")
    user_add.add_argument("login")
    user_add.add_argument("--role", required=True, choices=[r.value for r in Role])
    user_add.add_argument("--name", default="")
    user_add.add_argument("--hall", action="append", default=[], help="a hall it answers for (repeat)")
    user_add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    user_add.set_defaults(handler=_user_add)
    user_password = user.add_parser("password", help="set a new password and lift a lock-out")
    user_password.add_argument("login")
    user_password.add_argument("--password-stdin", action="store_true")
    user_password.set_defaults(handler=_user_password)

    contact_key = commands.add_parser("contact-key", help="make the key pair for sealed contacts")
    contact_key.add_argument("private", type=Path, help="for [console] contact_key (written 0600)")
    contact_key.add_argument("public", type=Path, help="for the kiosks")
    contact_key.set_defaults(handler=_contact_key)

    demo = commands.add_parser("demo", help="the console with demo data; screenshots in headless Chromium")
    demo.add_argument("--out", type=Path, default=Path("build/console"))
    demo.add_argument(
        "--serve", action="store_true", help="keep serving after the screenshots (Ctrl-C stops)"
    )
    demo.set_defaults(handler=_demo)

    local = commands.add_parser("local", help="a demo central: PostgreSQL in a temp dir and the service")
    local.add_argument("--port", type=int, default=8470)
    local.add_argument(
        "--kiosk-config",
        type=Path,
        default=Path("build/central/kiosk-sync.toml"),
        help="where to write a kiosk configuration that ships to it",
    )
    local.set_defaults(handler=_local)
    return parser


def _at_least_one(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return int(text)


def _connect(config: CentralConfig) -> psycopg.Connection[Any]:
    return psycopg.connect(
        config.database_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
    )


def _serve(args: argparse.Namespace, config: CentralConfig) -> int:
    server = config.server
    tls: dict[str, Any] = {}
    if server.tls_cert is not None:
        tls = {"ssl_certfile": str(server.tls_cert), "ssl_keyfile": str(server.tls_key or server.tls_cert)}
        if server.client_ca is not None:
            tls |= {"ssl_ca_certs": str(server.client_ca), "ssl_cert_reqs": 2}  # ssl.CERT_REQUIRED
    workers = server.workers if args.workers is None else args.workers
    app: Any = create_app(config) if workers == 1 else "central.app:from_environment"
    if workers > 1 and args.config is not None:  # each worker reads the same configuration
        os.environ[CONFIG_ENV] = str(args.config.resolve())
    uvicorn.run(
        app,
        factory=workers > 1,
        workers=workers if workers > 1 else None,
        host=args.host or server.host,
        port=server.port if args.port is None else args.port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=5,  # a kiosk's batch under way is sent again; no need to wait long
        http=CertificateAwareH11Protocol,  # hands the kiosk's certificate to the app
        **tls,
    )
    return 0


def _db_upgrade(_args: argparse.Namespace, config: CentralConfig) -> int:
    before = migrate.current_revision(config.database_url)
    migrate.upgrade(config.database_url)
    with _connect(config) as connection:
        fill_calendar(connection, config.calendar)
    after = migrate.current_revision(config.database_url)
    print(
        f"central database at revision {after}" + ("" if before == after else f" (was {before or 'empty'})")
    )
    return 0


def _hall_add(args: argparse.Namespace, config: CentralConfig) -> int:
    with _connect(config) as connection:
        registry.add_hall(connection, args.id, args.name)
    print(f"hall {args.id}: {args.name}")
    return 0


def _certificate(pem: Path) -> bytes:
    try:
        certificate = x509.load_pem_x509_certificate(pem.read_bytes())
    except (OSError, ValueError) as exc:
        raise CentralConfigError(f"{pem}: not a PEM certificate ({exc})") from None
    return fingerprint(certificate.public_bytes(serialization.Encoding.DER))


def _kiosk_cert(args: argparse.Namespace, config: CentralConfig) -> int:
    with _connect(config) as connection:
        if not registry.set_certificate(connection, args.id, _certificate(args.pem)):
            print(f"no kiosk {args.id}", file=sys.stderr)
            return 1
    print(f"kiosk {args.id} must now show the certificate in {args.pem}")
    return 0


def _kiosk_add(args: argparse.Namespace, config: CentralConfig) -> int:
    cert = _certificate(args.cert) if args.cert else None
    with _connect(config) as connection:
        token = registry.add_kiosk(connection, args.id, args.hall, args.name or args.id, cert_sha256=cert)
    print(f"kiosk {args.id} registered in hall {args.hall}. Its token (shown once; put it in its [sync]):")
    print(token)
    return 0


def _kiosk_token(args: argparse.Namespace, config: CentralConfig) -> int:
    with _connect(config) as connection:
        token = registry.rotate_token(connection, args.id)
    if token is None:
        print(f"no kiosk {args.id}", file=sys.stderr)
        return 1
    print(token)
    return 0


def _switch(kiosk_id: str, config: CentralConfig, enabled: bool) -> int:
    with _connect(config) as connection:
        if not registry.set_enabled(connection, kiosk_id, enabled):
            print(f"no kiosk {kiosk_id}", file=sys.stderr)
            return 1
    print(f"kiosk {kiosk_id} {'enabled' if enabled else 'disabled'}")
    return 0


def _kiosk_disable(args: argparse.Namespace, config: CentralConfig) -> int:
    return _switch(args.id, config, False)


def _kiosk_enable(args: argparse.Namespace, config: CentralConfig) -> int:
    return _switch(args.id, config, True)


def _kiosks(args: argparse.Namespace, config: CentralConfig) -> int:
    with _connect(config) as connection:
        found = fleet(connection)
    if args.json:
        print(json.dumps([asdict(k) for k in found], default=str, ensure_ascii=False, indent=2))
        return 0
    for k in found:
        state = "no heartbeat yet" if k.ready is None else ("ready" if k.ready else "NOT ready")
        seen = k.last_seen_at.isoformat(timespec="seconds") if k.last_seen_at else "never"
        print(f"{k.hall_id:<16} {k.kiosk_id:<20} {state:<16} last seen {seen}, {k.acked_seq} records")
    return 0


def _stats(args: argparse.Namespace, config: CentralConfig) -> int:
    with _connect(config) as connection:
        rows = sessions_by_band(connection, args.since, args.until, GroupBy(args.by))
    if args.json:
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    print(f"{'group':<20} {'time band':<48} {'sessions':>8} {'completed':>9}")
    for r in rows:
        print(f"{r.group:<20} {BAND_TITLES[r.band]:<48} {r.sessions:>8} {r.completed:>9}")
    return 0


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise CentralConfigError("the two passwords differ")
    return first


def _user_add(args: argparse.Namespace, config: CentralConfig) -> int:
    password = _password(args.password_stdin)
    with _connect(config) as connection:
        try:
            auth.add_user(
                connection, args.login, args.name or args.login, Role(args.role), password, args.hall
            )
        except auth.AccountError as exc:
            raise CentralConfigError(str(exc)) from None
    halls = ", ".join(args.hall) or "every hall"
    print(f"user {args.login}: {args.role} of {halls}")
    return 0


def _user_password(args: argparse.Namespace, config: CentralConfig) -> int:
    password = _password(args.password_stdin)
    with _connect(config) as connection:
        try:
            changed = auth.set_password(connection, args.login, password)
        except auth.AccountError as exc:
            raise CentralConfigError(str(exc)) from None
    if not changed:
        print(f"no user {args.login}", file=sys.stderr)
        return 1
    print(f"user {args.login}: new password set")
    return 0


def _contact_key(args: argparse.Namespace, _config: CentralConfig) -> int:
    new_key_pair(args.private, args.public)
    print(f"{args.private}: the centre's key ([console] contact_key)")
    print(f"{args.public}: for the kiosks ([rating] contact_key)")
    return 0


def _demo(args: argparse.Namespace, _config: CentralConfig) -> int:
    from central.demo import run  # noqa: PLC0415 - the demo's browser driver loads only here

    return run(args.out, serve=args.serve)


def _local(args: argparse.Namespace, _config: CentralConfig) -> int:
    server = LocalPostgres.in_temp_dir()
    server.start()
    try:
        config = CentralConfig(database_url=server.url())
        migrate.upgrade(config.database_url)
        with _connect(config) as connection:
            fill_calendar(connection, config.calendar)
            registry.add_hall(connection, DEMO_HALL, "演示大厅 Demo hall")
            token = registry.add_kiosk(connection, DEMO_KIOSK, DEMO_HALL, "演示终端 Demo kiosk")
        args.kiosk_config.parent.mkdir(parents=True, exist_ok=True)
        args.kiosk_config.write_text(
            f'[kiosk]\nid = "{DEMO_KIOSK}"\n\n[sync]\nenabled = true\n'
            f'url = "http://127.0.0.1:{args.port}"\ntoken = "{token}"\n',
            encoding="utf-8",
        )
        args.kiosk_config.chmod(0o600)
        print(f"PostgreSQL in {server.root}; the central service on http://127.0.0.1:{args.port}")
        print(f"A kiosk that ships to it: --config {args.kiosk_config} (kiosk {DEMO_KIOSK}), e.g.")
        print(f"  kiosk --config {args.kiosk_config} demo --headless --out build/demo-central")
        print(f"  kiosk --config {args.kiosk_config} sync")
        print(f"  CENTRAL_DATABASE_URL='{config.database_url}' kiosk-central stats")
        print("Ctrl-C stops the service and removes the database.", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        uvicorn.run(
            create_app(config),
            host="127.0.0.1",
            port=args.port,
            log_level="warning",
            http=CertificateAwareH11Protocol,
        )
    finally:
        server.remove()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = load_central_config(args.config)
        code: int = args.handler(args, config)
        return code
    except (CentralConfigError, LocalPostgresError) as exc:
        print(exc, file=sys.stderr)
        return 1
    except psycopg.OperationalError as exc:
        print(f"kiosk-central: the central database cannot be reached: {str(exc).strip()}", file=sys.stderr)
        return 1
    except psycopg.errors.UniqueViolation:
        print("kiosk-central: that id is taken already", file=sys.stderr)
        return 1
    except psycopg.errors.ForeignKeyViolation:
        print("kiosk-central: no such hall (add it with `kiosk-central hall add`)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
