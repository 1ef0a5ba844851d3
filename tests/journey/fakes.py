"""Test doubles for the journey's collaborators that are not devices.

The devices use their own scriptable mocks (devices/*/mock.py). These fakes
stand for the document source, renderer and face checker so the journey's
logic is tested alone; the integration tests use the real ones.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from devices.camera.base import Frame, Image
from devices.id_reader.base import CardPhoto, CardType, IdentityRecord
from devices.receipt_printer.base import Receipt, TextLine
from kiosk.documents.base import (
    BusinessChoice,
    DocumentKind,
    DocumentRequest,
    FetchFailure,
    FetchProblem,
    IssueContext,
    IssuedDocument,
    SourceDocument,
    SourceHealth,
    Subject,
)
from kiosk.documents.content import Holder, TaxPayment, TaxRecord
from kiosk.face.base import FaceCheckUpdate, FaceGuide, FacePrompt, FaceVerdict, ReferenceProblem
from kiosk.identity import id_check_char


def id_number(birth: str, serial: str = "123", region: str = "110105") -> str:
    body = region + birth + serial
    return body + id_check_char(body)


def card(
    name: str = "张三丰",
    birth: str = "19850612",
    serial: str = "123",  # odd: 男
    *,
    valid_until: date | None = date(2035, 1, 1),
    card_type: CardType = CardType.RESIDENT_ID,
) -> IdentityRecord:
    number = id_number(birth, serial)
    return IdentityRecord(
        card_type=card_type,
        name=name,
        id_number=number,
        sex="男" if int(serial[-1]) % 2 else "女",
        nation="汉",
        birth_date=date(int(birth[:4]), int(birth[4:6]), int(birth[6:])),
        address="北京市东城区某某街道 1 号",
        issuer="北京市公安局东城分局",
        valid_from=date(2015, 1, 1),
        valid_until=valid_until,
        photo=CardPhoto("wlt", b"\x00" * 1024),
    )


@dataclass
class FakeSource:
    name: str = "registry"
    available: bool = True
    businesses_of: list[BusinessChoice] = field(
        default_factory=lambda: [BusinessChoice("91110105MA01ABCD1X", "某某科技有限公司")]
    )
    problem: FetchProblem | None = None
    photo: bytes | None = b"photo"
    requests: list[tuple[DocumentKind, str | None]] = field(default_factory=list)  # no personal data
    payments: tuple[TaxPayment, ...] = ()  # the record's content: a new payment changes it

    def health(self) -> SourceHealth:
        return SourceHealth(self.available, "" if self.available else "the gateway does not answer")

    def businesses(self, subject: Subject) -> list[BusinessChoice] | FetchProblem:
        return self.problem or list(self.businesses_of)

    def fetch(self, request: DocumentRequest) -> SourceDocument | FetchProblem:
        self.requests.append((request.kind, request.credit_code))
        if self.problem:
            return self.problem
        holder = Holder(request.subject.name, request.subject.id_number)
        return SourceDocument(request.kind, TaxRecord(holder, self.payments))

    def reference_photo(self, subject: Subject) -> bytes | None:
        return self.photo


NOT_FOUND = FetchProblem(FetchFailure.NOT_FOUND, "no record")
UNAVAILABLE = FetchProblem(FetchFailure.UNAVAILABLE, "down")


class FakeRenderer:
    """Renders a stand-in 'PDF' whose bytes carry the holder's name, so the wipe test can look for it."""

    def render(self, document: SourceDocument, issue: IssueContext) -> IssuedDocument:
        content = document.content
        holder = getattr(content, "holder", None)
        pdf = b"%PDF-1.7 fake " + (holder.name.encode() if holder else b"")
        return IssuedDocument(
            number=issue.number,
            kind=document.kind,
            title=document.kind.value,
            pdf=pdf,
            pages=2,
            sha256=hashlib.sha256(pdf).hexdigest(),
            verification=f"V1:{issue.number}",
            issued_at=issue.issued_at,
        )

    def preview(self, document: IssuedDocument, width_px: int) -> list[bytes]:
        return [b"\x89PNG page1" + document.pdf, b"\x89PNG page2"]


class PagedRenderer(FakeRenderer):
    """Renders a real PDF of ``pages`` pages, each saying which page it is ("page 2 of 3"), so a test
    reads which pages a printer received; its hash is of the content, number and time, as the real
    renderer's is of its canonical data."""

    def __init__(self, pages: int = 3) -> None:
        self.pages = pages

    def render(self, document: SourceDocument, issue: IssueContext) -> IssuedDocument:
        from fpdf import FPDF  # noqa: PLC0415 - only the tests that print real pages load it

        pdf = FPDF()
        pdf.set_creation_date(issue.issued_at)
        pdf.set_font("helvetica", size=24)
        for page in range(1, self.pages + 1):
            pdf.add_page()
            pdf.cell(text=f"page {page} of {self.pages} {issue.number}")
        data = repr((document.content, issue.number, issue.issued_at.replace(microsecond=0)))
        return IssuedDocument(
            number=issue.number,
            kind=document.kind,
            title=document.kind.value,
            pdf=bytes(pdf.output()),
            pages=self.pages,
            sha256=hashlib.sha256(data.encode()).hexdigest(),
            verification=f"V1:{issue.number}",
            issued_at=issue.issued_at,
        )


class FakePhotoDecoder:
    def decode(self, photo: CardPhoto) -> Image | None:
        return np.zeros((126, 102, 3), dtype=np.uint8)


class ScriptedChecker:
    """Gives the verdicts it is told, one attempt after another, after a couple of guide frames."""

    def __init__(
        self, verdicts: list[FaceVerdict | None] | None = None, *, reference_ok: bool = True
    ) -> None:
        self.verdicts = list(verdicts or [FaceVerdict.PASSED])
        self.reference_ok = reference_ok
        self.frames = 0
        self.wiped = 0
        self.reference: Image | None = None
        self._verdict: FaceVerdict | None = None

    @property
    def threshold(self) -> float:
        return 0.45

    def begin(self, reference: Image, started_at: float) -> ReferenceProblem | None:
        if not self.reference_ok:
            return ReferenceProblem.NO_FACE
        self.reference = reference
        self.frames = 0
        self._verdict = self.verdicts.pop(0) if self.verdicts else FaceVerdict.PASSED
        return None

    def observe(self, frame: Frame) -> FaceCheckUpdate:
        self.frames += 1
        if self.frames < 3 or self._verdict is None:
            return FaceCheckUpdate(FaceGuide(FacePrompt.TURN_LEFT, (10, 10, 50, 50), True, 0, 2))
        score = 0.3 if self._verdict is FaceVerdict.PASSED else 0.8
        return FaceCheckUpdate(FaceGuide(FacePrompt.CHECKING, in_oval=True), self._verdict, score)

    def wipe(self) -> None:
        self.wiped += 1
        self.reference = None


def compose_receipt(**facts: object) -> Receipt:
    return Receipt((TextLine(f"{facts['masked_name']} {facts['masked_id']} {facts['document_number']}"),))


def number_for(kind: DocumentKind, when: object) -> str:
    number_for.count += 1  # type: ignore[attr-defined]
    return f"KSK-TEST-{number_for.count:06d}"  # type: ignore[attr-defined]


number_for.count = 0  # type: ignore[attr-defined]
