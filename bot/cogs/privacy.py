"""/privacy: a member sees (as a file) and deletes what the bot stores about them;
a server's admins delete it for a member in their server.

Every answer is ephemeral and pings nobody. Deleting always asks first, and only
the member who asked can confirm.
"""

from __future__ import annotations

import gzip
import io
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserError
from bot.privacy import Export, Forgotten, describe
from bot.store import privacy_records as records
from bot.ui.embeds import SAFE_MENTIONS
from bot.ui.privacy_views import (
    Action,
    ConfirmView,
    forget_prompt,
    forgotten_message,
)
from bot.ui.timer_views import timer_embed

if TYPE_CHECKING:
    from bot.client import DebateBot
    from bot.timekeeping import LiveTimer

log = logging.getLogger(__name__)

NOTHING_STORED = (
    "I store nothing about you: no quiz answers, streaks, debate rounds or settings. "
    "There is nothing to export or delete."
)


class Privacy(commands.Cog):
    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot
        self.app = bot.app

    privacy = app_commands.Group(
        name="privacy", description="See or delete what this bot stores about you"
    )

    @privacy.command(
        name="export", description="Everything this bot stores about you, as a file only you see"
    )
    async def export(self, interaction: discord.Interaction) -> None:
        exported = await self.app.privacy.export(interaction.user.id, bot_name=self._bot_name())
        if exported.empty:
            await self._reply(interaction, NOTHING_STORED)
            return
        file = export_file(exported, interaction.user.id, interaction.filesize_limit)
        await interaction.response.send_message(
            f"Here is everything I store about you: {describe(exported.counts, records.KINDS)}. "
            "`/privacy forget` deletes it.",
            file=file,
            ephemeral=True,
            allowed_mentions=SAFE_MENTIONS,
        )

    @privacy.command(
        name="forget", description="Delete everything this bot stores about you (asks first)"
    )
    async def forget(self, interaction: discord.Interaction) -> None:
        user_id = interaction.user.id
        counts = await self.app.privacy.stored(user_id)
        if not any(counts.values()):
            await self._reply(interaction, NOTHING_STORED)
            return

        async def confirmed(pressed: discord.Interaction) -> str:
            done = await self._forget(user_id, None)
            log.info(
                "a member deleted their data: %d record(s), %d question(s) unlinked",
                done.deleted,
                done.unlinked,
            )
            return forgotten_message(done)

        await self._confirm(interaction, forget_prompt(counts), confirmed)

    # Discord ignores default permissions on a subcommand, so the check at run time (here
    # and again on Confirm) is what keeps this to a server's admins.
    @privacy.command(
        name="forget-member",
        description="Delete what this bot stores about a member in this server (admins)",
    )
    @app_commands.describe(member="The member whose data in this server is deleted")
    @app_commands.guild_only()
    @app_commands.checks.has_permissions(manage_guild=True)
    async def forget_member(self, interaction: discord.Interaction, member: discord.User) -> None:
        guild_id = interaction.guild_id
        if guild_id is None:
            raise UserError("This command only works in a server, not in direct messages.")
        counts = await self.app.privacy.stored(member.id, guild_id)
        if not any(counts.values()):
            await self._reply(
                interaction,
                f"I store nothing about {member.mention} in this server: there is nothing "
                "to delete.",
            )
            return
        admin_id = interaction.user.id

        async def confirmed(pressed: discord.Interaction) -> str:
            if not (pressed.permissions and pressed.permissions.manage_guild):
                raise UserError(
                    "You no longer have the Manage Server permission: nothing was deleted."
                )
            done = await self._forget(member.id, guild_id)
            log.info(
                "admin %s deleted member %s's data in guild %s: %d record(s), "
                "%d question(s) unlinked",
                admin_id,
                member.id,
                guild_id,
                done.deleted,
                done.unlinked,
            )
            return forgotten_message(done, member=member)

        await self._confirm(interaction, forget_prompt(counts, member=member), confirmed)

    # -- helpers ----------------------------------------------------------

    async def _confirm(self, interaction: discord.Interaction, prompt: str, action: Action) -> None:
        view = ConfirmView(interaction.user.id, action)
        await interaction.response.send_message(
            prompt, view=view, ephemeral=True, allowed_mentions=SAFE_MENTIONS
        )
        view.origin = interaction

    async def _forget(self, user_id: int, guild_id: int | None) -> Forgotten:
        done = await self.app.privacy.forget(user_id, guild_id)
        # Cogs that keep something of the member's in memory (a speech being typed) let go.
        self.bot.dispatch("privacy_forget", user_id, guild_id)
        for live in done.ended_timers:
            await self._close_timer_message(live)
        return done

    async def _close_timer_message(self, live: LiveTimer) -> None:
        """The timer's message stays in the channel: show it stopped, without buttons."""
        if live.message_id is None:
            return
        final = timer_embed(live.timer.format, live.timer.view(self.app.clock()))
        final.title = f"{final.title} · stopped"
        channel = self.bot.get_partial_messageable(live.channel_id)
        try:
            await channel.get_partial_message(live.message_id).edit(
                embed=final, view=None, allowed_mentions=SAFE_MENTIONS
            )
        except discord.HTTPException:
            log.warning("could not close timer %s in channel %s", live.id, live.channel_id)

    async def _reply(self, interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=SAFE_MENTIONS
        )

    def _bot_name(self) -> str:
        return self.bot.user.name if self.bot.user else "Debate Bot"


def export_file(exported: Export, user_id: int, limit: int) -> discord.File:
    """The export as a JSON file; gzipped when plain JSON is over Discord's size limit."""
    data = exported.to_json()
    name = f"debate-bot-data-{user_id}.json"
    if len(data) > limit:
        data, name = gzip.compress(data), name + ".gz"
    if len(data) > limit:
        total = sum(exported.counts.get(k, 0) for k in records.KINDS)
        raise UserError(
            f"Your data ({total} records) is too large to attach here. Ask the bot's "
            "operator for a copy: they can export it with `debate-bot privacy export`."
        )
    return discord.File(io.BytesIO(data), filename=name)


async def setup(bot: DebateBot) -> None:
    await bot.add_cog(Privacy(bot))
