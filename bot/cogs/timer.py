"""/timer: the timekeeper for human rounds (British Parliamentary, Lincoln-Douglas, …).

It posts the speech order, then one message per speech that it edits in place
as the clock runs (no flood of new messages), announcing the time signals of
the speech: POI window open and closed, one minute left, time, grace over.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.engine.debate.formats import FORMATS
from bot.ui.embeds import SAFE_MENTIONS
from bot.ui.timer_views import order_embed, timer_embed, timer_message

if TYPE_CHECKING:
    from bot.client import DebateBot
    from bot.timekeeping import LiveTimer

log = logging.getLogger(__name__)

FORMAT_CHOICES = [app_commands.Choice(name=f.name[:100], value=key) for key, f in FORMATS.items()]


class Timekeeper(commands.Cog):
    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot
        self.app = bot.app

    async def cog_load(self) -> None:
        restored = await self.app.timers.restore()
        if restored:
            log.info("restored %d timer(s)", restored)
        self.tick.start()

    async def cog_unload(self) -> None:
        self.tick.cancel()

    timer = app_commands.Group(
        name="timer", description="Keep time for a human debate round", guild_only=True
    )

    @timer.command(name="start", description="Post the speech order and a timer for each speech")
    @app_commands.describe(format="The debate format to time")
    @app_commands.choices(format=FORMAT_CHOICES)
    async def start(self, interaction: discord.Interaction, format: str) -> None:
        assert interaction.channel_id is not None
        live = await self.app.timers.start(
            interaction.guild_id, interaction.channel_id, interaction.user.id, format
        )
        await interaction.response.send_message(
            embed=order_embed(live.timer.format), allowed_mentions=SAFE_MENTIONS
        )
        message = await interaction.followup.send(**timer_message(self.app, live.id), wait=True)
        await self.app.timers.set_message(live, message.id)

    @timer.command(name="stop", description="Stop the timer running in this channel")
    async def stop(self, interaction: discord.Interaction) -> None:
        assert interaction.channel_id is not None
        live = self.app.timers.in_channel(interaction.channel_id)
        if live is None:
            await interaction.response.send_message(
                "No timer runs in this channel.", ephemeral=True
            )
            return
        final = self._final_embed(live)
        await self._act(interaction, live.id, "stop")
        await interaction.response.send_message("Timer stopped.", allowed_mentions=SAFE_MENTIONS)
        if live.message_id is not None:  # close the speech's message, as its Stop button does
            channel = self.bot.get_partial_messageable(live.channel_id)
            try:
                await channel.get_partial_message(live.message_id).edit(embed=final, view=None)
            except discord.HTTPException:
                log.warning("could not close timer %s in channel %s", live.id, live.channel_id)

    def _final_embed(self, live: LiveTimer) -> discord.Embed:
        """What a speech's message shows once it is over: its last state, without buttons."""
        final = timer_embed(live.timer.format, live.timer.view(self.app.clock()))
        final.title = f"{final.title} · done"
        return final

    async def on_button(self, interaction: discord.Interaction, timer_id: str, action: str) -> None:
        live = self.app.timers.get(timer_id)
        fmt = live.timer.format
        closing = action in {"next", "stop"}
        final = self._final_embed(live) if closing else None
        live = await self._act(interaction, timer_id, action)
        if not closing:
            await interaction.response.edit_message(**timer_message(self.app, timer_id))
            return
        assert final is not None
        await interaction.response.edit_message(embed=final, view=None)
        if live.timer.status == "finished":
            await interaction.followup.send(
                f"{fmt.name} round over: thanks, everyone.", allowed_mentions=SAFE_MENTIONS
            )
            return
        message = await interaction.followup.send(**timer_message(self.app, timer_id), wait=True)
        await self.app.timers.set_message(live, message.id)

    async def _act(self, interaction: discord.Interaction, timer_id: str, action: str) -> LiveTimer:
        perms = interaction.permissions
        return await self.app.timers.act(
            timer_id, interaction.user.id, bool(perms and perms.manage_messages), action
        )

    @tasks.loop(seconds=5)
    async def tick(self) -> None:
        for live, signals in self.app.timers.due(self.app.clock()):
            channel = self.bot.get_partial_messageable(live.channel_id)
            try:
                await channel.get_partial_message(live.message_id).edit(  # type: ignore[arg-type]
                    **timer_message(self.app, live.id, signals)
                )
            except discord.HTTPException:
                log.warning("could not edit timer %s in channel %s", live.id, live.channel_id)

    @tick.before_loop
    async def before_tick(self) -> None:
        await self.bot.wait_until_ready()


async def setup(bot: DebateBot) -> None:
    await bot.add_cog(Timekeeper(bot))
