"""好差评 as the standard asks, and reprint codes used at the kiosk

A rating keeps what a provincial 好差评 system files it under (the service item's code, the kiosk,
the version of the reasons offered) and whether the citizen asked for a call back; the number for
the call back lives in callback_contacts, encrypted, until the follow-up closes or its
delete_after passes. A print job cut short keeps how many sheets came out, so a reprint prints
only the rest; each reprint code used at the kiosk is written in reprints, and works once.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('service_item_code', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('kiosk_id', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('reasons_version', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('with_contact', sa.Boolean(), nullable=False, server_default='0'))
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sheets_printed', sa.Integer(), nullable=True))
    op.create_table('callback_contacts',
    sa.Column('session_id', sa.String(length=36), nullable=False),
    sa.Column('token', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('delete_after', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_callback_contacts_session_id_sessions')),
    sa.PrimaryKeyConstraint('session_id', name=op.f('pk_callback_contacts'))
    )
    with op.batch_alter_table('callback_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_callback_contacts_delete_after'), ['delete_after'], unique=False)
    op.create_table('reprints',
    sa.Column('reprint_code', sa.String(length=12), nullable=False),
    sa.Column('job_id', sa.String(length=36), nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['print_jobs.id'], name=op.f('fk_reprints_job_id_print_jobs')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_reprints_session_id_sessions')),
    sa.PrimaryKeyConstraint('reprint_code', name=op.f('pk_reprints')),
    sa.UniqueConstraint('job_id', name=op.f('uq_reprints_job_id'))
    )


def downgrade() -> None:
    op.drop_table('reprints')
    with op.batch_alter_table('callback_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_callback_contacts_delete_after'))
    op.drop_table('callback_contacts')
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.drop_column('sheets_printed')
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_column('with_contact')
        batch_op.drop_column('reasons_version')
        batch_op.drop_column('kiosk_id')
        batch_op.drop_column('service_item_code')
