"""The face check on real models: :class:`LiveFaceChecker` and :func:`build_face_checker`.

Per frame it finds the faces on a downscaled grey copy (HOG) and their five
landmarks, and feeds them to the pure :class:`FaceAttempt`. A descriptor (the
slow part, about 120 ms) is computed only on the frames the attempt asks a match
for: once before the challenge and twice per turn.

Privacy: the reference's descriptor, the previous frame's grey copy (to notice
a frozen camera) and the attempt's landmarks are the only face data held, in
memory, between calls; :meth:`LiveFaceChecker.wipe` overwrites and drops them.
Nothing is written anywhere.
"""

from __future__ import annotations

import random

import numpy as np

from devices.camera.base import Frame, Image
from kiosk.config import FaceCheckConfig
from kiosk.face.attempt import DEFAULT_TIMING, AttemptTiming, FaceAttempt, Observation
from kiosk.face.base import FaceChecker, FaceCheckUpdate, ReferenceProblem
from kiosk.face.detection import FaceFinder, GreyImage
from kiosk.face.landmarks import FaceSeen
from kiosk.face.models import load_finder_models
from kiosk.face.recognizers import Descriptor, DlibRecognizer, FaceRecognizer, SFaceRecognizer, forget


class LiveFaceChecker:
    def __init__(
        self,
        finder: FaceFinder,
        recognizer: FaceRecognizer,
        *,
        threshold: float | None = None,
        rng: random.Random | None = None,
        timing: AttemptTiming = DEFAULT_TIMING,
    ) -> None:
        self.finder = finder
        self.recognizer = recognizer
        self._threshold = threshold if threshold is not None else recognizer.default_threshold
        # The challenge's order must not be guessable from outside: the OS's randomness by default.
        self._rng = rng if rng is not None else random.SystemRandom()
        self.timing = timing
        self._reference: Descriptor | None = None
        self._reference_picture: Image | None = None
        self._attempt: FaceAttempt | None = None
        self._previous: GreyImage | None = None

    @property
    def threshold(self) -> float:
        return self._threshold

    def begin(self, reference: Image, started_at: float) -> ReferenceProblem | None:
        self._end_attempt()
        if not _is_picture(reference):
            return ReferenceProblem.UNREADABLE
        if self._reference is None or not _same_picture(self._reference_picture, reference):
            # The journey begins up to three attempts with the same reference: describe it once.
            self._forget_reference()
            searched, face = self.finder.find_reference(reference)
            if face is None:
                return ReferenceProblem.NO_FACE
            self._reference = self.recognizer.describe_reference(searched, face)
            self._reference_picture = reference.copy()
        self._attempt = FaceAttempt(started_at, self._threshold, self._rng, self.timing)
        return None

    def observe(self, frame: Frame) -> FaceCheckUpdate:
        attempt, reference = self._attempt, self._reference
        if attempt is None or reference is None:
            raise RuntimeError("observe() before begin(), or after wipe()")
        if attempt.final is not None:
            return attempt.final
        image = frame.image
        faces, light, small = self.finder.find(image)
        frozen = self._previous is not None and np.array_equal(self._previous, small)
        if self._previous is not None:
            self._previous.fill(0)
        self._previous = small.copy()
        height, width = image.shape[:2]
        seen = Observation(frame.taken_at, (width, height), faces, light, frozen)

        def match(face: FaceSeen) -> float:
            live = self.recognizer.describe(image, face)
            try:
                return self.recognizer.distance(reference, live)
            finally:
                forget(live)

        update = attempt.observe(seen, match)
        if update.verdict is not None:
            self._forget_frames()
        return update

    def wipe(self) -> None:
        self._end_attempt()
        self._forget_reference()

    def _end_attempt(self) -> None:
        self._attempt = None
        self._forget_frames()

    def _forget_frames(self) -> None:
        if self._previous is not None:
            self._previous.fill(0)
        self._previous = None
        if self._attempt is not None:
            self._attempt.tracked = None
            self._attempt.distances.clear()

    def _forget_reference(self) -> None:
        forget(self._reference)
        if self._reference_picture is not None:
            self._reference_picture.fill(0)
        self._reference = None
        self._reference_picture = None


def _is_picture(image: object) -> bool:
    return (
        isinstance(image, np.ndarray)
        and image.dtype == np.uint8
        and image.ndim == 3
        and image.shape[2] == 3
        and image.shape[0] >= 32
        and image.shape[1] >= 32
    )


def _same_picture(kept: Image | None, given: Image) -> bool:
    return kept is not None and kept.shape == given.shape and np.array_equal(kept, given)


def build_face_checker(config: FaceCheckConfig, *, rng: random.Random | None = None) -> FaceChecker:
    """The configured face check, its models loaded and verified.

    Raises :class:`kiosk.face.models.FaceModelError` (a plain sentence) when a
    model file is missing, altered or unloadable: the composition root shows it
    and marks the face-checked services unavailable.
    """
    finder, recognizer = build_face_parts(config)
    return LiveFaceChecker(finder, recognizer, threshold=config.threshold, rng=rng)


def build_face_parts(config: FaceCheckConfig) -> tuple[FaceFinder, FaceRecognizer]:
    """The configured finder and recognizer, models loaded and verified (FaceModelError otherwise).

    Shared by the live check and ``kiosk face-calibrate``, so a calibration
    measures exactly the pipeline the kiosk runs.
    """
    models = load_finder_models()
    recognizer: FaceRecognizer
    if config.recognizer == "sface":
        # The config refuses sface without both.
        assert config.sface_model is not None and config.sface_model_sha256 is not None
        recognizer = SFaceRecognizer(config.sface_model, config.sface_model_sha256)
    else:
        recognizer = DlibRecognizer()
    return FaceFinder(models.detector, models.predictor), recognizer
