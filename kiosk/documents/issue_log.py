"""The record of every issued document: number, kind, hash, pages, time, session — never its content."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.documents.base import IssuedDocument
from kiosk.storage.models import IssuedDocumentRow


def record_issued(
    session: Session, document: IssuedDocument, session_id: str | None = None
) -> IssuedDocumentRow:
    """Add the row for ``document`` to ``session`` (the caller commits).

    ``sha256`` is the hash the QR code signs (of the document's canonical
    data): with the number it lets an authority confirm a document later, and
    on its own it reveals nothing about the citizen.
    """
    row = IssuedDocumentRow(
        number=document.number,
        kind=document.kind.value,
        sha256=document.sha256,
        pages=document.pages,
        session_id=session_id,
        issued_at=document.issued_at.replace(tzinfo=None)
        if document.issued_at.tzinfo
        else document.issued_at,
    )
    session.add(row)
    return row
