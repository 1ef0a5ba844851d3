"""Loading and switching the translation: zh_CN is the source language, English comes from a .qm.

The .qm files are compiled from ``kiosk/assets/i18n/*.ts`` by the set-up (``make
translations``, part of ``make run``/``make test``); they are never committed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk.assets import I18N

log = logging.getLogger(__name__)

I18N_DIR = I18N
LANGUAGES = ("zh_CN", "en")
SOURCE_LANGUAGE = "zh_CN"


def qm_path(language: str) -> Path:
    return I18N_DIR / f"kiosk_{language}.qm"


class Translations:
    """The app's one translator. ``use(language)`` switches; screens re-render to pick it up."""

    def __init__(self) -> None:
        self.language = SOURCE_LANGUAGE
        self._translator: QTranslator | None = None  # the one installed, if any
        # Loaded once per language and kept: a kiosk switches to English and back on many visits a
        # day, and a translator made per switch (each mapping its .qm) was never given back.
        self._loaded: dict[str, QTranslator] = {}
        self.missing: set[str] = set()  # languages whose .qm could not be loaded

    def use(self, language: str) -> bool:
        """Switch to ``language``. False when its .qm is missing (the screens stay in Chinese)."""
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        if language == self.language:
            return True
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("a QApplication must exist before a translation is loaded")
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        self.language = SOURCE_LANGUAGE
        if language == SOURCE_LANGUAGE:
            return True
        translator = self._loaded.get(language)
        if translator is None:
            translator = QTranslator(app)
            path = qm_path(language)
            if not translator.load(str(path)):
                if language not in self.missing:
                    log.error("translation %s is missing (%s): run `make translations`", language, path)
                self.missing.add(language)
                translator.deleteLater()
                return False
            self._loaded[language] = translator
        app.installTranslator(translator)
        self._translator = translator
        self.language = language
        return True

    def close(self) -> None:
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
        for translator in self._loaded.values():
            translator.deleteLater()
        self._loaded.clear()
        self._translator = None
        self.language = SOURCE_LANGUAGE
