"""Face detection and landmarks on real photos: faces found, non-faces not."""

from __future__ import annotations

import numpy as np

from kiosk.face.detection import FaceFinder
from kiosk.face.guide import FRONTAL_YAW
from kiosk.face.landmarks import FaceSeen
from tests.face import photos

Portraits = dict[str, tuple[photos.Image, FaceSeen]]


def test_one_face_in_each_portrait(portraits: Portraits) -> None:
    assert set(portraits) >= {"obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg", "astronaut.jpg"}


def test_landmarks_lie_inside_the_face_in_dlib_order(portraits: Portraits) -> None:
    for name in ("obama.jpg", "obama2.jpg", "astronaut.jpg"):
        _, face = portraits[name]
        x, y, w, h = face.box
        points = face.landmarks
        for px, py in points:
            assert x - 0.1 * w <= px <= x + 1.1 * w and y - 0.1 * h <= py <= y + 1.1 * h, name
        # Picture-right eye first, then picture-left, then the nose below both.
        assert points[0][0] > points[1][0] > points[3][0] > points[2][0], name
        assert points[4][1] > max(p[1] for p in points[:4]), name


def test_frontal_portraits_read_as_frontal(portraits: Portraits) -> None:
    _, face = portraits["obama.jpg"]
    assert abs(face.yaw) < FRONTAL_YAW


def test_a_mirrored_photo_reads_as_turned_the_other_way(finder: FaceFinder, portraits: Portraits) -> None:
    picture, face = portraits["biden.jpg"]
    _, mirrored = finder.find_reference(np.ascontiguousarray(picture[:, ::-1]))
    assert mirrored is not None
    assert abs(face.yaw) > 0.04
    assert np.sign(mirrored.yaw) == -np.sign(face.yaw)


def test_lfw_faces_are_found_and_non_faces_are_not(finder: FaceFinder) -> None:
    found = [len(finder.find(photos.lfw_picture(i))[0]) == 1 for i in range(200)]
    faces, non_faces = sum(found[:100]), sum(found[100:])
    assert faces >= 90, f"{faces} of 100 LFW faces found"
    assert non_faces <= 1, f"{non_faces} of 100 LFW non-faces taken for faces"


def test_live_frames_find_the_face_and_measure_its_light(finder: FaceFinder, portraits: Portraits) -> None:
    picture, face = portraits["obama2.jpg"]
    placed = photos.place_in_frame(picture, face.box)
    faces, light, small = finder.find(placed.frame)
    assert len(faces) == 1
    x, y, w, _ = faces[0].box
    px, py, pw, ph = placed.face_box
    assert abs(x - px) < 0.15 * pw and abs(y - py) < 0.15 * ph and 0.8 < w / pw < 1.25
    assert small.shape[1] == finder.detect_width
    assert light.face is not None and light.surround is not None and 40 < light.face < 220


def test_two_people_in_a_live_frame_are_two_faces(finder: FaceFinder, portraits: Portraits) -> None:
    left = photos.place_in_frame(*_pair(portraits["obama.jpg"]), face_width=140, size=(320, 480))
    right = photos.place_in_frame(*_pair(portraits["biden.jpg"]), face_width=140, size=(320, 480))
    frame = np.ascontiguousarray(np.hstack([left.frame, right.frame]))
    faces, _, _ = finder.find(frame)
    assert len(faces) == 2


def test_a_blank_frame_has_no_face(finder: FaceFinder) -> None:
    faces, light, _ = finder.find(np.full((480, 640, 3), 20, np.uint8))
    assert faces == ()
    assert light.frame < 25 and light.face is None


def _pair(entry: tuple[photos.Image, FaceSeen]) -> tuple[photos.Image, tuple[int, int, int, int]]:
    picture, face = entry
    return picture, face.box
