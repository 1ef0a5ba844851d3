"""Measure what the citizen sees: the smallest text, the smallest touch target, the weakest contrast.

The figures come from the live widgets of the screen that is shown, not from
the theme's intentions: a label that overrides its font, a button squeezed by
its layout or grey text on a tinted card all show up here. The demo writes
them to ``audit.json`` and the UI tests hold every screen, in both modes, to
the thresholds below.

Contrast is measured the way WCAG 2.x defines it (relative luminance of the
text colour against the background, ``(L1 + 0.05) / (L2 + 0.05)``). The text
colour is the widget's palette colour — stylesheets write theirs into the
palette on polish — and the background is read from the rendered window
itself, because stylesheets, rounded cards and overlays make the palette's
idea of the background unreliable. This is a few lines of arithmetic, so it is
written here rather than pulled in from a colour library.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QFontInfo, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QLabel,
    QLineEdit,
    QWidget,
)

# A widget that paints its own text (a keypad key, a countdown ring) or takes taps without being a
# button sets these dynamic properties so the audit counts it.
TEXT_PROPERTY = "auditText"
TAP_PROPERTY = "auditTap"
# Decorative text the citizen need not read (a watermark on a page image) opts out.
SKIP_PROPERTY = "auditSkip"


@dataclass(frozen=True, slots=True)
class Thresholds:
    text_px: float
    target_mm: float
    contrast: float


# The issue's figures for a 1920×1080 21.5" panel: body ≥ 24 px (elderly ≥ 36 px, headings ≥ 48 px),
# touch targets ≥ 12.7 mm (elderly ≥ 20 mm), text contrast ≥ 4.5:1 (elderly ≥ 7:1, WCAG AAA).
NORMAL = Thresholds(text_px=24, target_mm=12.7, contrast=4.5)
ELDERLY = Thresholds(text_px=36, target_mm=20.0, contrast=7.0)


def thresholds(elderly: bool) -> Thresholds:
    return ELDERLY if elderly else NORMAL


@dataclass(slots=True)
class Finding:
    """The weakest widget for one measure: its value and which widget it is."""

    value: float
    widget: str


@dataclass(slots=True)
class ScreenAudit:
    screen: str
    elderly: bool
    text_px: Finding | None = None
    target_mm: Finding | None = None
    contrast: Finding | None = None
    texts: int = 0
    targets: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["passed"] = self.passed
        out["thresholds"] = asdict(thresholds(self.elderly))
        return out


def px_per_mm(width_px: int, height_px: int, diagonal_inch: float) -> float:
    """Pixels per millimetre of a panel with square pixels, from its resolution and diagonal."""
    return math.hypot(width_px, height_px) / (diagonal_inch * 25.4)


def relative_luminance(color: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.red()) + 0.7152 * channel(color.green()) + 0.0722 * channel(color.blue())


def contrast_ratio(a: QColor, b: QColor) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def describe(widget: QWidget) -> str:
    """Who the widget is, for a person fixing the screen: class, object name, the start of its text."""
    name = type(widget).__name__
    if widget.objectName():
        name += f"#{widget.objectName()}"
    text = _text_of(widget)
    if text:
        short = text.replace("\n", " ")
        name += f" '{short[:16]}{'…' if len(short) > 16 else ''}'"
    return name


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
        return widget.text()
    value = widget.property(TEXT_PROPERTY)
    return value if isinstance(value, str) else ""


def _shows_text(widget: QWidget) -> bool:
    if widget.property(SKIP_PROPERTY):
        return False
    if isinstance(widget, QLabel):
        return bool(widget.text().strip())
    if isinstance(widget, QAbstractButton):
        return bool(widget.text().strip())
    if isinstance(widget, QLineEdit):
        return bool(widget.text().strip() or widget.placeholderText().strip())
    return bool(widget.property(TEXT_PROPERTY))


def _is_tappable(widget: QWidget) -> bool:
    if widget.property(SKIP_PROPERTY):
        return False
    if isinstance(widget, QAbstractButton | QAbstractSlider | QAbstractSpinBox | QLineEdit):
        return True
    return bool(widget.property(TAP_PROPERTY))


def _visible_in(widget: QWidget, root: QWidget) -> bool:
    """Shown, not clipped away to nothing, and inside the root."""
    if not widget.isVisibleTo(root) or widget.width() <= 0 or widget.height() <= 0:
        return False
    return not widget.visibleRegion().isEmpty()


def _background(image: QImage, rect: QRect) -> QColor | None:
    """The most common colour in ``rect`` of the grabbed window: what the text is drawn on.

    Text covers a small share of its box, so the dominant colour is the ground. Pixels are
    sampled on a grid so a large label costs a few hundred reads.
    """
    rect = rect.intersected(image.rect())
    if rect.isEmpty():
        return None
    counts: Counter[int] = Counter()
    step_x = max(1, rect.width() // 40)
    step_y = max(1, rect.height() // 20)
    for y in range(rect.top(), rect.bottom() + 1, step_y):
        for x in range(rect.left(), rect.right() + 1, step_x):
            counts[image.pixel(x, y) & 0xFFFFFF] += 1
    rgb = counts.most_common(1)[0][0]
    return QColor((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF)


def _text_color(widget: QWidget) -> QColor:
    group = QPalette.ColorGroup.Active if widget.isEnabled() else QPalette.ColorGroup.Disabled
    role = widget.foregroundRole()
    if isinstance(widget, QAbstractButton):
        role = QPalette.ColorRole.ButtonText
    elif isinstance(widget, QLineEdit):
        role = QPalette.ColorRole.Text
    return widget.palette().color(group, role)


def audit_widget(
    root: QWidget, *, px_per_mm: float, elderly: bool, name: str = "", image: QImage | None = None
) -> ScreenAudit:
    """Audit every visible text and tappable widget under ``root`` (``root`` included).

    ``image`` is ``root`` grabbed at its own size; it is grabbed here when not given.
    """
    if image is None:
        image = root.grab().toImage()
    # grab() renders at the device pixel ratio; map widget pixels onto image pixels.
    scale = image.width() / max(1, root.width())
    result = ScreenAudit(screen=name or describe(root), elderly=elderly)
    limits = thresholds(elderly)
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if widget is not root and not _visible_in(widget, root):
            continue
        if _shows_text(widget):
            result.texts += 1
            size = QFontInfo(widget.font()).pixelSize()
            if result.text_px is None or size < result.text_px.value:
                result.text_px = Finding(size, describe(widget))
            top_left = widget.mapTo(root, QPoint(0, 0))
            rect = QRect(
                round(top_left.x() * scale), round(top_left.y() * scale),
                round(widget.width() * scale), round(widget.height() * scale),
            )  # fmt: skip
            background = _background(image, rect)
            if background is not None:
                ratio = round(contrast_ratio(_text_color(widget), background), 2)
                if result.contrast is None or ratio < result.contrast.value:
                    result.contrast = Finding(ratio, describe(widget))
        if _is_tappable(widget) and widget.isEnabled():
            result.targets += 1
            mm = round(min(widget.width(), widget.height()) / px_per_mm, 1)
            if result.target_mm is None or mm < result.target_mm.value:
                result.target_mm = Finding(mm, describe(widget))
    if result.text_px is not None and result.text_px.value < limits.text_px:
        result.problems.append(
            f"text {result.text_px.value:g} px < {limits.text_px:g} px: {result.text_px.widget}"
        )
    if result.target_mm is not None and result.target_mm.value < limits.target_mm:
        result.problems.append(
            f"touch target {result.target_mm.value:g} mm < {limits.target_mm:g} mm: {result.target_mm.widget}"
        )
    if result.contrast is not None and result.contrast.value < limits.contrast:
        result.problems.append(
            f"contrast {result.contrast.value:g}:1 < {limits.contrast:g}:1: {result.contrast.widget}"
        )
    return result
