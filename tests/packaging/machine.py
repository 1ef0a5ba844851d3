"""This machine, as the package test finds it and leaves it: its packages, users and the files the
package could leave behind; commands as root and as the kiosk's user; the previous version's
package; and node_exporter, taken from Debian's package without installing it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

USER = "civic-kiosk"
DATA = Path("/var/lib/civic-kiosk")
CONFIG = Path("/etc/civic-kiosk/kiosk.toml")
PREFIX = Path("/opt/civic-kiosk")
UNITS = Path("/lib/systemd/system")
# The kiosk's user, as systemd's User= makes it: the command itself, no session or shell in between
# (so a signal reaches it, as systemd's SIGTERM does).
SETPRIV = ["setpriv", f"--reuid={USER}", f"--regid={USER}", "--init-groups"]
APT = ["apt-get", "-y", "-q", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=600"]
NONINTERACTIVE = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
# Where the package puts files, and where what it made at run time could be left behind.
WATCHED = ["/etc", "/opt", "/var/lib", "/var/cache", "/lib/systemd", "/usr/lib/systemd",
           "/usr/lib/tmpfiles.d", "/lib/udev", "/usr/bin", "/run", "/usr/share/doc"]  # fmt: skip


def run(
    command: Sequence[str],
    *,
    check: bool = True,
    timeout: float = 900,
    text: bool = True,
    cwd: str | None = None,
) -> subprocess.CompletedProcess[Any]:
    """A command as root; its output, and with ``check`` an AssertionError quoting it on failure."""
    done = subprocess.run(
        list(command),
        capture_output=True,
        text=text,
        timeout=timeout,
        env=NONINTERACTIVE,
        cwd=cwd,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def as_kiosk_user(
    command: Sequence[str], *, env: dict[str, str] | None = None, check: bool = True, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """A command as the civic-kiosk user, as its units run it: a clean environment, from /, with
    nothing of the source checkout on its path."""
    clean = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(DATA),
        "LANG": "C.UTF-8",
        "KIOSK_CONFIG": str(CONFIG),
        **(env or {}),
    }
    wrapped = [*SETPRIV, "env", "-i", *(f"{k}={v}" for k, v in clean.items()), *command]
    return run(wrapped, check=check, timeout=timeout, cwd="/")


def snapshot() -> list[str]:
    """What the package test must leave as it found it: the installed packages (and their states),
    the users and groups, every file named after the kiosk where the package writes, and debconf's
    answers for it."""
    packages = run(["dpkg-query", "-W", "-f", "${Package} ${Version} ${db:Status-Abbrev}\n"]).stdout
    users = run(["getent", "passwd"]).stdout
    groups = run(["getent", "group"]).stdout
    found = run(
        ["find", *WATCHED, "-xdev", "(", "-iname", "*civic*", "-o", "-name", "kiosk", ")", "-print"],
        check=False,
    ).stdout
    debconf = run(["debconf-show", USER], check=False).stdout
    return sorted(
        [f"package {line}" for line in packages.splitlines()]
        + [f"user {line.split(':')[0]}" for line in users.splitlines()]
        + [f"group {line.split(':')[0]}" for line in groups.splitlines()]
        + [f"file {line}" for line in found.splitlines()]
        + [f"debconf {line}" for line in debconf.splitlines()]
    )


def installed_version() -> str | None:
    done = run(["dpkg-query", "-W", "-f", "${db:Status-Abbrev} ${Version}", USER], check=False)
    status, version = done.stdout[:3], done.stdout[3:].strip()  # the status is three letters: "ii "
    return version if done.returncode == 0 and status.startswith("ii") else None


def force_clean() -> None:
    """Whatever a failed test left: the package purged, its data, user and debconf answers gone."""
    run(["sh", "-c", "echo 'civic-kiosk civic-kiosk/purge_data boolean true' | debconf-set-selections"],
        check=False)  # fmt: skip
    run(["dpkg", "--purge", "--force-all", USER], check=False)
    shutil.rmtree(DATA, ignore_errors=True)
    run(["deluser", "--system", USER], check=False)
    run(["delgroup", "--system", USER], check=False)
    run(["sh", "-c", "echo PURGE | debconf-communicate civic-kiosk"], check=False)


def with_version(deb: Path, version: str, out: Path) -> Path:
    """The same package under another version: its control file rewritten, its data member copied
    byte for byte (a .deb is an ar archive: debian-binary, control.tar.*, data.tar.*)."""
    members = _ar_members(deb.read_bytes())
    control = run(["dpkg-deb", "--ctrl-tarfile", str(deb)], text=False).stdout
    rewritten = io.BytesIO()
    with (
        tarfile.open(fileobj=io.BytesIO(control)) as source,
        tarfile.open(fileobj=rewritten, mode="w:gz") as copy,
    ):
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None  # type: ignore[union-attr]
            if member.name in ("./control", "control") and data is not None:
                lines = [
                    f"Version: {version}" if line.startswith("Version: ") else line
                    for line in data.decode().splitlines()
                ]
                data = ("\n".join(lines) + "\n").encode()
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data) if data is not None else None)
    (data_name,) = [name for name in members if name.startswith("data.tar")]
    target = out / f"civic-kiosk_{version}_{deb.name.rsplit('_', 1)[1]}"
    target.write_bytes(
        _ar(
            [
                ("debian-binary", members["debian-binary"]),
                ("control.tar.gz", rewritten.getvalue()),
                (data_name, members[data_name]),
            ]
        )
    )
    return target


def _ar_members(archive: bytes) -> dict[str, bytes]:
    assert archive.startswith(b"!<arch>\n")
    members, offset = {}, 8
    while offset < len(archive):
        header = archive[offset : offset + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode())
        members[name] = archive[offset + 60 : offset + 60 + size]
        offset += 60 + size + (size % 2)
    return members


def _ar(members: list[tuple[str, bytes]]) -> bytes:
    out = bytearray(b"!<arch>\n")
    for name, data in members:
        out += f"{name:<16}{0:<12}{0:<6}{0:<6}{'100644':<8}{len(data):<10}`\n".encode()
        out += data + (b"\n" if len(data) % 2 else b"")
    return bytes(out)


def node_exporter(cache: Path) -> Path | None:
    """Debian's node_exporter binary, from its package unpacked into ``cache`` (apt-get download:
    installing it would add a user and a service to this machine). None when apt cannot get it."""
    binary = cache / "usr" / "bin" / "prometheus-node-exporter"
    if binary.exists():
        return binary
    cache.mkdir(parents=True, exist_ok=True)
    fetched = run(["apt-get", "download", "-q", "prometheus-node-exporter"], check=False, cwd=str(cache))
    debs = sorted(cache.glob("prometheus-node-exporter_*.deb"))
    if fetched.returncode != 0 or not debs:
        return None
    run(["dpkg-deb", "-x", str(debs[-1]), str(cache)])
    return binary if binary.exists() else None
