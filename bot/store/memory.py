"""An in-memory store with the same behaviour as SQLite, for the console's dry runs and tests."""

from __future__ import annotations

from collections import defaultdict

from bot.store.base import (
    CLOSED_ROUND_STATUSES,
    DebateResult,
    Miss,
    MissSummary,
    StoredRound,
    StoredTimer,
)


class MemoryStore:
    def __init__(self) -> None:
        self._channels: dict[int, set[int]] = defaultdict(set)
        self._misses: list[Miss] = []
        self._rounds: dict[str, StoredRound] = {}
        self._results: dict[str, DebateResult] = {}
        self._timers: dict[str, StoredTimer] = {}

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

    async def save_round(self, stored: StoredRound) -> None:
        self._rounds[stored.id] = stored

    async def load_round(self, round_id: str) -> StoredRound | None:
        return self._rounds.get(round_id)

    async def rounds_with_status(self, status: str) -> list[StoredRound]:
        found = [r for r in self._rounds.values() if r.status == status]
        return sorted(found, key=lambda r: r.updated_at)

    async def open_round_of(self, user_id: int) -> StoredRound | None:
        found = [
            r
            for r in self._rounds.values()
            if r.user_id == user_id and r.status not in CLOSED_ROUND_STATUSES
        ]
        return max(found, key=lambda r: r.updated_at) if found else None

    async def finish_round(self, stored: StoredRound, result: DebateResult) -> bool:
        if result.round_id in self._results:
            return False
        self._results[result.round_id] = result
        self._rounds[stored.id] = stored
        return True

    async def debate_history(self, user_id: int, limit: int = 10) -> list[DebateResult]:
        mine = [r for r in self._results.values() if r.user_id == user_id]
        return sorted(mine, key=lambda r: r.finished_at, reverse=True)[:limit]

    async def sides_argued(self, user_id: int) -> dict[str, int]:
        counts = {"proposition": 0, "opposition": 0}
        for result in self._results.values():
            if result.user_id == user_id:
                counts[result.side] += 1
        return counts

    async def save_timer(self, timer: StoredTimer) -> None:
        self._timers[timer.id] = timer

    async def load_timer(self, timer_id: str) -> StoredTimer | None:
        return self._timers.get(timer_id)

    async def delete_timer(self, timer_id: str) -> None:
        self._timers.pop(timer_id, None)

    async def timers(self) -> list[StoredTimer]:
        return sorted(self._timers.values(), key=lambda t: t.updated_at)
