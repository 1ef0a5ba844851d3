"""Storage as a reading: a full disk, a read-only directory, a locked or damaged database, each a
status and a plain sentence; the start refuses them with it."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from kiosk.parts import StorageStatus
from kiosk.storage.check import (
    StorageUnusableError,
    check_storage,
    open_storage,
    quick_check,
    storage_reading,
)
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade

# Holds the database's write lock until its standard input closes.
LOCKER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
"""


def url_of(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.db"
    engine = make_engine(url_of(path))
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def locked(database: Path) -> Iterator[Path]:
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    try:
        yield database
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(10)


def damage(path: Path, pages: tuple[int, ...] = (2, 3, 4)) -> None:
    """Overwrite whole pages with garbage, as a failing disk would."""
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(path, "r+b") as file:
        for page in pages:
            file.seek((page - 1) * page_size)
            file.write(bytes([0xA5]) * page_size)


def test_a_healthy_data_dir_is_ready(database: Path) -> None:
    engine = make_engine(url_of(database))
    try:
        assert check_storage(database.parent, 1, engine).usable
        assert quick_check(engine).usable
    finally:
        engine.dispose()
    assert not (database.parent / ".kiosk-write-test").exists()


def test_a_missing_or_file_data_dir_is_unreachable_with_its_path(tmp_path: Path) -> None:
    missing = check_storage(tmp_path / "nowhere", 1)
    assert missing.status is StorageStatus.UNREACHABLE and "does not exist" in missing.detail
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    reading = check_storage(a_file, 1)
    assert reading.status is StorageStatus.UNREACHABLE
    assert reading.detail == f"The data directory {a_file} is a file, not a directory."


def test_too_little_free_space_is_full(tmp_path: Path) -> None:
    reading = check_storage(tmp_path, 10**9)  # a petabyte
    assert reading.status is StorageStatus.FULL
    assert "min_free_mb" in reading.detail and str(tmp_path) in reading.detail


def test_a_database_held_by_another_program_is_locked(locked: Path) -> None:
    engine = make_engine(url_of(locked))
    try:
        reading = check_storage(locked.parent, 1, engine)
    finally:
        engine.dispose()
    assert reading.status is StorageStatus.LOCKED
    assert "Another program holds the database" in reading.detail
    with pytest.raises(StorageUnusableError) as refused:
        open_storage(url_of(locked), locked.parent, 1)
    assert refused.value.reading.status is StorageStatus.LOCKED


def test_a_damaged_database_fails_the_quick_check_and_the_start(database: Path) -> None:
    damage(database)
    engine = make_engine(url_of(database))
    try:
        assert quick_check(engine).status is StorageStatus.DAMAGED
    finally:
        engine.dispose()
    with pytest.raises(StorageUnusableError) as refused:
        open_storage(url_of(database), database.parent, 1)
    assert refused.value.reading.status is StorageStatus.DAMAGED
    assert "restore the last backup" in str(refused.value)


def test_a_file_that_is_no_database_is_damaged(tmp_path: Path) -> None:
    (tmp_path / "kiosk.db").write_bytes(os.urandom(8192))
    with pytest.raises(StorageUnusableError) as refused:
        open_storage(url_of(tmp_path / "kiosk.db"), tmp_path, 1)
    assert refused.value.reading.status is StorageStatus.DAMAGED


def test_a_driver_that_is_not_installed_is_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(StorageUnusableError, match=r"driver pg8000 for \[storage\] url is not installed"):
        open_storage("postgresql+pg8000://kiosk@localhost/kiosk", tmp_path, 1)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (OSError(errno.EROFS, "Read-only file system"), StorageStatus.READ_ONLY),
        (OSError(errno.ENOSPC, "No space left on device"), StorageStatus.FULL),
        (OSError(errno.EACCES, "Permission denied"), StorageStatus.READ_ONLY),
        (sqlite3.OperationalError("database is locked"), StorageStatus.LOCKED),
        (sqlite3.OperationalError("attempt to write a readonly database"), StorageStatus.READ_ONLY),
        (sqlite3.DatabaseError("database disk image is malformed"), StorageStatus.DAMAGED),
        (OperationalError("INSERT INTO sessions …", {"id": "6301**"}, sqlite3.OperationalError("x")), None),
        (ValueError("a bug"), None),
    ],
)
def test_what_a_failed_write_says_about_storage(error: BaseException, status: StorageStatus | None) -> None:
    reading = storage_reading(error, "/data")
    assert (reading.status if reading else None) is status
    if reading is not None:
        assert "INSERT" not in reading.detail and "6301" not in reading.detail


def test_the_driver_error_wrapped_by_sqlalchemy_is_read_by_its_code() -> None:
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # type: ignore[attr-defined]
    wrapped = OperationalError("UPDATE print_jobs …", {}, full)
    reading = storage_reading(wrapped, "/data")
    assert reading is not None and reading.status is StorageStatus.FULL
