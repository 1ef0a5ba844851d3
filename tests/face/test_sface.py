"""The SFace alternative: loaded only from a file whose checksum matches; its alignment geometry.

No SFace ONNX file is reachable from here (no registry carries it), so its
descriptors are not exercised; what an operator can get wrong is.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.config import FaceCheckConfig
from kiosk.face.checker import build_face_checker
from kiosk.face.landmarks import FaceSeen
from kiosk.face.models import FaceModelError
from kiosk.face.recognizers import (
    SFACE_EYES,
    SFACE_THRESHOLD,
    SFaceRecognizer,
    sface_crop,
    similarity_from_pairs,
)


def test_opencv_has_the_sface_recognizer() -> None:
    assert hasattr(cv2, "FaceRecognizerSF")


def test_a_missing_model_file_is_a_plain_problem(tmp_path: Path) -> None:
    with pytest.raises(FaceModelError, match="does not exist"):
        SFaceRecognizer(tmp_path / "sface.onnx", "0" * 64)


def test_a_model_file_with_another_checksum_is_refused(tmp_path: Path) -> None:
    model = tmp_path / "sface.onnx"
    model.write_bytes(b"not the model")
    with pytest.raises(FaceModelError, match="checksum"):
        SFaceRecognizer(model, "0" * 64)
    config = FaceCheckConfig(recognizer="sface", sface_model=model, sface_model_sha256="1" * 64)
    with pytest.raises(FaceModelError, match="checksum"):
        build_face_checker(config)


def test_a_file_with_the_right_checksum_that_is_no_model_is_refused(tmp_path: Path) -> None:
    model = tmp_path / "sface.onnx"
    model.write_bytes(b"not an onnx model at all")
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    with pytest.raises(FaceModelError, match="could not load"):
        SFaceRecognizer(model, digest)


def test_the_threshold_is_opencvs_cosine_threshold_as_a_distance() -> None:
    assert pytest.approx(0.637) == SFACE_THRESHOLD


def test_the_eyes_land_on_sfaces_template() -> None:
    source = ((100.0, 120.0), (160.0, 110.0))
    matrix = similarity_from_pairs(source, SFACE_EYES)
    for (sx, sy), (tx, ty) in zip(source, SFACE_EYES, strict=True):
        x, y = matrix @ np.array([sx, sy, 1.0])
        assert (x, y) == pytest.approx((tx, ty), abs=1e-9)
    with pytest.raises(ValueError):
        similarity_from_pairs(((1.0, 1.0), (1.0, 1.0)), SFACE_EYES)


def test_the_crop_is_112_square() -> None:
    face = FaceSeen((200, 150, 200, 200), ((370, 230), (345, 230), (255, 230), (280, 230), (312, 290)))
    crop = sface_crop(np.full((480, 640, 3), 90, np.uint8), face)
    assert crop.shape == (112, 112, 3) and crop.dtype == np.uint8
