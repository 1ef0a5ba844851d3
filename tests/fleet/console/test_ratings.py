"""好差评: the follow-up of a poor rating through 核实 → 整改 → 反馈/回访, the appeal (申诉), who may
take which step, and the citizen's contact shown to the handler alone and gone at the close."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from central.console.contact import load_private
from central.console.web import PREFIX
from kiosk.contact_seal import seal
from tests.fleet.console.conftest import csrf_of, log_in
from tests.fleet.console.records import Sender, rating
from tests.fleet.rig import Database

PHONE = "13800138000"


def _poor(fleet: Database, contact_key: tuple[Path, Path], kiosk: str = "K1") -> str:
    sealed = seal(load_private(contact_key[0]).public_key(), PHONE)
    (seq,) = Sender(fleet, kiosk).send(rating(1, ("device_fault",), contact=sealed))
    Sender(fleet, kiosk).send(rating(5), rating(4))  # good ones open no case
    return f"{PREFIX}/ratings/{kiosk}/{seq}"


def _step(client: TestClient, url: str, step: str, note: str) -> int:
    csrf = csrf_of(client.get(url).text)
    return client.post(url, data={"csrf": csrf, "step": step, "note": note}).status_code


def test_a_poor_rating_goes_through_its_whole_follow_up(
    client: TestClient, fleet: Database, contact_key: tuple[Path, Path]
) -> None:
    url = _poor(fleet, contact_key)
    assert fleet.scalar("SELECT count(*) FROM rating_cases") == 1
    assert fleet.scalar("SELECT count(*) FROM ratings") == 3
    log_in(client, "mgr1")
    page = client.get(url).text
    assert 'data-state="new"' in page and PHONE not in page  # no handler yet: nobody sees it
    assert _step(client, url, "verify", "核实：当晚 A4 打印机卡纸") == 303
    page = client.get(url).text
    assert 'data-state="verified"' in page and PHONE in page  # the handler sees the number
    assert _step(client, url, "rectify", "更换搓纸轮") == 303
    assert _step(client, url, "follow_up", "已回访，群众认可") == 303
    page = client.get(url).text
    assert 'data-state="closed"' in page and PHONE not in page
    assert fleet.scalar("SELECT contact_sealed FROM rating_cases") is None  # deleted at the close
    with fleet.connect() as connection:
        steps = connection.execute(
            "SELECT step, from_state, to_state, login, note, at IS NOT NULL"
            " FROM rating_case_steps ORDER BY id"
        ).fetchall()
        reveals = connection.execute("SELECT login FROM audit_log WHERE action = 'reveal_contact'").fetchall()
    assert steps == [
        ("verify", "new", "verified", "mgr1", "核实：当晚 A4 打印机卡纸", True),
        ("rectify", "verified", "rectified", "mgr1", "更换搓纸轮", True),
        ("follow_up", "rectified", "closed", "mgr1", "已回访，群众认可", True),
    ]
    assert reveals == [("mgr1",)] * 3  # each look at the page while it was open and theirs


def test_only_the_handler_sees_the_contact_and_takes_the_next_steps(
    client: TestClient, fleet: Database, contact_key: tuple[Path, Path]
) -> None:
    url = _poor(fleet, contact_key)
    log_in(client, "mgr1")
    assert _step(client, url, "verify", "核实") == 303
    log_in(client, "mgr1b")  # the same hall's other manager
    page = client.get(url).text
    assert PHONE not in page and 'id="step-rectify"' not in page
    assert _step(client, url, "rectify", "not mine") == 403
    log_in(client, "city")
    assert PHONE not in client.get(url).text
    assert fleet.scalar("SELECT state FROM rating_cases") == "verified"
    assert fleet.scalar("SELECT count(*) FROM rating_case_steps") == 1


def test_an_appeal_upheld_takes_the_rating_out_of_the_counts(
    client: TestClient, fleet: Database, contact_key: tuple[Path, Path]
) -> None:
    url = _poor(fleet, contact_key)
    log_in(client, "mgr1")
    assert _step(client, url, "verify", "录像显示为误触") == 303
    assert _step(client, url, "appeal", "申诉：误评") == 303
    assert _step(client, url, "uphold", "manager cannot decide") == 403  # the city office decides
    log_in(client, "city")
    assert _step(client, url, "uphold", "申诉成立") == 303
    assert fleet.scalar("SELECT state FROM rating_cases") == "void"
    assert fleet.scalar("SELECT contact_sealed FROM rating_cases") is None
    page = client.get(f"{PREFIX}/ratings?since=2026-11-01&until=2026-11-30&show=all").text
    assert "申诉成立" in page


def test_an_appeal_rejected_goes_back_to_rectification(
    client: TestClient, fleet: Database, contact_key: tuple[Path, Path]
) -> None:
    url = _poor(fleet, contact_key)
    log_in(client, "mgr1")
    _step(client, url, "verify", "核实")
    _step(client, url, "appeal", "申诉")
    log_in(client, "city")
    assert _step(client, url, "reject", "证据不足，驳回") == 303
    assert fleet.scalar("SELECT state FROM rating_cases") == "verified"


def test_a_step_out_of_turn_or_without_a_note_changes_nothing(
    client: TestClient, fleet: Database, contact_key: tuple[Path, Path]
) -> None:
    url = _poor(fleet, contact_key)
    log_in(client, "mgr1")
    assert _step(client, url, "follow_up", "skipping ahead") == 409
    assert _step(client, url, "verify", "   ") == 400
    assert _step(client, url, "fly_away", "x") == 400
    assert fleet.scalar("SELECT state FROM rating_cases") == "new"
    assert fleet.scalar("SELECT count(*) FROM rating_case_steps") == 0


def test_another_halls_manager_sees_neither_the_case_nor_its_counts(
    client: TestClient, fleet: Database, contact_key: tuple[Path, Path]
) -> None:
    url = _poor(fleet, contact_key)
    log_in(client, "mgr2")
    assert client.get(url).status_code == 403
    listing = client.get(f"{PREFIX}/ratings?since=2026-11-01&until=2026-11-30&show=all").text
    assert "K1" not in listing
    csrf = csrf_of(client.get(f"{PREFIX}/ratings").text)
    assert client.post(url, data={"csrf": csrf, "step": "verify", "note": "x"}).status_code == 403
    assert fleet.scalar("SELECT state FROM rating_cases") == "new"


def test_ratings_by_level_per_week_kiosk_and_service(client: TestClient, fleet: Database) -> None:
    Sender(fleet, "K1").send(rating(5), rating(5), rating(3), rating(2), rating(1, service="credit_report"))
    Sender(fleet, "K3").send(rating(4))
    log_in(client, "city")
    page = client.get(f"{PREFIX}/ratings?since=2026-11-16&until=2026-11-22&show=all").text
    # the week of 2026-11-16, K1, tax_payment: 2 × 5, 0 × 4, 1 × 3, 1 × 2, 0 × 1
    assert (
        "<td>2026-11-16</td><td>K1</td><td>纳税证明</td><td>2</td><td>0</td><td>1</td><td>1</td><td>0</td>"
        in page
    )
    assert "<td>2026-11-16</td><td>K3</td>" in page
    assert "<svg" in page


def test_the_contact_never_reaches_the_ratings_table(fleet: Database, contact_key: tuple[Path, Path]) -> None:
    _poor(fleet, contact_key)
    sealed = fleet.scalar("SELECT contact_sealed FROM rating_cases")
    assert sealed.startswith("ck1.") and PHONE not in sealed
    with fleet.connect() as connection:
        rows = connection.execute("SELECT * FROM ratings").fetchall()
    assert all(sealed not in str(row) for row in rows)
