"""``kiosk face-calibrate DIR [--json] [--target-fmr F]``: the face check's error rates on a hall's photos.

DIR holds one folder per person (``DIR/<person>/<photo>``), photos the people
consented to for this purpose. Every photo is searched and described as the
kiosk would, a simulated card photo is made from it, and the command prints how
many genuine pairs the configured threshold refuses (photo–photo and
card–photo), how many impostor pairs it accepts, a sweep of thresholds and the
highest threshold that keeps accepted impostors at the target (0.1 % unless
``--target-fmr`` says otherwise).

Privacy: the photos are read into memory, never copied, converted or cached;
descriptors are overwritten when the pairs are measured; only counts and
rates are printed. Nothing is written to disk.

Exit codes: 0 both rates measured; 2 the photos cannot measure them (no
faces, one person, nobody with two photos, no person folders); 1 DIR is not a
folder or an option is wrong; 3 the face models cannot be loaded.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from devices.camera.base import Image
from kiosk.config import load_config
from kiosk.face.calibration import (
    DEFAULT_TARGET_FMR,
    Calibration,
    CalibrationReport,
    PhotoProblem,
    describe_folder_problems,
    report,
    sentences,
)
from kiosk.face.checker import build_face_parts
from kiosk.face.detection import FaceFinder
from kiosk.face.models import FaceModelError
from kiosk.face.recognizers import FaceRecognizer

EXIT_MEASURED = 0
EXIT_BAD_FOLDER = 1
EXIT_NOT_MEASURABLE = 2
EXIT_NO_MODEL = 3

# Names listed in a sentence about skipped files; the rest are counted.
LISTED_NAMES = 5


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "face-calibrate",
        help="measure the face check's error rates on consented photos, one folder per person",
        description="Measure how many genuine pairs the face check refuses and how many impostor pairs "
        "it accepts, on photos in DIR/<person>/. Nothing is written to disk. "
        "Exit 0 measured, 2 the photos cannot measure both rates, 1 not a folder, 3 no face models.",
    )
    parser.add_argument(
        "folder", metavar="DIR", type=Path, help="a folder with one folder of photos per person"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object (rates as fractions)")
    parser.add_argument(
        "--target-fmr",
        type=_fraction,
        default=DEFAULT_TARGET_FMR,
        metavar="F",
        help=f"the accepted-impostor rate to suggest a threshold for (default {DEFAULT_TARGET_FMR:g})",
    )
    parser.set_defaults(handler=face_calibrate)


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError("give a fraction between 0 and 1, e.g. 0.001 for 0.1 %")
    return value


@dataclass
class FolderRun:
    """What reading DIR found, beside the measurement itself."""

    result: CalibrationReport
    problems: list[str] = field(default_factory=list)  # why a rate could not be measured
    notes: list[str] = field(default_factory=list)  # files skipped, and why


def face_calibrate(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    if not folder.is_dir():
        print(f"kiosk face-calibrate: {folder} is not a folder.", file=sys.stderr)
        return EXIT_BAD_FOLDER
    config = load_config(args.config).face_check
    try:
        finder, recognizer = build_face_parts(config)
    except FaceModelError as exc:
        print(f"kiosk face-calibrate: {exc}", file=sys.stderr)
        return EXIT_NO_MODEL
    threshold = config.threshold if config.threshold is not None else recognizer.default_threshold
    run = calibrate_folder(folder, finder, recognizer, threshold=threshold, target_fmr=args.target_fmr)
    if args.json:
        print(json.dumps(run.result.as_json()))
        for line in run.notes + run.problems:
            print(line, file=sys.stderr)
    else:
        for line in sentences(run.result) + run.notes + run.problems:
            print(line)
    return EXIT_NOT_MEASURABLE if run.problems else EXIT_MEASURED


def calibrate_folder(
    folder: Path, finder: FaceFinder, recognizer: FaceRecognizer, *, threshold: float, target_fmr: float
) -> FolderRun:
    """Measure the photos in ``folder``/<person>/; descriptors are wiped before this returns."""
    people = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    loose = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    calibration = Calibration(finder, recognizer)
    unreadable: list[str] = []
    no_face: list[str] = []
    photos = 0
    try:
        for person in people:
            for path in sorted(p for p in person.iterdir() if p.is_file() and not p.name.startswith(".")):
                image = _read_picture(path)
                problem = calibration.add(person.name, path.name, image)
                if image is not None:
                    photos += 1
                    image.fill(0)
                if problem is PhotoProblem.UNREADABLE:
                    unreadable.append(f"{person.name}/{path.name}")
                elif problem is PhotoProblem.NO_FACE:
                    no_face.append(f"{person.name}/{path.name}")
        found = calibration.people
        pairs = calibration.distances()
        card_no_face = calibration.card_no_face
    finally:
        calibration.wipe()
    result = report(
        pairs,
        recognizer=recognizer,
        threshold=threshold,
        target_fmr=target_fmr,
        people=len(found),
        photos=photos,
        unreadable=len(unreadable),
        no_face=len(no_face),
        card_no_face=card_no_face,
    )
    run = FolderRun(result)
    if not people:
        run.problems.append(
            f"{folder} holds no folders: put each person's photos in a folder of their own "
            f"({folder}/<person>/<photo>)."
        )
    elif photos == 0:
        run.problems.append(f"No file under {folder}'s folders is a picture: nothing can be measured.")
    else:
        run.problems.extend(describe_folder_problems(found, result.genuine_pairs))
    if loose:
        run.notes.append(
            f"Skipped, directly in {folder} (photos go in one folder per person): "
            f"{_count(loose, 'file')} ({_names(loose)})."
        )
    if unreadable:
        run.notes.append(f"Skipped, not a picture: {_count(unreadable, 'file')} ({_names(unreadable)}).")
    if no_face:
        run.notes.append(f"No usable face: {_count(no_face, 'photo')} ({_names(no_face)}).")
    return run


def _read_picture(path: Path) -> Image | None:
    """The picture in ``path`` (BGR), decoded in memory; None when it is not one or cannot be read."""
    try:
        data = bytearray(path.stat().st_size)
        with path.open("rb") as file:
            file.readinto(data)
    except OSError:
        return None
    try:
        decoded = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR) if data else None
    finally:
        data[:] = bytes(len(data))  # the file's bytes are a photo of a person too
    if decoded is None:
        return None
    return np.asarray(decoded, dtype=np.uint8)


def _count(names: list[str], noun: str) -> str:
    return f"1 {noun}" if len(names) == 1 else f"{len(names)} {noun}s"


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:LISTED_NAMES])
    return shown + (f" and {len(names) - LISTED_NAMES} more" if len(names) > LISTED_NAMES else "")
