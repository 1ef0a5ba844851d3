"""The floor the fleet bench's ingest is compared with: a plain COPY of the same rows into the same
tables, and the CPU seconds each process of a run spent (the kiosks or COPY's client, the central
service, PostgreSQL), read from /proc."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import date
from typing import Any

import psycopg

from central.local import LocalPostgres
from tests.fleet.rig import CentralProcess, child_pids, proc_stat


@dataclass(frozen=True)
class Cpu:
    """CPU seconds used so far by this process (the kiosks, or COPY's client), the central service
    and PostgreSQL's processes: where the time of a run went, on a machine they all share."""

    here: float
    service: float
    postgres: float

    def __sub__(self, other: Cpu) -> Cpu:
        return Cpu(self.here - other.here, self.service - other.service, self.postgres - other.postgres)


def cpu_now(server: LocalPostgres, central: CentralProcess | None = None) -> Cpu:
    here = os.times()
    postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
    service = central.process.pid if central is not None and central.process is not None else None
    return Cpu(
        here.user + here.system,
        0.0 if service is None else cpu_of(service, with_children=True),
        cpu_of(postmaster, with_children=True),
    )


def cpu_of(pid: int, *, with_children: bool) -> float:
    """A process's CPU seconds (and its children's: PostgreSQL's backends), from /proc (Linux)."""
    ticks = 0
    for each in {pid} | (child_pids(pid) if with_children else set()):
        with contextlib.suppress(OSError):
            fields = proc_stat(each)
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def copy_setup(connection: psycopg.Connection[Any], tokens: dict[str, str]) -> None:
    from central import partitions

    partitions.ensure(connection, partitions.around(date(2026, 12, 1), before=2), date(2026, 12, 1))


def copy_rows(rows: dict[str, list[dict[str, Any]]]) -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
    received_rows = []
    sessions, audit, jobs = [], [], []
    for kiosk, kiosk_rows in rows.items():
        for r in kiosk_rows:
            p = r["payload"]
            received_rows.append((kiosk, r["seq"], r["uuid"], p["kind"], 1, r["at"], r["boot_id"]))
            if p["kind"] == "session":
                sessions.append(
                    (
                        kiosk,
                        r["seq"],
                        p["session_id"],
                        p["service_id"],
                        p["started_at"],
                        p["ended_at"],
                        p["outcome"],
                        None,
                        False,
                        "zh_CN",
                        None,
                        p["id_hash"],
                    )
                )
            elif p["kind"] == "audit":
                audit.append(
                    (
                        kiosk,
                        r["seq"],
                        p["event_id"],
                        p["session_id"],
                        p["type"],
                        p["phase"],
                        p["pairs_with"],
                        p["outcome"],
                        "{}",
                        r["at"],
                    )
                )
            else:
                jobs.append(
                    (
                        kiosk,
                        r["seq"],
                        p["job_id"],
                        p["session_id"],
                        p["service_id"],
                        p["state"],
                        2,
                        1,
                        "ABCD2345",
                        None,
                        r["at"],
                    )
                )
    return received_rows, {
        "sessions": (
            (
                "kiosk_id",
                "seq",
                "session_id",
                "service_id",
                "started_at",
                "ended_at",
                "outcome",
                "fault_part",
                "elderly",
                "language",
                "card_type",
                "id_hash",
            ),
            sessions,
        ),
        "audit_events": (
            (
                "kiosk_id",
                "seq",
                "event_id",
                "session_id",
                "type",
                "phase",
                "pairs_with",
                "outcome",
                "detail",
                "at",
            ),
            audit,
        ),
        "print_job_events": (
            (
                "kiosk_id",
                "seq",
                "job_id",
                "session_id",
                "service_id",
                "state",
                "pages",
                "copies",
                "reprint_code",
                "detail",
                "at",
            ),
            jobs,
        ),
    }


def copy_table(
    connection: psycopg.Connection[Any], table: str, columns: tuple[str, ...], rows: list[Any]
) -> None:
    with connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


# -- a kiosk behind: the outage, the catch-up ---------------------------------------------------
