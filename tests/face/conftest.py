"""Models and photos loaded once per test session (loading the models takes half a second)."""

from __future__ import annotations

import random

import pytest

from kiosk.face.checker import LiveFaceChecker
from kiosk.face.detection import FaceFinder
from kiosk.face.landmarks import FaceSeen
from kiosk.face.models import load_finder_models
from kiosk.face.recognizers import DlibRecognizer
from tests.face import photos


@pytest.fixture(scope="session")
def finder() -> FaceFinder:
    models = load_finder_models()
    return FaceFinder(models.detector, models.predictor)


@pytest.fixture(scope="session")
def recognizer() -> DlibRecognizer:
    return DlibRecognizer()


@pytest.fixture(scope="session")
def sdist_photos() -> dict[str, photos.Image]:
    found, reason = photos.photos_or_reason()
    if found is None:
        pytest.skip(f"the pinned face_recognition test photos are not available: {reason}")
    return found


@pytest.fixture(scope="session")
def portraits(
    finder: FaceFinder, sdist_photos: dict[str, photos.Image]
) -> dict[str, tuple[photos.Image, FaceSeen]]:
    """Each sdist photo and the astronaut (scaled as the reference search scales it) with its one face."""
    out = {}
    named = {**sdist_photos, "astronaut.jpg": photos.astronaut()}
    for name, picture in named.items():
        searched, face = finder.find_reference(picture)
        assert face is not None, name
        out[name] = (searched, face)
    return out


@pytest.fixture
def checker(finder: FaceFinder, recognizer: DlibRecognizer) -> LiveFaceChecker:
    return LiveFaceChecker(finder, recognizer, rng=random.Random(7))
