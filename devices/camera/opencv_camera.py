"""The camera through OpenCV's VideoCapture: a V4L2 webcam, or a video file / image sequence.

``VideoCapture.read()`` can block (a V4L2 camera that stopped sending waits for
its select() timeout), so the capture lives on a reader thread of this adapter.
The reader keeps the latest frame; :meth:`OpenCvCamera.read_frame` waits for a
newer one no longer than its own timeout.

The reader is also the watchdog. When no *new* picture has come for
``frozen_after`` seconds — reads fail, the file has ended, or the camera keeps
sending the very same picture (an unplugged USB camera can do that) — the
camera is FROZEN: the reader lets the capture go and opens it again, waiting
longer after each attempt that brings nothing new (back-off). A source that
cannot be opened at all is NO_DEVICE and is retried with the same back-off.

File sources play at the pace of their frame rate, like a live camera (a
VideoCapture on a file runs as fast as it can and then stops).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from typing import Any

# OpenCV's V4L2 backend waits 10 s by default for a frame from a stalled camera,
# and has no CAP_PROP_READ_TIMEOUT_MSEC. The setting is read once, at the first
# V4L2 read, so setting it when this module loads is early enough. 2 s keeps
# close() prompt and is still far longer than a healthy camera's frame interval.
if sys.platform.startswith("linux"):
    os.environ.setdefault("OPENCV_VIDEOIO_V4L_SELECT_TIMEOUT", "2")

import cv2
import numpy as np
import numpy.typing as npt

from devices.camera.base import CameraFailure, CameraStatus, Frame, FrameResult, Image

log = logging.getLogger(__name__)

# Files that report no usable frame rate (some image sequences) play at this pace.
DEFAULT_FILE_FPS = 15.0
# First wait before opening the source again, and the longest wait between attempts.
REOPEN_BACKOFF = (1.0, 30.0)
# How long close() waits for the reader to let go of the capture: one stalled V4L2
# read (OPENCV_VIDEOIO_V4L_SELECT_TIMEOUT) and a margin.
CLOSE_TIMEOUT = 5.0


class OpenCvCamera:
    """A camera (device index, /dev/video path, video file or ``frame_%03d.png`` sequence)."""

    def __init__(
        self,
        source: int | str,
        *,
        width: int,
        height: int,
        frozen_after: float,
        loop: bool = False,
        reopen_backoff: tuple[float, float] = REOPEN_BACKOFF,
    ) -> None:
        if frozen_after <= 0:
            raise ValueError("frozen_after must be positive")
        self.source = source
        self.width = width
        self.height = height
        self.frozen_after = frozen_after
        self.loop = loop
        self._backoff_first, self._backoff_max = reopen_backoff
        self._is_file = isinstance(source, str) and not source.startswith("/dev/")

        self._changed = threading.Condition()
        self._stop = threading.Event()
        # Guarded by _changed:
        self._latest: Frame | None = None
        self._last_new_at = time.monotonic()  # the watchdog starts counting at start-up
        self._open_problem: str | None = None  # set while the source cannot be opened
        self._delivered = 0
        self._closed = False
        self._opened_size: tuple[int, int] | None = None

        # Owned by the reader thread:
        self._previous: Image | None = None
        self._index = 0

        self._reader = threading.Thread(target=self._read_forever, name="camera-reader", daemon=True)
        self._reader.start()

    @property
    def description(self) -> str:
        kind = "video file" if self._is_file else "camera"
        with self._changed:
            size = self._opened_size
        got = f", delivering {size[0]}x{size[1]}" if size else ""
        return f"OpenCV {kind} {self.source} (asked for {self.width}x{self.height}{got})"

    def status(self) -> CameraStatus:
        with self._changed:
            return self._status_locked(time.monotonic())

    def read_frame(self, timeout: float) -> FrameResult:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                now = time.monotonic()
                if self._closed:
                    return CameraFailure(CameraStatus.NO_DEVICE, "The camera is closed.")
                status = self._status_locked(now)
                if status is CameraStatus.NO_DEVICE:
                    return CameraFailure(status, self._open_problem or "The camera cannot be opened.")
                if status is CameraStatus.FROZEN:
                    return CameraFailure(status, "The camera stopped sending new pictures.")
                latest = self._latest
                if latest is not None and latest.index > self._delivered:
                    self._delivered = latest.index
                    # A copy: the reader compares against its own picture to spot a frozen feed.
                    return Frame(latest.image.copy(), latest.index, latest.taken_at)
                if now >= deadline:
                    return CameraFailure(CameraStatus.FROZEN, f"No picture came within {timeout:.1f} s.")
                frozen_at = self._last_new_at + self.frozen_after
                self._changed.wait(max(0.0, min(deadline, frozen_at) - now) + 0.001)

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        self._stop.set()
        self._reader.join(CLOSE_TIMEOUT)
        if self._reader.is_alive():
            log.error(
                "the camera reader did not stop within %.0f s: a read is stuck in the driver", CLOSE_TIMEOUT
            )

    def _status_locked(self, now: float) -> CameraStatus:
        if self._open_problem is not None:
            return CameraStatus.NO_DEVICE
        if now - self._last_new_at >= self.frozen_after:
            return CameraStatus.FROZEN
        return CameraStatus.READY

    # -- the reader thread ------------------------------------------------------------------------

    def _read_forever(self) -> None:
        backoff = self._backoff_first
        while not self._stop.is_set():
            capture = self._open()
            if capture is None:
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self._backoff_max)
                continue
            try:
                brought_news, ended = self._pump(capture)
            except Exception:  # a driver error must not end the reader: it opens the camera again
                log.exception("camera %s failed while reading", self.source)
                brought_news, ended = False, False
            finally:
                capture.release()
            if self._stop.is_set():
                break
            if ended and self.loop:
                continue  # a looping file starts again at once
            if brought_news:
                backoff = self._backoff_first
            log.warning("camera %s froze; opening it again in %.0f s", self.source, backoff)
            self._stop.wait(backoff)
            backoff = min(backoff * 2, self._backoff_max)

    def _open(self) -> cv2.VideoCapture | None:
        try:
            capture = self._capture()
        except cv2.error as exc:
            log.warning("camera %s: OpenCV refused to open it (%s)", self.source, exc.msg)
            capture = None
        if capture is None or not capture.isOpened():
            if capture is not None:
                capture.release()
            problem = f"The camera {self.source} cannot be opened."
            with self._changed:
                if self._open_problem is None:
                    log.warning("camera %s cannot be opened; trying again with back-off", self.source)
                self._open_problem = problem
                self._changed.notify_all()
            return None
        with self._changed:
            if self._open_problem is not None:
                log.info("camera %s opened again", self.source)
            self._open_problem = None
            self._changed.notify_all()
        return capture

    def _capture(self) -> cv2.VideoCapture:
        if self._is_file:
            capture = cv2.VideoCapture(self.source)
        else:
            api = cv2.CAP_V4L2 if sys.platform.startswith("linux") else cv2.CAP_ANY
            capture = cv2.VideoCapture(self.source, api)
            if capture.isOpened():
                capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
                capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        return capture

    def _pump(self, capture: cv2.VideoCapture) -> tuple[bool, bool]:
        """Read frames until the feed freezes or the adapter closes: (any new picture?, file ended?)."""
        interval = 0.0
        if self._is_file:
            fps = capture.get(cv2.CAP_PROP_FPS)
            interval = 1.0 / (fps if 1.0 <= fps <= 240.0 else DEFAULT_FILE_FPS)
        brought_news = False
        next_due = time.monotonic()
        while not self._stop.is_set():
            ok, image = capture.read()
            now = time.monotonic()
            if ok and image is not None:
                picture = _as_bgr(image)
                fresh = self._previous is None or not np.array_equal(self._previous, picture)
                self._previous = picture
                self._index += 1
                with self._changed:
                    self._latest = Frame(picture, self._index, now)
                    self._opened_size = (picture.shape[1], picture.shape[0])
                    if fresh:
                        self._last_new_at = now
                        brought_news = True
                    last_new_at = self._last_new_at
                    self._changed.notify_all()
            else:
                if self._is_file and self.loop:
                    return brought_news, True
                with self._changed:
                    last_new_at = self._last_new_at
                # Nothing to read: a file that ended, or a camera between failed reads.
                self._stop.wait(min(0.05, max(0.0, last_new_at + self.frozen_after - now)))
            if time.monotonic() - last_new_at >= self.frozen_after:
                return brought_news, not ok
            if interval:
                # Keep the file's own pace; after a slow spell, carry on from now rather than race.
                next_due = max(next_due + interval, time.monotonic())
                self._stop.wait(next_due - time.monotonic())
        return brought_news, False


def _as_bgr(image: npt.NDArray[Any]) -> Image:
    """Every frame as the interface promises: BGR, uint8, height x width x 3."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return np.asarray(image, dtype=np.uint8)
