"""The face check: the live face against the card photo (or the registered one), with a liveness
challenge, in up to ``face_check.attempts`` attempts.

The reference picture, the live frames and the checker's descriptors exist only while this step
runs: leaving it (passed, failed, cancelled, timed out) wipes them here and on the face thread.
"""

from __future__ import annotations

from typing import Any

from devices.camera.base import CameraFailure, Frame, Image
from kiosk.audit import AuditEvent
from kiosk.face.base import FaceChecker, FaceCheckUpdate, FaceGuide, FacePrompt, FaceVerdict, ReferenceProblem
from kiosk.journey.context import StepContext
from kiosk.journey.desk import DocumentDesk
from kiosk.journey.states import JourneyState, Notice, NoticeReason, Outcome, Timeout, TimeoutKind
from kiosk.journey.steps.base import Step
from kiosk.journey.steps.route import after_face_check, source_of, source_timed_out
from kiosk.journey.view import FaceView
from kiosk.parts import Part

FACE_RETRY = Timeout(45.0, TimeoutKind.IDLE)
"""Between attempts: reading the tips (hat, mask, glasses, light) and tapping 重新核验."""

FACE_CHECK_ATTEMPT = Timeout(60.0, TimeoutKind.LIMIT)
"""One attempt: getting into the oval, the challenge, the match. The checker has its own shorter
limits per challenge step; this guards against a checker that never answers."""


class FaceCheckStep(Step):
    state = JourneyState.FACE_CHECK
    timeout = FACE_CHECK_ATTEMPT

    def __init__(self, context: StepContext) -> None:
        super().__init__(context)
        self._reference: Image | None = None  # the picture to compare with, during the check only
        self.attempt = 0
        self.guide: FaceGuide | None = None
        self.frame: Frame | None = None
        self.last_verdict: FaceVerdict | None = None  # the previous attempt's: "please try again"
        self._attempt_event: str | None = None
        self.waiting_retry = False  # an attempt failed: the tips show until the citizen taps 重新核验

    def enter(self) -> None:
        context = self.context
        session = context.session
        assert session is not None and session.record is not None and session.subject is not None
        context.set_timeout(self.timeout)
        future = context.docs.submit(
            DocumentDesk.reference_image, session.service.source, session.subject, session.record.photo
        )
        context.submit(source_of(context), future, self._reference_found)

    def view(self) -> FaceView:
        return FaceView(
            guide=self.guide or FaceGuide(FacePrompt.LOOK_AT_CAMERA),
            attempt=self.attempt,
            attempts=self.context.config.face_check.attempts,
            last_verdict=self.last_verdict,
            frame=None if self.waiting_retry else self.frame,
            waiting_retry=self.waiting_retry,
        )

    def cancel(self) -> None:
        self.context.cancel_session()

    def retry_face_check(self) -> None:
        reference = self._reference
        if not self.waiting_retry or reference is None:
            return
        self.waiting_retry = False
        self._begin_attempt(reference)

    def expire(self) -> None:
        if self.waiting_retry:  # the citizen walked away between attempts
            self.context.time_out()
            return
        if self._reference is None:  # still looking for the reference picture
            source_timed_out(self.context)
        else:
            self._verdict(FaceVerdict.TIMED_OUT, None)

    def leave(self) -> None:
        if self._attempt_event is not None:
            self._finish_attempt("abandoned", None)
        self._forget()

    # -- the attempts --------------------------------------------------------------------
    def _reference_found(self, reference: Image | None) -> None:
        if reference is None:
            self.context.ledger.event(AuditEvent.FACE_CHECK, outcome="no_reference")
            self.context.explain(Notice(NoticeReason.NO_FACE_REFERENCE), Outcome.NO_FACE_REFERENCE)
            return
        self._begin_attempt(reference)

    def _begin_attempt(self, reference: Image) -> None:
        context = self.context
        self.attempt += 1
        self.guide = FaceGuide(FacePrompt.LOOK_AT_CAMERA)
        self._attempt_event = context.ledger.begin(AuditEvent.FACE_CHECK, detail={"attempt": self.attempt})
        context.set_timeout(self.timeout)
        started = context.clock.monotonic()

        def begin(checker: FaceChecker) -> ReferenceProblem | None:
            return checker.begin(reference, started)

        # The reference stays referenced by this closure only until begin() has run.
        context.submit(
            Part.FACE_CHECK, context.face.submit(begin), lambda problem: self._ready(problem, reference)
        )
        context.changed()

    def _ready(self, problem: ReferenceProblem | None, reference: Image) -> None:
        if problem is not None:
            self._finish_attempt("no_reference", None)
            self.context.explain(Notice(NoticeReason.NO_FACE_REFERENCE), Outcome.NO_FACE_REFERENCE)
            return
        self._reference = reference
        self._next_frame()

    def _next_frame(self) -> None:
        camera = self.context.devices.camera
        self.context.submit(
            Part.CAMERA, camera.submit(lambda device: device.read_frame(1.0)), self._frame_read
        )

    def _frame_read(self, result: Frame | CameraFailure) -> None:
        context = self.context
        if isinstance(result, CameraFailure):
            self._finish_attempt("camera_" + result.status.value, None)
            context.explain(
                Notice(NoticeReason.DEVICE_FAULT, Part.CAMERA, result.status),
                Outcome.DEVICE_FAULT,
                Part.CAMERA,
            )
            return
        self.frame = result
        context.changed()
        context.submit(
            Part.FACE_CHECK, context.face.submit(lambda checker: checker.observe(result)), self._observed
        )

    def _observed(self, update: FaceCheckUpdate) -> None:
        self.guide = update.guide
        self.context.changed()
        if update.verdict is None:
            self._next_frame()
            return
        self._verdict(update.verdict, update.score)

    def _verdict(self, verdict: FaceVerdict, score: float | None) -> None:
        self._finish_attempt(verdict.value, score)
        if verdict is FaceVerdict.PASSED:
            self._forget()
            after_face_check(self.context)
            return
        self.last_verdict = verdict
        reference = self._reference
        if reference is not None and self.attempt < self.context.config.face_check.attempts:
            self.waiting_retry = True  # the tips, then 重新核验 when the citizen is ready
            self.frame = None
            self.context.set_timeout(FACE_RETRY)
            self.context.changed()
            return
        self._forget()
        self.context.explain(Notice(NoticeReason.FACE_CHECK_FAILED), Outcome.FACE_CHECK_FAILED)

    def _finish_attempt(self, outcome: str, score: float | None) -> None:
        detail: dict[str, Any] = {
            "attempt": self.attempt,
            "threshold": self.context.parts.face_checker.threshold,
        }
        if score is not None:
            detail["score"] = round(score, 4)
        self.context.ledger.finish(self._attempt_event, AuditEvent.FACE_CHECK, outcome, detail)
        self._attempt_event = None

    def _forget(self) -> None:
        self._reference = None
        self.frame = None
        self.guide = None
        self.context.face.submit(lambda checker: checker.wipe())
