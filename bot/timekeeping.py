"""Timekeeper timers for human rounds: the service between the timer cog and the engine.

A live timer is the engine's `Timer` plus where its message lives. Every move
is saved before the member is told it happened, so a restart picks every
timer up where it was (a running speech keeps running: its segments hold
wall-clock times).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.engine.debate.formats import FORMATS, Side, TimeSignal
from bot.engine.debate.timer import FINISHED, PREP, RUNNING, Timer
from bot.errors import UserError
from bot.sharding import EVERYTHING, ShardPlan
from bot.store.base import Store, StoredTimer

log = logging.getLogger(__name__)

ACTIONS = ("start", "pause", "resume", "next", "stop", "prep-prop", "prep-opp", "prep", "end-prep")
# A message showing a running clock is refreshed this often even without a signal.
REFRESH = timedelta(seconds=15)


@dataclass
class LiveTimer:
    id: str
    guild_id: int | None
    channel_id: int
    owner_id: int
    message_id: int | None
    timer: Timer
    last_tick: datetime
    last_edit: datetime

    @property
    def ticking(self) -> bool:
        return self.timer.status in {RUNNING, PREP}


class TimerService:
    def __init__(self, store: Store, clock: Clock, shards: ShardPlan = EVERYTHING) -> None:
        self.store = store
        self.clock = clock
        self.shards = shards
        self._live: dict[str, LiveTimer] = {}
        self._lock = asyncio.Lock()

    async def restore(self) -> int:
        """Load the timers saved before a restart; finished ones are dropped."""
        now = self.clock()
        for stored in await self.store.timers():
            if not self.shards.owns(stored.guild_id):
                continue  # another process runs that guild's shard and its timers
            try:
                timer = Timer.from_dict(stored.state)
            except (ValueError, KeyError) as error:
                log.warning("dropping unreadable timer %s: %s", stored.id, error)
                await self.store.delete_timer(stored.id)
                continue
            self._live[stored.id] = LiveTimer(
                stored.id,
                stored.guild_id,
                stored.channel_id,
                stored.owner_id,
                stored.message_id,
                timer,
                now,
                now,
            )
        return len(self._live)

    def get(self, timer_id: str) -> LiveTimer:
        live = self._live.get(timer_id)
        if live is None:
            raise UserError("That timer has ended. Start a new one with `/timer start`.")
        return live

    def in_channel(self, channel_id: int) -> LiveTimer | None:
        return next((t for t in self._live.values() if t.channel_id == channel_id), None)

    async def start(
        self, guild_id: int | None, channel_id: int, owner_id: int, format_key: str
    ) -> LiveTimer:
        fmt = FORMATS.get(format_key)
        if fmt is None:
            raise UserError(f"Unknown format {format_key!r}. Choose one of: {', '.join(FORMATS)}.")
        async with self._lock:
            if self.in_channel(channel_id) is not None:
                raise UserError(
                    "This channel already has a timer: stop it first (its Stop button or "
                    "`/timer stop`)."
                )
            now = self.clock()
            live = LiveTimer(
                secrets.token_hex(6), guild_id, channel_id, owner_id, None, Timer(fmt), now, now
            )
            await self._save(live)
            self._live[live.id] = live
        return live

    async def act(self, timer_id: str, actor_id: int, may_chair: bool, action: str) -> LiveTimer:
        """Apply a button or command; only the member who started it or a chair may."""
        if action not in ACTIONS:
            raise UserError(f"Unknown timer action {action!r}.")
        async with self._lock:
            live = self.get(timer_id)
            if actor_id != live.owner_id and not may_chair:
                raise UserError(
                    "Only the member who started this timer, or someone with Manage Messages, "
                    "can run it."
                )
            now = self.clock()
            timer = live.timer
            if action == "start":
                timer.start(now)
            elif action == "pause":
                timer.pause(now)
            elif action == "resume":
                timer.resume(now)
            elif action == "next":
                timer.next(now)
            elif action == "stop":
                timer.stop(now)
            elif action == "end-prep":
                timer.end_prep(now)
            else:
                side = {"prep-prop": Side.PROPOSITION, "prep-opp": Side.OPPOSITION}.get(action)
                timer.start_prep(side, now)
            live.last_tick = live.last_edit = now
            if timer.status == FINISHED:
                await self.store.delete_timer(live.id)
                del self._live[live.id]
            else:
                await self._save(live)
        return live

    async def drop_owned_by(self, owner_id: int, guild_id: int | None = None) -> list[LiveTimer]:
        """Stop running the member's timers (in one guild, or all) without saving them:
        their rows are being deleted. Returns them, so their messages can be closed."""
        async with self._lock:  # not while a move on one of them is being saved
            dropped = [
                live
                for live in self._live.values()
                if live.owner_id == owner_id and (guild_id is None or live.guild_id == guild_id)
            ]
            for live in dropped:
                del self._live[live.id]
        return dropped

    async def set_message(self, live: LiveTimer, message_id: int) -> None:
        live.message_id = message_id
        if live.id in self._live:
            await self._save(live)

    def due(self, now: datetime) -> list[tuple[LiveTimer, list[TimeSignal]]]:
        """Ticking timers whose message should be refreshed, with the signals just crossed."""
        out: list[tuple[LiveTimer, list[TimeSignal]]] = []
        for live in list(self._live.values()):
            if not live.ticking or live.message_id is None:
                continue
            signals = live.timer.signals_between(live.last_tick, now)
            live.last_tick = now
            if signals or now - live.last_edit >= REFRESH:
                live.last_edit = now
                out.append((live, signals))
        return out

    async def _save(self, live: LiveTimer) -> None:
        await self.store.save_timer(
            StoredTimer(
                live.id,
                live.guild_id,
                live.channel_id,
                live.message_id,
                live.owner_id,
                live.timer.to_dict(),
                self.clock(),
            )
        )
