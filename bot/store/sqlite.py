"""The SQLite store: one aiosqlite connection, WAL, versioned migrations.

aiosqlite runs every statement on one worker thread, so statements never race;
but a transaction on a shared connection is not isolated between asyncio
tasks. Every multi-statement unit of work therefore holds `_write_lock` from
BEGIN to COMMIT.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

import aiosqlite

from bot.store.base import Miss, MissKind, MissSummary
from bot.store.migrations import migrations

log = logging.getLogger(__name__)


class SqliteStore:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    # -- lifetime ---------------------------------------------------------

    async def open(self) -> None:
        if self._db is not None:
            return
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(self.path, isolation_level=None)
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=FULL")
        await db.execute("PRAGMA foreign_keys=ON")
        await db.execute("PRAGMA busy_timeout=5000")
        self._db = db
        await self._migrate()

    async def close(self) -> None:
        if self._db is None:
            return
        db, self._db = self._db, None
        async with self._write_lock:
            await db.execute("PRAGMA optimize")
            await db.close()
        log.info("closed database %s", self.path)

    async def __aenter__(self) -> SqliteStore:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("the store is not open")
        return self._db

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._write_lock:
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                await self.db.execute("ROLLBACK")
                raise
            await self.db.execute("COMMIT")

    async def schema_version(self) -> int:
        async with self.db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        current = await self.schema_version()
        for migration in migrations():
            if migration.version <= current:
                continue
            async with self._transaction() as db:
                # executescript would COMMIT our transaction; run statement by statement.
                for statement in _statements(migration.sql):
                    await db.execute(statement)
                await db.execute(f"PRAGMA user_version = {migration.version:d}")
            log.info("applied migration %s", migration.name)

    # -- FAQ channels -----------------------------------------------------

    async def faq_channels(self, guild_id: int) -> set[int]:
        async with self.db.execute(
            "SELECT channel_id FROM faq_channel WHERE guild_id = ?", (guild_id,)
        ) as cursor:
            return {row[0] for row in await cursor.fetchall()}

    async def add_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute(
                "INSERT INTO faq_channel (guild_id, channel_id) VALUES (?, ?) "
                "ON CONFLICT DO NOTHING",
                (guild_id, channel_id),
            )
            return cursor.rowcount == 1

    async def remove_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        async with self._transaction() as db:
            cursor = await db.execute(
                "DELETE FROM faq_channel WHERE guild_id = ? AND channel_id = ?",
                (guild_id, channel_id),
            )
            return cursor.rowcount == 1

    # -- FAQ misses -------------------------------------------------------

    async def record_miss(self, miss: Miss) -> None:
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO faq_miss (kind, question, entry_id, guild_id, user_id, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    miss.kind.value,
                    miss.question,
                    miss.entry_id,
                    miss.guild_id,
                    miss.user_id,
                    miss.at.isoformat(),
                ),
            )

    async def misses(self, limit: int = 50) -> list[MissSummary]:
        async with self.db.execute(
            "SELECT kind, question, entry_id, COUNT(*), MAX(at) FROM faq_miss "
            "GROUP BY kind, question, entry_id "
            "ORDER BY COUNT(*) DESC, MAX(at) DESC, question LIMIT ?",
            (limit,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            MissSummary(MissKind(kind), question, entry_id, count, datetime.fromisoformat(last))
            for kind, question, entry_id, count, last in rows
        ]


def _statements(script: str) -> list[str]:
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
