"""The Discord door: a `commands.Bot` that loads one cog per feature and funnels errors.

Lifetimes are owned by `run_discord` with `async with` (discord.py's
advanced_startup example): the store opens before the bot logs in and closes
after it has logged out, so no write is cut off.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import App
from bot.cogs.challenge import ChallengeButton
from bot.config import Config
from bot.errors import UserError
from bot.knowledge import load_knowledge
from bot.ops.http import OpsServer
from bot.ops.logging import interaction_context, message_context, setup_logging, use_context
from bot.ops.shutdown import HANDLER_GRACE_SECONDS, SignalShutdown, wait_for_handlers
from bot.sharding import ShardPlan
from bot.store.factory import make_store
from bot.ui.debate_views import DoneButton, DrillButton
from bot.ui.embeds import SAFE_MENTIONS
from bot.ui.faq_views import NotWhatIAskedButton, ShowAnswerButton
from bot.ui.quiz_views import PageButton, QuizButton
from bot.ui.timer_views import TimerButton

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.cogs.faq",
    "bot.cogs.meta",
    "bot.cogs.timer",
    "bot.cogs.debate",
    "bot.cogs.quiz",
    "bot.cogs.challenge",
    "bot.cogs.privacy",
)


def intents() -> discord.Intents:
    wanted = discord.Intents.default()
    wanted.message_content = True  # privileged: needed to answer questions in FAQ channels
    wanted.members = False
    wanted.presences = False
    return wanted


class DebateBot(commands.Bot):
    def __init__(self, app: App, config: Config, *, serve_ops: bool = True, **options: Any) -> None:
        """`serve_ops=False` (a one-shot `debate-bot sync`) never opens the metrics port."""
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            allowed_mentions=SAFE_MENTIONS,
            help_command=None,
            **options,
        )
        self.app = app
        self.config = config
        self.serve_ops = serve_ops
        self.ops: OpsServer | None = None
        self.stopping = False

    async def setup_hook(self) -> None:
        self._take_events_in_context()
        self._register_gauges()
        if self.serve_ops and self.config.metrics_port is not None:
            # First: /healthz answers (503, not ready) while the rest starts up.
            self.ops = OpsServer(
                self.app.metrics,
                self.app.store,
                ready=self.is_serving,
                host=self.config.metrics_host,
                port=self.config.metrics_port,
            )
            await self.ops.start()
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.add_dynamic_items(
            ShowAnswerButton,
            NotWhatIAskedButton,
            TimerButton,
            DoneButton,
            DrillButton,
            QuizButton,
            PageButton,
            ChallengeButton,
        )
        self.tree.on_error = self.on_app_command_error
        if self.config.sync_commands:
            await self.sync_commands()

    async def sync_commands(self) -> list[app_commands.AppCommand]:
        if self.config.dev_guild_id:
            guild = discord.Object(self.config.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), self.config.dev_guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands (may take up to an hour to appear)", len(synced))
        return synced

    async def on_ready(self) -> None:
        log.info(
            "logged in as %s (%s) in %d guild(s)",
            self.user,
            self.user and self.user.id,
            len(self.guilds),
        )

    async def on_message(self, message: discord.Message) -> None:
        # No prefix commands: questions in messages are handled by the FAQ cog's listener.
        return

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """Errors in event listeners (the FAQ's message listener): counted and logged."""
        self.app.metrics.errors.inc(where="listener")
        log.exception("error in %s", event_method)

    def is_serving(self) -> bool:
        """Connected, ready and not shutting down: what /healthz and debatebot_up report."""
        return self.is_ready() and not self.is_closed() and not self.stopping

    async def shut_down(self, grace: float = HANDLER_GRACE_SECONDS) -> None:
        """Stop taking new work, let commands and buttons already running finish, close."""
        self.stopping = True
        await wait_for_handlers(grace)
        await self.close()

    async def close(self) -> None:
        self.stopping = True
        if self.ops is not None:
            ops, self.ops = self.ops, None
            await ops.stop()
        await super().close()

    def _register_gauges(self) -> None:
        metrics = self.app.metrics
        metrics.gauge(
            "debatebot_gateway_latency_seconds",
            "Time between a gateway heartbeat and Discord's acknowledgement (NaN: not connected).",
            lambda: self.latency,
        )
        metrics.gauge("debatebot_guilds", "Servers the bot is in.", lambda: len(self.guilds))
        metrics.gauge(
            "debatebot_up",
            "1 once connected to Discord and ready, 0 before that and while shutting down.",
            lambda: 1.0 if self.is_serving() else 0.0,
        )

    def _take_events_in_context(self) -> None:
        """Tag every interaction and message with its guild, user and command for the logs.

        The hook has to run before discord.py creates the tasks that handle the event,
        because a task copies the context variables when it is created:
        - `on_interaction` is dispatched after the command's or button's task exists,
          in a task of its own, so a value set there never reaches the command;
        - `CommandTree.interaction_check` runs inside the command's task, but buttons,
          forms and message listeners never pass through the tree.
        The gateway's parser for INTERACTION_CREATE and MESSAGE_CREATE is the one point
        before all of them; wrapped here, the value is set around it (so every task it
        starts inherits it: command, autocomplete, button, form, listener, error
        funnel) and reset after (so the next gateway event starts clean). It is also
        where new work is refused once shutdown has begun.
        """
        state = self._connection
        for event, describe in (
            ("INTERACTION_CREATE", interaction_context),
            ("MESSAGE_CREATE", message_context),
        ):
            name = f"parse_{event.lower()}"
            parse = getattr(state, name)
            if getattr(parse, "takes_context", False):
                continue

            def intake(data: Any, parse: Any = parse, describe: Any = describe) -> None:
                if self.stopping:
                    return
                with use_context(describe(data)):
                    parse(data)

            intake.takes_context = True  # type: ignore[attr-defined]
            # The gateway calls the parsers table; tests and dpytest call the method.
            setattr(state, name, intake)
            state.parsers[event] = intake

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """The one error funnel for slash commands: users get a message, bugs get a traceback."""
        original = getattr(error, "original", error)
        if isinstance(original, UserError):
            message = str(original)
        elif isinstance(error, app_commands.CommandOnCooldown):
            message = f"Slow down a little: try again in {error.retry_after:.0f} s."
        elif isinstance(error, app_commands.MissingPermissions):
            needed = ", ".join(_permission_name(p) for p in error.missing_permissions)
            message = f"You need the {needed} permission to use this command."
        elif isinstance(error, app_commands.NoPrivateMessage):
            message = "This command only works in a server, not in direct messages."
        elif isinstance(error, app_commands.CheckFailure):
            message = "You can't use this command here."
        elif isinstance(error, app_commands.TransformerError):
            message = f"That value isn't valid: {error.value!r}."
        else:
            self.app.metrics.errors.inc(where="command")
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error(
                "error in /%s (guild %s, user %s)",
                command,
                interaction.guild_id,
                interaction.user.id,
                exc_info=original,
            )
            message = "Sorry, something went wrong on my side. It has been logged."
        await send_ephemeral(interaction, message)


# Where Discord's UI names a permission differently from its API flag.
_UI_PERMISSION_NAMES = {"manage_guild": "Manage Server"}


def _permission_name(flag: str) -> str:
    return _UI_PERMISSION_NAMES.get(flag, flag.replace("_", " ").title())


async def send_ephemeral(interaction: discord.Interaction, message: str) -> None:
    if interaction.response.is_done():
        await interaction.followup.send(message, ephemeral=True, allowed_mentions=SAFE_MENTIONS)
    else:
        await interaction.response.send_message(
            message, ephemeral=True, allowed_mentions=SAFE_MENTIONS
        )


class ShardedDebateBot(DebateBot, commands.AutoShardedBot):
    """The same bot holding several of Discord's shards in one process."""


def bot_class(config: Config) -> type[DebateBot]:
    """AutoShardedBot once a shard count is set; a plain Bot for the usual single shard."""
    return ShardedDebateBot if config.shard_count is not None else DebateBot


def shard_plan(config: Config) -> ShardPlan:
    return ShardPlan(config.shard_count, config.shard_ids)


async def run_discord(config: Config, *, sync_only: bool = False) -> int:
    setup_logging(config.log_format, getattr(logging, config.log_level))
    knowledge = load_knowledge(config.content_dir)
    async with make_store(config.store_url) as store:
        app = App(knowledge, store, bot_names=config.bot_names, shards=shard_plan(config))
        await app.start()
        try:
            return await _serve(app, config, sync_only=sync_only)
        finally:
            await app.close()  # answers still queued are committed before the store closes


async def _serve(app: App, config: Config, *, sync_only: bool) -> int:
    shards = app.shards
    log.info("running %s", shards.describe())
    async with bot_class(config)(
        app, config, serve_ops=not sync_only, **shards.client_options()
    ) as bot:
        if sync_only:
            await bot.login(config.token)
            synced = await bot.sync_commands()
            print(f"synced {len(synced)} commands")
            return 0
        _reload_on_sighup(bot, config)
        try:
            with SignalShutdown() as shutdown:
                running = asyncio.create_task(bot.start(config.token), name="debate-bot")
                signalled = asyncio.create_task(shutdown.requested.wait())
                await asyncio.wait({running, signalled}, return_when=asyncio.FIRST_COMPLETED)
                signalled.cancel()
                if shutdown.requested.is_set():
                    await bot.shut_down()
                    await _finished_after_close(running)
                    return 0
                await running
        except discord.PrivilegedIntentsRequired:
            log.error(
                "Discord refused the Message Content intent. Enable it in the Developer "
                "Portal: your application > Bot > Privileged Gateway Intents."
            )
            return 1
        except discord.LoginFailure:
            log.error("Discord rejected DISCORD_TOKEN: copy it again from the Bot page.")
            return 1
    return 0


async def _finished_after_close(running: asyncio.Task[None]) -> None:
    # A signal during login: closing the HTTP session may fail the login, which no
    # longer matters; the bot is stopping as asked.
    try:
        await running
    except Exception as error:
        log.debug("start ended with %r after the shutdown", error)


def _reload_on_sighup(bot: DebateBot, config: Config) -> None:
    """`kill -HUP` reloads content/; invalid content is refused and logged, the old kept."""
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, _reload, bot, config)
    except (NotImplementedError, RuntimeError):
        log.debug("SIGHUP reload not available on this platform")


def _reload(bot: DebateBot, config: Config) -> None:
    result = bot.app.reload(config.content_dir)
    if not result.ok:
        for problem in result.problems:
            log.error("content problem: %s", problem)
