"""Genuine and impostor pairs from the pinned real photos, for the tests and the accuracy report.

Samples: each independent photo of an identity (obama ×3, biden, astronaut) and
a simulated ID-card photo made from it (102×126, JPEG quality 60). Genuine
pairs: two different photos of one person, and a card photo against each
*other* photo of the person (a card photo against its own source photo is
left out: that would measure JPEG damage, not recognition). Impostor pairs:
every cross-identity pair of those samples. The LFW subset (100 faces,
25×25 grey, enlarged) adds impostor pairs against the named identities; its
identities are not labelled, so LFW-against-LFW pairs are reported apart.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from kiosk.face.detection import FaceFinder
from kiosk.face.recognizers import Descriptor, FaceRecognizer
from tests.face import photos


@dataclass(frozen=True)
class Sample:
    identity: str
    source: str  # the photo it comes from
    card: bool  # a simulated card photo
    descriptor: Descriptor = field(repr=False)

    @property
    def label(self) -> str:
        return f"card({self.source})" if self.card else self.source


@dataclass(frozen=True)
class Pair:
    a: Sample
    b: Sample
    distance: float


def named_samples(finder: FaceFinder, recognizer: FaceRecognizer) -> list[Sample]:
    sources = {name: identity for identity, names in photos.IDENTITY_PHOTOS.items() for name in names}
    pictures = {name: photos.sdist_photos()[name] for name in sources}
    pictures["astronaut.png"] = photos.astronaut()
    sources["astronaut.png"] = "collins"
    samples = []
    for name, picture in pictures.items():
        searched, face = finder.find_reference(picture)
        if face is None:
            raise AssertionError(f"no face found in {name}")
        samples.append(Sample(sources[name], name, False, recognizer.describe(searched, face)))
        card = photos.card_photo(searched, face.box)
        card_searched, card_face = finder.find_reference(card)
        if card_face is None:
            raise AssertionError(f"no face found in the card photo made from {name}")
        samples.append(Sample(sources[name], name, True, recognizer.describe(card_searched, card_face)))
    return samples


def lfw_samples(finder: FaceFinder, recognizer: FaceRecognizer) -> list[Sample]:
    samples = []
    for index in photos.LFW_FACES:
        picture = photos.lfw_picture(index)
        faces, _, _ = finder.find(picture)
        if len(faces) == 1:
            descriptor = recognizer.describe(picture, faces[0])
            samples.append(Sample(f"lfw{index}", f"lfw_subset[{index}]", False, descriptor))
    return samples


def genuine_pairs(samples: list[Sample], recognizer: FaceRecognizer) -> list[Pair]:
    return [
        Pair(a, b, recognizer.distance(a.descriptor, b.descriptor))
        for a, b in itertools.combinations(samples, 2)
        if a.identity == b.identity and a.source != b.source and not (a.card and b.card)
    ]


def impostor_pairs(
    samples: list[Sample], recognizer: FaceRecognizer, others: list[Sample] | None = None
) -> list[Pair]:
    """Every cross-identity pair within ``samples``, or, with ``others``, every pair across the two lists."""
    combos = itertools.product(samples, others) if others is not None else itertools.combinations(samples, 2)
    return [
        Pair(a, b, recognizer.distance(a.descriptor, b.descriptor))
        for a, b in combos
        if a.identity != b.identity
    ]


def rates(genuine: list[Pair], impostor: list[Pair], threshold: float) -> tuple[int, int, int, int]:
    """(false non-matches, genuine count, false matches, impostor count) at ``threshold``."""
    fnm = sum(p.distance > threshold for p in genuine)
    fm = sum(p.distance <= threshold for p in impostor)
    return fnm, len(genuine), fm, len(impostor)


def distances(pairs: list[Pair]) -> np.typing.NDArray[np.float64]:
    return np.array([p.distance for p in pairs])
