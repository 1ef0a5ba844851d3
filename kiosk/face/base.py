"""The face check interface the journey is written against.

A :class:`FaceChecker` runs one attempt at a time: ``begin`` with the
reference picture, then ``observe`` every camera frame until an update carries
a verdict. It is blocking and CPU-heavy, so the journey runs it on a worker
thread of its own. Frames, crops and descriptors live in memory only, and
``wipe`` forgets them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from devices.camera.base import Frame, Image


class FacePrompt(enum.StrEnum):
    """What the citizen is asked to do now (the screen and the voice say it)."""

    LOOK_AT_CAMERA = "look_at_camera"  # no face in view
    ONE_PERSON_ONLY = "one_person_only"  # 只允许一人
    MOVE_CLOSER = "move_closer"
    MOVE_BACK = "move_back"
    CENTRE_FACE = "centre_face"
    MORE_LIGHT = "more_light"  # too dark
    BACKLIT = "backlit"  # light behind the citizen
    HOLD_STILL = "hold_still"
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"
    CHECKING = "checking"


class FaceVerdict(enum.StrEnum):
    PASSED = "passed"
    NO_MATCH = "no_match"  # a live face, but not the card holder's
    LIVENESS_FAILED = "liveness_failed"  # challenge not done, or the face changed mid-way
    TIMED_OUT = "timed_out"  # nothing usable within the attempt's time


@dataclass(frozen=True, slots=True)
class FaceGuide:
    """What the face-check screen draws: the prompt, the face's box and the challenge progress."""

    prompt: FacePrompt
    face_box: tuple[int, int, int, int] | None = None  # x, y, w, h in frame pixels
    in_oval: bool = False
    challenge_step: int = 0  # steps done
    challenge_steps: int = 0  # steps in all (0 before the challenge starts)


@dataclass(frozen=True, slots=True)
class FaceCheckUpdate:
    guide: FaceGuide
    verdict: FaceVerdict | None = None
    score: float | None = None  # the match distance when there is one (lower is closer)


class ReferenceProblem(enum.StrEnum):
    NO_FACE = "no_face"  # the reference picture shows no usable face
    UNREADABLE = "unreadable"  # the reference bytes are not a picture


@runtime_checkable
class FaceChecker(Protocol):
    @property
    def threshold(self) -> float: ...

    def begin(self, reference: Image, started_at: float) -> ReferenceProblem | None:
        """Start an attempt against ``reference`` (BGR). None: ready to observe."""
        ...

    def observe(self, frame: Frame) -> FaceCheckUpdate:
        """Take one frame (its ``taken_at`` is the clock); a verdict ends the attempt."""
        ...

    def wipe(self) -> None:
        """Forget the reference, the tracked face and every descriptor."""
        ...
