"""The folder the demo writes into: a new one, an empty one, or one it made itself.

The demo starts each run from an empty folder. It once got there by deleting whatever ``--out``
named — ``--out .`` in a kiosk's data folder took the signing key and the database with it. Now a
folder it makes, or an empty one it is given, gets a marker file; only a folder with that marker is
ever emptied, and anything else is refused.
"""

from __future__ import annotations

import shutil
from pathlib import Path

MARKER = ".civic-kiosk-demo"
"""The file that says the demo made this folder (and so may empty it)."""

RULE = "the demo writes only into a new or empty folder, or one it made itself"

_MARKER_TEXT = (
    "This folder holds the output of `kiosk demo`, which empties it each time it plays again.\n"
    "Delete this file and the demo will leave the folder alone.\n"
)


class OutDirError(Exception):
    """The folder is not the demo's to write into; the message says why in a sentence."""


def claim_out_dir(out: Path) -> None:
    """Make ``out`` ready for a fresh run of the demo: create it, mark an empty one, or empty one
    the demo made before (keeping its marker). Raises :class:`OutDirError` for anything else,
    leaving it as it was."""
    shown = out.absolute()
    if out.is_dir():
        marker = out / MARKER
        if marker.is_file() and not marker.is_symlink():
            _empty(out)
        elif any(out.iterdir()):
            raise OutDirError(f"{shown} is not empty and the demo did not make it: {RULE}.")
        else:
            marker.write_text(_MARKER_TEXT, "utf-8")
        return
    if out.exists() or out.is_symlink():
        raise OutDirError(f"{shown} is not a folder: {RULE}.")
    out.mkdir(parents=True)
    (out / MARKER).write_text(_MARKER_TEXT, "utf-8")


def _empty(folder: Path) -> None:
    """Remove what an earlier run left in the demo's own ``folder``, but not its marker."""
    for child in folder.iterdir():
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()  # a file, or a link (never followed)
