"""Debate rounds through the service both doors use: saved before shown, resumed after a
restart, one result per round, sides balanced over a member's history."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import REPO_ROOT
from bot.debating import DebateService
from bot.engine.debate.round import BotSpeech, RoundOver, YourTurn
from bot.errors import UserError
from bot.knowledge import load_knowledge
from bot.store import MemoryStore, SqliteStore, Store

KNOWLEDGE = load_knowledge(REPO_ROOT / "content")
MOTION = "supranational-authority"
USER = 7
T0 = datetime(2025, 5, 1, 21, 0, tzinfo=UTC)
SPEECH = (
    "Countries should be able to decide their own laws because voters elect national "
    "governments. For example, the EU overruling parliaments makes people angry, which "
    "fuels the nationalist backlash."
)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def service(store: Store, clock: Clock | None = None, seed: int = 1) -> DebateService:
    return DebateService(lambda: KNOWLEDGE, store, clock or Clock(), random.Random(seed))


async def play_out(debate: DebateService, clock: Clock) -> RoundOver:
    for _ in range(10):
        clock.now += timedelta(minutes=2)
        move = await debate.speak(USER, SPEECH)
        over = [e for e in move.events if isinstance(e, RoundOver)]
        if over:
            return over[0]
    raise AssertionError("the round never ended")


async def test_a_whole_drill_round_ends_with_feedback_and_one_history_row() -> None:
    clock = Clock()
    debate = service(MemoryStore(), clock)
    move = await debate.start(USER, MOTION, "opposition", "drill")
    assert move.round.student_side == "opposition"
    assert isinstance(move.events[0], BotSpeech)  # proposition opens: the bot speaks first
    assert isinstance(move.events[-1], YourTurn)
    over = await play_out(debate, clock)
    assert 0 <= over.feedback.score <= 100
    history = await debate.history(USER)
    assert len(history) == 1 and history[0].side == "opposition"
    assert await debate.open_round(USER) is None
    with pytest.raises(UserError, match="no round going"):
        await debate.speak(USER, SPEECH)


async def test_one_round_at_a_time() -> None:
    debate = service(MemoryStore())
    await debate.start(USER, MOTION, "proposition")
    with pytest.raises(UserError, match="already have a round"):
        await debate.start(USER, MOTION, "proposition")


async def test_a_round_resumes_after_a_restart_with_the_same_bot_text(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "db.sqlite3"
    async with SqliteStore(path) as store:
        first = service(store, clock)
        await first.start(USER, MOTION, "proposition", "mini-ld")
    clock.now += timedelta(minutes=3)
    async with SqliteStore(path) as store:
        after_restart = await service(store, clock, seed=99).speak(USER, SPEECH)
    async with SqliteStore(tmp_path / "twin.sqlite3") as store:
        twin = service(store, Clock())
        await twin.start(USER, MOTION, "proposition", "mini-ld")
        twin.clock.now += timedelta(minutes=3)  # type: ignore[attr-defined]
        uninterrupted = await twin.speak(USER, SPEECH)
    texts = [e.text for e in after_restart.events if isinstance(e, BotSpeech)]
    assert texts and texts == [e.text for e in uninterrupted.events if isinstance(e, BotSpeech)]


async def test_random_side_goes_to_the_side_argued_less() -> None:
    clock = Clock()
    debate = service(MemoryStore(), clock)
    await debate.start(USER, MOTION, "proposition")
    await play_out(debate, clock)
    move = await debate.start(USER, MOTION, "random")
    assert move.round.student_side == "opposition"


async def test_an_abandoned_round_expires_and_frees_the_member(tmp_path: Path) -> None:
    clock = Clock()
    async with SqliteStore(tmp_path / "db.sqlite3") as store:
        debate = service(store, clock)
        await debate.start(USER, MOTION, "proposition")
        clock.now += timedelta(hours=3)
        expired = await debate.expire_idle()
        assert [r.user_id for r in expired] == [USER]
        assert await debate.open_round(USER) is None
        await debate.start(USER, MOTION, "opposition")


async def test_bad_choices_say_what_is_allowed() -> None:
    debate = service(MemoryStore())
    with pytest.raises(UserError, match="Motions: "):
        await debate.start(USER, "no-such-motion", "proposition")
    with pytest.raises(UserError, match="drill"):
        await debate.start(USER, MOTION, "proposition", "bp")
    with pytest.raises(UserError, match="proposition, opposition, random"):
        await debate.start(USER, MOTION, "middle")
