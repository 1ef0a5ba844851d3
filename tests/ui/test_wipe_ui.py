"""After a session ends, no widget shows the previous citizen's name or number, or their pictures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.demo.people import LI_YAN, ZHAO_JIANGUO, demo_people
from kiosk.identity import mask_id_number, mask_name
from kiosk.journey import JourneyState as S
from kiosk.journey.view import BusinessesView
from tests.ui.test_journey_by_taps import finish_after_preview, tap_to_identify
from tests.ui.ui_rig import UiRig, open_rig
from ui.i18n import Translations
from ui.screens.choose_business_screen import ChooseBusinessScreen
from ui.screens.face_check_screen import FaceCheckScreen
from ui.screens.preview_screen import PreviewScreen


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path, translations: Translations) -> Iterator[UiRig]:
    yield from open_rig(qtbot, tmp_path, translations)


def every_text(root: QWidget) -> list[str]:
    """Texts, tooltips, accessible names and descriptions of every widget, shown or not."""
    out: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            out.append(widget.text())
        if isinstance(widget, QLineEdit):
            out.append(widget.placeholderText())
        out += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription(), widget.whatsThis()]
        for name in widget.dynamicPropertyNames():
            try:
                value = widget.property(bytes(name.data()).decode())
            except RuntimeError:  # a Qt-internal property with no Python type: not text
                continue
            if isinstance(value, str):
                out.append(value)
    return [text for text in out if text]


def secrets_of(person: str, businesses: list[tuple[str, str]] = ()) -> list[str]:  # type: ignore[assignment]
    record = demo_people()[person]
    name, number = record["name"], record["id_number"]
    out = [name, number, mask_id_number(number), mask_name(name), number[-6:]]
    for code, business in businesses:
        out += [code, business]
    return out


def assert_wiped(rig: UiRig, secrets: list[str]) -> None:
    texts = every_text(rig.window)
    for secret in secrets:
        leaks = [text for text in texts if secret in text]
        assert not leaks, f"{secret!r} is still on a widget: {leaks[:3]}"
    for screen in rig.window.router.built().values():
        if isinstance(screen, FaceCheckScreen):
            assert screen.camera.image is None, "the face picture outlived the face check"
        if isinstance(screen, PreviewScreen):
            assert not screen._pixmaps and not screen.shown_pages, "the document's pages outlived the preview"
            assert screen.viewer.source is None and screen.viewer.page.pixmap().isNull()
        if isinstance(screen, ChooseBusinessScreen):
            assert all(not tile.credit_code for tile in screen.tiles)


def test_nothing_personal_remains_after_a_completed_session(rig: UiRig) -> None:
    tap_to_identify(rig, "business_license")
    rig.place_card(ZHAO_JIANGUO)
    assert rig.settle(until=S.CHOOSE_BUSINESS) is S.CHOOSE_BUSINESS
    shown = rig.kiosk.journey.view().step_as(BusinessesView)
    assert shown is not None
    businesses = [(b.credit_code, b.name) for b in shown.businesses]
    screen = rig.screen()
    assert isinstance(screen, ChooseBusinessScreen)
    rig.tap(screen.tiles[0])
    assert rig.settle(until=S.PREVIEW) is S.PREVIEW
    rig.tap(rig.screen().thumbs[0])  # type: ignore[attr-defined]  # the enlarged page is open too
    finish_after_preview(rig, copies=1)
    rig.tap(rig.screen())  # the next citizen wakes the kiosk
    assert rig.state is S.HOME
    assert_wiped(rig, secrets_of(ZHAO_JIANGUO, businesses))


def test_nothing_personal_remains_after_a_cancelled_session(rig: UiRig) -> None:
    tap_to_identify(rig, "credit_report")
    rig.place_card(LI_YAN)
    assert rig.settle(until=S.FACE_CHECK) is S.FACE_CHECK
    camera = rig.screen().camera  # type: ignore[attr-defined]
    for _ in range(50):  # the first frames arrive
        if camera.image is not None:
            break
        rig.kiosk.journey.wait(timeout=5)
        rig.elapse(0.05)
    assert camera.image is not None  # the live picture is shown
    rig.tap(rig.screen().end)  # type: ignore[attr-defined]
    assert rig.state is S.REMINDERS  # the card, on the way out
    assert_wiped(rig, secrets_of(LI_YAN))
    rig.mocks.reader.remove()
    rig.wait_for(lambda: rig.state is S.RATING)
    rig.tap(rig.screen().skip)  # type: ignore[attr-defined]
    assert rig.state is S.GOODBYE
    assert_wiped(rig, secrets_of(LI_YAN))
    rig.tap(rig.screen().done)  # type: ignore[attr-defined]
    assert rig.state is S.ATTRACT
    assert_wiped(rig, secrets_of(LI_YAN))
