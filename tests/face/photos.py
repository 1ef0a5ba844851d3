"""Real face photos for the face-check tests and the accuracy report, fetched by pinned hash.

- The ``face_recognition==1.3.0`` sdist from PyPI carries ``tests/test_images``:
  three different photos of Barack Obama (obama.jpg, obama2.jpg, obama3.jpg),
  two crops of obama.jpg (obama_partial_face*.jpg, not independent photos) and
  one of Joe Biden. ``pip download`` fetches it (through whatever index the
  machine's pip is set up for) with ``--require-hashes`` into ``tests/.cache/``
  (git-ignored); the file's SHA-256 is checked again before use.
- scikit-image (a dev dependency) ships ``astronaut()`` (Eileen Collins) and
  ``lfw_subset()``: 100 faces and 100 non-faces from LFW, 25×25 grey.

Photos are decoded in memory; nothing but the pinned sdist is written.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
import skimage.data

from kiosk.face.calibration import simulated_card

Image = npt.NDArray[np.uint8]

SDIST_NAME = "face_recognition-1.3.0.tar.gz"
SDIST_REQUIREMENT = "face_recognition==1.3.0"
SDIST_SHA256 = "5e5efdd1686aa566af0d3cc1313b131e4b197657a8ffd03669e6d3fad92705ec"
CACHE_DIR = Path(__file__).resolve().parents[1] / ".cache"
DOWNLOAD_TIMEOUT = 180

# Independent photos per identity (the partial-face crops of obama.jpg are left
# out of genuine pairs: pairing a photo with a crop of itself flatters the match).
IDENTITY_PHOTOS = {
    "obama": ("obama.jpg", "obama2.jpg", "obama3.jpg"),
    "biden": ("biden.jpg",),
}


class PhotosUnavailableError(Exception):
    """The pinned photos could not be fetched; ``str()`` says why."""


def sdist_path() -> Path:
    """The pinned sdist in the cache, downloaded first if missing. Raises PhotosUnavailableError."""
    target = CACHE_DIR / SDIST_NAME
    if target.is_file() and _sha256(target) == SDIST_SHA256:
        return target
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE_DIR) as tmp:
        requirements = Path(tmp) / "requirements.txt"
        requirements.write_text(f"{SDIST_REQUIREMENT} --hash=sha256:{SDIST_SHA256}\n", encoding="utf-8")
        command = [
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
            "--require-hashes", "-r", str(requirements), "-d", tmp,
        ]  # fmt: skip
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=DOWNLOAD_TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PhotosUnavailableError(f"pip download of {SDIST_REQUIREMENT} did not run: {exc}") from None
        fetched = Path(tmp) / SDIST_NAME
        if done.returncode != 0 or not fetched.is_file():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise PhotosUnavailableError(f"pip download of {SDIST_REQUIREMENT} failed: {last}")
        if _sha256(fetched) != SDIST_SHA256:
            raise PhotosUnavailableError(f"{SDIST_NAME} does not match its pinned SHA-256")
        fetched.replace(target)
    return target


def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


@functools.cache
def sdist_photos() -> dict[str, Image]:
    """``tests/test_images/*.jpg`` from the sdist, decoded (BGR), by file name."""
    photos: dict[str, Image] = {}
    with tarfile.open(sdist_path(), "r:gz") as archive:
        for member in archive.getmembers():
            parts = Path(member.name).parts
            if member.isfile() and parts[-3:-1] == ("tests", "test_images") and member.name.endswith(".jpg"):
                data = archive.extractfile(member)
                assert data is not None
                raw = np.frombuffer(io.BytesIO(data.read()).getvalue(), dtype=np.uint8)
                photos[parts[-1]] = np.asarray(cv2.imdecode(raw, cv2.IMREAD_COLOR), dtype=np.uint8)
    if not photos:
        raise PhotosUnavailableError(f"{SDIST_NAME} holds no tests/test_images/*.jpg")
    return photos


def photos_or_reason() -> tuple[dict[str, Image] | None, str]:
    """The photos, or None and the reason. In CI (``$CI`` set) a failed download is an error, not a skip."""
    try:
        return sdist_photos(), ""
    except PhotosUnavailableError as exc:
        if os.environ.get("CI"):
            raise
        return None, str(exc)


def astronaut() -> Image:
    return np.ascontiguousarray(skimage.data.astronaut()[:, :, ::-1])


@functools.cache
def _lfw() -> npt.NDArray[np.uint8]:
    images = skimage.data.lfw_subset()
    if images.dtype != np.uint8:
        images = np.clip(np.round(images * 255), 0, 255).astype(np.uint8)
    return images


def lfw_picture(index: int) -> Image:
    """LFW subset picture ``index`` (0–99 faces, 100–199 non-faces) as a 230×230 BGR picture.

    The 25-pixel crops are too small for any face detector's window: they are
    enlarged to 150 pixels and given a 40-pixel margin of repeated edge.
    """
    grey = cv2.resize(_lfw()[index], (150, 150), interpolation=cv2.INTER_CUBIC)
    grey = cv2.copyMakeBorder(grey, 40, 40, 40, 40, cv2.BORDER_REPLICATE)
    return np.asarray(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), dtype=np.uint8)


LFW_FACES = range(100)
LFW_NON_FACES = range(100, 200)


def card_photo(photo: Image, box: tuple[int, int, int, int]) -> Image:
    """A simulated ID-card photo of the face in ``box`` (the one ``kiosk face-calibrate`` makes)."""
    return simulated_card(photo, box)


@dataclass(frozen=True)
class Placed:
    """A photo placed in a 640×480 camera frame with its face at ``face_width`` pixels, centred."""

    frame: Image
    face_box: tuple[int, int, int, int]


def place_in_frame(
    photo: Image,
    box: tuple[int, int, int, int],
    *,
    face_width: int = 200,
    size: tuple[int, int] = (640, 480),
    shift: tuple[int, int] = (0, 0),
) -> Placed:
    """Scale ``photo`` so the face in ``box`` is ``face_width`` wide and cut a frame centred on it."""
    scale = face_width / box[2]
    method = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    scaled = cv2.resize(photo, None, fx=scale, fy=scale, interpolation=method)
    cx = (box[0] + box[2] / 2) * scale - shift[0]
    cy = (box[1] + box[3] / 2) * scale - shift[1]
    width, height = size
    pad = max(width, height)
    padded = cv2.copyMakeBorder(scaled, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    x0, y0 = round(cx - width / 2) + pad, round(cy - height / 2) + pad
    frame = np.ascontiguousarray(padded[y0 : y0 + height, x0 : x0 + width])
    fx, fy = round(box[0] * scale + pad - x0), round(box[1] * scale + pad - y0)
    return Placed(frame, (fx, fy, round(box[2] * scale), round(box[3] * scale)))
