"""Debate rounds and drills: the service between the doors (Discord, console) and the engine.

Each move loads the member's round, applies one engine transition and saves
the new state before the member sees the bot's answer; a finished round's
result is written with its final state in one transaction, once. A lock per
member keeps two quick messages from racing on the same round.
"""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.engine.debate import drills
from bot.engine.debate.feedback import render_feedback
from bot.engine.debate.formats import FORMATS, Format
from bot.engine.debate.round import (
    Event,
    Round,
    RoundOver,
    Status,
    end_round,
    expire_if_idle,
    start_round,
    submit,
)
from bot.errors import UserError
from bot.knowledge import Knowledge
from bot.knowledge.models import Motion
from bot.ops.metrics import BotMetrics
from bot.sharding import EVERYTHING, ShardPlan
from bot.store.base import DebateResult, Store, StoredRound

log = logging.getLogger(__name__)

SIDE_CHOICES = ("proposition", "opposition", "random")
Drill = drills.RebuttalDrill | drills.ArgumentDrill | drills.PoiDrill
SPARRING_FORMATS = {key: fmt for key, fmt in FORMATS.items() if fmt.sparring}


@dataclass(frozen=True, slots=True)
class Move:
    """What a move produced: the round as it now stands and what to tell the student."""

    round: Round
    events: list[Event]
    motion: Motion
    format: Format


class DebateService:
    def __init__(
        self,
        knowledge: Callable[[], Knowledge],
        store: Store,
        clock: Clock,
        rng: random.Random,
        *,
        metrics: BotMetrics | None = None,
        shards: ShardPlan = EVERYTHING,
    ) -> None:
        self._knowledge = knowledge
        self.shards = shards
        self.metrics = metrics or BotMetrics()
        self.store = store
        self.clock = clock
        self.rng = rng
        self._locks: dict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._drills: dict[int, Drill] = {}

    # -- lookups ----------------------------------------------------------

    def motions(self) -> tuple[Motion, ...]:
        return self._knowledge().motions

    def motion(self, motion_id: str) -> Motion:
        motion = self._knowledge().motions_by_id.get(motion_id)
        if motion is None:
            known = ", ".join(m.id for m in self.motions())
            raise UserError(f"There is no motion {motion_id!r}. Motions: {known}.")
        return motion

    @staticmethod
    def sparring_format(format_key: str) -> Format:
        fmt = SPARRING_FORMATS.get(format_key)
        if fmt is None:
            raise UserError(
                f"{format_key!r} can't be played against the bot. Choose one of: "
                + ", ".join(f"{k} ({f.name})" for k, f in SPARRING_FORMATS.items())
                + ". For human rounds, use the timer."
            )
        return fmt

    async def pick_side(self, user_id: int, wanted: str) -> str:
        """`random` gives the side this member has argued less, so practice stays balanced."""
        if wanted not in SIDE_CHOICES:
            raise UserError(f"Side must be one of: {', '.join(SIDE_CHOICES)}.")
        if wanted != "random":
            return wanted
        counts = await self.store.sides_argued(user_id)
        if counts["proposition"] != counts["opposition"]:
            return min(counts, key=counts.__getitem__)
        return self.rng.choice(("proposition", "opposition"))

    # -- rounds -----------------------------------------------------------

    async def start(
        self,
        user_id: int,
        motion_id: str,
        side: str,
        format_key: str = "drill",
        *,
        guild_id: int | None = None,
        channel_id: int | None = None,
    ) -> Move:
        motion = self.motion(motion_id)
        fmt = self.sparring_format(format_key)
        async with self._locks[user_id]:
            existing = await self.open_round(user_id)
            if existing is not None:
                raise UserError(
                    f"You already have a round on “{self.motion(existing.motion_id).motion}”. "
                    "Finish it, or end it with `/debate end` (console: `debate end`)."
                )
            student_side = await self.pick_side(user_id, side)
            round_, events = start_round(
                motion,
                fmt,
                student_side,
                user_id=user_id,
                seed=self.rng.randrange(2**31),
                now=self.clock(),
                round_id=secrets.token_hex(8),
            )
            await self._save(round_, guild_id, channel_id, events)
        return Move(round_, events, motion, fmt)

    async def open_round(self, user_id: int) -> Round | None:
        """The member's live round; an abandoned one is expired on the way."""
        stored = await self.store.open_round_of(user_id)
        if stored is None:
            return None
        round_ = Round.from_dict(stored.state)
        if expire_if_idle(round_, self.clock()):
            await self.store.save_round(_stored(round_, stored.guild_id, stored.channel_id))
            return None
        return round_

    async def where(self, user_id: int) -> StoredRound | None:
        return await self.store.open_round_of(user_id)

    async def speak(self, user_id: int, text: str, *, speech_key: str | None = None) -> Move:
        async with self._locks[user_id]:
            round_, stored = await self._live(user_id)
            motion, fmt = self.motion(round_.motion_id), FORMATS[round_.format_key]
            events = submit(round_, motion, fmt, text, self.clock(), speech_key=speech_key)
            await self._save(round_, stored.guild_id, stored.channel_id, events)
        return Move(round_, events, motion, fmt)

    async def end(self, user_id: int) -> Move:
        async with self._locks[user_id]:
            round_, stored = await self._live(user_id)
            motion, fmt = self.motion(round_.motion_id), FORMATS[round_.format_key]
            events = end_round(round_, motion, fmt, self.clock())
            await self._save(round_, stored.guild_id, stored.channel_id, events)
        return Move(round_, events, motion, fmt)

    async def expire_idle(self) -> list[StoredRound]:
        """Expire abandoned rounds; returns them so the adapter can tell their students."""
        expired: list[StoredRound] = []
        for stored in await self.store.rounds_with_status(str(Status.STUDENT_TURN)):
            if not self.shards.owns(stored.guild_id):
                continue
            round_ = Round.from_dict(stored.state)
            if expire_if_idle(round_, self.clock()):
                await self.store.save_round(_stored(round_, stored.guild_id, stored.channel_id))
                expired.append(stored)
        return expired

    async def history(self, user_id: int, limit: int = 10) -> list[DebateResult]:
        return await self.store.debate_history(user_id, limit)

    async def _live(self, user_id: int) -> tuple[Round, StoredRound]:
        stored = await self.store.open_round_of(user_id)
        if stored is None:
            raise UserError("You have no round going. Start one with `/debate start`.")
        round_ = Round.from_dict(stored.state)
        if expire_if_idle(round_, self.clock()):
            await self.store.save_round(_stored(round_, stored.guild_id, stored.channel_id))
            raise UserError(
                "Your round expired after two hours without a speech. Start a new one with "
                "`/debate start`."
            )
        return round_, stored

    async def _save(
        self, round_: Round, guild_id: int | None, channel_id: int | None, events: list[Event]
    ) -> None:
        stored = _stored(round_, guild_id, channel_id)
        over = next((e for e in events if isinstance(e, RoundOver)), None)
        if over is None:
            await self.store.save_round(stored)
            return
        result = DebateResult(
            round_id=round_.id,
            user_id=round_.user_id,
            guild_id=guild_id,
            motion_id=round_.motion_id,
            side=round_.student_side,
            format_key=round_.format_key,
            score=over.feedback.score,
            summary=render_feedback(over.feedback)[:4000],
            finished_at=round_.updated_at,
        )
        if not await self.store.finish_round(stored, result):
            log.warning("round %s was already finished; result kept once", round_.id)
        else:
            self.metrics.rounds.inc(status="finished")

    # -- drills -----------------------------------------------------------

    def start_drill(self, user_id: int, kind: str, motion_id: str, side: str) -> Drill:
        motion = self.motion(motion_id)
        if side not in ("proposition", "opposition"):
            side = self.rng.choice(("proposition", "opposition"))
        now = self.clock()
        if kind == "rebuttal":
            drill: Drill = drills.start_rebuttal_drill(motion, side, self.rng, now)
        elif kind == "arguments":
            drill = drills.ArgumentDrill(motion.id, side, now)
        elif kind == "poi":
            drill = drills.PoiDrill(motion.id, side, seed=self.rng.randrange(2**31))
        else:
            raise UserError("Drills: rebuttal, arguments or poi.")
        self._drills[user_id] = drill
        return drill

    def drill_of(self, user_id: int) -> Drill:
        drill = self._drills.get(user_id)
        if drill is None:
            raise UserError(
                "You have no drill going. Start one with `/drill rebuttal|arguments|poi`."
            )
        return drill

    def finish_drill(self, user_id: int) -> None:
        self._drills.pop(user_id, None)

    def member_lock(self, user_id: int) -> asyncio.Lock:
        """Held by every move on the member's round; whoever deletes the round holds it
        too, so a move in flight cannot save the round back after it is gone."""
        return self._locks[user_id]

    def now(self) -> datetime:
        return self.clock()


def _stored(round_: Round, guild_id: int | None, channel_id: int | None) -> StoredRound:
    return StoredRound(
        round_.id,
        guild_id,
        channel_id,
        round_.user_id,
        str(round_.status),
        round_.to_dict(),
        round_.updated_at,
    )
