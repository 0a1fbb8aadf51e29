"""The weekly challenge: the service between the challenge cog and the engine and store.

Every state change is claimed in the database before anything is sent: the
week's post, each member's single attempt, and the closing results. So a
restart, or a second bot process on the same database, can neither post a
week twice nor count an attempt twice; an attempt cut off by a restart
resumes at its next unanswered question, with the answers already recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.engine.quiz.challenge import (
    ChallengeSchedule,
    Week,
    parse_time,
    parse_weekday,
    questions_for,
)
from bot.errors import UserError
from bot.knowledge import Knowledge
from bot.knowledge.models import QuizQuestion
from bot.quizzing import QuizService, Recorded, zone
from bot.sharding import EVERYTHING, ShardPlan
from bot.store.base import ChallengeAttempt, ChallengePost, Store


def schedule_of(config: dict) -> ChallengeSchedule:
    return ChallengeSchedule(
        config["guild_id"],
        config["channel_id"],
        config["weekday"],
        parse_time(config["at"]),
        config["timezone"],
        config["questions"],
        config["hours_open"],
    )


@dataclass(frozen=True, slots=True)
class Turn:
    """Where a member is in this week's challenge."""

    post: ChallengePost
    index: int
    question: QuizQuestion | None
    """None once every question is answered."""


class ChallengeService:
    def __init__(
        self,
        store: Store,
        quiz: QuizService,
        knowledge: Callable[[], Knowledge],
        clock: Clock,
        shards: ShardPlan = EVERYTHING,
    ) -> None:
        self.store = store
        self.shards = shards
        self.quiz = quiz
        self._knowledge = knowledge
        self.clock = clock

    # -- settings -----------------------------------------------------------

    async def setup(
        self,
        guild_id: int,
        channel_id: int,
        weekday: str,
        at: str,
        timezone: str,
        questions: int = 5,
        hours_open: int = 72,
    ) -> ChallengeSchedule:
        try:
            config = {
                "guild_id": guild_id,
                "channel_id": channel_id,
                "weekday": parse_weekday(weekday),
                "at": parse_time(at).strftime("%H:%M"),
                "timezone": zone(timezone).key,
                "questions": questions,
                "hours_open": hours_open,
            }
            schedule = schedule_of(config)
        except ValueError as error:
            raise UserError(str(error)) from None
        await self.store.save_challenge_config(config)
        return schedule

    async def schedule(self, guild_id: int) -> ChallengeSchedule | None:
        config = await self.store.challenge_config(guild_id)
        return schedule_of(config) if config and config["enabled"] else None

    async def disable(self, guild_id: int) -> bool:
        return await self.store.disable_challenge(guild_id)

    # -- posting and closing --------------------------------------------------

    async def due_posts(self) -> list[tuple[ChallengeSchedule, ChallengePost]]:
        """Posts to send now for this process's guilds, each claimed for this caller alone."""
        now = self.clock()
        out = []
        for config in await self.store.challenge_configs():
            if not self.shards.owns(config["guild_id"]):
                continue
            schedule = schedule_of(config)
            week = schedule.due(now, await self.store.last_challenge_week(schedule.guild_id))
            if week is not None:
                post = await self._claim(schedule, week, schedule.closes(week))
                if post is not None:
                    out.append((schedule, post))
        return out

    async def post_now(self, guild_id: int) -> tuple[ChallengeSchedule, ChallengePost]:
        schedule = await self.schedule(guild_id)
        if schedule is None:
            raise UserError("Set the challenge up first with `/challenge setup`.")
        week = schedule.week_of(self.clock())
        closes = self.clock() + timedelta(hours=schedule.hours_open)
        post = await self._claim(schedule, week, closes)
        if post is None:
            raise UserError("This week's challenge has already been posted.")
        return schedule, post

    async def _claim(
        self, schedule: ChallengeSchedule, week: Week, closes: datetime
    ) -> ChallengePost | None:
        ids = [q.id for q in self._knowledge().quiz]
        post = ChallengePost(
            schedule.guild_id,
            week,
            tuple(questions_for(schedule.guild_id, week, ids, schedule.questions)),
            closes,
            None,
            False,
        )
        return post if await self.store.claim_challenge_post(post) else None

    async def set_message(self, post: ChallengePost, message_id: int) -> None:
        await self.store.set_challenge_message(post.guild_id, post.week, message_id)

    async def due_closes(self) -> list[tuple[ChallengePost, list[ChallengeAttempt]]]:
        """Challenges past their deadline, each claimed for this caller, with their results."""
        now = self.clock()
        out = []
        for post in await self.store.open_challenge_posts():
            if not self.shards.owns(post.guild_id):
                continue
            if post.closes_at <= now and await self.store.claim_challenge_close(
                post.guild_id, post.week
            ):
                out.append((post, await self.store.challenge_results(post.guild_id, post.week)))
        return out

    # -- attempts -----------------------------------------------------------

    def _key(self, post: ChallengePost, user_id: int, index: int) -> str:
        year, week = post.week
        return f"challenge:{post.guild_id}:{year}-W{week:02d}:{user_id}:{index}"

    async def _open_post(self, guild_id: int, week: Week | None = None) -> ChallengePost:
        now = self.clock()
        posts = [p for p in await self.store.open_challenge_posts() if p.guild_id == guild_id]
        posts = [p for p in posts if (week is None or p.week == week) and p.closes_at > now]
        if not posts:
            raise UserError("There is no challenge open right now: watch for the next one.")
        return posts[-1]

    async def start(self, guild_id: int, user_id: int, week: Week | None = None) -> Turn:
        """Start the member's one attempt, or resume it where a restart cut it off."""
        post = await self._open_post(guild_id, week)
        started = await self.store.start_attempt(
            ChallengeAttempt(guild_id, post.week, user_id, self.clock(), None, None)
        )
        if not started:
            attempt = await self.store.attempt(guild_id, post.week, user_id)
            if attempt is not None and attempt.finished_at is not None:
                raise UserError(
                    f"You have taken this week's challenge already (score {attempt.score}/"
                    f"{len(post.questions)}). One attempt each: results come at the deadline."
                )
        return await self._turn(post, user_id)

    async def _turn(self, post: ChallengePost, user_id: int) -> Turn:
        prefix = self._key(post, user_id, 0)[:-1]
        answered = [
            a
            for a in await self.store.quiz_answers(user_id, post.guild_id)
            if a.answer_key.startswith(prefix)
        ]
        index = len(answered)
        questions = self._knowledge().quiz_by_id
        question = questions.get(post.questions[index]) if index < len(post.questions) else None
        return Turn(post, index, question)

    async def answer(
        self, guild_id: int, user_id: int, week: Week, index: int, given: str
    ) -> tuple[Recorded, QuizQuestion, Turn]:
        post = await self._open_post(guild_id, week)
        if await self.store.attempt(guild_id, week, user_id) is None:
            raise UserError("Start the challenge with its button first.")
        turn = await self._turn(post, user_id)
        if turn.question is None or index != turn.index:
            raise UserError("That question is already answered: look at the newest one.")
        recorded = await self.quiz.answer(
            turn.question,
            given,
            user_id=user_id,
            guild_id=guild_id,
            answer_key=self._key(post, user_id, index),
            source="challenge",
        )
        following = await self._turn(post, user_id)
        if following.question is None:
            score = sum(
                a.correct
                for a in await self.store.quiz_answers(user_id, guild_id)
                if a.answer_key.startswith(self._key(post, user_id, 0)[:-1])
            )
            await self.store.finish_attempt(guild_id, week, user_id, score, self.clock())
        return recorded, turn.question, following
