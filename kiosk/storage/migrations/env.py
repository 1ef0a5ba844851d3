"""Alembic environment: runs on the connection the kiosk hands it (see kiosk.storage.migrate)."""

from __future__ import annotations

from alembic import context

from kiosk.storage.migrate import target_metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - the kiosk always passes a connection
    raise RuntimeError("run migrations through `kiosk db upgrade`")

context.configure(
    connection=connection,
    target_metadata=target_metadata(),
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
