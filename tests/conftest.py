"""Fixtures for every test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_config_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test remembers validated configurations in its own folder, never the user's cache."""
    monkeypatch.setenv("KIOSK_CACHE_DIR", str(tmp_path_factory.mktemp("config-cache")))
