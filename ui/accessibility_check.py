"""Measure what the citizen sees: the smallest text, the smallest touch target, the weakest contrast.

The figures come from the live widgets of the screen that is shown, not from
the theme's intentions: a label that overrides its font, a button squeezed by
its layout or grey text on a tinted card all show up here. Sizes are in
millimetres on the glass: what Qt lays out (logical pixels) divided by the
panel's logical pixels per millimetre, so one set of floors holds on every
panel of the catalogue (kiosk/panels.py), whatever its density or device-pixel
ratio. The demo writes them to ``audit.json`` and the UI tests hold every
screen, on every panel, in both modes, to the floors below.

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
from PySide6.QtCore import QRect, QSize, Qt
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

from ui.theme import (
    ELDERLY_SPACING_FLOOR_MM,
    ELDERLY_TARGET_FLOOR_MM,
    ELDERLY_TEXT_FLOOR_MM,
    SPACING_FLOOR_MM,
    TARGET_FLOOR_MM,
    TEXT_FLOOR_MM,
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
# An overlay (the help card, the PIN pad) sets this: what lies in it is measured against what lies
# in it, not against the screen it dims — that it lies over the screen is its purpose.
LAYER_PROPERTY = "auditLayer"
CUT_TOLERANCE_PX = 2  # rounding in layouts; a cut glyph is far more than this
HALF_EMPTY = 0.5  # a card whose content fills less of its height than this is a box left half empty


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The floors, in millimetres on the glass, so one set holds on every panel."""

    text_mm: float  # a font's pixel size (its em), in millimetres
    target_mm: float  # the smaller side of anything that takes a tap
    spacing_mm: float  # between the edges of two things that take taps
    contrast: float


# The floors come from the theme (ui/theme.py), which draws every screen above them: text 5.94 mm
# (24 px on the reference 1920×1080 21.5" panel; 长辈模式 8.92 mm, 36 px), touch targets 12.7 mm
# (20 mm) at least 3 mm apart (4 mm), text contrast 4.5:1 (7:1, WCAG AAA).
NORMAL = Thresholds(TEXT_FLOOR_MM, TARGET_FLOOR_MM, SPACING_FLOOR_MM, contrast=4.5)
ELDERLY = Thresholds(ELDERLY_TEXT_FLOOR_MM, ELDERLY_TARGET_FLOOR_MM, ELDERLY_SPACING_FLOOR_MM, contrast=7.0)


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
    px_per_mm: float  # the panel's logical pixels per millimetre the figures were converted with
    text_mm: Finding | None = None
    target_mm: Finding | None = None
    spacing_mm: Finding | None = None  # the two targets nearest each other
    contrast: Finding | None = None
    texts: int = 0
    targets: int = 0
    cut: list[str] = field(default_factory=list)  # texts shortened or clipped by their box or a parent
    out_of_view: list[str] = field(default_factory=list)  # scroll areas hiding content with no cue
    overlapped: list[str] = field(default_factory=list)  # texts and targets lying over one another
    half_empty: list[str] = field(default_factory=list)  # cards stretched far past what they hold
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


def _down(value: float, digits: int) -> float:
    """Rounded towards zero, so a figure never passes a floor the widget misses by a fraction."""
    scale = 10.0**digits
    return math.floor(value * scale + 1e-6) / scale


def _box(widget: QWidget, root: QWidget) -> QRect:
    """The part of ``widget`` that shows, in ``root``'s coordinates."""
    shown = widget.rect() if widget is root else widget.visibleRegion().boundingRect()
    return QRect(widget.mapTo(root, shown.topLeft()), shown.size())


def _gap(a: QRect, b: QRect) -> float:
    """Edge to edge, in pixels; 0 when the boxes touch or overlap."""
    dx = max(0, max(a.left() - b.right(), b.left() - a.right()) - 1)
    dy = max(0, max(a.top() - b.bottom(), b.top() - a.bottom()) - 1)
    return math.hypot(dx, dy)


def _related(a: QWidget, b: QWidget, layers: dict[int, QWidget | None]) -> bool:
    """One inside the other, or on different layers (an overlay and the screen it dims)."""
    return layers[id(a)] is not layers[id(b)] or a.isAncestorOf(b) or b.isAncestorOf(a)


def _layer(widget: QWidget) -> QWidget | None:
    node: QWidget | None = widget
    while node is not None:
        if node.property(LAYER_PROPERTY):
            return node
        node = node.parentWidget()
    return None


def _half_empty(widget: QWidget, box: QRect, root: QWidget) -> bool:
    """A card (a target holding labels: a service tile, a business) far taller than what it holds."""
    content = QRect()
    for child in widget.findChildren(QWidget):
        if not child.isVisibleTo(widget) or child.findChildren(QWidget):
            continue  # hidden, or a container: its leaves are what is drawn
        if isinstance(child, QLabel) and not (child.text().strip() or not child.pixmap().isNull()):
            continue  # an empty label draws nothing
        content = content.united(_box(child, root))
    return not content.isEmpty() and content.height() < HALF_EMPTY * box.height()


def _overlaps(a: QRect, b: QRect) -> bool:
    both = a.intersected(b)
    return both.width() > CUT_TOLERANCE_PX and both.height() > CUT_TOLERANCE_PX


def audit_widget(
    root: QWidget,
    *,
    px_per_mm: float,
    elderly: bool,
    name: str = "",
    image: QImage | None = None,
    glass: QSize | None = None,
) -> ScreenAudit:
    """Audit every visible text and tappable widget under ``root`` (``root`` included).

    ``px_per_mm``: the panel's logical pixels per millimetre (``Theme.px_per_mm``), which turns
    what Qt lays out into millimetres on the glass. ``image`` is ``root`` grabbed at its own size;
    it is grabbed here when not given. ``glass``: the panel's logical size, for a window — a window
    whose content needs more than that has grown past the panel's edges, out of view.
    """
    if image is None:
        image = root.grab().toImage()
    # grab() renders at the device pixel ratio; map widget pixels onto image pixels.
    scale = image.width() / max(1, root.width())
    pixels = _pixels(image)
    result = ScreenAudit(screen=name or describe(root), elderly=elderly, px_per_mm=round(px_per_mm, 3))
    limits = thresholds(elderly)
    widgets = [root, *root.findChildren(QWidget)]
    texts: list[tuple[QWidget, QRect]] = []
    targets: list[tuple[QWidget, QRect]] = []
    for widget in widgets:
        if widget is not root and (not _visible_in(widget, root) or _covered(widget, root)):
            continue
        if _shows_text(widget):
            result.texts += 1
            size = QFontInfo(widget.font()).pixelSize()
            mm = _down(size / px_per_mm, 2)
            if result.text_mm is None or mm < result.text_mm.value:
                result.text_mm = Finding(mm, f"{describe(widget)} ({size} px)")
            # Only the part that shows: a line cut by a scroll area's edge is measured against what
            # is drawn inside it, not against what lies beyond the edge.
            box = _box(widget, root)
            texts.append((widget, box))
            rect = QRect(
                round(box.x() * scale), round(box.y() * scale),
                round(box.width() * scale), round(box.height() * scale),
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
            targets.append((widget, _box(widget, root)))
            if _half_empty(widget, targets[-1][1], root):
                result.half_empty.append(describe(widget))
            mm = _down(min(widget.width(), widget.height()) / px_per_mm, 1)
            if result.target_mm is None or mm < result.target_mm.value:
                result.target_mm = Finding(mm, describe(widget))
    _measure_between(result, texts, targets, px_per_mm)
    if glass is not None and (root.width() > glass.width() or root.height() > glass.height()):
        result.out_of_view.append(
            f"{describe(root)} needs {root.width()} × {root.height()} px, the panel has "
            f"{glass.width()} × {glass.height()}"
        )
    _judge(result, limits)
    return result


def _measure_between(
    result: ScreenAudit,
    texts: list[tuple[QWidget, QRect]],
    targets: list[tuple[QWidget, QRect]],
    px_per_mm: float,
) -> None:
    """What lies over what (a text or a target over another), and the two targets nearest each other."""
    layers = {id(widget): _layer(widget) for widget, _ in texts + targets}
    for index, (widget, box) in enumerate(targets):
        for other, other_box in targets[index + 1 :]:
            if _related(widget, other, layers):
                continue
            mm = _down(_gap(box, other_box) / px_per_mm, 1)
            if result.spacing_mm is None or mm < result.spacing_mm.value:
                result.spacing_mm = Finding(mm, f"{describe(widget)} and {describe(other)}")
    shown = texts + [target for target in targets if target not in texts]
    for index, (widget, box) in enumerate(shown):
        for other, other_box in shown[index + 1 :]:
            if _overlaps(box, other_box) and not _related(widget, other, layers):
                result.overlapped.append(f"{describe(widget)} and {describe(other)}")


def _judge(result: ScreenAudit, limits: Thresholds) -> None:
    if result.text_mm is not None and result.text_mm.value < limits.text_mm:
        result.problems.append(
            f"text {result.text_mm.value:g} mm < {limits.text_mm:g} mm: {result.text_mm.widget}"
        )
    if result.target_mm is not None and result.target_mm.value < limits.target_mm:
        result.problems.append(
            f"touch target {result.target_mm.value:g} mm < {limits.target_mm:g} mm: {result.target_mm.widget}"
        )
    spacing = result.spacing_mm
    if spacing is not None and spacing.value < limits.spacing_mm:
        apart = f"{spacing.value:g} mm apart < {limits.spacing_mm:g} mm"
        result.problems.append(f"targets {apart}: {spacing.widget}")
    if result.contrast is not None and result.contrast.value < limits.contrast:
        result.problems.append(
            f"contrast {result.contrast.value:g}:1 < {limits.contrast:g}:1: {result.contrast.widget}"
        )
    for what in result.cut:
        result.problems.append(f"text cut off: {what}")
    for what in result.out_of_view:
        result.problems.append(f"content out of view with no cue (scroll bar, page buttons): {what}")
    for what in result.overlapped:
        result.problems.append(f"one over the other: {what}")
    for what in result.half_empty:
        result.problems.append(f"a box more than half empty (size it by what it holds): {what}")
