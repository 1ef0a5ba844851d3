"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every void Qt call and the
interpreter aborts after a few thousand (docs: shared/protocols/qt.md). This fails CI if an
upgrade brings the bug back, before a kiosk dies of it in a hall."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer

CALLS = 20_000


def test_void_qt_calls_keep_the_reference_count_of_none(qapp: object) -> None:
    obj = QObject()
    timer = QTimer()
    before = sys.getrefcount(None)
    for i in range(CALLS):
        obj.setObjectName("kiosk")
        timer.setInterval(i % 100 + 1)
    after = sys.getrefcount(None)
    # A small rise is other code holding None; a fall of thousands is the bug.
    assert after >= before - 100, f"None lost {before - after} references over {2 * CALLS} void Qt calls"
    del obj, timer
