"""Recording quiz answers: concurrent answers lose nothing, repeats count once, and the
counters kept by the database equal a recompute from the answer history."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store import QuizAnswer, SqliteStore, Store
from bot.store.answer_writer import AnswerWriter

T0 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
GUILD = 5


def answer(user: int, n: int, correct: bool, *, key: str | None = None) -> QuizAnswer:
    at = T0 + timedelta(seconds=n)
    return QuizAnswer(
        key or f"{user}:{n}",
        user,
        GUILD,
        f"q{n % 7}",
        correct,
        False,
        "practice",
        at,
        at.date().isoformat(),
    )


def recompute(answers: list[QuizAnswer]) -> tuple[int, int, int, int]:
    current = best = correct = 0
    for a in answers:
        current = current + 1 if a.correct else 0
        best = max(best, current)
        correct += a.correct
    return len(answers), correct, current, best


async def test_streak_counters_follow_the_answers(store: Store) -> None:
    pattern = [True, True, False, True, True, True, False, True]
    counted = await store.record_answers([answer(1, n, c) for n, c in enumerate(pattern)])
    assert len(counted) == len(pattern)
    stats = await store.quiz_stats(1, GUILD)
    assert stats is not None
    assert (stats.answers, stats.correct, stats.current_correct, stats.best_correct) == (8, 6, 1, 3)


async def test_a_repeated_answer_counts_once_in_any_batch(store: Store) -> None:
    first = await store.record_answers([answer(1, 0, True), answer(1, 0, True)])
    again = await store.record_answers([answer(1, 0, True)])
    assert first == {"1:0"} and again == set()
    stats = await store.quiz_stats(1, GUILD)
    assert stats is not None and stats.answers == 1


async def test_real_discord_ids_and_any_text_are_stored_exactly(store: Store) -> None:
    user, guild = 1_234_567_890_123_456_789, 987_654_321_098_765_432
    at = T0.replace(microsecond=123456)
    given = QuizAnswer('k "ü" 🙂', user, guild, "q-ü", True, False, "challenge", at, "2025-05-01")
    assert await store.record_answers([given]) == {given.answer_key}
    assert await store.quiz_answers(user, guild) == [given]
    assert await store.quiz_members() == [(user, guild)]


async def test_a_batch_mixing_new_and_repeated_answers_reports_only_the_new(store: Store) -> None:
    await store.record_answers([answer(1, n, True) for n in range(3)])
    batch = [answer(1, n, True) for n in range(1, 6)] + [answer(2, 0, False), answer(1, 4, True)]
    counted = await store.record_answers(batch)
    assert counted == {"1:3", "1:4", "1:5", "2:0"}
    stats = await store.quiz_stats(1, GUILD)
    assert stats is not None and (stats.answers, stats.current_correct) == (6, 6)


async def test_1000_answers_from_200_users_at_once(tmp_path: Path) -> None:
    rng = random.Random(4)
    async with SqliteStore(tmp_path / "db.sqlite3") as store:
        writer = AnswerWriter(store)
        plan = {user: [rng.random() < 0.7 for _ in range(5)] for user in range(200)}

        async def play(user: int) -> list[bool]:
            told = []
            for n, correct in enumerate(plan[user]):
                told.append(await writer.record(answer(user, n, correct)))
                if n == 2:  # a double click: the same answer again
                    told.append(await writer.record(answer(user, n, correct)))
            return told

        results = await asyncio.gather(*(play(user) for user in plan))
        await writer.close()
        assert all(told.count(True) == 5 and told.count(False) == 1 for told in results)
        for user, pattern in plan.items():
            stats = await store.quiz_stats(user, GUILD)
            history = await store.quiz_answers(user, GUILD)
            assert stats is not None
            assert (stats.answers, stats.correct, stats.current_correct, stats.best_correct) == (
                recompute(history)
            )
            assert [a.correct for a in history] == pattern


async def test_answers_are_durable_once_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    async with SqliteStore(path) as store:
        writer = AnswerWriter(store)
        assert await writer.record(answer(9, 0, True)) is True
        # No close(): the process "crashes" after the acknowledgement.
    async with SqliteStore(path) as reopened:
        stats = await reopened.quiz_stats(9, GUILD)
    assert stats is not None and stats.answers == 1


async def test_closing_the_writer_commits_what_is_queued(tmp_path: Path) -> None:
    async with SqliteStore(tmp_path / "db.sqlite3") as store:
        writer = AnswerWriter(store)
        pending = [asyncio.ensure_future(writer.record(answer(3, n, True))) for n in range(50)]
        await asyncio.sleep(0)
        await writer.close()
        assert all(await asyncio.gather(*pending))
        stats = await store.quiz_stats(3, GUILD)
        assert stats is not None and stats.answers == 50


async def test_timezones_are_remembered(store: Store) -> None:
    assert await store.timezone(1) is None
    await store.set_timezone(1, "Europe/London")
    await store.set_timezone(1, "Asia/Tokyo")
    assert await store.timezone(1) == "Asia/Tokyo"
    await store.set_timezone(2, "America/New_York")
    assert await store.timezones([1, 2, 3]) == {1: "Asia/Tokyo", 2: "America/New_York"}
    assert await store.timezones(range(1000, 2200)) == {}
    assert await store.all_timezones() == {1: "Asia/Tokyo", 2: "America/New_York"}


async def test_the_leaderboard_ranks_and_pages_one_guild(store: Store) -> None:
    answers = []
    for user, pattern in {
        1: [True] * 3,
        2: [True, False, True, True, True, True],
        3: [False],
    }.items():
        answers += [answer(user, n, c) for n, c in enumerate(pattern)]
    answers.append(
        QuizAnswer("other", 9, GUILD + 1, "q", True, False, "practice", T0, T0.date().isoformat())
    )
    await store.record_answers(answers)
    by_correct, total = await store.leaderboard(GUILD, "correct")
    assert total == 3 and [s.user_id for s in by_correct] == [2, 1, 3]
    by_streak, _ = await store.leaderboard(GUILD, "streak")
    assert [(s.user_id, s.best_correct) for s in by_streak] == [(2, 4), (1, 3), (3, 0)]
    page, total = await store.leaderboard(GUILD, "correct", offset=2, limit=2)
    assert [s.user_id for s in page] == [3] and total == 3


async def test_a_members_history_comes_back_in_order_of_time_only_their_own(store: Store) -> None:
    # Recorded out of time order (a late batch), among another member's and another guild's.
    late, early = answer(1, 5, True), answer(1, 2, False)
    other_member = answer(2, 3, True)
    other_guild = QuizAnswer("g", 1, GUILD + 1, "q0", True, False, "practice", T0, "2025-05-01")
    await store.record_answers([late, other_member, early, other_guild])
    assert [a.answer_key for a in await store.quiz_answers(1, GUILD)] == ["1:2", "1:5"]
