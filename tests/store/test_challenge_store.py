"""The weekly challenge in the store: each week posted once, one attempt per member, results
closed once, even when many tasks (or two processes on one file) try at the same moment."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store import SqliteStore, Store
from bot.store.base import ChallengeAttempt, ChallengePost

T0 = datetime(2025, 3, 3, 18, tzinfo=UTC)
WEEK = (2025, 10)
GUILD = 4


def post(week=WEEK) -> ChallengePost:
    return ChallengePost(GUILD, week, ("q1", "q2", "q3"), T0 + timedelta(hours=72), None, False)


async def test_a_week_is_claimed_for_posting_exactly_once(store: Store) -> None:
    claims = await asyncio.gather(*(store.claim_challenge_post(post()) for _ in range(50)))
    assert claims.count(True) == 1
    assert await store.last_challenge_week(GUILD) == WEEK
    await store.set_challenge_message(GUILD, WEEK, 777)
    saved = await store.challenge_post(GUILD, WEEK)
    assert saved is not None and saved.message_id == 777 and saved.questions == ("q1", "q2", "q3")


async def test_two_processes_on_one_file_never_both_post(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    async with SqliteStore(path) as first, SqliteStore(path) as second:
        claims = await asyncio.gather(
            *(s.claim_challenge_post(post()) for s in (first, second) for _ in range(10))
        )
    assert claims.count(True) == 1


async def test_one_attempt_per_member_even_when_started_at_once(store: Store) -> None:
    await store.claim_challenge_post(post())
    attempt = ChallengeAttempt(GUILD, WEEK, 42, T0, None, None)
    starts = await asyncio.gather(*(store.start_attempt(attempt) for _ in range(30)))
    assert starts.count(True) == 1
    assert await store.finish_attempt(GUILD, WEEK, 42, 3, T0 + timedelta(minutes=2)) is True
    assert await store.finish_attempt(GUILD, WEEK, 42, 1, T0 + timedelta(minutes=3)) is False
    saved = await store.attempt(GUILD, WEEK, 42)
    assert saved is not None and saved.score == 3


async def test_results_rank_by_score_then_who_finished_first(store: Store) -> None:
    await store.claim_challenge_post(post())
    for user, score, minute in [(1, 2, 5), (2, 3, 9), (3, 3, 4), (4, 0, 1)]:
        await store.start_attempt(ChallengeAttempt(GUILD, WEEK, user, T0, None, None))
        await store.finish_attempt(GUILD, WEEK, user, score, T0 + timedelta(minutes=minute))
    await store.start_attempt(ChallengeAttempt(GUILD, WEEK, 5, T0, None, None))  # unfinished
    assert [a.user_id for a in await store.challenge_results(GUILD, WEEK)] == [3, 2, 1, 4]


async def test_results_are_closed_once_and_leave_the_open_list(store: Store) -> None:
    await store.claim_challenge_post(post())
    assert [p.week for p in await store.open_challenge_posts()] == [WEEK]
    closes = await asyncio.gather(*(store.claim_challenge_close(GUILD, WEEK) for _ in range(10)))
    assert closes.count(True) == 1
    assert await store.open_challenge_posts() == []


async def test_settings_are_saved_and_disabled(store: Store) -> None:
    config = {
        "guild_id": GUILD,
        "channel_id": 9,
        "weekday": 0,
        "at": "18:00",
        "timezone": "Europe/London",
        "questions": 5,
        "hours_open": 72,
    }
    await store.save_challenge_config(config)
    assert [c["guild_id"] for c in await store.challenge_configs()] == [GUILD]
    assert await store.disable_challenge(GUILD) is True
    assert await store.disable_challenge(GUILD) is False
    assert await store.challenge_configs() == []
    saved = await store.challenge_config(GUILD)
    assert saved is not None and saved["timezone"] == "Europe/London"
