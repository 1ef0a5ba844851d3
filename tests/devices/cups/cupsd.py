"""A private cupsd for the A4 printer tests.

One cupsd runs for the whole test session on a socket in a temporary folder, with
its own configuration, spool and backend folder, and is killed at the end. The
backend folder holds the real cups-pdf backend and a few small shell backends
that act like a printer in trouble: one that runs out of paper, one that never
finishes, one that fails. Tests point ``CUPS_SERVER`` at the socket.
"""

from __future__ import annotations

import os
import pwd
import re
import subprocess
import time
import uuid
from pathlib import Path

from fpdf import FPDF

CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
CUPS_PDF_PPD = "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"

CUPSD_CONF = """\
LogLevel warn
Listen {socket}
Browsing No
DefaultAuthType None
WebInterface No
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """\
ServerRoot {root}/etc
RequestRoot {root}/spool
TempDir {root}/spool/tmp
CacheDir {root}/cache
StateDir {root}/state
ServerBin {root}/lib
DataDir /usr/share/cups
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
"""

# Backends speak to cupsd on stderr: "STATE: +reason" sets a printer-state-reason.
# `exec` makes the sleep take the backend's place, so cupsd's SIGTERM on cancel ends it.
FAKE_BACKENDS = {
    "paperless": 'echo "STATE: +media-empty-error" >&2\nexec sleep 60\n',
    "stall": "exec sleep 60\n",
    "broken": 'echo "ERROR: the printer jammed" >&2\nexit 1\n',
}


class Cupsd:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.socket = str(root / "cups.sock")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        for sub in ("etc", "spool/tmp", "cache", "state", "log", "lib/backend"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)
        for sub in ("filter", "cgi-bin", "daemon", "driver", "monitor", "notifier"):
            if Path("/usr/lib/cups", sub).exists():
                (self.root / "lib" / sub).symlink_to(Path("/usr/lib/cups", sub))
        (self.root / "lib/backend/cups-pdf").symlink_to("/usr/lib/cups/backend/cups-pdf")
        for name, body in FAKE_BACKENDS.items():
            script = self.root / "lib/backend" / name
            # With no arguments cupsd asks a backend which devices it finds: none.
            script.write_text(f"#!/bin/sh\n[ $# -eq 0 ] && exit 0\n{body}")
            script.chmod(0o700)  # 0700: cupsd runs it as root, like cups-pdf
        conf = self.root / "etc/cupsd.conf"
        files = self.root / "etc/cups-files.conf"
        conf.write_text(CUPSD_CONF.format(socket=self.socket))
        files.write_text(CUPS_FILES_CONF.format(root=self.root))
        self.process = subprocess.Popen(
            ["cupsd", "-f", "-c", str(conf), "-s", str(files)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"cupsd exited at start: {err.strip()}")
            if Path(self.socket).exists() and self.run("lpstat", "-r").returncode == 0:
                return
            time.sleep(0.05)
        raise RuntimeError("cupsd did not come up within 10 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()

    def run(self, *command: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "CUPS_SERVER": self.socket, "LC_ALL": "C"}
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=20)
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()}")
        return done

    def add_queue(self, backend: str, *options: str) -> str:
        name = f"q{uuid.uuid4().hex[:10]}"
        model = ["-m", CUPS_PDF_PPD] if backend == "cups-pdf" else []
        self.run("lpadmin", "-p", name, "-E", "-v", f"{backend}:/", *model, *options, check=True)
        return name

    def jobs(self, queue: str) -> list[str]:
        """Every job CUPS still knows on QUEUE, pending or finished."""
        out = self.run("lpstat", "-W", "all", "-o", queue).stdout
        return [line.split()[0] for line in out.splitlines() if line.strip() and not line.startswith("\t")]

    def unfinished_jobs(self, queue: str) -> list[str]:
        """Jobs on QUEUE that could still print: pending, held, processing or stopped."""
        out = self.run("lpstat", "-W", "not-completed", "-o", queue).stdout
        return [line.split()[0] for line in out.splitlines() if line.strip() and not line.startswith("\t")]

    def access_log(self) -> str:
        """cupsd's access log, with every request answered so far in it.

        cupsd writes a request's line after it has sent the answer, so a client can have its
        answer before the line is there. cupsd serves requests one after another: once it has
        answered one more request (lpstat -a asks for the queues), the lines of those before are
        written."""
        self.run("lpstat", "-a")
        return (self.root / "log/access_log").read_text()

    def submissions(self, queue: str) -> int:
        """How many jobs were ever sent to QUEUE (from cupsd's access log)."""
        log = self.access_log()
        return len(re.findall(rf'"POST /printers/{queue} [^"]*" \d+ \d+ (?:Create-Job|Print-Job) ', log))

    def cancellations(self, queue: str) -> int:
        log = self.access_log()
        return len(re.findall(rf'"POST /printers/{queue} [^"]*" \d+ \d+ Cancel-Job successful-ok', log))

    def spooled_documents(self) -> list[str]:
        """The documents in cupsd's spool (files d<job>-<n>)."""
        return sorted(p.name for p in (self.root / "spool").iterdir() if p.name.startswith("d"))


def cups_pdf_output_dir(user: str) -> Path:
    """Where cups-pdf puts the PDFs of USER's jobs (its config lives only in /etc/cups)."""
    out = "/var/spool/cups-pdf/${USER}"
    if CUPS_PDF_CONF.exists():
        for line in CUPS_PDF_CONF.read_text().splitlines():
            if line.startswith("Out "):
                out = line.split(None, 1)[1].strip()
    home = pwd.getpwnam(user).pw_dir
    return Path(out.replace("${HOME}", home).replace("${USER}", user))


def make_pdf(pages: int, label: str = "Civic Kiosk test") -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_font("helvetica", size=20)
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(text=f"{label}, page {page} of {pages}")
    return bytes(pdf.output())
