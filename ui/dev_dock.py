"""The developer's dock: drive the mock devices by hand while the app runs (vxsuite's dev dock).

Only when every device is a mock, and only when asked for — Ctrl+Alt+Shift+D in
the window, or ``KIOSK_DEV_DOCK=1`` — so a citizen never sees it. It places and
takes away demo cards and injects the faults the mocks know. The mocks are
thread-safe scripting objects, not device I/O, so the buttons call them directly.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QGroupBox, QPushButton, QVBoxLayout, QWidget

from devices.camera.mock import CameraFault
from devices.document_printer.base import DocumentPrinterStatus
from devices.document_printer.mock import DocumentFault
from devices.id_reader.mock import ReaderFault
from devices.receipt_printer.base import ReceiptPrinterStatus
from devices.receipt_printer.mock import ReceiptFault
from kiosk.composition import Kiosk
from kiosk.demo import LI_YAN, LIU_XIUYING, ZHANG_WEI, ZHAO_JIANGUO, Mocks, demo_card, demo_people

DOCK_ENV = "KIOSK_DEV_DOCK"
SHORTCUT = "Ctrl+Alt+Shift+D"


class DevDock(QWidget):
    """A small tool window of buttons (English only: it is for developers)."""

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("DevDock")
        self.setWindowTitle("Kiosk dev dock (mock devices)")
        found = Mocks.find(kiosk)
        if found is None:
            raise RuntimeError("the dev dock drives mock devices only")
        reader, receipt, document, camera = (
            found.reader,
            found.receipt_printer,
            found.document_printer,
            found.camera,
        )
        people = demo_people()

        def card(person: str) -> Callable[[], None]:
            return lambda: reader.insert(demo_card(people[person]))

        layout = QVBoxLayout(self)
        self.controls: dict[str, Callable[[], object]] = {}
        self._group(layout, "Card reader", {
            "Insert card: 张伟": card(ZHANG_WEI),
            "Insert card: 刘秀英 (82)": card(LIU_XIUYING),
            "Insert card: 李䶮": card(LI_YAN),
            "Insert card: 赵建国 (businesses)": card(ZHAO_JIANGUO),
            "Remove card": reader.remove,
            "Card pulled mid-read": lambda: reader.inject(ReaderFault.CARD_PULLED_MID_READ),
            "Card error": lambda: reader.inject(ReaderFault.CARD_ERROR),
            "Unplug reader": lambda: reader.inject(ReaderFault.UNPLUGGED),
            "Replug reader": reader.replug,
        })  # fmt: skip
        self._group(layout, "A4 printer", {
            "Paper out mid-job": lambda: document.inject(DocumentFault.PAPER_OUT_MID_JOB),
            "Paper out": lambda: document.set_status(DocumentPrinterStatus.PAPER_OUT),
            "Offline": lambda: document.set_status(DocumentPrinterStatus.OFFLINE),
            "Ready": lambda: document.set_status(DocumentPrinterStatus.READY),
        })  # fmt: skip
        self._group(layout, "Receipt printer", {
            "Silent": lambda: receipt.inject(ReceiptFault.SILENT),
            "Paper out mid-job": lambda: receipt.inject(ReceiptFault.PAPER_OUT_MID_JOB),
            "Ready": lambda: receipt.set_status(ReceiptPrinterStatus.READY),
        })  # fmt: skip
        self._group(layout, "Camera", {
            "Freeze": lambda: camera.inject(CameraFault.FROZEN),
            "Unplug": lambda: camera.inject(CameraFault.UNPLUGGED),
            "Heal": camera.heal,
        })  # fmt: skip
        self._health = kiosk.health

    def _group(self, layout: QVBoxLayout, title: str, actions: dict[str, Callable[[], object]]) -> None:
        box = QGroupBox(title, self)
        grid = QGridLayout(box)
        for index, (label, action) in enumerate(actions.items()):
            button = QPushButton(label, box)
            button.clicked.connect(lambda _checked=False, a=action: self._run(a))
            grid.addWidget(button, index // 3, index % 3)
            self.controls[f"{title}: {label}"] = action
        layout.addWidget(box)

    def _run(self, action: Callable[[], object]) -> None:
        action()
        self._health.check_now()  # so a status change shows on the home screen at once


def install_dev_dock(window: QWidget, kiosk: Kiosk) -> Callable[[], DevDock | None] | None:
    """Give ``window`` the dock's shortcut (and open it now if ``KIOSK_DEV_DOCK=1``).
    Returns the toggle, or None when the devices are not mocks."""
    if Mocks.find(kiosk) is None:
        return None
    docks: list[DevDock] = []

    def toggle() -> DevDock | None:
        if not docks:
            docks.append(DevDock(kiosk))
            window.destroyed.connect(docks[0].deleteLater)
        dock = docks[0]
        dock.setVisible(not dock.isVisible())
        return dock

    shortcut = QShortcut(QKeySequence(SHORTCUT), window)
    shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
    shortcut.activated.connect(toggle)
    if os.environ.get(DOCK_ENV) == "1":
        toggle()
    return toggle
