"""A private PostgreSQL server in a folder: for the tests, the bench and the local demo.

``initdb`` and ``pg_ctl`` from Debian's ``postgresql-15`` (not on PATH), listening on a Unix socket
only. PostgreSQL refuses to run as root, so as root the server runs as the ``postgres`` user the
package creates, in a folder that user owns. A real hall runs its own managed PostgreSQL; this is
never used there.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path(os.environ.get("CENTRAL_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "kiosk"
DATABASE = "central"


class LocalPostgresError(RuntimeError):
    """The server could not be set up or started; the message says why in a sentence."""


@dataclass
class LocalPostgres:
    """One server: ``root`` holds its data (``data/``), its socket and its log."""

    root: Path
    fsync: bool = False  # off for tests and demos only; a crash-safety test keeps it on

    @classmethod
    def in_temp_dir(cls, *, fsync: bool = False) -> LocalPostgres:
        # /tmp itself, not a private per-user folder: the postgres user must reach it
        return cls(Path(tempfile.mkdtemp(prefix="central-pg-")), fsync=fsync)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    @property
    def log(self) -> Path:
        return self.root / "postgres.log"

    def url(self, driver: str = "postgresql+psycopg") -> str:
        """A SQLAlchemy URL for the database (``driver="postgresql"`` gives a libpq URI)."""
        return f"{driver}://{SUPERUSER}@/{DATABASE}?host={self.socket_dir}"

    def conninfo(self) -> str:
        return f"host={self.socket_dir} user={SUPERUSER} dbname={DATABASE}"

    def _as_owner(self, *command: str | Path) -> list[str]:
        words = [str(word) for word in command]
        return ["runuser", "-u", "postgres", "--", *words] if os.geteuid() == 0 else words

    def _run(self, *command: str | Path) -> None:
        done = subprocess.run(self._as_owner(*command), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise LocalPostgresError(f"{Path(str(command[0])).name} failed: {' '.join(tail)}")

    def init(self) -> None:
        if not (PG_BIN / "initdb").exists():
            raise LocalPostgresError(
                f"PostgreSQL is not installed ({PG_BIN / 'initdb'} is missing): "
                "apt-get install postgresql-15, or run packaging/setup/system-packages.sh"
            )
        self.root.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            for path in (self.root, self.socket_dir):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        self.root.chmod(0o755)
        self._run(
            PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", SUPERUSER, "-E", "UTF8", "--no-sync"
        )

    def start(self) -> None:
        if not self.data.exists():
            self.init()
            fresh = True
        else:
            fresh = False
        options = f"-k {self.socket_dir} -c listen_addresses='' -c fsync={'on' if self.fsync else 'off'}"
        self._run(
            PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.log, "-w", "-t", "60", "start"
        )
        if fresh:
            self._run(PG_BIN / "createdb", "-h", self.socket_dir, "-U", SUPERUSER, DATABASE)

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
