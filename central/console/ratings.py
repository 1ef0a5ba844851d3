"""好差评 in the console: ratings by level per kiosk, service and week, and the follow-up of each
poor rating (差评) as the national rules for 政务服务"好差评" ask.

A 差评 (level 1 or 2) opens a case when it arrives (ingest adds it). Its steps:

    new ──核实 verify──► verified ──整改 rectify──► rectified ──反馈/回访 follow_up──► closed
                           │  ▲
                 申诉 appeal│  │申诉驳回 reject (city office)
                           ▼  │
                        appealed ──申诉成立 uphold (city office)──► void (not counted)

Whoever verifies a case becomes its handler: only they take its next steps, and only they see the
citizen's contact, if the kiosk sent one (sealed; :mod:`central.console.contact`). Every step has
who, when and a note. A closed or void case keeps no contact.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import psycopg

from central.console.auth import Permission, Viewer

Connection = psycopg.Connection[Any]
MAX_NOTE = 1000


class CaseState(enum.StrEnum):
    NEW = "new"
    VERIFIED = "verified"
    RECTIFIED = "rectified"
    CLOSED = "closed"
    APPEALED = "appealed"
    VOID = "void"


FINISHED = frozenset({CaseState.CLOSED, CaseState.VOID})


class Step(enum.StrEnum):
    VERIFY = "verify"  # 核实
    RECTIFY = "rectify"  # 整改
    FOLLOW_UP = "follow_up"  # 反馈/回访
    APPEAL = "appeal"  # 申诉: the rating was mistaken or malicious
    UPHOLD = "uphold"  # 申诉成立
    REJECT = "reject"  # 申诉驳回


@dataclass(frozen=True, slots=True)
class Transition:
    source: CaseState
    target: CaseState
    permission: Permission
    handler_only: bool


TRANSITIONS = {
    Step.VERIFY: Transition(CaseState.NEW, CaseState.VERIFIED, Permission.HANDLE_RATING, False),
    Step.RECTIFY: Transition(CaseState.VERIFIED, CaseState.RECTIFIED, Permission.HANDLE_RATING, True),
    Step.FOLLOW_UP: Transition(CaseState.RECTIFIED, CaseState.CLOSED, Permission.HANDLE_RATING, True),
    Step.APPEAL: Transition(CaseState.VERIFIED, CaseState.APPEALED, Permission.HANDLE_RATING, True),
    Step.UPHOLD: Transition(CaseState.APPEALED, CaseState.VOID, Permission.DECIDE_APPEAL, False),
    Step.REJECT: Transition(CaseState.APPEALED, CaseState.VERIFIED, Permission.DECIDE_APPEAL, False),
}


@dataclass(frozen=True, slots=True)
class Case:
    kiosk_id: str
    seq: int
    hall_id: str
    session_id: str
    service_id: str
    level: int
    reasons: list[str]
    rated_at: datetime
    state: CaseState
    handler_id: int | None
    handler: str | None
    has_contact: bool
    updated_at: datetime

    @property
    def ref(self) -> str:
        return f"{self.kiosk_id}/{self.seq}"

    def steps_for(self, viewer: Viewer) -> list[Step]:
        """The steps this viewer may take on this case now."""
        return [
            step
            for step, t in TRANSITIONS.items()
            if t.source is self.state
            and viewer.may(t.permission)
            and (not t.handler_only or self.handler_id in (None, viewer.user_id))
        ]

    def shows_contact_to(self, viewer: Viewer) -> bool:
        return self.has_contact and self.handler_id == viewer.user_id and self.state not in FINISHED


@dataclass(frozen=True, slots=True)
class CaseStep:
    step: Step
    from_state: CaseState
    to_state: CaseState
    login: str
    at: datetime
    note: str


_CASE = (
    "SELECT c.kiosk_id, c.seq, k.hall_id, c.session_id, c.service_id, c.level, c.reasons, c.rated_at,"
    " c.state, c.handler_id, u.login, c.contact_sealed IS NOT NULL, c.updated_at"
    " FROM rating_cases c JOIN kiosks k ON k.id = c.kiosk_id LEFT JOIN users u ON u.id = c.handler_id"
)


def _case(row: tuple[Any, ...]) -> Case:
    values = list(row)
    values[6] = list(values[6])
    values[8] = CaseState(values[8])
    return Case(*values)


def cases(
    connection: Connection,
    halls: frozenset[str] | None,
    *,
    states: frozenset[CaseState] | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 500,
) -> list[Case]:
    """Poor ratings and their follow-up, open ones first, oldest first (the rules count days)."""
    rows = connection.execute(
        _CASE + " WHERE (%(halls)s::text[] IS NULL OR k.hall_id = ANY(%(halls)s))"
        " AND (%(states)s::text[] IS NULL OR c.state = ANY(%(states)s))"
        " AND (%(since)s::date IS NULL OR c.rated_at >= %(since)s)"
        " AND (%(until)s::date IS NULL OR c.rated_at < %(until)s::date + 1)"
        " ORDER BY c.state IN ('closed', 'void'), c.rated_at LIMIT %(limit)s",
        {
            "halls": None if halls is None else sorted(halls),
            "states": None if states is None else sorted(states),
            "since": since,
            "until": until,
            "limit": limit,
        },
    ).fetchall()
    return [_case(row) for row in rows]


def case(connection: Connection, kiosk_id: str, seq: int) -> Case | None:
    row = connection.execute(_CASE + " WHERE c.kiosk_id = %s AND c.seq = %s", (kiosk_id, seq)).fetchone()
    return None if row is None else _case(row)


def steps(connection: Connection, kiosk_id: str, seq: int) -> list[CaseStep]:
    rows = connection.execute(
        "SELECT step, from_state, to_state, login, at, note FROM rating_case_steps"
        " WHERE kiosk_id = %s AND seq = %s ORDER BY id",
        (kiosk_id, seq),
    ).fetchall()
    return [CaseStep(Step(s), CaseState(f), CaseState(t), lg, at, n) for s, f, t, lg, at, n in rows]


class StepRefusal(enum.Enum):
    NOT_ALLOWED = "not_allowed"  # the role may not take this step
    NOT_HANDLER = "not_handler"  # another person handles this case
    WRONG_STATE = "wrong_state"  # the case is not where this step starts (someone was quicker)
    NO_NOTE = "no_note"  # every step says what was done


def take_step(
    connection: Connection, viewer: Viewer, kiosk_id: str, seq: int, step: Step, note: str
) -> CaseState | StepRefusal:
    """Move the case one step (the caller checked it is in the viewer's halls); returns its new
    state, or why not. The state is compared and set in one statement: of two people pressing at
    once, one wins and the other is told the case has moved."""
    transition = TRANSITIONS[step]
    note = note.strip()
    if not viewer.may(transition.permission):
        return StepRefusal.NOT_ALLOWED
    if not note or len(note) > MAX_NOTE:
        return StepRefusal.NO_NOTE
    with connection.transaction():
        row = connection.execute(
            "UPDATE rating_cases SET state = %(target)s, updated_at = now(),"
            " handler_id = CASE WHEN %(step)s = 'verify' THEN %(user)s ELSE handler_id END,"
            " contact_sealed = CASE WHEN %(finished)s THEN NULL ELSE contact_sealed END"
            " WHERE kiosk_id = %(kiosk)s AND seq = %(seq)s AND state = %(source)s"
            " AND (NOT %(handler_only)s OR handler_id IS NULL OR handler_id = %(user)s)"
            " RETURNING state",
            {
                "target": transition.target.value,
                "step": step.value,
                "user": viewer.user_id,
                "finished": transition.target in FINISHED,
                "kiosk": kiosk_id,
                "seq": seq,
                "source": transition.source.value,
                "handler_only": transition.handler_only,
            },
        ).fetchone()
        if row is None:
            now = case(connection, kiosk_id, seq)
            if now is not None and now.state is transition.source:
                return StepRefusal.NOT_HANDLER
            return StepRefusal.WRONG_STATE
        connection.execute(
            "INSERT INTO rating_case_steps (kiosk_id, seq, step, from_state, to_state, user_id, login, note)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            (kiosk_id, seq, step.value, transition.source.value, transition.target.value, viewer.user_id,
             viewer.login, note),
        )  # fmt: skip
    return transition.target


def sealed_contact(connection: Connection, kiosk_id: str, seq: int) -> str | None:
    row = connection.execute(
        "SELECT contact_sealed FROM rating_cases WHERE kiosk_id = %s AND seq = %s", (kiosk_id, seq)
    ).fetchone()
    return None if row is None else row[0]


@dataclass(frozen=True, slots=True)
class LevelCounts:
    week: date  # the Monday
    kiosk_id: str
    service_id: str
    levels: tuple[int, int, int, int, int]  # 非常满意 (5) … 非常不满意 (1)
    void: int  # poor ratings an upheld appeal took out of the counts

    @property
    def total(self) -> int:
        return sum(self.levels)


def by_level(
    connection: Connection, halls: frozenset[str] | None, since: date, until: date
) -> list[LevelCounts]:
    """Ratings by level per week, kiosk and service (a rating voided on appeal counts apart)."""
    rows = connection.execute(
        "SELECT date_trunc('week', r.at)::date, r.kiosk_id, r.service_id,"
        + ",".join(
            f" count(*) FILTER (WHERE r.level = {level} AND v.seq IS NULL)" for level in (5, 4, 3, 2, 1)
        )
        + ", count(v.seq)"
        " FROM ratings r JOIN kiosks k ON k.id = r.kiosk_id"
        " LEFT JOIN rating_cases v ON v.kiosk_id = r.kiosk_id AND v.seq = r.seq AND v.state = 'void'"
        " WHERE (%(halls)s::text[] IS NULL OR k.hall_id = ANY(%(halls)s))"
        " AND r.at >= %(since)s AND r.at < %(until)s::date + 1"
        " GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2, 3",
        {"halls": None if halls is None else sorted(halls), "since": since, "until": until},
    ).fetchall()
    return [
        LevelCounts(w, k, s, (int(a), int(b), int(c), int(d), int(e)), int(v))
        for w, k, s, a, b, c, d, e, v in rows
    ]
