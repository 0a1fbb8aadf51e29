"""The weekly challenge through its service: posted once (also after a restart), the same
questions for all, one attempt each, resumed after a restart, results closed once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.challenges import ChallengeService
from bot.config import REPO_ROOT
from bot.errors import UserError
from bot.knowledge import load_knowledge
from bot.quizzing import QuizService
from bot.store import MemoryStore, SqliteStore, Store

KNOWLEDGE = load_knowledge(REPO_ROOT / "content")
GUILD, CHANNEL = 4, 40
MONDAY_1800 = datetime(2025, 3, 3, 18, tzinfo=UTC)  # 18:00 in London (winter)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def service(store: Store, clock: Clock) -> ChallengeService:
    return ChallengeService(store, QuizService(store, clock), lambda: KNOWLEDGE, clock)


async def set_up(challenges: ChallengeService) -> None:
    await challenges.setup(GUILD, CHANNEL, "monday", "18:00", "Europe/London", questions=3)


async def test_the_post_is_due_once_at_the_scheduled_time() -> None:
    clock = Clock(MONDAY_1800 - timedelta(minutes=1))
    challenges = service(MemoryStore(), clock)
    await set_up(challenges)
    assert await challenges.due_posts() == []
    clock.now = MONDAY_1800
    [(schedule, post)] = await challenges.due_posts()
    assert schedule.channel_id == CHANNEL and post.week == (2025, 10) and len(post.questions) == 3
    assert await challenges.due_posts() == []  # claimed: never posted twice


async def test_after_downtime_the_open_challenge_is_posted_once_across_a_restart(
    tmp_path: Path,
) -> None:
    clock = Clock(MONDAY_1800 + timedelta(hours=15))  # the bot was down at 18:00
    path = tmp_path / "db.sqlite3"
    async with SqliteStore(path) as store:
        first = service(store, clock)
        await set_up(first)
        assert len(await first.due_posts()) == 1
    clock.now += timedelta(minutes=5)
    async with SqliteStore(path) as store:  # restarted: the claim is in the database
        assert await service(store, clock).due_posts() == []


async def test_one_attempt_each_resumed_after_a_restart_and_results_at_the_deadline(
    tmp_path: Path,
) -> None:
    clock = Clock(MONDAY_1800)
    path = tmp_path / "db.sqlite3"
    async with SqliteStore(path) as store:
        challenges = service(store, clock)
        await set_up(challenges)
        [(_, post)] = await challenges.due_posts()
        turn = await challenges.start(GUILD, 1)
        assert turn.index == 0 and turn.question is not None
        assert turn.question.id == post.questions[0]
        recorded, _, turn = await challenges.answer(GUILD, 1, post.week, 0, turn.question.answer)
        assert recorded.verdict.correct and turn.index == 1
        await challenges.quiz.close()
    async with SqliteStore(path) as store:  # a restart in the middle of the attempt
        challenges = service(store, clock)
        turn = await challenges.start(GUILD, 1)
        assert turn.index == 1  # resumed where it stopped, the first answer kept
        for index in (1, 2):
            assert turn.question is not None
            _, _, turn = await challenges.answer(GUILD, 1, post.week, index, "wrong")
        assert turn.question is None
        with pytest.raises(UserError, match="already"):
            await challenges.start(GUILD, 1)
        other = await challenges.start(GUILD, 2)
        assert [other.question.id if other.question else None] == [post.questions[0]]
        clock.now = post.closes_at
        [(closed, results)] = await challenges.due_closes()
        assert closed.week == post.week and [(a.user_id, a.score) for a in results] == [(1, 1)]
        assert await challenges.due_closes() == []
        with pytest.raises(UserError, match="no challenge open"):
            await challenges.start(GUILD, 3)
        await challenges.quiz.close()


async def test_post_now_and_setup_errors() -> None:
    challenges = service(MemoryStore(), Clock(MONDAY_1800 - timedelta(days=2)))
    with pytest.raises(UserError, match="/challenge setup"):
        await challenges.post_now(GUILD)
    with pytest.raises(UserError, match="not a weekday"):
        await challenges.setup(GUILD, CHANNEL, "someday", "18:00", "UTC")
    with pytest.raises(UserError, match="Europe/London"):
        await challenges.setup(GUILD, CHANNEL, "monday", "18:00", "Mars/Base")
    await set_up(challenges)
    _, post = await challenges.post_now(GUILD)
    assert post.closes_at > challenges.clock()
    with pytest.raises(UserError, match="already been posted"):
        await challenges.post_now(GUILD)
    assert await challenges.disable(GUILD) is True
    assert await challenges.schedule(GUILD) is None


async def test_finishing_the_challenge_in_consecutive_weeks_builds_the_weekly_streak() -> None:
    clock = Clock(MONDAY_1800)
    store = MemoryStore()
    challenges = service(store, clock)
    await set_up(challenges)
    for _ in range(2):
        [(_, post)] = await challenges.due_posts()
        turn = await challenges.start(GUILD, 1)
        while turn.question is not None:
            _, _, turn = await challenges.answer(GUILD, 1, post.week, turn.index, "x")
        clock.now += timedelta(days=7)
    view = await challenges.quiz.streak(1, GUILD)
    assert view.state.weekly_current == 2 and view.weekly_now == 2
    clock.now += timedelta(days=14)  # two weeks without the challenge
    assert (await challenges.quiz.streak(1, GUILD)).weekly_now == 0
    await challenges.quiz.close()
