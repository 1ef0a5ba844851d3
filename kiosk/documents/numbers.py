"""Document numbers: ``20261122-XY-7KQ3M9XA2B``.

Issue date, a two-letter kind code, and ten random Crockford base32 characters
(50 bits). Random rather than a counter: a counter needs state that survives
power cuts and a restored backup, and two kiosks' counters collide; 50 random
bits do not collide in practice (10,000 documents a day city-wide: about 1 in
20 million per day), and the issued-documents table's primary key refuses the
rare duplicate. The kiosk id is not in the number (it is in the QR payload and
printed on every page), which keeps the number short enough to read aloud and
within the 40 characters the tables allow.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from kiosk.documents.base import DocumentKind

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O, U: nothing to misread on paper
KIND_LETTERS = {
    DocumentKind.CREDIT_REPORT: "XY",  # 信用
    DocumentKind.BUSINESS_LICENSE: "ZZ",  # 执照
    DocumentKind.SOCIAL_INSURANCE: "SB",  # 社保
    DocumentKind.TAX_PAYMENT: "NS",  # 纳税
    DocumentKind.REAL_ESTATE: "BD",  # 不动产
}


def new_document_number(kind: DocumentKind, issued_at: datetime) -> str:
    tail = "".join(secrets.choice(CROCKFORD) for _ in range(10))
    return f"{issued_at:%Y%m%d}-{KIND_LETTERS[kind]}-{tail}"
