"""registry tables

The offline replica of the certificate library (kiosk.registry.models).
Amounts and areas are integer hundredths (fen, 0.01 m²): exact on every database.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 01:53:46.902250
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('registry_people',
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('sex', sa.String(length=4), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('nation', sa.String(length=32), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('photo', sa.LargeBinary(), nullable=True),
    sa.Column('insured_since', sa.Date(), nullable=True),
    sa.Column('credit_notes', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id_number', name=op.f('pk_registry_people'))
    )
    op.create_table('registry_businesses',
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=100), nullable=False),
    sa.Column('legal_representative_id', sa.String(length=18), nullable=False),
    sa.Column('registered_capital', sa.String(length=100), nullable=False),
    sa.Column('established_on', sa.Date(), nullable=False),
    sa.Column('term_from', sa.Date(), nullable=False),
    sa.Column('term_until', sa.Date(), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('business_scope', sa.Text(), nullable=False),
    sa.Column('authority', sa.String(length=100), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['legal_representative_id'], ['registry_people.id_number'], name=op.f('fk_registry_businesses_legal_representative_id_registry_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('credit_code', name=op.f('pk_registry_businesses'))
    )
    with op.batch_alter_table('registry_businesses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registry_businesses_legal_representative_id'), ['legal_representative_id'], unique=False)

    op.create_table('registry_contributions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('base', sa.BigInteger(), nullable=False),
    sa.Column('pension', sa.BigInteger(), nullable=False),
    sa.Column('medical', sa.BigInteger(), nullable=False),
    sa.Column('unemployment', sa.BigInteger(), nullable=False),
    sa.Column('paid', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['id_number'], ['registry_people.id_number'], name=op.f('fk_registry_contributions_id_number_registry_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_contributions')),
    sa.UniqueConstraint('id_number', 'month', 'employer', name=op.f('uq_registry_contributions_id_number'))
    )
    with op.batch_alter_table('registry_contributions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registry_contributions_id_number'), ['id_number'], unique=False)

    op.create_table('registry_credit_accounts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('institution', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('currency', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('balance', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('overdue_amount', sa.BigInteger(), nullable=False),
    sa.Column('repayment', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['id_number'], ['registry_people.id_number'], name=op.f('fk_registry_credit_accounts_id_number_registry_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_credit_accounts')),
    sa.UniqueConstraint('id_number', 'account_id', name=op.f('uq_registry_credit_accounts_id_number'))
    )
    with op.batch_alter_table('registry_credit_accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registry_credit_accounts_id_number'), ['id_number'], unique=False)

    op.create_table('registry_credit_queries',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('queried_on', sa.Date(), nullable=False),
    sa.Column('institution', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['id_number'], ['registry_people.id_number'], name=op.f('fk_registry_credit_queries_id_number_registry_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_credit_queries')),
    sa.UniqueConstraint('id_number', 'queried_on', 'institution', 'reason', name=op.f('uq_registry_credit_queries_id_number'))
    )
    with op.batch_alter_table('registry_credit_queries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registry_credit_queries_id_number'), ['id_number'], unique=False)

    op.create_table('registry_real_estate_rights',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('certificate_number', sa.String(length=100), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('right_type', sa.String(length=100), nullable=False),
    sa.Column('usage', sa.String(length=50), nullable=False),
    sa.Column('area_m2', sa.BigInteger(), nullable=False),
    sa.Column('share', sa.String(length=50), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('mortgaged', sa.Boolean(), nullable=False),
    sa.Column('seized', sa.Boolean(), nullable=False),
    sa.CheckConstraint('area_m2 > 0', name=op.f('ck_registry_real_estate_rights_area_positive')),
    sa.ForeignKeyConstraint(['id_number'], ['registry_people.id_number'], name=op.f('fk_registry_real_estate_rights_id_number_registry_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_real_estate_rights')),
    sa.UniqueConstraint('id_number', 'certificate_number', name=op.f('uq_registry_real_estate_rights_id_number'))
    )
    with op.batch_alter_table('registry_real_estate_rights', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registry_real_estate_rights_id_number'), ['id_number'], unique=False)

    op.create_table('registry_tax_payments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('tax_type', sa.String(length=50), nullable=False),
    sa.Column('item', sa.String(length=100), nullable=False),
    sa.Column('withholding_agent', sa.String(length=200), nullable=False),
    sa.Column('taxable_income', sa.BigInteger(), nullable=False),
    sa.Column('tax_paid', sa.BigInteger(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('voucher_number', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['id_number'], ['registry_people.id_number'], name=op.f('fk_registry_tax_payments_id_number_registry_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_tax_payments')),
    sa.UniqueConstraint('id_number', 'voucher_number', 'period', 'tax_type', 'item', name=op.f('uq_registry_tax_payments_id_number'))
    )
    with op.batch_alter_table('registry_tax_payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registry_tax_payments_id_number'), ['id_number'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('registry_tax_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registry_tax_payments_id_number'))

    op.drop_table('registry_tax_payments')
    with op.batch_alter_table('registry_real_estate_rights', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registry_real_estate_rights_id_number'))

    op.drop_table('registry_real_estate_rights')
    with op.batch_alter_table('registry_credit_queries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registry_credit_queries_id_number'))

    op.drop_table('registry_credit_queries')
    with op.batch_alter_table('registry_credit_accounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registry_credit_accounts_id_number'))

    op.drop_table('registry_credit_accounts')
    with op.batch_alter_table('registry_contributions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registry_contributions_id_number'))

    op.drop_table('registry_contributions')
    with op.batch_alter_table('registry_businesses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registry_businesses_legal_representative_id'))

    op.drop_table('registry_businesses')
    op.drop_table('registry_people')
