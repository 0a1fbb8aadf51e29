"""FAQ in Discord: /ask, answers in FAQ channels and on mention, /faq channel admin.

Only translation happens here: an event becomes one `App` call, the result
becomes an embed with buttons.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import AskedVia
from bot.engine.faq import Answer, MatchResult, Suggestions
from bot.engine.text import looks_like_question
from bot.ui.embeds import NO_ANSWER, SAFE_MENTIONS, answer_embed, suggestions_embed
from bot.ui.faq_views import answer_view, suggestions_view

if TYPE_CHECKING:
    from bot.client import DebateBot

log = logging.getLogger(__name__)

FAQ_CHANNEL_TYPES = (discord.TextChannel, discord.ForumChannel, discord.VoiceChannel)


class Faq(commands.Cog):
    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot
        self.app = bot.app
        seconds = bot.config.cooldown_seconds
        self._cooldown = commands.CooldownMapping.from_cooldown(
            1, seconds, commands.BucketType.user
        )

    def _retry_after(self, message: discord.Message) -> float:
        if self.bot.config.cooldown_seconds <= 0:
            return 0.0
        bucket = self._cooldown.get_bucket(message)
        return (bucket.update_rate_limit() or 0.0) if bucket else 0.0

    def _render(self, question: str, result: MatchResult, asker_id: int) -> dict:
        """Message keyword arguments for a match result, or {} when we stay quiet."""
        if isinstance(result, Answer):
            entry = result.entry
            return {
                "embed": answer_embed(entry, self.app.source_titles(entry), asked=question),
                "view": answer_view(entry),
            }
        if isinstance(result, Suggestions):
            return {
                "embed": suggestions_embed(result.entries),
                "view": suggestions_view(result.entries, asker_id),
            }
        return {}

    # -- /ask -------------------------------------------------------------

    @app_commands.command(
        name="ask", description="Ask a question about globalism or internationalism"
    )
    @app_commands.describe(
        question="Your question, in your own words (pick one from the list or type it)",
        private="Only you see the answer (default: everyone in the channel sees it)",
    )
    @app_commands.checks.cooldown(3, 15.0, key=lambda i: i.user.id)
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, 300],
        private: bool = False,
    ) -> None:
        result = await self.app.ask(
            question,
            via=AskedVia.COMMAND,
            guild_id=interaction.guild_id,
            user_id=interaction.user.id,
        )
        reply = self._render(question, result, interaction.user.id)
        if not reply:
            await interaction.response.send_message(
                NO_ANSWER, ephemeral=True, allowed_mentions=SAFE_MENTIONS
            )
            return
        await interaction.response.send_message(
            **reply, ephemeral=private, allowed_mentions=SAFE_MENTIONS
        )

    @ask.autocomplete("question")
    async def ask_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=entry.question[:100], value=entry.question[:100])
            for entry in self.app.complete_question(current, limit=25)
        ]

    # -- messages ---------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.bot.user is None or message.author.id == self.bot.user.id:
            return
        if message.webhook_id is not None or not message.content.strip():
            return
        mentioned = self.bot.user in message.mentions
        in_dm = message.guild is None
        if not (mentioned or in_dm) and not await self._is_faq_channel(message):
            return
        via = AskedVia.COMMAND if (mentioned or in_dm) else AskedVia.CHANNEL
        text = message.content
        if mentioned:
            # The mention addresses the bot: it is no part of the question, which is echoed
            # back under the answer ("Asked: ...") and recorded when it is missed.
            text = re.sub(rf"<@!?{self.bot.user.id}>", " ", text).strip()
        result = await self.app.ask(
            text,
            via=via,
            guild_id=message.guild.id if message.guild else None,
            user_id=message.author.id,
        )
        # In FAQ channels most messages are chatter: answer what we are sure of, offer
        # suggestions only for things that read as questions, and never say "no answer".
        if via is AskedVia.CHANNEL and (
            (isinstance(result, Suggestions) and not looks_like_question(text))
            or not isinstance(result, Answer | Suggestions)
        ):
            return
        retry = self._retry_after(message)
        if retry:
            if via is AskedVia.COMMAND:
                await message.reply(
                    f"One question at a time, please: ask again in {retry:.0f} s.",
                    delete_after=10,
                    mention_author=False,
                    allowed_mentions=SAFE_MENTIONS,
                )
            return
        reply = self._render(text, result, message.author.id) or {"content": NO_ANSWER}
        await message.reply(**reply, mention_author=False, allowed_mentions=SAFE_MENTIONS)

    async def _is_faq_channel(self, message: discord.Message) -> bool:
        if message.guild is None:
            return False
        channel = message.channel
        ids = {channel.id}
        parent_id = getattr(channel, "parent_id", None)
        if parent_id:  # threads inside an FAQ channel count too
            ids.add(parent_id)
        for channel_id in ids:
            if await self.app.is_faq_channel(message.guild.id, channel_id):
                return True
        return False

    # -- /faq channel add|remove|list --------------------------------------

    faq = app_commands.Group(
        name="faq",
        description="FAQ settings for this server",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )
    channel = app_commands.Group(
        name="channel",
        description="Channels where I answer questions without a mention",
        parent=faq,
    )

    @channel.command(name="add", description="Answer questions in a channel without a mention")
    @app_commands.describe(channel="The channel (default: this one)")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def channel_add(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | discord.ForumChannel | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        target = channel or interaction.channel
        if not isinstance(target, FAQ_CHANNEL_TYPES):
            await interaction.response.send_message("Pick a text or forum channel.", ephemeral=True)
            return
        added = await self.app.add_faq_channel(interaction.guild_id, target.id)
        text = (
            f"I'll answer questions in {target.mention} without being mentioned."
            if added
            else f"{target.mention} is already an FAQ channel."
        )
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=SAFE_MENTIONS
        )

    @channel.command(name="remove", description="Stop answering questions in a channel")
    @app_commands.describe(channel="The channel (default: this one)")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def channel_remove(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | discord.ForumChannel | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        target_id = channel.id if channel else interaction.channel_id
        assert target_id is not None
        removed = await self.app.remove_faq_channel(interaction.guild_id, target_id)
        text = (
            f"I'll no longer answer in <#{target_id}> unless mentioned."
            if removed
            else f"<#{target_id}> was not an FAQ channel."
        )
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=SAFE_MENTIONS
        )

    @channel.command(name="list", description="List the channels where I answer without a mention")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def channel_list(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        channels = sorted(await self.app.faq_channels(interaction.guild_id))
        text = (
            "FAQ channels: " + ", ".join(f"<#{c}>" for c in channels)
            if channels
            else "No FAQ channels yet. Add one with `/faq channel add`."
        )
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=SAFE_MENTIONS
        )


async def setup(bot: DebateBot) -> None:
    await bot.add_cog(Faq(bot))
