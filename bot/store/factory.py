"""One store from one URL: `sqlite:///PATH` or `postgresql://…`, so every door and tool
opens the database the settings name, whichever backend it is."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, Self

from bot.errors import ConfigError
from bot.store.base import Store

SQLITE_PREFIX = "sqlite:///"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")


class ManagedStore(Store, Protocol):
    """A store that owns a connection: `async with` opens it and closes it."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, *exc: object) -> None: ...


def is_postgres_url(url: str) -> bool:
    return url.startswith(POSTGRES_PREFIXES)


def make_store(url: str) -> ManagedStore:
    """The store for `url`, not yet opened."""
    if url.startswith(SQLITE_PREFIX):
        from bot.store.sqlite import SqliteStore

        path = url.removeprefix(SQLITE_PREFIX)
        if not path:
            raise ConfigError(f"{url!r} names no file: use sqlite:///PATH or sqlite:///:memory:")
        return SqliteStore(path if path == ":memory:" else Path(path).expanduser())
    if is_postgres_url(url):
        from bot.store.postgres import PostgresStore

        return PostgresStore(url)
    scheme = url.split(":", 1)[0] if ":" in url else url
    raise ConfigError(
        f"unsupported database URL {scheme!r}: use sqlite:///PATH (a file), "
        "sqlite:///:memory:, or postgresql://user:password@host/database (postgres:// also works)"
    )
