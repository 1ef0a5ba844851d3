"""The attempt's state machine on scripted landmark sequences: no models, no pictures."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from kiosk.face.attempt import TURN_MATCH_MARGIN, AttemptTiming, FaceAttempt, Observation, Turn
from kiosk.face.base import FaceCheckUpdate, FacePrompt, FaceVerdict
from kiosk.face.guide import Light
from kiosk.face.landmarks import FaceSeen
from tests.face.scenes import face, seen

THRESHOLD = 0.5
STEP = 0.1  # 10 frames a second


class Matches:
    """The match function: scripted distances, then ``default``; remembers each call."""

    def __init__(self, *distances: float, default: float = 0.3) -> None:
        self.queue = list(distances)
        self.default = default
        self.calls: list[FaceSeen] = []

    def __call__(self, matched: FaceSeen) -> float:
        self.calls.append(matched)
        return self.queue.pop(0) if self.queue else self.default


def new_attempt(seed: int = 1, timing: AttemptTiming | None = None) -> FaceAttempt:
    return FaceAttempt(0.0, THRESHOLD, random.Random(seed), timing)


def play(attempt: FaceAttempt, frames: list[Observation], matches: Matches) -> list[FaceCheckUpdate]:
    updates = []
    for frame in frames:
        update = attempt.observe(frame, matches)
        updates.append(update)
        if update.verdict is not None:
            break
    return updates


class Clock:
    def __init__(self, start: float = 0.0) -> None:
        self.t = start

    def ticks(self, n: int) -> Iterator[float]:
        for _ in range(n):
            self.t = round(self.t + STEP, 6)
            yield self.t


def settle(clock: Clock, n: int = 8, **kwargs: object) -> list[Observation]:
    return [seen(t, face(0.0, **kwargs)) for t in clock.ticks(n)]  # type: ignore[arg-type]


def turn(clock: Clock, direction: Turn, peak: float = 0.2) -> list[Observation]:
    sign = 1 if direction is Turn.LEFT else -1
    ramp = [peak * f for f in (0.25, 0.5, 0.75, 1.0, 1.0, 0.75, 0.5, 0.25, 0.0, 0.0)]
    return [seen(t, face(sign * y)) for t, y in zip(clock.ticks(len(ramp)), ramp, strict=True)]


def full_run(attempt: FaceAttempt, clock: Clock) -> list[Observation]:
    frames = settle(clock)
    for direction in attempt.turns:
        frames += turn(clock, direction)
    return frames


def test_turns_done_in_the_asked_order_pass_with_the_worst_distance() -> None:
    attempt = new_attempt()
    matches = Matches(0.31, 0.4, 0.33, 0.42, 0.35)
    updates = play(attempt, full_run(attempt, Clock()), matches)
    assert updates[-1].verdict is FaceVerdict.PASSED
    assert updates[-1].score == pytest.approx(0.42)
    # Matched before the challenge, at each turn and each return: five descriptors, not one per frame.
    assert len(matches.calls) == 5
    prompts = [u.guide.prompt for u in updates]
    assert prompts.index(attempt.turns[0].prompt) < prompts.index(attempt.turns[1].prompt)
    assert updates[-1].guide.challenge_step == 2 and updates[-1].guide.challenge_steps == 2


def test_the_order_of_turns_comes_from_the_injected_randomness() -> None:
    orders = {new_attempt(seed).turns for seed in range(20)}
    assert orders == {(Turn.LEFT, Turn.RIGHT), (Turn.RIGHT, Turn.LEFT)}
    assert new_attempt(5).turns == new_attempt(5).turns


def test_a_face_that_never_turns_fails_when_the_step_time_runs_out() -> None:
    attempt = new_attempt()
    clock = Clock()
    frames = settle(clock) + settle(clock, int(attempt.timing.step / STEP) + 5)
    updates = play(attempt, frames, Matches())
    assert updates[-1].verdict is FaceVerdict.LIVENESS_FAILED
    assert updates[-2].guide.prompt is attempt.turns[0].prompt
    assert updates[-1].score == pytest.approx(0.3)


def test_a_turn_the_wrong_way_fails_the_challenge() -> None:
    attempt = new_attempt()
    clock = Clock()
    updates = play(attempt, settle(clock) + turn(clock, attempt.turns[0].opposite), Matches())
    assert updates[-1].verdict is FaceVerdict.LIVENESS_FAILED


def test_a_turn_short_of_the_mark_does_not_count() -> None:
    attempt = new_attempt(timing=AttemptTiming(step=3.0))
    clock = Clock()
    frames = settle(clock)
    for _ in range(5):
        frames += turn(clock, attempt.turns[0], peak=0.1)
    updates = play(attempt, frames, Matches())
    assert updates[-1].verdict is FaceVerdict.LIVENESS_FAILED
    assert all(u.guide.challenge_step == 0 for u in updates)


def test_a_photo_swapped_in_place_mid_challenge_fails_the_match_on_challenge_frames() -> None:
    # The swapped-in face lines up with the tracked one, so only the match catches it.
    attempt = new_attempt()
    matches = Matches(0.3, 0.34, 0.81)
    updates = play(attempt, full_run(attempt, Clock()), matches)
    assert updates[-1].verdict is FaceVerdict.LIVENESS_FAILED
    assert updates[-1].score == pytest.approx(0.81)
    assert len(matches.calls) == 3


def test_a_photo_swapped_at_the_turn_fails_even_within_the_turn_margin() -> None:
    attempt = new_attempt()
    matches = Matches(0.3, THRESHOLD + TURN_MATCH_MARGIN + 0.01)
    updates = play(attempt, full_run(attempt, Clock()), matches)
    assert updates[-1].verdict is FaceVerdict.LIVENESS_FAILED


def test_a_face_that_jumps_to_another_place_is_another_face() -> None:
    attempt = new_attempt()
    clock = Clock()
    frames = settle(clock) + [seen(t, face(0.0, centre=(470, 240))) for t in clock.ticks(3)]
    matches = Matches()
    updates = play(attempt, frames, matches)
    assert updates[-1].verdict is FaceVerdict.LIVENESS_FAILED
    assert len(matches.calls) == 1  # failed on tracking, before any new match


def test_a_face_of_another_size_is_another_face() -> None:
    attempt = new_attempt()
    clock = Clock()
    frames = settle(clock) + [seen(t, face(0.0, width=300)) for t in clock.ticks(3)]
    assert play(attempt, frames, Matches())[-1].verdict is FaceVerdict.LIVENESS_FAILED


def test_the_face_lost_briefly_during_a_turn_is_still_followed() -> None:
    attempt = new_attempt()
    clock = Clock()
    frames = settle(clock)
    first = turn(clock, attempt.turns[0])
    # The detector loses the turning face for 0.3 s, then finds it still turned (yaw 0.15).
    first[2:5] = [seen(o.taken_at) for o in first[2:5]]
    frames += first + turn(clock, attempt.turns[1])
    assert play(attempt, frames, Matches())[-1].verdict is FaceVerdict.PASSED


def test_the_face_lost_too_long_fails() -> None:
    attempt = new_attempt()
    clock = Clock()
    frames = settle(clock) + [seen(t) for t in clock.ticks(15)]
    updates = play(attempt, frames, Matches())
    assert updates[-1].verdict is FaceVerdict.LIVENESS_FAILED
    assert updates[-1].guide.prompt is attempt.turns[0].prompt


def test_two_faces_while_positioning_asks_for_one_person_and_never_matches() -> None:
    attempt = new_attempt()
    clock = Clock()
    pair = (face(0.0, centre=(200, 240), width=160), face(0.0, centre=(460, 240), width=160))
    matches = Matches()
    updates = play(attempt, [seen(t, *pair) for t in clock.ticks(20)], matches)
    assert {u.guide.prompt for u in updates} == {FacePrompt.ONE_PERSON_ONLY}
    assert matches.calls == []


def test_a_second_face_during_the_challenge_fails_it() -> None:
    attempt = new_attempt()
    clock = Clock()
    bystander = face(0.0, centre=(560, 200), width=120)
    frames = settle(clock) + [seen(t, face(0.0), bystander) for t in clock.ticks(15)]
    updates = play(attempt, frames, Matches())
    assert FacePrompt.ONE_PERSON_ONLY in {u.guide.prompt for u in updates}
    assert updates[-1].verdict is FaceVerdict.LIVENESS_FAILED


def test_no_face_times_out() -> None:
    attempt = new_attempt()
    clock = Clock()
    frames = [seen(t) for t in clock.ticks(int(attempt.timing.positioning / STEP) + 3)]
    updates = play(attempt, frames, Matches())
    assert updates[-1].verdict is FaceVerdict.TIMED_OUT
    assert updates[-1].score is None
    assert updates[0].guide.prompt is FacePrompt.LOOK_AT_CAMERA


def test_a_different_face_is_refused_at_the_first_match() -> None:
    attempt = new_attempt()
    updates = play(attempt, settle(Clock()), Matches(0.72))
    assert updates[-1].verdict is FaceVerdict.NO_MATCH
    assert updates[-1].score == pytest.approx(0.72)


def test_a_distance_at_the_threshold_matches() -> None:
    attempt = new_attempt()
    updates = play(attempt, full_run(attempt, Clock()), Matches(THRESHOLD, THRESHOLD, THRESHOLD))
    assert updates[-1].verdict is FaceVerdict.PASSED


def test_identical_frames_never_pass_and_time_out() -> None:
    # A frozen camera: the same picture again and again — frozen from the start …
    attempt = new_attempt()
    clock = Clock()
    matches = Matches()
    frames = [seen(t, face(0.0), frozen=True) for t in clock.ticks(40)]
    updates = play(attempt, frames, matches)
    assert updates[-1].verdict is FaceVerdict.TIMED_OUT
    assert matches.calls == []
    # … or freezing mid-challenge, even on a turned face.
    attempt = new_attempt()
    clock = Clock()
    frames = settle(clock) + [seen(t, face(0.2), frozen=True) for t in clock.ticks(40)]
    updates = play(attempt, frames, Matches())
    assert updates[-1].verdict is FaceVerdict.TIMED_OUT
    assert all(u.guide.challenge_step == 0 for u in updates)


def test_an_unmoving_face_never_passes() -> None:
    # Frames that differ (sensor noise) but show no movement: the challenge is never done.
    attempt = new_attempt()
    clock = Clock()
    frames = settle(clock, int((attempt.timing.positioning + attempt.timing.step) / STEP))
    updates = play(attempt, frames, Matches())
    assert updates[-1].verdict is FaceVerdict.LIVENESS_FAILED


def test_a_verdict_ends_the_attempt() -> None:
    attempt = new_attempt()
    matches = Matches(0.9)
    final = play(attempt, settle(Clock()), matches)[-1]
    assert attempt.observe(seen(99.0, face(0.0)), matches) is final
    assert len(matches.calls) == 1


def test_a_begin_time_from_another_clock_restarts_the_limits_at_the_first_frame() -> None:
    attempt = FaceAttempt(5_000.0, THRESHOLD, random.Random(1))
    clock = Clock(12.0)
    updates = play(attempt, full_run(attempt, clock), Matches())
    assert updates[-1].verdict is FaceVerdict.PASSED


@pytest.mark.parametrize(
    ("observation", "prompt"),
    [
        (seen(0.1, face(0.0, width=100)), FacePrompt.MOVE_CLOSER),
        (seen(0.1, face(0.0, width=400)), FacePrompt.MOVE_BACK),
        (seen(0.1, face(0.0, centre=(470, 240))), FacePrompt.CENTRE_FACE),
        (seen(0.1, face(0.0, centre=(320, 340))), FacePrompt.CENTRE_FACE),
        (seen(0.1, face(0.0), light=Light(40.0, 35.0, 42.0)), FacePrompt.MORE_LIGHT),
        (seen(0.1, light=Light(30.0)), FacePrompt.MORE_LIGHT),
        (seen(0.1, face(0.0), light=Light(180.0, 90.0, 200.0)), FacePrompt.BACKLIT),
        (seen(0.1, face(0.2)), FacePrompt.LOOK_AT_CAMERA),
        (seen(0.1), FacePrompt.LOOK_AT_CAMERA),
        (seen(0.1, face(0.0)), FacePrompt.HOLD_STILL),
    ],
)
def test_the_guide_prompts(observation: Observation, prompt: FacePrompt) -> None:
    update = new_attempt().observe(observation, Matches())
    assert update.guide.prompt is prompt
    assert update.verdict is None


def test_the_guide_says_when_the_face_is_in_the_oval() -> None:
    assert new_attempt().observe(seen(0.1, face(0.0)), Matches()).guide.in_oval
    assert not new_attempt().observe(seen(0.1, face(0.0, width=100)), Matches()).guide.in_oval
    assert new_attempt().observe(seen(0.1, face(0.0)), Matches()).guide.face_box == (220, 140, 200, 200)


def test_a_badly_placed_face_is_never_matched() -> None:
    attempt = new_attempt()
    clock = Clock()
    matches = Matches()
    play(attempt, [seen(t, face(0.0, width=100)) for t in clock.ticks(30)], matches)
    assert matches.calls == []
