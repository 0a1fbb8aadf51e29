"""`debate-bot db copy`: every row of one database into another, across backends.

Both stores are opened first, so both are at the current schema (the source is
upgraded as the bot would upgrade it). The source is read in one snapshot and the
target written in one transaction, table by table in dependency order, in chunks;
the target's row counts are checked against the source's before that transaction
commits, so a copy either lands whole or not at all. The migration bookkeeping is
not copied: each backend keeps its own.

The quiz counters are copied as they are, not recomputed. Inserting the answers
fires the counting trigger in the target too, so the trigger's counters are
thrown away and the source's rows written over them, in the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

import aiosqlite
import asyncpg

from bot.errors import BotError
from bot.store.factory import make_store
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore

CHUNK = 5000


class CopyError(BotError):
    """The copy was refused or did not check out; nothing was written."""


class TargetNotEmpty(CopyError):
    """The target already holds rows, and --force was not given."""


class Kind(Enum):
    """How a column's values are stored: the same value, spelled per backend."""

    PLAIN = "plain"  # integers and text, the same in both
    BOOL = "bool"  # SQLite 0/1, PostgreSQL boolean
    TIME = "time"  # SQLite ISO text, PostgreSQL timestamptz
    JSON = "json"  # JSON text in both
    TEXT_LIST = "text_list"  # SQLite a JSON array, PostgreSQL text[]


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[tuple[str, Kind], ...]
    key: tuple[str, ...] = ("id",)
    """The primary key: rows are read in its order, the same in both backends."""
    identity: str | None = None
    """A column numbered by the database, whose counter must move past the copied rows."""
    derived: bool = False
    """Kept by a trigger on another table: the trigger's rows are replaced by the source's."""

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.columns]


P, B, T, J, L = Kind.PLAIN, Kind.BOOL, Kind.TIME, Kind.JSON, Kind.TEXT_LIST

# Dependency order: a table comes after every table it references or is derived from.
TABLES: tuple[Table, ...] = (
    Table("faq_channel", (("guild_id", P), ("channel_id", P)), key=("guild_id", "channel_id")),
    Table(
        "faq_miss",
        (
            ("id", P),
            ("kind", P),
            ("question", P),
            ("entry_id", P),
            ("guild_id", P),
            ("user_id", P),
            ("at", T),
        ),
        identity="id",
    ),
    Table(
        "debate_round",
        (
            ("id", P),
            ("guild_id", P),
            ("channel_id", P),
            ("user_id", P),
            ("status", P),
            ("state", J),
            ("updated_at", T),
        ),
    ),
    Table(
        "debate_result",
        (
            ("round_id", P),
            ("user_id", P),
            ("guild_id", P),
            ("motion_id", P),
            ("side", P),
            ("format_key", P),
            ("score", P),
            ("summary", P),
            ("finished_at", T),
        ),
        key=("round_id",),
    ),
    Table(
        "debate_timer",
        (
            ("id", P),
            ("guild_id", P),
            ("channel_id", P),
            ("message_id", P),
            ("owner_id", P),
            ("state", J),
            ("updated_at", T),
        ),
    ),
    Table(
        "quiz_answer",
        (
            ("id", P),
            ("answer_key", P),
            ("user_id", P),
            ("guild_id", P),
            ("question_id", P),
            ("correct", B),
            ("timed_out", B),
            ("source", P),
            ("at", T),
            ("local_day", P),
        ),
        identity="id",
    ),
    Table(
        "quiz_stats",
        (
            ("user_id", P),
            ("guild_id", P),
            ("answers", P),
            ("correct", P),
            ("current_correct", P),
            ("best_correct", P),
        ),
        key=("user_id", "guild_id"),
        derived=True,
    ),
    Table("member_settings", (("user_id", P), ("timezone", P)), key=("user_id",)),
    Table(
        "challenge_config",
        (
            ("guild_id", P),
            ("channel_id", P),
            ("weekday", P),
            ("at", P),
            ("timezone", P),
            ("questions", P),
            ("hours_open", P),
            ("enabled", B),
        ),
        key=("guild_id",),
    ),
    Table(
        "challenge_post",
        (
            ("guild_id", P),
            ("year", P),
            ("week", P),
            ("questions", L),
            ("closes_at", T),
            ("message_id", P),
            ("closed", B),
        ),
        key=("guild_id", "year", "week"),
    ),
    Table(
        "challenge_attempt",
        (
            ("guild_id", P),
            ("year", P),
            ("week", P),
            ("user_id", P),
            ("started_at", T),
            ("finished_at", T),
            ("score", P),
        ),
        key=("guild_id", "year", "week", "user_id"),
    ),
    Table("guild_settings", (("guild_id", P), ("question_seconds", P)), key=("guild_id",)),
)

BOOKKEEPING = frozenset({"schema_version"})
"""Tables a backend keeps for itself, never copied."""


# -- each backend's spelling of a value ---------------------------------------------------

Convert = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


_FROM_SQLITE: dict[Kind, Convert] = {
    Kind.PLAIN: _same,
    Kind.BOOL: bool,
    Kind.TIME: datetime.fromisoformat,
    Kind.JSON: _same,
    Kind.TEXT_LIST: json.loads,
}
_TO_SQLITE: dict[Kind, Convert] = {
    Kind.PLAIN: _same,
    Kind.BOOL: int,
    Kind.TIME: datetime.isoformat,
    Kind.JSON: _same,
    Kind.TEXT_LIST: lambda items: json.dumps(list(items)),
}
_POSTGRES: dict[Kind, Convert] = {
    Kind.PLAIN: _same,
    Kind.BOOL: _same,
    Kind.TIME: _same,
    Kind.JSON: _same,
    Kind.TEXT_LIST: list,
}


def _converter(table: Table, by_kind: dict[Kind, Convert]) -> Callable[[Sequence], tuple]:
    steps = [by_kind[kind] for _, kind in table.columns]

    def convert(row: Sequence) -> tuple:
        return tuple(
            None if value is None else step(value) for step, value in zip(steps, row, strict=True)
        )

    return convert


# -- reading and writing, per backend -------------------------------------------------------


class Reader(Protocol):
    async def counts(self) -> dict[str, int]: ...

    def chunks(self, table: Table) -> AsyncIterator[list[tuple]]: ...


class Writer(Protocol):
    async def counts(self) -> dict[str, int]: ...

    async def empty(self, tables: Sequence[Table]) -> None: ...

    async def insert(self, table: Table, rows: list[tuple]) -> None: ...

    async def finish(self) -> None: ...


class _SqliteSide:
    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    async def counts(self) -> dict[str, int]:
        found = {}
        for table in TABLES:
            async with self.db.execute(f"SELECT COUNT(*) FROM {table.name}") as cursor:
                (found[table.name],) = await cursor.fetchone()  # type: ignore[misc]
        return found

    async def chunks(self, table: Table) -> AsyncIterator[list[tuple]]:
        convert = _converter(table, _FROM_SQLITE)
        order = ", ".join(table.key)
        async with self.db.execute(
            f"SELECT {', '.join(table.names)} FROM {table.name} ORDER BY {order}"
        ) as cursor:
            while rows := await cursor.fetchmany(CHUNK):
                yield [convert(row) for row in rows]

    async def empty(self, tables: Sequence[Table]) -> None:
        for table in reversed(tables):
            await self.db.execute(f"DELETE FROM {table.name}")

    async def insert(self, table: Table, rows: list[tuple]) -> None:
        convert = _converter(table, _TO_SQLITE)
        marks = ", ".join("?" for _ in table.columns)
        await self.db.executemany(
            f"INSERT INTO {table.name} ({', '.join(table.names)}) VALUES ({marks})",
            [convert(row) for row in rows],
        )

    async def finish(self) -> None:
        # An INTEGER PRIMARY KEY (no AUTOINCREMENT) continues from the largest id by itself.
        return None


class _PostgresSide:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def counts(self) -> dict[str, int]:
        return {
            table.name: await self.conn.fetchval(f"SELECT COUNT(*) FROM {table.name}")
            for table in TABLES
        }

    async def chunks(self, table: Table) -> AsyncIterator[list[tuple]]:
        convert = _converter(table, _POSTGRES)
        order = ", ".join(table.key)
        cursor = await self.conn.cursor(
            f"SELECT {', '.join(table.names)} FROM {table.name} ORDER BY {order}"
        )
        while rows := await cursor.fetch(CHUNK):
            yield [convert(row) for row in rows]

    async def empty(self, tables: Sequence[Table]) -> None:
        names = ", ".join(table.name for table in tables)
        await self.conn.execute(f"TRUNCATE {names} RESTART IDENTITY")

    async def insert(self, table: Table, rows: list[tuple]) -> None:
        convert = _converter(table, _POSTGRES)
        # COPY takes the identity column's values as given, like OVERRIDING SYSTEM VALUE.
        await self.conn.copy_records_to_table(
            table.name, records=[convert(row) for row in rows], columns=table.names
        )

    async def finish(self) -> None:
        for table in TABLES:
            if table.identity:
                # The next id the database hands out comes after every copied one.
                await self.conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{table.identity}'), "
                    f"COALESCE(MAX({table.identity}), 0) + 1, false) FROM {table.name}"
                )


@asynccontextmanager
async def _reading(store: SqliteStore | PostgresStore) -> AsyncIterator[Reader]:
    """The source in one consistent snapshot."""
    if isinstance(store, SqliteStore):
        # A deferred transaction's first read fixes the snapshot (WAL); nothing is locked.
        await store.db.execute("BEGIN")
        try:
            yield _SqliteSide(store.db)
        finally:
            await store.db.execute("ROLLBACK")
        return
    async with (
        store.pool.acquire() as conn,
        conn.transaction(isolation="repeatable_read", readonly=True),
    ):
        yield _PostgresSide(conn)


@asynccontextmanager
async def _writing(store: SqliteStore | PostgresStore) -> AsyncIterator[Writer]:
    """The target in one transaction: committed when the block ends, else rolled back."""
    if isinstance(store, SqliteStore):
        await store.db.execute("BEGIN IMMEDIATE")
        try:
            yield _SqliteSide(store.db)
        except BaseException:
            await store.db.execute("ROLLBACK")
            raise
        await store.db.execute("COMMIT")
        return
    async with store.pool.acquire() as conn, conn.transaction():
        yield _PostgresSide(conn)


# -- the copy -------------------------------------------------------------------------------


async def copy_database(source_url: str, target_url: str, *, force: bool = False) -> dict[str, int]:
    """Copy every row from `source_url` to `target_url`; the verified row count per table.

    Raises TargetNotEmpty when the target holds rows and `force` is false; with
    `force` the target is emptied first, in the same transaction as the copy.
    """
    if _normalised(source_url) == _normalised(target_url):
        raise CopyError("the source and the target are the same database")
    source_store, target_store = make_store(source_url), make_store(target_url)
    if not isinstance(source_store, SqliteStore | PostgresStore) or not isinstance(
        target_store, SqliteStore | PostgresStore
    ):
        raise CopyError("db copy works between SQLite files and PostgreSQL databases")
    if isinstance(source_store, SqliteStore) and not source_store.path.exists():
        # Opening it would create an empty database, and copy nothing over the target.
        raise CopyError(f"the source {source_store.path} does not exist")
    async with (
        source_store,
        target_store,
        _reading(source_store) as source,
        _writing(target_store) as target,
    ):
        there = {name: n for name, n in (await target.counts()).items() if n}
        if there and not force:
            held = ", ".join(f"{name} ({n})" for name, n in there.items())
            raise TargetNotEmpty(
                f"the target already holds data: {held}. Copying would mix two databases; "
                "give --force to empty the target first"
            )
        if there:
            await target.empty(TABLES)
        expected = await source.counts()
        for table in TABLES:
            if table.derived:
                await target.empty([table])
            async for rows in source.chunks(table):
                await target.insert(table, rows)
        await target.finish()
        copied = await target.counts()
        if copied != expected:
            wrong = ", ".join(
                f"{name}: {copied[name]} copied, {expected[name]} in the source"
                for name in expected
                if copied[name] != expected[name]
            )
            raise CopyError(f"row counts differ after the copy, so nothing was kept: {wrong}")
    return copied


def _normalised(url: str) -> str:
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return f"sqlite:///{Path(url.removeprefix('sqlite:///')).expanduser().resolve()}"
    return url.replace("postgres://", "postgresql://", 1).rstrip("/")
