"""Calibrating the face check on a hall's own photos: genuine and impostor pairs, error rates, a sweep.

Each photo is searched and described the way the kiosk treats a reference
picture (:meth:`FaceFinder.find_reference`, :meth:`FaceRecognizer.describe_reference`)
and, as the live face it is compared with, the way the kiosk describes a
camera's face (:meth:`FaceRecognizer.describe`). A simulated ID-card photo
(102×126, JPEG quality 60) is made from each photo and described as a
reference too. Then:

- genuine pairs: a photo (as the reference) against every *other* photo of
  the same person (as the live face); card–photo genuine pairs: a card made
  from one photo against every other photo of the person (never its own
  source: that would measure JPEG damage, not recognition);
- impostor pairs: a photo or a card against every photo of someone else.

Privacy: photos and descriptors live in memory only. :meth:`Calibration.wipe`
overwrites the descriptors; only distances (plain numbers, not biometric
templates) outlive it.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from devices.camera.base import Image
from kiosk.face.detection import FaceFinder, u8
from kiosk.face.landmarks import Box
from kiosk.face.recognizers import Descriptor, FaceRecognizer, forget

# The card photo of a second-generation resident ID card: 102×126 pixels,
# stored heavily compressed (the chip's space is small).
CARD_SIZE = (102, 126)
CARD_JPEG_QUALITY = 60
# The card shows head and shoulders: its width is this many face widths, the
# face's centre at this fraction of its height from the top.
CARD_FACE_WIDTHS = 1.7
CARD_FACE_CENTRE = 0.45

DEFAULT_TARGET_FMR = 0.001
# The sweep runs this far either side of the recognizer's default, in these steps.
SWEEP_SPAN = 0.15
SWEEP_STEP = 0.025
# "Rule of three": with n impostor pairs and none accepted, the 95 % upper bound
# on the FMR is about 3/n; fewer pairs than 3/target cannot show the target.
RULE_OF_THREE = 3.0

Distances = npt.NDArray[np.float64]


class PhotoProblem(enum.StrEnum):
    UNREADABLE = "unreadable"  # not a picture
    NO_FACE = "no_face"  # no usable face, as the kiosk would search a reference


def simulated_card(picture: Image, box: Box) -> Image:
    """A simulated ID-card photo of the face in ``box``: head and shoulders, 102×126, JPEG quality 60.

    Where the crop runs past the picture's edge (a tightly cropped photo), the
    edge is repeated so the face keeps its proportions.
    """
    x, y, w, h = box
    cx, cy = x + w / 2, y + h / 2
    crop_w = w * CARD_FACE_WIDTHS
    crop_h = crop_w * CARD_SIZE[1] / CARD_SIZE[0]
    x0, y0 = int(cx - crop_w / 2), int(cy - crop_h * CARD_FACE_CENTRE)
    x1, y1 = int(cx + crop_w / 2), int(y0 + crop_h)
    height, width = picture.shape[:2]
    pad = max(0, -x0, -y0, x1 - width, y1 - height)
    padded = picture
    if pad:
        padded = u8(cv2.copyMakeBorder(picture, pad, pad, pad, pad, cv2.BORDER_REPLICATE))
    crop = padded[y0 + pad : y1 + pad, x0 + pad : x1 + pad]
    small = cv2.resize(crop, CARD_SIZE, interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, CARD_JPEG_QUALITY])
    if not ok:  # pragma: no cover - OpenCV always encodes an 8-bit BGR picture
        raise RuntimeError("OpenCV could not encode the simulated card photo")
    return u8(cv2.imdecode(encoded, cv2.IMREAD_COLOR))


@dataclass(slots=True)
class _Described:
    person: str
    photo: str
    live: Descriptor  # as the kiosk describes the face at the camera
    reference: Descriptor  # as it describes a reference picture
    card: Descriptor | None  # the simulated card photo, as a reference; None: no face found in it


@dataclass(frozen=True, slots=True)
class PairDistances:
    """Distances only (never descriptors), by kind of pair."""

    genuine: Distances  # photo against another photo of the same person
    card_genuine: Distances  # card photo against another photo of the same person
    impostor: Distances  # photo or card photo against a photo of someone else


class Calibration:
    """Photos in, pair distances out; descriptors are held only until :meth:`wipe`."""

    def __init__(self, finder: FaceFinder, recognizer: FaceRecognizer) -> None:
        self.finder = finder
        self.recognizer = recognizer
        self._described: list[_Described] = []
        self.card_no_face = 0

    @property
    def people(self) -> list[str]:
        return sorted({d.person for d in self._described})

    @property
    def described(self) -> int:
        return len(self._described)

    def add(self, person: str, photo: str, image: Image | None) -> PhotoProblem | None:
        """Describe one photo of ``person``; None when it gave a usable face."""
        if image is None or image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
            return PhotoProblem.UNREADABLE
        searched, face = self.finder.find_reference(image)
        if face is None:
            return PhotoProblem.NO_FACE
        live = self.recognizer.describe(searched, face)
        reference = self.recognizer.describe_reference(searched, face)
        card = simulated_card(searched, face.box)
        card_searched, card_face = self.finder.find_reference(card)
        card_descriptor = None
        if card_face is None:
            self.card_no_face += 1
        else:
            card_descriptor = self.recognizer.describe_reference(card_searched, card_face)
        card.fill(0)
        self._described.append(_Described(person, photo, live, reference, card_descriptor))
        return None

    def distances(self, people: Collection[str] | None = None) -> PairDistances:
        """Every pair among the photos (of ``people`` only, when given)."""
        genuine: list[float] = []
        card_genuine: list[float] = []
        impostor: list[float] = []
        distance = self.recognizer.distance
        chosen = [d for d in self._described if people is None or d.person in people]
        for ref in chosen:
            for probe in chosen:
                if probe is ref:
                    continue
                same = probe.person == ref.person
                (genuine if same else impostor).append(distance(ref.reference, probe.live))
                if ref.card is not None:
                    (card_genuine if same else impostor).append(distance(ref.card, probe.live))
        return PairDistances(_array(genuine), _array(card_genuine), _array(impostor))

    def impostors_against(self, strangers: Sequence[Descriptor]) -> Distances:
        """Every photo and card (as the reference) against live faces of people known to be none of these."""
        distance = self.recognizer.distance
        out = [
            distance(reference, stranger)
            for d in self._described
            for reference in (d.reference, d.card)
            if reference is not None
            for stranger in strangers
        ]
        return _array(out)

    def wipe(self) -> None:
        for d in self._described:
            forget(d.live)
            forget(d.reference)
            forget(d.card)
        self._described.clear()


def _array(values: list[float]) -> Distances:
    return np.asarray(values, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class SweepPoint:
    threshold: float
    fnmr: float | None
    card_fnmr: float | None
    fmr: float | None


@dataclass(frozen=True, slots=True)
class CalibrationReport:
    """What ``kiosk face-calibrate`` prints. Rates are fractions; None where there was no pair to count."""

    recognizer: str
    threshold: float
    target_fmr: float
    people: int  # people with at least one usable face
    photos: int  # files that are pictures
    unreadable: int
    no_face: int
    card_no_face: int  # usable photos whose simulated card photo showed no face
    genuine_pairs: int
    card_genuine_pairs: int
    impostor_pairs: int
    false_non_matches: int
    card_false_non_matches: int
    false_matches: int
    sweep: tuple[SweepPoint, ...] = field(default=())
    suggested_threshold: float | None = None

    @property
    def fnmr(self) -> float | None:
        return _fraction(self.false_non_matches, self.genuine_pairs)

    @property
    def card_fnmr(self) -> float | None:
        return _fraction(self.card_false_non_matches, self.card_genuine_pairs)

    @property
    def fmr(self) -> float | None:
        return _fraction(self.false_matches, self.impostor_pairs)

    @property
    def impostor_pairs_needed(self) -> int:
        """Impostor pairs needed, none accepted, to show an FMR at the target (95 % confidence)."""
        return math.ceil(RULE_OF_THREE / self.target_fmr)

    def as_json(self) -> dict[str, Any]:
        return {
            "recognizer": self.recognizer,
            "threshold": self.threshold,
            "photos": self.photos,
            "no_face": self.no_face,
            "genuine_pairs": self.genuine_pairs,
            "impostor_pairs": self.impostor_pairs,
            "fnmr": self.fnmr,
            "fmr": self.fmr,
            "card_fnmr": self.card_fnmr,
            "sweep": [
                {"threshold": p.threshold, "fnmr": p.fnmr, "fmr": p.fmr, "card_fnmr": p.card_fnmr}
                for p in self.sweep
            ],
            "suggested_threshold": self.suggested_threshold,
            # Beyond the keys: the counts behind the rates.
            "target_fmr": self.target_fmr,
            "people": self.people,
            "unreadable": self.unreadable,
            "card_no_face": self.card_no_face,
            "card_genuine_pairs": self.card_genuine_pairs,
            "impostor_pairs_needed": self.impostor_pairs_needed,
        }


def _fraction(errors: int, total: int) -> float | None:
    return errors / total if total else None


def sweep_thresholds(default: float) -> tuple[float, ...]:
    steps = round(SWEEP_SPAN / SWEEP_STEP)
    return tuple(round(default + i * SWEEP_STEP, 4) for i in range(-steps, steps + 1))


def suggested_threshold(impostor: Distances, target_fmr: float) -> float | None:
    """The highest threshold (to 0.001) at which at most ``target_fmr`` of the impostor pairs match.

    None without impostor pairs. With fewer than 1/target pairs this is just
    under the closest impostor: the data cannot show the target itself.
    """
    if impostor.size == 0:
        return None
    allowed = math.floor(target_fmr * impostor.size)
    if allowed >= impostor.size:
        return None
    closest = float(np.partition(impostor, allowed)[allowed])
    # Strictly under the first impostor that must not match (a pair at the threshold matches).
    return (math.ceil(closest * 1000) - 1) / 1000


def report(
    pairs: PairDistances,
    *,
    recognizer: FaceRecognizer,
    threshold: float,
    target_fmr: float,
    people: int,
    photos: int,
    unreadable: int,
    no_face: int,
    card_no_face: int,
) -> CalibrationReport:
    def point(t: float) -> SweepPoint:
        return SweepPoint(
            t,
            _fraction(int(np.sum(pairs.genuine > t)), pairs.genuine.size),
            _fraction(int(np.sum(pairs.card_genuine > t)), pairs.card_genuine.size),
            _fraction(int(np.sum(pairs.impostor <= t)), pairs.impostor.size),
        )

    return CalibrationReport(
        recognizer=recognizer.name,
        threshold=threshold,
        target_fmr=target_fmr,
        people=people,
        photos=photos,
        unreadable=unreadable,
        no_face=no_face,
        card_no_face=card_no_face,
        genuine_pairs=pairs.genuine.size,
        card_genuine_pairs=pairs.card_genuine.size,
        impostor_pairs=pairs.impostor.size,
        false_non_matches=int(np.sum(pairs.genuine > threshold)),
        card_false_non_matches=int(np.sum(pairs.card_genuine > threshold)),
        false_matches=int(np.sum(pairs.impostor <= threshold)),
        sweep=tuple(point(t) for t in sweep_thresholds(recognizer.default_threshold)),
        suggested_threshold=suggested_threshold(pairs.impostor, target_fmr),
    )


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def sentences(result: CalibrationReport) -> list[str]:
    """The report as a technician reads it."""
    lines = [
        f"Recognizer {result.recognizer}, threshold {result.threshold:.3f} (a pair matches at or under it).",
        f"{result.photos} photos of {result.people} people; {result.no_face} without a usable face"
        + (f", {result.unreadable} files not pictures" if result.unreadable else "")
        + (f"; {result.card_no_face} simulated card photos without a face." if result.card_no_face else "."),
        f"Refused, photo against photo: {percent(result.fnmr)} "
        f"({result.false_non_matches} of {result.genuine_pairs} genuine pairs).",
        f"Refused, card photo against photo: {percent(result.card_fnmr)} "
        f"({result.card_false_non_matches} of {result.card_genuine_pairs} genuine pairs).",
        f"Accepted impostors: {percent(result.fmr)} "
        f"({result.false_matches} of {result.impostor_pairs} pairs).",
        "Threshold sweep (refused photo–photo | refused card–photo | accepted impostors):",
    ]
    for p in result.sweep:
        marker = "  ← configured" if math.isclose(p.threshold, result.threshold) else ""
        rates = f"{percent(p.fnmr):>7} | {percent(p.card_fnmr):>7} | {percent(p.fmr):>7}"
        lines.append(f"  {p.threshold:.3f}: {rates}{marker}")
    if result.suggested_threshold is not None:
        lines.append(
            f"Highest threshold with at most {result.target_fmr * 100:g} % accepted impostors on these "
            f"photos: {result.suggested_threshold:.3f}."
        )
    if result.impostor_pairs < result.impostor_pairs_needed:
        lines.append(
            f"{result.impostor_pairs} impostor pairs cannot show an FMR of {result.target_fmr * 100:g} %: "
            f"that takes at least {result.impostor_pairs_needed} with none accepted. "
            "Add photos of more people before changing the threshold."
        )
    return lines


def describe_folder_problems(people: Sequence[str], genuine_pairs: int) -> list[str]:
    """Why the photos given cannot measure both rates (empty: they can)."""
    problems = []
    if not people:
        return ["No photo showed a usable face: nothing can be measured."]
    if len(people) == 1:
        problems.append(
            f"Only one person ({people[0]}) has photos with a usable face: accepted impostors "
            "cannot be measured without photos of at least two people."
        )
    if genuine_pairs == 0:
        problems.append(
            "No person has two photos with a usable face: refused genuine citizens cannot be measured."
        )
    return problems
