"""what a provincial 好差评 system files a rating under (wire schema 2)

`ratings` keeps, beside the level and reasons, the service's 政务服务事项编码 (`item_code`), the
channel (评价渠道, 自助终端 for a kiosk), how the visit ended (`outcome`: failed visits are rated
too), the visit's times, the version of the reasons' list the screen offered, and whether the
citizen asked for a call back (`with_contact`; the number itself goes to the 差评's follow-up
only). A schema 1 rating leaves them empty.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 12:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
    ALTER TABLE ratings
        ADD COLUMN item_code text,
        ADD COLUMN channel text,
        ADD COLUMN outcome text,
        ADD COLUMN started_at timestamp,
        ADD COLUMN ended_at timestamp,
        ADD COLUMN reasons_version text,
        ADD COLUMN with_contact boolean NOT NULL DEFAULT false;
    """)


def downgrade() -> None:
    op.execute(
        "ALTER TABLE ratings DROP COLUMN item_code, DROP COLUMN channel, DROP COLUMN outcome,"
        " DROP COLUMN started_at, DROP COLUMN ended_at, DROP COLUMN reasons_version, DROP COLUMN with_contact"
    )
