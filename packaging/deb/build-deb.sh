#!/usr/bin/env bash
# Builds civic-kiosk_<version>_<arch>.deb with dpkg-deb (`make deb` runs it).
#
# The package holds the kiosk in its own virtual environment at /opt/civic-kiosk, made with
# Debian's python3.11 (the civic-kiosk user must be able to read the interpreter it points to),
# with every Python dependency from PyPI at the versions `make test` tested (the development
# venv's `pip freeze` is the constraint file), so installing it needs nothing from the network
# beyond apt's own Depends.
#
# The dependencies' venv is cached under build/deb/cache, keyed by what goes into it; a build
# after a code change installs only the kiosk's own wheel into a copy of it.
#
#   packaging/deb/build-deb.sh [--version VERSION] [--out DIR]
#
# The venv is built under the staging directory and moved to /opt/civic-kiosk by dpkg, so every
# path the venv wrote (script shebangs, activate) is rewritten to /opt/civic-kiosk here, and the
# build fails if any staging path is left in a text file.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

PYTHON=${PYTHON:-.venv/bin/python}    # the development venv: its pip builds, its freeze pins
TARGET_PYTHON=/usr/bin/python3.11     # what the package's venv runs on (Depends: python3.11)
PREFIX=/opt/civic-kiosk
out=build/deb
version=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --version) version=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "build-deb.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -n $version ]] || version=$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(dpkg --print-architecture)
out=$(mkdir -p "$out" && cd "$out" && pwd)
deb="$out/civic-kiosk_${version}_${arch}.deb"
started=$SECONDS

step() { printf '[deb %3ds] %s\n' $((SECONDS - started)) "$*"; }

# -- the kiosk's own wheel (the .qm translations are package data: make builds them first) --------
step "wheel"
shopt -s nullglob
qm=(kiosk/assets/i18n/*.qm)
[[ ${#qm[@]} -gt 0 ]] || { echo "build-deb.sh: no compiled translations (run make first)" >&2; exit 1; }
rm -rf "$out/wheel" build/lib build/bdist.*  # setuptools would pack stale files left in them
"$PYTHON" -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir "$out/wheel" .
wheel=("$out"/wheel/civic_kiosk-*.whl)

# -- the dependencies' venv, cached ---------------------------------------------------------------
"$PYTHON" -m pip freeze --exclude-editable | grep -v '^civic-kiosk' > "$out/constraints.txt"
key=$( { "$TARGET_PYTHON" -VV; cat "$out/constraints.txt"; \
         "$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"])'; \
         sha256sum "$0"; } | sha256sum | cut -c1-16)
cache="$out/cache/venv-$key"
# Byte-compiled here, with the installed paths in tracebacks, and never checked against the sources'
# times: dpkg owns both, and /opt is read-only to the kiosk.
compile() {  # compile <staging root> <dir...>: fails on a file that does not compile
  local strip=$1; shift
  "$TARGET_PYTHON" -m compileall -q -j0 --invalidation-mode unchecked-hash -s "$strip" -p / "$@"
}
relocate() {  # relocate <staging root>: every path the venv wrote under it becomes /opt/civic-kiosk
  grep -rlIF "$1$PREFIX" "$1$PREFIX" | xargs -r sed -i "s|$1$PREFIX|$PREFIX|g"
  if left=$(grep -rlIF "$1" "$1$PREFIX"); then
    echo "build-deb.sh: staging paths left in: $left" >&2
    exit 1
  fi
}
if [[ ! -d $cache ]]; then
  step "dependencies' venv (once per dependency set: minutes)"
  rm -rf "$out/cache" && mkdir -p "$cache.tmp"
  "$TARGET_PYTHON" -m venv --without-pip "$cache.tmp$PREFIX"
  # pip runs from the development venv against the target interpreter: the package ships no pip
  "$PYTHON" -m pip --python "$cache.tmp$PREFIX/bin/python" install --quiet --no-compile \
    --constraint "$out/constraints.txt" "${wheel[0]}"
  "$PYTHON" -m pip --python "$cache.tmp$PREFIX/bin/python" uninstall --quiet --yes civic-kiosk
  relocate "$cache.tmp"
  # A dependency may ship templates named .py that are no Python (PySide6's deploy recipes): they
  # stay uncompiled, as Debian's py3compile leaves them; the kiosk's own code must compile.
  compile "$cache.tmp" "$cache.tmp$PREFIX/lib" | grep -v '^\*\*\*\|^  \|^SyntaxError' || true
  mv "$cache.tmp" "$cache"
fi

# -- the staging tree: the cached venv (hard links: nothing in it is written again) and the kiosk --
step "staging tree"
stage="$out/stage"
rm -rf "$stage"
mkdir -p "$stage/opt"
cp -al "$cache$PREFIX" "$stage/opt/"
"$PYTHON" -m pip --python "$stage$PREFIX/bin/python" install --quiet --no-compile --no-deps "${wheel[0]}"
relocate "$stage"
site=("$stage$PREFIX"/lib/python3.*/site-packages)
compile "$stage" "$site/kiosk" "$site/devices" "$site/ui"

install -d "$stage/usr/bin"
ln -s "$PREFIX/bin/kiosk" "$stage/usr/bin/kiosk"
install -D -m 0644 packaging/deb/kiosk.toml "$stage/etc/civic-kiosk/kiosk.toml"
for unit in packaging/systemd/*.service packaging/systemd/*.timer; do
  install -D -m 0644 "$unit" "$stage/lib/systemd/system/$(basename "$unit")"
done
install -D -m 0644 packaging/udev/70-civic-kiosk.rules "$stage/lib/udev/rules.d/70-civic-kiosk.rules"
install -D -m 0644 packaging/deb/tmpfiles.conf "$stage/usr/lib/tmpfiles.d/civic-kiosk.conf"
# node_exporter's textfile collector reads its directory: the files themselves live in /run
install -d "$stage/var/lib/prometheus/node-exporter"
for prom in civic-kiosk.prom civic-kiosk-app.prom; do
  ln -s "/run/civic-kiosk/$prom" "$stage/var/lib/prometheus/node-exporter/$prom"
done
install -D -m 0644 packaging/README.md "$stage/usr/share/doc/civic-kiosk/README.packaging.md"
install -D -m 0644 docs/operations.md "$stage/usr/share/doc/civic-kiosk/operations.md"

# -- control ----------------------------------------------------------------------------------------
step "control"
install -d "$stage/DEBIAN"
# The units enabled on install: those with an [Install] section (the prune service is the timer's).
units=$(grep -l '^\[Install\]' packaging/systemd/*.service packaging/systemd/*.timer | xargs -n1 basename | xargs)
for script in postinst prerm postrm config; do
  sed "s/@UNITS@/$units/" "packaging/deb/$script" > "$stage/DEBIAN/$script"
  chmod 0755 "$stage/DEBIAN/$script"
done
install -m 0644 packaging/deb/templates "$stage/DEBIAN/templates"
install -m 0644 packaging/deb/conffiles "$stage/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" packaging/deb/control.in \
  > "$stage/DEBIAN/control"
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
  > "$stage/DEBIAN/md5sums"

# -- the package ------------------------------------------------------------------------------------
# zstd: dpkg reads it since Debian 12, and it packs the ~700 MB venv several times faster than xz.
step "dpkg-deb"
rm -f "$deb"
dpkg-deb --root-owner-group -Zzstd -z6 --build "$stage" "$deb" >/dev/null
step "$(basename "$deb"): $(du -h "$deb" | cut -f1) ($((size / 1024)) MB installed)"
echo "$deb"
