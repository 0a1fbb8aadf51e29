"""/help for everyone; /content-reload for the bot's owner."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.ui.embeds import SAFE_MENTIONS, help_embed

if TYPE_CHECKING:
    from bot.client import DebateBot

log = logging.getLogger(__name__)


class Meta(commands.Cog):
    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What this bot does and how to use it")
    async def help(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            embed=help_embed(), ephemeral=True, allowed_mentions=SAFE_MENTIONS
        )

    @app_commands.command(
        name="content-reload", description="Reload the FAQ content from disk (bot owner only)"
    )
    @app_commands.default_permissions(administrator=True)
    async def content_reload(self, interaction: discord.Interaction) -> None:
        # Content is shared by every server the bot is in, so only its owner may swap it.
        if not await self.bot.is_owner(interaction.user):
            await interaction.response.send_message(
                "Only the bot's owner can reload content.", ephemeral=True
            )
            return
        result = self.bot.app.reload(self.bot.config.content_dir)
        if result.ok:
            text = f"Reloaded: {result.entries} FAQ entries are live."
        else:
            lines = "\n".join(f"- `{p}`" for p in result.problems[:15])
            more = f"\n…and {len(result.problems) - 15} more" if len(result.problems) > 15 else ""
            text = (
                f"Reload refused: still serving the old content ({result.entries} entries). "
                f"Fix these and reload again:\n{lines}{more}"
            )[:2000]
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=SAFE_MENTIONS
        )


async def setup(bot: DebateBot) -> None:
    await bot.add_cog(Meta(bot))
