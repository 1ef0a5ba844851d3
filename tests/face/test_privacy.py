"""Nothing face-related reaches the disk, and wipe() leaves no picture, landmark or descriptor behind."""

from __future__ import annotations

import random
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.face.base import FaceVerdict
from kiosk.face.checker import LiveFaceChecker
from kiosk.face.detection import FaceFinder
from kiosk.face.landmarks import FaceSeen
from kiosk.face.recognizers import DlibRecognizer
from tests.face.live import TurningFinder, noisy_frames, yaw_script
from tests.face.test_checker import SEED, Portraits, card_of, live_of, turns_for

_WRITES: list[list[str]] = []
_ELSEWHERE: set[int] = set()
"""Threads that were already running, besides the test's own, when recording began: another test's
leftovers (a fake printer's log writer) are not the code under test."""


def _audit(event: str, args: tuple[object, ...]) -> None:
    # Audit hooks cannot be removed: this one only records while a test listens.
    if _WRITES and event == "open" and len(args) >= 2 and threading.get_ident() not in _ELSEWHERE:
        path, mode = args[0], args[1]
        flags = args[2] if len(args) > 2 else 0
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & 0o3 != 0
        )
        if writing:
            _WRITES[-1].append(str(path))


sys.addaudithook(_audit)


@contextmanager
def recording_writes() -> Iterator[list[str]]:
    record: list[str] = []
    _ELSEWHERE.update(
        t.ident for t in threading.enumerate() if t.ident and t is not threading.current_thread()
    )
    _WRITES.append(record)
    try:
        yield record
    finally:
        _WRITES.remove(record)
        _ELSEWHERE.clear()


def held_face_data(root: object) -> list[str]:
    """Paths to every array, face or descriptor reachable from ``root`` (models excluded)."""
    found: list[str] = []
    seen: set[int] = set()

    def walk(value: object, path: str) -> None:
        if id(value) in seen or type(value).__module__.startswith(("dlib", "_dlib")):
            return
        seen.add(id(value))
        if isinstance(value, np.ndarray | FaceSeen):
            found.append(path)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}[{key!r}]")
        elif isinstance(value, list | tuple | set):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")
        elif isinstance(value, float) and path.endswith("distances"):
            found.append(path)
        else:
            attributes = getattr(value, "__dict__", None) or {}
            for slot in getattr(type(value), "__slots__", ()):
                if hasattr(value, slot):
                    walk(getattr(value, slot), f"{path}.{slot}")
            for key, item in attributes.items():
                walk(item, f"{path}.{key}")

    walk(root, "checker")
    return found


def test_a_whole_check_writes_nothing_and_wipe_forgets_everything(
    finder: FaceFinder, recognizer: DlibRecognizer, portraits: Portraits, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    monkeypatch.setattr(cv2, "imwrite", lambda *a, **k: pytest.fail("cv2.imwrite called"))
    turning = TurningFinder(finder)
    checker = LiveFaceChecker(turning, recognizer, rng=random.Random(SEED))
    reference = card_of(portraits, "obama.jpg")
    live = live_of(portraits, "obama2.jpg")
    yaws = yaw_script(turns_for(SEED))
    with recording_writes() as writes:
        assert checker.begin(reference, 100.0) is None
        frames = noisy_frames(live, 100.0)
        verdict = None
        for i in range(len(yaws) + 50):
            turning.yaw = yaws[min(i, len(yaws) - 1)]
            update = checker.observe(next(frames))
            if update.verdict is not None:
                verdict = update.verdict
                break
        assert verdict is FaceVerdict.PASSED
        assert held_face_data(checker) != []  # the reference descriptor is kept for the next attempt
        checker.wipe()
    assert writes == []
    assert list(home.iterdir()) == [] and list(work.iterdir()) == []
    assert held_face_data(checker) == []
    assert "landmarks" not in repr(FaceSeen((0, 0, 1, 1), ((1, 2), (3, 4), (5, 6), (7, 8), (9, 10))))


def test_the_write_recorder_can_see_a_write(tmp_path: Path) -> None:
    with recording_writes() as writes:
        (tmp_path / "x").write_bytes(b"1")
    assert writes == [str(tmp_path / "x")]


def test_wipe_before_and_between_attempts_is_safe(checker: LiveFaceChecker, portraits: Portraits) -> None:
    checker.wipe()
    assert checker.begin(card_of(portraits, "obama.jpg"), 0.0) is None
    checker.observe(next(noisy_frames(live_of(portraits, "obama2.jpg"), 0.0)))
    checker.wipe()
    assert held_face_data(checker) == []
    with pytest.raises(RuntimeError):
        checker.observe(next(noisy_frames(live_of(portraits, "obama2.jpg"), 1.0)))
