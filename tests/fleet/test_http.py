"""The central service as a real HTTP server: who may write, and what a bad request gets."""

from __future__ import annotations

import httpx
import pytest

from kiosk.wire import INGEST_PATH, MAX_BATCH_BYTES
from tests.fleet.rig import CentralProcess, Database
from tests.fleet.wire_rows import batch, session_row


@pytest.fixture
def database(shared_database: Database) -> Database:
    return shared_database  # each test registers kiosks of its own


@pytest.fixture
def central(shared_central: CentralProcess) -> CentralProcess:
    return shared_central


def _post(central: CentralProcess, body: bytes, token: str | None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.post(central.url + INGEST_PATH, content=body, headers=headers, timeout=30)


def test_a_kiosk_with_its_own_token_is_acknowledged(central: CentralProcess, database: Database) -> None:
    token = database.register("A1")
    reply = _post(central, batch("A1", [session_row(1), session_row(2)]), token)
    assert reply.status_code == 200
    assert reply.json() == {"kiosk_id": "A1", "acknowledged": 2, "stored": 2}


def test_another_kiosks_credentials_are_refused_and_nothing_is_stored(
    central: CentralProcess, database: Database
) -> None:
    database.register("B1")
    other = database.register("B2")
    reply = _post(central, batch("B1", [session_row(1)]), other)
    assert reply.status_code == 403 and reply.json()["error"] == "not_yours"
    for token in (None, "ck_made-up"):
        reply = _post(central, batch("B1", [session_row(1)]), token)
        assert reply.status_code == 401 and reply.json()["error"] == "unauthenticated"
    assert database.scalar("SELECT count(*) FROM received WHERE kiosk_id IN ('B1', 'B2')") == 0


def test_a_disabled_kiosk_is_refused(central: CentralProcess, database: Database) -> None:
    token = database.register("C1")
    with database.connect() as connection:
        connection.execute("UPDATE kiosks SET enabled = false WHERE id = 'C1'")
    assert _post(central, batch("C1", [session_row(1)]), token).status_code == 401


def test_an_oversized_or_malformed_batch_gets_a_clear_error_and_stores_nothing(
    central: CentralProcess, database: Database
) -> None:
    token = database.register("D1")
    huge = batch("D1", [session_row(1)]) + b" " * MAX_BATCH_BYTES
    reply = _post(central, huge, token)
    assert reply.status_code == 413 and reply.json()["error"] == "too_large"

    def chunks() -> object:  # no Content-Length: the service counts as it reads
        yield b'{"kiosk_id": "D1", "rows": ['
        for _ in range(MAX_BATCH_BYTES // 1000 + 1):
            yield b" " * 1000
        yield b"]}"

    reply = httpx.post(
        central.url + INGEST_PATH, content=chunks(), headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert reply.status_code == 413
    reply = _post(central, b'{"kiosk_id": "D1", "rows": [{"seq": "one"}]}', token)
    assert reply.status_code == 422 and reply.json()["error"] == "malformed"
    assert "rows.0" in reply.json()["message"]
    assert database.scalar("SELECT count(*) FROM received WHERE kiosk_id = 'D1'") == 0
