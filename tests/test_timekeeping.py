"""Timekeeper service: moves saved before they are shown, restarts, permissions, ticks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.errors import UserError
from bot.store import MemoryStore, SqliteStore
from bot.timekeeping import TimerService

T0 = datetime(2025, 5, 1, 19, 0, tzinfo=UTC)
CHANNEL, OWNER, CHAIR, STRANGER = 10, 1, 2, 3


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


async def test_a_running_speech_survives_a_restart(tmp_path: Path) -> None:
    clock = FakeClock()
    async with SqliteStore(tmp_path / "db.sqlite3") as store:
        service = TimerService(store, clock)
        live = await service.start(5, CHANNEL, OWNER, "bp")
        await service.set_message(live, 999)
        await service.act(live.id, OWNER, False, "start")
        clock.advance(90)
    clock.advance(30)
    async with SqliteStore(tmp_path / "db.sqlite3") as store:
        again = TimerService(store, clock)
        assert await again.restore() == 1
        restored = again.get(live.id)
        assert restored.message_id == 999
        assert restored.timer.view(clock()).elapsed == 120


async def test_only_the_owner_or_a_chair_can_run_the_timer() -> None:
    service = TimerService(MemoryStore(), FakeClock())
    live = await service.start(5, CHANNEL, OWNER, "ld")
    with pytest.raises(UserError, match="Only the member who started"):
        await service.act(live.id, STRANGER, False, "start")
    await service.act(live.id, CHAIR, True, "start")
    assert live.timer.status == "running"


async def test_one_timer_per_channel_and_unknown_formats_are_refused() -> None:
    service = TimerService(MemoryStore(), FakeClock())
    await service.start(5, CHANNEL, OWNER, "pf")
    with pytest.raises(UserError, match="already has a timer"):
        await service.start(5, CHANNEL, OWNER, "pf")
    with pytest.raises(UserError, match="Unknown format"):
        await service.start(5, CHANNEL + 1, OWNER, "oxford")


async def test_ticks_report_each_signal_once_and_refresh_the_clock_between() -> None:
    clock = FakeClock()
    service = TimerService(MemoryStore(), clock)
    live = await service.start(5, CHANNEL, OWNER, "bp")
    await service.set_message(live, 1)
    await service.act(live.id, OWNER, False, "start")
    seen: list[str] = []
    refreshes = 0
    for _ in range(7 * 12 + 6):  # 7:30 in 5-second ticks
        clock.advance(5)
        for _, signals in service.due(clock()):
            refreshes += 1
            seen += [s.key for s in signals]
    assert seen == ["poi-open", "poi-closed", "one-minute", "time", "grace-over"]
    assert 25 <= refreshes <= 40  # about every 15 s, not every tick


async def test_a_paused_timer_is_not_ticked_and_stopping_forgets_it() -> None:
    clock = FakeClock()
    store = MemoryStore()
    service = TimerService(store, clock)
    live = await service.start(5, CHANNEL, OWNER, "drill")
    await service.set_message(live, 1)
    await service.act(live.id, OWNER, False, "start")
    await service.act(live.id, OWNER, False, "pause")
    clock.advance(60)
    assert service.due(clock()) == []
    await service.act(live.id, OWNER, False, "stop")
    assert await store.timers() == []
    with pytest.raises(UserError, match="has ended"):
        service.get(live.id)


async def test_per_side_prep_from_the_buttons() -> None:
    clock = FakeClock()
    service = TimerService(MemoryStore(), clock)
    live = await service.start(5, CHANNEL, OWNER, "ld")
    await service.act(live.id, OWNER, False, "prep-opp")
    clock.advance(90)
    await service.act(live.id, OWNER, False, "end-prep")
    pools = {pool.label: pool.remaining for pool in live.timer.view(clock()).prep}
    assert sorted(pools.values()) == [150, 240]
