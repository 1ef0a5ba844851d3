"""The registry of halls and kiosks, and each kiosk's credentials.

A kiosk's token is 256 random bits, shown once when it is made and stored only as its SHA-256:
a slow, memory-hard hash guards guessable passwords (the console's accounts); a random token
cannot be guessed, so the fast hash costs nothing in safety and keeps every request cheap.
"""

from __future__ import annotations

import enum
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


def add_kiosk(
    connection: Connection, kiosk_id: str, hall_id: str, name: str, *, cert_sha256: bytes | None = None
) -> str:
    """Register a kiosk; returns its token (shown once: only its hash is kept). With
    ``cert_sha256`` it must also show that client certificate."""
    token = new_token()
    connection.execute(
        "INSERT INTO kiosks (id, hall_id, name, token_sha256, cert_sha256) VALUES (%s, %s, %s, %s, %s)",
        (kiosk_id, hall_id, name, token_digest(token), cert_sha256),
    )
    return token


def set_certificate(connection: Connection, kiosk_id: str, cert_sha256: bytes | None) -> bool:
    """The client certificate the kiosk must show (its DER's SHA-256); None: none required."""
    done = connection.execute("UPDATE kiosks SET cert_sha256 = %s WHERE id = %s", (cert_sha256, kiosk_id))
    return done.rowcount == 1


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


class Credentials(enum.Enum):
    NONE = "none"  # neither a token nor a certificate
    UNKNOWN = "unknown"  # a token or certificate no enabled kiosk has
    MIXED = "mixed"  # a token of one kiosk, a certificate of another
    CERTIFICATE_MISSING = "certificate_missing"  # the kiosk has a certificate and did not show it


def authenticate(
    connection: Connection, token: str | None, cert_sha256: bytes | None = None
) -> str | Credentials:
    """The id of the enabled kiosk the credentials name, or why they name none.

    A kiosk shows its token, its client certificate, or both; both must then be the same kiosk's.
    A kiosk registered with a certificate must show it (a token alone is not enough)."""
    if not token and cert_sha256 is None:
        return Credentials.NONE
    rows = connection.execute(
        "SELECT id, token_sha256, cert_sha256 FROM kiosks"
        " WHERE enabled AND (token_sha256 = %s OR cert_sha256 = %s)",
        (token_digest(token) if token else None, cert_sha256),
    ).fetchall()
    by_token = [r for r in rows if token and hmac.compare_digest(bytes(r[1] or b""), token_digest(token))]
    by_cert = [r for r in rows if cert_sha256 is not None and r[2] is not None and bytes(r[2]) == cert_sha256]
    if (token and not by_token) or (not token and not by_cert):
        return Credentials.UNKNOWN
    if by_token and by_cert and by_token[0][0] != by_cert[0][0]:
        return Credentials.MIXED
    kiosk = (by_token or by_cert)[0]
    if kiosk[2] is not None and not by_cert:
        return Credentials.CERTIFICATE_MISSING
    return str(kiosk[0])


def kiosks(connection: Connection) -> list[KioskEntry]:
    rows = connection.execute(
        "SELECT id, hall_id, name, enabled, acked_seq, last_seen_at FROM kiosks ORDER BY hall_id, id"
    ).fetchall()
    return [KioskEntry(str(r[0]), str(r[1]), str(r[2]), bool(r[3]), int(r[4]), r[5]) for r in rows]
