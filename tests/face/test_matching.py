"""Genuine pairs accepted and impostor pairs refused at the configured threshold, on real photos."""

from __future__ import annotations

import pytest

from kiosk.face.detection import FaceFinder
from kiosk.face.recognizers import DlibRecognizer
from kiosk.face.thresholds import DLIB_THRESHOLD
from tests.face import pairs, photos

THRESHOLD = DLIB_THRESHOLD


@pytest.fixture(scope="module")
def samples(
    finder: FaceFinder, recognizer: DlibRecognizer, sdist_photos: dict[str, photos.Image]
) -> list[pairs.Sample]:
    return pairs.named_samples(finder, recognizer)


def test_genuine_pairs_are_accepted(samples: list[pairs.Sample], recognizer: DlibRecognizer) -> None:
    genuine = pairs.genuine_pairs(samples, recognizer)
    assert any(p.a.card or p.b.card for p in genuine)
    assert len(genuine) == 9  # 3 photo pairs, 6 card-against-other-photo pairs
    refused = [(p.a.label, p.b.label, round(p.distance, 3)) for p in genuine if p.distance > DLIB_THRESHOLD]
    assert refused == []


def test_impostor_pairs_are_refused(samples: list[pairs.Sample], recognizer: DlibRecognizer) -> None:
    impostor = pairs.impostor_pairs(samples, recognizer)
    assert len(impostor) == 28
    accepted = [(p.a.label, p.b.label, round(p.distance, 3)) for p in impostor if p.distance <= THRESHOLD]
    assert accepted == []


def test_lfw_faces_are_refused_against_the_named_people(
    samples: list[pairs.Sample], finder: FaceFinder, recognizer: DlibRecognizer
) -> None:
    lfw = pairs.lfw_samples(finder, recognizer)
    assert len(lfw) >= 90
    impostor = pairs.impostor_pairs(samples, recognizer, lfw)
    accepted = [(p.a.label, p.b.label, round(p.distance, 3)) for p in impostor if p.distance <= THRESHOLD]
    assert accepted == []
