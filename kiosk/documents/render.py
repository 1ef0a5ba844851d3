"""The renderer: a source document set on A4 by its layout, signed, and returned as PDF bytes.

The QR signs the SHA-256 of :func:`canonical_data` — the document's kind,
number, issue time, issuing kiosk and content as canonical JSON — because the
page cannot contain a hash of itself. The same JSON is attached to the PDF
(``document.json``) so ``kiosk verify --pdf`` can recompute the hash; the
attachment holds nothing that is not already printed on the pages. The page
frame the layouts draw on is in :mod:`kiosk.documents.page`.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kiosk.documents import preview as page_images
from kiosk.documents.base import (
    ATTACHMENT_NAME,
    DocumentKind,
    IssueContext,
    IssuedDocument,
    RenderError,
    SourceDocument,
)
from kiosk.documents.content import DocumentContent
from kiosk.documents.fonts import DocumentFaces, document_faces, missing_glyph_sentence
from kiosk.documents.layouts import layout_for
from kiosk.documents.page import DocumentPdf
from kiosk.documents.signing import KeyStore, SigningKey, sign_payload

CANONICAL_VERSION = 1


# -- canonical data -----------------------------------------------------------------


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, (str, int, bool, float)):
        return value
    raise TypeError(f"cannot put a {type(value).__name__} into canonical document data")


def canonical_data(kind: DocumentKind, content: DocumentContent, issue: IssueContext) -> bytes:
    """The document as canonical JSON (sorted keys, no spaces, UTF-8): what the QR's hash covers."""
    record = {
        "v": CANONICAL_VERSION,
        "kind": kind.value,
        "number": issue.number,
        "issued_at": issue.issued_at.replace(microsecond=0).isoformat(),
        "kiosk_id": issue.kiosk_id,
        "kiosk_name": issue.kiosk_name,
        "content": _plain(content),
    }
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _strings(item)


# -- the renderer -------------------------------------------------------------------


class PdfRenderer:
    """:class:`~kiosk.documents.base.DocumentRenderer` with fpdf2 and the kiosk's signing key.

    ``keys`` gives the signing key for a kiosk id at a time (rotating as keys
    expire); fonts load on first use unless ``faces`` is given.
    """

    def __init__(
        self, keys: KeyStore | Callable[[str, datetime], SigningKey], faces: DocumentFaces | None = None
    ) -> None:
        self._key_for = keys.signing_key if isinstance(keys, KeyStore) else keys
        self._key: SigningKey | None = None
        self._faces = faces

    def warm_up(self) -> None:
        """Load the fonts now (≈ 0.6 s), so the first document does not wait for them."""
        _ = self.faces

    @property
    def faces(self) -> DocumentFaces:
        if self._faces is None:
            self._faces = document_faces()
        return self._faces

    def _signing_key(self, issue: IssueContext) -> SigningKey:
        key = self._key
        at = issue.issued_at if issue.issued_at.tzinfo else issue.issued_at.astimezone()
        if key is None or key.public.kiosk_id != issue.kiosk_id or not key.public.valid_at(at):
            key = self._key = self._key_for(issue.kiosk_id, issue.issued_at)
        return key

    def render(self, document: SourceDocument, issue: IssueContext) -> IssuedDocument:
        title, layout = layout_for(document.kind)
        faces = self.faces
        missing = faces.first_missing(_strings(document.content), keys=tuple(faces.faces))
        if missing is not None:
            raise RenderError(missing_glyph_sentence(missing))
        data = canonical_data(document.kind, document.content, issue)
        digest = hashlib.sha256(data).hexdigest()
        payload = sign_payload(self._signing_key(issue), document.kind, issue.number, issue.issued_at, digest)
        pdf = DocumentPdf(faces, title, issue, payload)
        pdf.add_page()
        layout(pdf, document.content)
        stamped = issue.issued_at if issue.issued_at.tzinfo else issue.issued_at.astimezone()  # local time
        pdf.embed_file(
            basename=ATTACHMENT_NAME,
            bytes=data,
            desc="Canonical document data; its SHA-256 is signed in the QR code",
            creation_date=stamped,
            modification_date=stamped,
            compress=True,
        )
        pdf_bytes = faces.output(pdf)
        return IssuedDocument(
            number=issue.number,
            kind=document.kind,
            title=title,
            pdf=pdf_bytes,
            pages=pdf.pages_count,
            sha256=digest,
            verification=payload,
            issued_at=issue.issued_at,
        )

    def preview(self, document: IssuedDocument, width_px: int) -> list[bytes]:
        return page_images.page_pngs(document.pdf, width_px)
