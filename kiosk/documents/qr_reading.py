"""Reading a QR code back from a picture, with independent decoders, as the people who scan one do.

Two decoder families that share no code: ZBar (through pyzbar; the decoder that ``zbarimg`` and
many scanning apps are built on) and OpenCV's detectors — the classic one, and the ArUco-based
one, which finds codes the classic one loses among nearby text. ``kiosk verify --pdf`` reads with
all of them in turn; the tests require every one of them to read each document on its own.

ZBar needs Debian's ``libzbar0``. Without it pyzbar cannot load, and reading goes on with
OpenCV alone (:func:`available_decoders` says which are there).
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Iterator, Sequence
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

GrayImage = npt.NDArray[np.uint8]
"""A picture as 8-bit grey levels, rows by columns."""

_zbar: Any
try:
    _zbar = importlib.import_module("pyzbar.pyzbar")
except ImportError:  # pyzbar not installed, or libzbar0 missing: OpenCV still reads
    _zbar = None


_SMALLEST_PART = 64
"""Pixels: a picture whose half is smaller than this holds no code worth cutting it for."""


class QrDecoder(enum.StrEnum):
    ZBAR = "zbar"
    OPENCV = "opencv"
    OPENCV_ARUCO = "opencv_aruco"


def available_decoders() -> tuple[QrDecoder, ...]:
    """The decoders this machine has, ZBar first (it is the quickest and the most widely used)."""
    return tuple(d for d in QrDecoder if d is not QrDecoder.ZBAR or _zbar is not None)


def decode(image: GrayImage, decoder: QrDecoder) -> str | None:
    """The text of a QR code in ``image`` as ``decoder`` reads it; None when it finds none."""
    if decoder is QrDecoder.ZBAR:
        if _zbar is None:
            raise RuntimeError("ZBar is not available: install Debian's libzbar0 and pyzbar")
        for symbol in _zbar.decode(image, symbols=[_zbar.ZBarSymbol.QRCODE]):
            data: bytes = symbol.data
            return data.decode("utf-8", errors="replace")
        return None
    detector: Any = cv2.QRCodeDetector() if decoder is QrDecoder.OPENCV else cv2.QRCodeDetectorAruco()
    text, _points, _straight = detector.detectAndDecode(image)
    return str(text) if text else None


def read_qr(image: GrayImage, decoders: Sequence[QrDecoder] | None = None) -> str | None:
    """The text of the QR code in ``image``: the first decoder that reads it on the picture's top
    right corner, then on the whole picture, its other corners, and the whole at half resolution.

    Each step is there for a decoder that misses a code it could read. OpenCV's classic detector
    loses a code among a page of dense text (and takes seconds to give up on a scanned page), but
    finds it at once on the corner, where documents — the kiosk's among them — put their codes;
    a noisy scan's grain confuses the ArUco-based one less at half the resolution.
    """
    chosen = available_decoders() if decoders is None else tuple(decoders)
    for picture in _pictures(image):
        for decoder in chosen:
            text = decode(picture, decoder)
            if text:
                return text
    return None


def _pictures(image: GrayImage) -> Iterator[GrayImage]:
    height, width = image.shape[:2]
    side = min(height, width) // 2  # on an A4 page, a corner 105 mm square
    if side < _SMALLEST_PART:
        yield image
        return
    corners = [
        np.ascontiguousarray(image[top : top + side, left : left + side])
        for top in (0, height - side)
        for left in (width - side, 0)
    ]
    yield corners[0]
    yield image
    yield from corners[1:]
    half = np.asarray(cv2.resize(image, (width // 2, height // 2), interpolation=cv2.INTER_AREA), np.uint8)
    yield half
