"""Accounts, log-in, sessions and what each role may see and do.

- Passwords are kept as Argon2id hashes (argon2-cffi's defaults: memory-hard, so a stolen table
  costs a thief what every log-in costs the service). An unknown login costs the same time as a
  known one, so timing does not tell which logins exist.
- ``max_failed_logins`` wrong passwords in a row lock the account for ``lockout_minutes``; while it
  is locked not even the right password opens it.
- A session is a random cookie kept only as its SHA-256, with its own CSRF token; it ends after
  ``session_idle_minutes`` unused or ``session_max_hours`` in all, and at log-out.
- Roles: the city office sees every hall; a hall manager and a technician only their own halls.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from central.config import ConsoleConfig

Connection = psycopg.Connection[Any]
HASHER = PasswordHasher()
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))
MIN_PASSWORD = 10


class Role(enum.StrEnum):
    CITY = "city"  # 市政务服务办: every hall, statistics, decides appeals (申诉)
    MANAGER = "manager"  # 大厅负责人: their halls; follows up 差评, acknowledges alerts
    TECHNICIAN = "technician"  # 值班技术员: their halls' kiosks and alerts


class Permission(enum.Enum):
    ACKNOWLEDGE_ALERT = "acknowledge_alert"
    SEE_RATINGS = "see_ratings"
    HANDLE_RATING = "handle_rating"  # 核实, 整改, 反馈/回访, 申诉
    DECIDE_APPEAL = "decide_appeal"
    SEE_AUDIT = "see_audit"


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.CITY: frozenset({Permission.SEE_RATINGS, Permission.DECIDE_APPEAL, Permission.SEE_AUDIT}),
    Role.MANAGER: frozenset(
        {
            Permission.ACKNOWLEDGE_ALERT,
            Permission.SEE_RATINGS,
            Permission.HANDLE_RATING,
            Permission.SEE_AUDIT,
        }
    ),
    Role.TECHNICIAN: frozenset({Permission.ACKNOWLEDGE_ALERT}),
}


class AccountError(ValueError):
    """An account cannot be made as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is looking: the signed-in user, the halls they may see (None: every hall) and the
    session's CSRF token."""

    user_id: int
    login: str
    name: str
    role: Role
    halls: frozenset[str] | None
    csrf: str

    def may(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]

    def sees_hall(self, hall_id: str) -> bool:
        return self.halls is None or hall_id in self.halls


def add_user(
    connection: Connection, login: str, name: str, role: Role, password: str, halls: list[str]
) -> int:
    """Make an account; a hall manager or technician answers for at least one hall."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password has at least {MIN_PASSWORD} characters")
    if role is not Role.CITY and not halls:
        raise AccountError(f"a {role.value} answers for at least one hall (--hall)")
    with connection.transaction():
        row = connection.execute(
            "INSERT INTO users (login, name, role, password_hash) VALUES (%s, %s, %s, %s) RETURNING id",
            (login, name, role.value, HASHER.hash(password)),
        ).fetchone()
        assert row is not None
        user_id = int(row[0])
        for hall in halls:
            connection.execute("INSERT INTO user_halls (user_id, hall_id) VALUES (%s, %s)", (user_id, hall))
    return user_id


def set_password(connection: Connection, login: str, password: str) -> bool:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password has at least {MIN_PASSWORD} characters")
    done = connection.execute(
        "UPDATE users SET password_hash = %s, failed_logins = 0, locked_until = NULL WHERE login = %s",
        (HASHER.hash(password), login),
    )
    return done.rowcount == 1


class LoginRefusal(enum.Enum):
    WRONG = "wrong"  # no such login, a disabled account, or a wrong password: one answer for all
    LOCKED = "locked"


@dataclass(frozen=True, slots=True)
class LoggedIn:
    user_id: int
    token: str  # the cookie: shown to the browser once, kept here only as its SHA-256


@dataclass(frozen=True, slots=True)
class LoginRefused:
    reason: LoginRefusal
    user_id: int | None
    locked_until: datetime | None = None


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def log_in(
    connection: Connection, login: str, password: str, config: ConsoleConfig
) -> LoggedIn | LoginRefused:
    with connection.transaction():
        row = connection.execute(
            "SELECT id, password_hash, enabled, locked_until > now(), locked_until, failed_logins"
            " FROM users WHERE login = %s FOR UPDATE",
            (login,),
        ).fetchone()
        if row is None or not row[2]:
            _verify(_DUMMY_HASH, password)  # the same time as a real account's check
            return LoginRefused(LoginRefusal.WRONG, None if row is None else int(row[0]))
        user_id, stored = int(row[0]), str(row[1])
        if row[3]:
            return LoginRefused(LoginRefusal.LOCKED, user_id, row[4])
        if not _verify(stored, password):
            locked = connection.execute(
                "UPDATE users SET failed_logins = failed_logins + 1,"
                " locked_until = CASE WHEN failed_logins + 1 >= %s"
                "   THEN now() + make_interval(mins => %s) END"
                " WHERE id = %s RETURNING locked_until",
                (config.max_failed_logins, config.lockout_minutes, user_id),
            ).fetchone()
            until = None if locked is None else locked[0]
            if until is not None:
                return LoginRefused(LoginRefusal.LOCKED, user_id, until)
            return LoginRefused(LoginRefusal.WRONG, user_id)
        if HASHER.check_needs_rehash(stored):
            connection.execute(
                "UPDATE users SET password_hash = %s WHERE id = %s", (HASHER.hash(password), user_id)
            )
        connection.execute(
            "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = %s", (user_id,)
        )
        token = secrets.token_urlsafe(32)
        connection.execute(
            "INSERT INTO console_sessions (token_sha256, user_id, csrf, expires_at)"
            " VALUES (%s, %s, %s, now() + make_interval(hours => %s))",
            (_digest(token), user_id, secrets.token_urlsafe(32), config.session_max_hours),
        )
    return LoggedIn(user_id, token)


def _verify(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


class NoSession(enum.Enum):
    MISSING = "missing"  # no cookie, or one this service never gave
    EXPIRED = "expired"  # it was a session, and it has ended


def check_session(connection: Connection, token: str | None, config: ConsoleConfig) -> Viewer | NoSession:
    """The viewer a session cookie names, its idle time renewed; or why there is none. A session
    idle too long or too old is ended here (and its cookie is worth nothing after)."""
    if not token or len(token) > 100:
        return NoSession.MISSING
    digest = _digest(token)
    ended = connection.execute(
        "DELETE FROM console_sessions WHERE token_sha256 = %s"
        " AND (expires_at <= now() OR last_used_at <= now() - make_interval(mins => %s))",
        (digest, config.session_idle_minutes),
    )
    if ended.rowcount:
        return NoSession.EXPIRED
    row = connection.execute(
        "UPDATE console_sessions s SET last_used_at = now()"
        " FROM users u WHERE s.token_sha256 = %s AND u.id = s.user_id"
        " RETURNING u.id, u.login, u.name, u.role, s.csrf, u.enabled",
        (digest,),
    ).fetchone()
    if row is None:
        return NoSession.MISSING
    user_id, login, name, role, csrf, enabled = row
    if not enabled:
        log_out(connection, token)
        return NoSession.EXPIRED
    return _viewer(connection, int(user_id), str(login), str(name), Role(role), str(csrf))


def _viewer(connection: Connection, user_id: int, login: str, name: str, role: Role, csrf: str) -> Viewer:
    halls = None
    if role is not Role.CITY:
        halls = frozenset(
            str(h)
            for (h,) in connection.execute(
                "SELECT hall_id FROM user_halls WHERE user_id = %s", (user_id,)
            ).fetchall()
        )
    return Viewer(user_id, login, name, role, halls, csrf)


def log_out(connection: Connection, token: str) -> None:
    connection.execute("DELETE FROM console_sessions WHERE token_sha256 = %s", (_digest(token),))


def forget_expired_sessions(connection: Connection, config: ConsoleConfig) -> int:
    done = connection.execute(
        "DELETE FROM console_sessions WHERE expires_at <= now()"
        " OR last_used_at <= now() - make_interval(mins => %s)",
        (config.session_idle_minutes,),
    )
    return done.rowcount


def same_token(given: str | None, expected: str) -> bool:
    return given is not None and secrets.compare_digest(given.encode(), expected.encode())
