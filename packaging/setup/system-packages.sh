#!/usr/bin/env bash
# Makes sure the Debian packages the kiosk and its tests need are installed.
# As root it installs what is missing; otherwise it prints the exact command
# to run and stops. Quiet and quick when everything is there.
set -euo pipefail

packages=(
  # fonts: Noto CJK covers 䶮 (Ext. A) and 𠮷 (Ext. B); WenQuanYi does not
  fonts-noto-cjk
  # The Debian package (make deb, make test-deb): everything its Depends names is installed here
  # first, so installing and purging it in the test leaves the machine's package set as it found it.
  # Debian's python3.11 runs its venv; cage + Xwayland run the kiosk session; Qt's wayland and xcb
  # platform plugins need the libraries after them (checked with ldd).
  python3.11 adduser debconf init-system-helpers systemd util-linux cage xwayland alsa-utils
  libfreetype6 libwayland-client0 libwayland-cursor0 libwayland-egl1 libxkbcommon-x11-0 libx11-xcb1
  libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
  # Qt's platform plugins and their libraries
  # the display servers the tests start `kiosk run` under (tests/ui/test_display_servers.py):
  # X11 without and with a window manager, Wayland headless (weston's kiosk and desktop shells)
  xvfb openbox weston
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 libxcb-cursor0
  # voice
  espeak-ng
  # pyscard builds against PC/SC lite; its tests use a real pcscd and the vpcd virtual reader
  libpcsclite1 libpcsclite-dev pcscd vsmartcard-vpcd
  # A4 printing through a real CUPS with a PDF queue
  cups cups-client cups-ipp-utils printer-driver-cups-pdf
  # pdffonts / pdftoppm to check the PDFs the kiosk renders
  poppler-utils
  # ZBar, the second QR decoder beside OpenCV (pyzbar loads it): kiosk verify --pdf and the QR tests
  libzbar0
  # USB receipt printers through pyusb
  libusb-1.0-0
  # the central service's tests and `make central` start a private PostgreSQL (never the kiosk itself)
  postgresql-15
  # the console's browser tests and `kiosk-central demo`'s screenshots: headless Chromium and its driver
  chromium chromium-driver
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts daemons on install where it can; the kiosk's tests start their own.
  exit 0
fi

cat >&2 <<MSG
These Debian packages are missing: ${missing[*]}
Install them (as root) and run make again:

  sudo apt-get install -y ${missing[*]}

MSG
exit 1
