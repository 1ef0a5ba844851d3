"""The recent problems kept for the diagnostics screen: warnings and errors only, the newest
first, a bounded number, the message without its traceback, and no ID number in the clear."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest

from kiosk import recent_log
from kiosk.recent_log import RecentProblems, redact


@pytest.fixture
def problems() -> Iterator[tuple[RecentProblems, logging.Logger]]:
    handler = RecentProblems(kept=5)
    logger = logging.getLogger("kiosk.test_recent_log")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield handler, logger
    logger.removeHandler(handler)
    logger.propagate = True
    logger.setLevel(logging.NOTSET)


def test_warnings_and_errors_are_kept_the_newest_first(
    problems: tuple[RecentProblems, logging.Logger],
) -> None:
    handler, logger = problems
    logger.info("a job went to the printer")
    logger.warning("the receipt printer did not answer within %.0f s", 1.0)
    logger.error("CUPS job %d failed", 12)

    entries = handler.entries()
    assert [(e.level, e.message) for e in entries] == [
        ("ERROR", "CUPS job 12 failed"),
        ("WARNING", "the receipt printer did not answer within 1 s"),
    ]
    assert entries[0].where == "kiosk.test_recent_log"


def test_only_the_last_few_are_kept(problems: tuple[RecentProblems, logging.Logger]) -> None:
    handler, logger = problems
    for index in range(12):
        logger.warning("problem %d", index)
    assert [e.message for e in handler.entries()] == [f"problem {i}" for i in (11, 10, 9, 8, 7)]


def test_a_traceback_is_not_kept(problems: tuple[RecentProblems, logging.Logger]) -> None:
    handler, logger = problems
    try:
        raise ValueError("secret detail from deep inside")
    except ValueError:
        logger.exception("the renderer failed")
    (entry,) = handler.entries()
    assert entry.message == "the renderer failed"
    assert "secret detail" not in repr(entry) and "Traceback" not in repr(entry)


def test_an_id_number_that_slipped_into_a_message_is_masked(
    problems: tuple[RecentProblems, logging.Logger],
) -> None:
    handler, logger = problems
    logger.warning("lookup for 63010219800101123X failed; old card 630102800101123")
    (entry,) = handler.entries()
    assert entry.message == "lookup for 6301**********123X failed; old card 6301*******1123"
    # numbers that are not ID numbers stay as they are
    assert redact("job 1234567890123456 of 20 pages, code 12345678901234567890") == (
        "job 1234567890123456 of 20 pages, code 12345678901234567890"
    )


def test_a_badly_formatted_call_is_kept_rather_than_lost() -> None:
    handler = RecentProblems()
    record = logging.LogRecord("kiosk.x", logging.WARNING, __file__, 1, "two values %s %s", ("one",), None)
    handler.emit(record)  # what logging calls: a record whose arguments do not fit its message
    assert handler.entries()[0].message == "two values %s %s"


def test_logging_from_many_threads_at_once(problems: tuple[RecentProblems, logging.Logger]) -> None:
    handler, logger = problems

    def shout() -> None:
        for index in range(200):
            logger.warning("device %d", index)

    threads = [threading.Thread(target=shout) for _ in range(4)]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        assert len(handler.entries()) <= 5  # read while they write
    for thread in threads:
        thread.join()
    assert len(handler.entries()) == 5


def test_install_keeps_libraries_at_warning_and_the_kiosk_at_info(monkeypatch: pytest.MonkeyPatch) -> None:
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", logging.NOTSET)
    for name in recent_log.OWN_LOGGERS:
        monkeypatch.setattr(logging.getLogger(name), "level", logging.NOTSET)

    recent_log.install()
    recent_log.install()  # twice is once

    assert sum(isinstance(h, RecentProblems) for h in root.handlers) == 1
    assert len(root.handlers) == 2  # the journal's stream and the recent problems
    assert root.level == logging.WARNING
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("kiosk.journey").getEffectiveLevel() == logging.INFO
    assert logging.getLogger("devices.document_printer").getEffectiveLevel() == logging.INFO
