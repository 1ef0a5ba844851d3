from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kiosk.registry.demo import DEMO_FILE, load_demo
from kiosk.storage.db import make_engine, make_sessionmaker
from kiosk.storage.migrate import upgrade


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    """A real SQLite database, migrated the way the kiosk migrates it, empty registry."""
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    upgrade(engine)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def demo_sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sessionmaker[Session]]:
    """A migrated database holding the demo registry; shared by read-only tests."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'kiosk.db'}")
    upgrade(engine)
    made = make_sessionmaker(engine)
    report = load_demo(made)
    assert report is not None and report.ok, report
    yield made
    engine.dispose()


@pytest.fixture(scope="session")
def demo_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def small(demo_data: dict[str, Any]) -> dict[str, Any]:
    """A small valid file: two people, a business, and one record of every kind for the first person."""
    first, second = demo_data["people"][0], demo_data["people"][1]
    mine = first["id_number"]

    def one(section: str) -> dict[str, Any]:
        return copy.deepcopy(next(r for r in demo_data[section] if r.get("id_number") == mine))

    business = copy.deepcopy(next(b for b in demo_data["businesses"] if b["legal_representative_id"] == mine))
    return {
        "format": "civic-kiosk-registry/1",
        "people": [copy.deepcopy(first), copy.deepcopy(second)],
        "businesses": [business],
        "credit_accounts": [one("credit_accounts")],
        "credit_queries": [one("credit_queries")],
        "contributions": [one("contributions")],
        "tax_payments": [one("tax_payments")],
        "real_estate": [one("real_estate")],
    }
