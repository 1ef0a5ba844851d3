"""Audit events for commands run at a shell: who ran them, what they did, never the data.

A command that shows a card in full or changes what the kiosk issues (the registry it prints
from, its signing keys, its configuration) leaves an event in the kiosk's own audit trail, the
same table the journey writes to. "Who" is the operating-system user running the command, and
the user that ``sudo`` was run by when there was one: the kiosk has no accounts of its own.
"""

from __future__ import annotations

import os
import pwd
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from kiosk.audit import AuditEvent
from kiosk.config import KioskConfig
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade
from kiosk.storage.records import Records


class AuditError(Exception):
    """The event could not be written: one plain sentence saying why."""


def operator() -> dict[str, Any]:
    """The OS user running the command (and the one who ran ``sudo``, if any)."""
    uid = os.geteuid()
    try:
        name = pwd.getpwuid(uid).pw_name
    except KeyError:  # a uid with no passwd entry (a container): the number says who
        name = str(uid)
    who: dict[str, Any] = {"user": name, "uid": uid}
    if os.environ.get("SUDO_USER"):
        who["sudo_user"] = os.environ["SUDO_USER"]
    return who


def record(
    config: KioskConfig,
    event: AuditEvent,
    outcome: str,
    detail: Mapping[str, Any] | None = None,
    *,
    only_where_the_kiosk_is: bool = False,
) -> bool:
    """Write one event to the configured database; :class:`AuditError` when it cannot.

    ``only_where_the_kiosk_is``: for a command that changes nothing by itself (checking a file),
    write only into a SQLite database that exists already, so running it on a workstation does
    not leave a kiosk database behind. False when nothing was written for that reason.
    """
    url = config.database_url()
    if only_where_the_kiosk_is and url.startswith("sqlite:///") and not Path(url[10:]).exists():
        return False
    try:
        engine = make_engine(url)
    except OSError as exc:
        raise AuditError(f"the kiosk's database cannot be opened ({exc.strerror}).") from None
    try:
        upgrade(engine)
        Records(engine).event(
            event,
            datetime.now().replace(microsecond=0),
            outcome=outcome,
            detail=operator() | dict(detail or {}),
        )
    except (SQLAlchemyError, OSError) as exc:
        raise AuditError(f"the kiosk's database cannot be written ({type(exc).__name__}).") from None
    finally:
        engine.dispose()
    return True
