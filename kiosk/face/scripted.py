"""A face check that plays a script, for the demo, the UI tests and fault injection: no models needed.

Each attempt (each ``begin``) plays the next script, one update per observed
frame; the last update of a script repeats if frames keep coming. The scripts
below walk through the same prompts as the real check, so the screens can be
seen and tested in every state.
"""

from __future__ import annotations

from collections.abc import Sequence

from devices.camera.base import Frame, Image
from kiosk.face.base import FaceCheckUpdate, FaceGuide, FacePrompt, FaceVerdict, ReferenceProblem
from kiosk.face.thresholds import DLIB_THRESHOLD

# A face well placed in a 640×480 frame, for the screens to draw.
DEMO_BOX = (240, 140, 170, 200)


def _guide(prompt: FacePrompt, *, step: int = 0, steps: int = 0, box: bool = True) -> FaceGuide:
    return FaceGuide(prompt, DEMO_BOX if box else None, box, step, steps)


def passing_script(frames_per_prompt: int = 6, score: float = 0.31) -> tuple[FaceCheckUpdate, ...]:
    """Look, move closer, hold still, turn left, back, turn right, back: passed."""
    n = frames_per_prompt
    guides = (
        [_guide(FacePrompt.LOOK_AT_CAMERA, box=False)] * n
        + [FaceGuide(FacePrompt.MOVE_CLOSER, (280, 190, 100, 120))] * n
        + [_guide(FacePrompt.HOLD_STILL)] * n
        + [_guide(FacePrompt.TURN_LEFT, steps=2)] * n
        + [_guide(FacePrompt.LOOK_AT_CAMERA, steps=2)] * n
        + [_guide(FacePrompt.TURN_RIGHT, step=1, steps=2)] * n
        + [_guide(FacePrompt.LOOK_AT_CAMERA, step=1, steps=2)] * n
    )
    passed = FaceCheckUpdate(_guide(FacePrompt.CHECKING, step=2, steps=2), FaceVerdict.PASSED, score)
    return (*(FaceCheckUpdate(g) for g in guides), passed)


def failing_script(
    verdict: FaceVerdict, frames_per_prompt: int = 6, score: float | None = None
) -> tuple[FaceCheckUpdate, ...]:
    """A script ending in ``verdict``.

    NO_MATCH comes at the first match, LIVENESS_FAILED mid-challenge, TIMED_OUT
    after frames with no face.
    """
    n = frames_per_prompt
    if verdict is FaceVerdict.NO_MATCH:
        guides = [_guide(FacePrompt.HOLD_STILL)] * n
        final = _guide(FacePrompt.CHECKING)
        score = 0.78 if score is None else score
    elif verdict is FaceVerdict.LIVENESS_FAILED:
        guides = [_guide(FacePrompt.HOLD_STILL)] * n + [_guide(FacePrompt.TURN_RIGHT, steps=2)] * (3 * n)
        final = _guide(FacePrompt.TURN_RIGHT, steps=2)
        score = 0.33 if score is None else score
    elif verdict is FaceVerdict.TIMED_OUT:
        guides = [_guide(FacePrompt.LOOK_AT_CAMERA, box=False)] * (3 * n)
        final = _guide(FacePrompt.LOOK_AT_CAMERA, box=False)
    else:
        return passing_script(frames_per_prompt)
    return (*(FaceCheckUpdate(g) for g in guides), FaceCheckUpdate(final, verdict, score))


class ScriptedFaceChecker:
    """Plays ``attempts[i]`` on the i-th ``begin`` (the last script again after that)."""

    def __init__(
        self,
        attempts: Sequence[Sequence[FaceCheckUpdate]] = (),
        *,
        threshold: float = DLIB_THRESHOLD,
        reference_problem: ReferenceProblem | None = None,
    ) -> None:
        self.scripts: list[tuple[FaceCheckUpdate, ...]] = [tuple(a) for a in attempts] or [passing_script()]
        if any(not script for script in self.scripts):
            raise ValueError("every scripted attempt needs at least one update")
        self.reference_problem = reference_problem
        self._threshold = threshold
        self.begun = 0
        self.wiped = 0
        self._script: tuple[FaceCheckUpdate, ...] | None = None
        self._position = 0

    @property
    def threshold(self) -> float:
        return self._threshold

    def begin(self, reference: Image, started_at: float) -> ReferenceProblem | None:
        self.begun += 1
        if self.reference_problem is not None:
            self._script = None
            return self.reference_problem
        self._script = self.scripts[min(self.begun, len(self.scripts)) - 1]
        self._position = 0
        return None

    def observe(self, frame: Frame) -> FaceCheckUpdate:
        if self._script is None:
            raise RuntimeError("observe() before begin(), or after wipe()")
        update = self._script[min(self._position, len(self._script) - 1)]
        self._position += 1
        return update

    def wipe(self) -> None:
        self.wiped += 1
        self._script = None
        self._position = 0
