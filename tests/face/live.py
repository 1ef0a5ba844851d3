"""Live-camera stand-ins for the checker tests: real photos placed in 640×480 frames, turned by script.

A still photo cannot turn its head, so :class:`TurningFinder` runs the real
detector and landmarks and then moves the nose landmark to the yaw the script
asks for; the descriptors are still computed from the real pictures, so a
swapped photo is caught (or not) by the real recognizer.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from devices.camera.base import Frame
from kiosk.face.detection import FaceFinder, GreyImage
from kiosk.face.guide import Light
from kiosk.face.landmarks import FaceSeen
from tests.face import photos


class TurningFinder(FaceFinder):
    def __init__(self, finder: FaceFinder) -> None:
        super().__init__(finder._detector, finder._predictor, detect_width=finder.detect_width)
        self.yaw = 0.0

    def find(self, image: photos.Image) -> tuple[tuple[FaceSeen, ...], Light, GreyImage]:
        faces, light, small = super().find(image)
        return tuple(_turned(face, self.yaw) for face in faces), light, small


def _turned(face: FaceSeen, yaw: float) -> FaceSeen:
    p = face.landmarks
    right = np.add(p[0], p[1]) / 2
    left = np.add(p[2], p[3]) / 2
    axis = right - left
    mid = (right + left) / 2
    nose = np.asarray(p[4], dtype=float)
    normal = np.array([-axis[1], axis[0]]) / np.linalg.norm(axis)
    height = float(np.dot(nose - mid, normal))
    moved = mid + yaw * axis + height * normal
    return FaceSeen(face.box, (p[0], p[1], p[2], p[3], (float(moved[0]), float(moved[1]))))


def noisy_frames(picture: photos.Image, start: float, seed: int = 0, fps: float = 10.0) -> Iterator[Frame]:
    """The picture as a live camera shows it: a little sensor noise on every frame."""
    rng = np.random.default_rng(seed)
    index = 0
    while True:
        noise = rng.integers(-2, 3, size=picture.shape, dtype=np.int16)
        image = np.clip(picture.astype(np.int16) + noise, 0, 255).astype(np.uint8)
        index += 1
        yield Frame(image, index, start + index / fps)


def yaw_script(turns: tuple[str, ...], settle: int = 8) -> list[float]:
    """Frontal for ``settle`` frames, then each turn (``left``: positive yaw) out and back."""
    script = [0.0] * settle
    for turn in turns:
        sign = 1.0 if turn == "left" else -1.0
        script += [sign * y for y in (0.05, 0.1, 0.16, 0.18, 0.16, 0.1, 0.04, 0.0, 0.0)]
    return script
