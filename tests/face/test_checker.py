"""The checker on the real models: real photos as the reference and in the live frames."""

from __future__ import annotations

import random

import numpy as np
import pytest

from devices.camera.base import Frame
from kiosk.config import FaceCheckConfig
from kiosk.face.attempt import FaceAttempt
from kiosk.face.base import FaceChecker, FaceCheckUpdate, FaceVerdict, ReferenceProblem
from kiosk.face.checker import LiveFaceChecker, build_face_checker
from kiosk.face.detection import FaceFinder
from kiosk.face.landmarks import FaceSeen
from kiosk.face.recognizers import REFERENCE_VARIATIONS, DlibRecognizer, reference_variations
from kiosk.face.thresholds import DLIB_THRESHOLD
from tests.face import photos
from tests.face.live import TurningFinder, noisy_frames, yaw_script

Portraits = dict[str, tuple[photos.Image, FaceSeen]]
SEED = 11


def card_of(portraits: Portraits, name: str) -> photos.Image:
    picture, face = portraits[name]
    return photos.card_photo(picture, face.box)


def live_of(portraits: Portraits, name: str) -> photos.Image:
    picture, face = portraits[name]
    return photos.place_in_frame(picture, face.box).frame


def turns_for(seed: int) -> tuple[str, ...]:
    return tuple(t.value for t in FaceAttempt(0.0, 0.5, random.Random(seed)).turns)


def run(
    checker: LiveFaceChecker, turning: TurningFinder, pictures: list[photos.Image], yaws: list[float]
) -> FaceCheckUpdate:
    """Feed the frames (picture i for frame i, the last repeated) with the scripted yaws until a verdict."""
    streams = [noisy_frames(p, 100.0, seed=i) for i, p in enumerate(pictures)]
    update = None
    for i in range(len(yaws) + 200):
        turning.yaw = yaws[min(i, len(yaws) - 1)]
        frame = next(streams[min(i, len(streams) - 1)])
        for other in streams:  # keep every stream's clock in step
            if other is not streams[min(i, len(streams) - 1)]:
                next(other)
        update = checker.observe(frame)
        if update.verdict is not None:
            return update
    raise AssertionError(f"no verdict; last update {update}")


@pytest.fixture
def turning(finder: FaceFinder) -> TurningFinder:
    return TurningFinder(finder)


@pytest.fixture
def live_checker(turning: TurningFinder, recognizer: DlibRecognizer) -> LiveFaceChecker:
    return LiveFaceChecker(turning, recognizer, rng=random.Random(SEED))


def test_the_card_holder_turning_as_asked_passes(
    live_checker: LiveFaceChecker, turning: TurningFinder, portraits: Portraits
) -> None:
    assert live_checker.begin(card_of(portraits, "obama.jpg"), 100.0) is None
    update = run(live_checker, turning, [live_of(portraits, "obama2.jpg")], yaw_script(turns_for(SEED)))
    assert update.verdict is FaceVerdict.PASSED
    assert update.score is not None and update.score <= DLIB_THRESHOLD


def test_a_photo_swapped_for_another_face_mid_challenge_fails(
    live_checker: LiveFaceChecker, turning: TurningFinder, portraits: Portraits
) -> None:
    assert live_checker.begin(card_of(portraits, "obama.jpg"), 100.0) is None
    yaws = yaw_script(turns_for(SEED))
    holder, other = live_of(portraits, "obama2.jpg"), live_of(portraits, "biden.jpg")
    # The card holder's photo until the first turn's peak, then another face in the same place.
    pictures = [holder] * 11 + [other]
    update = run(live_checker, turning, pictures, yaws)
    assert update.verdict is FaceVerdict.LIVENESS_FAILED
    assert update.score is not None and update.score > DLIB_THRESHOLD


def test_another_person_is_refused(
    live_checker: LiveFaceChecker, turning: TurningFinder, portraits: Portraits
) -> None:
    assert live_checker.begin(card_of(portraits, "obama.jpg"), 100.0) is None
    update = run(live_checker, turning, [live_of(portraits, "biden.jpg")], yaw_script(turns_for(SEED)))
    assert update.verdict is FaceVerdict.NO_MATCH
    assert update.score is not None and update.score > DLIB_THRESHOLD


def test_a_frozen_camera_never_passes_and_times_out(checker: LiveFaceChecker, portraits: Portraits) -> None:
    assert checker.begin(card_of(portraits, "obama.jpg"), 0.0) is None
    picture = live_of(portraits, "obama2.jpg")
    update = None
    for i in range(60):
        update = checker.observe(Frame(picture.copy(), i, i * 0.1))
        if update.verdict is not None:
            break
    assert update is not None and update.verdict is FaceVerdict.TIMED_OUT


def test_a_reference_that_is_not_a_picture_is_unreadable(checker: LiveFaceChecker) -> None:
    assert checker.begin(np.zeros((126, 102), np.uint8), 0.0) is ReferenceProblem.UNREADABLE
    assert checker.begin(np.zeros((126, 102, 3), np.float32), 0.0) is ReferenceProblem.UNREADABLE  # type: ignore[arg-type]
    assert checker.begin(np.zeros((4, 4, 3), np.uint8), 0.0) is ReferenceProblem.UNREADABLE


def test_a_reference_without_a_face_is_refused(checker: LiveFaceChecker) -> None:
    assert checker.begin(photos.lfw_picture(150), 0.0) is ReferenceProblem.NO_FACE
    with pytest.raises(RuntimeError):
        checker.observe(next(noisy_frames(photos.lfw_picture(1), 0.0)))


def test_the_factory_builds_the_configured_check() -> None:
    built = build_face_checker(FaceCheckConfig())
    assert isinstance(built, FaceChecker)
    assert built.threshold == DLIB_THRESHOLD
    assert build_face_checker(FaceCheckConfig(threshold=0.45)).threshold == 0.45


def test_the_reference_is_described_once_per_citizen_from_varied_crops(
    finder: FaceFinder, recognizer: DlibRecognizer, portraits: Portraits
) -> None:
    described: list[FaceSeen] = []

    class Watched(DlibRecognizer):
        def describe_reference(self, image: photos.Image, face: FaceSeen) -> np.ndarray:
            described.append(face)
            return super().describe_reference(image, face)

    checker = LiveFaceChecker(finder, Watched(), rng=random.Random(SEED))
    reference = card_of(portraits, "obama.jpg")
    assert checker.begin(reference, 0.0) is None
    assert checker.begin(reference.copy(), 1.0) is None  # the journey's second attempt
    assert len(described) == 1
    picture, face = portraits["obama.jpg"]
    one_crop, varied = recognizer.describe(picture, face), recognizer.describe_reference(picture, face)
    assert 0.0 < recognizer.distance(one_crop, varied) < 0.2  # the mean of varied crops, same face


def test_the_same_reference_always_gives_the_same_descriptor(
    recognizer: DlibRecognizer, portraits: Portraits
) -> None:
    """A citizen's verdict must not hang on how many references the kiosk described before."""
    picture, face = portraits["obama.jpg"]
    first = recognizer.describe_reference(picture, face)
    for other in ("biden.jpg", "obama2.jpg"):  # the model's state moves on between citizens
        recognizer.describe_reference(*portraits[other])
    assert np.array_equal(first, recognizer.describe_reference(picture, face))


def test_the_varied_crops_are_the_crop_its_mirror_and_fixed_variations() -> None:
    chip = np.zeros((150, 150, 3), dtype=np.uint8)
    chip[40:60, 20:50] = 255  # a mark left of centre
    crops = reference_variations(chip)
    assert len(crops) == 2 + len(REFERENCE_VARIATIONS)
    assert all(c.shape == chip.shape and c.dtype == np.uint8 for c in crops)
    assert crops[0] is chip and np.array_equal(crops[1], chip[:, ::-1])
    assert len({c.tobytes() for c in crops}) == len(crops)  # each one different
