"""Persistence behind one interface: `Store`, with SQLite and in-memory implementations."""

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
from bot.store.memory import MemoryStore
from bot.store.sqlite import SqliteStore

__all__ = [
    "DebateResult",
    "MemoryStore",
    "Miss",
    "MissKind",
    "MissSummary",
    "QuizAnswer",
    "QuizStats",
    "SqliteStore",
    "Store",
    "StoredRound",
    "StoredTimer",
]
