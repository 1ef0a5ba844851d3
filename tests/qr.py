"""Reading a QR code back from a rendered picture, as a phone would: with OpenCV's two detectors.

The classic detector misses a few percent of perfectly good codes when text sits close to them
(seen with the receipt's timestamped test slip: about 1 in 40 timestamps); the ArUco-based one
reads those. ``kiosk verify --pdf`` tries both for the same reason.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from PIL import Image


def decode_qr(image: Image.Image) -> str:
    """The text of the QR code in ``image``; "" when neither detector finds one."""
    picture = np.asarray(image.convert("L"))
    detectors: list[Any] = [cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()]
    for detector in detectors:
        text, _points, _straight = detector.detectAndDecode(picture)
        if text:
            return str(text)
    return ""
