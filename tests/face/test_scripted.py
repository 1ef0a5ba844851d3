"""The scripted checker the demo and the UI tests use."""

from __future__ import annotations

import numpy as np
import pytest

from devices.camera.base import Frame
from kiosk.face.base import FaceChecker, FacePrompt, FaceVerdict, ReferenceProblem
from kiosk.face.scripted import ScriptedFaceChecker, failing_script, passing_script

PICTURE = np.zeros((126, 102, 3), np.uint8)


def frames() -> list[Frame]:
    return [Frame(np.zeros((48, 64, 3), np.uint8), i, i * 0.1) for i in range(200)]


def play(checker: ScriptedFaceChecker) -> list[FaceVerdict | None]:
    assert checker.begin(PICTURE, 0.0) is None
    for frame in frames():
        update = checker.observe(frame)
        if update.verdict is not None:
            return [update.verdict]
    return [None]


def test_it_is_a_face_checker() -> None:
    assert isinstance(ScriptedFaceChecker(), FaceChecker)


def test_the_default_script_walks_the_challenge_and_passes() -> None:
    checker = ScriptedFaceChecker()
    assert checker.begin(PICTURE, 0.0) is None
    prompts = []
    for frame in frames():
        update = checker.observe(frame)
        prompts.append(update.guide.prompt)
        if update.verdict is not None:
            break
    assert update.verdict is FaceVerdict.PASSED and update.score is not None
    assert FacePrompt.TURN_LEFT in prompts and FacePrompt.TURN_RIGHT in prompts


def test_each_attempt_plays_the_next_script_then_the_last_again() -> None:
    checker = ScriptedFaceChecker([failing_script(FaceVerdict.NO_MATCH), passing_script(2)])
    verdicts = [play(checker)[0] for _ in range(3)]
    assert verdicts == [FaceVerdict.NO_MATCH, FaceVerdict.PASSED, FaceVerdict.PASSED]


@pytest.mark.parametrize("verdict", list(FaceVerdict))
def test_every_verdict_can_be_scripted(verdict: FaceVerdict) -> None:
    assert play(ScriptedFaceChecker([failing_script(verdict)])) == [verdict]


def test_a_reference_problem_can_be_scripted_and_wipe_resets() -> None:
    checker = ScriptedFaceChecker(reference_problem=ReferenceProblem.NO_FACE)
    assert checker.begin(PICTURE, 0.0) is ReferenceProblem.NO_FACE
    with pytest.raises(RuntimeError):
        checker.observe(frames()[0])
    checker.wipe()
    assert checker.wiped == 1
