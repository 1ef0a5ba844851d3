"""reprints at the kiosk: a visit that reprints, and a job that starts part-way

A session that reprints a job cut short names that job (reprint_of; no foreign key: the job's own
visit may be pruned before the reprint's). A reprint's print job keeps the document's pages and
copies, and first_sheet says where in them it starts: the sheets before it came out earlier, so a
reprint cut short in its turn leaves a code for what is still missing, counted the same way.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-20 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy: a copy drops the old table, which the kiosk's other
    # tables refer to with their foreign keys on (see 0004).
    op.add_column('sessions', sa.Column('reprint_of', sa.String(length=36), nullable=True))
    op.add_column(
        'print_jobs', sa.Column('first_sheet', sa.Integer(), nullable=False, server_default='0')
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE print_jobs DROP COLUMN first_sheet")
        op.execute("ALTER TABLE sessions DROP COLUMN reprint_of")
    else:
        op.drop_column('print_jobs', 'first_sheet')
        op.drop_column('sessions', 'reprint_of')
