"""Issued documents are recorded by number, kind, hash and time — never with the citizen's data."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from kiosk.documents.base import IssuedDocument
from kiosk.storage.db import make_engine, make_sessionmaker
from kiosk.storage.migrate import upgrade
from kiosk.storage.models import IssuedDocumentRow
from kiosk.storage.records import Records
from tests.documents import samples


def test_record_issued_document_without_personal_data(
    rendered: dict[str, IssuedDocument], tmp_path: Path
) -> None:
    db = tmp_path / "kiosk.db"
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    document = rendered["credit_report"]
    Records(engine).issued_document(document, None)
    with make_sessionmaker(engine)() as session:
        row = session.scalars(select(IssuedDocumentRow)).one()
        assert (row.number, row.kind, row.sha256, row.pages, row.session_id) == (
            document.number,
            "credit_report",
            document.sha256,
            document.pages,
            None,
        )
        assert row.issued_at == document.issued_at.astimezone().replace(tzinfo=None)  # stored as local time
    engine.dispose()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("kiosk.db"))
    for secret in (samples.LI_YAN.name, samples.LI_YAN.id_number, "李"):
        assert secret.encode("utf-8") not in stored
