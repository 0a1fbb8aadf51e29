"""`debate-bot backup` and `restore` for the SQLite database.

The backup is taken with SQLite's online backup API in one step: it reads a
consistent snapshot under one read transaction, and with WAL the bot keeps
writing meanwhile (a step-by-step backup would restart on every write the bot
makes, and under a steady flow of quiz answers might never finish). The copy is
written beside the destination and renamed into place, so a crash or a full
disk never leaves a half-written file under the backup's name.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.errors import BotError
from bot.store.migrations import migrations

# Tables every version of our schema has had since 001: how a file is recognised as ours.
_OUR_TABLES = {"faq_channel", "faq_miss"}
_SIDE_FILES = ("-wal", "-shm", "-journal")

POSTGRES_ADVICE = """\
DATABASE_URL names a PostgreSQL server: back it up and restore it with PostgreSQL's own tools.
  backup:   pg_dump --format=custom --file=debate-bot.dump "$DATABASE_URL"
  restore:  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" debate-bot.dump
Stop the bot before pg_restore; pg_dump is safe while it runs."""


class BackupError(BotError):
    """A backup or restore refused or failed; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class DatabaseInfo:
    path: Path
    schema_version: int
    row_counts: dict[str, int]


def latest_schema_version() -> int:
    return max(m.version for m in migrations())


@contextlib.contextmanager
def _connect(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
    try:
        connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5)
    except sqlite3.Error as error:
        raise BackupError(f"cannot open {path}: {error}") from error
    try:
        yield connection
    finally:
        connection.close()


def inspect(path: Path) -> DatabaseInfo:
    """Check that `path` is a sound database of ours; its schema version and row counts."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file")
    with _connect(path, read_only=True) as db:
        try:
            problems = [row[0] for row in db.execute("PRAGMA integrity_check")]
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            tables = [
                row[0]
                for row in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a SQLite database: {error}") from error
        if problems != ["ok"]:
            shown = "; ".join(problems[:5])
            raise BackupError(f"{path} failed its integrity check: {shown}")
        if version < 1 or not _OUR_TABLES.issubset(tables):
            raise BackupError(f"{path} is a SQLite database, but not one of debate-bot's")
        latest = latest_schema_version()
        if version > latest:
            raise BackupError(
                f"{path} has schema version {version}, newer than this debate-bot knows "
                f"({latest}): restore it with the version that wrote it, or upgrade first"
            )
        # Table names come from sqlite_master of a file we just checked, quoted all the same.
        counts = {t: int(db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]) for t in tables}
    return DatabaseInfo(path, version, counts)


def backup(source: Path, destination: Path) -> DatabaseInfo:
    """Copy the live database to `destination` (atomically) and check the copy."""
    if not source.is_file():
        raise BackupError(f"there is no database at {source} to back up")
    if destination.resolve() == source.resolve():
        raise BackupError("the backup must not overwrite the database it copies")
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.partial-{os.getpid()}")
    try:
        with _connect(source) as live, contextlib.closing(sqlite3.connect(temporary)) as copy:
            live.backup(copy)  # all pages in one step: see the module docstring
            # The copy stands alone in one file, whatever journal mode the live one uses.
            copy.execute("PRAGMA journal_mode=DELETE")
        _fsync(temporary)
        info = inspect(temporary)
        os.replace(temporary, destination)
        _fsync_directory(destination.parent)
    except sqlite3.Error as error:
        raise BackupError(f"backup of {source} failed: {error}") from error
    finally:
        temporary.unlink(missing_ok=True)
    return DatabaseInfo(destination, info.schema_version, info.row_counts)


@dataclass(frozen=True, slots=True)
class Restored:
    info: DatabaseInfo
    set_aside: Path | None
    """Where the database that was replaced now is (None when there was none)."""


def restore(
    backup_file: Path, target: Path, *, force: bool = False, now: datetime | None = None
) -> Restored:
    """Put a checked backup in place of the database at `target`; the bot must be stopped."""
    info = inspect(backup_file)
    if backup_file.resolve() == target.resolve():
        raise BackupError("that backup is the database itself; nothing to restore")
    if target.exists() and not force:
        raise BackupError(
            f"{target} already holds a database. Restoring replaces it: run again with "
            "--force to go ahead (the current one is kept beside it as "
            f"{target.name}.before-restore-<time>)"
        )
    strays = [
        side
        for side in (target.with_name(target.name + suffix) for suffix in _SIDE_FILES)
        if side.exists()
    ]
    if strays and not target.exists():
        # SQLite would replay a stray WAL into the restored file.
        raise BackupError(
            f"{', '.join(map(str, strays))} left without {target.name}: move it away first"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    # Copied next to the target first: nothing is moved until the copy is complete.
    temporary = target.with_name(f".{target.name}.restoring-{os.getpid()}")
    set_aside: Path | None = None
    try:
        with (
            _connect(backup_file, read_only=True) as source,
            contextlib.closing(sqlite3.connect(temporary)) as copy,
        ):
            source.backup(copy)
        _fsync(temporary)
        if target.exists():
            _settle(target)
            stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
            set_aside = target.with_name(f"{target.name}.before-restore-{stamp}")
            os.replace(target, set_aside)
        os.replace(temporary, target)
        _fsync_directory(target.parent)
    except sqlite3.Error as error:
        raise BackupError(f"restore from {backup_file} failed: {error}") from error
    finally:
        temporary.unlink(missing_ok=True)
    return Restored(DatabaseInfo(target, info.schema_version, info.row_counts), set_aside)


def _settle(database: Path) -> None:
    """Refuse a database in use; otherwise fold its WAL in so it can be moved as one file.

    A WAL file left next to the restored database would be replayed into it, so
    none may remain; and a bot still running would keep writing to the moved file.
    """
    with _connect(database) as db:
        try:
            # In exclusive locking mode a WAL database cannot be locked while any other
            # connection has it open: a running bot makes this fail at once.
            db.execute("PRAGMA busy_timeout = 0")
            db.execute("PRAGMA locking_mode = EXCLUSIVE")
            db.execute("BEGIN EXCLUSIVE")
            db.execute("COMMIT")
        except sqlite3.OperationalError as error:
            raise BackupError(
                f"{database} is in use ({error}): stop the bot before restoring"
            ) from error
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode = DELETE")
    for suffix in _SIDE_FILES:
        side = database.with_name(database.name + suffix)
        if side.exists():
            side.unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry is; not every system allows it.
    with contextlib.suppress(OSError):
        _fsync(directory)
