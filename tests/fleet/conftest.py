"""Fixtures: one private PostgreSQL for the session (the schema migrated once, into a template),
a fresh database from that template for each test, and the central service as a process."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from central import migrate
from central.local import PG_BIN, LocalPostgres
from tests.fleet.rig import TEMPLATE, CentralProcess, Database

_NAMES = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[LocalPostgres]:
    if not (PG_BIN / "initdb").exists():
        pytest.fail(f"PostgreSQL is not installed ({PG_BIN}): run packaging/setup/system-packages.sh")
    server = LocalPostgres.in_temp_dir()
    server.start()
    try:
        with psycopg.connect(server.conninfo(), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {TEMPLATE}")
        migrate.upgrade(f"postgresql://kiosk@/{TEMPLATE}?host={server.socket_dir}")
        yield server
    finally:
        server.remove()


@pytest.fixture
def database(postgres: LocalPostgres) -> Iterator[Database]:
    name = f"central_{next(_NAMES)}"
    with psycopg.connect(postgres.conninfo(), autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    yield Database(postgres, name)
    with psycopg.connect(postgres.conninfo(), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def central(database: Database, tmp_path: Path) -> Iterator[CentralProcess]:
    service = CentralProcess(database, log=tmp_path / "central.log")
    service.start()
    yield service
    service.stop()
