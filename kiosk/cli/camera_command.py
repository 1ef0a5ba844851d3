"""``kiosk camera-test [--device N|PATH] [--seconds S]``: frames per second, and whether they freeze.

For technicians checking the camera in place. It reads frames the way the face
check does, through the OpenCV camera adapter and its frozen-frame watchdog, and
keeps nothing: no frame is shown, saved or logged.

Exit codes: 0 frames came and never froze, 2 frames froze or none came, 3 the
camera could not be opened, 1 a wrong option.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass

from devices.camera.base import Camera, CameraStatus, Frame
from kiosk.composition.adapters import open_camera
from kiosk.config import CameraConfig, ConfigError, load_config
from kiosk.config_check import validate_section
from kiosk.device_specs import OpenCvSpec

EXIT_STEADY = 0
EXIT_FROZE = 2
EXIT_NO_DEVICE = 3

DEFAULT_SECONDS = 10.0


@dataclass
class CameraTestReport:
    source: str
    seconds: float
    frames: int
    frames_per_second: float
    width: int | None
    height: int | None
    freezes: int  # separate spells with no new picture for frozen_after seconds
    frozen_seconds: float
    opened: bool

    @property
    def exit_code(self) -> int:
        if not self.opened:
            return EXIT_NO_DEVICE
        if self.freezes or self.frames == 0:
            return EXIT_FROZE
        return EXIT_STEADY

    def sentences(self) -> list[str]:
        if not self.opened:
            return [f"The camera {self.source} cannot be opened: check the cable and the device name."]
        size = f" of {self.width}x{self.height}" if self.width else ""
        lines = [
            f"{self.seconds:.1f} s: {self.frames} frames{size}, "
            f"{self.frames_per_second:.1f} frames per second."
        ]
        if self.frames == 0:
            lines.append("No picture came at all.")
        elif self.freezes:
            times = "once" if self.freezes == 1 else f"{self.freezes} times"
            lines.append(
                f"Frames froze {times} ({self.frozen_seconds:.1f} s in all); "
                "the camera was opened again each time."
            )
        else:
            lines.append("Frames never froze.")
        return lines


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "camera-test",
        help="read the camera for a while: frames per second, and whether frames freeze",
        description="Read the camera for a while and report frames per second and whether frames freeze. "
        "Exit 0 steady, 2 froze or no frames, 3 cannot be opened.",
    )
    parser.add_argument(
        "--device",
        metavar="N|PATH",
        default=None,
        help="camera index (0), /dev/videoN, or a video file / image sequence for testing "
        "(default: the configured camera, else 0)",
    )
    parser.add_argument(
        "--seconds", type=_positive, default=DEFAULT_SECONDS, help=f"how long (default {DEFAULT_SECONDS:g})"
    )
    parser.add_argument("--width", type=int, default=None, help="asked-for width (default: configured)")
    parser.add_argument("--height", type=int, default=None, help="asked-for height (default: configured)")
    parser.add_argument(
        "--frozen-after",
        type=_positive,
        default=None,
        metavar="SECONDS",
        help="no new picture for this long counts as frozen (default: configured)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=camera_test)


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("give more than 0 and at most 3600 seconds")
    return value


def camera_test(args: argparse.Namespace) -> int:
    configured = load_config(args.config).devices.camera
    device = args.device
    if device is None:
        named = configured.parsed_spec
        device = str(named.source) if isinstance(named, OpenCvSpec) else "0"
    spec = f"opencv:{device}"
    changes: dict[str, object] = {"spec": spec}
    if args.width is not None:
        changes["width"] = args.width
    if args.height is not None:
        changes["height"] = args.height
    if args.frozen_after is not None:
        changes["frozen_after_seconds"] = args.frozen_after
    try:
        config = validate_section(CameraConfig, asdict(configured) | changes)
    except ConfigError as exc:
        for problem in exc.problems:
            option = _OPTIONS.get(problem.key, problem.key)
            print(f"kiosk camera-test: {option}: {problem.message}", file=sys.stderr)
        return 1
    _quiet_opencv()
    camera = open_camera(config.parsed_spec, config)
    try:
        report = measure(camera, device, args.seconds)
    finally:
        camera.close()
    if args.json:
        print(json.dumps(asdict(report) | {"exit_code": report.exit_code}))
    else:
        print(f"Camera {device}: {camera.description}")
        for line in report.sentences():
            print(line)
    return report.exit_code


# the command-line option that set each setting, to name it in a problem
_OPTIONS = {
    "spec": "--device",
    "width": "--width",
    "height": "--height",
    "frozen_after_seconds": "--frozen-after",
}


def _quiet_opencv() -> None:
    # The adapter says in one sentence when the camera cannot be opened; OpenCV's own
    # warnings about the same thing would only bury the report.
    import cv2

    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)


def measure(camera: Camera, source: str, seconds: float) -> CameraTestReport:
    """Read frames for ``seconds`` and count them and the spells in which they froze."""
    started = time.monotonic()
    deadline = started + seconds
    frames = 0
    first_at = last_at = 0.0
    size: tuple[int, int] | None = None
    freezes = 0
    frozen_since: float | None = None
    frozen_seconds = 0.0
    opened = False
    while (now := time.monotonic()) < deadline:
        result = camera.read_frame(timeout=max(0.05, min(1.0, deadline - now)))
        now = time.monotonic()
        if isinstance(result, Frame):
            opened = True
            frames += 1
            first_at = first_at or result.taken_at
            last_at = result.taken_at
            size = (result.image.shape[1], result.image.shape[0])
            if frozen_since is not None:
                frozen_seconds += now - frozen_since
                frozen_since = None
            continue
        status = camera.status()
        if status is CameraStatus.FROZEN:
            opened = True
            if frozen_since is None:
                freezes += 1
                frozen_since = now
        time.sleep(0.05)  # a frozen or absent camera answers at once: do not spin
    if frozen_since is not None:
        frozen_seconds += time.monotonic() - frozen_since
    span = last_at - first_at
    fps = (frames - 1) / span if frames > 1 and span > 0 else 0.0
    return CameraTestReport(
        source=source,
        seconds=seconds,
        frames=frames,
        frames_per_second=round(fps, 2),
        width=size[0] if size else None,
        height=size[1] if size else None,
        freezes=freezes,
        frozen_seconds=round(frozen_seconds, 2),
        opened=opened,
    )
