"""A real DebateBot on dpytest's fake Discord, with the shipped content and a SQLite store.

The guild has two text channels (`general`, `faq-corner`) and three members:
`admin` (a Moderators role with Manage Server), then `member` and a bystander
(no extra permissions). The bot sends nothing to Discord: `ex` captures its message
payloads and edits, `ih` its interaction responses. Time is real unless a test builds
the bot with `make_bot(clock=clock)`, the `clock` fixture being a `FakeClock` it moves.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import discord.ext.test as dpytest
import discord.ext.test.backend as back
import pytest

from bot import client as client_module
from bot.app import App
from bot.client import DebateBot
from bot.clock import Clock, utc_now
from bot.config import REPO_ROOT, Config
from bot.engine.faq import Thresholds
from bot.knowledge import Knowledge, load_knowledge
from bot.store.sqlite import SqliteStore

from . import dpytest_extras as ex
from . import interaction_harness as ih

QUIET_ENV = {"DEBATE_BOT_SYNC_COMMANDS": "false", "DEBATE_BOT_COOLDOWN_SECONDS": "0"}
TEXT_CHANNELS = ["general", "faq-corner"]
MEMBERS = ["admin", "member", "bystander"]

MakeBot = Callable[..., Awaitable[DebateBot]]


class FakeClock:
    """The App's clock, moved only by the test: `clock.advance(60)`."""

    def __init__(self, start: datetime = datetime(2025, 5, 1, 19, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge(REPO_ROOT / "content")


@pytest.fixture
async def make_bot(knowledge: Knowledge, tmp_path, monkeypatch) -> AsyncIterator[MakeBot]:
    """Build (or, called again, restart) the bot; every life shares one database file."""
    stores: list[SqliteStore] = []
    # dpytest keeps the members it makes only in the member cache, which needs the members
    # intent; the real bot runs without it (test_client checks that).
    with_members = client_module.intents()
    with_members.members = True
    monkeypatch.setattr(client_module, "intents", lambda: with_members)

    async def make(
        env: dict[str, str] | None = None,
        thresholds: Thresholds | None = None,
        clock: Clock = utc_now,
        **options: Any,
    ) -> DebateBot:
        config = Config.from_env({**QUIET_ENV, "DEBATE_BOT_DATA_DIR": str(tmp_path), **(env or {})})
        store = SqliteStore(config.database_path)
        await store.open()
        stores.append(store)
        app = App(knowledge, store, clock=clock, bot_names=config.bot_names, thresholds=thresholds)
        bot = DebateBot(app, config, **options)
        await bot._async_setup_hook()
        default_mentions = bot.allowed_mentions
        dpytest.configure(bot, text_channels=TEXT_CHANNELS, voice_channels=0, members=MEMBERS)
        # dpytest's state replaces the bot's and forgets its default: keep it, as Discord would.
        bot.allowed_mentions = default_mentions
        await bot.setup_hook()

        guild = dpytest.get_config().guilds[0]
        moderators = back.make_role(
            "Moderators", guild, permissions=discord.Permissions(manage_guild=True).value
        )
        await dpytest.add_role(dpytest.get_config().members[0], moderators)

        ex.install(monkeypatch)
        ih.install(bot, monkeypatch)
        return bot

    yield make
    await dpytest.empty_queue()
    for store in stores:
        await store.close()


@pytest.fixture
async def bot(make_bot: MakeBot) -> DebateBot:
    return await make_bot()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def guild(bot: DebateBot) -> discord.Guild:
    return dpytest.get_config().guilds[0]


@pytest.fixture
def general(bot: DebateBot) -> discord.TextChannel:
    return dpytest.get_config().channels[0]


@pytest.fixture
def faq_corner(bot: DebateBot) -> discord.TextChannel:
    return dpytest.get_config().channels[1]


@pytest.fixture
def admin(bot: DebateBot) -> discord.Member:
    return dpytest.get_config().members[0]


@pytest.fixture
def member(bot: DebateBot) -> discord.Member:
    return dpytest.get_config().members[1]
