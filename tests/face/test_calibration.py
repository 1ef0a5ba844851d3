"""The calibration core: the simulated card, pairs and their counts, the sweep, the suggested threshold."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.face.calibration import (
    CARD_SIZE,
    Calibration,
    PairDistances,
    PhotoProblem,
    report,
    sentences,
    simulated_card,
    suggested_threshold,
    sweep_thresholds,
)
from kiosk.face.detection import FaceFinder
from kiosk.face.recognizers import DlibRecognizer
from tests.face import photos
from tests.face.test_privacy import held_face_data

ISSUE_KEYS = {
    "recognizer", "threshold", "photos", "no_face", "genuine_pairs", "impostor_pairs", "fnmr", "fmr",
    "card_fnmr", "sweep", "suggested_threshold",
}  # fmt: skip


def test_a_tightly_cropped_face_keeps_its_proportions_on_the_card() -> None:
    # A face filling the whole picture: the card's crop runs past every edge.
    picture = np.zeros((150, 150, 3), dtype=np.uint8)
    picture[40:110, 40:110] = 255  # a white square "face" in the middle
    card = simulated_card(picture, (20, 20, 110, 110))
    assert (card.shape[1], card.shape[0]) == CARD_SIZE
    white = np.argwhere(card[:, :, 0] > 128)
    height = white[:, 0].max() - white[:, 0].min()
    width = white[:, 1].max() - white[:, 1].min()
    assert abs(height - width) <= 3  # a square stays square: no stretching to fill the card


def test_the_suggested_threshold_stays_under_the_closest_impostor_that_must_not_match() -> None:
    assert suggested_threshold(np.array([0.8, 0.6123, 0.7]), 0.001) == 0.612
    assert suggested_threshold(np.array([0.6, 0.7]), 0.001) == 0.599  # a pair at the threshold matches
    # 2,000 pairs at 0.1 %: two may match, the third closest must not.
    impostors = np.concatenate([[0.40, 0.45, 0.50], np.full(1997, 0.9)])
    assert suggested_threshold(impostors, 0.001) == 0.499
    assert suggested_threshold(np.array([]), 0.001) is None


def test_rates_counts_and_the_sweep() -> None:
    pairs = PairDistances(
        genuine=np.array([0.3, 0.45, 0.52, 0.6]),
        card_genuine=np.array([0.5, 0.55]),
        impostor=np.array([0.49, 0.7, 0.8, 0.9]),
    )
    result = report(
        pairs, recognizer=DlibRecognizer(resnet=object()), threshold=0.5, target_fmr=0.001,
        people=3, photos=5, unreadable=1, no_face=1, card_no_face=0,
    )  # fmt: skip
    assert (result.false_non_matches, result.genuine_pairs) == (2, 4)
    assert (result.card_false_non_matches, result.card_genuine_pairs) == (1, 2)
    assert (result.false_matches, result.impostor_pairs) == (1, 4)
    assert result.fnmr == 0.5 and result.card_fnmr == 0.5 and result.fmr == 0.25
    assert result.suggested_threshold == 0.489
    data = result.as_json()
    assert set(data) >= ISSUE_KEYS
    assert [p["threshold"] for p in data["sweep"]] == list(sweep_thresholds(0.5))
    at_default = next(p for p in data["sweep"] if p["threshold"] == 0.5)
    assert at_default == {"threshold": 0.5, "fnmr": 0.5, "fmr": 0.25, "card_fnmr": 0.5}
    text = "\n".join(sentences(result))
    assert "2 of 4 genuine pairs" in text and "1 of 4 pairs" in text
    assert "cannot show an FMR of 0.1 %" in text and "3000" in text  # 4 pairs prove nothing


def test_no_pairs_is_no_rate_rather_than_zero() -> None:
    empty = PairDistances(np.array([]), np.array([]), np.array([]))
    result = report(
        empty, recognizer=DlibRecognizer(resnet=object()), threshold=0.5, target_fmr=0.001,
        people=0, photos=0, unreadable=0, no_face=0, card_no_face=0,
    )  # fmt: skip
    assert result.fnmr is None and result.fmr is None and result.card_fnmr is None
    assert result.as_json()["suggested_threshold"] is None


def test_real_photos_make_the_pairs_the_kiosk_would_and_wipe_forgets_them(
    finder: FaceFinder, recognizer: DlibRecognizer, sdist_photos: dict[str, photos.Image]
) -> None:
    calibration = Calibration(finder, recognizer)
    for name in ("obama.jpg", "obama2.jpg", "obama3.jpg"):
        assert calibration.add("obama", name, sdist_photos[name]) is None
    assert calibration.add("biden", "biden.jpg", sdist_photos["biden.jpg"]) is None
    assert calibration.add("biden", "lfw-nonface", photos.lfw_picture(150)) is PhotoProblem.NO_FACE
    assert calibration.add("biden", "grey", np.zeros((40, 40), dtype=np.uint8)) is PhotoProblem.UNREADABLE
    assert calibration.people == ["biden", "obama"]
    pairs = calibration.distances()
    # Each Obama photo as the reference against the two others; each card against the two others.
    assert pairs.genuine.size == 6 and pairs.card_genuine.size == 6
    # Obama's 3 photos and 3 cards against Biden's photo, Biden's photo and card against Obama's 3.
    assert pairs.impostor.size == 6 + 6
    assert pairs.genuine.max() <= 0.5 < pairs.impostor.min()
    held = [d.live for d in calibration._described] + [d.reference for d in calibration._described]
    assert held_face_data(calibration) != []
    calibration.wipe()
    assert held_face_data(calibration) == []
    assert all(not descriptor.any() for descriptor in held)


@pytest.mark.parametrize("threshold", [0.35, 0.65])
def test_the_sweep_is_centred_on_the_recognizers_default(threshold: float) -> None:
    points = sweep_thresholds(threshold)
    assert points[len(points) // 2] == threshold and len(points) == 13
