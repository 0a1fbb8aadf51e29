"""/quiz and /streak: practice quizzes with buttons, streaks and per-topic stats.

Answers go through `QuizService`, which records each one once and durably
before the verdict is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.ui.embeds import SAFE_MENTIONS
from bot.ui.quiz_views import (
    BOARDS,
    PAGE_SIZE,
    leaderboard_embed,
    leaderboard_view,
    question_embed,
    question_view,
    verdict_embed,
)

if TYPE_CHECKING:
    from bot.client import DebateBot

DIFFICULTIES = [app_commands.Choice(name=d.title(), value=d) for d in ("easy", "medium", "hard")]


class Quiz(commands.Cog):
    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot
        self.app = bot.app

    quiz = app_commands.Group(
        name="quiz", description="Practice quizzes on globalism and internationalism"
    )

    async def topic_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        topics = sorted({t for q in self.app.knowledge.quiz for t in q.topics})
        return [app_commands.Choice(name=t, value=t) for t in topics if current.lower() in t][:25]

    @quiz.command(name="start", description="A practice quiz; your answers keep your streaks going")
    @app_commands.describe(
        topic="Only questions on this topic",
        count="How many questions (1-20)",
        difficulty="Only questions of this difficulty",
    )
    @app_commands.autocomplete(topic=topic_autocomplete)
    @app_commands.choices(difficulty=DIFFICULTIES)
    async def start(
        self,
        interaction: discord.Interaction,
        topic: str | None = None,
        count: app_commands.Range[int, 1, 20] = 5,
        difficulty: str | None = None,
    ) -> None:
        session = await self.app.quiz.start_practice(
            self.app.knowledge.quiz,
            user_id=interaction.user.id,
            guild_id=interaction.guild_id or 0,
            count=count,
            topic=topic,
            difficulty=difficulty,
        )
        await interaction.response.send_message(
            embed=question_embed(session), view=question_view(session), ephemeral=True
        )

    async def answer(
        self, interaction: discord.Interaction, session_id: str, index: int, given: str
    ) -> None:
        recorded, question, session = await self.app.quiz.answer_current(
            interaction.user.id, session_id, index, given
        )
        verdict = verdict_embed(
            recorded.verdict.correct,
            question,
            self.app.knowledge.source_title(question.source),
            timed_out=recorded.timed_out,
        )
        embeds = [verdict]
        if session.finished:
            embeds.append(
                discord.Embed(
                    title=f"Done: {session.right}/{len(session.questions)} right",
                    description="`/streak show` for your streaks, `/quiz stats` for your topics.",
                )
            )
            await interaction.response.edit_message(embeds=embeds, view=None)
            return
        embeds.append(question_embed(session))
        await interaction.response.edit_message(embeds=embeds, view=question_view(session))

    @quiz.command(name="time-limit", description="Seconds to answer each question (admins)")
    @app_commands.describe(seconds="10 to 300 (default 30)")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def time_limit(
        self, interaction: discord.Interaction, seconds: app_commands.Range[int, 10, 300]
    ) -> None:
        assert interaction.guild_id is not None
        await self.app.quiz.set_question_seconds(interaction.guild_id, seconds)
        await interaction.response.send_message(
            f"Quiz questions on this server now allow {seconds} s.", ephemeral=True
        )

    @quiz.command(name="stats", description="Your accuracy per topic, weakest first")
    async def stats(self, interaction: discord.Interaction) -> None:
        rows = await self.app.quiz.topic_accuracy(
            interaction.user.id, interaction.guild_id or 0, self.app.knowledge.quiz_by_id
        )
        if not rows:
            text = "No answers yet: try `/quiz start`."
        else:
            text = "\n".join(f"**{t}**: {r}/{n} ({r / n:.0%})" for t, r, n in rows[:15])
            text += f"\n\nWeakest: {', '.join(t for t, _, _ in rows[:3])}."
        embed = discord.Embed(title="Quiz stats", description=text)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="leaderboard", description="This server's quiz leaderboard")
    @app_commands.describe(board="Which leaderboard")
    @app_commands.choices(
        board=[
            app_commands.Choice(name="This week's challenge", value="weekly"),
            app_commands.Choice(name="All-time correct answers", value="all-time"),
            app_commands.Choice(name="Best streaks", value="streak"),
        ]
    )
    @app_commands.guild_only()
    async def leaderboard(self, interaction: discord.Interaction, board: str = "all-time") -> None:
        embed, view = await self.leaderboard_page(interaction.guild_id or 0, board, 0)
        await interaction.response.send_message(
            embed=embed, view=view, allowed_mentions=SAFE_MENTIONS
        )

    async def leaderboard_page(
        self, guild_id: int, board: str, page: int
    ) -> tuple[discord.Embed, discord.ui.View]:
        by, _ = BOARDS[board]
        if by == "weekly":
            week = await self.app.store.last_challenge_week(guild_id)
            everyone = await self.app.store.challenge_results(guild_id, week) if week else []
            rows, total = everyone[page * PAGE_SIZE : (page + 1) * PAGE_SIZE], len(everyone)
        else:
            rows, total = await self.app.store.leaderboard(
                guild_id, by, offset=page * PAGE_SIZE, limit=PAGE_SIZE
            )
        return leaderboard_embed(board, rows, total, page), leaderboard_view(board, page, total)

    streak = app_commands.Group(name="streak", description="Quiz streaks")

    @streak.command(name="show", description="Streaks: correct answers in a row, daily practice")
    @app_commands.describe(member="Whose streaks (default: yours)")
    async def show(
        self, interaction: discord.Interaction, member: discord.Member | None = None
    ) -> None:
        who = member or interaction.user
        view = await self.app.quiz.streak(who.id, interaction.guild_id or 0)
        s = view.state
        embed = discord.Embed(title=f"Streaks: {who.display_name}")
        embed.add_field(
            name="Correct in a row", value=f"{s.current_correct} (best {s.best_correct})"
        )
        embed.add_field(
            name="Daily practice", value=f"{view.daily_now} day(s) (best {s.daily_best})"
        )
        embed.add_field(name="Freezes", value=f"{s.freezes}/2")
        embed.add_field(
            name="Weekly challenge", value=f"{view.weekly_now} week(s) (best {s.weekly_best})"
        )
        embed.set_footer(
            text=f"Days counted in {view.timezone} · {s.answers} answers, {s.correct} right"
        )
        await interaction.response.send_message(embed=embed, allowed_mentions=SAFE_MENTIONS)

    @streak.command(name="timezone", description="Your time zone, so days count from your midnight")
    @app_commands.describe(name="An IANA time zone, e.g. Europe/London or America/New_York")
    async def timezone(self, interaction: discord.Interaction, name: str) -> None:
        zone = await self.app.quiz.set_timezone(interaction.user.id, name)
        await interaction.response.send_message(
            f"Your days now count in {zone}.", ephemeral=True, allowed_mentions=SAFE_MENTIONS
        )


async def setup(bot: DebateBot) -> None:
    await bot.add_cog(Quiz(bot))
