"""Real pictures for registry photos, made in memory: a photo is decoded in full at import."""

from __future__ import annotations

import base64
import io

from PIL import Image


def picture(kind: str = "JPEG", size: tuple[int, int] = (120, 150)) -> bytes:
    image = Image.new("RGB", size, (200, 180, 160))
    out = io.BytesIO()
    image.save(out, format=kind)
    return out.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
