"""The store every contract test runs on: a real SQLite file, the in-memory twin, and a
fresh PostgreSQL database (skipped, with a note at the end, where PostgreSQL is missing)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import MemoryStore, PostgresStore, SqliteStore, Store


@pytest.fixture(params=["sqlite", "memory", pytest.param("postgres", marks=pytest.mark.postgres)])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    opened: Store
    if request.param == "sqlite":
        opened = SqliteStore(tmp_path / "db.sqlite3")
    elif request.param == "postgres":
        opened = PostgresStore(request.getfixturevalue("postgres_url"))
    else:
        opened = MemoryStore()
    await opened.open()
    yield opened
    await opened.close()
