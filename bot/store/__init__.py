"""Persistence behind one interface: `Store`, with SQLite, PostgreSQL and in-memory
implementations; `make_store` picks one from a database URL."""

from bot.store.base import (
    DebateResult,
    Miss,
    MissKind,
    MissSummary,
    QuizAnswer,
    QuizStats,
    Store,
    StoredRound,
    StoredTimer,
)
from bot.store.factory import make_store
from bot.store.memory import MemoryStore
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore

__all__ = [
    "DebateResult",
    "MemoryStore",
    "Miss",
    "MissKind",
    "MissSummary",
    "PostgresStore",
    "QuizAnswer",
    "QuizStats",
    "SqliteStore",
    "Store",
    "StoredRound",
    "StoredTimer",
    "make_store",
]
