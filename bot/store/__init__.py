"""Persistence behind one interface: `Store`, with SQLite and in-memory implementations."""

from bot.store.base import Miss, MissKind, MissSummary, Store
from bot.store.memory import MemoryStore
from bot.store.sqlite import SqliteStore

__all__ = ["MemoryStore", "Miss", "MissKind", "MissSummary", "SqliteStore", "Store"]
