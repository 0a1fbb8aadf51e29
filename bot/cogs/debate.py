"""/debate and /drill: rounds against the bot in a thread, and short drills with forms.

A round lives in a thread of its own. The student posts their speech as
messages there and presses Done (or /debate done); only they can. Each move
goes through `DebateService`, which saves it before the bot answers.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.debating import SPARRING_FORMATS
from bot.engine.debate import drills
from bot.engine.debate.formats import FORMATS
from bot.engine.debate.round import Round
from bot.errors import UserError
from bot.ui.debate_views import (
    AnswerModal,
    DoneButton,
    drill_view,
    event_messages,
    motion_embed,
)
from bot.ui.embeds import SAFE_MENTIONS

if TYPE_CHECKING:
    from bot.client import DebateBot

log = logging.getLogger(__name__)

SIDES = [
    app_commands.Choice(name="Proposition", value="proposition"),
    app_commands.Choice(name="Opposition", value="opposition"),
    app_commands.Choice(name="Random (the side you've argued less)", value="random"),
]
ROUND_FORMATS = [app_commands.Choice(name=f.name, value=k) for k, f in SPARRING_FORMATS.items()]
WARN_BEFORE = timedelta(seconds=60)


class Debate(commands.Cog):
    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot
        self.app = bot.app
        self.service = bot.app.debate
        self._parts: dict[int, list[str]] = defaultdict(list)
        self._warned: dict[str, set[str]] = defaultdict(set)

    async def cog_load(self) -> None:
        self.watch.start()

    async def cog_unload(self) -> None:
        self.watch.cancel()

    # -- helpers ----------------------------------------------------------

    async def motion_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current.lower()
        return [
            app_commands.Choice(name=m.motion[:100], value=m.id)
            for m in self.service.motions()
            if typed in m.motion.lower() or typed in m.id
        ][:25]

    async def _send(self, channel: discord.abc.Messageable, messages: list[dict]) -> None:
        for kwargs in messages:
            await channel.send(**kwargs, allowed_mentions=SAFE_MENTIONS)

    def _channel(self, channel_id: int | None) -> discord.abc.Messageable | None:
        if channel_id is None:
            return None
        return self.bot.get_channel(channel_id) or self.bot.get_partial_messageable(channel_id)  # type: ignore[return-value]

    # -- /debate ----------------------------------------------------------

    debate = app_commands.Group(name="debate", description="Spar with the bot on a motion")

    @debate.command(name="motions", description="The motions you can debate")
    async def motions(self, interaction: discord.Interaction) -> None:
        lines = [f"**{m.motion}**\n`{m.id}`" for m in self.service.motions()]
        embed = discord.Embed(title="Motions", description="\n".join(lines)[:4000])
        await interaction.response.send_message(embed=embed, allowed_mentions=SAFE_MENTIONS)

    @debate.command(name="start", description="Start a round against the bot in a new thread")
    @app_commands.describe(
        motion="The motion to debate", side="The side you argue", format="How long the round is"
    )
    @app_commands.autocomplete(motion=motion_autocomplete)
    @app_commands.choices(side=SIDES, format=ROUND_FORMATS)
    async def start(
        self,
        interaction: discord.Interaction,
        motion: str,
        side: str = "random",
        format: str = "drill",
    ) -> None:
        user = interaction.user
        chosen = self.service.motion(motion)  # a bad id is refused before any thread is made
        self.service.sparring_format(format)
        if await self.service.open_round(user.id) is not None:
            raise UserError("You already have a round going: finish it, or `/debate end` it.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        where: discord.abc.Messageable = interaction.channel  # type: ignore[assignment]
        if isinstance(interaction.channel, discord.TextChannel):
            try:
                where = await interaction.channel.create_thread(
                    name=f"Debate: {chosen.motion.removeprefix('This House ')}"[:90],
                    type=discord.ChannelType.public_thread,
                    auto_archive_duration=60,
                )
            except discord.HTTPException:
                log.info("no thread in %s; the round runs in the channel", interaction.channel_id)
        move = await self.service.start(
            user.id,
            motion,
            side,
            format,
            guild_id=interaction.guild_id,
            channel_id=getattr(where, "id", interaction.channel_id),
        )
        self._parts.pop(user.id, None)
        await where.send(
            content=f"{user.mention}, your round:",
            embed=motion_embed(move.motion, move.round.student_side, move.format.name),
            allowed_mentions=discord.AllowedMentions(users=[user], everyone=False, roles=False),
        )
        await self._send(where, event_messages(move.events, move.round.id, user.id))
        mention = getattr(where, "mention", "this channel")
        await interaction.followup.send(
            f"Your round is on in {mention}: you argue the {move.round.student_side}.",
            ephemeral=True,
        )

    @debate.command(name="done", description="Hand in the speech you have posted")
    async def done(self, interaction: discord.Interaction) -> None:
        await self.hand_in(interaction)

    @debate.command(name="end", description="End your round now and get feedback")
    async def end(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        move = await self.service.end(interaction.user.id)
        self._parts.pop(interaction.user.id, None)
        for kwargs in event_messages(move.events, move.round.id, interaction.user.id):
            await interaction.followup.send(**kwargs, allowed_mentions=SAFE_MENTIONS)

    @debate.command(name="history", description="Your past rounds and scores")
    @app_commands.describe(member="Whose history (default: yours)")
    async def history(
        self, interaction: discord.Interaction, member: discord.Member | None = None
    ) -> None:
        who = member or interaction.user
        rows = await self.service.history(who.id, limit=15)
        if not rows:
            text = f"{who.display_name} has no finished rounds yet."
        else:
            text = "\n".join(
                f"<t:{int(r.finished_at.timestamp())}:d> **{r.score}**/100 · {r.side} · "
                f"`{r.motion_id}` · {_format_name(r.format_key)}"
                for r in rows
            )
        embed = discord.Embed(title=f"Debate history: {who.display_name}", description=text)
        await interaction.response.send_message(embed=embed, allowed_mentions=SAFE_MENTIONS)

    # -- speeches ---------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or not message.content.strip():
            return
        stored = await self.service.where(message.author.id)
        if stored is not None and stored.channel_id == message.channel.id:
            self._parts[message.author.id].append(message.content)

    @commands.Cog.listener()
    async def on_privacy_forget(self, user_id: int, guild_id: int | None) -> None:
        """The member's data was deleted: so is the speech they were typing, unless a
        round of theirs elsewhere survived (forgotten in one server only)."""
        if await self.service.where(user_id) is None:
            self._parts.pop(user_id, None)

    async def hand_in(self, interaction: discord.Interaction) -> None:
        user_id = interaction.user.id
        stored = await self.service.where(user_id)
        if stored is None:
            raise UserError("You have no round going. Start one with `/debate start`.")
        if stored.channel_id not in (None, interaction.channel_id):
            raise UserError(f"Hand in your speech in your round's thread: <#{stored.channel_id}>.")
        text = "\n".join(self._parts.get(user_id, [])) or await self._recover_speech(
            interaction, Round.from_dict(stored.state)
        )
        if not text.strip():
            raise UserError("Post your speech in this thread first, then press Done.")
        await interaction.response.defer(thinking=True)
        move = await self.service.speak(user_id, text)
        self._parts.pop(user_id, None)
        self._warned.pop(move.round.id, None)
        messages = event_messages(move.events, move.round.id, user_id)
        for kwargs in messages:
            await interaction.followup.send(**kwargs, allowed_mentions=SAFE_MENTIONS)

    async def _recover_speech(self, interaction: discord.Interaction, round_: Round) -> str:
        """After a restart the collected parts are gone; the thread still has them."""
        channel = interaction.channel
        if not isinstance(channel, discord.abc.Messageable):
            return ""
        parts: list[str] = []
        try:
            async for message in channel.history(after=round_.turn_started_at, limit=100):
                if message.author.id == interaction.user.id and message.content.strip():
                    parts.append(message.content)
        except (discord.HTTPException, NotImplementedError, TypeError):
            return ""
        return "\n".join(parts)

    @tasks.loop(seconds=20)
    async def watch(self) -> None:
        """Warn as a speech's time runs out, and expire abandoned rounds."""
        now = self.app.clock()
        for stored in await self.service.expire_idle():
            channel = self._channel(stored.channel_id)
            if channel is not None:
                await channel.send(
                    f"<@{stored.user_id}>'s round expired after two hours without a speech. "
                    "Start a new one with `/debate start`.",
                    allowed_mentions=SAFE_MENTIONS,
                )
        for stored in await self.app.store.rounds_with_status("student-turn"):
            round_ = Round.from_dict(stored.state)
            turn = round_.turn(FORMATS[round_.format_key])
            channel = self._channel(stored.channel_id)
            if turn is None or channel is None:
                continue
            left = turn.deadline - now
            warned = self._warned[round_.id]
            key = f"{round_.index}:"
            if timedelta(0) < left <= WARN_BEFORE and key + "minute" not in warned:
                warned.add(key + "minute")
                await channel.send(
                    "⏱️ One minute left in your speech.", allowed_mentions=SAFE_MENTIONS
                )
            elif left <= timedelta(0) and key + "time" not in warned:
                warned.add(key + "time")
                await channel.send(
                    "⏰ Time! Finish your sentence and press **Done**.",
                    allowed_mentions=SAFE_MENTIONS,
                )

    @watch.before_loop
    async def before_watch(self) -> None:
        await self.bot.wait_until_ready()
        await self.announce_resumed()

    async def announce_resumed(self) -> None:
        """After a restart, tell each student with a round going that it carries on."""
        for stored in await self.app.store.rounds_with_status("student-turn"):
            round_ = Round.from_dict(stored.state)
            turn = round_.turn(FORMATS[round_.format_key])
            channel = self._channel(stored.channel_id)
            if turn is None or channel is None:
                continue
            view = discord.ui.View(timeout=None)
            view.add_item(DoneButton(round_.user_id, round_.id))
            try:
                await channel.send(
                    f"I was restarted, but your round carries on: it's your {turn.speech.name}. "
                    "Anything you posted is kept; press **Done** when you have finished.",
                    view=view,
                    allowed_mentions=SAFE_MENTIONS,
                )
            except discord.HTTPException:
                log.warning("could not tell round %s that it resumed", round_.id)

    # -- /drill -----------------------------------------------------------

    drill = app_commands.Group(name="drill", description="Short debate drills")

    async def _start_drill(
        self, interaction: discord.Interaction, kind: str, motion: str, side: str
    ) -> drills.RebuttalDrill | drills.ArgumentDrill | drills.PoiDrill:
        return self.service.start_drill(interaction.user.id, kind, motion, side)

    @drill.command(name="rebuttal", description="Answer one argument of the other side in 90 s")
    @app_commands.describe(motion="The motion", side="The side you argue")
    @app_commands.autocomplete(motion=motion_autocomplete)
    @app_commands.choices(side=SIDES)
    async def drill_rebuttal(
        self, interaction: discord.Interaction, motion: str, side: str = "random"
    ) -> None:
        drill = await self._start_drill(interaction, "rebuttal", motion, side)
        assert isinstance(drill, drills.RebuttalDrill)
        a = drill.argument
        embed = discord.Embed(
            title=f"Rebut this ({drill.seconds} s)",
            description=f"**{a.title}**\n{a.claim} {a.reasoning}",
        )
        await interaction.response.send_message(
            embed=embed,
            view=drill_view(interaction.user.id, "answer"),
            allowed_mentions=SAFE_MENTIONS,
        )

    @drill.command(name="arguments", description="List a side's arguments in 3 minutes")
    @app_commands.describe(motion="The motion", side="The side whose arguments you list")
    @app_commands.autocomplete(motion=motion_autocomplete)
    @app_commands.choices(side=SIDES)
    async def drill_arguments(
        self, interaction: discord.Interaction, motion: str, side: str = "random"
    ) -> None:
        drill = await self._start_drill(interaction, "arguments", motion, side)
        assert isinstance(drill, drills.ArgumentDrill)
        text = (
            f"List the **{drill.side}**'s arguments on “{self.service.motion(motion).motion}”, "
            f"one per line, within {drill.seconds // 60} minutes."
        )
        await interaction.response.send_message(
            text, view=drill_view(interaction.user.id, "answer"), allowed_mentions=SAFE_MENTIONS
        )

    @drill.command(
        name="poi", description="Give a speech in parts and handle points of information"
    )
    @app_commands.describe(motion="The motion", side="The side you argue")
    @app_commands.autocomplete(motion=motion_autocomplete)
    @app_commands.choices(side=SIDES)
    async def drill_poi(
        self, interaction: discord.Interaction, motion: str, side: str = "random"
    ) -> None:
        drill = await self._start_drill(interaction, "poi", motion, side)
        assert isinstance(drill, drills.PoiDrill)
        text = (
            f"Give a **{drill.student_side}** speech a few sentences at a time. I may stand "
            "with a point of information: accept and answer it, or decline."
        )
        await interaction.response.send_message(
            text,
            view=drill_view(interaction.user.id, "part", "finish"),
            allowed_mentions=SAFE_MENTIONS,
        )

    async def drill_button(self, interaction: discord.Interaction, action: str) -> None:
        user_id = interaction.user.id
        drill = self.service.drill_of(user_id)
        motion = self.service.motion(drill.motion_id)
        if action == "finish" and isinstance(drill, drills.PoiDrill):
            self.service.finish_drill(user_id)
            await interaction.response.send_message(drill.verdict(motion))
            return
        if action == "decline" and isinstance(drill, drills.PoiDrill):
            drill.decline()
            await interaction.response.send_message(
                "Declined. Carry on.", view=drill_view(user_id, "part", "finish")
            )
            return
        labels = {
            "answer": ("Your answer", "Type it here"),
            "part": ("The next part of your speech", "A few sentences"),
            "accept": ("Answer the point of information", "Your answer"),
        }
        title, label = labels.get(action, ("Your answer", "Type it here"))
        await interaction.response.send_modal(
            AnswerModal(title, label, lambda i, text: self._drill_text(i, action, text))
        )

    async def _drill_text(self, interaction: discord.Interaction, action: str, text: str) -> None:
        user_id = interaction.user.id
        drill = self.service.drill_of(user_id)
        motion = self.service.motion(drill.motion_id)
        now = self.app.clock()
        if isinstance(drill, drills.RebuttalDrill):
            grade = drills.grade_rebuttal(motion, drill, text, now)
            self.service.finish_drill(user_id)
            embed = discord.Embed(
                title=f"Rebuttal: {grade.score}/100" + (" (over time)" if grade.late else ""),
                description=grade.verdict,
            )
            embed.add_field(
                name="Model rebuttals",
                value="\n".join(f"• {r.text}" for r in grade.models)[:1024],
                inline=False,
            )
            await interaction.response.send_message(embed=embed, allowed_mentions=SAFE_MENTIONS)
        elif isinstance(drill, drills.ArgumentDrill):
            result = drills.grade_arguments(motion, drill, text, now)
            self.service.finish_drill(user_id)
            embed = discord.Embed(title=f"Arguments: {result.score}/100")
            embed.add_field(
                name="You made",
                value="\n".join(f"• {a.title}" for a in result.made) or "none",
                inline=False,
            )
            embed.add_field(
                name="You missed",
                value="\n".join(f"• **{a.title}**: {a.claim}" for a in result.missed)[:1024]
                or "none",
                inline=False,
            )
            await interaction.response.send_message(embed=embed, allowed_mentions=SAFE_MENTIONS)
        elif action == "accept":
            on_point = drill.accept(motion, text)
            reply = (
                "Good: that answers the point." if on_point else "That didn't answer the point put."
            )
            await interaction.response.send_message(
                reply, view=drill_view(user_id, "part", "finish"), allowed_mentions=SAFE_MENTIONS
            )
        else:
            poi = drill.speak(motion, text)
            if poi is None:
                await interaction.response.send_message(
                    "Noted. Go on.", view=drill_view(user_id, "part", "finish")
                )
            else:
                await interaction.response.send_message(
                    f"🙋 **Point of information!** {poi.text}",
                    view=drill_view(user_id, "accept", "decline"),
                    allowed_mentions=SAFE_MENTIONS,
                )


def _format_name(key: str) -> str:
    fmt = FORMATS.get(key)
    return fmt.name if fmt else key


async def setup(bot: DebateBot) -> None:
    await bot.add_cog(Debate(bot))
