"""An in-memory store with the same behaviour as SQLite, for the console's dry runs and tests."""

from __future__ import annotations

from collections import defaultdict

from bot.store.base import Miss, MissSummary


class MemoryStore:
    def __init__(self) -> None:
        self._channels: dict[int, set[int]] = defaultdict(set)
        self._misses: list[Miss] = []

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def faq_channels(self, guild_id: int) -> set[int]:
        return set(self._channels.get(guild_id, ()))

    async def add_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        channels = self._channels[guild_id]
        if channel_id in channels:
            return False
        channels.add(channel_id)
        return True

    async def remove_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        channels = self._channels.get(guild_id, set())
        if channel_id not in channels:
            return False
        channels.discard(channel_id)
        return True

    async def record_miss(self, miss: Miss) -> None:
        self._misses.append(miss)

    async def misses(self, limit: int = 50) -> list[MissSummary]:
        groups: dict[tuple, list[Miss]] = defaultdict(list)
        for miss in self._misses:
            groups[(miss.kind, miss.question, miss.entry_id)].append(miss)
        summaries = [
            MissSummary(kind, question, entry_id, len(items), max(m.at for m in items))
            for (kind, question, entry_id), items in groups.items()
        ]
        summaries.sort(key=lambda s: (-s.count, -s.last_at.timestamp(), s.question))
        return summaries[:limit]
