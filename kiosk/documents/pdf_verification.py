"""Checking a document PDF that anyone may hand in: its QR code, and that the code belongs to it.

The PDF comes from outside (``kiosk verify --pdf``), so the work it can cause is bounded before
any of it is done: the file's size, its page count and its page size have limits, and a file past
one is refused with one sentence. Within them the first page is rendered at 300 dpi at most,
a few dozen megabytes whatever the file says.

The QR is read like a scanner would (:mod:`kiosk.documents.qr_reading`): every decoder, on the
whole page and then on parts of it, at 200 dpi and then at 300 and 150.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from kiosk.documents.base import ATTACHMENT_NAME
from kiosk.documents.preview import attachment, page_texts
from kiosk.documents.qr_reading import GrayImage, read_qr
from kiosk.documents.signing import PublicKey, Verdict, VerifyFailure, verify_payload

MAX_FILE_BYTES = 20 * 1024 * 1024
"""A kiosk document is a few hundred kB (its fonts are subset); a scanned one a few MB."""
MAX_PAGES = 200
"""The longest credit report runs to a few dozen pages; every page's text is read to find the number."""
MAX_PAGE_SIDE_PT = 1224.0
"""17 in (432 mm): A3 and US tabloid, with room for a scanner's oversized page. A page is rendered
at 300 dpi at most, so this caps a render at about 26 megapixels."""
READ_DPI = (200, 300, 150)
"""200 dpi reads a kiosk document's code; 300 is the common scan resolution; 150 a last try for a
code blurred by a poor scan, which a coarser grid sharpens."""
POINTS_PER_INCH = 72.0


@dataclass(frozen=True, slots=True)
class Refusal:
    """The file is not examined at all; ``reason`` is one sentence."""

    reason: str


def read_pdf_file(path: Path) -> bytes | Refusal:
    """The file's bytes, reading no more than :data:`MAX_FILE_BYTES` (``/dev/zero`` has no end)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return Refusal(f"The file {path} cannot be read: {exc.strerror}.")
    return _size_refusal(data) or data


def check_limits(pdf: bytes) -> Refusal | None:
    """Why the PDF is refused before any page is drawn; None if it is within the limits.

    A file that is not a PDF at all is not refused here: it is a document without a code.
    """
    refusal = _size_refusal(pdf)
    if refusal is not None:
        return refusal
    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError:
        return None
    try:
        pages = len(document)
        if pages > MAX_PAGES:
            return Refusal(
                f"The PDF has {pages} pages; a document of more than {MAX_PAGES} pages is not checked."
            )
        for index in range(pages):
            width, height = document.get_page_size(index)
            if max(width, height) > MAX_PAGE_SIDE_PT:
                return Refusal(
                    f"Page {index + 1} is {_mm(width):.0f} × {_mm(height):.0f} mm; a page larger than "
                    f"{_mm(MAX_PAGE_SIDE_PT):.0f} mm on a side is not checked."
                )
        return None
    finally:
        document.close()


def read_pdf_qr(pdf: bytes, page: int = 0) -> str | None:
    """The text of the QR code on ``page`` (of a PDF within the limits); None if none is found."""
    for dpi in READ_DPI:
        text = read_qr(render_gray(pdf, page, dpi))
        if text:
            return text
    return None


def render_gray(pdf: bytes, page: int, dpi: float) -> GrayImage:
    """One page at ``dpi`` in grey levels."""
    document = pdfium.PdfDocument(pdf)
    try:
        handle = document[page]
        try:
            bitmap = handle.render(scale=dpi / POINTS_PER_INCH, grayscale=True)
            try:
                # A copy: the bitmap's buffer is freed when it closes.
                return np.array(bitmap.to_numpy(), dtype=np.uint8)
            finally:
                bitmap.close()
        finally:
            handle.close()
    finally:
        document.close()


def verify_pdf(pdf: bytes, keys: list[PublicKey], now: datetime) -> Verdict | Refusal:
    """The QR's signature, then that it belongs to this PDF: its data digest and the printed number."""
    refusal = check_limits(pdf)
    if refusal is not None:
        return refusal
    try:
        text = read_pdf_qr(pdf)
    except pdfium.PdfiumError:
        return Verdict(None, VerifyFailure.NO_QR, "The file is not a readable PDF.")
    if text is None:
        return Verdict(None, VerifyFailure.NO_QR, "No verification QR code was found on the first page.")
    verdict = verify_payload(text, keys, now)
    if not verdict.valid or verdict.payload is None:
        return verdict
    payload = verdict.payload
    data = attachment(pdf, ATTACHMENT_NAME)
    if data is None:
        return Verdict(
            payload,
            VerifyFailure.OTHER_DOCUMENT,
            "The PDF carries no document data to check the code against.",
        )
    if not payload.covers(data):
        return Verdict(
            payload, VerifyFailure.OTHER_DOCUMENT,
            "The code is genuine but belongs to another document: "
            "this document's data does not match the code's hash.",
        )  # fmt: skip
    try:
        record = json.loads(data)
    except ValueError:
        record = {}
    if record.get("number") != payload.number or record.get("kind") != payload.kind.value:
        return Verdict(
            payload, VerifyFailure.OTHER_DOCUMENT, "The document's number or type differs from the code's."
        )
    for index, page_text in enumerate(page_texts(pdf), start=1):
        if payload.number not in page_text:
            return Verdict(
                payload, VerifyFailure.OTHER_DOCUMENT,
                f"Page {index} does not show the document number {payload.number} that the code names.",
            )  # fmt: skip
    return verdict


def _size_refusal(data: bytes) -> Refusal | None:
    if len(data) > MAX_FILE_BYTES:
        return Refusal(
            f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, "
            "far more than any kiosk document: it is not checked."
        )
    return None


def _mm(points: float) -> float:
    return points / POINTS_PER_INCH * 25.4
