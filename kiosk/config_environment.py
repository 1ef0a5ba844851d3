"""What a configuration asks of the machine it runs on: a data directory that is a directory the
kiosk can write, and the driver of its database URL installed.

``kiosk config check`` reports these with the key and line, beside the problems of the file itself,
so a file it passes is one the kiosk starts with. The start does not refuse them: the environment can
mend (a disk mounted, a permission fixed), so the kiosk shows out of service with the same sentence
(:func:`kiosk.storage.check.open_storage`) and comes back by itself.

Run it as the user the kiosk runs as: whether a directory can be written is that user's to say.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.config_check import ConfigProblem, key_line
from kiosk.parts import StorageStatus
from kiosk.storage.check import check_storage


def environment_problems(config: KioskConfig, text: str = "") -> list[ConfigProblem]:
    """Every problem the machine has with ``config`` (``text``: the file, for the lines)."""
    problems: list[ConfigProblem] = []
    data_dir = config.resolved_data_dir()
    key = "data_dir" if config.data_dir is not None else "data_dir (from $KIOSK_DATA_DIR or the default)"
    line = key_line(text, ("data_dir",)) if config.data_dir is not None else None
    problem = directory_problem(data_dir)
    if problem:
        problems.append(ConfigProblem(key, line, problem))
    url = config.storage.url
    if url:
        for problem in database_problems(url):
            problems.append(ConfigProblem("storage.url", key_line(text, ("storage", "url")), problem))
    return problems


def directory_problem(path: Path) -> str:
    """Why the kiosk could not keep its records in ``path``; empty when it could (or could make it)."""
    if path.exists():
        if not path.is_dir():
            return f"{path} is a file, not a directory"
        reading = check_storage(path, 0)
        if reading.status is StorageStatus.READ_ONLY:
            return f"{path} cannot be written by this user (read-only, or no permission)"
        return "" if reading.usable else reading.detail
    parent = path.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        return f"{parent} is a file: the directory {path} cannot be made"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"{path} does not exist, and {parent} cannot be written to make it"
    return ""


def database_problems(url: str) -> list[str]:
    """The URL's driver is installed, and a SQLite file's directory can take it."""
    # SQLAlchemy only here: `kiosk config check` may take the time, the start's first paint may not.
    from sqlalchemy.engine import make_url  # noqa: PLC0415 - see above
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError  # noqa: PLC0415 - see above

    try:
        parsed = make_url(url)
        dialect = parsed.get_dialect()
    except NoSuchModuleError:
        return [f"no database kind or driver is known by the name {url.split('://', maxsplit=1)[0]!r}"]
    except ArgumentError:
        return ["not a database URL"]
    try:
        dialect.import_dbapi()
    except ModuleNotFoundError as exc:
        return [f"its driver {exc.name} is not installed (install it, or name an installed driver)"]
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        problem = directory_problem(Path(parsed.database).parent)
        return [f"the database's directory: {problem}"] if problem else []
    return []
