"""Several processes, one database: each guild's scheduled work is done by the process
that owns its shard, and a weekly post is made once even when two processes both think
they own the guild."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import App
from bot.config import REPO_ROOT
from bot.engine.debate.formats import FORMATS
from bot.engine.debate.timer import Timer
from bot.knowledge import load_knowledge
from bot.sharding import ShardPlan, shard_of
from bot.store.base import Store, StoredTimer
from bot.store.factory import make_store

KNOWLEDGE = load_knowledge(REPO_ROOT / "content")
MONDAY_1800 = datetime(2025, 3, 3, 18, tzinfo=UTC)
# A guild id's shard is its creation timestamp bits mod the count: (n << 22) is on shard n % 2.
GUILDS = [n << 22 for n in range(1, 13)]


def test_guilds_and_direct_messages_land_on_discord_s_shards() -> None:
    assert shard_of(81384788765712384, 4) == (81384788765712384 >> 22) % 4
    assert shard_of(None, 4) == 0, "Discord delivers direct messages on shard 0"
    assert [shard_of(g, 2) for g in GUILDS[:4]] == [1, 0, 1, 0]
    assert ShardPlan().owns(GUILDS[0]) and ShardPlan(2).owns(GUILDS[0])
    assert not ShardPlan(2, (0,)).owns(GUILDS[0]) and ShardPlan(2, (1,)).owns(GUILDS[0])


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'shared.sqlite3'}"


@pytest.fixture
async def two_stores(database_url: str) -> AsyncIterator[tuple[Store, Store]]:
    one, two = make_store(database_url), make_store(database_url)
    await one.open()
    await two.open()
    yield one, two
    await two.close()
    await one.close()


def app(store: Store, now: datetime, plan: ShardPlan) -> App:
    return App(KNOWLEDGE, store, clock=lambda: now, shards=plan)


async def set_up_every_guild(any_app: App) -> None:
    for guild in GUILDS:
        await any_app.challenges.setup(guild, guild + 1, "monday", "18:00", "UTC", questions=3)


async def test_each_process_posts_only_its_own_guilds_and_every_guild_once(
    two_stores: tuple[Store, Store],
) -> None:
    now = MONDAY_1800 + timedelta(minutes=1)
    first = app(two_stores[0], now, ShardPlan(2, (0,)))
    second = app(two_stores[1], now, ShardPlan(2, (1,)))
    await set_up_every_guild(first)
    posted = await asyncio.gather(first.challenges.due_posts(), second.challenges.due_posts())
    by_first = {post.guild_id for _, post in posted[0]}
    by_second = {post.guild_id for _, post in posted[1]}
    assert by_first == {g for g in GUILDS if shard_of(g, 2) == 0}
    assert by_second == {g for g in GUILDS if shard_of(g, 2) == 1}
    assert await first.challenges.due_posts() == [] and await second.challenges.due_posts() == []


async def test_two_processes_that_both_claim_every_guild_still_post_each_once(
    two_stores: tuple[Store, Store],
) -> None:
    now = MONDAY_1800 + timedelta(minutes=1)
    # Misconfigured: both run every shard (say, an old process still up during a deploy).
    apps = [app(store, now, ShardPlan()) for store in two_stores for _ in range(3)]
    await set_up_every_guild(apps[0])
    rounds = await asyncio.gather(*(a.challenges.due_posts() for a in apps))
    posts = [post.guild_id for found in rounds for _, post in found]
    assert sorted(posts) == sorted(GUILDS), "each guild posted exactly once"
    later = now + timedelta(days=4)  # past the deadline: results are posted once too
    closers = [app(store, later, ShardPlan()) for store in two_stores for _ in range(3)]
    closed = await asyncio.gather(*(a.challenges.due_closes() for a in closers))
    assert sorted(post.guild_id for found in closed for post, _ in found) == sorted(GUILDS)


async def test_answers_from_two_processes_are_counted_exactly(
    two_stores: tuple[Store, Store],
) -> None:
    question = KNOWLEDGE.quiz[0]
    apps = [app(store, MONDAY_1800, ShardPlan()) for store in two_stores]

    async def member(user: int) -> None:
        for n in range(10):
            for a in apps:  # the same answer reaching both processes counts once
                await a.quiz.answer(
                    question,
                    question.answer,
                    user_id=user,
                    guild_id=GUILDS[0],
                    answer_key=f"{user}:{n}",
                )

    await asyncio.gather(*(member(user) for user in range(40)))
    for a in apps:
        await a.quiz.close()
    stats = [await two_stores[0].quiz_stats(user, GUILDS[0]) for user in range(40)]
    assert all(s is not None and (s.answers, s.current_correct) == (10, 10) for s in stats)


async def test_timers_are_restored_only_by_the_process_that_owns_their_guild(
    two_stores: tuple[Store, Store],
) -> None:
    timer = Timer(FORMATS["bp"])
    for n, guild in enumerate(GUILDS[:4]):
        await two_stores[0].save_timer(
            StoredTimer(f"t{n}", guild, 10 + n, None, 7, timer.to_dict(), MONDAY_1800)
        )
    first = app(two_stores[0], MONDAY_1800, ShardPlan(2, (0,)))
    second = app(two_stores[1], MONDAY_1800, ShardPlan(2, (1,)))
    assert await first.timers.restore() == 2 and await second.timers.restore() == 2


async def test_a_shard_count_makes_an_auto_sharded_bot_running_the_given_shards() -> None:
    import discord

    from bot.client import DebateBot, ShardedDebateBot, bot_class, shard_plan
    from bot.config import Config
    from bot.store import MemoryStore

    single = Config.from_env({})
    assert bot_class(single) is DebateBot and shard_plan(single).owns(GUILDS[0])
    config = Config.from_env({"DEBATE_BOT_SHARD_COUNT": "4", "DEBATE_BOT_SHARD_IDS": "1,3"})
    assert bot_class(config) is ShardedDebateBot
    plan = shard_plan(config)
    assert plan.client_options() == {"shard_count": 4, "shard_ids": [1, 3]}
    assert shard_plan(single).client_options() == {}
    async with ShardedDebateBot(
        App(KNOWLEDGE, MemoryStore(), shards=plan), config, **plan.client_options()
    ) as sharded:
        assert isinstance(sharded, discord.AutoShardedClient)
        assert sharded.shard_count == 4 and sharded.shard_ids == [1, 3]
        assert sharded.app.challenges.shards == plan
        # guilds 1<<22 .. 4<<22 are on shards 1, 2, 3, 0 of 4
        assert [plan.owns(g) for g in GUILDS[:4]] == [True, False, True, False]
        assert plan.owns(None) is False, "DMs arrive on shard 0, which this process does not run"
