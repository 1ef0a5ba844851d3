"""``kiosk run`` on real display servers, each window checked to cover its whole screen: X11 (Xvfb)
with and without a window manager, Wayland under weston's headless backend with its kiosk shell (one
full-screen application, as cage gives the kiosk session) and its desktop shell. The set-up must
have installed every library the Qt platform plugins load: checked with ``ldd``, not by hand.

(cage itself refuses to run as root, and the venv's Python is not readable by another user here:
the kiosk session under cage is run by the package's test, as the civic-kiosk user.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import PySide6
import pytest

QT = Path(PySide6.__file__).parent / "Qt"
KIOSK = str(Path(sys.executable).parent / "kiosk")
UPRIGHT = (1080, 1920)  # a 立式 32" panel
DESK = (1920, 1080)

# The plugins a kiosk loads: its platforms (X11, Wayland, eglfs/linuxfb on a bare panel, offscreen for
# the demo) and what those load in turn (Wayland's shells, X11's GL, eglfs' device integrations but
# KMS on GBM, which the PyPI wheel does not ship: see docs/ui.md, Display servers).
PLUGINS = (
    "platforms/libqxcb.so",
    "platforms/libqwayland.so",
    "platforms/libqeglfs.so",
    "platforms/libqlinuxfb.so",
    "platforms/libqoffscreen.so",
    "wayland-shell-integration/libxdg-shell.so",
    "wayland-shell-integration/libfullscreen-shell-v1.so",
    "xcbglintegrations/libqxcb-glx-integration.so",
    "xcbglintegrations/libqxcb-egl-integration.so",
    "egldeviceintegrations/libqeglfs-x11-integration.so",
)


@pytest.mark.parametrize("plugin", PLUGINS)
def test_every_library_a_platform_plugin_loads_is_installed(plugin: str) -> None:
    path = QT / "plugins" / plugin
    assert path.exists(), f"{plugin} is not in this PySide6"
    listed = subprocess.run(
        ["ldd", str(path)], capture_output=True, text=True, check=True,
        env={**os.environ, "LD_LIBRARY_PATH": str(QT / "lib")},
    )  # fmt: skip
    missing = sorted({line.split()[0] for line in listed.stdout.splitlines() if "not found" in line})
    assert missing == [], (
        f"{plugin} needs {missing}: add their Debian packages to packaging/setup/system-packages.sh"
    )


def _config(tmp_path: Path, size: tuple[int, int]) -> Path:
    width, height = size
    diagonal = 32.0 if height > width else 21.5
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f"[kiosk.panel]\nwidth_px = {width}\nheight_px = {height}\ndiagonal_inch = {diagonal}\n",
        encoding="utf-8",
    )
    return config


def _run_kiosk(tmp_path: Path, size: tuple[int, int], **env: str) -> str:
    done = subprocess.run(
        [KIOSK, "--config", str(_config(tmp_path, size)), "run", "--quit-when-ready"],
        env={**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "data"), **env},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    match = re.search(r"^window (\S+) on screen (\S+) \((\w+)\)$", done.stdout, re.MULTILINE)
    assert match, done.stdout
    return match.group(0)


def _covers(report: str, size: tuple[int, int], platform: str) -> None:
    screen = f"{size[0]}x{size[1]}+0+0"
    assert report == f"window {screen} on screen {screen} ({platform})"


def _free_display() -> int:
    for number in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise AssertionError("no free X display number")


def _wait_for(path: Path, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if path.exists():
            return
        assert process.poll() is None, f"the display server stopped ({process.returncode})"
        time.sleep(0.05)
    raise AssertionError(f"{path} never appeared")


@pytest.fixture
def xvfb(request: pytest.FixtureRequest) -> Iterator[tuple[str, tuple[int, int]]]:
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is missing: packaging/setup/system-packages.sh installs it (package xvfb)")
    size: tuple[int, int] = request.param
    number = _free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for(Path(f"/tmp/.X11-unix/X{number}"), server)
        yield f":{number}", size
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.parametrize("xvfb", [DESK, UPRIGHT], indirect=True, ids=["desk", "upright"])
def test_under_x11_without_a_window_manager_the_window_fills_the_screen(
    xvfb: tuple[str, tuple[int, int]], tmp_path: Path
) -> None:
    display, size = xvfb
    report = _run_kiosk(tmp_path, size, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    _covers(report, size, "xcb")


@pytest.mark.parametrize("xvfb", [DESK], indirect=True, ids=["desk"])
def test_under_x11_with_a_window_manager_the_window_fills_the_screen(
    xvfb: tuple[str, tuple[int, int]], tmp_path: Path
) -> None:
    if shutil.which("openbox") is None:
        pytest.fail("openbox is missing: packaging/setup/system-packages.sh installs it")
    display, size = xvfb
    manager = subprocess.Popen(
        ["openbox", "--sm-disable"], env={**os.environ, "DISPLAY": display},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(0.5)  # openbox takes the screen's root window
        assert manager.poll() is None, "openbox did not start"
        report = _run_kiosk(tmp_path, size, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    finally:
        manager.terminate()
        manager.wait(10)
    _covers(report, size, "xcb")


@pytest.fixture
def weston(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[dict[str, str], tuple[int, int]]]:
    if shutil.which("weston") is None:
        pytest.fail("weston is missing: packaging/setup/system-packages.sh installs it")
    shell, size = request.param
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    server = subprocess.Popen(
        ["weston", "--backend=headless-backend.so", f"--shell={shell}", "--socket=kiosk-test",
         f"--width={size[0]}", f"--height={size[1]}", "--idle-time=0"],
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for(runtime / "kiosk-test", server)
        yield {"XDG_RUNTIME_DIR": str(runtime), "WAYLAND_DISPLAY": "kiosk-test"}, size
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.parametrize(
    "weston",
    [("kiosk-shell.so", UPRIGHT), ("kiosk-shell.so", DESK), ("desktop-shell.so", DESK)],
    indirect=True,
    ids=["kiosk-shell-upright", "kiosk-shell-desk", "desktop-shell-desk"],
)
def test_under_wayland_the_window_fills_the_screen(
    weston: tuple[dict[str, str], tuple[int, int]], tmp_path: Path
) -> None:
    env, size = weston
    report = _run_kiosk(tmp_path, size, QT_QPA_PLATFORM="wayland", **env)
    _covers(report, size, "wayland")
