"""The face check screen, from views: the live picture, the oval, prompts, steps, attempts, result."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from devices.camera.base import Frame
from kiosk.face.base import FaceGuide, FacePrompt, FaceVerdict
from kiosk.journey import JourneyState as S
from kiosk.journey import JourneyView
from kiosk.journey.view import FaceView
from tests.ui.conftest import RecordingIntents, ShowScreen, visible_texts
from tests.ui.views import make_view
from ui.screens.face_check_screen import FaceCheckScreen, frame_to_image


def _frame(index: int = 1) -> Frame:
    # Left half pure blue, right half pure red (BGR), so the mirroring can be seen.
    image = np.zeros((480, 640, 3), dtype=np.uint8)
    image[:, :320] = (255, 0, 0)
    image[:, 320:] = (0, 0, 255)
    return Frame(image, index, 0.0)


def _view(
    guide: FaceGuide, *, attempt: int = 1, verdict: FaceVerdict | None = None, frame: Frame | None = None,
    **fields: object,
) -> JourneyView:  # fmt: skip
    return make_view(S.FACE_CHECK, face=FaceView(guide, attempt, 3, verdict, frame or _frame()), **fields)


def test_bgr_frame_becomes_an_image_that_owns_its_pixels() -> None:
    frame = _frame()
    image = frame_to_image(frame)
    assert (image.width(), image.height()) == (640, 480)
    assert image.pixelColor(10, 10) == QColor(0, 0, 255)  # BGR blue read as blue
    frame.image[:] = 0  # the camera reuses its buffer: the picture must not change
    assert image.pixelColor(10, 10) == QColor(0, 0, 255)


def test_shows_the_prompt_steps_and_attempt(show_screen: ShowScreen) -> None:
    screen = show_screen(
        FaceCheckScreen, _view(FaceGuide(FacePrompt.TURN_LEFT, (240, 140, 170, 200), True, 1, 2), attempt=2)
    )
    texts = visible_texts(screen)
    assert "请慢慢向左转头" in texts
    assert "动作 1 / 2" in texts
    assert any("第 2 次，共 3 次" in text for text in texts)
    assert "结束办理" in texts
    assert not screen.verdict.isVisible()


def test_a_failed_attempt_says_try_again(show_screen: ShowScreen) -> None:
    screen = show_screen(
        FaceCheckScreen, _view(FaceGuide(FacePrompt.LOOK_AT_CAMERA), attempt=2, verdict=FaceVerdict.NO_MATCH)
    )
    assert "没有核验通过，请再试一次。" in visible_texts(screen)


def test_the_live_picture_is_drawn_mirrored(show_screen: ShowScreen) -> None:
    screen = show_screen(FaceCheckScreen, _view(FaceGuide(FacePrompt.LOOK_AT_CAMERA)))
    camera = screen.camera
    image = camera.grab().toImage()
    area = camera.picture_rect()
    y = int(area.center().y())
    left = image.pixelColor(int(area.left() + 8), y)
    right = image.pixelColor(int(area.right() - 8), y)
    # The frame's left half is blue; mirrored, blue shows on the right (dimmed outside the oval).
    assert right.blue() > right.red() and left.red() > left.blue()


def test_the_oval_turns_green_when_the_face_is_in_it(show_screen: ShowScreen) -> None:
    def oval_colours(in_oval: bool) -> list[QColor]:
        screen = show_screen(FaceCheckScreen, _view(FaceGuide(FacePrompt.HOLD_STILL, None, in_oval)))
        image = screen.camera.grab().toImage()
        area = screen.camera.picture_rect()
        top = area.center().y() - area.height() * 0.78 / 2
        # Along the top of the oval: the waiting oval is dashed, so a single pixel may fall in a gap.
        x = int(area.center().x())
        return [image.pixelColor(x + dx, int(top)) for dx in range(-40, 41, 4)]

    assert any(c.green() > 180 and c.red() < 120 for c in oval_colours(True))
    assert QColor("#FFFFFF") in oval_colours(False)


def test_end_session_cancels(show_screen: ShowScreen, intents: RecordingIntents, qtbot) -> None:

    screen = show_screen(FaceCheckScreen, _view(FaceGuide(FacePrompt.LOOK_AT_CAMERA)))
    qtbot.mouseClick(screen.end, Qt.MouseButton.LeftButton)
    assert intents.names() == ["cancel"]


def test_leaving_the_screen_drops_the_picture(show_screen: ShowScreen) -> None:
    screen = show_screen(FaceCheckScreen, _view(FaceGuide(FacePrompt.LOOK_AT_CAMERA)))
    assert screen.camera.image is not None
    screen.wipe()
    assert screen.camera.image is None and screen.camera.guide is None


def test_without_a_frame_yet_the_screen_still_guides(show_screen: ShowScreen) -> None:
    view = make_view(S.FACE_CHECK, face=FaceView(FaceGuide(FacePrompt.LOOK_AT_CAMERA), 1, 3, None, None))
    screen = show_screen(FaceCheckScreen, view)
    assert screen.camera.image is None
    assert "请正对摄像头" in visible_texts(screen)


@pytest.mark.parametrize("prompt", list(FacePrompt))
def test_every_prompt_has_a_sentence_in_english(show_screen: ShowScreen, prompt: FacePrompt) -> None:
    screen = show_screen(FaceCheckScreen, _view(FaceGuide(prompt), language="en"))
    assert screen.prompt.text() and not any("\u4e00" <= ch <= "\u9fff" for ch in screen.prompt.text())
    assert screen.spoken(_view(FaceGuide(prompt), language="en"))
