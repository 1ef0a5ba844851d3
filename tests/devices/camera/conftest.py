"""Video files and image sequences made in each test, and a guard against leftover reader threads."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.camera.base import Image

WIDTH, HEIGHT = 320, 240


def picture(number: int) -> Image:
    """A picture unlike its neighbours: its number written on a shade that changes with it."""
    image = np.full((HEIGHT, WIDTH, 3), (number * 37) % 200 + 20, dtype=np.uint8)
    cv2.putText(image, str(number), (40, 160), cv2.FONT_HERSHEY_SIMPLEX, 3, (0, 0, 255), 6)
    return image


def write_video(path: Path, pictures: list[Image], fps: float) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (WIDTH, HEIGHT))
    assert writer.isOpened(), "OpenCV cannot write MJPG video here"
    for image in pictures:
        writer.write(image)
    writer.release()
    return path


def write_sequence(folder: Path, pictures: list[Image]) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    for number, image in enumerate(pictures):
        assert cv2.imwrite(str(folder / f"frame_{number:03d}.png"), image)
    return str(folder / "frame_%03d.png")


def reader_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "camera-reader" and t.is_alive()]


@pytest.fixture(autouse=True)
def no_reader_left_behind() -> Iterator[None]:
    before = set(reader_threads())
    yield
    left = [t for t in reader_threads() if t not in before]
    assert not left, f"{len(left)} camera reader thread(s) still running after the test"
