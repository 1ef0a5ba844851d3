"""How ``kiosk run`` starts: the home screen is painted from the configuration alone, then the
database, devices and journey are loaded behind it; a tap made in between is not lost, and a
start that fails shows the out-of-service screen and is tried again."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

import kiosk.composition
import ui.app
from kiosk.config import KioskConfig
from kiosk.demo.rig import start_scenario
from kiosk.demo.scenarios import Scenario
from kiosk.journey import JourneyState as S
from kiosk.journey.view import IdentifyHint, IdentifyView, opening_view
from ui.app import KioskStart, KioskWindow, Watchdog, prepare_application
from ui.i18n import Translations

KIOSK = str(Path(sys.executable).parent / "kiosk")

# What the first paint must not wait for: the database, images, the state machine, PDFs, the camera,
# HTTP. Each costs tens of milliseconds or more to import. (pydantic is not among them: the
# configuration's types carry its constraints, and every file is checked with it before the window.)
HEAVY = ("sqlalchemy", "alembic", "numpy", "cv2", "statemachine", "fpdf", "httpx", "PIL", "pickle")

FIRST_PAINT_PROBE = """
import sys
import ui.app

def painted(self):
    self.painted_at = 0.0
    print("loaded at first paint:", sorted(m for m in {heavy!r} if m in sys.modules), flush=True)
    self._app.exit(0)

ui.app.KioskStart._home_painted = painted
from kiosk.config import load_config
ui.app.run_kiosk(load_config(None), quit_when_ready=True)
"""


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(tmp_path / "data"), **extra)
    if "KIOSK_CONFIG" not in extra:
        env.pop("KIOSK_CONFIG", None)
    return env


def _first_paint_modules(env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT_PROBE.format(heavy=HEAVY)],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    match = re.search(r"loaded at first paint: \[(.*)\]", done.stdout)
    assert match, f"no first paint: {done.stderr[-2000:]}"
    return [name.strip(" '") for name in match.group(1).split(",") if name.strip()]


def test_kiosk_run_quit_when_ready_paints_home_then_starts_the_kiosk(tmp_path: Path) -> None:
    done = subprocess.run(
        [KIOSK, "run", "--quit-when-ready"], env=_env(tmp_path),
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    painted = re.search(r"home screen painted (\d+\.\d\d) s after the process started", done.stdout)
    ready = re.search(r"kiosk ready \(database, devices and journey running\) (\d+\.\d\d) s", done.stdout)
    assert painted and ready, done.stdout
    assert float(painted.group(1)) <= float(ready.group(1))
    assert (tmp_path / "data" / "kiosk.db").exists()  # the database was really opened behind the screen
    assert "Traceback" not in done.stderr


def test_the_first_paint_loads_no_heavy_library(tmp_path: Path) -> None:
    assert _first_paint_modules(_env(tmp_path)) == []


def test_with_a_config_file_the_first_paint_loads_no_heavy_library_either(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\nhotline = "0571-12345"\n', "utf-8")
    env = _env(tmp_path, KIOSK_CONFIG=str(config))
    assert _first_paint_modules(env) == []  # the file is checked each start, with nothing remembered
    assert _first_paint_modules(env) == []


# ---------------------------------------------------------------- in-process: the window before the journey
@pytest.fixture
def bare_window(qtbot: QtBot, translations: Translations) -> Iterator[KioskWindow]:
    window = KioskWindow(KioskConfig(), translations=translations)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show_view(opening_view(window.config.services))
    window.show()
    QCoreApplication.processEvents()
    yield window
    window.shutdown()
    QCoreApplication.processEvents()


def _tile(window: KioskWindow, title: str) -> QWidget:
    for widget in window.router.current.findChildren(QAbstractButton):  # type: ignore[union-attr]
        if widget.isVisible() and title in " ".join(label.text() for label in widget.findChildren(QWidget)
                                                   if hasattr(label, "text")):  # fmt: skip
            return widget
    raise AssertionError(f"no tile {title!r} on the home screen")


def test_the_opening_home_screen_shows_every_configured_service(bare_window: KioskWindow) -> None:
    assert bare_window.view is not None and bare_window.view.state is S.HOME
    titles = [tile.service.title_zh for tile in bare_window.view.services]
    assert titles == [service.title_zh for service in KioskConfig().services]
    assert bare_window.journey is None
    for title in titles:
        assert _tile(bare_window, title).isEnabled()


def test_a_tap_before_the_journey_arrives_is_replayed_to_it(
    qtbot: QtBot, bare_window: KioskWindow, tmp_path: Path
) -> None:
    service = KioskConfig().services[1]
    qtbot.mouseClick(_tile(bare_window, service.title_zh), Qt.MouseButton.LeftButton)
    assert bare_window.view is not None and bare_window.view.state is S.HOME  # nothing to answer yet
    kiosk, _clock = start_scenario(Scenario("start", "start", service.id), KioskConfig(), tmp_path)
    try:
        kiosk.journey.touch()  # what KioskStart does: wake onto the home screen the window shows
        bare_window.attach(kiosk)
        bare_window.bridge.refresh(force=True)
        assert kiosk.journey.state is S.INTRO
        assert bare_window.view is not None and bare_window.view.service is not None
        assert bare_window.view.service.id == service.id
    finally:
        bare_window.shutdown()
        kiosk.close()


def test_a_failed_start_shows_out_of_service_and_is_tried_again(
    qtbot: QtBot, translations: Translations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_assemble = kiosk.composition.assemble
    tries: list[int] = []

    def assemble_failing_once(config: KioskConfig, **kwargs: Any) -> Any:
        tries.append(1)
        if len(tries) == 1:
            raise OSError("disk not mounted yet")
        return real_assemble(config, **kwargs)

    monkeypatch.setattr(kiosk.composition, "assemble", assemble_failing_once)
    monkeypatch.setattr(ui.app, "START_RETRY_SECONDS", 0.05)
    app = prepare_application()
    window = KioskWindow(KioskConfig(data_dir=tmp_path), translations=translations)
    qtbot.addWidget(window)
    start = KioskStart(app, window, Watchdog(window), quit_when_ready=False)
    window.show_view(opening_view(window.config.services))
    window.resize(1920, 1080)
    window.show()
    try:
        qtbot.waitUntil(lambda: bool(tries), timeout=5000)
        assert window.view is not None and window.view.state is S.OUT_OF_SERVICE
        assert window.journey is None
        qtbot.waitUntil(lambda: start.ready_at is not None, timeout=10_000)
        assert len(tries) == 2
        assert window.journey is not None and window.journey.state is S.HOME
        assert window.view is not None and window.view.state is S.HOME
    finally:
        window.shutdown()
        start.close()
        QCoreApplication.processEvents()


@pytest.mark.parametrize("elderly", [False, True])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_header_never_cuts_a_button_word(bare_window: KioskWindow, elderly: bool, language: str) -> None:
    view = replace(opening_view(bare_window.config.services), elderly=elderly, language=language)
    bare_window.show_view(view)
    QCoreApplication.processEvents()
    header = bare_window.header
    for button in (header.read_aloud, header.elderly, header.language, header.help):
        if button.isVisible():
            assert button.width() >= button.sizeHint().width(), (button.text(), button.width())
    name = header.name
    assert name.full_text
    shown = name.text()
    # Whole (on one line or two), or left out: never cut ("City Service …" reads as another name).
    assert shown in (name.full_text, "")
    assert name.fontMetrics().horizontalAdvance(shown) <= 2 * name.width()


@pytest.mark.parametrize("elderly", [False, True])
def test_every_service_tile_fits_the_reference_panel_without_scrolling(
    bare_window: KioskWindow, elderly: bool
) -> None:
    bare_window.show_view(replace(opening_view(bare_window.config.services), elderly=elderly))
    for _ in range(3):
        QCoreApplication.processEvents()
    home = bare_window.router.current
    assert home is not None and home.scrolls  # type: ignore[attr-defined]
    viewport = home.grid_host.parentWidget()  # type: ignore[attr-defined]
    for tile in home.tiles:  # type: ignore[attr-defined]
        bottom = tile.mapTo(viewport, tile.rect().bottomLeft()).y()
        assert bottom <= viewport.height(), (tile.title.text(), bottom, viewport.height())


@pytest.mark.parametrize("elderly", [False, True])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("overlay", ["idle", "help"])
def test_an_overlay_is_tall_enough_for_its_wrapped_sentences(
    bare_window: KioskWindow, elderly: bool, language: str, overlay: str
) -> None:
    extra = {"idle_countdown": 12} if overlay == "idle" else {"help_requested": True}
    view = replace(opening_view(bare_window.config.services), elderly=elderly, language=language, **extra)
    bare_window.show_view(view)  # type: ignore[arg-type]
    for _ in range(3):
        QCoreApplication.processEvents()
    shown = bare_window.idle if overlay == "idle" else bare_window.help
    assert shown.isVisible()
    for label in (shown.title, shown.body):
        assert label.heightForWidth(label.width()) <= label.height(), (label.text(), label.height())


@pytest.mark.parametrize("elderly", [False, True])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_identify_hint_shows_whole_and_the_screen_fits_the_panel(
    bare_window: KioskWindow, elderly: bool, language: str
) -> None:
    service = bare_window.config.services[0]
    for hint in IdentifyHint:
        view = replace(
            opening_view(bare_window.config.services), state=S.IDENTIFY, service=service,
            language=language, elderly=elderly, step=IdentifyView(hint),
        )  # fmt: skip
        bare_window.show_view(view)
        for _ in range(3):
            QCoreApplication.processEvents()
        label = bare_window.router.current.hint  # type: ignore[union-attr]
        assert label.heightForWidth(label.width()) <= label.height(), (hint, label.height())
        assert bare_window.minimumSizeHint().height() <= 1080, hint
