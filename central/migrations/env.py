"""Alembic environment for the central database: runs on the connection central.migrate hands it."""

from __future__ import annotations

from alembic import context

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - always run through `kiosk-central db upgrade`
    raise RuntimeError("run migrations through `kiosk-central db upgrade`")

# The schema is written as SQL (partitioned tables, arrays, jsonb): no models to compare against.
context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
