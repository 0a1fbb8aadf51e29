"""`make_store` opens the backend a database URL names, and refuses any other URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.store import PostgresStore, SqliteStore, make_store


def test_sqlite_urls_give_a_sqlite_store(tmp_path: Path) -> None:
    relative = make_store("sqlite:///data/db.sqlite3")
    assert isinstance(relative, SqliteStore) and relative.path == Path("data/db.sqlite3")
    absolute = make_store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert isinstance(absolute, SqliteStore) and absolute.path == tmp_path / "db.sqlite3"
    memory = make_store("sqlite:///:memory:")
    assert isinstance(memory, SqliteStore) and str(memory.path) == ":memory:"


def test_postgres_urls_give_a_postgres_store_without_connecting() -> None:
    for url in ("postgresql://bot:secret@db.internal/debate", "postgres://localhost/debate"):
        store = make_store(url)
        assert isinstance(store, PostgresStore) and store.url == url


@pytest.mark.parametrize("url", ["mysql://localhost/db", "sqlite://relative.db", "", "data.db"])
def test_other_urls_are_refused_naming_what_is_allowed(url: str) -> None:
    with pytest.raises(ConfigError, match=r"sqlite:///PATH.*postgresql://"):
        make_store(url)


async def test_a_sqlite_url_opens_a_working_store(tmp_path: Path) -> None:
    async with make_store(f"sqlite:///{tmp_path / 'db.sqlite3'}") as store:  # type: ignore[attr-defined]
        assert await store.add_faq_channel(1, 2) is True
    assert (tmp_path / "db.sqlite3").exists()
