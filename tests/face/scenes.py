"""Scripted faces and frames for the challenge tests: landmarks with a chosen yaw, no models."""

from __future__ import annotations

from kiosk.face.attempt import Observation
from kiosk.face.guide import Light
from kiosk.face.landmarks import FaceSeen

FRAME = (640, 480)
GOOD_LIGHT = Light(frame=120.0, face=130.0, surround=115.0)


def face(yaw: float = 0.0, *, centre: tuple[float, float] = (320, 240), width: int = 200) -> FaceSeen:
    """A face of ``width`` pixels at ``centre`` whose nose sits where ``yaw`` puts it."""
    cx, cy = centre
    eye = width * 0.36  # eye-centre distance
    right = (cx + eye / 2, cy - width * 0.1)
    left = (cx - eye / 2, cy - width * 0.1)
    nose = (cx + yaw * eye, cy + width * 0.2)
    box = (round(cx - width / 2), round(cy - width / 2), width, width)
    return FaceSeen(
        box,
        (
            (right[0] + 12, right[1]),
            (right[0] - 12, right[1]),
            (left[0] - 12, left[1]),
            (left[0] + 12, left[1]),
            nose,
        ),
    )


def seen(t: float, *faces: FaceSeen, light: Light = GOOD_LIGHT, frozen: bool = False) -> Observation:
    return Observation(t, FRAME, tuple(faces), light, frozen)
