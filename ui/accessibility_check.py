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
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFontInfo, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
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
# A label that shortens its own text to fit (with "…") keeps the whole text here: shown shortened,
# it is text the citizen cannot read, as much as text clipped by its box.
FULL_TEXT_PROPERTY = "auditFullText"
# A scroll area whose content does not fit names, in this property, the object name of the widget
# that tells the citizen there is more (a "more below" line, page buttons); a visible scroll bar
# is a cue too. Content out of view with neither is content the citizen never learns about.
CUE_PROPERTY = "auditCue"
CUT_TOLERANCE_PX = 2  # rounding in layouts; a cut glyph is far more than this


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
    cut: list[str] = field(default_factory=list)  # texts shortened or clipped by their box or a parent
    out_of_view: list[str] = field(default_factory=list)  # scroll areas hiding content with no cue
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
    if widget.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents):
        return False  # shown only (a scroll bar as a cue): a tap goes through it
    if isinstance(widget, QAbstractButton | QAbstractSlider | QAbstractSpinBox | QLineEdit):
        return True
    return bool(widget.property(TAP_PROPERTY))


def _visible_in(widget: QWidget, root: QWidget) -> bool:
    """Shown, not clipped away to nothing, and inside the root."""
    if not widget.isVisibleTo(root) or widget.width() <= 0 or widget.height() <= 0:
        return False
    return not widget.visibleRegion().isEmpty()


def _pixels(image: QImage) -> np.ndarray:
    """The image as a height × width array of 0xRRGGBB integers (one copy, for fast region counts)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height = rgb.width(), rgb.height()
    raw = np.frombuffer(rgb.constBits(), dtype=np.uint32, count=height * rgb.bytesPerLine() // 4)
    return raw.reshape(height, rgb.bytesPerLine() // 4)[:, :width] & 0xFFFFFF


def _colour(value: int) -> QColor:
    return QColor((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF)


def _close(a: QColor, b: QColor, tolerance: int = 24) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tolerance


def _colours_in(
    pixels: np.ndarray, rect: QRect, floor: int = 4
) -> tuple[QColor, list[tuple[QColor, int]]] | None:
    """The ground (the most common colour in ``rect``: text covers a small share of its box) and
    every other colour that covers at least ``floor`` pixels (a stroke, not a speck)."""
    height, width = pixels.shape
    x0, y0 = max(0, rect.left()), max(0, rect.top())
    x1, y1 = min(width, rect.right() + 1), min(height, rect.bottom() + 1)
    if x1 <= x0 or y1 <= y0:
        return None
    values, counts = np.unique(pixels[y0:y1, x0:x1], return_counts=True)
    order = np.argsort(counts)[::-1]
    ground = _colour(int(values[order[0]]))
    strokes = [(_colour(int(values[i])), int(counts[i])) for i in order[1:] if counts[i] >= floor]
    return ground, strokes


def _covered(widget: QWidget, root: QWidget) -> bool:
    """True when something else (an overlay) lies over the widget's centre."""
    centre = widget.mapTo(root, widget.rect().center())
    top = root.childAt(centre)
    if top is None or top is widget:
        return False
    return not (top.isAncestorOf(widget) or widget.isAncestorOf(top))


def _text_color(widget: QWidget) -> QColor:
    group = QPalette.ColorGroup.Active if widget.isEnabled() else QPalette.ColorGroup.Disabled
    role = widget.foregroundRole()
    if isinstance(widget, QAbstractButton):
        role = QPalette.ColorRole.ButtonText
    elif isinstance(widget, QLineEdit):
        role = QPalette.ColorRole.Text
    return widget.palette().color(group, role)


def _text_contrast(widget: QWidget, pixels: np.ndarray, rect: QRect, font_px: int) -> float | None:
    """The contrast of the widget's text with what it is drawn on.

    The text colour is the palette's when that colour is really on screen in the box; a style
    sheet's pseudo-state (``:checked``, ``:disabled``) can paint another colour than the palette
    says, and then the drawn colour that stands out most from the ground is taken instead.
    """
    found = _colours_in(pixels, rect, max(4, font_px))  # a glyph's strokes cover at least ~its size
    if found is None:
        return None
    ground, strokes = found
    if not strokes:
        return None  # nothing drawn on the ground: no text to measure (e.g. clipped away)
    palette_colour = _text_color(widget)
    if not _close(palette_colour, ground) and any(_close(colour, palette_colour) for colour, _ in strokes):
        text = palette_colour
    else:
        text = max((colour for colour, _ in strokes), key=lambda colour: contrast_ratio(colour, ground))
    return round(contrast_ratio(text, ground), 2)


def _clipped_by_ancestors(widget: QWidget, root: QWidget) -> bool:
    """True when a parent (or the root) cuts part of the widget away, other than a scroll area's
    viewport: that cut is the scroll area's, judged by :func:`_hidden_content`."""
    box = QRect(widget.mapTo(root, widget.rect().topLeft()), widget.size())
    shown = QRect(box)
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return False  # inside a scroll area: partly out of view is its business
        shown = shown.intersected(QRect(parent.mapTo(root, parent.rect().topLeft()), parent.size()))
        parent = grand
    shown = shown.intersected(root.rect())
    return (box.width() - shown.width() > CUT_TOLERANCE_PX) or (
        box.height() - shown.height() > CUT_TOLERANCE_PX
    )


def _text_cut(widget: QWidget, root: QWidget) -> bool:
    """The widget's text does not fit its own box, was shortened with "…", or a parent clips it."""
    full = widget.property(FULL_TEXT_PROPERTY)
    if isinstance(full, str) and full and _text_of(widget) != full:
        return True
    if isinstance(widget, QLabel):
        if widget.wordWrap():
            needed_height = widget.heightForWidth(widget.width())
            if needed_height - widget.height() > CUT_TOLERANCE_PX:
                return True
        else:
            hint = widget.sizeHint()
            if hint.width() - widget.width() > CUT_TOLERANCE_PX:
                return True
            if hint.height() - widget.height() > CUT_TOLERANCE_PX:
                return True
    elif isinstance(widget, QAbstractButton):
        hint = widget.sizeHint()
        if hint.width() - widget.width() > CUT_TOLERANCE_PX:
            return True
    return widget is not root and _clipped_by_ancestors(widget, root)


def _hidden_content(area: QAbstractScrollArea, root: QWidget) -> bool:
    """Content that does not fit the area, with nothing on screen saying so."""
    overflow = area.verticalScrollBar().maximum() > 0 or area.horizontalScrollBar().maximum() > 0
    if not overflow:
        return False
    for bar in (area.verticalScrollBar(), area.horizontalScrollBar()):
        if bar.maximum() > 0 and bar.isVisibleTo(root) and bar.width() > 0 and bar.height() > 0:
            return False
    cue_name = area.property(CUE_PROPERTY)
    if isinstance(cue_name, str) and cue_name:
        cue = root.findChild(QWidget, cue_name)
        if cue is not None and (cue is root or _visible_in(cue, root)):
            return False
    return True


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
    pixels = _pixels(image)
    result = ScreenAudit(screen=name or describe(root), elderly=elderly)
    limits = thresholds(elderly)
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if widget is not root and (not _visible_in(widget, root) or _covered(widget, root)):
            continue
        if _shows_text(widget):
            result.texts += 1
            size = QFontInfo(widget.font()).pixelSize()
            if result.text_px is None or size < result.text_px.value:
                result.text_px = Finding(size, describe(widget))
            # Only the part that shows: a line cut by a scroll area's edge is measured against what
            # is drawn inside it, not against what lies beyond the edge.
            shown = widget.rect() if widget is root else widget.visibleRegion().boundingRect()
            top_left = widget.mapTo(root, shown.topLeft())
            rect = QRect(
                round(top_left.x() * scale), round(top_left.y() * scale),
                round(shown.width() * scale), round(shown.height() * scale),
            )  # fmt: skip
            ratio = _text_contrast(widget, pixels, rect, size)
            if ratio is not None and (result.contrast is None or ratio < result.contrast.value):
                result.contrast = Finding(ratio, describe(widget))
            if _text_cut(widget, root):
                result.cut.append(describe(widget))
        if isinstance(widget, QAbstractScrollArea) and _hidden_content(widget, root):
            result.out_of_view.append(describe(widget))
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
    for what in result.cut:
        result.problems.append(f"text cut off: {what}")
    for what in result.out_of_view:
        result.problems.append(f"content out of view with no cue (scroll bar, page buttons): {what}")
    return result
