"""The camera interface."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeAlias, runtime_checkable

if TYPE_CHECKING:  # numpy costs ~0.1 s to import; the touchscreen's first paint needs only these names
    import numpy as np
    import numpy.typing as npt


class CameraStatus(enum.StrEnum):
    READY = "ready"
    FROZEN = "frozen"  # frames stopped coming, or the same frame keeps coming
    NO_DEVICE = "no_device"


Image: TypeAlias = "npt.NDArray[np.uint8]"


@dataclass(frozen=True, slots=True, eq=False)
class Frame:
    """One picture from the camera: BGR, uint8, height × width × 3.

    A frame shows a citizen's face: it lives in memory only.
    """

    image: Image = field(repr=False)
    index: int
    taken_at: float  # seconds on the monotonic clock

    def __repr__(self) -> str:
        h, w = self.image.shape[:2]
        return f"Frame(index={self.index}, {w}x{h})"


@dataclass(frozen=True, slots=True)
class CameraFailure:
    status: CameraStatus
    detail: str


FrameResult = Frame | CameraFailure


@runtime_checkable
class Camera(Protocol):
    """A camera. Blocking; always used through a DeviceWorker."""

    @property
    def description(self) -> str: ...

    def status(self) -> CameraStatus: ...

    def read_frame(self, timeout: float) -> FrameResult:
        """The next frame, or a failure if none comes within ``timeout`` seconds."""
        ...

    def close(self) -> None: ...
