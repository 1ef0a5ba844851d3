"""``kiosk run``: the touchscreen app. The one place the core reaches into ``ui`` (lazily)."""

from __future__ import annotations

import argparse
import gc

from kiosk.config import load_config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("run", help="start the kiosk window")
    parser.add_argument(
        "--quit-when-ready",
        action="store_true",
        help="exit as soon as the kiosk is ready (smoke test)",
    )
    parser.add_argument(
        "--windowed", action="store_true", help="a normal window instead of full screen (development)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)  # refuses invalid config before any window
    from kiosk.recent_log import install
    from ui.app import run_kiosk

    install()  # log lines to the journal; the latest problems to the diagnostics screen

    code: int = run_kiosk(config, quit_when_ready=args.quit_when_ready, windowed=args.windowed)
    # The kiosk has closed its devices, database and window; the process ends with this command.
    # Python's teardown would spend ~0.3 s collecting the garbage of every module loaded, memory
    # the system takes back anyway: leave what is alive now out of that last collection.
    gc.freeze()
    return code
