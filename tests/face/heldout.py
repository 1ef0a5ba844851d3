"""Held-out photos for the accuracy report: people the project's thresholds and tests were never tuned on.

Where they come from: Debian's ``dlib`` source package, version 19.24+dfsg-1,
its upstream tarball ``dlib_19.24+dfsg.orig.tar.bz2`` (8,636,409 bytes,
SHA-256 pinned below). Debian repacks it without Windows binaries only, so
upstream dlib's ``examples/`` are inside. apt's own downloader
(``apt-helper download-file``, which checks the SHA-256) fetches it from the
machine's configured Debian mirror into ``tests/.cache/`` (git-ignored).

What is really inside, and what is used:

- ``examples/johns/``: 5 people (John Salley, John Savage, John Schneider,
  John Shimkus, John Simm), 11 photos each (Shimkus has one twice, under two
  names: kept once): 150×150 crops of web photos, already aligned the way dlib
  aligns a face. They are probably drawn from the web photos dlib's own
  descriptor was trained on, which flatters it: easy pairs.
- ``examples/faces/bald_guys.jpg``: a collage of 24 web photos of 4 actors
  (Vin Diesel, Jason Statham, Dwayne Johnson, Bruce Willis), 6 each, in varied
  pose and light. The collage carries no labels: the boxes and names in
  :data:`COLLAGE` were labelled by eye, checked against dlib's own clustering
  example, which finds the same 4 groups.
- ``examples/faces/2007_*.jpg … 2009_*.jpg`` (PASCAL VOC photos) and
  ``Tom_Cruise_avp_2014_4.jpg``: unlabelled strangers, used only as extra
  impostors against the people above (:func:`strangers`).

``python -m tests.face.wild DIR`` writes these 9 people, with the others, as
DIR/<person>/ for ``kiosk face-calibrate`` (``make facecheck-report``).
"""

from __future__ import annotations

import functools
import re
import tarfile
from pathlib import Path

from tests.face.archives import Archive, cut, decode, encode_png, faces_found
from tests.face.photos import Image

ORIG = Archive(
    name="dlib_19.24+dfsg.orig.tar.bz2",
    sha256="66b4263822a2ff91a3e769e501c7d7927a13089e178c1427ec19cb0475823cf6",
    size=8_636_409,
    debian_pool_path="pool/main/d/dlib/dlib_19.24+dfsg.orig.tar.bz2",
)
ORIG_NAME = ORIG.name

JOHNS = "examples/johns/"
COLLAGE_FILE = "examples/faces/bald_guys.jpg"
STRANGER_FILES = re.compile(r"examples/faces/(20\d\d_\d+|Tom_Cruise_avp_2014_4)\.jpg$")

# The collage's faces as dlib's HOG detector boxes them (x, y, width; square), and who each is.
COLLAGE: dict[str, tuple[tuple[int, int, int], ...]] = {
    "Vin_Diesel": (
        (54, 74, 181), (532, 114, 180), (54, 373, 181), (314, 231, 125), (552, 433, 180), (18, 1260, 216),
    ),
    "Jason_Statham": (
        (328, 51, 125), (875, 128, 150), (327, 443, 150), (871, 413, 180), (62, 709, 150), (400, 830, 216),
    ),
    "Dwayne_Johnson": (
        (1437, 95, 310), (1828, 446, 105), (1655, 699, 105), (1070, 1309, 180), (1461, 1351, 126),
        (1786, 1289, 181),
    ),
    "Bruce_Willis": (
        (1050, 751, 180), (62, 991, 150), (771, 811, 180), (1107, 1074, 150), (352, 1260, 216),
        (771, 1249, 180),
    ),
}  # fmt: skip


@functools.cache
def _members() -> dict[str, bytes]:
    """The tarball's example photos, by path under the source tree, as their original bytes."""
    wanted: dict[str, bytes] = {}
    with tarfile.open(ORIG.path(), "r:bz2") as archive:
        for member in archive.getmembers():
            name = member.name.split("/", 1)[-1]
            if member.isfile() and (
                (name.startswith(JOHNS) and name.endswith(".jpg"))
                or name == COLLAGE_FILE
                or STRANGER_FILES.match(name)
            ):
                data = archive.extractfile(member)
                assert data is not None
                wanted[name] = data.read()
    return wanted


def people() -> dict[str, dict[str, bytes]]:
    """person → photo name → encoded photo: the 5 Johns (JPEGs as shipped), the 4 actors (PNG cuts)."""
    members = _members()
    out: dict[str, dict[str, bytes]] = {}
    for name, data in sorted(members.items()):
        if name.startswith(JOHNS):
            person, photo = name.removeprefix(JOHNS).split("/")
            if data not in out.get(person, {}).values():  # John Shimkus has one photo twice, by two names
                out.setdefault(person, {})[photo] = data
    collage = decode(members[COLLAGE_FILE])
    for person, boxes in COLLAGE.items():
        for index, (x, y, w) in enumerate(boxes, start=1):
            out.setdefault(person, {})[f"bald_guys_{index}.png"] = encode_png(cut(collage, x, y, w))
    return out


def strangers() -> list[tuple[str, Image]]:
    """Every face dlib's HOG detector finds (upsampled once) in the unlabelled stranger photos, cut out."""
    out = []
    for name, data in sorted(_members().items()):
        if STRANGER_FILES.match(name):
            picture = decode(data)
            for index, box in enumerate(faces_found(picture), start=1):
                out.append((f"{Path(name).stem}#{index}", cut(picture, *box)))
    return out
