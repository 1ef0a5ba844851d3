"""``kiosk demo``: every journey played by a scripted citizen against the mock devices."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from kiosk.config import KioskConfig, load_config
from kiosk.panels import PanelName, panel_named

DEFAULT_OUT = Path("build/demo")
EXIT_USAGE = 2  # --out names a folder the demo may not write into


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo", help="play every journey with mock devices and write what it showed"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"where to write it: a new or empty folder, or one the demo made (default {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--headless", action="store_true", help="the state machine only: a transcript, no screenshots"
    )
    parser.add_argument(
        "--panel",
        action="append",
        choices=[name.value for name in PanelName],
        metavar="NAME",
        help="lay the screens out on this catalogue panel (default: the configuration's [kiosk.panel]); "
        "given more than once, each panel in a folder of its own under --out, with a sheet of them all",
    )
    parser.add_argument(
        "--ship",
        action="store_true",
        help="send the demo's records to the central service in [sync] (`make central` starts one)",
    )
    parser.set_defaults(handler=demo)


def demo(args: argparse.Namespace) -> int:
    from kiosk.demo import WORK, OutDirError, claim_out_dir, play_all

    config = load_config(args.config)
    panels: list[str] = args.panel or []
    if len(panels) == 1:
        config = replace(config, kiosk=replace(config.kiosk, panel=panel_named(panels[0])))
    out: Path = args.out
    try:
        claim_out_dir(out)
    except OutDirError as refusal:
        print(f"{refusal} Nothing was written; choose another --out.", file=sys.stderr)
        return EXIT_USAGE
    started = time.monotonic()
    if len(panels) > 1:
        return _each_panel(args, panels, out)
    if not args.headless and _ui_available():
        from ui.demo import play_demo

        code: int = play_demo(config, out)
    else:
        results = play_all(config, out)
        unexpected = [r for r in results if not r.as_expected]
        code = 1 if unexpected else 0
        print(f"{len(results)} journeys played, {len(unexpected)} ended unexpectedly.")
    if args.ship:
        code = _ship(config, out / WORK) or code
    shutil.rmtree(out / WORK, ignore_errors=True)
    print(f"The demo's output is in {out.resolve()} ({time.monotonic() - started:.1f} s).")
    for name in ("index.html", "transcript.txt"):
        if (out / name).exists():
            print(f"  open {(out / name).resolve()}")
    return code


def _each_panel(args: argparse.Namespace, panels: list[str], out: Path) -> int:
    """One demo per panel, each in a process of its own (a device-pixel ratio is emulated by scaling
    the whole app, which is set before Qt starts), then a sheet linking them."""
    code = 0
    for name in dict.fromkeys(panels):
        command = [sys.executable, "-m", "kiosk", "demo", "--panel", name, "--out", str(out / name)]
        if args.config is not None:
            command[3:3] = ["--config", str(args.config)]
        if args.headless:
            command.append("--headless")
        print(f"--- {name}", flush=True)
        code = subprocess.run(command, check=False).returncode or code
    if not args.headless and _ui_available():
        from ui.demo_sheet import write_panels_sheet

        write_panels_sheet(out, list(dict.fromkeys(panels)))
        print(f"  open {(out / 'index.html').resolve()}")
    return code


def _ui_available() -> bool:
    if os.environ.get("KIOSK_DEMO_HEADLESS"):
        return False
    try:
        import ui.demo  # noqa: F401
    except ImportError:
        return False
    return True


def _ship(config: KioskConfig, work: Path) -> int:
    """Send what the demo's kiosk wrote (its database is in the work folder) to the centre."""
    from kiosk.clock import SystemClock
    from kiosk.storage.db import make_engine
    from kiosk.sync.shipper import Sent, Shipper

    if not config.sync.enabled:
        print("--ship: [sync] is off in this configuration; nothing was sent.", file=sys.stderr)
        return 1
    demo = replace(config, data_dir=work, storage=replace(config.storage, url=None))
    engine = make_engine(demo.database_url())
    with Shipper(demo, engine, SystemClock()) as shipper:
        shipper.beat()
        result = shipper.drain()
    engine.dispose()
    if result.sent is Sent.FAILED:
        print(f"--ship: sent {result.rows} records, then: {result.error}", file=sys.stderr)
        return 1
    print(f"Sent {result.rows} records to {config.sync.url}.")
    return 0
