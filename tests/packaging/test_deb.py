"""The Debian package, proved on this machine: installed from the previous version's package, filled
with a kiosk's records, upgraded, run as its user from the installed copy (configuration check,
readiness, the headless demo, the cage session, the units' own commands, metrics scraped by a real
node_exporter), refused over a newer database, removed, purged — and the machine left as it was.

``make test-deb`` builds the package and runs this with ``CIVIC_KIOSK_DEB`` naming it; it needs root
(it installs the package) and a Debian 12 machine with the Depends already installed
(packaging/setup/system-packages.sh), so that nothing but the package comes and goes. The tests run
in order, one lifecycle; systemd is not PID 1 here, so units are checked with ``systemd-analyze
verify`` and their commands run as the units would run them, but no unit is started.

No release precedes this one: the previous version's package is this package under a lower version
(``CIVIC_KIOSK_PREVIOUS_DEB`` names a real one once there is), and its database is put back to the
first schema revision with a kiosk's records in it, as the first release would have left it.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.packaging.machine import (
    APT,
    CONFIG,
    DATA,
    PREFIX,
    SETPRIV,
    UNITS,
    USER,
    as_kiosk_user,
    force_clean,
    installed_version,
    node_exporter,
    run,
    snapshot,
    with_version,
)

DEB = os.environ.get("CIVIC_KIOSK_DEB")
pytestmark = [
    pytest.mark.skipif(not DEB, reason="make test-deb builds the package and runs this (CIVIC_KIOSK_DEB)"),
    pytest.mark.skipif(os.geteuid() != 0, reason="installing a package needs root"),
    pytest.mark.realstack,
    pytest.mark.slow,
    pytest.mark.timeout(900),  # an install unpacks 800 MB
]

# What the first release wrote (tests/core/test_migrations.py fills the same rows), put in by the
# installed kiosk's own Python, as the kiosk's user.
FIRST_RELEASE = """
from pathlib import Path
from sqlalchemy import text
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import upgrade
database = Path("/var/lib/civic-kiosk/kiosk.db")
for leftover in database.parent.glob("kiosk.db*"):
    leftover.unlink()
engine = make_engine(f"sqlite:///{database}")
upgrade(engine, "0001")
rows = [
    "INSERT INTO sessions (id, service_id, started_at, ended_at, outcome, elderly_mode, language,"
    " masked_id, id_hash) VALUES ('s1', 'credit_report', '2026-01-05 19:30:00.000000',"
    " '2026-01-05 19:33:00.000000', 'completed', 1, 'zh_CN', '6301**********123X', 'abab')",
    "INSERT INTO audit_events (event_id, session_id, type, phase, outcome, detail, at)"
    " VALUES ('e1', 's1', 'session', 'finish', 'completed', '{}', '2026-01-05 19:33:00.000000')",
    "INSERT INTO device_status_changes (device, status, at)"
    " VALUES ('receipt_printer', 'paper_near_end', '2026-01-05 19:00:00.000000')",
]
with engine.begin() as connection:
    for row in rows:
        connection.execute(text(row))
engine.dispose()
"""

KEYS = f"cd {DATA} && sha256sum identity-hash*.key keys/*"
"""The kiosk's secrets, whatever their files are called in this release."""

READ_BACK = """
import json
from kiosk.storage.db import make_engine
from kiosk.storage.migrate import current_revision
from kiosk.storage.records import Records
engine = make_engine("sqlite:////var/lib/civic-kiosk/kiosk.db")
session = Records(engine).session("s1")
print(json.dumps({"revision": current_revision(engine), "outcome": session and session.outcome,
                  "events": len(Records(engine).events("s1"))}))
"""


class Lifecycle:
    """What the tests share: the packages, the machine as found, and what was kept across steps."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.deb = Path(DEB or "").resolve()  # apt takes a file by its path only with a slash in it
        self.version = run(["dpkg-deb", "-f", str(self.deb), "Version"]).stdout.strip()
        previous = os.environ.get("CIVIC_KIOSK_PREVIOUS_DEB")
        self.previous = (
            Path(previous) if previous else with_version(self.deb, f"{self.version}~previous", work)
        )
        self.before = snapshot()
        self.kept: dict[str, str] = {}

    def install(self, deb: Path) -> subprocess.CompletedProcess[str]:
        return run([*APT, "install", str(deb)])


LOCK = Path(tempfile.gettempdir()) / "civic-kiosk-package-test.lock"  # beside the pcscd tests' lock
LOCK_WAIT_SECONDS = 600.0  # within the first test's timeout (900 s); a run takes about 3 minutes
"""Two runs of this test on one machine (two worktrees' `make test`) would install and purge the one
package under each other: they take turns."""


@pytest.fixture(scope="module")
def lifecycle() -> Iterator[Lifecycle]:
    with LOCK.open("a") as lock:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                assert time.monotonic() < deadline, f"another run held {LOCK} for {LOCK_WAIT_SECONDS:.0f} s"
                time.sleep(1)
        assert installed_version() is None, "civic-kiosk is installed already: the test would not leave it so"
        assert run(["getent", "passwd", USER], check=False).returncode != 0, "the civic-kiosk user exists"
        with tempfile.TemporaryDirectory(prefix="civic-kiosk-deb-") as work:
            state = Lifecycle(Path(work))
            try:
                yield state
            finally:
                if installed_version() is not None or DATA.exists():
                    force_clean()  # a step failed: leave the machine as found all the same


def _packages(lines: list[str]) -> set[str]:
    return {line.split()[1] for line in lines if line.startswith("package ")}


def test_the_previous_version_installs_on_this_machine(lifecycle: Lifecycle) -> None:
    done = lifecycle.install(lifecycle.previous)

    assert installed_version() == f"{lifecycle.version}~previous"
    assert _packages(snapshot()) - _packages(lifecycle.before) == {"civic-kiosk"}, done.stdout
    user = run(["getent", "passwd", USER]).stdout.split(":")
    assert int(user[2]) < 1000 and user[5] == str(DATA) and user[6].strip() == "/usr/sbin/nologin"
    assert run(["stat", "-c", "%U:%G %a", str(DATA)]).stdout.split() == [f"{USER}:{USER}", "700"]
    assert run(["stat", "-c", "%U:%G %a", str(CONFIG)]).stdout.split() == [f"root:{USER}", "640"]
    assert os.readlink("/usr/bin/kiosk") == f"{PREFIX}/bin/kiosk"
    enabled = {p.name for p in Path("/etc/systemd/system").glob("*.wants/civic-kiosk*")}
    units = {u.name: u.read_text(encoding="utf-8") for u in UNITS.glob("civic-kiosk*")}
    installable = {name for name, text in units.items() if "\n[Install]" in text}  # the others are started
    assert enabled == installable and {"civic-kiosk.service", "civic-kiosk-prune.timer"} <= enabled
    assert "upgraded from revision (empty)" in done.stdout + done.stderr


def test_an_upgrade_keeps_the_data_and_the_configuration_and_migrates(lifecycle: Lifecycle) -> None:
    as_kiosk_user(["kiosk", "diag", "--json"])  # the first start: the identity-hash key
    as_kiosk_user(["kiosk", "keys", "show"])  # the first signing key (made when first needed)
    as_kiosk_user([f"{PREFIX}/bin/python", "-c", FIRST_RELEASE])
    CONFIG.write_text(CONFIG.read_text(encoding="utf-8").replace('"KSK-DEMO-01"', '"KSK-HALL-07"'), "utf-8")
    uid = run(["id", "-u", USER]).stdout
    keys = run(["sh", "-c", KEYS]).stdout
    assert keys.count("\n") >= 2  # the identity hash's secret and a signing key at least

    done = lifecycle.install(lifecycle.deb)

    assert installed_version() == lifecycle.version
    said = done.stdout + done.stderr
    assert re.search(r"upgraded from revision 0001 to \d{4}", said), said
    assert 'id = "KSK-HALL-07"' in CONFIG.read_text(encoding="utf-8")  # the administrator's change stays
    assert not list(CONFIG.parent.glob("kiosk.toml.dpkg-*"))
    assert run(["id", "-u", USER]).stdout == uid
    assert run(["sh", "-c", KEYS]).stdout == keys
    read = json.loads(as_kiosk_user([f"{PREFIX}/bin/python", "-c", READ_BACK]).stdout)
    assert read["outcome"] == "completed" and read["events"] == 1
    assert as_kiosk_user(["kiosk", "db", "current"]).returncode == 0
    lifecycle.kept["revision"] = read["revision"]


def test_the_installed_kiosk_runs_as_its_user_from_the_installed_copy(lifecycle: Lifecycle) -> None:
    where = as_kiosk_user(
        [f"{PREFIX}/bin/python", "-c", "import kiosk, sys; print(kiosk.__file__, sys.path)"]
    )
    assert where.stdout.startswith(f"{PREFIX}/lib/") and "/work" not in where.stdout

    checked = as_kiosk_user(["kiosk", "config", "check", str(CONFIG)])
    assert "the configuration is valid" in checked.stdout and "KSK-HALL-07" in checked.stdout
    diag = as_kiosk_user(["kiosk", "diag", "--json"], check=False)
    report = json.loads(diag.stdout)
    assert diag.returncode == 0 and report["ready"], diag.stdout
    assert report["data_dir"] == str(DATA) and report["database"]["current"]

    out = Path(tempfile.mkdtemp(prefix="demo-", dir="/tmp"))
    try:
        run(["chown", f"{USER}:{USER}", str(out)])
        demo = as_kiosk_user(["kiosk", "demo", "--headless", "--out", str(out / "demo")], timeout=600)
        assert "0 ended unexpectedly" in demo.stdout, demo.stdout
    finally:
        run(["rm", "-rf", str(out)])


def test_the_kiosk_session_under_cage(lifecycle: Lifecycle) -> None:
    """The unit's command (cage, then the kiosk as its only client), headless: no screen here. In a
    /tmp of its own, as the unit's PrivateTmp= gives it: Xwayland makes /tmp/.X11-unix there."""
    private = Path(tempfile.mkdtemp(prefix="session-", dir="/tmp"))
    try:
        private.chmod(0o1777)
        runtime = private / "runtime"  # /tmp/runtime inside the session's mount namespace
        runtime.mkdir(mode=0o700)
        run(["chown", f"{USER}:{USER}", str(runtime)])
        environment = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(DATA),
            "KIOSK_CONFIG": str(CONFIG),
            "XDG_RUNTIME_DIR": "/tmp/runtime",
            "WLR_BACKENDS": "headless",
            "WLR_RENDERER": "pixman",
            "WLR_LIBINPUT_NO_DEVICES": "1",
            "QT_QPA_PLATFORM": "wayland",
        }
        # cage passes on none of its client's output: the kiosk writes its own
        kiosk = f"{PREFIX}/bin/kiosk run --quit-when-ready > /tmp/runtime/kiosk.log 2>&1"
        session_command = shlex.join(
            [*SETPRIV, "env", "-i", *(f"{k}={v}" for k, v in environment.items()),
             "cage", "-s", "--", "sh", "-c", kiosk]
        )  # fmt: skip
        session = run(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c",
             f"mount --bind {private} /tmp && exec {session_command}"],
            check=False,
            timeout=180,
            cwd="/",
        )  # fmt: skip
        log = runtime / "kiosk.log"
        said = log.read_text(encoding="utf-8") if log.exists() else "(no output)"
        assert session.returncode == 0 and "kiosk ready" in said, f"{said}\n{session.stderr[-2000:]}"
        assert "home screen painted" in said
    finally:
        run(["rm", "-rf", str(private)])


def test_the_units_verify(lifecycle: Lifecycle) -> None:
    units = sorted(str(u) for u in UNITS.glob("civic-kiosk*"))
    assert len(units) >= 4
    verified = run(["systemd-analyze", "verify", *units], check=False)
    # verify exits 0 on a directive it could not parse: whatever it says is a failure
    assert verified.returncode == 0 and not verified.stderr.strip() and not verified.stdout.strip(), (
        verified.stdout + verified.stderr
    )


def _unit_command(unit: str) -> tuple[list[str], dict[str, str]]:
    """The unit's ExecStart and Environment=, as systemd would run them (no systemd here)."""
    environment, command = {}, []
    for line in (UNITS / unit).read_text(encoding="utf-8").splitlines():
        if line.startswith("Environment="):
            key, _, value = line.removeprefix("Environment=").partition("=")
            environment[key] = value
        elif line.startswith("ExecStart="):
            command = shlex.split(line.removeprefix("ExecStart="))
    return command, environment


def test_metrics_through_node_exporter_and_the_nightly_prune(lifecycle: Lifecycle) -> None:
    command, environment = _unit_command("civic-kiosk-metrics.service")
    textfile = Path("/var/lib/prometheus/node-exporter/civic-kiosk.prom")  # the package's link
    assert textfile.is_symlink() and Path("/run/civic-kiosk/civic-kiosk.prom").exists()  # tmpfiles made it
    exporter = subprocess.Popen(
        [*SETPRIV, "env", "-i", "PATH=/usr/bin:/bin", f"HOME={DATA}",
         *(f"{k}={v}" for k, v in environment.items()), *command],
        cwd="/",
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "civic_kiosk_info" not in textfile.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        exporter.send_signal(signal.SIGTERM)
        assert exporter.wait(timeout=30) == 0
    families = {f.name: f for f in text_string_to_metric_families(textfile.read_text(encoding="utf-8"))}
    (info,) = families["civic_kiosk_info"].samples
    assert info.labels == {"kiosk_id": "KSK-HALL-07", "version": lifecycle.version}

    binary = node_exporter(Path(lifecycle.work) / "node-exporter")
    if binary is None:
        pytest.skip("apt could not get prometheus-node-exporter: the textfile was checked, not scraped")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    scraper = subprocess.Popen(
        [str(binary), f"--web.listen-address=127.0.0.1:{port}", "--collector.disable-defaults",
         "--collector.textfile", f"--collector.textfile.directory={textfile.parent}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        scraped = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as reply:
                    scraped = reply.read().decode()
                break
            except OSError:
                time.sleep(0.2)
    finally:
        scraper.terminate()
        scraper.wait(timeout=30)
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(scraped)
        for s in family.samples
    }
    assert samples[("node_textfile_scrape_error", ())] == 0  # both files read, the app's empty until it pings
    assert samples[("civic_kiosk_service_available", (("service", "credit_report"),))] == 1

    command, environment = _unit_command("civic-kiosk-prune.service")
    pruned = as_kiosk_user(command, env=environment)
    assert f"Kept {environment['KIOSK_KEEP_DAYS']} days" in pruned.stdout, pruned.stdout


def test_a_database_from_a_newer_release_stops_the_install(lifecycle: Lifecycle) -> None:
    stamp = "UPDATE alembic_version SET version_num = '{}'"
    database = f"sqlite:///{DATA}/kiosk.db"
    script = "import sys; from sqlalchemy import create_engine, text\n" \
             "with create_engine(sys.argv[1]).begin() as c: c.execute(text(sys.argv[2]))"  # fmt: skip
    as_kiosk_user([f"{PREFIX}/bin/python", "-c", script, database, stamp.format("9999")])

    refused = run(["dpkg-reconfigure", "-fnoninteractive", USER], check=False)

    said = refused.stdout + refused.stderr
    assert refused.returncode != 0 and "schema revision 9999" in said, said
    assert "Install that release (or a newer one) again" in said
    as_kiosk_user([f"{PREFIX}/bin/python", "-c", script, database, stamp.format(lifecycle.kept["revision"])])
    run(["dpkg-reconfigure", "-fnoninteractive", USER])


def test_remove_keeps_the_configuration_and_the_data(lifecycle: Lifecycle) -> None:
    run([*APT, "remove", USER])

    assert not PREFIX.exists() and not Path("/usr/bin/kiosk").exists()
    assert CONFIG.exists() and (DATA / "kiosk.db").exists() and list(DATA.glob("identity-hash*.key"))
    assert run(["getent", "passwd", USER], check=False).returncode == 0


def test_purge_keeps_the_data_unless_asked(lifecycle: Lifecycle) -> None:
    purged = run([*APT, "purge", USER])

    assert not CONFIG.exists() and not CONFIG.parent.exists()
    assert (DATA / "kiosk.db").exists() and run(["getent", "passwd", USER], check=False).returncode == 0
    assert f"kept {DATA}" in purged.stdout + purged.stderr


def test_a_purge_when_asked_leaves_the_machine_as_found(lifecycle: Lifecycle) -> None:
    again = lifecycle.install(lifecycle.deb)  # a reinstall finds its user and data, and keeps them
    assert "already at revision" in again.stdout + again.stderr
    run(["sh", "-c", "echo 'civic-kiosk civic-kiosk/purge_data boolean true' | debconf-set-selections"])

    run([*APT, "purge", USER])

    assert snapshot() == lifecycle.before
