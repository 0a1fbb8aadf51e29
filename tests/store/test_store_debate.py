"""The debate part of the Store contract, run on SQLite and in-memory alike."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store import DebateResult, SqliteStore, Store, StoredRound, StoredTimer

T0 = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
USER, OTHER = 42, 43


def stored(round_id: str, status: str = "student-turn", *, user: int = USER, minute: int = 0):
    return StoredRound(
        round_id,
        1,
        2,
        user,
        status,
        {"index": minute, "nested": {"a": [1, 2]}},
        T0 + timedelta(minutes=minute),
    )


def result(round_id: str, side: str = "proposition", *, user: int = USER, minute: int = 0):
    return DebateResult(
        round_id,
        user,
        1,
        "supranational-authority",
        side,
        "drill",
        70,
        "summary",
        T0 + timedelta(minutes=minute),
    )


async def test_a_round_is_saved_updated_and_loaded_with_its_state(store: Store) -> None:
    await store.save_round(stored("r1"))
    await store.save_round(stored("r1", minute=5))
    loaded = await store.load_round("r1")
    assert loaded is not None and loaded.state == {"index": 5, "nested": {"a": [1, 2]}}
    assert loaded.updated_at == T0 + timedelta(minutes=5)
    assert await store.load_round("nope") is None


async def test_open_round_of_ignores_finished_and_expired_rounds_and_other_users(
    store: Store,
) -> None:
    await store.save_round(stored("done", "finished"))
    await store.save_round(stored("old", "expired"))
    await store.save_round(stored("theirs", user=OTHER))
    assert await store.open_round_of(USER) is None
    await store.save_round(stored("live", minute=3))
    found = await store.open_round_of(USER)
    assert found is not None and found.id == "live"
    assert [r.id for r in await store.rounds_with_status("student-turn")] == ["theirs", "live"]


async def test_finishing_a_round_twice_records_one_result(store: Store) -> None:
    await store.save_round(stored("r1"))
    assert await store.finish_round(stored("r1", "finished"), result("r1")) is True
    assert await store.finish_round(stored("r1", "finished"), result("r1")) is False
    history = await store.debate_history(USER)
    assert [h.round_id for h in history] == ["r1"]
    loaded = await store.load_round("r1")
    assert loaded is not None and loaded.status == "finished"


async def test_concurrent_finishes_of_one_round_record_one_result(store: Store) -> None:
    await store.save_round(stored("r1"))
    outcomes = await asyncio.gather(
        *(store.finish_round(stored("r1", "finished"), result("r1")) for _ in range(20))
    )
    assert outcomes.count(True) == 1
    assert len(await store.debate_history(USER)) == 1


async def test_history_is_newest_first_and_sides_are_counted(store: Store) -> None:
    for n, side in enumerate(["proposition", "opposition", "proposition"]):
        await store.save_round(stored(f"r{n}"))
        await store.finish_round(stored(f"r{n}", "finished"), result(f"r{n}", side, minute=n))
    assert [h.round_id for h in await store.debate_history(USER, limit=2)] == ["r2", "r1"]
    assert await store.sides_argued(USER) == {"proposition": 2, "opposition": 1}
    assert await store.sides_argued(OTHER) == {"proposition": 0, "opposition": 0}


async def test_timers_are_saved_listed_and_deleted(store: Store) -> None:
    timer = StoredTimer("t1", 1, 2, None, USER, {"index": 0}, T0)
    await store.save_timer(timer)
    await store.save_timer(StoredTimer("t1", 1, 2, 99, USER, {"index": 1}, T0))
    loaded = await store.load_timer("t1")
    assert loaded is not None and loaded.message_id == 99 and loaded.state == {"index": 1}
    assert [t.id for t in await store.timers()] == ["t1"]
    await store.delete_timer("t1")
    assert await store.load_timer("t1") is None and await store.timers() == []


async def test_rounds_survive_a_restart_of_the_sqlite_store(tmp_path: Path) -> None:
    async with SqliteStore(tmp_path / "db.sqlite3") as first:
        await first.save_round(stored("r1"))
    async with SqliteStore(tmp_path / "db.sqlite3") as second:
        loaded = await second.open_round_of(USER)
    assert loaded is not None and loaded.state["nested"] == {"a": [1, 2]}
