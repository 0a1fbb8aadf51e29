"""/challenge: the weekly quiz the whole server plays, one attempt each, answered privately.

A loop posts each guild's challenge when it is due and the results at its
deadline; both are claimed in the database first (see bot/challenges.py), so
nothing is posted twice after a restart or by a second process.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.challenges import Turn
from bot.engine.quiz.challenge import WEEKDAYS
from bot.store.base import ChallengeAttempt, ChallengePost
from bot.ui.debate_views import AnswerModal, report_user_errors
from bot.ui.embeds import SAFE_MENTIONS
from bot.ui.quiz_views import LETTERS, add_answer_buttons, add_options, verdict_embed

if TYPE_CHECKING:
    from bot.client import DebateBot

log = logging.getLogger(__name__)

WEEKDAY_CHOICES = [app_commands.Choice(name=d.title(), value=d) for d in WEEKDAYS]


def _week_id(post: ChallengePost) -> str:
    return f"{post.guild_id}:{post.week[0]}:{post.week[1]}"


def announcement(post: ChallengePost) -> dict:
    closes = int(post.closes_at.timestamp())
    embed = discord.Embed(
        title=f"Weekly challenge: week {post.week[1]}, {post.week[0]}",
        description=(
            f"{len(post.questions)} questions, the same for everyone. Press **Start** to play "
            f"privately; one attempt each. Closes <t:{closes}:R>; results here then."
        ),
        colour=discord.Colour.purple(),
    )
    view = discord.ui.View(timeout=None)
    view.add_item(ChallengeButton(f"start:{_week_id(post)}", "Start"))
    return {"embed": embed, "view": view, "allowed_mentions": SAFE_MENTIONS}


def results_embed(post: ChallengePost, results: list[ChallengeAttempt]) -> discord.Embed:
    lines = [
        f"**{rank}.** <@{a.user_id}>: {a.score}/{len(post.questions)}"
        for rank, a in enumerate(results[:10], start=1)
    ]
    return discord.Embed(
        title=f"Weekly challenge results: week {post.week[1]}, {post.week[0]}",
        description="\n".join(lines) or "Nobody took this week's challenge.",
        colour=discord.Colour.purple(),
    ).set_footer(text=f"{len(results)} member(s) finished")


def question_message(turn: Turn, user_id: int) -> dict:
    q = turn.question
    assert q is not None
    embed = discord.Embed(
        title=f"Challenge question {turn.index + 1}/{len(turn.post.questions)}",
        description=q.prompt,
        colour=discord.Colour.purple(),
    )
    add_options(embed, q)
    view = discord.ui.View(timeout=None)
    base = f"ans:{_week_id(turn.post)}:{turn.index}"
    add_answer_buttons(view, q, lambda choice, label: ChallengeButton(f"{base}:{choice}", label))
    return {"embed": embed, "view": view}


class ChallengeButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"ch:(?P<action>start|ans):(?P<guild>\d+):(?P<year>\d+):(?P<week>\d+)"
    r"(?::(?P<index>\d+):(?P<choice>[0-9tfw]))?",
):
    def __init__(self, ids: str, label: str) -> None:
        super().__init__(
            discord.ui.Button(label=label, style=discord.ButtonStyle.primary, custom_id=f"ch:{ids}")
        )
        self.ids = ids

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> ChallengeButton:
        return cls(match.group(0).removeprefix("ch:"), item.label or "")

    async def callback(self, interaction: discord.Interaction) -> None:
        cog: Challenge = interaction.client.get_cog("Challenge")  # type: ignore[attr-defined,assignment]
        await cog.on_button(interaction, self.ids)


class Challenge(commands.Cog):
    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot
        self.service = bot.app.challenges

    async def cog_load(self) -> None:
        self.loop.start()

    async def cog_unload(self) -> None:
        self.loop.cancel()

    challenge = app_commands.Group(
        name="challenge",
        description="The weekly quiz challenge",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    @challenge.command(name="setup", description="Post a weekly challenge on a schedule")
    @app_commands.describe(
        channel="Where to post it",
        weekday="The day it is posted",
        time="The time it is posted, HH:MM (24 h)",
        timezone="The server's time zone, e.g. Europe/London",
        questions="How many questions (1-20)",
    )
    @app_commands.choices(weekday=WEEKDAY_CHOICES)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def setup(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        weekday: str,
        time: str,
        timezone: str,
        questions: app_commands.Range[int, 1, 20] = 5,
    ) -> None:
        assert interaction.guild_id is not None
        schedule = await self.service.setup(
            interaction.guild_id, channel.id, weekday, time, timezone, questions
        )
        await interaction.response.send_message(
            f"The weekly challenge will be posted in {channel.mention} every "
            f"{WEEKDAYS[schedule.weekday].title()} at {schedule.at:%H:%M} ({schedule.timezone}), "
            f"{schedule.questions} questions, open for {schedule.hours_open} hours.",
            ephemeral=True,
            allowed_mentions=SAFE_MENTIONS,
        )

    @challenge.command(name="status", description="The challenge's schedule")
    async def status(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        schedule = await self.service.schedule(interaction.guild_id)
        if schedule is None:
            text = "No weekly challenge is set up: `/challenge setup`."
        else:
            week = schedule.week_of(self.bot.app.clock())
            opens = int(schedule.opens(week).timestamp())
            text = (
                f"Every {WEEKDAYS[schedule.weekday].title()} at {schedule.at:%H:%M} "
                f"({schedule.timezone}) in <#{schedule.channel_id}>, {schedule.questions} "
                f"questions. This week's opens <t:{opens}:F>."
            )
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=SAFE_MENTIONS
        )

    @challenge.command(name="disable", description="Stop posting the weekly challenge")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def disable(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        stopped = await self.service.disable(interaction.guild_id)
        await interaction.response.send_message(
            "The weekly challenge is off." if stopped else "No weekly challenge was on.",
            ephemeral=True,
        )

    @challenge.command(name="post-now", description="Post this week's challenge now")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def post_now(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        schedule, post = await self.service.post_now(interaction.guild_id)
        await self._post(schedule.channel_id, post)
        await interaction.response.send_message(
            f"Posted in <#{schedule.channel_id}>.", ephemeral=True, allowed_mentions=SAFE_MENTIONS
        )

    def _channel(self, channel_id: int) -> discord.abc.Messageable:
        found = self.bot.get_channel(channel_id)
        if isinstance(found, discord.abc.Messageable):
            return found
        return self.bot.get_partial_messageable(channel_id)

    async def _post(self, channel_id: int, post: ChallengePost) -> None:
        channel = self._channel(channel_id)
        message = await channel.send(**announcement(post))
        await self.service.set_message(post, message.id)

    @tasks.loop(seconds=60)
    async def loop(self) -> None:
        for schedule, post in await self.service.due_posts():
            try:
                await self._post(schedule.channel_id, post)
            except discord.HTTPException:
                log.exception("could not post the challenge in guild %s", schedule.guild_id)
        for post, results in await self.service.due_closes():
            schedule = await self.service.schedule(post.guild_id)
            if schedule is None:
                continue
            try:
                await self._channel(schedule.channel_id).send(
                    embed=results_embed(post, results), allowed_mentions=SAFE_MENTIONS
                )
            except discord.HTTPException:
                log.exception("could not post results in guild %s", post.guild_id)

    @loop.before_loop
    async def before_loop(self) -> None:
        await self.bot.wait_until_ready()

    async def on_button(self, interaction: discord.Interaction, ids: str) -> None:
        parts = ids.split(":")
        action, guild_id, week = parts[0], int(parts[1]), (int(parts[2]), int(parts[3]))
        if action == "start":

            async def start() -> None:
                turn = await self.service.start(guild_id, interaction.user.id, week)
                await interaction.response.send_message(
                    **question_message(turn, interaction.user.id), ephemeral=True
                )

            await report_user_errors(interaction, start())
            return
        index, choice = int(parts[4]), parts[5]
        if choice == "w":
            await interaction.response.send_modal(
                AnswerModal(
                    "Your answer",
                    "Type it here",
                    lambda i, text: self._answer(i, guild_id, week, index, text),
                )
            )
            return
        given = {"t": "true", "f": "false"}.get(choice) or LETTERS[int(choice)]
        await report_user_errors(
            interaction, self._answer(interaction, guild_id, week, index, given)
        )

    async def _answer(
        self,
        interaction: discord.Interaction,
        guild_id: int,
        week: tuple[int, int],
        index: int,
        given: str,
    ) -> None:
        recorded, question, turn = await self.service.answer(
            guild_id, interaction.user.id, week, index, given
        )
        app = self.bot.app
        verdict = verdict_embed(
            recorded.verdict.correct, question, app.knowledge.source_title(question.source), False
        )
        if turn.question is None:
            done = discord.Embed(
                title="Challenge done",
                description="Your score is saved. Results come when the challenge closes.",
            )
            await interaction.response.edit_message(embeds=[verdict, done], view=None)
            return
        following = question_message(turn, interaction.user.id)
        await interaction.response.edit_message(
            embeds=[verdict, following["embed"]], view=following["view"]
        )


async def setup(bot: DebateBot) -> None:
    await bot.add_cog(Challenge(bot))
