"""The privacy sweep: after the marker people's visits, search everything the kiosk wrote — the
database with its WAL and journal, the logs, temporary files, the CUPS spool and cache — for any of
their data: names, ID numbers and addresses in four encodings, the card photo's and the face
picture's bytes. Compressed streams (a PDF's, a gzip) are searched inflated too."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tests.soak.markers import FACE_TAG, Marker

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


@dataclass
class SweepReport:
    files: int = 0
    bytes: int = 0
    secrets: int = 0  # byte strings searched for
    found: list[str] = field(default_factory=list)  # "<file>: marker <n>'s <what>"
    roots: list[str] = field(default_factory=list)

    def figures(self) -> str:
        return (
            f"privacy sweep: {self.secrets} marker strings searched in {self.files} files "
            f"({self.bytes / 2**20:.1f} MB) under {', '.join(self.roots)}: {len(self.found)} found"
        )


def _inflated(data: bytes) -> Iterable[bytes]:
    """The data, and what its compressed streams hold."""
    yield data
    for match in _STREAM.finditer(data):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            continue
    if data[:2] == b"\x1f\x8b":
        try:
            unzipped = zlib.decompress(data, 16 + zlib.MAX_WBITS)
        except zlib.error:
            return
        yield unzipped


def sweep(roots: Iterable[Path], markers: list[Marker], *, skip: Iterable[Path] = ()) -> SweepReport:
    """Search every file under ``roots`` (but not under ``skip``: the paper that left the kiosk)."""
    report = SweepReport()
    secrets: list[tuple[str, bytes]] = [("face picture", FACE_TAG * 3)]
    for marker in markers:
        secrets.extend((f"marker {marker.index}'s {what}", value) for what, value in marker.secrets.items())
    report.secrets = len(secrets)
    skipped = [path.resolve() for path in skip]
    for root in roots:
        if not root.exists():
            continue
        report.roots.append(str(root))
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if any(path.resolve().is_relative_to(s) for s in skipped):
                continue
            try:
                data = path.read_bytes()
            except OSError:
                continue
            report.files += 1
            report.bytes += len(data)
            for chunk in _inflated(data):
                for what, value in secrets:
                    if value in chunk:
                        report.found.append(f"{path}: {what}")
    return report
