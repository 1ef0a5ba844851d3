"""the outbox, and the reasons of a rating

Every record the centre needs is also written to the outbox, in the same transaction, numbered by
the counter in outbox_state (kiosk.storage.outbox). A poor rating may carry its reasons.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 04:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('schema', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('boot_id', sa.String(length=36), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('acked_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_outbox'))
    )
    state = op.create_table('outbox_state',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('acked_seq', sa.Integer(), nullable=False),
    sa.Column('acked_at', sa.DateTime(), nullable=True),
    sa.Column('pruned_through', sa.Integer(), nullable=False),
    sa.Column('attempt_at', sa.DateTime(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_state'))
    )
    op.bulk_insert(state, [{'id': 1, 'last_seq': 0, 'acked_seq': 0, 'pruned_through': 0}])
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reasons', sa.JSON(), nullable=False, server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_column('reasons')
    op.drop_table('outbox_state')
    op.drop_table('outbox')
