"""The scripted citizen, headless: a few scenarios played as ``kiosk demo`` plays them, checked for
how they end and the states they pass."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import kiosk.demo
from kiosk.config import KioskConfig
from kiosk.demo.people import DEMO_CALLBACK_NUMBER
from kiosk.demo.player import DemoPlayer
from kiosk.demo.rig import Mocks, start_scenario
from kiosk.demo.scenarios import ScenarioResult, scenarios
from kiosk.demo.transcript import transcript_hook
from kiosk.storage.records import ReprintRefusal

WHOLE_JOURNEY = (
    "attract home intro identify face_check fetching preview printing receipt reminders rating goodbye"
    " attract"
)
EXPECTED = {
    "credit_report": ("completed", WHOLE_JOURNEY),
    "card-pulled": ("completed", WHOLE_JOURNEY),
    # a card that was read is checked for on every ending, and the visit is rated
    "expired-card": ("refused_card", "attract home intro identify notice reminders rating goodbye attract"),
    "idle-at-preview": (
        "timed_out",
        "attract home intro identify face_check fetching preview notice reminders rating goodbye attract",
    ),
    "help-at-night": ("completed", WHOLE_JOURNEY),
    "cancel-card-left": (
        "cancelled",
        "attract home intro identify face_check fetching preview reminders rating goodbye attract",
    ),
    "a4-paper-out": (
        "device_fault",
        "attract home intro identify face_check fetching preview printing notice reminders rating goodbye"
        " attract",
    ),
    "poor-rating": (
        "face_check_failed",
        "attract home intro identify face_check notice reminders rating rating_reasons callback goodbye"
        " attract",
    ),
    "a4-offline": ("unavailable", "attract home out_of_service"),
    # the job cut short, then 补打 later that evening: only the sheets that did not come out
    "reprint-by-code": (
        "completed",
        "attract home intro identify face_check fetching preview printing notice reminders rating goodbye"
        " attract home reprint_code intro identify face_check fetching printing receipt reminders rating"
        " goodbye attract",
    ),
    "technician": ("diagnostics_left", "attract home diagnostics attract"),
}

Played = dict[str, tuple[ScenarioResult, list[dict[str, Any]]]]


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Played:
    """The scenarios played one after the other on one data folder, as the demo plays them: their
    sessions share a database and all start at the same time on the fake clock."""
    work = tmp_path_factory.mktemp("demo") / "work"
    out: Played = {}
    for scenario in scenarios(KioskConfig()):
        if scenario.name not in EXPECTED:
            continue
        kiosk, clock = start_scenario(scenario, KioskConfig(), work)
        steps: list[dict[str, Any]] = []
        try:
            out[scenario.name] = (DemoPlayer(kiosk, clock, scenario, transcript_hook(steps)).play(), steps)
        finally:
            kiosk.close()
    return out


@pytest.mark.parametrize("name", list(EXPECTED))
def test_a_scenario_ends_as_expected_through_its_states(played: Played, name: str) -> None:
    outcome, states = EXPECTED[name]
    result, _ = played[name]
    assert (result.outcome, result.states) == (outcome, states.split())
    assert result.as_expected


def test_a_slow_card_is_seen_being_read_each_time_it_is_placed(played: Played) -> None:
    _, steps = played["card-pulled"]
    identify = [(s.get("hint"), s.get("reading", False)) for s in steps if s["state"] == "identify"]
    assert identify == [(None, False), (None, True), ("card_pulled", False), ("card_pulled", True)]


def test_the_idle_countdown_shows_before_the_citizen_is_timed_out(played: Played) -> None:
    _, steps = played["idle-at-preview"]
    at_preview = [s.get("idle_countdown") for s in steps if s["state"] == "preview"]
    assert at_preview[-1] == 10
    assert next(s["notice"] for s in steps if s["state"] == "notice") == {"reason": "timed_out"}


def test_the_technician_runs_each_self_test_and_sees_every_result(played: Played) -> None:
    _, steps = played["technician"]
    last = [s["diagnostics"] for s in steps if s["state"] == "diagnostics"][-1]
    assert last["report"] == "ready" and last["running"] is None
    assert sorted(r["test"] for r in last["results"] if r["passed"]) == ["card", "receipt", "voice"]


def test_the_demo_uses_only_the_public_face_of_the_kiosk() -> None:
    """No reaching into another object's private state (``journey._pending``), and no SQL: the
    demo reads outcomes through the records."""
    package = Path(kiosk.demo.__file__).parent
    for module in sorted(package.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.endswith("__"):
                owner = node.value.id if isinstance(node.value, ast.Name) else ast.unparse(node.value)
                assert owner == "self", f"{module.name}:{node.lineno}: {ast.unparse(node)}"
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = (
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                )
                assert not any(n.startswith("sqlalchemy") for n in names), f"{module.name}: {names}"
        assert "exec_driver_sql" not in module.read_text(encoding="utf-8")


def test_help_at_night_gives_the_duty_phone_and_holds_the_visit(played: Played) -> None:
    _, steps = played["help-at-night"]
    helped = [s["help"] for s in steps if "help" in s]
    assert helped and helped[0] == {"answer": "duty_phone", "phone": "0871-64600000", "kiosk": "KSK-DEMO-01"}
    assert all(s["state"] == "preview" for s in steps if "help" in s)  # five minutes, and still there


def test_a_card_left_after_a_cancel_is_waited_for_and_no_tick_shown(played: Played) -> None:
    _, steps = played["cancel-card-left"]
    reminders = [s.get("reminder") for s in steps if s["state"] == "reminders"]
    assert reminders and set(reminders) == {"take_card"}
    goodbye = next(s["goodbye"] for s in steps if s["state"] == "goodbye")
    assert goodbye == {"outcome": "cancelled", "callback": False}


def test_paper_out_mid_job_names_the_sheets_and_prints_the_code(played: Played) -> None:
    _, steps = played["a4-paper-out"]
    notice = next(s["notice"] for s in steps if s["state"] == "notice")
    assert notice["reason"] == "print_failed" and notice["sheets_printed"] == 1
    assert notice["reprint_slip"] is True and notice["reprint_code"]
    assert any(s.get("sheets_out") == 1 for s in steps if s["state"] == "reminders")


def test_a_poor_rating_gives_reasons_and_a_call_back_never_in_the_transcript(played: Played) -> None:
    _, steps = played["poor-rating"]
    assert [s["face"].get("waiting_retry", False) for s in steps if "face" in s].count(True) == 2
    chosen = [s["reasons"] for s in steps if s["state"] == "rating_reasons"]
    assert chosen[-1] == ["face_check_failed", "hard_to_use"]
    assert next(s["goodbye"] for s in steps if s["state"] == "goodbye")["callback"] is True
    assert DEMO_CALLBACK_NUMBER not in repr(steps)


def test_a_reprint_by_code_prints_the_rest_of_the_job_later(played: Played) -> None:
    _, steps = played["reprint-by-code"]
    notice = next(s["notice"] for s in steps if s["state"] == "notice")
    assert notice["reason"] == "print_failed" and notice["sheets_printed"] == 1 and notice["reprint_slip"]
    pages = next(s["preview"]["pages"] for s in steps if s["state"] == "preview")
    # the slip of the finger, refused as unknown; then the code taken
    assert [s["reprint_code"] for s in steps if "reprint_code" in s] == ["typing", "unknown", "typing"]
    reprint = next(s["reprint"] for s in steps if "reprint" in s)
    assert reprint == {"sheets": 2 * pages - 1, "of": 2 * pages}  # two copies, one sheet out
    printing = [s["sheets"] for s in steps if s["state"] == "printing" and "sheets" in s]
    assert printing[0] == f"0/{2 * pages}" and printing[-1].endswith(f"/{2 * pages - 1}")
    assert notice["reprint_code"] not in repr([s for s in steps if s["state"] == "reprint_code"])


def test_the_reprint_scenario_prints_only_the_missing_sheets_and_spends_the_code(tmp_path: Path) -> None:
    scenario = next(s for s in scenarios(KioskConfig()) if s.name == "reprint-by-code")
    kiosk, clock = start_scenario(scenario, KioskConfig(), tmp_path)
    try:
        assert DemoPlayer(kiosk, clock, scenario).play().as_expected
        first, again = kiosk.records.print_jobs()
        printed = Mocks.of(kiosk).document_printer.printed
        assert len(printed) == 1  # the first job never came out whole: only the reprint's is kept
        assert (printed[0].pages, printed[0].copies) == (first.sheets - first.sheets_out, 1)
        assert (again.document_number, again.first_sheet) == (first.document_number, 1)
        session = kiosk.records.session(again.session_id)
        assert session is not None and session.reprint_of == first.id
        assert (
            kiosk.records.find_reprint(first.reprint_code, clock.now(), timedelta(days=7))
            is ReprintRefusal.USED
        )
    finally:
        kiosk.close()
