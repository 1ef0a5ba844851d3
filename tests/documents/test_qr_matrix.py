"""Every document's verification QR reads — with ZBar, and with OpenCV — and verifies, however the
page reaches a scanner: drawn by pdfium or by poppler, at 150, 200, 300 or 600 dpi, or printed and
scanned back at 300 dpi with a tilt, a blur and some noise.

The documents are signed with a fixed key and carry fixed numbers, so every run reads the same
codes: a failure here is the code's, never the luck of a random payload (docs/verification.md
gives the read rates over many random payloads).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import segno
from PIL import Image

from kiosk.documents import qr_reading
from kiosk.documents.base import DocumentKind, IssuedDocument
from kiosk.documents.fonts import DocumentFaces
from kiosk.documents.pdf_verification import read_pdf_qr
from kiosk.documents.qr_reading import GrayImage, QrDecoder, decode, read_qr
from kiosk.documents.render import PdfRenderer
from kiosk.documents.signing import verify_payload
from tests.documents import samples
from tests.qr import DECODER_FAMILIES, Rasteriser, print_and_scan, rasterise

NOW = samples.ISSUED_AT + timedelta(days=1)
RENDERS = ("150dpi", "200dpi", "300dpi", "600dpi", "scanned-300dpi")
KEY = samples.fixed_signing_key()


@pytest.fixture(scope="module")
def documents(faces: DocumentFaces) -> dict[DocumentKind, IssuedDocument]:
    renderer = PdfRenderer(lambda _kiosk, _at: KEY, faces)
    return {kind: renderer.render(samples.source(kind), samples.fixed_issue(kind)) for kind in DocumentKind}


def read(image: GrayImage, decoders: tuple[QrDecoder, ...], *, as_kiosk_verify: bool) -> str | None:
    if as_kiosk_verify:
        return read_qr(image, decoders)
    return next(filter(None, (decode(image, decoder) for decoder in decoders)), None)


@pytest.mark.parametrize("rasteriser", list(Rasteriser))
@pytest.mark.parametrize("render", RENDERS)
@pytest.mark.parametrize("kind", list(DocumentKind))
def test_both_decoders_read_and_verify_the_first_page(
    kind: DocumentKind,
    render: str,
    rasteriser: Rasteriser,
    documents: dict[DocumentKind, IssuedDocument],
    tmp_path: Path,
) -> None:
    """Clean pages are decoded whole, as a scanning app given the page would: no cropping helps.

    At 600 dpi the decoders get the page's top 60 mm (35 megapixels would take them seconds each):
    a phone held over the code sees no more. The scanned page is read as ``kiosk verify --pdf``
    reads (:func:`kiosk.documents.qr_reading.read_qr`).
    """
    document = documents[kind]
    dpi = int(render.removeprefix("scanned-").removesuffix("dpi"))
    image = rasterise(document.pdf, dpi, rasteriser, tmp_path, top_mm=60 if dpi == 600 else None)
    scanned = render.startswith("scanned")
    if scanned:
        image = print_and_scan(image, dpi)
    texts = {
        family: read(image, decoders, as_kiosk_verify=scanned)
        for family, decoders in DECODER_FAMILIES.items()
    }
    assert texts == dict.fromkeys(DECODER_FAMILIES, document.verification), "a decoder missed the code"
    for text in texts.values():
        verdict = verify_payload(text or "", [KEY.public], NOW)
        assert verdict.valid, verdict.reason
        assert verdict.payload is not None and verdict.payload.number == document.number


def test_kiosk_verify_reads_a_scanned_page(
    documents: dict[DocumentKind, IssuedDocument], tmp_path: Path
) -> None:
    """A PDF that is only a picture of the printed page, as a scanner makes it."""
    document = documents[DocumentKind.BUSINESS_LICENSE]
    scanned = print_and_scan(rasterise(document.pdf, 300, Rasteriser.POPPLER, tmp_path), 300)
    path = tmp_path / "scan.pdf"
    Image.fromarray(scanned).save(path, resolution=300)
    assert read_pdf_qr(path.read_bytes()) == document.verification


def test_the_code_is_a_version_6_code_of_0_59_mm_modules(
    documents: dict[DocumentKind, IssuedDocument],
) -> None:
    for document in documents.values():
        assert len(document.verification) == 154
        qr = segno.make_qr(document.verification, error="m")
        assert (qr.version, qr.mode, qr.error) == (6, "alphanumeric", "M")
        assert 0.58 < 24.0 / len(qr.matrix) < 0.59


def test_issued_at_is_a_time_of_its_kiosk(documents: dict[DocumentKind, IssuedDocument]) -> None:
    verdict = verify_payload(documents[DocumentKind.TAX_PAYMENT].verification, [KEY.public], NOW)
    assert verdict.payload is not None
    assert verdict.payload.issued_at == samples.ISSUED_AT
    assert verdict.payload.issued_at.utcoffset() == samples.ISSUED_AT.utcoffset()
    assert isinstance(verdict.payload.issued_at, datetime)


def test_without_zbar_kiosk_verify_still_reads_with_opencv(
    documents: dict[DocumentKind, IssuedDocument], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A machine without libzbar0: one decoder fewer, never a crash."""
    monkeypatch.setattr(qr_reading, "_zbar", None)
    assert QrDecoder.ZBAR not in qr_reading.available_decoders()
    document = documents[DocumentKind.CREDIT_REPORT]
    assert read_pdf_qr(document.pdf) == document.verification
    with pytest.raises(RuntimeError, match="libzbar0"):
        decode(np.zeros((8, 8), np.uint8), QrDecoder.ZBAR)
