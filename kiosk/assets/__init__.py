"""The files the kiosk ships beside its code: icons, translations, the demo registry.

They are package data (``kiosk/assets/…`` in the source tree and in the installed package alike),
found through :mod:`importlib.resources`, so a kiosk installed from the Debian package, a wheel or an
editable checkout reads the same files and nothing depends on where the source tree is.

The kiosk is always installed as files (its own virtual environment, never a zip), so each asset is
a real path that Qt and the registry importer can open by name.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def asset_path(*parts: str) -> Path:
    """The shipped file or folder ``parts`` (e.g. ``"icons", "card.svg"``), on disk."""
    resource = files(__name__).joinpath(*parts)
    if not isinstance(resource, Path):  # a zipped install: nothing the kiosk is ever installed as
        raise RuntimeError(f"the kiosk's assets are not files on disk ({resource!r})")
    return resource


ICONS = asset_path("icons")
I18N = asset_path("i18n")
REGISTRY = asset_path("registry")
