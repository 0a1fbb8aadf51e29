"""The counters every store keeps equal a replay of the answer history, however the
answers are cut into batches and however members are mixed within one."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store import QuizAnswer, SqliteStore, Store
from bot.store.sqlite_answers import COLUMN_COUNT, AnswerStatements

T0 = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
GUILD = 9


def replay(correct: list[bool]) -> tuple[int, int, int, int]:
    current = best = 0
    for right in correct:
        current = current + 1 if right else 0
        best = max(best, current)
    return len(correct), sum(correct), current, best


async def test_counters_equal_a_replay_for_random_batches(store: Store) -> None:
    await record_random_batches_and_compare(store)


async def test_sqlite_batches_beyond_one_statements_values_count_the_same(
    tmp_path: Path,
) -> None:
    """Where SQLite binds few values per statement, bigger batches go in as JSON."""
    async with SqliteStore(tmp_path / "db.sqlite3") as store:
        store.answer_statements = AnswerStatements(max_variables=4 * COLUMN_COUNT)
        await record_random_batches_and_compare(store)


async def record_random_batches_and_compare(store: Store) -> None:
    rng = random.Random(11)
    users = range(1, 9)
    # Each member's answers in order, with long runs and lone wrong answers both likely.
    plan = {u: [rng.random() < (0.9 if u % 2 else 0.5) for _ in range(60)] for u in users}
    queue = [(u, n) for u in users for n in range(60)]
    # Interleave members while keeping each member's own order.
    order: list[tuple[int, int]] = []
    cursors = dict.fromkeys(users, 0)
    while len(order) < len(queue):
        u = rng.choice([u for u in users if cursors[u] < 60])
        order.append((u, cursors[u]))
        cursors[u] += 1
    sent = 0
    previous: list[QuizAnswer] = []
    while sent < len(order):
        size = rng.choice([1, 2, 3, 7, 20, 64])
        batch = [
            QuizAnswer(
                f"{u}:{n}",
                u,
                GUILD,
                f"q{n}",
                plan[u][n],
                False,
                "practice",
                T0 + timedelta(seconds=n),
                "2025-06-02",
            )
            for u, n in order[sent : sent + size]
        ]
        # Repeats, from the batch before or within this one, count nothing twice.
        if rng.random() < 0.3:
            batch = [*previous[-2:], *batch, *batch[:1]]
        await store.record_answers(batch)
        previous = batch
        sent += size
    for user, correct in plan.items():
        stats = await store.quiz_stats(user, GUILD)
        assert stats is not None
        expected = replay(correct)
        assert (stats.answers, stats.correct, stats.current_correct, stats.best_correct) == expected
        assert [a.correct for a in await store.quiz_answers(user, GUILD)] == correct


async def test_the_statements_compiled_at_start_up_record_nothing(tmp_path: Path) -> None:
    async with SqliteStore(tmp_path / "db.sqlite3") as store:
        assert await store.quiz_answers(1, GUILD) == []
        assert await store.leaderboard(GUILD, "correct") == ([], 0)
    sizes = [len(params) // COLUMN_COUNT for _, params in AnswerStatements(99).warm_ups()]
    # every size a batch can be given: the powers of two, then the most one statement binds
    assert sizes == [1, 2, 4, 8, 11]
