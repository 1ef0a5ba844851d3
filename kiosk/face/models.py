"""The model files the face check loads, found without importing their package and verified by hash.

``face_recognition_models`` locates its files through ``pkg_resources``, which
current setuptools no longer ships, so importing it fails; the files are found
from the package's install location instead. Only the 5-point shape predictor
and the ResNet descriptor are used: the package's 68-point predictor was trained
on data whose licence forbids commercial use.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIVE_POINT_FILE = "shape_predictor_5_face_landmarks.dat"
FIVE_POINT_SHA256 = "c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888"
RESNET_FILE = "dlib_face_recognition_resnet_model_v1.dat"
RESNET_SHA256 = "55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30"


class FaceModelError(Exception):
    """A face model is missing, altered or cannot be loaded; ``str()`` is one plain sentence."""


def models_dir() -> Path:
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise FaceModelError("The face models are not installed (face_recognition_models is missing).")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def sha256_of(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def verified(path: Path, sha256: str, what: str) -> Path:
    """``path`` if it exists and has the expected SHA-256; a FaceModelError otherwise."""
    if not path.is_file():
        raise FaceModelError(f"The {what} file {path} does not exist.")
    try:
        actual = sha256_of(path)
    except OSError as exc:
        raise FaceModelError(f"The {what} file {path} cannot be read ({exc.strerror}).") from None
    if actual != sha256.lower():
        raise FaceModelError(
            f"The {what} file {path} does not match its expected checksum: damaged or the wrong file."
        )
    return path


@dataclass(frozen=True, slots=True)
class FinderModels:
    """dlib's HOG face detector and its 5-point shape predictor (dlib objects, untyped)."""

    detector: Any
    predictor: Any


@functools.cache
def load_finder_models() -> FinderModels:
    """Loaded once per process: the models hold no personal data and take half a second to load."""
    import dlib  # noqa: PLC0415 - optional driver: without dlib only the live face check is lost

    path = verified(models_dir() / FIVE_POINT_FILE, FIVE_POINT_SHA256, "5-point face landmark model")
    return FinderModels(dlib.get_frontal_face_detector(), dlib.shape_predictor(str(path)))


@functools.cache
def load_resnet() -> Any:
    import dlib  # noqa: PLC0415 - optional driver: without dlib only the live face check is lost

    path = verified(models_dir() / RESNET_FILE, RESNET_SHA256, "dlib face descriptor model")
    return dlib.face_recognition_model_v1(str(path))
