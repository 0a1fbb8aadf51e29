"""One contract for every Store (SQLite and in-memory), then what only SQLite promises:
durability across restarts, migrations applied once, WAL, and no lost concurrent writes.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import bot.store.migrations
from bot.store import Miss, MissKind, SqliteStore, Store

T0 = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
GUILD, OTHER_GUILD = 111, 222


def miss(
    question: str,
    kind: MissKind = MissKind.UNANSWERED,
    entry_id: str | None = None,
    *,
    minute: int = 0,
) -> Miss:
    return Miss(kind, question, entry_id, GUILD, 42, T0 + timedelta(minutes=minute))


# -- FAQ channels -----------------------------------------------------------------


async def test_a_new_store_has_no_channels_and_no_misses(store: Store):
    assert await store.faq_channels(GUILD) == set()
    assert await store.misses() == []


async def test_adding_a_channel_twice_says_it_was_already_there(store: Store):
    assert await store.add_faq_channel(GUILD, 1) is True
    assert await store.add_faq_channel(GUILD, 1) is False
    assert await store.faq_channels(GUILD) == {1}


async def test_removing_a_channel(store: Store):
    await store.add_faq_channel(GUILD, 1)
    await store.add_faq_channel(GUILD, 2)
    assert await store.remove_faq_channel(GUILD, 1) is True
    assert await store.faq_channels(GUILD) == {2}
    assert await store.remove_faq_channel(GUILD, 1) is False


async def test_removing_a_channel_that_was_never_added(store: Store):
    assert await store.remove_faq_channel(GUILD, 99) is False
    assert await store.faq_channels(GUILD) == set()


async def test_guilds_keep_separate_channel_lists(store: Store):
    assert await store.add_faq_channel(GUILD, 1) is True
    assert await store.add_faq_channel(OTHER_GUILD, 1) is True  # same channel id, other guild
    assert await store.add_faq_channel(OTHER_GUILD, 2) is True
    assert await store.remove_faq_channel(GUILD, 2) is False
    assert await store.remove_faq_channel(OTHER_GUILD, 1) is True
    assert await store.faq_channels(GUILD) == {1}
    assert await store.faq_channels(OTHER_GUILD) == {2}


# -- misses -------------------------------------------------------------------


async def test_misses_count_the_same_question_kind_and_entry_together(store: Store):
    await store.record_misses(
        [miss("what is globalism", MissKind.NOT_HELPFUL, "what-is-globalism")]
    )
    await store.record_misses(
        [miss("what is globalism", MissKind.NOT_HELPFUL, "what-is-globalism", minute=5)]
    )
    # same question, but another entry shown or another kind: separate rows
    await store.record_misses(
        [miss("what is globalism", MissKind.NOT_HELPFUL, "what-is-nationalism")]
    )
    await store.record_misses([miss("what is globalism", MissKind.UNANSWERED)])

    summaries = await store.misses()
    groups = {(s.kind, s.question, s.entry_id): s for s in summaries}
    assert len(summaries) == 3
    top = groups[(MissKind.NOT_HELPFUL, "what is globalism", "what-is-globalism")]
    assert top.count == 2
    assert top.last_at == T0 + timedelta(minutes=5)
    assert groups[(MissKind.NOT_HELPFUL, "what is globalism", "what-is-nationalism")].count == 1
    assert groups[(MissKind.UNANSWERED, "what is globalism", None)].count == 1
    assert summaries[0] == top


async def test_a_batch_of_misses_is_recorded_whole(store: Store):
    await store.record_misses([miss("why trade", minute=n) for n in range(5)] + [miss("who won")])
    summaries = await store.misses()
    assert [(s.question, s.count) for s in summaries] == [("why trade", 5), ("who won", 1)]
    assert summaries[0].last_at == T0 + timedelta(minutes=4)


async def test_misses_most_frequent_first(store: Store):
    for minute, question in enumerate(["rare", "common", "middle", "common", "middle", "common"]):
        await store.record_misses([miss(question, minute=minute)])

    summaries = await store.misses()
    assert [(s.question, s.count) for s in summaries] == [("common", 3), ("middle", 2), ("rare", 1)]
    assert all(s.kind is MissKind.UNANSWERED and s.entry_id is None for s in summaries)


async def test_misses_limit_keeps_the_most_frequent(store: Store):
    for index in range(5):
        for _ in range(index + 1):
            await store.record_misses([miss(f"question {index}", minute=index)])

    summaries = await store.misses(limit=2)
    assert [(s.question, s.count) for s in summaries] == [("question 4", 5), ("question 3", 4)]
    assert len(await store.misses()) == 5


# -- SQLite only ----------------------------------------------------------------


def migration_files() -> list[Path]:
    return sorted(Path(bot.store.migrations.__file__).parent.glob("[0-9][0-9][0-9]_*.sql"))


def pragma(path: Path, name: str) -> object:
    with sqlite3.connect(path) as db:
        return db.execute(f"PRAGMA {name}").fetchone()[0]


async def test_sqlite_data_survives_close_and_reopen(tmp_path: Path):
    path = tmp_path / "db.sqlite3"
    async with SqliteStore(path) as store:
        await store.add_faq_channel(GUILD, 7)
        await store.record_misses([miss("who won the debate", minute=3)])

    async with SqliteStore(path) as reopened:
        assert await reopened.faq_channels(GUILD) == {7}
        (summary,) = await reopened.misses()
        assert (summary.question, summary.count) == ("who won the debate", 1)
        assert summary.last_at == T0 + timedelta(minutes=3)


async def test_sqlite_migrations_set_the_schema_version_and_run_once(tmp_path: Path, caplog):
    caplog.set_level(logging.INFO, logger="bot.store.sqlite")
    path = tmp_path / "db.sqlite3"
    count = len(migration_files())
    assert count >= 1

    async with SqliteStore(path) as store:
        await store.add_faq_channel(GUILD, 7)
    applied = [r for r in caplog.records if r.getMessage().startswith("applied migration")]
    assert len(applied) == count
    assert pragma(path, "user_version") == count

    caplog.clear()
    async with SqliteStore(path) as reopened:
        assert await reopened.faq_channels(GUILD) == {7}
    assert not [r for r in caplog.records if r.getMessage().startswith("applied migration")]
    assert pragma(path, "user_version") == count


async def test_sqlite_uses_write_ahead_logging(tmp_path: Path):
    path = tmp_path / "db.sqlite3"
    async with SqliteStore(path):
        assert pragma(path, "journal_mode") == "wal"


async def test_sqlite_concurrent_writes_lose_nothing(tmp_path: Path):
    async with SqliteStore(tmp_path / "db.sqlite3") as store:
        channel_adds = [store.add_faq_channel(GUILD, channel) for channel in range(100)]
        miss_writes = [
            store.record_misses([miss(f"question {i % 10}", minute=i)]) for i in range(100)
        ]
        calls = [call for pair in zip(channel_adds, miss_writes, strict=True) for call in pair]
        results = await asyncio.gather(*calls)

        assert results[0::2] == [True] * 100
        assert await store.faq_channels(GUILD) == set(range(100))
        summaries = await store.misses()
        assert sorted((s.question, s.count) for s in summaries) == [
            (f"question {i}", 10) for i in range(10)
        ]
