"""Every name the core can hand a screen has a sentence (a missing one would raise KeyError mid-journey)."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QEvent, QTranslator

from kiosk.face.base import FacePrompt, FaceVerdict
from kiosk.health import STATUS_SETS
from kiosk.identity import Problem
from kiosk.journey.states import NoticeReason, Outcome
from kiosk.journey.view import IdentifyHint, Reminder
from kiosk.parts import Part, Unanswered
from kiosk.ratings import RatingReason
from kiosk.self_tests import SelfTest
from ui import face_check_strings, rating_strings, strings, technician_strings
from ui.i18n import Translations


def test_every_face_prompt_and_verdict_has_a_sentence() -> None:
    assert set(face_check_strings.face_prompts()) == set(FacePrompt)
    assert set(face_check_strings.face_verdicts()) == set(FaceVerdict)
    assert all(face_check_strings.face_prompt(prompt) for prompt in FacePrompt)
    assert all(face_check_strings.face_verdict(verdict) for verdict in FaceVerdict)


def test_every_card_problem_has_its_own_sentence() -> None:
    refused = strings.card_problem(None)
    problems = [value for name, value in vars(Problem).items() if name.isupper()]
    assert problems
    for problem in problems:
        assert strings.card_problem(problem) not in ("", refused), problem


def test_every_notice_hint_and_reminder_has_a_sentence() -> None:
    assert set(strings.NOTICE_WHAT) == set(NoticeReason) == set(strings.NOTICE_DO)
    assert set(strings.IDENTIFY_HINTS) == set(IdentifyHint)
    assert set(strings.REMINDERS) == set(Reminder)


def test_every_self_test_and_session_outcome_has_a_sentence() -> None:
    assert set(technician_strings.SELF_TESTS) == set(SelfTest) == set(technician_strings.SELF_TESTS_RUNNING)
    assert set(technician_strings.OUTCOMES) == {
        *Outcome,
        "in_progress",
    }  # in_progress: started, not ended yet
    assert set(technician_strings.JOB_STATES) == {"failed", "queued", "printing"}  # what the report lists


def test_every_part_has_a_name_and_every_status_it_cannot_serve_in_a_sentence() -> None:
    assert set(strings.PARTS) == set(Part)
    for part, statuses in STATUS_SETS.items():
        for status in [*statuses.kind, Unanswered.NO_ANSWER]:
            if status not in statuses.usable:
                assert status.value in strings.STATUSES, (part, status)


def test_sentences_with_a_count_are_english_for_every_count(translations: Translations) -> None:
    cjk = re.compile(r"[\u3400-\u9fff]")
    translations.use("en")
    try:
        for n in (0, 1, 2, 30):
            counted = (
                strings.idle_body(n),
                strings.diagnostics_idle_body(n),
                strings.preview_pages(n),
                strings.pin_locked(n),
                strings.sessions_count(n),
            )
            for sentence in counted:
                assert not cjk.search(sentence), (n, sentence)
                assert str(n) in sentence
        assert strings.preview_pages(1) == "1 page" and strings.preview_pages(2) == "2 pages"
        translations.use("zh_CN")
        assert strings.preview_pages(3) == "共 3 页"
    finally:
        translations.use("zh_CN")


def test_every_rating_reason_and_level_has_its_words() -> None:
    assert set(rating_strings.RATING_REASON_LABELS) == {reason.value for reason in RatingReason}
    assert set(rating_strings.RATING_LEVELS) == {1, 2, 3, 4, 5}


def test_switching_language_on_every_visit_keeps_one_translator(translations: Translations) -> None:
    # A translator made per switch to English was never deleted (nor its .qm unmapped): one more on
    # every English visit, for as long as the kiosk ran.
    app = QCoreApplication.instance()
    assert app is not None
    translations.use("en")
    translations.use("zh_CN")
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    kept = len(app.findChildren(QTranslator))
    for _ in range(20):
        assert translations.use("en")
        assert strings.preview_pages(2) == "2 pages"
        translations.use("zh_CN")
        assert strings.preview_pages(2) == "共 2 页"
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(app.findChildren(QTranslator)) == kept
