"""Load on the app layer: 100 guilds x 50 members answering quizzes and asking questions.

    python -m benchmarks.app_load [--guilds 100] [--members 50] [--rounds 4]
                                  [--postgres-url URL]

Every member, all at once, repeats: answer a quiz question (through
`QuizService.answer`, as the buttons do) and ask an FAQ question (through
`App.ask`, which records what it could not answer). It runs on a fresh SQLite
file and on a fresh PostgreSQL database, then checks that the database holds
exactly the answers and misses sent (`lost` and `doubled` must be 0). Each
member's answers are also sent a second time (a double click), which must not
count.

Without --postgres-url a throwaway PostgreSQL cluster is started on loopback
(tests/postgres_cluster.py); where PostgreSQL is not installed that half is
skipped and says so.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.app import App, AskedVia
from bot.benchmarking import percentile
from bot.config import REPO_ROOT
from bot.engine.faq import Answer
from bot.knowledge import Knowledge, load_knowledge
from bot.store.factory import make_store

QUESTIONS = (
    "what is globalism",
    "whats internationalism",
    "how does the un work",
    "why do people critcise globalisation",
    "what is the paris agreement",
    "when is the next tournament",  # off-topic: recorded as a miss
)


@dataclass(frozen=True, slots=True)
class LoadResult:
    backend: str
    operations: int
    seconds: float
    p50_ms: float
    p99_ms: float
    lost: int
    doubled: int

    @property
    def per_second(self) -> float:
        return self.operations / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.backend}: {self.operations} operations in {self.seconds:.2f} s: "
            f"{self.per_second:,.0f}/s, p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, "
            f"lost {self.lost}, doubled {self.doubled}"
        )


async def run(
    url: str, backend: str, knowledge: Knowledge, guilds: int, members: int, rounds: int
) -> LoadResult:
    store = make_store(url)
    await store.open()
    app = App(knowledge, store)
    questions = knowledge.quiz
    latencies: list[float] = []
    expected_misses = 0

    async def member(guild: int, user: int) -> None:
        nonlocal expected_misses
        rng = random.Random(guild * 1000 + user)
        for n in range(rounds):
            question = questions[rng.randrange(len(questions))]
            given = question.answer if rng.random() < 0.7 else "not the answer"
            key = f"load:{guild}:{user}:{n}"
            started = time.perf_counter()
            first = await app.quiz.answer(
                question, given, user_id=user, guild_id=guild, answer_key=key
            )
            again = await app.quiz.answer(  # the double click
                question, given, user_id=user, guild_id=guild, answer_key=key
            )
            latencies.append(time.perf_counter() - started)
            assert first.counted and not again.counted
            asked = QUESTIONS[rng.randrange(len(QUESTIONS))]
            started = time.perf_counter()
            result = await app.ask(asked, via=AskedVia.COMMAND, guild_id=guild, user_id=user)
            latencies.append(time.perf_counter() - started)
            expected_misses += not isinstance(result, Answer)

    guild_ids = [(g + 1) << 22 for g in range(guilds)]
    started = time.perf_counter()
    await asyncio.gather(
        *(member(guild, 10_000 + m) for guild in guild_ids for m in range(members))
    )
    elapsed = time.perf_counter() - started
    await app.close()
    stored = 0
    for guild in guild_ids:
        for m in range(members):
            stats = await store.quiz_stats(10_000 + m, guild)
            stored += stats.answers if stats else 0
    misses = sum(summary.count for summary in await store.misses(limit=10_000))
    await store.close()
    sent = guilds * members * rounds
    return LoadResult(
        backend,
        len(latencies),
        elapsed,
        percentile(latencies, 0.5) * 1000,
        percentile(latencies, 0.99) * 1000,
        max(sent - stored, 0) + max(expected_misses - misses, 0),
        max(stored - sent, 0) + max(misses - expected_misses, 0),
    )


async def main_async(args: argparse.Namespace) -> int:
    knowledge = load_knowledge(REPO_ROOT / "content")
    results: list[LoadResult] = []
    with tempfile.TemporaryDirectory(prefix="debate-bot-load-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'load.sqlite3'}"
        results.append(await run(url, "sqlite", knowledge, args.guilds, args.members, args.rounds))
    print(results[-1].line(), flush=True)
    cluster = None
    postgres_url = args.postgres_url
    if postgres_url is None:
        try:
            from tests.postgres_cluster import ClusterUnavailable, start_cluster
        except ImportError:
            print("postgresql: skipped (run from a checkout to start a throwaway cluster)")
            return _verdict(results)
        try:
            cluster = start_cluster()
            postgres_url = cluster.create_database()
        except ClusterUnavailable as error:
            print(f"postgresql: skipped, {str(error).splitlines()[0]}")
            return _verdict(results)
    try:
        results.append(
            await run(postgres_url, "postgresql", knowledge, args.guilds, args.members, args.rounds)
        )
        print(results[-1].line(), flush=True)
    finally:
        if cluster is not None:
            cluster.stop()
    sqlite, postgres = results
    print(f"postgresql/sqlite throughput: {postgres.per_second / sqlite.per_second:.2f}x")
    return _verdict(results)


def _verdict(results: list[LoadResult]) -> int:
    bad = [r for r in results if r.lost or r.doubled]
    for r in bad:
        print(f"FAILED: {r.backend} lost {r.lost}, doubled {r.doubled}")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guilds", type=int, default=100)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--postgres-url", default=None)
    args = parser.parse_args(argv)
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
