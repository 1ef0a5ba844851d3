"""Fixtures: one private PostgreSQL for the session (the schema migrated once, into a template),
a fresh database from that template for each test, and the central service as a process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from central import migrate
from central.local import PG_BIN, LocalPostgres
from tests.fleet.rig import TEMPLATE, CentralProcess, Database, fresh_database


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
    """A database of the test's own."""
    yield from fresh_database(postgres)


@pytest.fixture(scope="module")
def shared_database(postgres: LocalPostgres) -> Iterator[Database]:
    """One database for a module whose tests each use kiosks of their own (the service's start
    is what it saves)."""
    yield from fresh_database(postgres)


def _serve(database: Database, log: Path) -> Iterator[CentralProcess]:
    service = CentralProcess(database, log=log)
    service.start()
    yield service
    service.stop()


@pytest.fixture
def central(database: Database, tmp_path: Path) -> Iterator[CentralProcess]:
    yield from _serve(database, tmp_path / "central.log")


@pytest.fixture(scope="module")
def shared_central(
    shared_database: Database, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CentralProcess]:
    yield from _serve(shared_database, tmp_path_factory.mktemp("central") / "central.log")
