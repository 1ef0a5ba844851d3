"""The registry's fixtures (a migrated empty database, a small valid file), shared here."""

from tests.registry.conftest import demo_data, sessions, small

__all__ = ["demo_data", "sessions", "small"]
