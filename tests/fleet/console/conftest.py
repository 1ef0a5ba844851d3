"""The console on a real PostgreSQL: two halls, three kiosks, an account of each role, and the
service in-process (Starlette's test client) for the refusal tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from central.app import create_app
from central.config import CentralConfig, ConsoleConfig
from central.console.auth import Role, add_user
from central.console.contact import new_key_pair
from central.console.web import PREFIX
from tests.fleet.rig import Database

PASSWORD = "correct horse 1"
METRICS_TOKEN = "metrics-token-for-tests"
USERS = {
    "city": (Role.CITY, []),
    "mgr1": (Role.MANAGER, ["H1"]),
    "mgr1b": (Role.MANAGER, ["H1"]),
    "tech1": (Role.TECHNICIAN, ["H1"]),
    "mgr2": (Role.MANAGER, ["H2"]),
}


@pytest.fixture
def fleet(database: Database) -> Database:
    """Halls H1 (K1, K2) and H2 (K3), and the accounts of USERS."""
    with database.connect() as connection:
        for hall, name in (("H1", "市民中心"), ("H2", "高新区分中心")):
            connection.execute("INSERT INTO halls (id, name) VALUES (%s, %s)", (hall, name))
        for kiosk, hall in (("K1", "H1"), ("K2", "H1"), ("K3", "H2")):
            connection.execute(
                "INSERT INTO kiosks (id, hall_id, name) VALUES (%s, %s, %s)",
                (kiosk, hall, f"{kiosk} 自助终端"),
            )
        for login, (role, halls) in USERS.items():
            add_user(connection, login, login, role, PASSWORD, halls)
    return database


@pytest.fixture
def contact_key(tmp_path: Path) -> tuple[Path, Path]:
    private, public = tmp_path / "contact.key", tmp_path / "contact.pub"
    new_key_pair(private, public)
    return private, public


@pytest.fixture
def config(fleet: Database, contact_key: tuple[Path, Path]) -> CentralConfig:
    return CentralConfig(
        database_url=fleet.url, console=ConsoleConfig(contact_key=contact_key[0], metrics_token=METRICS_TOKEN)
    )


@pytest.fixture
def client(config: CentralConfig) -> Iterator[TestClient]:
    with TestClient(create_app(config), follow_redirects=False) as test_client:
        yield test_client


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def log_in(client: TestClient, login: str, password: str = PASSWORD) -> httpx.Response:
    page = client.get(f"{PREFIX}/login")
    return client.post(
        f"{PREFIX}/login",
        data={"login": login, "password": password, "csrf": csrf_of(page.text), "next": f"{PREFIX}/"},
    )
