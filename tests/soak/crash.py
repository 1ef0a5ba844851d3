"""The crash harness: ``kill -9`` at each state of the visit and at each step of a print job, then the
restart, and what it must find.

One kiosk process (:mod:`tests.soak.crash_child`) after another on the same data directory and the
same printer tray: each starts (settling what the last one left), reports, plays to its point and is
killed there; the next one's report is the check of the last one's crash. Before each restart the
database and its WAL are copied as the kill left them — a power cut's image — and checked.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.journey import JourneyState as S
from tests.soak.crash_child import PRINT_STEPS

IN_FLIGHT = (
    S.INTRO, S.IDENTIFY, S.ELDERLY_OFFER, S.FACE_CHECK, S.CHOOSE_BUSINESS, S.FETCHING, S.PREVIEW,
    S.PRINTING, S.RECEIPT,
)  # fmt: skip
"""A kill here cuts a visit whose outcome is not written yet: the next start closes it as interrupted."""
ENDED = {S.REMINDERS: "completed", S.RATING: "completed", S.RATING_REASONS: "completed",
         S.CALLBACK: "completed", S.GOODBYE: "completed", S.ATTRACT: "completed",
         S.NOTICE: "refused_card"}  # fmt: skip
"""A kill here comes after the visit's outcome was written: it stays."""
POINTS = (*(state.value for state in S), *PRINT_STEPS)
CHILD_LIMIT = 120.0  # seconds for a child to start and reach its point, on a busy machine


@dataclass
class CrashReport:
    points: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    sheets: int = 0
    images: int = 0  # power-cut images opened
    seconds: float = 0.0

    def figures(self) -> str:
        return (
            f"crash harness: kill -9 at {len(self.points)} points ({', '.join(self.points)}) in "
            f"{self.seconds:.0f} s; {self.images} power-cut images opened; outcomes after the restarts: "
            + ", ".join(f"{k} {v}" for k, v in self.outcomes.most_common())
            + f"; {self.sheets} sheets came out, none twice"
        )


class Child:
    def __init__(self, data: Path, tray: Path, point: str) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        self.point = point
        # Its stderr goes to a file: a pipe nobody reads while the visit plays fills up (Qt's
        # warnings) and would stop the child in the middle of a write.
        self.errors = data.parent / f"child-{point.replace(':', '-')}.err"
        self.errors.parent.mkdir(parents=True, exist_ok=True)
        with self.errors.open("wb") as errors:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.soak.crash_child", str(data), str(tray), point],
                stdout=subprocess.PIPE,
                stderr=errors,
                env=env,
            )
        self._buffer = b""

    def read(self, key: str, limit: float = CHILD_LIMIT) -> dict[str, Any]:
        """The child's next line carrying ``key``."""
        assert self.process.stdout is not None
        deadline = time.monotonic() + limit
        while True:
            while b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                if line.startswith(b"{"):
                    said = json.loads(line)
                    if key in said:
                        return dict(said[key])
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.process.stdout], [], [], max(0.0, left))
            chunk = os.read(self.process.stdout.fileno(), 65536) if ready else b""
            if not chunk:
                self.kill()
                errors = self.errors.read_text(errors="replace")
                raise AssertionError(f"{self.point}: no {key!r} from the kiosk process\n{errors[-3000:]}")
            self._buffer += chunk

    def kill(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()


def crash_image(data: Path, target: Path) -> str:
    """Copy the database and its WAL as the kill left them (no -shm: the restart rebuilds it) and
    run the integrity check on the copy; its answer."""
    target.mkdir(parents=True)
    for name in ("kiosk.db", "kiosk.db-wal"):
        if (data / name).exists():
            shutil.copyfile(data / name, target / name)
    with sqlite3.connect(target / "kiosk.db") as connection:
        return ";".join(row[0] for row in connection.execute("PRAGMA integrity_check"))


def run_crashes(work: Path, points: tuple[str, ...] = POINTS) -> CrashReport:
    report = CrashReport()
    data, tray = work / "data", work / "tray"
    started_at = time.monotonic()
    child = Child(data, tray, points[0])
    child.read("started")
    try:
        for index, point in enumerate(points):
            at = child.read("at")
            child.kill()
            # The printer is outside the process: what it had out when the kiosk died is the count.
            at["paper"] = len(paper(tray))
            report.points.append(point)
            integrity = crash_image(data, work / "images" / f"{index:02d}-{point.replace(':', '-')}")
            report.images += 1
            if integrity != "ok":
                report.problems.append(f"{point}: the database as the kill left it: {integrity}")
            child = Child(data, tray, points[index + 1] if index + 1 < len(points) else "none")
            started = child.read("started")
            if "job" in at and not at.get("session"):  # the printer knows its job, not whose it is
                at["session"] = next((j["session"] for j in started["jobs"] if j["id"] == at["job"]), None)
            report.problems.extend(f"{point}: {p}" for p in check_restart(point, at, started))
            if at.get("session") and at["session"] in started["sessions"]:
                report.outcomes[str(started["sessions"][at["session"]])] += 1
        child.process.wait(timeout=CHILD_LIMIT)  # the last one starts, reports and stops by itself
    finally:
        child.kill()
    report.sheets = len(paper(tray))
    report.seconds = time.monotonic() - started_at
    return report


def paper(tray: Path) -> list[str]:
    """Every sheet the tray's printer put out, as its job's id."""
    log = tray / "paper.log"
    return log.read_text(encoding="utf-8").split() if log.exists() else []


def check_restart(point: str, at: dict[str, Any], started: dict[str, Any]) -> list[str]:
    """What the start after a kill at ``point`` must have found and settled."""
    problems = []
    if started["state"] != S.ATTRACT.value:
        problems.append(f"the restarted kiosk is at {started['state']}, not the attract screen")
    if started["tray_jobs"]:
        problems.append(f"the printer still holds {started['tray_jobs']} after the restart")
    if len(started["paper"]) != at["paper"]:
        problems.append(f"the restart printed {len(started['paper']) - at['paper']} sheets by itself")
    for job in started["jobs"]:
        out = started["paper"].count(job["id"])
        if out > job["sheets"]:
            problems.append(
                f"job {job['reprint_code']}: {out} sheets came out of {job['sheets']}: printed twice"
            )
    if (
        "in_progress" in {str(o) for o in started["sessions"].values()}
        or None in started["sessions"].values()
    ):
        problems.append("a visit is still in progress after the restart")
    session = at.get("session")
    state = None if point.startswith("print:") else S(point)
    expected = "interrupted" if state is None or state in IN_FLIGHT else ENDED.get(state)
    if session is not None and expected is not None and started["sessions"].get(session) != expected:
        problems.append(f"the visit cut here ended as {started['sessions'].get(session)}, not {expected}")
    if state is not None and state not in IN_FLIGHT and state not in ENDED and session is not None:
        problems.append(f"a session was open at {point}")
    if "job" in at:
        job = next((j for j in started["jobs"] if j["id"] == at["job"]), None)
        if job is None:
            problems.append("the print job is not in the journal")
        else:
            whole = point in ("print:acknowledged", "print:journaled")
            if job["state"] != ("done" if whole else "failed"):
                problems.append(f"the job is {job['state']} after the restart ({job['detail']})")
            if not whole and job["reprint_code"] != at.get("reprint_code", job["reprint_code"]):
                problems.append("the job cut short lost its reprint code")
            if not whole and "came out" not in (job["detail"] or ""):
                problems.append(f"the journal does not say which sheets came out: {job['detail']}")
    return problems
