"""The store interface every backend implements, and the values that cross it.

The store is the only place that speaks SQL. Each method is one unit of work:
it is durable when it returns, so a caller tells the user only afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class MissKind(StrEnum):
    NOT_HELPFUL = "not-helpful"
    """A member pressed "not what I asked" under an answer."""
    UNANSWERED = "unanswered"
    """A question put to the bot got no confident answer."""


@dataclass(frozen=True, slots=True)
class Miss:
    kind: MissKind
    question: str
    entry_id: str | None
    guild_id: int | None
    user_id: int | None
    at: datetime


@dataclass(frozen=True, slots=True)
class MissSummary:
    kind: MissKind
    question: str
    entry_id: str | None
    count: int
    last_at: datetime


class Store(Protocol):
    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def faq_channels(self, guild_id: int) -> set[int]: ...

    async def add_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when the channel was added, False when it was already there."""
        ...

    async def remove_faq_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when the channel was removed, False when it was not there."""
        ...

    async def record_miss(self, miss: Miss) -> None: ...

    async def misses(self, limit: int = 50) -> list[MissSummary]:
        """Recorded misses grouped by kind, question and entry; most frequent first."""
        ...
