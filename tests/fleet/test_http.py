"""The central service as a real HTTP server: who may write, and what a bad request gets."""

from __future__ import annotations

import httpx

from kiosk.wire import INGEST_PATH, MAX_BATCH_BYTES
from tests.fleet.rig import CentralProcess, Database
from tests.fleet.wire_rows import batch, session_row


def _post(central: CentralProcess, body: bytes, token: str | None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.post(central.url + INGEST_PATH, content=body, headers=headers, timeout=30)


def test_a_kiosk_with_its_own_token_is_acknowledged(central: CentralProcess, database: Database) -> None:
    token = database.register("K1")
    reply = _post(central, batch("K1", [session_row(1), session_row(2)]), token)
    assert reply.status_code == 200
    assert reply.json() == {"kiosk_id": "K1", "acknowledged": 2, "stored": 2}


def test_another_kiosks_credentials_are_refused_and_nothing_is_stored(
    central: CentralProcess, database: Database
) -> None:
    database.register("K1")
    other = database.register("K2")
    reply = _post(central, batch("K1", [session_row(1)]), other)
    assert reply.status_code == 403 and reply.json()["error"] == "not_yours"
    for token in (None, "ck_made-up"):
        reply = _post(central, batch("K1", [session_row(1)]), token)
        assert reply.status_code == 401 and reply.json()["error"] == "unauthenticated"
    assert database.scalar("SELECT count(*) FROM received") == 0


def test_a_disabled_kiosk_is_refused(central: CentralProcess, database: Database) -> None:
    token = database.register("K1")
    with database.connect() as connection:
        connection.execute("UPDATE kiosks SET enabled = false")
    assert _post(central, batch("K1", [session_row(1)]), token).status_code == 401


def test_an_oversized_or_malformed_batch_gets_a_clear_error_and_stores_nothing(
    central: CentralProcess, database: Database
) -> None:
    token = database.register("K1")
    huge = batch("K1", [session_row(1)]) + b" " * MAX_BATCH_BYTES
    reply = _post(central, huge, token)
    assert reply.status_code == 413 and reply.json()["error"] == "too_large"

    def chunks() -> object:  # no Content-Length: the service counts as it reads
        yield b'{"kiosk_id": "K1", "rows": ['
        for _ in range(MAX_BATCH_BYTES // 1000 + 1):
            yield b" " * 1000
        yield b"]}"

    reply = httpx.post(
        central.url + INGEST_PATH, content=chunks(), headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert reply.status_code == 413
    reply = _post(central, b'{"kiosk_id": "K1", "rows": [{"seq": "one"}]}', token)
    assert reply.status_code == 422 and reply.json()["error"] == "malformed"
    assert "rows.0" in reply.json()["message"]
    assert database.scalar("SELECT count(*) FROM received") == 0
