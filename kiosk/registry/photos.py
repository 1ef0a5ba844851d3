"""The registered photo of a person in a registry file: a real picture of a plausible size, or refused.

Before, a photo was taken on its first bytes: anything that started like a JPEG passed, and the
face check met it only when a citizen stood at the kiosk. Now its header is read for the kind
and the size first (so a picture claiming 60,000 × 60,000 pixels is refused before any is
decoded), then every pixel is decoded, so a truncated or damaged file is refused at import.
"""

from __future__ import annotations

import base64
import binascii
import io
import warnings
from typing import Annotated

from PIL import Image, UnidentifiedImageError
from pydantic import BeforeValidator, WithJsonSchema

PHOTO_LIMIT_BYTES = 2 * 1024 * 1024
PHOTO_FORMATS = ("JPEG", "PNG")
PHOTO_SIDES = (64, 4096)
"""Smallest and largest width or height in pixels: a card photo is 358 × 441, a registry's
portraits are of that order; a 4096-pixel side decodes in well under a second, in 50 MB."""


def checked_photo(value: object) -> object:
    """The photo's bytes, once decoded in full; ValueError with a sentence otherwise."""
    if value is None or isinstance(value, bytes):
        return value
    if not isinstance(value, str):
        raise ValueError("expected a base64 string")
    if len(value) > (PHOTO_LIMIT_BYTES + 2) // 3 * 4:
        raise ValueError(f"the photo is larger than {PHOTO_LIMIT_BYTES // 1024} KiB")
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not valid base64") from None
    low, high = PHOTO_SIDES
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=PHOTO_FORMATS) as image:
                width, height = image.size
                if low <= width <= high and low <= height <= high:
                    image.load()  # every pixel: a truncated or damaged picture fails here, not at the kiosk
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValueError("the photo must be a JPEG or PNG image") from None
    except (OSError, SyntaxError, EOFError, ValueError):
        raise ValueError("the photo cannot be decoded: it is truncated or damaged") from None
    if not (low <= width <= high and low <= height <= high):
        raise ValueError(f"the photo is {width} × {height} pixels; each side must be {low} to {high}")
    return data


Photo = Annotated[
    bytes,
    BeforeValidator(checked_photo),
    WithJsonSchema(
        {
            "type": "string",
            "contentEncoding": "base64",
            "description": "a JPEG or PNG image, base64, at most 2 MiB, each side 64 to 4096 pixels",
        }
    ),
]
