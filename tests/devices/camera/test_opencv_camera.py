"""The OpenCV camera on video files and image sequences: steady, freezing, ending, missing."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from devices.camera.base import Camera, CameraFailure, CameraStatus, Frame, FrameResult
from devices.camera.opencv_camera import OpenCvCamera
from devices.worker import DeviceWorker
from kiosk.composition.adapters import camera_from_spec
from kiosk.config import CameraConfig

from .conftest import HEIGHT, WIDTH, picture, reader_threads, write_sequence, write_video

pytestmark = pytest.mark.realstack

# Short enough to keep the folder quick, long enough that a paced frame (1/20 s) never looks frozen.
FROZEN_AFTER = 0.4
FAST_BACKOFF = (0.3, 1.0)


@contextmanager
def opened(source: str, **options: object) -> Iterator[OpenCvCamera]:
    settings: dict[str, object] = {"width": WIDTH, "height": HEIGHT, "frozen_after": FROZEN_AFTER}
    settings |= {"reopen_backoff": FAST_BACKOFF} | options
    camera = OpenCvCamera(source, **settings)  # type: ignore[arg-type]
    try:
        yield camera
    finally:
        camera.close()


def read_until_failure(camera: OpenCvCamera, limit: int = 200) -> tuple[list[Frame], CameraFailure]:
    frames: list[Frame] = []
    for _ in range(limit):
        result = camera.read_frame(timeout=2.0)
        if isinstance(result, CameraFailure):
            return frames, result
        frames.append(result)
    raise AssertionError(f"no failure after {limit} frames")


def first_frame(camera: OpenCvCamera, within: float) -> FrameResult:
    """Poll like the face check does: a failure now and then until a frame comes or time is up."""
    deadline = time.monotonic() + within
    result: FrameResult = CameraFailure(CameraStatus.FROZEN, "not asked yet")
    while time.monotonic() < deadline:
        result = camera.read_frame(timeout=0.2)
        if isinstance(result, Frame):
            return result
        time.sleep(0.05)
    return result


def shade(frame: Frame) -> int:
    return int(frame.image[5:20, 5:20].mean().round())


def test_a_video_file_plays_as_a_live_camera_at_its_own_pace(tmp_path: Path) -> None:
    video = write_video(tmp_path / "steady.avi", [picture(n) for n in range(12)], fps=20)
    spec = f"opencv:{video}"
    camera = camera_from_spec(spec, CameraConfig(spec=spec, width=WIDTH, height=HEIGHT))
    try:
        assert isinstance(camera, OpenCvCamera)
        assert isinstance(camera, Camera)
        frames = [camera.read_frame(timeout=2.0) for _ in range(10)]
        assert camera.status() is CameraStatus.READY
    finally:
        camera.close()

    assert all(isinstance(f, Frame) for f in frames), frames
    got = [f for f in frames if isinstance(f, Frame)]
    assert [f.index for f in got] == sorted({f.index for f in got})
    assert all(f.image.shape == (HEIGHT, WIDTH, 3) and f.image.dtype == np.uint8 for f in got)
    assert len({shade(f) for f in got}) >= 8  # the pictures move on
    # Paced at 20 fps, not as fast as the disk allows: 10 frames span at least 9 intervals.
    assert got[-1].taken_at - got[0].taken_at >= 0.8 * 9 / 20


def test_an_image_sequence_is_played_in_order(tmp_path: Path) -> None:
    pictures = [picture(n) for n in range(6)]
    pattern = write_sequence(tmp_path / "seq", pictures)

    with opened(pattern) as camera:
        frames, failure = read_until_failure(camera)

    assert [shade(f) for f in frames[:6]] == [int(p[5:20, 5:20].mean()) for p in pictures]
    assert np.array_equal(frames[0].image, pictures[0])  # PNG is lossless: the very pixels
    assert failure.status is CameraStatus.FROZEN


def test_a_video_that_ends_is_frozen_then_opened_again(tmp_path: Path) -> None:
    video = write_video(tmp_path / "short.avi", [picture(n) for n in range(8)], fps=20)

    with opened(str(video)) as camera:
        frames, failure = read_until_failure(camera)
        assert failure.status is CameraStatus.FROZEN
        assert camera.status() is CameraStatus.FROZEN
        assert len(frames) == 8

        again = first_frame(camera, within=5.0)
        assert isinstance(again, Frame), again
        assert again.index > frames[-1].index
        # The file started over (read_frame hands out the latest frame, so maybe not the very first).
        assert shade(again) in [shade(f) for f in frames[:3]]
        assert camera.status() is CameraStatus.READY


def test_a_video_that_freezes_on_one_picture_is_frozen(tmp_path: Path) -> None:
    # 6 moving pictures, then the same picture for 2 s: longer than FROZEN_AFTER.
    pictures = [picture(n) for n in range(6)] + [picture(99)] * 40
    video = write_video(tmp_path / "freezing.avi", pictures, fps=20)

    with opened(str(video)) as camera:
        frames, failure = read_until_failure(camera)

    assert failure.status is CameraStatus.FROZEN
    assert failure.detail == "The camera stopped sending new pictures."
    moving = [shade(f) for f in frames[:6]]
    assert len(set(moving)) == 6
    # It froze on the repeated picture, well before the file ran out.
    assert all(shade(f) == shade(frames[6]) for f in frames[6:])
    assert 7 <= len(frames) < len(pictures)


def test_a_looping_file_never_freezes_at_its_end(tmp_path: Path) -> None:
    video = write_video(tmp_path / "loop.avi", [picture(n) for n in range(4)], fps=20)

    with opened(str(video), loop=True) as camera:
        results = [camera.read_frame(timeout=2.0) for _ in range(12)]  # three times round

    assert all(isinstance(r, Frame) for r in results), results


def test_a_missing_source_is_no_device_and_is_tried_again(tmp_path: Path) -> None:
    path = tmp_path / "later.avi"

    with opened(str(path), frozen_after=5.0) as camera:
        failure = camera.read_frame(timeout=1.0)
        assert isinstance(failure, CameraFailure)
        assert failure.status is CameraStatus.NO_DEVICE
        assert camera.status() is CameraStatus.NO_DEVICE

        write_video(path, [picture(n) for n in range(40)], fps=20)  # the camera is plugged in
        frame = first_frame(camera, within=5.0)
        assert isinstance(frame, Frame), frame
        assert camera.status() is CameraStatus.READY


def test_a_missing_device_is_no_device() -> None:
    with opened("/dev/video-kiosk-test-none") as camera:
        deadline = time.monotonic() + 5
        while camera.status() is not CameraStatus.NO_DEVICE and time.monotonic() < deadline:
            time.sleep(0.02)
        result = camera.read_frame(timeout=0.5)
    assert isinstance(result, CameraFailure)
    assert result.status is CameraStatus.NO_DEVICE


def test_read_frame_keeps_its_timeout_when_no_picture_comes(tmp_path: Path) -> None:
    # One picture a second: a read right after a frame has nothing to return within 0.1 s.
    video = write_video(tmp_path / "slow.avi", [picture(n) for n in range(5)], fps=1)

    with opened(str(video), frozen_after=5.0) as camera:
        first = camera.read_frame(timeout=3.0)
        second = camera.read_frame(timeout=0.1)
        status = camera.status()

    assert isinstance(first, Frame)
    assert isinstance(second, CameraFailure)
    assert second.detail == "No picture came within 0.1 s."
    assert status is CameraStatus.READY  # one late frame is not yet a frozen camera


def test_frames_handed_out_are_copies(tmp_path: Path) -> None:
    video = write_video(tmp_path / "copies.avi", [picture(n) for n in range(20)], fps=20)

    with opened(str(video)) as camera:
        first = camera.read_frame(timeout=2.0)
        assert isinstance(first, Frame)
        first.image[:] = 0  # the face check may draw on its frame
        assert camera.status() is CameraStatus.READY
        later = camera.read_frame(timeout=2.0)

    assert isinstance(later, Frame)
    assert later.image.any()


def test_the_camera_works_through_its_device_worker_and_closes_its_reader(tmp_path: Path) -> None:
    video = write_video(tmp_path / "worker.avi", [picture(n) for n in range(20)], fps=20)
    before = len(reader_threads())
    worker = DeviceWorker(OpenCvCamera(str(video), width=WIDTH, height=HEIGHT, frozen_after=1.0), "camera")
    assert len(reader_threads()) == before + 1

    result = worker.submit(OpenCvCamera.read_frame, 2.0).result(timeout=5)
    worker.close()

    assert isinstance(result, Frame)
    assert "320x240" in repr(result)
    assert len(reader_threads()) == before


def test_closing_twice_and_reading_after_close_are_harmless(tmp_path: Path) -> None:
    video = write_video(tmp_path / "closed.avi", [picture(n) for n in range(5)], fps=20)
    camera = OpenCvCamera(str(video), width=WIDTH, height=HEIGHT, frozen_after=1.0)
    camera.close()
    camera.close()

    result = camera.read_frame(timeout=0.5)
    assert isinstance(result, CameraFailure)
    assert result.detail == "The camera is closed."
