"""The developer's dock drives the mock devices of a running window; never there with real ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from kiosk.journey import JourneyState as S
from tests.ui.ui_rig import UiRig, open_rig
from ui.dev_dock import DevDock, install_dev_dock
from ui.i18n import Translations


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path, translations: Translations) -> Iterator[UiRig]:
    yield from open_rig(qtbot, tmp_path, translations)


def test_the_dock_inserts_cards_and_breaks_the_printer(rig: UiRig, qtbot: QtBot) -> None:
    toggle = install_dev_dock(rig.window, rig.kiosk)
    assert toggle is not None
    dock = toggle()
    assert isinstance(dock, DevDock) and dock.isVisible()
    qtbot.addWidget(dock)
    dock.controls["Card reader: Insert card: 张伟"]()
    assert rig.mocks.reader.card_present()
    dock.controls["Card reader: Remove card"]()
    assert not rig.mocks.reader.card_present()
    rig.kiosk.journey.touch()
    dock._run(dock.controls["A4 printer: Offline"])
    rig.kiosk.health.wait_first_round()
    rig.refresh()
    assert rig.state in (S.HOME, S.OUT_OF_SERVICE)
    assert not any(
        tile.available
        for tile in rig.kiosk.journey.view().services
        if "document_printer" in tile.service.devices
    )
    toggle()
    assert not dock.isVisible()
    QCoreApplication.processEvents()


def test_no_dock_with_real_devices(rig: UiRig, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rig.kiosk.devices.id_reader, "device", object())
    assert install_dev_dock(rig.window, rig.kiosk) is None
