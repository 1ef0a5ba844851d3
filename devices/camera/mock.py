"""A scriptable camera: plays a list of pictures as a live feed, paced like one.

Used by the demo and the UI tests; the real-stack tests use the OpenCV adapter
on video files instead.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Sequence

import numpy as np

from devices.camera.base import CameraFailure, CameraStatus, Frame, FrameResult, Image


class CameraFault(enum.Enum):
    FROZEN = "frozen"
    UNPLUGGED = "unplugged"


def grey_picture(width: int = 640, height: int = 480) -> Image:
    """A plain picture with a soft gradient, for when no pictures are given."""
    ramp = np.linspace(60, 140, width, dtype=np.uint8)
    return np.ascontiguousarray(np.broadcast_to(ramp[None, :, None], (height, width, 3)))


class MockCamera:
    def __init__(self, pictures: Sequence[Image] = (), *, fps: float = 15.0) -> None:
        self._lock = threading.Lock()
        self._pictures: list[Image] = list(pictures) or [grey_picture()]
        self._interval = 1.0 / fps if fps > 0 else 0.0
        self._index = 0
        self._last_at = 0.0
        self._fault: CameraFault | None = None

    def set_fps(self, fps: float) -> None:
        """Frames per second; 0 hands out frames as fast as they are asked for."""
        with self._lock:
            self._interval = 1.0 / fps if fps > 0 else 0.0

    def show(self, pictures: Sequence[Image]) -> None:
        """Change what the camera sees (loops over the pictures)."""
        with self._lock:
            self._pictures = list(pictures) or [grey_picture()]

    def inject(self, fault: CameraFault) -> None:
        with self._lock:
            self._fault = fault

    def heal(self) -> None:
        with self._lock:
            self._fault = None

    @property
    def description(self) -> str:
        return "mock camera"

    def status(self) -> CameraStatus:
        with self._lock:
            if self._fault is CameraFault.UNPLUGGED:
                return CameraStatus.NO_DEVICE
            if self._fault is CameraFault.FROZEN:
                return CameraStatus.FROZEN
            return CameraStatus.READY

    def read_frame(self, timeout: float) -> FrameResult:
        with self._lock:
            fault = self._fault
        if fault is CameraFault.UNPLUGGED:
            return CameraFailure(CameraStatus.NO_DEVICE, "The camera is not connected.")
        if fault is CameraFault.FROZEN:
            time.sleep(min(timeout, 0.05))
            return CameraFailure(CameraStatus.FROZEN, "The camera stopped sending pictures.")
        wait = self._last_at + self._interval - time.monotonic()
        if wait > 0:
            time.sleep(min(wait, timeout))
        with self._lock:
            picture = self._pictures[self._index % len(self._pictures)]
            self._index += 1
            index = self._index
        self._last_at = time.monotonic()
        return Frame(picture.copy(), index, self._last_at)

    def close(self) -> None:
        pass
