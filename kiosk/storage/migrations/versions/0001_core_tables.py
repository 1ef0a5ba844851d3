"""core tables

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 01:48:21.143379
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('device_status_changes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('device', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_status_changes'))
    )
    with op.batch_alter_table('device_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_status_changes_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_device_status_changes_device'), ['device'], unique=False)

    op.create_table('sessions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('service_id', sa.String(length=32), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('fault_device', sa.String(length=32), nullable=True),
    sa.Column('elderly_mode', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('card_type', sa.String(length=32), nullable=True),
    sa.Column('masked_id', sa.String(length=18), nullable=True),
    sa.Column('id_hash', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions'))
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sessions_id_hash'), ['id_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_sessions_outcome'), ['outcome'], unique=False)
        batch_op.create_index(batch_op.f('ix_sessions_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sessions_started_at'), ['started_at'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=True),
    sa.Column('type', sa.String(length=48), nullable=False),
    sa.Column('phase', sa.String(length=8), nullable=False),
    sa.Column('pairs_with', sa.String(length=36), nullable=True),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("phase in ('start', 'finish', 'once')", name=op.f('ck_audit_events_phase')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_audit_events_session_id_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
    sa.UniqueConstraint('event_id', name=op.f('uq_audit_events_event_id'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_type'), ['type'], unique=False)

    op.create_table('issued_documents',
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_issued_documents_session_id_sessions')),
    sa.PrimaryKeyConstraint('number', name=op.f('pk_issued_documents'))
    )
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_documents_issued_at'), ['issued_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_documents_session_id'), ['session_id'], unique=False)

    op.create_table('print_jobs',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=False),
    sa.Column('service_id', sa.String(length=32), nullable=False),
    sa.Column('document_number', sa.String(length=40), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('reprint_code', sa.String(length=12), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("state in ('queued', 'printing', 'done', 'failed')", name=op.f('ck_print_jobs_state')),
    sa.CheckConstraint('copies >= 1', name=op.f('ck_print_jobs_copies')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_print_jobs_session_id_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_jobs')),
    sa.UniqueConstraint('reprint_code', name=op.f('uq_print_jobs_reprint_code'))
    )
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_print_jobs_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_print_jobs_state'), ['state'], unique=False)

    op.create_table('ratings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=8), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('level between 1 and 5', name=op.f('ck_ratings_level')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_ratings_session_id_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ratings')),
    sa.UniqueConstraint('session_id', name=op.f('uq_ratings_session_id'))
    )



def downgrade() -> None:

    op.drop_table('ratings')
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_print_jobs_state'))
        batch_op.drop_index(batch_op.f('ix_print_jobs_session_id'))

    op.drop_table('print_jobs')
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_documents_session_id'))
        batch_op.drop_index(batch_op.f('ix_issued_documents_issued_at'))

    op.drop_table('issued_documents')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_type'))
        batch_op.drop_index(batch_op.f('ix_audit_events_session_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))

    op.drop_table('audit_events')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessions_started_at'))
        batch_op.drop_index(batch_op.f('ix_sessions_service_id'))
        batch_op.drop_index(batch_op.f('ix_sessions_outcome'))
        batch_op.drop_index(batch_op.f('ix_sessions_id_hash'))

    op.drop_table('sessions')
    with op.batch_alter_table('device_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_status_changes_device'))
        batch_op.drop_index(batch_op.f('ix_device_status_changes_at'))

    op.drop_table('device_status_changes')

