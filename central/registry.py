"""The registry of halls and kiosks, and each kiosk's credentials.

A kiosk's token is 256 random bits, shown once when it is made and stored only as its SHA-256:
a slow, memory-hard hash guards guessable passwords (the console's accounts); a random token
cannot be guessed, so the fast hash costs nothing in safety and keeps every request cheap.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

Connection = psycopg.Connection[Any]

TOKEN_PREFIX = "ck_"  # says what the string is when it turns up in a file or a log


@dataclass(frozen=True, slots=True)
class KioskEntry:
    id: str
    hall_id: str
    name: str
    enabled: bool
    acked_seq: int
    last_seen_at: datetime | None


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def add_hall(connection: Connection, hall_id: str, name: str) -> None:
    connection.execute(
        "INSERT INTO halls (id, name) VALUES (%s, %s) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
        (hall_id, name),
    )


def add_kiosk(connection: Connection, kiosk_id: str, hall_id: str, name: str) -> str:
    """Register a kiosk; returns its token (shown once: only its hash is kept)."""
    token = new_token()
    connection.execute(
        "INSERT INTO kiosks (id, hall_id, name, token_sha256) VALUES (%s, %s, %s, %s)",
        (kiosk_id, hall_id, name, token_digest(token)),
    )
    return token


def rotate_token(connection: Connection, kiosk_id: str) -> str | None:
    """A new token for a kiosk (the old one stops working at once); None: no such kiosk."""
    token = new_token()
    done = connection.execute(
        "UPDATE kiosks SET token_sha256 = %s WHERE id = %s", (token_digest(token), kiosk_id)
    )
    return token if done.rowcount == 1 else None


def set_enabled(connection: Connection, kiosk_id: str, enabled: bool) -> bool:
    done = connection.execute("UPDATE kiosks SET enabled = %s WHERE id = %s", (enabled, kiosk_id))
    return done.rowcount == 1


def authenticate(connection: Connection, token: str) -> str | None:
    """The id of the enabled kiosk this token belongs to, or None."""
    digest = token_digest(token)
    row = connection.execute(
        "SELECT id, token_sha256 FROM kiosks WHERE token_sha256 = %s AND enabled", (digest,)
    ).fetchone()
    if row is None or not hmac.compare_digest(bytes(row[1]), digest):
        return None
    return str(row[0])


def kiosks(connection: Connection) -> list[KioskEntry]:
    rows = connection.execute(
        "SELECT id, hall_id, name, enabled, acked_seq, last_seen_at FROM kiosks ORDER BY hall_id, id"
    ).fetchall()
    return [KioskEntry(str(r[0]), str(r[1]), str(r[2]), bool(r[3]), int(r[4]), r[5]) for r in rows]
