"""The store interface every backend implements, and the values that cross it.

The store is the only place that speaks SQL. Each method is one unit of work:
it is durable when it returns, so a caller tells the user only afterwards.
"""

from __future__ import annotations

from collections.abc import Collection
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


CLOSED_ROUND_STATUSES = ("finished", "expired")


@dataclass(frozen=True, slots=True)
class StoredRound:
    id: str
    guild_id: int | None
    channel_id: int | None
    user_id: int
    status: str
    state: dict
    """The engine's `Round.to_dict()`."""
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class DebateResult:
    round_id: str
    user_id: int
    guild_id: int | None
    motion_id: str
    side: str
    format_key: str
    score: int
    summary: str
    finished_at: datetime


@dataclass(frozen=True, slots=True)
class StoredTimer:
    id: str
    guild_id: int | None
    channel_id: int
    message_id: int | None
    owner_id: int
    state: dict
    updated_at: datetime


# Not frozen: a frozen dataclass's __init__ sets each field through object.__setattr__,
# 1.1 us for these nine against 0.34 us, and one is built for every answer while a
# thousand members answer at once. Nothing changes one after it is built.
@dataclass(slots=True)
class QuizAnswer:
    answer_key: str
    """Idempotency key: the same answer recorded twice is counted once."""
    user_id: int
    guild_id: int
    question_id: str
    correct: bool
    timed_out: bool
    source: str
    """"practice" or "challenge"."""
    at: datetime
    local_day: str
    """The member's calendar date (ISO) at `at`, in their own time zone."""


@dataclass(frozen=True, slots=True)
class QuizStats:
    user_id: int
    guild_id: int
    answers: int
    correct: int
    current_correct: int
    best_correct: int


@dataclass(frozen=True, slots=True)
class ChallengePost:
    guild_id: int
    week: tuple[int, int]
    questions: tuple[str, ...]
    closes_at: datetime
    message_id: int | None
    closed: bool


@dataclass(frozen=True, slots=True)
class ChallengeAttempt:
    guild_id: int
    week: tuple[int, int]
    user_id: int
    started_at: datetime
    finished_at: datetime | None
    score: int | None


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

    async def record_misses(self, misses: list[Miss]) -> None:
        """Record a batch of misses in one transaction."""
        ...

    async def misses(self, limit: int = 50) -> list[MissSummary]:
        """Recorded misses grouped by kind, question and entry; most frequent first."""
        ...

    async def save_round(self, stored: StoredRound) -> None:
        """Insert or replace a round's state."""
        ...

    async def load_round(self, round_id: str) -> StoredRound | None: ...

    async def rounds_with_status(self, status: str) -> list[StoredRound]: ...

    async def open_round_of(self, user_id: int) -> StoredRound | None:
        """The user's round that is neither finished nor expired, if any."""
        ...

    async def finish_round(self, stored: StoredRound, result: DebateResult) -> bool:
        """Save the final state and the result in one transaction; False if already finished."""
        ...

    async def debate_history(self, user_id: int, limit: int = 10) -> list[DebateResult]: ...

    async def sides_argued(self, user_id: int) -> dict[str, int]:
        """How many finished rounds the user argued on each side."""
        ...

    async def save_timer(self, timer: StoredTimer) -> None: ...

    async def load_timer(self, timer_id: str) -> StoredTimer | None: ...

    async def delete_timer(self, timer_id: str) -> None: ...

    async def timers(self) -> list[StoredTimer]: ...

    async def record_answers(self, answers: list[QuizAnswer]) -> set[str]:
        """Record a batch in one transaction; returns the keys that were new (counted)."""
        ...

    async def quiz_stats(self, user_id: int, guild_id: int) -> QuizStats | None: ...

    async def quiz_answers(self, user_id: int, guild_id: int) -> list[QuizAnswer]:
        """A member's answer history, oldest first (to recompute streaks from)."""
        ...

    async def leaderboard(
        self, guild_id: int, by: str, offset: int = 0, limit: int = 10
    ) -> tuple[list[QuizStats], int]:
        """A page of the guild's members ranked `by` "correct" or "streak", and the total."""
        ...

    async def save_challenge_config(self, config: dict) -> None: ...

    async def challenge_configs(self) -> list[dict]:
        """Every enabled guild's challenge settings."""
        ...

    async def challenge_config(self, guild_id: int) -> dict | None: ...

    async def disable_challenge(self, guild_id: int) -> bool: ...

    async def claim_challenge_post(self, post: ChallengePost) -> bool:
        """True for the one caller that gets to post this guild's week."""
        ...

    async def challenge_post(
        self, guild_id: int, week: tuple[int, int]
    ) -> ChallengePost | None: ...

    async def last_challenge_week(self, guild_id: int) -> tuple[int, int] | None: ...

    async def set_challenge_message(
        self, guild_id: int, week: tuple[int, int], message_id: int
    ) -> None: ...

    async def claim_challenge_close(self, guild_id: int, week: tuple[int, int]) -> bool:
        """True for the one caller that gets to post this week's results."""
        ...

    async def open_challenge_posts(self) -> list[ChallengePost]: ...

    async def start_attempt(self, attempt: ChallengeAttempt) -> bool:
        """False when the member has already started this week's challenge."""
        ...

    async def attempt(
        self, guild_id: int, week: tuple[int, int], user_id: int
    ) -> ChallengeAttempt | None: ...

    async def finish_attempt(
        self, guild_id: int, week: tuple[int, int], user_id: int, score: int, at: datetime
    ) -> bool: ...

    async def challenge_results(
        self, guild_id: int, week: tuple[int, int]
    ) -> list[ChallengeAttempt]:
        """Finished attempts, best score first, earliest finish breaking ties."""
        ...

    async def challenge_weeks_done(self, user_id: int, guild_id: int) -> list[tuple[int, int]]:
        """The weeks in which the member finished the guild's challenge."""
        ...

    async def quiz_members(self) -> list[tuple[int, int]]:
        """Every (user, guild) with a recorded answer."""
        ...

    async def set_question_seconds(self, guild_id: int, seconds: int) -> None: ...

    async def question_seconds(self, guild_id: int) -> int | None: ...

    async def set_timezone(self, user_id: int, timezone: str) -> None: ...

    async def timezone(self, user_id: int) -> str | None: ...

    async def timezones(self, user_ids: Collection[int]) -> dict[int, str]:
        """The time zones the given members set; members who set none are left out."""
        ...

    async def all_timezones(self) -> dict[int, str]:
        """Every member's time zone that was set (read once when the bot starts)."""
        ...

    async def export_user(self, user_id: int) -> dict[str, list[dict]]:
        """Every stored row keyed by the member's id, by kind (`privacy_records.KINDS`),
        as plain JSON-able dicts built by `bot.store.privacy_records`; oldest first."""
        ...

    async def forget_user(self, user_id: int, guild_id: int | None = None) -> dict[str, int]:
        """Delete the member's rows in one transaction: everywhere (None), or only the
        rows of one guild, leaving rows that belong to no guild (the time zone).

        Returns how many rows of each kind went, every kind present. The questions of
        their FAQ misses are kept for content authors with the member unlinked
        (user_id NULL); the FAQ_MISSES count is of those.
        """
        ...
