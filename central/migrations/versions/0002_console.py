"""the console: accounts, sessions, the audit log, alerts, the follow-up of poor ratings

- `users` with a role (city office, hall manager, technician) and the halls they answer for
  (`user_halls`; the city office sees every hall); an Argon2id hash, failed log-ins counted and a
  lock-out time.
- `console_sessions`: a session cookie's SHA-256 (the cookie itself is never stored), its CSRF
  token, when it expires and when it was last used.
- `audit_log`: every action in the console, refusals too.
- `alerts`: one row per alert; at most one active (not cleared) per kiosk and key.
  `alert_cursor` remembers the last help request each kiosk's alerts have seen.
- `rating_cases`: a poor rating (差评, level 1 or 2) and where its follow-up stands, added by ingest
  with the rating; `rating_case_steps` each step with who, when and a note. The citizen's contact,
  sealed by the kiosk, stays only while the case is open.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07 07:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE users (
        id serial PRIMARY KEY,
        login text NOT NULL UNIQUE CHECK (login ~ '^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$'),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('city', 'manager', 'technician')),
        password_hash text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE user_halls (
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        hall_id text NOT NULL REFERENCES halls (id),
        PRIMARY KEY (user_id, hall_id)
    );
    CREATE TABLE console_sessions (
        token_sha256 bytea PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
    );
    CREATE INDEX ix_console_sessions_user ON console_sessions (user_id);
    CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        user_id integer REFERENCES users (id) ON DELETE SET NULL,
        login text,
        action text NOT NULL,
        target text,
        outcome text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        address text
    );
    CREATE INDEX ix_audit_log_at ON audit_log (at);
    CREATE TABLE alerts (
        id bigserial PRIMARY KEY,
        kiosk_id text NOT NULL REFERENCES kiosks (id),
        key text NOT NULL,
        kind text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('warning', 'critical')),
        latched boolean NOT NULL,       -- true: stays until a person acknowledges it
        part text,
        detail text,
        raised_at timestamptz NOT NULL,
        last_raised_at timestamptz NOT NULL,
        repeats integer NOT NULL DEFAULT 0,
        cleared_at timestamptz,
        acked_at timestamptz,
        acked_by text,
        ack_note text
    );
    CREATE UNIQUE INDEX ux_alerts_active ON alerts (kiosk_id, key) WHERE cleared_at IS NULL;
    CREATE INDEX ix_alerts_kiosk_raised ON alerts (kiosk_id, raised_at DESC);
    CREATE TABLE alert_cursor (
        kiosk_id text PRIMARY KEY REFERENCES kiosks (id),
        help_seq bigint NOT NULL DEFAULT 0
    );
    CREATE TABLE rating_cases (
        kiosk_id text NOT NULL REFERENCES kiosks (id),
        seq bigint NOT NULL,
        session_id text NOT NULL,
        service_id text NOT NULL,
        level smallint NOT NULL,
        reasons text[] NOT NULL,
        rated_at timestamp NOT NULL,
        state text NOT NULL DEFAULT 'new',
        handler_id integer REFERENCES users (id),
        contact_sealed text,            -- the kiosk's sealed contact; dropped when the case closes
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kiosk_id, seq)
    );
    CREATE INDEX ix_rating_cases_state ON rating_cases (state, rated_at);
    CREATE TABLE rating_case_steps (
        id bigserial PRIMARY KEY,
        kiosk_id text NOT NULL,
        seq bigint NOT NULL,
        step text NOT NULL,
        from_state text NOT NULL,
        to_state text NOT NULL,
        user_id integer REFERENCES users (id),
        login text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        note text NOT NULL,
        FOREIGN KEY (kiosk_id, seq) REFERENCES rating_cases (kiosk_id, seq)
    );
    CREATE INDEX ix_ratings_kiosk_at ON ratings (kiosk_id, at);
    """)


def downgrade() -> None:
    op.execute(
        "DROP INDEX ix_ratings_kiosk_at; DROP TABLE rating_case_steps, rating_cases, alert_cursor, alerts,"
        " audit_log, console_sessions, user_halls, users"
    )
