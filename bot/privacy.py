"""A member's data: a copy of everything stored about them, and deleting it.

The store finds and deletes the rows (one transaction). This service wraps the
export in a header a member can read, and, before deleting, ends what the other
services hold in memory for the member (a practice quiz, a drill, a timer), so
nothing in flight writes their data back a moment later.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass

from bot.clock import Clock
from bot.debating import DebateService
from bot.quizzing import QuizService
from bot.store import privacy_records as records
from bot.store.base import Store
from bot.timekeeping import LiveTimer, TimerService

LABELS = {
    records.QUIZ_ANSWERS: ("quiz answer", "quiz answers"),
    records.QUIZ_TOTALS: ("leaderboard entry", "leaderboard entries"),
    records.TIME_ZONE: ("time zone", "time zones"),
    records.CHALLENGE_ATTEMPTS: ("weekly challenge attempt", "weekly challenge attempts"),
    records.DEBATE_ROUNDS: ("debate round", "debate rounds"),
    records.DEBATE_RESULTS: ("debate result", "debate results"),
    records.TIMERS: ("timer", "timers"),
    records.FAQ_MISSES: ("FAQ question", "FAQ questions"),
}
"""How each kind of record is named to a member, singular and plural."""

DELETED_KINDS = tuple(k for k in records.KINDS if k != records.FAQ_MISSES)
"""The kinds forgetting deletes; FAQ misses are unlinked from the member instead."""


def counted(kind: str, n: int) -> str:
    one, many = LABELS[kind]
    return f"{n} {one if n == 1 else many}"


def describe(counts: dict[str, int], kinds: tuple[str, ...] = DELETED_KINDS) -> str:
    """The non-zero counts of `kinds` in words ("8 quiz answers, 1 time zone")."""
    return ", ".join(counted(k, counts[k]) for k in kinds if counts.get(k))


@dataclass(frozen=True, slots=True)
class Forgotten:
    counts: dict[str, int]
    """Rows gone, per kind; for FAQ_MISSES, questions kept without the member's id."""
    ended_timers: tuple[LiveTimer, ...] = ()
    """Timers the member started, stopped: their messages still show them running."""

    @property
    def deleted(self) -> int:
        return sum(self.counts[k] for k in DELETED_KINDS)

    @property
    def unlinked(self) -> int:
        return self.counts[records.FAQ_MISSES]


@dataclass(frozen=True, slots=True)
class Export:
    document: dict
    counts: dict[str, int]

    @property
    def empty(self) -> bool:
        return not any(self.counts.values())

    def to_json(self) -> bytes:
        return (json.dumps(self.document, indent=2, ensure_ascii=False) + "\n").encode()


class PrivacyService:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        quiz: QuizService | None = None,
        debate: DebateService | None = None,
        timers: TimerService | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.quiz = quiz
        self.debate = debate
        self.timers = timers

    async def export(self, user_id: int, *, bot_name: str) -> Export:
        """Everything stored about the member, with a header saying what the file is."""
        data = await self.store.export_user(user_id)
        document = {
            "about": (
                f"Everything {bot_name} stores about Discord user {user_id}, exported at "
                "their request. Each section lists records of one kind, oldest first; times "
                "are ISO 8601 (UTC unless an offset says otherwise), server_id and "
                "channel_id are Discord ids. /privacy forget deletes all of it."
            ),
            "bot": bot_name,
            "user_id": user_id,
            "exported_at": self.clock().isoformat(),
            "data": data,
        }
        return Export(document, {kind: len(rows) for kind, rows in data.items()})

    async def stored(self, user_id: int, guild_id: int | None = None) -> dict[str, int]:
        """How many records of each kind forgetting would touch (in one guild, or all)."""
        data = await self.store.export_user(user_id)
        if guild_id is None:
            return {kind: len(rows) for kind, rows in data.items()}
        return {
            kind: 0
            if kind in records.GLOBAL_KINDS
            else sum(1 for row in rows if row.get("server_id") == guild_id)
            for kind, rows in data.items()
        }

    async def forget(self, user_id: int, guild_id: int | None = None) -> Forgotten:
        """Delete the member's data (in one guild, or everywhere) and end what they have
        going there: nothing in progress may write it back afterwards."""
        if self.quiz:
            self.quiz.forget_member(user_id, guild_id)
        # A drill lives only in memory and belongs to no server: only a full forget ends it.
        if self.debate and guild_id is None:
            self.debate.finish_drill(user_id)
        ended_timers = await self.timers.drop_owned_by(user_id, guild_id) if self.timers else []
        lock = self.debate.member_lock(user_id) if self.debate else contextlib.nullcontext()
        async with lock:
            counts = await self.store.forget_user(user_id, guild_id)
        return Forgotten(counts, tuple(ended_timers))
