"""Line icons from ``kiosk/assets/icons/*.svg`` (stroke ``currentColor``), drawn in any colour and size."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk.assets import ICONS

ICON_DIR = ICONS


@lru_cache(maxsize=256)
def _svg(name: str) -> str:
    path = ICON_DIR / f"{name}.svg"
    if not path.exists():
        path = ICON_DIR / "info.svg"  # a service with no icon of its own still gets one
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=256)
def icon_pixmap(name: str, size: int, colour: str) -> QPixmap:
    """``kiosk/assets/icons/<name>.svg`` drawn at ``size``×``size`` px in ``colour`` (#RRGGBB)."""
    renderer = QSvgRenderer(QByteArray(_svg(name).replace("currentColor", colour).encode()))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return pixmap
