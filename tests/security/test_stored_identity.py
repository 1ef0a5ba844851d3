"""What the kiosk keeps of a card holder: no part of the number, and a hash that gives nothing back."""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from kiosk.cli import main
from kiosk.identity import HASH_BITS, HASH_COST, HashCost, IdentityHasher, id_check_char
from kiosk.secrets import (
    CREDENTIALS_ENV,
    IDENTITY_HASH_CREDENTIAL,
    IDENTITY_HASH_KEY,
    OLD_IDENTITY_KEY,
    identity_hash_secret,
)
from kiosk.storage.db import _sqlite_pragmas, make_engine
from kiosk.storage.migrate import upgrade
from kiosk.storage.records import ID_HASH_DAYS, Records

NUMBER = "11010519491231002X"
CHEAP = HashCost(memory_kib=8, passes=1)  # the format and the truncation, without the cost


def file_bytes(database: Path) -> bytes:
    return b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))


def test_the_hash_is_short_keyed_and_the_same_for_one_number() -> None:
    a, b = IdentityHasher(b"a" * 32, CHEAP), IdentityHasher(b"b" * 32, CHEAP)
    tag = a.hash(NUMBER)
    assert tag.startswith("t1:") and len(tag) == 3 + HASH_BITS // 4
    assert a.hash(NUMBER.lower()) == tag
    assert b.hash(NUMBER) != tag
    assert "aaaa" not in repr(a)
    with pytest.raises(ValueError):
        IdentityHasher(b"short")


def test_the_kiosk_hashes_at_a_memory_hard_cost() -> None:
    # What a thief pays per number tried (measured: python -m tests.bench privacy).
    assert HASH_COST.memory_kib >= 64 * 1024 and HASH_COST.passes >= 2
    assert IdentityHasher(b"k" * 32).hash(NUMBER) != IdentityHasher(b"k" * 32, CHEAP).hash(NUMBER)


def test_many_numbers_of_one_county_share_each_hash() -> None:
    """Even with the secret, a hash never points at one number: 20 bits are shared by many."""
    hasher = IdentityHasher(b"s" * 32, CHEAP)
    seen: dict[str, str] = {}
    shared = 0
    for day in range(1, 29):
        for sequence in range(250):
            body = f"110105198002{day:02d}{sequence:03d}"
            tag = hasher.hash(body + id_check_char(body))
            shared += tag in seen
            seen.setdefault(tag, body)
    # 7,000 numbers in 2^20 hashes: about 23 pairs expected to share (fixed inputs: no flakiness).
    assert shared >= 5


def test_a_session_keeps_no_part_of_the_number(tmp_path: Path) -> None:
    database = tmp_path / "kiosk.db"
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine)
    records = Records(engine)
    records.start_session("s1", "credit_report", datetime(2026, 12, 1, 19), elderly=False, language="zh")
    records.identify_session(
        "s1", card_type="resident_id", masked_id="6301**********123X", id_hash="t1:0abcd"
    )
    columns = {c["name"] for c in inspect(engine).get_columns("sessions")}
    assert "masked_id" not in columns
    row = records.session("s1")
    assert row is not None and row.id_hash == "t1:0abcd"
    engine.dispose()
    assert b"6301" not in file_bytes(database) and b"123X" not in file_bytes(database)


def test_hashes_are_kept_for_a_year(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    upgrade(engine)
    records = Records(engine)
    now = datetime(2026, 12, 1, 19)
    old, recent = now - timedelta(days=ID_HASH_DAYS + 1), now - timedelta(days=ID_HASH_DAYS - 1)
    for name, at in (("old", old), ("recent", recent), ("now", now)):
        records.start_session(name, "credit_report", at, elderly=False, language="zh")
    records.identify_session("old", card_type="resident_id", id_hash="t1:00001")
    records.identify_session("recent", card_type="resident_id", id_hash="t1:00002")
    records.identify_session("now", card_type="resident_id", id_hash="t1:00003")
    hashes = {name: getattr(records.session(name), "id_hash", None) for name in ("old", "recent", "now")}
    assert hashes == {"old": None, "recent": "t1:00002", "now": "t1:00003"}
    engine.dispose()


def test_the_migration_clears_the_old_masked_numbers_and_hmacs(tmp_path: Path) -> None:
    database = tmp_path / "kiosk.db"
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine, "0002")
    old_hmac = hmac.new(b"k" * 32, NUMBER.encode(), hashlib.sha256).hexdigest()
    with engine.begin() as connection:
        for index in range(200):  # enough rows that they fill pages of their own
            connection.execute(
                text(
                    "INSERT INTO sessions (id, service_id, started_at, elderly_mode, language, card_type,"
                    " masked_id, id_hash) VALUES (:id, 'credit_report', '2026-12-01 19:00:00', 0, 'zh',"
                    " 'resident_id', '1101**********002X', :hash)"
                ),
                {"id": f"s{index}", "hash": old_hmac},
            )
    assert old_hmac.encode() in file_bytes(database)
    upgrade(engine)
    with engine.connect() as connection:  # the kiosk keeps its connections open while it runs
        assert connection.execute(text("SELECT count(*) FROM sessions WHERE id_hash IS NULL")).scalar() == 200
        on_disk = file_bytes(database)
    engine.dispose()
    assert old_hmac.encode() not in on_disk and b"1101**********002X" not in on_disk


def test_sqlite_zeroes_what_it_deletes_whatever_its_build_says(tmp_path: Path) -> None:
    # Debian's SQLite zeroes by default, others do not: start from a connection that does not.
    connection = sqlite3.connect(tmp_path / "kiosk.db")
    connection.execute("PRAGMA secure_delete=OFF")
    _sqlite_pragmas(connection, None)
    assert connection.execute("PRAGMA secure_delete").fetchone() == (1,)
    connection.close()
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    with engine.connect() as pooled:
        assert pooled.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    engine.dispose()


def test_the_database_is_private_to_the_kiosk_user(tmp_path: Path) -> None:
    database = tmp_path / "new" / "kiosk.db"
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine)
    engine.dispose()
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700
    for made in database.parent.iterdir():
        assert stat.S_IMODE(made.stat().st_mode) == 0o600, made.name
    database.chmod(0o644)  # as releases before this one made it
    make_engine(f"sqlite:///{database}").dispose()
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_the_secret_comes_from_a_systemd_credential_when_there_is_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    credentials, data = tmp_path / "credentials", tmp_path / "data"
    credentials.mkdir()
    data.mkdir()
    (credentials / IDENTITY_HASH_CREDENTIAL).write_bytes(b"c" * 32)
    (data / OLD_IDENTITY_KEY).write_bytes(b"o" * 32)
    monkeypatch.setenv(CREDENTIALS_ENV, str(credentials))
    assert identity_hash_secret(data) == b"c" * 32
    assert not (data / IDENTITY_HASH_KEY).exists(), "nothing of it in the data directory or its backups"
    assert not (data / OLD_IDENTITY_KEY).exists()


def test_without_a_credential_the_secret_is_made_private_in_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CREDENTIALS_ENV, raising=False)
    (tmp_path / OLD_IDENTITY_KEY).write_bytes(b"o" * 32)
    secret = identity_hash_secret(tmp_path)
    path = tmp_path / IDENTITY_HASH_KEY
    assert len(secret) == 32 and path.read_bytes() == secret
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not (tmp_path / OLD_IDENTITY_KEY).exists()
    assert identity_hash_secret(tmp_path) == secret


def test_commands_make_files_private_to_the_kiosk_user(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "keys", "show"],
        env={**os.environ, "KIOSK_DATA_DIR": str(data), "KIOSK_CONFIG": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


def test_the_unit_keeps_the_data_private_and_the_secret_apart() -> None:
    units = Path(__file__).resolve().parents[2] / "packaging" / "systemd"
    kiosk = (units / "civic-kiosk.service").read_text(encoding="utf-8").splitlines()
    assert "UMask=0077" in kiosk and "StateDirectoryMode=0700" in kiosk
    credential = next(line for line in kiosk if line.startswith("LoadCredentialEncrypted="))
    name, path = credential.removeprefix("LoadCredentialEncrypted=").split(":")
    assert name == IDENTITY_HASH_CREDENTIAL and not path.startswith("/var/lib/civic-kiosk")
    maker = (units / "civic-kiosk-identity-hash.service").read_text(encoding="utf-8")
    assert f"--name={IDENTITY_HASH_CREDENTIAL} - {path}" in maker


def test_a_program_calling_the_command_keeps_its_own_umask(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("1234\n"))
    before = os.umask(0o022)
    try:
        assert main(["technician-pin"]) == 2  # a short PIN: refused, nothing made
        assert os.umask(0o022) == 0o022, "the tests' own files must stay readable by cupsd and the like"
    finally:
        os.umask(before)
