"""Face check: the live camera picture with the oval to fit into, what to do now, and the result.

The picture is the citizen's face. It is converted for painting and held only as the
latest frame while this screen is shown; :meth:`FaceCheckScreen.wipe` drops it when the
screen is left. Nothing here writes it anywhere.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QWidget

from devices.camera.base import Frame
from kiosk.face.base import FaceGuide, FacePrompt
from kiosk.journey import JourneyView
from kiosk.journey.view import FaceView
from ui import face_check_strings as face_words
from ui import strings
from ui.screens.base import Screen
from ui.strings import t
from ui.theme import Theme

# The oval the face should fill, as a share of the frame: the checker's "in the oval" test uses the
# frame's centre region of about this size.
OVAL_WIDTH = 0.46
OVAL_HEIGHT = 0.78
# The guide's own colours, drawn over the camera picture (not text): bright enough to see on any face.
OVAL_GOOD = "#3DDC84"
OVAL_WAITING = "#FFFFFF"


def frame_to_image(frame: Frame) -> QImage:
    """The camera's BGR frame as a QImage that owns its pixels (the frame's buffer may be reused)."""
    pixels = np.ascontiguousarray(frame.image)
    height, width = pixels.shape[:2]
    image = QImage(pixels.data, width, height, pixels.strides[0], QImage.Format.Format_BGR888)
    return image.copy()


class CameraView(QWidget):
    """The live picture, mirrored like a looking-glass, with the oval guide and the face's box."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.image: QImage | None = None
        self.frame_index: int | None = None
        self.guide: FaceGuide | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def show_frame(self, frame: Frame | None, guide: FaceGuide | None) -> None:
        self.guide = guide
        if frame is None:
            self.image, self.frame_index = None, None
        elif frame.index != self.frame_index or self.image is None:
            self.image, self.frame_index = frame_to_image(frame), frame.index
        self.update()

    def clear(self) -> None:
        self.image, self.frame_index, self.guide = None, None, None
        self.update()

    def picture_rect(self) -> QRectF:
        """Where the 4:3 picture is drawn: as large as fits, centred."""
        width, height = float(self.width()), float(self.height())
        aspect = 4 / 3
        if self.image is not None and self.image.height():
            aspect = self.image.width() / self.image.height()
        w = min(width, height * aspect)
        h = w / aspect
        return QRectF((width - w) / 2, (height - h) / 2, w, h)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        c = self.theme.colours
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # No smooth scaling of the picture: at 15 frames a second it cost ~4 ms a paint on 2 cores,
        # and a live preview scaled up by ~1.5 looks the same to the citizen without it.
        area = self.picture_rect()
        radius = float(self.theme.px(self.theme.sizes.radius))
        clip = QPainterPath()
        clip.addRoundedRect(area, radius, radius)
        painter.setClipPath(clip)
        painter.fillRect(area, QColor("#1B2430"))
        if self.image is not None:
            painter.save()
            # Mirrored: the citizen moves left and the picture moves left, as in a mirror.
            painter.translate(area.right(), area.top())
            painter.scale(-1, 1)
            painter.drawImage(QRectF(0, 0, area.width(), area.height()), self.image)
            painter.restore()
        oval = QRectF(0, 0, area.width() * OVAL_WIDTH, area.height() * OVAL_HEIGHT)
        oval.moveCenter(area.center())
        outside = QPainterPath()
        outside.addRect(area)
        hole = QPainterPath()
        hole.addEllipse(oval)
        painter.fillPath(outside.subtracted(hole), QColor(8, 14, 22, 150))
        guide = self.guide
        good = guide is not None and guide.in_oval
        stroke = QPen(QColor(OVAL_GOOD if good else OVAL_WAITING), max(4.0, self.theme.px(8)))
        if not good:
            stroke.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(stroke)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(oval)
        if guide is not None and guide.face_box is not None and self.image is not None:
            x, y, w, h = guide.face_box
            sx = area.width() / self.image.width()
            sy = area.height() / self.image.height()
            mirrored_x = self.image.width() - x - w
            box = QRectF(area.left() + mirrored_x * sx, area.top() + y * sy, w * sx, h * sy)
            painter.setPen(QPen(QColor(c.primary_soft), max(2.0, self.theme.px(4))))
            corner = float(self.theme.px(12))
            painter.drawRoundedRect(box, corner, corner)
        if guide is not None and guide.prompt in (FacePrompt.TURN_LEFT, FacePrompt.TURN_RIGHT):
            self._paint_turn(painter, oval, left=guide.prompt is FacePrompt.TURN_LEFT)
        painter.end()

    def _paint_turn(self, painter: QPainter, oval: QRectF, *, left: bool) -> None:
        """A chevron beside the oval on the side to turn to (the picture is mirrored: the citizen's
        left is the screen's left)."""
        size = oval.width() * 0.22
        x = oval.left() - size * 0.9 if left else oval.right() + size * 0.9
        y = oval.center().y()
        tip = -1 if left else 1
        pen = QPen(QColor(OVAL_GOOD), max(6.0, self.theme.px(14)))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for offset in (0.0, size * 0.55):
            cx = x + tip * offset
            painter.drawPolyline(
                [
                    QPointF(cx - tip * size * 0.35, y - size * 0.6),
                    QPointF(cx + tip * size * 0.25, y),
                    QPointF(cx - tip * size * 0.35, y + size * 0.6),
                ]
            )


class StepDots(QWidget):
    """One dot per challenge step, filled when done."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.done = 0
        self.total = 0
        self.setFixedHeight(theme.px(36))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_steps(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        self.setVisible(total > 0)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        c = self.theme.colours
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        d = float(self.height()) - 4
        gap = d * 0.6
        for i in range(self.total):
            rect = QRectF(2 + i * (d + gap), 2, d, d)
            painter.setPen(QPen(QColor(c.primary), 3))
            painter.setBrush(QColor(c.primary if i < self.done else c.surface))
            painter.drawEllipse(rect)
        painter.end()


class FaceCheckScreen(Screen):
    def build(self) -> None:
        # The picture beside what to do on a desk panel; above it on an upright one.
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row = row
        self.camera = CameraView(self.theme, self)
        row.addWidget(self.camera, 3)
        self.side, side = self.panel()
        self.caption = self.label("muted")
        self.prompt = self.label("title")
        self.dots = StepDots(self.theme, self)
        self.steps = self.label("body")
        self.verdict = self.label("danger")
        self.tips = self.label("body")  # between attempts: what helps (hat, mask, glasses, light)
        self.retry = self.button("primary", self.intents.retry_face_check)
        self.privacy = self.label("caption")
        self.end = self.button("secondary", self.intents.cancel)
        side.addWidget(self.caption)
        side.addWidget(self.prompt)
        side.addWidget(self.dots)
        side.addWidget(self.steps)
        side.addWidget(self.verdict)
        side.addWidget(self.tips)
        side.addStretch(1)
        row.addWidget(self.side, 2)
        self.column.addLayout(row, 1)
        # What happens to the picture, beside 结束办理 rather than under the prompt: the prompt's
        # panel then needs no more height than a short panel (15.6") has.
        # 重新核验 between attempts is going on: bottom right, as on every screen.
        bottom = self.bottom = self.button_row(self.end, self.retry)
        bottom.insertWidget(1, self.privacy, 1)

    def themed(self) -> None:
        self.camera.theme = self.theme
        self.dots.theme = self.theme
        self.dots.setFixedHeight(self.theme.px(36))
        self.row.setSpacing(self.theme.px(self.theme.sizes.gap))
        upright = self.theme.upright
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if upright else QBoxLayout.Direction.LeftToRight
        )
        self.row.setStretchFactor(self.side, 0 if upright else 2)
        self._fit_side()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_side()

    def _fit_side(self) -> None:
        """Beside the picture, the prompt's panel is at least 520 px wide on the reference panel (820
        in 长辈模式), wider where its words would need more lines than the screen's height holds
        (the tips between attempts, English)."""
        if self.theme.upright:
            self.side.setMinimumWidth(0)
            return
        px = self.theme.px
        margins = self.column.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        bottom = self.bottom
        below = bottom.heightForWidth(width) if bottom.hasHeightForWidth() else bottom.sizeHint().height()
        room = self.height() - margins.top() - margins.bottom() - below
        room -= self.column.spacing()
        side = px(820 if self.theme.elderly else 520)
        layout = self.side.layout()
        while (
            layout is not None and side + px(40) <= 2 * width // 3 and layout.totalHeightForWidth(side) > room
        ):
            side += px(40)
        self.side.setMinimumWidth(side)

    def show_view(self, view: JourneyView) -> None:
        face = view.step_as(FaceView)
        guide = face.guide if face else FaceGuide(FacePrompt.LOOK_AT_CAMERA)
        self.camera.show_frame(face.frame if face else None, guide)
        if face is not None and face.attempt > 0:
            self.caption.setText(
                f"{t(face_words.FACE_TITLE)} · {t(face_words.FACE_ATTEMPT, face.attempt, face.attempts)}"
            )
        else:
            self.caption.setText(t(face_words.FACE_TITLE))
        waiting = face is not None and face.waiting_retry
        self.prompt.setText(
            t(face_words.FACE_TIPS_TITLE) if waiting else face_words.face_prompt(guide.prompt)
        )
        self.tips.setText(t(face_words.FACE_TIPS))
        self.tips.setVisible(waiting)
        self.retry.setText(t(face_words.FACE_RETRY))
        self.retry.setVisible(waiting)
        self.dots.set_steps(guide.challenge_step, guide.challenge_steps)
        if waiting:
            self.dots.hide()  # no challenge runs between attempts
        if guide.challenge_steps:
            self.steps.setText(t(face_words.FACE_STEPS, guide.challenge_step, guide.challenge_steps))
        else:
            self.steps.setText(t(face_words.FACE_STEPS_WAITING))
        # Waiting to try again, the tips take the room; in 长辈模式 the dots say how far the challenge
        # is, and the line under them would push the prompt itself out of its room.
        self.steps.setVisible(not waiting and not view.elderly)
        verdict = face.last_verdict if face else None
        self.verdict.setText(face_words.face_verdict(verdict) if verdict is not None else "")
        self.verdict.setVisible(verdict is not None)
        self.privacy.setText(t(face_words.FACE_PRIVACY))
        self.privacy.setVisible(not waiting)  # about the live picture; between attempts there is none
        self.end.setText(t(strings.END_SESSION))
        self._fit_side()  # the tips take more lines than a prompt

    def spoken(self, view: JourneyView) -> str:
        face = view.step_as(FaceView)
        if face is not None and face.waiting_retry:
            return t(face_words.FACE_TIPS_SPOKEN)
        if face is None or face.guide.prompt is FacePrompt.LOOK_AT_CAMERA:
            return t(face_words.FACE_SPOKEN)
        return face_words.face_prompt(face.guide.prompt)

    def wipe(self) -> None:
        super().wipe()
        self.camera.clear()  # the face picture goes with the screen
