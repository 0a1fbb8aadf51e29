"""`debate-bot bench streaks`: quiz answers recorded per second, through the bot's own path.

Each simulated member answers in turn (the next answer only after the last one
was acknowledged, as a member pressing buttons would), in practice sessions of
five questions, all members at once. Every answer goes through
`QuizService.answer`, the path the Discord and console doors use: checked,
queued to the batching writer, acknowledged once its commit is durable.
Afterwards the stored counts are compared with what was sent (`lost`). The
baseline, in the same run, is the naive design: a new connection per answer
that reads the member's count, adds one in Python and writes it back.
`--database-url` runs the bot path on another database (PostgreSQL, say); the
baseline stays on SQLite, so its figure is comparable. The bot path runs
`--rounds` times (3 by default) and the summary line gives the rounds' medians:
on a shared machine one run alone measures the hour.
"""

from __future__ import annotations

import asyncio
import secrets
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.app import App
from bot.clock import utc_now
from bot.config import REPO_ROOT
from bot.knowledge import Knowledge, load_knowledge
from bot.quizzing import new_session_id, practice_answer_key
from bot.store.factory import make_store
from bot.store.postgres import without_password

GUILD = 1
# Members answer in practice sessions of /quiz start's default length, under the
# answer keys the bot gives them: how keys fall in the database's index decides
# how much each batch rewrites.
SESSION_QUESTIONS = 5


@dataclass(frozen=True, slots=True)
class BenchResult:
    answers: int
    seconds: float
    p50_ms: float
    p99_ms: float
    lost: int

    @property
    def per_second(self) -> float:
        return self.answers / self.seconds if self.seconds else 0.0


def percentile(values: list[float], q: float) -> float:
    """The value below which a share `q` of `values` lies (0 for none)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


async def run_bot_path(
    knowledge: Knowledge, database_url: str, users: int, answers: int, *, guild: int = GUILD
) -> BenchResult:
    question = next(q for q in knowledge.quiz)
    latencies: list[float] = []
    async with make_store(database_url) as store:
        app = App(knowledge, store)
        await app.start()  # as the bot does before it takes work
        quiz = app.quiz

        async def member(user: int) -> None:
            session = ""
            for n in range(answers):
                index = n % SESSION_QUESTIONS
                if index == 0:
                    session = new_session_id(utc_now())
                given = question.answer if (user + n) % 3 else "wrong"
                started = time.perf_counter()
                await quiz.answer(
                    question,
                    given,
                    user_id=user,
                    guild_id=guild,
                    answer_key=practice_answer_key(session, user, index),
                )
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(member(user) for user in range(users)))
        elapsed = time.perf_counter() - started
        await app.close()
        stored = 0
        for user in range(users):
            stats = await store.quiz_stats(user, guild)
            stored += stats.answers if stats else 0
    sent = users * answers
    return BenchResult(
        sent,
        elapsed,
        percentile(latencies, 0.5) * 1000,
        percentile(latencies, 0.99) * 1000,
        sent - stored,
    )


async def run_naive(path: Path, users: int, answers: int) -> BenchResult:
    """A connection per answer, read-modify-write in Python: what not to do."""
    async with aiosqlite.connect(path) as db:
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("CREATE TABLE counts (user_id INTEGER PRIMARY KEY, answers INTEGER)")
        await db.executemany("INSERT INTO counts VALUES (?, 0)", [(u,) for u in range(users)])
        await db.commit()
    latencies: list[float] = []

    async def member(user: int) -> None:
        for _ in range(answers):
            started = time.perf_counter()
            async with aiosqlite.connect(path, timeout=60) as db:
                async with db.execute(
                    "SELECT answers FROM counts WHERE user_id = ?", (user,)
                ) as cursor:
                    (count,) = await cursor.fetchone()  # type: ignore[misc]
                await db.execute(
                    "UPDATE counts SET answers = ? WHERE user_id = ?", (count + 1, user)
                )
                await db.commit()
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(member(user) for user in range(users)))
    elapsed = time.perf_counter() - started
    async with aiosqlite.connect(path) as db, db.execute("SELECT SUM(answers) FROM counts") as c:
        (stored,) = await c.fetchone()  # type: ignore[misc]
    sent = users * answers
    return BenchResult(
        sent,
        elapsed,
        percentile(latencies, 0.5) * 1000,
        percentile(latencies, 0.99) * 1000,
        sent - stored,
    )


async def bench_streaks(
    users: int,
    answers: int,
    baseline_answers: int = 2,
    *,
    database_url: str | None = None,
    rounds: int = 3,
) -> str:
    """The bot path `rounds` times, each on a fresh database (default: a temporary SQLite
    file), then the baseline once on SQLite; the summary gives the rounds' medians, and
    `lost` counts over all of them. A given database keeps the run's answers, under a
    guild id of each round's own, so that answers left by an earlier run are never taken
    for this run's repeats.

    This machine's throughput moves by a third within minutes (other tenants): one run
    alone says more about the hour than about the code, so each round is printed and
    the summary gives the median of each figure."""
    knowledge = load_knowledge(REPO_ROOT / "content")
    ours: list[BenchResult] = []
    where = "" if database_url is None else f" on {without_password(database_url)}"
    with tempfile.TemporaryDirectory(prefix="debate-bot-bench-") as tmp:
        for number in range(rounds):
            if database_url is None:
                url = f"sqlite:///{Path(tmp) / f'bot-{number}.sqlite3'}"
                ours.append(await run_bot_path(knowledge, url, users, answers))
            else:
                guild = secrets.randbelow(2**62) + 1
                ours.append(
                    await run_bot_path(knowledge, database_url, users, answers, guild=guild)
                )
        naive = await run_naive(Path(tmp) / "naive.sqlite3", users, baseline_answers)
    lines = [
        f"bot path{where}, round {number}: {result.answers} answers from {users} concurrent "
        f"members in {result.seconds:.2f} s: {result.per_second:,.0f}/s, "
        f"p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, lost {result.lost}"
        for number, result in enumerate(ours, 1)
    ]
    per_second = statistics.median(result.per_second for result in ours)
    p99 = statistics.median(result.p99_ms for result in ours)
    lost = sum(result.lost for result in ours)
    lines += [
        f"median of {rounds} round(s): {per_second:,.0f}/s, p99 {p99:.1f} ms; lost {lost} in all",
        f"baseline (connection per answer, read-modify-write): {naive.answers} answers "
        f"({baseline_answers} each) in {naive.seconds:.2f} s: {naive.per_second:,.0f}/s, "
        f"p99 {naive.p99_ms:.1f} ms, lost {naive.lost}",
        f"answers/s={per_second:.0f} p99_ms={p99:.1f} lost={lost} "
        f"baseline_answers/s={naive.per_second:.0f}",
    ]
    return "\n".join(lines)
