"""the fleet: halls, kiosks, what they sent, month by month

Every row a kiosk sends is first entered in `received`, keyed (kiosk_id, seq): the insert there is
`ON CONFLICT (kiosk_id, seq) DO NOTHING`, and only the rows it took go on to the tables by kind.
Those are partitioned by month of the kiosk's wall time (central.partitions adds the months);
PostgreSQL wants a partitioned table's key to hold its partition column, so their keys are
(kiosk_id, seq, <time>), unique because `received` already is.

Revision ID: 0001
Revises:
Create Date: 2026-12-07 04:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

PARTITIONED = {
    "sessions": "started_at",
    "ratings": "at",
    "print_job_events": "at",
    "device_status_changes": "at",
    "audit_events": "at",
    "heartbeats": "at",
}


def upgrade() -> None:
    op.execute("""
    CREATE TABLE halls (
        id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$'),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE kiosks (
        id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$'),
        hall_id text NOT NULL REFERENCES halls (id),
        name text NOT NULL,
        token_sha256 bytea UNIQUE,          -- a random 256-bit token: a fast hash is enough
        cert_sha256 bytea UNIQUE,           -- its client certificate's fingerprint (DER), if it has one
        enabled boolean NOT NULL DEFAULT true,
        acked_seq bigint NOT NULL DEFAULT 0,       -- every row up to here is stored
        pruned_through bigint NOT NULL DEFAULT 0,  -- rows the kiosk pruned before sending (sync was off)
        last_seen_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ix_kiosks_hall ON kiosks (hall_id);
    CREATE TABLE received (
        kiosk_id text NOT NULL,
        seq bigint NOT NULL,
        uuid uuid NOT NULL,
        kind text NOT NULL,
        schema smallint NOT NULL,
        at timestamp NOT NULL,
        boot_id uuid NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kiosk_id, seq)
    );
    CREATE TABLE sessions (
        kiosk_id text NOT NULL, seq bigint NOT NULL,
        session_id text NOT NULL, service_id text NOT NULL,
        started_at timestamp NOT NULL, ended_at timestamp NOT NULL,
        outcome text NOT NULL, fault_part text, elderly boolean NOT NULL, language text NOT NULL,
        card_type text, id_hash text,
        PRIMARY KEY (kiosk_id, seq, started_at)
    ) PARTITION BY RANGE (started_at);
    CREATE INDEX ix_sessions_started_at ON sessions (started_at);
    CREATE TABLE ratings (
        kiosk_id text NOT NULL, seq bigint NOT NULL,
        session_id text NOT NULL, service_id text NOT NULL,
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 5), reasons text[] NOT NULL,
        at timestamp NOT NULL,
        PRIMARY KEY (kiosk_id, seq, at)
    ) PARTITION BY RANGE (at);
    CREATE TABLE print_job_events (
        kiosk_id text NOT NULL, seq bigint NOT NULL,
        job_id text NOT NULL, session_id text NOT NULL, service_id text NOT NULL,
        state text NOT NULL, pages integer NOT NULL, copies integer NOT NULL,
        reprint_code text NOT NULL, detail text,
        at timestamp NOT NULL,
        PRIMARY KEY (kiosk_id, seq, at)
    ) PARTITION BY RANGE (at);
    CREATE TABLE device_status_changes (
        kiosk_id text NOT NULL, seq bigint NOT NULL,
        part text NOT NULL, status text NOT NULL, detail text,
        at timestamp NOT NULL,
        PRIMARY KEY (kiosk_id, seq, at)
    ) PARTITION BY RANGE (at);
    CREATE TABLE audit_events (
        kiosk_id text NOT NULL, seq bigint NOT NULL,
        event_id text NOT NULL, session_id text, type text NOT NULL, phase text NOT NULL,
        pairs_with text, outcome text, detail jsonb NOT NULL,
        at timestamp NOT NULL,
        PRIMARY KEY (kiosk_id, seq, at)
    ) PARTITION BY RANGE (at);
    CREATE INDEX ix_audit_events_type_at ON audit_events (type, at);
    CREATE TABLE heartbeats (
        kiosk_id text NOT NULL, seq bigint NOT NULL,
        ready boolean NOT NULL, summary jsonb NOT NULL,
        at timestamp NOT NULL,
        PRIMARY KEY (kiosk_id, seq, at)
    ) PARTITION BY RANGE (at);
    -- the newest of each kiosk, kept as rows arrive: what the console's fleet page reads
    CREATE TABLE kiosk_readiness (
        kiosk_id text PRIMARY KEY REFERENCES kiosks (id),
        seq bigint NOT NULL, at timestamp NOT NULL, ready boolean NOT NULL, summary jsonb NOT NULL,
        received_at timestamptz NOT NULL
    );
    CREATE TABLE kiosk_parts (
        kiosk_id text NOT NULL REFERENCES kiosks (id), part text NOT NULL,
        seq bigint NOT NULL, status text NOT NULL, detail text, at timestamp NOT NULL,
        PRIMARY KEY (kiosk_id, part)
    );
    -- working day or day off, from the same calendar as `kiosk stats` (central.stats fills it)
    CREATE TABLE calendar_days (day date PRIMARY KEY, working boolean NOT NULL);
    """)
    for table in PARTITIONED:
        # a row whose month has no partition (a kiosk whose clock is years off) still has a home
        op.execute(f"CREATE TABLE {table}_default PARTITION OF {table} DEFAULT")


def downgrade() -> None:
    op.execute(
        "DROP TABLE calendar_days, kiosk_parts, kiosk_readiness, "
        + ", ".join(PARTITIONED)
        + ", received, kiosks, halls"
    )
