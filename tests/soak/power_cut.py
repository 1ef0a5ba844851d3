"""A power cut, as the disk is left by it: the database and its WAL copied at a random moment, the
WAL's last write torn (a partial frame appended), and the copies opened as the next start would."""

from __future__ import annotations

import random
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kiosk.storage.check import open_storage
from kiosk.storage.records import Records

WAL_FRAME = 24 + 4096  # a frame header and one page (the database's page size)


def copy_as_a_power_cut(data_dir: Path, target: Path, rng: random.Random) -> Path:
    """Copy ``kiosk.db`` and ``kiosk.db-wal`` as a power cut would leave them.

    A read transaction is held while copying: the kiosk's writes happen between copies of whole
    files, never under them, and no checkpoint rewrites the database half-copied. The -shm is not
    copied (a restart rebuilds it). Then the next write, half done when the power went: a torn
    frame at the WAL's end, which SQLite must ignore."""
    database = data_dir / "kiosk.db"
    copy = (
        target / f"cut-{len(list(target.glob('cut-*'))) + 1:03d}" if target.exists() else target / "cut-001"
    )
    copy.mkdir(parents=True)
    reader = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM sessions").fetchone()  # the snapshot is taken here
        shutil.copyfile(database, copy / "kiosk.db")
        wal = data_dir / "kiosk.db-wal"
        if wal.exists():
            shutil.copyfile(wal, copy / "kiosk.db-wal")
    finally:
        reader.close()
    wal_copy = copy / "kiosk.db-wal"
    if wal_copy.exists() and wal_copy.stat().st_size > 32:
        with open(wal_copy, "ab") as torn:
            torn.write(rng.randbytes(rng.randint(1, WAL_FRAME - 1)))
    return copy


@dataclass(frozen=True)
class OpenedCopy:
    integrity: str
    sessions: int
    interrupted: int


def open_power_cut(copy: Path) -> OpenedCopy:
    """Open the copy as the next start would: integrity check, the start's own checks and migration,
    visits left open closed as interrupted."""
    with sqlite3.connect(copy / "kiosk.db") as connection:
        integrity = ";".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    engine = open_storage(f"sqlite:///{copy / 'kiosk.db'}", copy, 0)
    try:
        records = Records(engine)
        interrupted = len(records.close_interrupted_sessions())
        with engine.connect() as connection:
            sessions = int(connection.exec_driver_sql("select count(*) from sessions").scalar_one())
    finally:
        engine.dispose()
    return OpenedCopy(integrity, sessions, interrupted)
