"""The store every contract test runs on: a real SQLite file, and the in-memory twin."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import MemoryStore, SqliteStore, Store


@pytest.fixture(params=["sqlite", "memory"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    opened: Store = (
        SqliteStore(tmp_path / "db.sqlite3") if request.param == "sqlite" else MemoryStore()
    )
    await opened.open()
    yield opened
    await opened.close()
