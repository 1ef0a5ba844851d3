"""A face as the check sees it: its box and the five landmarks, and the head's yaw read from them.

Pure geometry, no models: the challenge logic and its tests work on these values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]
Box = tuple[int, int, int, int]  # x, y, w, h in frame pixels


@dataclass(frozen=True, slots=True)
class FaceSeen:
    """One face found in a picture.

    ``landmarks`` are dlib's five points, in its order: the outer and inner corner
    of the eye on the picture's right, the outer and inner corner of the eye on
    the picture's left, and the base of the nose.
    """

    box: Box
    landmarks: tuple[Point, Point, Point, Point, Point]

    def __repr__(self) -> str:
        # The landmarks' geometry is biometric: kept out of logs and test reports.
        return f"FaceSeen(box={self.box}, yaw={self.yaw:+.2f})"

    @property
    def centre(self) -> Point:
        x, y, w, h = self.box
        return (x + w / 2, y + h / 2)

    @property
    def width(self) -> int:
        return self.box[2]

    @property
    def yaw(self) -> float:
        """How far the head is turned, as the nose's offset along the eye line over the eye distance.

        0 looks straight at the camera. Positive: the nose moved towards the
        picture's right, which — the camera picture is not mirrored — is the
        citizen turning to their own LEFT. About 0.1 is 20° of turn, 0.17 is 30°.

        Using the eye line (not the picture's x axis) keeps a tilted head from
        reading as turned. A flat photo swung about its vertical axis squeezes the
        nose offset and the eye distance alike, so the ratio barely changes: a
        printed photo cannot fake a turn by being rotated.
        """
        right, left = self._eyes()
        axis = (right[0] - left[0], right[1] - left[1])
        span = math.hypot(*axis)
        if span == 0:
            return 0.0
        mid = ((right[0] + left[0]) / 2, (right[1] + left[1]) / 2)
        nose = self.landmarks[4]
        along = (nose[0] - mid[0]) * axis[0] + (nose[1] - mid[1]) * axis[1]
        return along / (span * span)

    def _eyes(self) -> tuple[Point, Point]:
        p = self.landmarks
        right = ((p[0][0] + p[1][0]) / 2, (p[0][1] + p[1][1]) / 2)
        left = ((p[2][0] + p[3][0]) / 2, (p[2][1] + p[3][1]) / 2)
        return right, left


def centre_shift(a: FaceSeen, b: FaceSeen) -> float:
    """How far the face's centre moved from ``a`` to ``b``, in widths of ``a``."""
    return math.dist(a.centre, b.centre) / max(a.width, 1)


def size_ratio(a: FaceSeen, b: FaceSeen) -> float:
    """The bigger face's width over the smaller one's (1.0: the same size)."""
    small, big = sorted((max(a.width, 1), max(b.width, 1)))
    return big / small
