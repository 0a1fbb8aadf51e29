"""Quiz answers: the one path every door uses to check and record an answer.

The verdict comes from the engine; the answer goes through the batching
writer, and the caller is told it counted only once it is durable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.clock import Clock
from bot.engine.quiz.checking import Verdict, check_answer
from bot.engine.quiz.streaks import AnswerEvent, StreakState, current_daily, replay
from bot.errors import UserError
from bot.knowledge.models import QuizQuestion
from bot.store.answer_writer import AnswerWriter
from bot.store.base import QuizAnswer, QuizStats, Store

DEFAULT_TIMEZONE = "UTC"


@dataclass(frozen=True, slots=True)
class StreakView:
    state: StreakState
    daily_now: int
    """The daily streak as it stands today (0 once more days are missed than freezes cover)."""
    timezone: str


@dataclass(frozen=True, slots=True)
class Mismatch:
    user_id: int
    guild_id: int
    stored: tuple[int, int, int, int]
    recomputed: tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Recorded:
    verdict: Verdict
    counted: bool
    """False when this exact answer had been recorded already (a double click)."""


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(
            f"{name!r} is not a time zone I know. Use a name like Europe/London, "
            "America/New_York or Asia/Tokyo."
        ) from None


class QuizService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.writer = AnswerWriter(store)
        self._zones: dict[int, ZoneInfo] = {}

    async def member_zone(self, user_id: int) -> ZoneInfo:
        if user_id not in self._zones:
            self._zones[user_id] = zone(await self.store.timezone(user_id) or DEFAULT_TIMEZONE)
        return self._zones[user_id]

    async def set_timezone(self, user_id: int, name: str) -> str:
        found = zone(name)
        await self.store.set_timezone(user_id, found.key)
        self._zones[user_id] = found
        return found.key

    async def answer(
        self,
        question: QuizQuestion,
        given: str | None,
        *,
        user_id: int,
        guild_id: int,
        answer_key: str,
        source: str = "practice",
        at: datetime | None = None,
    ) -> Recorded:
        """Check and record one answer; `given=None` is a timeout (recorded as wrong)."""
        verdict = (
            check_answer(question, given)
            if given is not None
            else Verdict(False, question.answer, None)
        )
        moment = at or self.clock()
        local_day = moment.astimezone(await self.member_zone(user_id)).date().isoformat()
        counted = await self.writer.record(
            QuizAnswer(
                answer_key,
                user_id,
                guild_id,
                question.id,
                verdict.correct,
                given is None,
                source,
                moment,
                local_day,
            )
        )
        return Recorded(verdict, counted)

    async def stats(self, user_id: int, guild_id: int) -> QuizStats | None:
        return await self.store.quiz_stats(user_id, guild_id)

    async def streak(self, user_id: int, guild_id: int) -> StreakView:
        """Every streak, recomputed from the answer history in the member's time zone."""
        tz = (await self.member_zone(user_id)).key
        history = await self.store.quiz_answers(user_id, guild_id)
        state = replay(
            (
                AnswerEvent(
                    a.user_id, a.guild_id, a.at, a.correct, a.timed_out, a.question_id, a.source
                )
                for a in history
            ),
            tz=tz,
        )
        return StreakView(state, current_daily(state, self.clock(), tz), tz)

    async def recompute(self) -> list[Mismatch]:
        """Members whose live counters differ from a recompute from their history."""
        mismatches: list[Mismatch] = []
        for user_id, guild_id in await self.store.quiz_members():
            live = await self.store.quiz_stats(user_id, guild_id)
            view = await self.streak(user_id, guild_id)
            s = view.state
            again = (s.answers, s.correct, s.current_correct, s.best_correct)
            stored = (
                (live.answers, live.correct, live.current_correct, live.best_correct)
                if live
                else (0, 0, 0, 0)
            )
            if again != stored:
                mismatches.append(Mismatch(user_id, guild_id, stored, again))
        return mismatches

    async def close(self) -> None:
        await self.writer.close()
