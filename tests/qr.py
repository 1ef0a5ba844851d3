"""Reading QR codes back in tests, as the people who scan a kiosk's paper would.

- :func:`decode_qr` — any decoder (what ``kiosk verify --pdf`` does), for tests that only need the text;
- :data:`DECODER_FAMILIES` — the two independent decoders the document matrix requires one by one:
  ZBar, and OpenCV's two detectors (the classic one loses codes among dense text on a noisy
  scan, the ArUco-based one finds those, so OpenCV as a scanner app would use it is both);
- :func:`rasterise` — a PDF page as pdfium draws it (the kiosk's own previews and ``kiosk verify``)
  or as poppler does (``pdftoppm``: Linux viewers, CUPS filters, and the tool that showed the
  hairline seams of the old code);
- :func:`print_and_scan` — a page as a scanner returns it after printing: tilted, blurred, with
  paper that is not quite white, ink that is not quite black, and sensor noise.
"""

from __future__ import annotations

import enum
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from kiosk.documents.pdf_verification import render_gray
from kiosk.documents.qr_reading import GrayImage, QrDecoder, read_qr

DECODER_FAMILIES: dict[str, tuple[QrDecoder, ...]] = {
    "zbar": (QrDecoder.ZBAR,),
    "opencv": (QrDecoder.OPENCV, QrDecoder.OPENCV_ARUCO),
}

SCAN_TILT_DEGREES = 2.0
SCAN_BLUR_PX_AT_300_DPI = 1.2
"""A mild print-and-scan blur: one and a bit pixels at 300 dpi, scaled with the resolution."""
SCAN_PAPER, SCAN_INK = 232, 28
SCAN_NOISE = 6.0
"""Grey levels (standard deviation) of sensor noise, per pixel."""


class Rasteriser(enum.StrEnum):
    PDFIUM = "pdfium"
    POPPLER = "poppler"


def decode_qr(image: Image.Image) -> str:
    """The text of the QR code in ``image``; "" when no decoder finds one."""
    return read_qr(np.asarray(image.convert("L"))) or ""


def rasterise(
    pdf: bytes, dpi: int, rasteriser: Rasteriser, work: Path, top_mm: float | None = None, page_index: int = 0
) -> GrayImage:
    """A page (the first unless told) at ``dpi`` in grey levels; only its top ``top_mm`` if given."""
    if rasteriser is Rasteriser.PDFIUM:
        if top_mm is None:
            return render_gray(pdf, page_index, dpi)
        document = pdfium.PdfDocument(pdf)
        page = document[page_index]
        cut = page.get_height() - top_mm / 25.4 * 72
        bitmap = page.render(scale=dpi / 72, grayscale=True, crop=(0, cut, 0, 0))
        image = np.array(bitmap.to_numpy(), dtype=np.uint8)
        bitmap.close()
        page.close()
        document.close()
        return image
    source = work / "page.pdf"
    source.write_bytes(pdf)
    number = str(page_index + 1)
    command = ["pdftoppm", "-gray", "-r", str(dpi), "-f", number, "-l", number, "-singlefile"]
    if top_mm is not None:
        command += ["-x", "0", "-y", "0", "-W", "100000", "-H", str(round(top_mm / 25.4 * dpi))]
    subprocess.run([*command, str(source), str(work / "page")], check=True, capture_output=True)
    image = cv2.imread(str(work / "page.pgm"), cv2.IMREAD_GRAYSCALE)
    assert image is not None, "pdftoppm wrote no page"
    return np.asarray(image, dtype=np.uint8)


def print_and_scan(image: GrayImage, dpi: int, seed: int = 18) -> GrayImage:
    """``image`` tilted by 2°, blurred, with greyish paper and ink and a little noise."""
    height, width = image.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), SCAN_TILT_DEGREES, 1.0)
    tilted = cv2.warpAffine(image, turn, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)
    blurred = cv2.GaussianBlur(tilted, (0, 0), SCAN_BLUR_PX_AT_300_DPI * dpi / 300)
    levels = blurred.astype(np.float32) * ((SCAN_PAPER - SCAN_INK) / 255) + SCAN_INK
    noisy = levels + np.random.default_rng(seed).normal(0.0, SCAN_NOISE, levels.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)
