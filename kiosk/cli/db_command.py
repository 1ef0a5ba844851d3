"""``kiosk db upgrade``: bring the database schema up to date (the app also does it on start)."""

from __future__ import annotations

import argparse

from kiosk.config import load_config
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import current_revision, head_revision, upgrade


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="database schema")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("upgrade", help="migrate the schema to the newest revision").set_defaults(
        handler=db_upgrade
    )
    actions.add_parser("current", help="print the schema revision").set_defaults(handler=db_current)


def db_upgrade(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    engine = make_engine(config.database_url())
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    engine.dispose()
    url = engine.url.render_as_string(hide_password=True)
    if before == after:
        print(f"{url}: already at revision {after}.")
    else:
        print(f"{url}: upgraded from revision {before or '(empty)'} to {after}.")
    return 0


def db_current(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    engine = make_engine(config.database_url())
    current, head = current_revision(engine), head_revision(engine)
    engine.dispose()
    print(f"revision {current or '(empty)'}; newest {head}")
    return 0 if current == head else 1
