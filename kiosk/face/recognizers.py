"""Face recognizers behind one interface: a face in a picture → a descriptor; two descriptors → a distance.

The default is dlib's ResNet descriptor (128 numbers, Euclidean distance).
OpenCV's SFace is the alternative where an operator installs its ONNX model
file: dlib is reported weaker on East Asian faces, and a hall may prefer a
model it has calibrated itself. Descriptors are personal data: they live in
memory only, and callers zero them when done (:func:`forget`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import cv2
import numpy as np
import numpy.typing as npt

from devices.camera.base import Image
from kiosk.face.detection import u8
from kiosk.face.landmarks import FaceSeen, Point
from kiosk.face.models import FaceModelError, load_resnet, verified
from kiosk.face.thresholds import DLIB_THRESHOLD, SFACE_THRESHOLD

Descriptor = npt.NDArray[np.float32]

# The reference picture's descriptor is the mean over its crop and fixed
# variations of it: the mirror image, turned ±4°, scaled ±6 % and shifted 4
# pixels both ways, every other one mirrored. Computed once per citizen (about
# 0.6 s on the worker thread), it refuses fewer genuine pairs than one crop with
# no more impostors accepted (docs/face-check.md). Fixed, not dlib's random
# num_jitters: those are drawn from a generator the model keeps, so the same
# card described twice came out 0.056 apart, and a citizen's verdict hung on
# how many references the process had described before.
REFERENCE_VARIATIONS: tuple[tuple[float, float, int], ...] = (
    (4.0, 1.0, 0),  # angle in degrees, scale, shift in pixels (right and down)
    (-4.0, 1.0, 0),
    (0.0, 1.06, 0),
    (0.0, 0.94, 0),
    (0.0, 1.0, 4),
    (0.0, 1.0, -4),
)

# dlib's descriptor crop: 150×150 with a quarter of padding, as
# compute_face_descriptor(img, shape) takes it.
DLIB_CHIP_SIZE = 150
DLIB_CHIP_PADDING = 0.25

# Where SFace expects the eye centres in its 112×112 crop (OpenCV's alignment
# template, from ArcFace), picture-left eye first.
SFACE_SIZE = 112
SFACE_EYES = ((38.2946, 51.6963), (73.5318, 51.5014))


@runtime_checkable
class FaceRecognizer(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def default_threshold(self) -> float: ...

    def describe(self, image: Image, face: FaceSeen) -> Descriptor:
        """The descriptor of ``face`` in ``image`` (BGR, the picture its landmarks were found in)."""
        ...

    def describe_reference(self, image: Image, face: FaceSeen) -> Descriptor:
        """The reference picture's descriptor: computed once per citizen, so it may take longer."""
        ...

    def distance(self, a: Descriptor, b: Descriptor) -> float: ...


def forget(descriptor: Descriptor | None) -> None:
    """Overwrite a descriptor before dropping it, so it does not linger in freed memory."""
    if descriptor is not None and descriptor.flags.writeable:
        descriptor.fill(0)


class DlibRecognizer:
    def __init__(self, resnet: Any | None = None) -> None:
        self._resnet = resnet if resnet is not None else load_resnet()

    @property
    def name(self) -> str:
        return "dlib"

    @property
    def default_threshold(self) -> float:
        return DLIB_THRESHOLD

    def chip(self, image: Image, face: FaceSeen) -> Image:
        """The aligned 150×150 RGB crop the descriptor is computed from."""
        import dlib  # noqa: PLC0415 - optional driver: without dlib only the live face check is lost

        x, y, w, h = face.box
        points = [dlib.point(round(px), round(py)) for px, py in face.landmarks]
        shape = dlib.full_object_detection(dlib.rectangle(x, y, x + w, y + h), points)
        # Crop first and swap the channels of the small crop only: cheaper than
        # converting the whole frame to RGB.
        bgr = dlib.get_face_chip(image, shape, size=DLIB_CHIP_SIZE, padding=DLIB_CHIP_PADDING)
        return np.ascontiguousarray(bgr[:, :, ::-1])

    def describe_chip(self, chip: Image) -> Descriptor:
        return np.asarray(self._resnet.compute_face_descriptor(chip), dtype=np.float32)

    def describe(self, image: Image, face: FaceSeen) -> Descriptor:
        chip = self.chip(image, face)
        try:
            return self.describe_chip(chip)
        finally:
            chip.fill(0)

    def describe_reference(self, image: Image, face: FaceSeen) -> Descriptor:
        chips = reference_variations(self.chip(image, face))
        try:
            described = self._resnet.compute_face_descriptor(chips)  # one batch through the network
            mean: Descriptor = np.asarray(described, dtype=np.float32).mean(axis=0, dtype=np.float32)
            return mean
        finally:
            for chip in chips:
                chip.fill(0)

    def distance(self, a: Descriptor, b: Descriptor) -> float:
        return float(np.linalg.norm(a - b))


def reference_variations(chip: Image) -> list[Image]:
    """The crop, its mirror image and the fixed :data:`REFERENCE_VARIATIONS` of it (same size)."""
    height, width = chip.shape[:2]
    out = [chip, np.ascontiguousarray(chip[:, ::-1])]
    for index, (angle, scale, shift) in enumerate(REFERENCE_VARIATIONS):
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, scale)
        matrix[:, 2] += shift
        varied = u8(
            cv2.warpAffine(
                chip, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
            )
        )
        out.append(np.ascontiguousarray(varied[:, ::-1]) if index % 2 else varied)
    return out


class SFaceRecognizer:
    """OpenCV's SFace on an operator-supplied ONNX file, loaded only if its SHA-256 matches."""

    def __init__(self, model: Path, sha256: str) -> None:
        if not hasattr(cv2, "FaceRecognizerSF"):
            raise FaceModelError("This OpenCV build has no FaceRecognizerSF: SFace cannot be used.")
        verified(model, sha256, "SFace model")
        try:
            self._net = cv2.FaceRecognizerSF.create(str(model), "")
        except cv2.error:
            raise FaceModelError(f"OpenCV could not load the SFace model {model}.") from None

    @property
    def name(self) -> str:
        return "sface"

    @property
    def default_threshold(self) -> float:
        return SFACE_THRESHOLD

    def describe(self, image: Image, face: FaceSeen) -> Descriptor:
        aligned = sface_crop(image, face)
        try:
            feature = np.asarray(self._net.feature(aligned), dtype=np.float32).reshape(-1).copy()
        finally:
            aligned.fill(0)
        norm = float(np.linalg.norm(feature))
        return feature / norm if norm > 0 else feature

    def describe_reference(self, image: Image, face: FaceSeen) -> Descriptor:
        return self.describe(image, face)

    def distance(self, a: Descriptor, b: Descriptor) -> float:
        # Cosine distance of unit vectors: 0 the same, 1 unrelated, 2 opposite.
        return float(1.0 - np.dot(a, b))


def sface_crop(image: Image, face: FaceSeen) -> Image:
    """The 112×112 crop SFace expects, aligned on the eye centres.

    OpenCV's own alignCrop wants YuNet's five points (eyes, nose tip, mouth
    corners); dlib's five points have eye corners and the nose base instead, so
    the crop is aligned on the two eye centres, which fix a similarity transform.
    """
    p = face.landmarks
    picture_right = ((p[0][0] + p[1][0]) / 2, (p[0][1] + p[1][1]) / 2)
    picture_left = ((p[2][0] + p[3][0]) / 2, (p[2][1] + p[3][1]) / 2)
    matrix = similarity_from_pairs((picture_left, picture_right), SFACE_EYES)
    return u8(cv2.warpAffine(image, matrix, (SFACE_SIZE, SFACE_SIZE), flags=cv2.INTER_LINEAR))


def similarity_from_pairs(
    source: tuple[Point, Point], target: tuple[Point, Point]
) -> npt.NDArray[np.float64]:
    """The 2×3 matrix of the rotation, uniform scale and shift taking two points onto two others."""
    s0, s1 = complex(*source[0]), complex(*source[1])
    t0, t1 = complex(*target[0]), complex(*target[1])
    if s1 == s0:
        raise ValueError("the two source points coincide")
    z = (t1 - t0) / (s1 - s0)
    shift = t0 - z * s0
    return np.array([[z.real, -z.imag, shift.real], [z.imag, z.real, shift.imag]], dtype=np.float64)
