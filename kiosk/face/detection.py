"""Finding faces and their five landmarks with dlib's HOG detector and 5-point shape predictor."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from devices.camera.base import Image
from kiosk.face.guide import Light
from kiosk.face.landmarks import FaceSeen, Point

GreyImage = npt.NDArray[np.uint8]

# Live frames are searched on a copy this wide: HOG detection at 640×480 takes
# 32–41 ms on the kiosk's 2 cores, at 400 pixels about a third of that, which
# keeps the guide drawn at well over 10 frames a second. Its 80-pixel window
# then finds faces from a fifth of the frame's width up, under guide.MIN_FACE_WIDTH.
DETECT_WIDTH = 400

# Reference pictures larger than this (longest side) are scaled down first; a
# card photo (102×126) is searched upsampled instead, up to REFERENCE_UPSAMPLE times.
REFERENCE_MAX_SIDE = 800
REFERENCE_UPSAMPLE = 2

# A reference with a second face at least this wide relative to the largest one
# is ambiguous: which face is the card holder's is not guessed.
AMBIGUOUS_SECOND_FACE = 0.8


class FaceFinder:
    def __init__(self, detector: Any, predictor: Any, *, detect_width: int = DETECT_WIDTH) -> None:
        self._detector = detector
        self._predictor = predictor
        self.detect_width = detect_width

    def find(self, image: Image) -> tuple[tuple[FaceSeen, ...], Light, GreyImage]:
        """Faces in a live frame, its light, and the grey downscaled copy the search ran on."""
        grey = u8(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
        scale = min(1.0, self.detect_width / grey.shape[1])
        small = grey
        if scale < 1.0:
            small = u8(cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
        rects = self._detector(small, 0)
        faces = tuple(self._landmarks(grey, _scaled(rect, 1 / scale)) for rect in rects)
        small_faces = [tuple(round(v * scale) for v in face.box) for face in faces]
        return faces, _light(small, small_faces), small

    def find_reference(self, image: Image) -> tuple[Image, FaceSeen | None]:
        """The picture searched (scaled down when large) and the card holder's face, if one is clear."""
        height, width = image.shape[:2]
        scale = min(1.0, REFERENCE_MAX_SIDE / max(height, width))
        if scale < 1.0:
            image = u8(cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
        grey = u8(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
        for upsample in range(REFERENCE_UPSAMPLE + 1):
            rects = sorted(self._detector(grey, upsample), key=lambda r: r.width(), reverse=True)
            if not rects:
                continue
            if len(rects) > 1 and rects[1].width() >= AMBIGUOUS_SECOND_FACE * rects[0].width():
                return image, None
            return image, self._landmarks(grey, _scaled(rects[0], 1.0))
        return image, None

    def _landmarks(self, grey: GreyImage, box: tuple[int, int, int, int]) -> FaceSeen:
        import dlib  # noqa: PLC0415 - optional driver: without dlib only the live face check is lost

        x, y, w, h = box
        shape = self._predictor(grey, dlib.rectangle(x, y, x + w, y + h))
        p = [(float(part.x), float(part.y)) for part in shape.parts()]
        landmarks: tuple[Point, Point, Point, Point, Point] = (p[0], p[1], p[2], p[3], p[4])
        return FaceSeen(box, landmarks)


def u8(array: Any) -> npt.NDArray[np.uint8]:
    """An OpenCV result typed as the 8-bit picture it is (no copy)."""
    return np.asarray(array, dtype=np.uint8)


def _scaled(rect: Any, factor: float) -> tuple[int, int, int, int]:
    return (
        round(rect.left() * factor),
        round(rect.top() * factor),
        round(rect.width() * factor),
        round(rect.height() * factor),
    )


def _light(grey: GreyImage, boxes: list[tuple[int, ...]]) -> Light:
    frame = float(grey.mean())
    if len(boxes) != 1:
        return Light(frame)
    height, width = grey.shape
    x, y, w, h = boxes[0]
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, width), min(y + h, height)
    if x1 <= x0 or y1 <= y0:
        return Light(frame)
    face_sum = float(grey[y0:y1, x0:x1].sum(dtype=np.float64))
    face_area = (x1 - x0) * (y1 - y0)
    rest_area = grey.size - face_area
    surround = (frame * grey.size - face_sum) / rest_area if rest_area > 0 else None
    return Light(frame, face_sum / face_area, surround)
