"""The soak, the crash harness and the hostile environment: offscreen, with the real window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is loaded

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from ui.i18n import Translations


@pytest.fixture(scope="session")
def translations(qapp: QApplication) -> Iterator[Translations]:
    translations = Translations()
    yield translations
    translations.close()
