"""Whether the kiosk can keep its records: the data directory, its disk, the database.

A kiosk in a hall meets a full disk, a data directory remounted read-only, a database held by
another program, a database damaged by a failing disk. Each is a :class:`StorageReading`: a status
(:class:`~kiosk.parts.StorageStatus`) and one plain sentence for the technician, never a traceback.
Three ways to one reading:

- :func:`check_storage`: the probe health runs every few seconds on its own thread (and the start
  and ``kiosk diag`` run first): the directory, the free space, a small write, the write lock;
- :func:`quick_check`: ``PRAGMA quick_check`` — at start and in ``kiosk diag``, not while visits run
  (it reads the whole file);
- :func:`storage_reading`: what a failed write says, in the same words, so the journey can go out
  of service by a path that needs no write.

:func:`open_storage` is the start: it opens, checks and migrates the database, or raises
:class:`StorageUnusableError` with the reading.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from kiosk.parts import StorageStatus
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade

log = logging.getLogger(__name__)

WRITE_TEST = ".kiosk-write-test"
WRITE_TEST_BYTES = 4096  # one page: what the smallest record written costs the disk
LOCK_WAIT = 1.0
"""How long the probe waits for the database's write lock. The kiosk's own writes hold it for
milliseconds; a lock held longer than this belongs to another program (a registry import, a copy)."""

# SQLite's primary result codes (sqlite3.h), as exceptions carry them in sqlite_errorcode.
_SQLITE = {
    3: StorageStatus.READ_ONLY,  # SQLITE_PERM
    5: StorageStatus.LOCKED,  # SQLITE_BUSY
    6: StorageStatus.LOCKED,  # SQLITE_LOCKED
    8: StorageStatus.READ_ONLY,  # SQLITE_READONLY
    10: StorageStatus.UNREACHABLE,  # SQLITE_IOERR: the disk does not answer as a disk should
    11: StorageStatus.DAMAGED,  # SQLITE_CORRUPT
    13: StorageStatus.FULL,  # SQLITE_FULL
    14: StorageStatus.UNREACHABLE,  # SQLITE_CANTOPEN
    26: StorageStatus.DAMAGED,  # SQLITE_NOTADB
}
# The same by the words of the message, for errors raised without a code.
_SQLITE_WORDS = (
    ("locked", StorageStatus.LOCKED),
    ("readonly", StorageStatus.READ_ONLY),
    ("read-only", StorageStatus.READ_ONLY),
    ("disk is full", StorageStatus.FULL),
    ("malformed", StorageStatus.DAMAGED),
    ("not a database", StorageStatus.DAMAGED),
    ("unable to open", StorageStatus.UNREACHABLE),
    ("disk i/o error", StorageStatus.UNREACHABLE),
)
_ERRNO = {
    errno.EROFS: StorageStatus.READ_ONLY,
    errno.EACCES: StorageStatus.READ_ONLY,
    errno.EPERM: StorageStatus.READ_ONLY,
    errno.ENOSPC: StorageStatus.FULL,
    errno.EDQUOT: StorageStatus.FULL,
    errno.ENOENT: StorageStatus.UNREACHABLE,
    errno.ENOTDIR: StorageStatus.UNREACHABLE,
    errno.EEXIST: StorageStatus.UNREACHABLE,  # a file stands where the directory should be
    errno.EIO: StorageStatus.UNREACHABLE,
}


@dataclass(frozen=True, slots=True)
class StorageReading:
    status: StorageStatus
    detail: str = ""  # one sentence for the technician: what is wrong, where, and what to do

    @property
    def usable(self) -> bool:
        return self.status is StorageStatus.READY


READY = StorageReading(StorageStatus.READY)


class StorageUnusableError(Exception):
    """The records cannot be kept: the start stops here, and the kiosk shows out of service."""

    def __init__(self, reading: StorageReading) -> None:
        super().__init__(reading.detail)
        self.reading = reading


def sentence(status: StorageStatus, where: str) -> str:
    """What ``status`` means for the data at ``where``, and what a technician does about it."""
    match status:
        case StorageStatus.READY:
            return ""
        case StorageStatus.FULL:
            return f"The disk holding {where} is full: free some space; the kiosk comes back by itself."
        case StorageStatus.READ_ONLY:
            return (
                f"{where} cannot be written (read-only, or no permission): make it writable for the "
                "kiosk; it comes back by itself."
            )
        case StorageStatus.LOCKED:
            return (
                f"Another program holds the database {where}: stop it (a copy, an import); the kiosk "
                "comes back by itself."
            )
        case StorageStatus.DAMAGED:
            return (
                f"The database {where} is damaged: move it aside and restore the last backup, then "
                "restart the kiosk."
            )
        case StorageStatus.UNREACHABLE:
            return f"{where} cannot be reached: check that it exists and is a directory (or the server runs)."


def storage_reading(exc: BaseException, where: str = "the kiosk's database") -> StorageReading | None:
    """What a failed database or file operation says about storage; None when it says nothing about
    storage (a bug, which must go on up as one). Never the error's own text: SQLAlchemy's holds the
    statement and its parameters."""
    status = _status_of(exc)
    if status is None:
        return None
    return StorageReading(status, sentence(status, where))


def _status_of(exc: BaseException) -> StorageStatus | None:
    if isinstance(exc, DBAPIError):
        if exc.orig is not None and isinstance(exc.orig, sqlite3.Error):
            return _sqlite_status(exc.orig)
        # Another server (PostgreSQL): a dropped or refused connection is the server gone.
        return StorageStatus.UNREACHABLE if exc.connection_invalidated or _is_operational(exc) else None
    if isinstance(exc, sqlite3.Error):
        return _sqlite_status(exc)
    if isinstance(exc, OSError) and exc.errno in _ERRNO:
        return _ERRNO[exc.errno]
    return None


def _is_operational(exc: DBAPIError) -> bool:
    return type(exc).__name__ == "OperationalError"


def _sqlite_status(exc: sqlite3.Error) -> StorageStatus | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE:
        return _SQLITE[code & 0xFF]
    message = str(exc).lower()
    for words, status in _SQLITE_WORDS:
        if words in message:
            return status
    return None


def sqlite_path(engine: Engine) -> Path | None:
    """The database file of a SQLite engine (None: another server, or in memory)."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    return Path(database) if database and database != ":memory:" else None


# -- the probe ---------------------------------------------------------------------------------


def check_storage(data_dir: Path, min_free_mb: int, engine: Engine | None = None) -> StorageReading:
    """The data directory exists and is a directory, its disk has ``min_free_mb`` free, a page can
    be written there, and the database's write lock can be taken (then given back at once)."""
    where = str(data_dir)
    try:
        if not data_dir.exists():
            return StorageReading(StorageStatus.UNREACHABLE, f"The data directory {where} does not exist.")
        if not data_dir.is_dir():
            return StorageReading(
                StorageStatus.UNREACHABLE, f"The data directory {where} is a file, not a directory."
            )
        free_mb = shutil.disk_usage(data_dir).free // (1024 * 1024)
        if free_mb < min_free_mb:
            return StorageReading(
                StorageStatus.FULL,
                f"The disk holding {where} is full: {free_mb} MB free, the kiosk needs {min_free_mb} MB "
                "([storage] min_free_mb); free some space; the kiosk comes back by itself.",
            )
        _write_test(data_dir)
    except OSError as exc:
        reading = storage_reading(exc, where)
        if reading is None:
            return StorageReading(StorageStatus.UNREACHABLE, sentence(StorageStatus.UNREACHABLE, where))
        return reading
    if engine is None:
        return READY
    return _database_answers(engine)


def _write_test(data_dir: Path) -> None:
    path = data_dir / WRITE_TEST
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(descriptor, bytes(WRITE_TEST_BYTES))
    finally:
        os.close(descriptor)
        with contextlib.suppress(OSError):
            path.unlink()


def _database_answers(engine: Engine) -> StorageReading:
    path = sqlite_path(engine)
    where = str(path) if path is not None else engine.url.render_as_string(hide_password=True)
    try:
        if path is None:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return READY
        if not path.exists():
            return READY  # the start creates it
        # Its own connection, not the engine's: the lock must be asked for with a short wait, and a
        # connection left in a failed state must not go back to the kiosk's pool.
        probe = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=LOCK_WAIT)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.rollback()
        finally:
            probe.close()
    except Exception as exc:  # noqa: BLE001 - every failure is a reading; the unknown ones say so plainly
        reading = storage_reading(exc, where)
        if reading is None:
            log.warning("the storage probe failed: %s", type(exc).__name__)
            return StorageReading(StorageStatus.UNREACHABLE, sentence(StorageStatus.UNREACHABLE, where))
        return reading
    return READY


def quick_check(engine: Engine) -> StorageReading:
    """SQLite's quick integrity check (every page and index entry is read, in a second or so for a
    year of visits): damaged pages are found before visits are written on them."""
    path = sqlite_path(engine)
    if path is None or not path.exists():
        return READY
    try:
        with engine.connect() as connection:
            rows = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA quick_check(3)")]
    except Exception as exc:
        reading = storage_reading(exc, str(path))
        if reading is None:
            raise
        return reading
    if rows == ["ok"]:
        return READY
    log.error("the database %s failed its integrity check (%d problems shown)", path, len(rows))
    return StorageReading(StorageStatus.DAMAGED, sentence(StorageStatus.DAMAGED, str(path)))


# -- the start ---------------------------------------------------------------------------------


def open_storage(url: str, data_dir: Path, min_free_mb: int, *, migrate: bool = True) -> Engine:
    """The database, checked and migrated; :class:`StorageUnusableError` when the records cannot be
    kept. ``min_free_mb`` 0: a command that only reads (``kiosk stats``) runs on a full disk."""
    if not data_dir.exists():
        try:
            data_dir.mkdir(parents=True)
        except OSError as exc:
            raise StorageUnusableError(
                storage_reading(exc, str(data_dir))
                or StorageReading(
                    StorageStatus.UNREACHABLE, sentence(StorageStatus.UNREACHABLE, str(data_dir))
                )
            ) from None
    reading = check_storage(data_dir, min_free_mb)
    if not reading.usable:
        raise StorageUnusableError(reading)
    try:
        engine = make_engine(url)
    except ModuleNotFoundError as exc:  # create_engine imports the URL's driver
        raise StorageUnusableError(
            StorageReading(
                StorageStatus.UNREACHABLE,
                f"The database driver {exc.name} for [storage] url is not installed: install it, or "
                "change the URL.",
            )
        ) from None
    except NoSuchModuleError:
        unknown = "[storage] url names a database kind or driver not known."
        raise StorageUnusableError(StorageReading(StorageStatus.UNREACHABLE, unknown)) from None
    except ArgumentError:
        raise StorageUnusableError(
            StorageReading(StorageStatus.UNREACHABLE, "[storage] url is not a database URL.")
        ) from None
    try:
        reading = _database_answers(engine)
        if reading.usable:
            reading = quick_check(engine)
        if reading.usable and migrate:
            upgrade(engine)
    except Exception as exc:
        engine.dispose()
        found = storage_reading(exc, str(sqlite_path(engine) or url))
        if found is None:
            raise
        raise StorageUnusableError(found) from None
    if not reading.usable:
        engine.dispose()
        raise StorageUnusableError(reading)
    return engine
