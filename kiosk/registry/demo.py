"""The demo registry: a few dozen invented people and businesses, loaded into an empty database.

The data is ``kiosk/assets/registry/demo.json`` (built by ``tests/registry/make_demo.py``;
every ID number and credit code is valid and invented). It goes in through the
same import as any other file, so it passes the same checks.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from kiosk.assets import REGISTRY
from kiosk.registry.importer import ImportReport, import_file
from kiosk.registry.source import registry_is_empty

DEMO_FILE = REGISTRY / "demo.json"


def load_demo(sessions: sessionmaker[Session], path: Path = DEMO_FILE) -> ImportReport | None:
    """Import the demo file if the registry has no one in it yet; None when it was left alone.

    A registry that already holds people (the demo from an earlier start, or a
    hall's real replica) is never touched.
    """
    if not registry_is_empty(sessions):
        return None
    return import_file(path, sessions)
