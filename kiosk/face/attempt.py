"""One attempt of the face check as a pure state machine: guide, match, then the liveness challenge.

It is fed one :class:`Observation` per frame (the faces found, their landmarks,
the light, the frame's time) and, when it wants a match on that frame, calls the
``match`` function it is given with the tracked face. It never sees a picture or
a descriptor and has no clock or randomness of its own, so every path — a turn
done, a turn not done, a face swapped mid-way, two faces, no face, a frozen
camera, a timeout — is tested with scripted landmarks and distances.

Phases::

    POSITIONING ─ one face, in the oval, lit, frontal, held still ─▶ match (CHECKING)
        │ distance > threshold: NO_MATCH
        ▼
    CHALLENGE: for each turn, in random order
        TURNING   ─ yaw past TURN_YAW the asked way ─▶ match again on that frame
        RETURNING ─ back to frontal ─▶ match again on that frame
        ▼
    PASSED (score: the worst distance seen)

Throughout the challenge the same face must stay in view: one face, its centre
never jumping, lost for at most TRACK_GAP_SECONDS. A second face, a jump, a
long loss, a turn the wrong way, a step not done in time or a match that fails
is LIVENESS_FAILED.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.face.base import FaceCheckUpdate, FaceGuide, FacePrompt, FaceVerdict
from kiosk.face.guide import FRONTAL_YAW, Light, place
from kiosk.face.landmarks import FaceSeen, centre_shift, size_ratio

# The head counts as turned once |yaw| reaches this (about 25°: clear to see,
# well inside what the frontal face detector still finds, about 35°).
TURN_YAW = 0.13

# A turned face matches its reference less closely than a frontal one; the
# match on the turn's frame may be this much looser. Impostor distances on the
# calibration photos start near 0.37 above the threshold, so the margin does not
# let a different face through (docs/face-check.md).
TURN_MATCH_MARGIN = 0.05

# Same face: between two frames the centre moves at most this many face widths
# and the size changes at most by this ratio. At 10–15 frames a second a head
# turning moves its box by well under a fifth of its width per frame; a photo
# swapped in or a second person stepping in does not line up like that.
TRACK_MAX_SHIFT = 0.5
TRACK_MAX_SIZE_RATIO = 1.4

CHALLENGE_STEPS = 2


class Turn(enum.StrEnum):
    LEFT = "left"  # the citizen's own left
    RIGHT = "right"

    @property
    def prompt(self) -> FacePrompt:
        return FacePrompt.TURN_LEFT if self is Turn.LEFT else FacePrompt.TURN_RIGHT

    @property
    def opposite(self) -> Turn:
        return Turn.RIGHT if self is Turn.LEFT else Turn.LEFT

    def reached(self, yaw: float) -> bool:
        # FaceSeen.yaw is positive when the citizen turns to their left.
        return yaw >= TURN_YAW if self is Turn.LEFT else yaw <= -TURN_YAW


@dataclass(frozen=True, slots=True)
class AttemptTiming:
    """The attempt's time limits, in seconds of frame time."""

    # Time to get one usable face in the oval and matched; a citizen who needs
    # longer is better served by a fresh attempt with the prompts repeated.
    positioning: float = 25.0
    # Time for one turn and the return to the front; 2–3 s is typical, the rest
    # is for an elderly citizen reading or hearing the prompt.
    step: float = 10.0
    # Seconds the same face may be missing (the detector can lose a turned face
    # for a few frames) before it no longer counts as the same face.
    track_gap: float = 1.0
    # Seconds the face must hold still in the oval before the first match, so
    # the descriptor is taken from a sharp frame.
    hold: float = 0.4
    # Seconds of identical frames after which the camera is taken as frozen.
    frozen: float = 2.0


DEFAULT_TIMING = AttemptTiming()


@dataclass(frozen=True, slots=True)
class Observation:
    """What one frame showed, without the picture."""

    taken_at: float
    frame_size: tuple[int, int]  # width, height
    faces: tuple[FaceSeen, ...]
    light: Light
    frozen: bool = False  # the frame is identical to the one before it


MatchFunction = Callable[[FaceSeen], float]
"""The distance between ``face`` (in the frame being observed) and the reference."""


class Phase(enum.Enum):
    POSITIONING = "positioning"
    TURNING = "turning"
    RETURNING = "returning"
    DONE = "done"


class Track(enum.Enum):
    SAME = "same"  # the tracked face, alone in view
    GONE = "gone"  # no face, or more than one
    CHANGED = "changed"  # one face, but it did not move there from where the tracked one was


class FaceAttempt:
    def __init__(
        self, started_at: float, threshold: float, rng: random.Random, timing: AttemptTiming | None = None
    ) -> None:
        self.threshold = threshold
        self.timing = timing or DEFAULT_TIMING
        self.turns: tuple[Turn, ...] = tuple(rng.sample(list(Turn), k=CHALLENGE_STEPS))
        self.phase = Phase.POSITIONING
        self.started_at = started_at
        self.step = 0
        self.step_started_at = started_at
        self.still_since: float | None = None
        self.tracked: FaceSeen | None = None
        self.tracked_at = started_at
        self.frozen_since: float | None = None
        self.distances: list[float] = []
        self.final: FaceCheckUpdate | None = None
        self.seen_any = False

    @property
    def worst_distance(self) -> float | None:
        return max(self.distances) if self.distances else None

    def observe(self, seen: Observation, match: MatchFunction) -> FaceCheckUpdate:
        if self.final is not None:
            return self.final
        t = seen.taken_at
        if not self.seen_any:
            self.seen_any = True
            if not 0 <= t - self.started_at <= self.timing.positioning:
                # begin() was given a time from another clock than the camera's: the
                # attempt's time limits would be meaningless, so they start at the first frame.
                self.started_at = self.step_started_at = self.tracked_at = t
        if seen.frozen:
            if self.frozen_since is None:
                self.frozen_since = t
            if t - self.frozen_since >= self.timing.frozen:
                return self._end(FaceVerdict.TIMED_OUT, None, FacePrompt.LOOK_AT_CAMERA)
        else:
            self.frozen_since = None
        if self.phase is Phase.POSITIONING:
            return self._position(seen, match)
        return self._challenge(seen, match)

    # -- positioning and the first match ------------------------------------------

    def _position(self, seen: Observation, match: MatchFunction) -> FaceCheckUpdate:
        t = seen.taken_at
        if t - self.started_at > self.timing.positioning:
            return self._end(FaceVerdict.TIMED_OUT, None, FacePrompt.LOOK_AT_CAMERA)
        placement = place(seen.faces, seen.light, seen.frame_size)
        face = seen.faces[0] if len(seen.faces) == 1 else None
        if placement.prompt is not None or face is None or seen.frozen:
            # A frozen frame never counts as holding still: a stopped camera must not pass.
            self.still_since = None
            self.tracked = None
            return self._update(placement.prompt or FacePrompt.HOLD_STILL, face, placement.in_oval)
        if self.tracked is None or centre_shift(self.tracked, face) > 0.05 or self.still_since is None:
            self.still_since = t
        self.tracked = face
        if t - self.still_since < self.timing.hold:
            return self._update(FacePrompt.HOLD_STILL, face, True)
        distance = match(face)
        self.distances.append(distance)
        if distance > self.threshold:
            return self._end(FaceVerdict.NO_MATCH, distance, FacePrompt.CHECKING, face)
        self.phase = Phase.TURNING
        self.step_started_at = t
        self.tracked_at = t
        return self._update(self.turns[0].prompt, face, True)

    # -- the challenge -------------------------------------------------------------

    def _challenge(self, seen: Observation, match: MatchFunction) -> FaceCheckUpdate:
        t = seen.taken_at
        turn = self.turns[self.step]
        asking = turn.prompt if self.phase is Phase.TURNING else FacePrompt.LOOK_AT_CAMERA
        if t - self.step_started_at > self.timing.step:
            return self._end(FaceVerdict.LIVENESS_FAILED, self.worst_distance, asking)
        track, face = self._follow(seen)
        if track is Track.CHANGED:
            return self._end(FaceVerdict.LIVENESS_FAILED, self.worst_distance, asking)
        if face is None:
            if t - self.tracked_at > self.timing.track_gap:
                return self._end(FaceVerdict.LIVENESS_FAILED, self.worst_distance, asking)
            prompt = FacePrompt.ONE_PERSON_ONLY if len(seen.faces) > 1 else asking
            return self._update(prompt, None, False)
        if seen.frozen:
            return self._update(asking, face, True)
        if self.phase is Phase.TURNING:
            if turn.opposite.reached(face.yaw):
                # Turned the other way: a replayed recording of turns does not follow a random order.
                return self._end(FaceVerdict.LIVENESS_FAILED, self.worst_distance, asking, face)
            if not turn.reached(face.yaw):
                return self._update(asking, face, True)
            if not self._matches(match(face), self.threshold + TURN_MATCH_MARGIN):
                return self._end(FaceVerdict.LIVENESS_FAILED, self.worst_distance, FacePrompt.CHECKING, face)
            self.phase = Phase.RETURNING
            return self._update(FacePrompt.LOOK_AT_CAMERA, face, True)
        if abs(face.yaw) > FRONTAL_YAW:
            return self._update(FacePrompt.LOOK_AT_CAMERA, face, True)
        if not self._matches(match(face), self.threshold):
            return self._end(FaceVerdict.LIVENESS_FAILED, self.worst_distance, FacePrompt.CHECKING, face)
        self.step += 1
        if self.step == len(self.turns):
            return self._end(FaceVerdict.PASSED, self.worst_distance, FacePrompt.CHECKING, face)
        self.phase = Phase.TURNING
        self.step_started_at = t
        return self._update(self.turns[self.step].prompt, face, True)

    def _follow(self, seen: Observation) -> tuple[Track, FaceSeen | None]:
        """Whether the tracked face is in this frame, alone, and where."""
        if len(seen.faces) != 1 or self.tracked is None:
            return Track.GONE, None
        face = seen.faces[0]
        if (
            centre_shift(self.tracked, face) > TRACK_MAX_SHIFT
            or size_ratio(self.tracked, face) > TRACK_MAX_SIZE_RATIO
        ):
            return Track.CHANGED, None
        self.tracked = face
        self.tracked_at = seen.taken_at
        return Track.SAME, face

    def _matches(self, distance: float, limit: float) -> bool:
        self.distances.append(distance)
        return distance <= limit

    # -- updates -------------------------------------------------------------------

    def _update(self, prompt: FacePrompt, face: FaceSeen | None, in_oval: bool) -> FaceCheckUpdate:
        started = self.phase is not Phase.POSITIONING
        return FaceCheckUpdate(
            FaceGuide(
                prompt,
                face.box if face is not None else None,
                in_oval,
                challenge_step=self.step if started else 0,
                challenge_steps=len(self.turns) if started else 0,
            )
        )

    def _end(
        self, verdict: FaceVerdict, score: float | None, prompt: FacePrompt, face: FaceSeen | None = None
    ) -> FaceCheckUpdate:
        update = self._update(prompt, face, face is not None)
        self.final = FaceCheckUpdate(update.guide, verdict, score)
        self.phase = Phase.DONE
        self.tracked = None
        return self.final
