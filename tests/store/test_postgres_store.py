"""What only a server database promises, on PostgreSQL: the SQLite-only tests' twins, with
two `PostgresStore`s on one database standing for two bot processes.

The contract itself runs on PostgreSQL through the `store` fixture; these add durability
across restarts, migrations applied once when two processes start together, and
concurrent writers that lose nothing and never both win a claim.
"""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import timedelta

import asyncpg
import pytest

import bot.store.pg_migrations
from bot.benchmarking import bench_streaks
from bot.store import PostgresStore
from bot.store.answer_writer import AnswerWriter
from bot.store.base import ChallengeAttempt
from tests.store.test_challenge_store import GUILD as CHALLENGE_GUILD
from tests.store.test_challenge_store import T0 as CHALLENGE_T0
from tests.store.test_challenge_store import WEEK, post
from tests.store.test_quiz_answers import GUILD, answer, recompute
from tests.store.test_store_contract import GUILD as FAQ_GUILD
from tests.store.test_store_contract import T0, miss
from tests.store.test_store_debate import USER, stored

# -- answers --------------------------------------------------------------------------


async def test_1000_answers_from_200_users_on_two_processes(postgres_url: str) -> None:
    rng = random.Random(4)
    async with PostgresStore(postgres_url) as one, PostgresStore(postgres_url) as two:
        writers = [AnswerWriter(one), AnswerWriter(two)]
        plan = {user: [rng.random() < 0.7 for _ in range(5)] for user in range(200)}

        async def play(user: int) -> list[bool]:
            told = []
            for n, correct in enumerate(plan[user]):
                writer = rng.choice(writers)
                told.append(await writer.record(answer(user, n, correct)))
                if n == 2:  # a double click, landing on the other process
                    other = writers[1 - writers.index(writer)]
                    told.append(await other.record(answer(user, n, correct)))
            return told

        results = await asyncio.gather(*(play(user) for user in plan))
        for writer in writers:
            await writer.close()
        assert all(told.count(True) == 5 and told.count(False) == 1 for told in results)
        for user, pattern in plan.items():
            stats = await two.quiz_stats(user, GUILD)
            history = await one.quiz_answers(user, GUILD)
            assert stats is not None
            assert (stats.answers, stats.correct, stats.current_correct, stats.best_correct) == (
                recompute(history)
            )
            assert [a.correct for a in history] == pattern


async def test_the_same_answers_sent_by_two_processes_at_once_count_once(
    postgres_url: str,
) -> None:
    async with PostgresStore(postgres_url) as one, PostgresStore(postgres_url) as two:
        batch = [answer(user, 0, True) for user in range(50)]
        # Opposite orders: the inserts wait on each other's keys, and may deadlock.
        counted = await asyncio.gather(
            *(store.record_answers(b) for store, b in ((one, batch), (two, batch[::-1])))
        )
        assert counted[0] | counted[1] == {a.answer_key for a in batch}
        assert not counted[0] & counted[1]
        histories = [await one.quiz_answers(user, GUILD) for user in range(50)]
        assert [len(h) for h in histories] == [1] * 50
        stats = await two.quiz_stats(7, GUILD)
        assert stats is not None and (stats.answers, stats.current_correct) == (1, 1)


async def test_a_batch_that_deadlocks_with_another_writer_is_retried(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    first, second = answer(1, 0, True), answer(1, 1, False)
    async with PostgresStore(postgres_url) as store:
        other = await asyncpg.connect(postgres_url)
        try:
            async with other.transaction():
                await other.execute(
                    "INSERT INTO quiz_answer (answer_key, user_id, guild_id, question_id, "
                    "correct, timed_out, source, at, local_day) "
                    "VALUES ($1, 2, $2, 'q', true, false, 'practice', $3, '2025-05-01')",
                    second.answer_key,
                    GUILD,
                    second.at,
                )
                recording = asyncio.ensure_future(store.record_answers([first, second]))
                while not await other.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                ):
                    await asyncio.sleep(0.01)
                # The batch holds `first` and waits for `second`: now the other way round.
                await other.execute(
                    "INSERT INTO quiz_answer (answer_key, user_id, guild_id, question_id, "
                    "correct, timed_out, source, at, local_day) "
                    "VALUES ($1, 2, $2, 'q', true, false, 'practice', $3, '2025-05-01')",
                    first.answer_key,
                    GUILD,
                    first.at,
                )
        except asyncpg.DeadlockDetectedError:
            pytest.skip("PostgreSQL chose the test's own transaction to roll back")
        finally:
            await other.close()
        assert await recording == set()  # both keys were the other writer's in the end
        assert "deadlocked" in caplog.text
        stats = await store.quiz_stats(2, GUILD)
        assert stats is not None and stats.answers == 2
        assert await store.quiz_stats(1, GUILD) is None


async def test_answers_are_durable_once_acknowledged(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as store:
        writer = AnswerWriter(store)
        assert await writer.record(answer(9, 0, True)) is True
        # No close(): the process "crashes" after the acknowledgement.
    async with PostgresStore(postgres_url) as reopened:
        stats = await reopened.quiz_stats(9, GUILD)
    assert stats is not None and stats.answers == 1


async def test_closing_the_writer_commits_what_is_queued(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as store:
        writer = AnswerWriter(store)
        pending = [asyncio.ensure_future(writer.record(answer(3, n, True))) for n in range(50)]
        await asyncio.sleep(0)
        await writer.close()
        assert all(await asyncio.gather(*pending))
        stats = await store.quiz_stats(3, GUILD)
        assert stats is not None and (stats.answers, stats.best_correct) == (50, 50)


# -- the weekly challenge ---------------------------------------------------------------


async def test_two_processes_never_both_post(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as first, PostgresStore(postgres_url) as second:
        claims = await asyncio.gather(
            *(s.claim_challenge_post(post()) for s in (first, second) for _ in range(25))
        )
        closes = await asyncio.gather(
            *(
                s.claim_challenge_close(CHALLENGE_GUILD, WEEK)
                for s in (first, second)
                for _ in range(10)
            )
        )
    assert claims.count(True) == 1
    assert closes.count(True) == 1


async def test_one_attempt_per_member_across_two_processes(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as first, PostgresStore(postgres_url) as second:
        await first.claim_challenge_post(post())
        attempt = ChallengeAttempt(CHALLENGE_GUILD, WEEK, 42, CHALLENGE_T0, None, None)
        starts = await asyncio.gather(
            *(s.start_attempt(attempt) for s in (first, second) for _ in range(15))
        )
        assert starts.count(True) == 1
        finished_at = CHALLENGE_T0 + timedelta(minutes=2)
        finishes = await asyncio.gather(
            *(
                s.finish_attempt(CHALLENGE_GUILD, WEEK, 42, score, finished_at)
                for score, s in enumerate((first, second, first, second))
            )
        )
        assert finishes.count(True) == 1
        saved = await second.attempt(CHALLENGE_GUILD, WEEK, 42)
    assert saved is not None and saved.finished_at == finished_at
    assert saved.score == finishes.index(True)


# -- restarts, migrations, concurrency ---------------------------------------------------


async def test_data_survives_close_and_reopen(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as store:
        await store.add_faq_channel(FAQ_GUILD, 7)
        await store.record_misses([miss("who won the debate", minute=3)])
        await store.save_round(stored("r1"))
    async with PostgresStore(postgres_url) as reopened:
        assert await reopened.faq_channels(FAQ_GUILD) == {7}
        (summary,) = await reopened.misses()
        assert (summary.question, summary.count) == ("who won the debate", 1)
        assert summary.last_at == T0 + timedelta(minutes=3)
        assert summary.last_at.utcoffset() == timedelta(0)
        loaded = await reopened.open_round_of(USER)
    assert loaded is not None and loaded.state["nested"] == {"a": [1, 2]}


async def test_migrations_run_once_when_two_processes_start_together(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.store.postgres")
    count = len(bot.store.pg_migrations.migrations())
    assert count >= 1
    stores = [PostgresStore(postgres_url) for _ in range(3)]
    await asyncio.gather(*(s.open() for s in stores))
    try:
        applied = [r for r in caplog.records if r.getMessage().startswith("applied migration")]
        assert len(applied) == count
        assert [await s.schema_version() for s in stores] == [count] * 3
    finally:
        await asyncio.gather(*(s.close() for s in stores))
    caplog.clear()
    async with PostgresStore(postgres_url) as reopened:
        assert await reopened.schema_version() == count
    assert not [r for r in caplog.records if r.getMessage().startswith("applied migration")]
    conn = await asyncpg.connect(postgres_url)
    try:
        versions = await conn.fetch("SELECT version FROM schema_version ORDER BY version")
    finally:
        await conn.close()
    assert [v[0] for v in versions] == list(range(1, count + 1))


async def test_concurrent_writes_lose_nothing(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as store:
        channel_adds = [store.add_faq_channel(FAQ_GUILD, channel) for channel in range(100)]
        miss_writes = [
            store.record_misses([miss(f"question {i % 10}", minute=i)]) for i in range(100)
        ]
        calls = [call for pair in zip(channel_adds, miss_writes, strict=True) for call in pair]
        results = await asyncio.gather(*calls)

        assert results[0::2] == [True] * 100
        assert await store.faq_channels(FAQ_GUILD) == set(range(100))
        summaries = await store.misses()
        assert sorted((s.question, s.count) for s in summaries) == [
            (f"question {i}", 10) for i in range(10)
        ]


# -- the benchmark on PostgreSQL ------------------------------------------------------------


async def test_the_streak_benchmark_runs_on_postgres_twice_over(postgres_url: str) -> None:
    for _ in range(2):  # the second run must not take the first one's answers for repeats
        report = await bench_streaks(20, 3, 1, database_url=postgres_url)
        first, *_, last = report.splitlines()
        assert first.startswith("bot path on postgresql://postgres@127.0.0.1:")
        assert " lost=0 " in last
