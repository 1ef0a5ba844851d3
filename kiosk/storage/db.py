"""The database engine and the declarative base shared by every table."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL: readers never block the writer. synchronous=FULL: a committed
    # transaction survives a power cut, which a kiosk in a hall will see.
    # auto_vacuum=INCREMENTAL takes effect only in a database with no table yet (a new kiosk), and
    # must come before WAL writes the file's first page: then `kiosk db prune` can give pages back
    # (kiosk.storage.retention); an older database is converted once by `kiosk db upgrade`.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA auto_vacuum=INCREMENTAL")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # What is deleted or overwritten (a registry record replaced, an old hash cleared) is zeroed
    # on disk, not left in free pages for someone holding the file to read: set here, whatever
    # the SQLite build's default.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite gets WAL, synchronous=FULL and secure_delete.

    A SQLite file is made (or kept) readable by the kiosk's user only: it holds the registry
    replica's names, numbers and photos. SQLite gives its -wal and -shm files the same mode.
    """
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        _private_file(Path(url.removeprefix("sqlite:///")))
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _private_file(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Made only when missing, never opened when it exists: closing any descriptor of a file drops
    # every POSIX lock this process holds on it, the running kiosk's SQLite locks among them.
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
    for made in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if made.stat().st_mode & 0o077:
                os.chmod(made, 0o600)  # a database made before this release was 0644
        except FileNotFoundError:
            pass


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
