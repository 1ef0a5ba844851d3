"""Monthly partitions: a city's years of records stay fast, and an old month can be detached whole.

The tables by kind (sessions, ratings, …) are ``PARTITION BY RANGE`` on the kiosk's wall time, one
partition a month, named ``<table>_yYYYYmMM``. The service adds the months around today when it
starts and each day after, and the month of any row a batch brings that has none yet (a kiosk a
week behind across a month's end). Rows of a month out of all reason (a kiosk whose clock is
years off) fall in each table's DEFAULT partition instead of creating one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import psycopg
from psycopg import sql

PARTITIONED = {
    "sessions": "started_at",
    "ratings": "at",
    "print_job_events": "at",
    "device_status_changes": "at",
    "audit_events": "at",
    "heartbeats": "at",
}
EARLIEST = date(2020, 1, 1)
_LOCK = 0x706172746E  # pg_advisory_xact_lock key: one month's partitions made by one connection at a time
MONTHS_AHEAD = 2


def month_of(when: date | datetime) -> date:
    return date(when.year, when.month, 1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def sane(month: date, today: date) -> bool:
    """A month worth a partition: from 2020 to a little past today."""
    last = month_of(today)
    for _ in range(MONTHS_AHEAD):
        last = next_month(last)
    return EARLIEST <= month <= last


def existing(connection: psycopg.Connection[Any]) -> set[date]:
    """The months that have partitions (of the sessions table; every table gets the same months)."""
    rows = connection.execute(
        "SELECT child.relname FROM pg_inherits"
        " JOIN pg_class child ON child.oid = pg_inherits.inhrelid"
        " JOIN pg_class parent ON parent.oid = pg_inherits.inhparent"
        " WHERE parent.relname = 'sessions'"
    ).fetchall()
    months = set()
    for (name,) in rows:
        suffix = str(name).rpartition("_")[2]
        if len(suffix) == 8 and suffix.startswith("y") and suffix[5] == "m":
            months.add(date(int(suffix[1:5]), int(suffix[6:8]), 1))
    return months


def ensure(connection: psycopg.Connection[Any], months: set[date], today: date) -> set[date]:
    """Add a partition for each of ``months`` that is sane and has none yet. Returns those added.

    Each month in its own transaction: a month whose rows already sit in the DEFAULT partition
    cannot be carved out (PostgreSQL refuses), and stays there without stopping the others. Two
    connections adding the same month (two batches of a new month, two service processes starting)
    queue on a lock: without it the second's ``IF NOT EXISTS`` misses the first's uncommitted
    table, and it fails when the first commits."""
    added = set()
    have = existing(connection)
    for month in sorted(m for m in months if sane(m, today) and m not in have):
        until = next_month(month)
        try:
            with connection.transaction():
                connection.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
                if month in existing(connection):
                    continue  # another connection added it while this one waited
                for table in PARTITIONED:
                    connection.execute(
                        sql.SQL(
                            "CREATE TABLE IF NOT EXISTS {} PARTITION OF {} FOR VALUES FROM ({}) TO ({})"
                        ).format(
                            sql.Identifier(f"{table}_y{month.year:04d}m{month.month:02d}"),
                            sql.Identifier(table),
                            sql.Literal(month),
                            sql.Literal(until),
                        )
                    )
            added.add(month)
        except psycopg.errors.CheckViolation:
            continue  # rows of that month are in the DEFAULT partition already: they stay there
    return added


def around(today: date, before: int = 1) -> set[date]:
    """This month, ``before`` months back and MONTHS_AHEAD ahead."""
    month = month_of(today)
    for _ in range(before):
        month = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    months = set()
    for _ in range(before + 1 + MONTHS_AHEAD):
        months.add(month)
        month = next_month(month)
    return months
