"""``kiosk verify PAYLOAD`` and ``kiosk verify --pdf FILE``: is a document genuine?

Prints ``valid`` or ``invalid: <reason>`` and exits 0 or 1. Keys: the kiosk's
own key set from its data dir, or ``--public-key FILE`` (a key set as printed
by ``kiosk keys show --json``), which is how anyone else verifies.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.documents.render import ATTACHMENT_NAME
from kiosk.documents.signing import (
    KeyFileError,
    KeyStore,
    PublicKey,
    Verdict,
    VerifyFailure,
    read_key_set,
    verify_payload,
)

QR_DPI = (200, 300)  # 200 finds the 24 mm code on a rendered page; 300 is the retry for a scan-like PDF


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "verify", help="check a document's verification code (exit 0 valid, 1 invalid)"
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("payload", nargs="?", help="the text of the QR code (CK1:…)")
    what.add_argument(
        "--pdf", type=Path, help="a document PDF: find its QR code and check it against the pages"
    )
    parser.add_argument(
        "--public-key", type=Path, action="append", default=None, metavar="FILE",
        help="a published key set (kiosk keys show --json); default: this kiosk's own keys",
    )  # fmt: skip
    parser.set_defaults(handler=verify)


def verify(args: argparse.Namespace) -> int:
    try:
        keys = _keys(args)
    except KeyFileError as exc:
        print(exc, file=sys.stderr)
        return 2
    now = datetime.now().astimezone()
    if args.pdf is not None:
        try:
            pdf = args.pdf.read_bytes()
        except OSError as exc:
            print(f"The file {args.pdf} cannot be read: {exc.strerror}.", file=sys.stderr)
            return 2
        verdict = verify_pdf(pdf, keys, now)
    else:
        verdict = verify_payload(args.payload, keys, now)
    return report(verdict)


def _keys(args: argparse.Namespace) -> list[PublicKey]:
    if args.public_key:
        return [key for path in args.public_key for key in read_key_set(path)]
    config = load_config(args.config)
    keys = KeyStore.in_data_dir(config.resolved_data_dir()).public_keys()
    if not keys:
        raise KeyFileError("This kiosk has no keys yet (run kiosk keys show); or give --public-key FILE.")
    return keys


def report(verdict: Verdict) -> int:
    payload = verdict.payload
    if verdict.valid and payload is not None:
        print(
            f"valid: {payload.kind.value} {payload.number},"
            f" issued {payload.issued_at.astimezone():%Y-%m-%d %H:%M %z} "
            f"by kiosk {payload.kiosk_id} (key {payload.key_id})"
        )
        return 0
    print(f"invalid ({verdict.failure}): {verdict.reason}")
    return 1


def find_qr_text(pdf: bytes, page: int = 0) -> str | None:
    """The text of the QR code on ``page``, found with OpenCV's detector on the page rendered by pdfium."""
    import cv2
    import numpy as np

    from kiosk.documents.preview import page_image_at_dpi

    # The whole page first; then the top-right corner, where the layout puts the code, because
    # the watermark and the text around it sometimes lead the detector astray on a full page.
    detectors: list[Any] = [cv2.QRCodeDetector()]
    if hasattr(cv2, "QRCodeDetectorAruco"):
        detectors.append(cv2.QRCodeDetectorAruco())
    for dpi in QR_DPI:
        image = np.asarray(page_image_at_dpi(pdf, page, dpi).convert("L"))
        height, width = image.shape[:2]
        corner = np.ascontiguousarray(image[: height // 4, width // 2 :])
        for picture in (image, corner):
            for detector in detectors:
                text, _points, _straight = detector.detectAndDecode(picture)
                if text:
                    return str(text)
    return None


def verify_pdf(pdf: bytes, keys: list[PublicKey], now: datetime) -> Verdict:
    """The QR's signature, then that it belongs to this PDF: its data hash and the printed number."""
    from kiosk.documents.preview import attachment, page_texts

    try:
        text = find_qr_text(pdf)
    except Exception:  # noqa: BLE001 - pdfium refuses a damaged or non-PDF file with assorted errors
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
    if hashlib.sha256(data).hexdigest() != payload.data_sha256:
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
