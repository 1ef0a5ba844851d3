"""The document interfaces the journey is written against.

A :class:`DocumentSource` answers for one citizen (the :class:`Subject` the
card identified); a :class:`DocumentRenderer` turns what it answers into the
PDF that is previewed and printed. Expected failures are values
(:class:`FetchProblem`), never exceptions.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from kiosk.documents.content import DocumentContent


class DocumentKind(enum.StrEnum):
    """What can be printed; the service catalog's ``template`` names one."""

    CREDIT_REPORT = "credit_report"
    BUSINESS_LICENSE = "business_license"
    SOCIAL_INSURANCE = "social_insurance"
    TAX_PAYMENT = "tax_payment"
    REAL_ESTATE = "real_estate"


@dataclass(frozen=True, slots=True)
class Subject:
    """The citizen a document is about, as identified by their card. Masked repr."""

    id_number: str
    name: str

    def __repr__(self) -> str:
        return f"Subject(id_number=…{self.id_number[-4:]}, name=<hidden>)"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class BusinessChoice:
    """A business the subject may print the license of (they are its legal representative)."""

    credit_code: str
    name: str


@dataclass(frozen=True, slots=True)
class DocumentRequest:
    kind: DocumentKind
    subject: Subject
    credit_code: str | None = None  # which business, for a license

    def __repr__(self) -> str:
        business = self.credit_code
        return f"DocumentRequest(kind={self.kind.value}, subject={self.subject!r}, credit_code={business})"


class FetchFailure(enum.StrEnum):
    NOT_FOUND = "not_found"  # the source has no such record for this person
    UNAVAILABLE = "unavailable"  # the source is down, slow, or its circuit is open
    WRONG_PERSON = "wrong_person"  # the answer was about someone else: refused
    INVALID = "invalid"  # the answer was malformed or too large
    TIMEOUT = "timeout"  # no answer within the journey's limit for the step (the journey's own finding)


@dataclass(frozen=True, slots=True)
class FetchProblem:
    failure: FetchFailure
    detail: str  # a plain sentence, no personal data


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """The facts to print, as the source gave them."""

    kind: DocumentKind
    content: DocumentContent = field(repr=False)
    source: str = "registry"  # which source answered: registry or gateway

    def __repr__(self) -> str:
        return f"SourceDocument(kind={self.kind.value}, source={self.source}, <content hidden>)"


@dataclass(frozen=True, slots=True)
class SourceHealth:
    available: bool
    reason: str = ""  # why not, in a plain sentence


@runtime_checkable
class DocumentSource(Protocol):
    """Where documents come from: the local registry or the provincial gateway. Blocking."""

    @property
    def name(self) -> str: ...

    def health(self) -> SourceHealth:
        """Cheap: never waits on the network (a circuit breaker's state)."""
        ...

    def businesses(self, subject: Subject) -> list[BusinessChoice] | FetchProblem: ...

    def fetch(self, request: DocumentRequest) -> SourceDocument | FetchProblem: ...

    def reference_photo(self, subject: Subject) -> bytes | None:
        """The subject's registered photo (JPEG/PNG bytes) for the face check, if the source has one."""
        ...


@dataclass(frozen=True, slots=True)
class IssueContext:
    """Who issues the document, when, and its number."""

    number: str
    kiosk_id: str
    kiosk_name: str
    issued_at: datetime


ATTACHMENT_NAME = "document.json"
"""The canonical data attached to every document PDF; the QR signs a digest of it."""


@dataclass(frozen=True, slots=True)
class IssuedDocument:
    """A rendered, signed document: what the preview shows and the printer prints."""

    number: str
    kind: DocumentKind
    title: str
    pdf: bytes = field(repr=False)
    pages: int
    sha256: str
    verification: str  # the signed payload in the QR code
    issued_at: datetime


class RenderError(Exception):
    """The document cannot be set correctly (e.g. a character the fonts do not have).

    A bug or a data problem, never something to print around: the journey
    shows a fault instead of a page with a blank box.
    """


@runtime_checkable
class DocumentRenderer(Protocol):
    def render(self, document: SourceDocument, issue: IssueContext) -> IssuedDocument: ...

    def preview(self, document: IssuedDocument, width_px: int) -> list[bytes]:
        """PNG images of the pages of exactly the PDF that will print."""
        ...
