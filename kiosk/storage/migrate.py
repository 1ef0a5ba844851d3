"""Schema migrations with Alembic, driven from code (no alembic.ini to ship)."""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import MetaData, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from kiosk.storage.db import Base

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
MODEL_MODULES = ("kiosk.storage.models", "kiosk.storage.outbox", "kiosk.registry.models")

SCHEMA_HEAD = "0006"
"""The newest revision in migrations/versions. On a start with the schema already there,
reading one row is all it takes: Alembic itself (≈ 0.2 s to import) is loaded only to
migrate. tests/core/test_storage.py checks this against Alembic's own head."""


def target_metadata() -> MetaData:
    for module in MODEL_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise
    return Base.metadata


def _config(engine: Engine) -> Config:
    from alembic.config import Config  # noqa: PLC0415 - Alembic only to migrate (see SCHEMA_HEAD)

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


class SchemaTooNewError(Exception):
    """The database was migrated by a newer release of the kiosk than this one.

    Its schema cannot be taken back: a newer migration may have moved or dropped what an older
    release reads, and the kiosk never throws records away to fit. The message says what to do."""

    def __init__(self, url: str, revision: str, newest: str | None) -> None:
        self.revision = revision
        super().__init__(
            f"The database {url} is at schema revision {revision}, which this release of the kiosk does not"
            f" know (its newest is {newest}): a newer release wrote it, and its schema is never taken"
            " back. Install that release (or a newer one) again — `apt install civic-kiosk` — or, to"
            " go back to this one, restore the copy of the database saved before that upgrade"
            " (docs/operations.md, Upgrading). The database was not changed."
        )


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (idempotent). :class:`SchemaTooNewError` when a newer release
    migrated it: it is left as it is."""
    current = current_revision(engine)
    if revision == "head" and current == SCHEMA_HEAD:
        return
    from alembic import command  # noqa: PLC0415 - Alembic only to migrate (see SCHEMA_HEAD)

    if current is not None and current not in known_revisions(engine):
        raise SchemaTooNewError(engine.url.render_as_string(hide_password=True), current, SCHEMA_HEAD)
    with _only_one_migrates(engine):
        if revision == "head" and current_revision(engine) == SCHEMA_HEAD:
            return  # another process migrated it while this one waited
        config = _config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        if engine.dialect.name == "sqlite":
            # What a migration cleared stays in the write-ahead log until a checkpoint: write it
            # back into the database (where secure_delete zeroed it) and empty the log now.
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


@contextlib.contextmanager
def _only_one_migrates(engine: Engine) -> Iterator[None]:
    """On a fresh kiosk the app and the shipper start together, and both migrate: SQLite runs
    each DDL statement on its own, so two migrations would trip over each other. A lock file
    beside the database lets one through at a time (the other then finds the schema current)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    # Private like the database beside it (0600), whatever the umask of whoever creates it first.
    lock = os.open(f"{database}.migrating", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    finally:
        os.close(lock)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        try:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        except DBAPIError:
            return None  # no schema yet
        return None if row is None else str(row[0])


def known_revisions(engine: Engine) -> list[str]:
    """Every revision this release can migrate from, oldest first."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - Alembic only to migrate (see SCHEMA_HEAD)

    script = ScriptDirectory.from_config(_config(engine))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - Alembic only to migrate (see SCHEMA_HEAD)

    return ScriptDirectory.from_config(_config(engine)).get_current_head()


def make_revision(engine: Engine, message: str) -> None:
    """Developers: autogenerate a migration from the models (``python -m kiosk.storage.migrate MSG``)."""
    from alembic import command  # noqa: PLC0415 - Alembic only to migrate (see SCHEMA_HEAD)

    config = _config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)


if __name__ == "__main__":  # pragma: no cover - a developer tool
    import sys
    import tempfile

    from kiosk.storage.db import make_engine

    with tempfile.TemporaryDirectory() as tmp:
        scratch = make_engine(f"sqlite:///{tmp}/scratch.db")
        upgrade(scratch)
        make_revision(scratch, " ".join(sys.argv[1:]) or "change")
