"""identity hashes that give nothing back

Sessions kept the first and last four characters of the ID number and an HMAC
whose key sat beside the database: together they gave the number back in
seconds. The masked number is no longer kept at all, and the old HMACs are
cleared: they cannot be turned into the new short, memory-hard hashes without
the numbers, so repeat-use counting starts over from this revision. With
secure_delete on (kiosk.storage.db), the cleared values are zeroed on disk.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE sessions SET id_hash = NULL, masked_id = NULL")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's own DROP COLUMN (3.35+), not a batch copy of the table: the copy drops the old
        # table, which the print jobs, ratings and events of every session refer to, and the
        # kiosk's foreign keys are on, so a database with visits in it could not be migrated.
        op.execute("ALTER TABLE sessions DROP COLUMN masked_id")
    else:
        op.drop_column('sessions', 'masked_id')


def downgrade() -> None:
    # The numbers are gone: a downgrade brings the column back, empty.
    op.add_column('sessions', sa.Column('masked_id', sa.String(length=18), nullable=True))
