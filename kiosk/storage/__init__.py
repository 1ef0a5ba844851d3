"""Storage: SQLAlchemy models, the engine, Alembic migrations and the records the kiosk keeps.

No identity data in clear is ever stored: sessions keep the masked ID number
and a keyed hash; audit events keep no personal data at all.
"""
