"""Guiding the citizen into the oval: one face, near enough, not too near, centred, lit.

Pure: it reads the faces found and the light, never a picture. The sizes are
fractions of the frame so they hold at any camera resolution.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.face.base import FacePrompt
from kiosk.face.landmarks import FaceSeen

# The face's box width as a fraction of the frame width. At a 60° camera and
# 40–60 cm from the screen an adult face is about 0.25–0.40 of the frame; under
# 0.24 the descriptor's crop gets too few pixels (and the live detector, run on
# a 400-pixel-wide copy, stops finding faces near 0.2); over 0.55 the chin or
# the forehead leaves the frame as soon as the head turns.
MIN_FACE_WIDTH = 0.24
MAX_FACE_WIDTH = 0.55

# How far the face's centre may sit from the oval's centre, as a fraction of the
# frame's width (horizontally) and height (vertically). Beyond this a turn of
# the head takes part of the face out of the picture.
MAX_CENTRE_OFFSET_X = 0.12
MAX_CENTRE_OFFSET_Y = 0.14

# Mean brightness (0–255) of the face's box under which the landmarks get
# unreliable: a hall at night with the ceiling lights dimmed.
DARK_LUMA = 55.0
# Backlit: the rest of the picture this bright, and this much brighter than the
# face (a window or a lamp behind the citizen): the camera's exposure darkens
# the face.
BACKLIT_SURROUND_LUMA = 160.0
BACKLIT_CONTRAST = 65.0

# The face must look at the camera (|yaw| at most this) before the match and
# between the turns; see FaceSeen.yaw — 0.08 is about 15°.
FRONTAL_YAW = 0.08


@dataclass(frozen=True, slots=True)
class Light:
    """Mean brightness (0–255) of the frame, and of the face's box and its surround when one face shows."""

    frame: float
    face: float | None = None
    surround: float | None = None


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the one face stands: the prompt to show (None: well placed), and whether it is in the oval."""

    prompt: FacePrompt | None
    in_oval: bool


def oval_offsets(face: FaceSeen, frame_size: tuple[int, int]) -> tuple[float, float]:
    """The face centre's offset from the oval's centre (the frame's), as fractions of width and height."""
    width, height = frame_size
    cx, cy = face.centre
    return (cx - width / 2) / width, (cy - height / 2) / height


def light_prompt(light: Light) -> FacePrompt | None:
    if light.face is None:
        return FacePrompt.MORE_LIGHT if light.frame < DARK_LUMA else None
    if (
        light.surround is not None
        and light.surround >= BACKLIT_SURROUND_LUMA
        and light.surround - light.face >= BACKLIT_CONTRAST
    ):
        return FacePrompt.BACKLIT
    if light.face < DARK_LUMA:
        return FacePrompt.MORE_LIGHT
    return None


def place(faces: tuple[FaceSeen, ...], light: Light, frame_size: tuple[int, int]) -> Placement:
    """The guide for one frame, in the order a citizen can act on it."""
    if not faces:
        return Placement(light_prompt(light) or FacePrompt.LOOK_AT_CAMERA, False)
    if len(faces) > 1:
        return Placement(FacePrompt.ONE_PERSON_ONLY, False)
    face = faces[0]
    width_fraction = face.width / frame_size[0]
    dx, dy = oval_offsets(face, frame_size)
    sized = MIN_FACE_WIDTH <= width_fraction <= MAX_FACE_WIDTH
    centred = abs(dx) <= MAX_CENTRE_OFFSET_X and abs(dy) <= MAX_CENTRE_OFFSET_Y
    in_oval = sized and centred
    lit = light_prompt(light)
    if lit is not None:
        return Placement(lit, in_oval)
    if width_fraction < MIN_FACE_WIDTH:
        return Placement(FacePrompt.MOVE_CLOSER, in_oval)
    if width_fraction > MAX_FACE_WIDTH:
        return Placement(FacePrompt.MOVE_BACK, in_oval)
    if not centred:
        return Placement(FacePrompt.CENTRE_FACE, in_oval)
    if abs(face.yaw) > FRONTAL_YAW:
        return Placement(FacePrompt.LOOK_AT_CAMERA, in_oval)
    return Placement(None, in_oval)
