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
from bot.store.sqlite import SqliteStore
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
)


def intents() -> discord.Intents:
    wanted = discord.Intents.default()
    wanted.message_content = True  # privileged: needed to answer questions in FAQ channels
    wanted.members = False
    wanted.presences = False
    return wanted


class DebateBot(commands.Bot):
    def __init__(self, app: App, config: Config, **options: Any) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            allowed_mentions=SAFE_MENTIONS,
            help_command=None,
            **options,
        )
        self.app = app
        self.config = config

    async def setup_hook(self) -> None:
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


async def run_discord(config: Config, *, sync_only: bool = False) -> int:
    discord.utils.setup_logging(level=getattr(logging, config.log_level))
    knowledge = load_knowledge(config.content_dir)
    async with SqliteStore(config.database_path) as store:
        app = App(knowledge, store, bot_names=config.bot_names)
        try:
            return await _serve(app, config, sync_only=sync_only)
        finally:
            await app.quiz.close()  # answers still queued are committed before the store closes


async def _serve(app: App, config: Config, *, sync_only: bool) -> int:
    async with DebateBot(app, config) as bot:
        if sync_only:
            await bot.login(config.token)
            synced = await bot.sync_commands()
            print(f"synced {len(synced)} commands")
            return 0
        _reload_on_sighup(bot, config)
        try:
            await bot.start(config.token)
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
